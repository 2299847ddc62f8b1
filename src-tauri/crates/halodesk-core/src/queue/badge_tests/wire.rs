//! From Halo's JSON to an assessment: the tickets are decoded by `halopsa` from a loopback
//! server, so its reading of sentinel dates, zoneless times and `"I"` / `"O"` is what the
//! engine sees.

use std::time::Duration;

use halopsa::{ClientOptions, Credentials, HaloClient, InstanceUrl, Secret, TicketDetail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use halodesk_sla::{AtRiskRule, SlaState, SlaTarget, assess};

use super::{H, M, at, badge, secs};
use crate::ipc::SlaBadgeState;
use crate::queue::CachedTicket;

/// Tickets as a real instance sends them, by ID.
const TICKETS: &[&str] = &[
    // 1: an SLA whose deadlines are not set yet: every date is one of the two sentinels.
    r#"{"id":1,"summary":"New","sla_id":1,"respondbydate":"1900-01-01T00:00:00",
        "responsedate":"0001-01-01T00:00:00","fixbydate":"1900-01-01T00:00:00",
        "deadlinedate":"0001-01-01T00:00:00","dateclosed":"1900-01-01T00:00:00",
        "slastate":"","slaresponsestate":"","onhold":false}"#,
    // 2: no SLA at all (`sla_id` 0), sentinels, no states.
    r#"{"id":2,"summary":"No SLA","sla_id":0,"respondbydate":"1900-01-01T00:00:00",
        "fixbydate":"0001-01-01T00:00:00","dateclosed":"0001-01-01T00:00:00"}"#,
    // 3: unanswered; zoneless response deadline; the fix only in `deadlinedate`, with a `Z`.
    r#"{"id":3,"summary":"Unanswered","sla_id":1,"respondbydate":"2026-03-02T10:00:00",
        "responsedate":"1900-01-01T00:00:00","fixbydate":"1900-01-01T00:00:00",
        "deadlinedate":"2026-03-02T13:00:00Z","slaresponsestate":"I","slastate":"I"}"#,
    // 4: answered in time; Halo says the fix is outside its target with time still left.
    r#"{"id":4,"summary":"Flagged","sla_id":1,"respondbydate":"2026-03-02T10:00:00",
        "responsedate":"2026-03-02T09:10:00","fixbydate":"2026-03-02T13:00:00",
        "slaresponsestate":"I","slastate":"O"}"#,
    // 5: closed an hour late.
    r#"{"id":5,"summary":"Closed","sla_id":1,"status_id":9,"respondbydate":"2026-03-02T10:00:00",
        "responsedate":"2026-03-02T09:10:00","fixbydate":"2026-03-02T13:00:00",
        "dateclosed":"2026-03-02T14:00:00","slaresponsestate":"I","slastate":"O"}"#,
    // 6: on hold, with the flag as a string.
    r#"{"id":6,"summary":"Held","sla_id":1,"respondbydate":"2026-03-02T10:00:00",
        "responsedate":"2026-03-02T09:10:00","fixbydate":"2026-03-02T11:00:00","onhold":"true"}"#,
    // 7: excluded from SLAs, though Halo still sends deadlines.
    r#"{"id":7,"summary":"Excluded","sla_id":1,"respondbydate":"2026-03-02T10:00:00",
        "fixbydate":"2026-03-02T13:00:00","excludefromsla":true,"slaresponsestate":"O"}"#,
];

/// Answers one request on `socket`: no `/api/authinfo` (so the usual `/auth`), a token, and
/// `GET /api/Tickets/{id}` from [`TICKETS`].
async fn answer(mut socket: TcpStream) {
    let mut request = Vec::new();
    let mut chunk = [0_u8; 4096];
    let head_end = loop {
        let read = socket.read(&mut chunk).await.unwrap();
        assert!(read > 0, "the client hung up mid-request");
        request.extend_from_slice(&chunk[..read]);
        if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .map_or(0, |n| n.trim().parse().unwrap());
    while request.len() < head_end + length {
        let read = socket.read(&mut chunk).await.unwrap();
        request.extend_from_slice(&chunk[..read]);
    }
    let path = head
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let ticket = path
        .strip_prefix("/api/tickets/")
        .and_then(|rest| rest.split('?').next()?.parse::<usize>().ok())
        .and_then(|id| TICKETS.get(id.checked_sub(1)?));
    let (status, body) = match (path.as_str(), ticket) {
        (_, Some(ticket)) => ("200 OK", (*ticket).to_owned()),
        (p, _) if p.starts_with("/auth/token") => (
            "200 OK",
            r#"{"access_token":"t","token_type":"Bearer","expires_in":3600}"#.to_owned(),
        ),
        _ => ("404 Not Found", String::new()),
    };
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    socket.write_all(reply.as_bytes()).await.unwrap();
    socket.shutdown().await.unwrap();
}

/// Every ticket in [`TICKETS`], as `halopsa` decodes it and the cache keeps it.
async fn fetched() -> Vec<CachedTicket> {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            tokio::spawn(answer(socket));
        }
    });
    let credentials = Credentials::ClientSecret {
        client_id: "halodesk".into(),
        client_secret: Secret::new("secret"),
    };
    let instance = InstanceUrl::parse(&base).unwrap();
    let client = HaloClient::connect(instance, credentials, ClientOptions::default())
        .await
        .unwrap();
    let mut tickets = Vec::new();
    for id in 1..=i32::try_from(TICKETS.len()).unwrap() {
        let ticket = client.ticket(id, TicketDetail::default()).await.unwrap();
        tickets.push(CachedTicket::from(&ticket));
    }
    server.abort();
    tickets
}

#[tokio::test]
async fn halo_json_to_assessment_end_to_end() {
    let tickets = tokio::time::timeout(Duration::from_secs(20), fetched())
        .await
        .unwrap();
    let now = at("2026-03-02T09:30:00Z");
    let rule = AtRiskRule::default();
    let of = |id: usize| {
        let ticket = &tickets[id - 1];
        // Status 9 is the closing one in this instance.
        assess(
            &ticket.sla_facts(),
            ticket.status_id == Some(9),
            None,
            now,
            &rule,
        )
    };

    // Sentinels are no dates: an SLA that has not started, not a breach in 1900.
    let sentinels = of(1);
    assert_eq!(tickets[0].respond_by, None);
    assert_eq!(tickets[0].closed_at, None);
    assert_eq!(
        (sentinels.response, sentinels.resolution),
        (SlaState::NotStarted, SlaState::NotStarted)
    );
    let shown = badge(&tickets[0], false, now, &rule);
    assert_eq!(
        (shown.state, shown.target, shown.due_at),
        (SlaBadgeState::NotStarted, None, None)
    );
    assert_eq!(
        (of(2).response, of(2).resolution),
        (SlaState::None, SlaState::None)
    );

    // Zoneless times are UTC; the fix target falls back on `deadlinedate`.
    let unanswered = of(3);
    assert_eq!(unanswered.current_target(), SlaTarget::Response);
    assert_eq!(unanswered.response, SlaState::AtRisk { left: secs(30 * M) });
    assert_eq!(
        unanswered.resolution,
        SlaState::OnTrack {
            left: secs(3 * H + 30 * M)
        }
    );

    // `"O"` with time left is a breach by zero.
    let flagged = of(4);
    assert_eq!(
        (flagged.response, flagged.resolution),
        (SlaState::Met, SlaState::Breached { by: secs(0) })
    );

    let closed = of(5);
    assert_eq!(closed.current_target(), SlaTarget::Resolution);
    assert_eq!(
        (closed.response, closed.resolution),
        (SlaState::Met, SlaState::Breached { by: secs(H) })
    );

    assert_eq!(of(6).resolution, SlaState::Paused);
    assert_eq!(
        (of(7).response, of(7).resolution),
        (SlaState::None, SlaState::None)
    );
}
