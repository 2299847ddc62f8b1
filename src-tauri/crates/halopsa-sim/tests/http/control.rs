use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use halopsa_sim::{ControlError, RateLimit, SimConfig};
use serde_json::json;

use crate::support::{quiet, start};

#[tokio::test]
async fn the_301st_request_within_5_minutes_answers_429() {
    let config = SimConfig {
        rate_limit: Some(RateLimit::default()),
        ..quiet()
    };
    let s = start(config).await;
    s.sim
        .control("clock", json!({ "freeze": true }))
        .await
        .unwrap();
    // The token request was the first of the 300.
    for n in 2..=300 {
        assert_eq!(s.get("/api/Status").await.status(), 200, "request {n}");
    }
    let limited = s.get("/api/Status").await;
    assert_eq!(limited.status(), 429);
    let retry: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=300).contains(&retry));
    assert_eq!(
        limited.text().await.unwrap(),
        "Rate Limit Reached - 300 Requests per rolling 5 minute window"
    );

    s.sim
        .control("clock", json!({ "advance_secs": 300 }))
        .await
        .unwrap();
    assert_eq!(
        s.get("/api/Status").await.status(),
        200,
        "the window rolled on"
    );
}

#[tokio::test]
async fn retry_after_can_be_left_out() {
    let s = start(quiet()).await;
    s.sim
        .control(
            "rate-limit",
            json!({ "enabled": true, "requests": 2, "window_secs": 300, "retry_after": false }),
        )
        .await
        .unwrap();
    s.get("/api/Status").await;
    s.get("/api/Status").await;
    let limited = s.get("/api/Status").await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().get("retry-after").is_none());
    s.sim
        .control("rate-limit", json!({ "enabled": false }))
        .await
        .unwrap();
    assert_eq!(s.get("/api/Status").await.status(), 200);
}

#[tokio::test]
async fn faults_inject_errors_drops_latency_and_forced_429s() {
    let s = start(quiet()).await;
    s.sim
        .control("faults", json!({ "error_rate": 1.0, "error_status": 503 }))
        .await
        .unwrap();
    assert_eq!(s.get("/api/Status").await.status(), 503);

    s.sim
        .control("faults", json!({ "drop_rate": 1.0 }))
        .await
        .unwrap();
    let dropped = s
        .http
        .get(s.url("/api/Status"))
        .bearer_auth(&s.token)
        .send()
        .await;
    let failed = match dropped {
        Err(_) => true,
        Ok(response) => response.bytes().await.is_err(),
    };
    assert!(failed, "a dropped connection must fail on the client");

    s.sim
        .control("faults", json!({ "force_429": 2 }))
        .await
        .unwrap();
    assert_eq!(s.get("/api/Status").await.status(), 429);
    assert_eq!(s.get("/api/Status").await.status(), 429);
    assert_eq!(s.get("/api/Status").await.status(), 200);

    s.sim
        .control("faults", json!({ "latency_ms": 150 }))
        .await
        .unwrap();
    let started = std::time::Instant::now();
    assert_eq!(s.get("/api/Status").await.status(), 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(150));

    let cleared = s.http.delete(s.url("/_sim/faults")).send().await.unwrap();
    assert_eq!(cleared.status(), 204);
}

#[tokio::test]
async fn faults_can_be_limited_to_named_routes() {
    let s = start(quiet()).await;
    s.sim
        .control(
            "faults",
            json!({ "error_rate": 1.0, "error_status": 503, "routes": ["GET /api/Tickets/{id}"] }),
        )
        .await
        .unwrap();
    assert_eq!(s.get("/api/Tickets/1").await.status(), 503);
    assert_eq!(s.get("/api/Tickets").await.status(), 200);
    assert_eq!(s.get("/api/Status").await.status(), 200);
}

#[tokio::test]
async fn counters_log_and_reset() {
    let s = start(quiet()).await;
    s.get("/api/Tickets/1").await;
    s.get("/api/Tickets/2").await;
    s.post(
        "/api/Tickets",
        &json!([{ "summary": "new", "client_id": 1 }]),
    )
    .await;
    let stats = s.sim.stats().await.unwrap();
    assert_eq!(stats["by_route"]["GET /api/Tickets/{id}"], 2);
    assert_eq!(stats["by_route"]["POST /api/Tickets"], 1);
    assert_eq!(stats["by_route"]["POST /auth/token"], 1);
    assert_eq!(
        stats["log"].as_array().unwrap().last().unwrap()["status"],
        201
    );

    s.sim.control("reset", json!({})).await.unwrap();
    let stats = s.sim.stats().await.unwrap();
    assert_eq!(stats["total"], 0);
    // Tokens are gone and the data is back to the seed.
    assert_eq!(s.get("/api/Tickets").await.status(), 401);
}

#[tokio::test]
async fn the_clock_freezes_advances_and_speeds_up() {
    let s = start(quiet()).await;
    let frozen = s
        .sim
        .control("clock", json!({ "freeze": true }))
        .await
        .unwrap();
    assert_eq!(frozen["frozen"], true);
    let later = s
        .sim
        .control("clock", json!({ "advance_secs": 3600 }))
        .await
        .unwrap();
    let a: DateTime<Utc> = frozen["now"].as_str().unwrap().parse().unwrap();
    let b: DateTime<Utc> = later["now"].as_str().unwrap().parse().unwrap();
    assert_eq!(b - a, TimeDelta::hours(1));
    let fast = s
        .sim
        .control("clock", json!({ "freeze": false, "speed": 600.0 }))
        .await
        .unwrap();
    assert_eq!(fast["speed"], 600.0);
}

#[tokio::test]
async fn clock_settings_that_would_break_date_arithmetic_are_refused() {
    let s = start(quiet()).await;
    for body in [
        json!({ "set": "9999-01-01T00:00:00Z" }),
        json!({ "advance_secs": 1e15 }),
    ] {
        let response = s
            .http
            .post(s.url("/_sim/clock"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{body}");
    }
    assert_eq!(s.get("/api/Tickets?count=1").await.status(), 200);
}

#[tokio::test]
async fn the_handle_reports_a_refused_control_with_its_status() {
    let s = start(quiet()).await;
    let refused = s
        .sim
        .control("clock", json!({ "set": "9999-01-01T00:00:00Z" }))
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, ControlError::Refused { status: 400, .. }),
        "{refused}"
    );
    assert!(
        refused
            .to_string()
            .contains("between the years 1970 and 9000")
    );
    let unknown = s.sim.control("weather", json!({})).await.unwrap_err();
    assert!(
        matches!(&unknown, ControlError::Refused { status: 404, .. }),
        "{unknown}"
    );
}

/// The binary and the end-to-end tests drive the controls over HTTP, the handle in process:
/// both reach the same routes.
#[tokio::test]
async fn the_controls_answer_over_http_what_they_answer_through_the_handle() {
    let s = start(quiet()).await;
    let plan = json!({ "latency_ms": 1, "routes": ["GET /api/Status"] });
    let over_http: serde_json::Value = s
        .http
        .post(s.url("/_sim/faults"))
        .json(&plan)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(over_http, s.sim.control("faults", plan).await.unwrap());

    s.get("/api/Status").await;
    let stats: serde_json::Value = s
        .http
        .get(s.url("/_sim/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["by_route"]["GET /api/Status"], 1);
    assert_eq!(stats, s.sim.stats().await.unwrap());

    let reset = s.http.post(s.url("/_sim/reset")).send().await.unwrap();
    assert_eq!(reset.status(), 204);
    assert_eq!(s.sim.stats().await.unwrap()["total"], 0);
}

/// Sends `body` to `POST /api/Actions` and says whether the client failed to read the answer.
async fn post_action_fails(s: &crate::support::Session, body: &serde_json::Value) -> bool {
    let sent = s
        .http
        .post(s.url("/api/Actions"))
        .bearer_auth(&s.token)
        .json(body)
        .send()
        .await;
    match sent {
        Err(_) => true,
        Ok(response) => response.bytes().await.is_err(),
    }
}

/// How many of the ticket's actions carry `note`.
async fn actions_with_note(s: &crate::support::Session, ticket: i64, note: &str) -> usize {
    let list = s.json(&format!("/api/Actions?ticket_id={ticket}")).await;
    list["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["note"].as_str().is_some_and(|n| n.contains(note)))
        .count()
}

#[tokio::test]
async fn drop_after_carries_out_the_write_but_loses_the_answer() {
    let s = start(quiet()).await;
    let ticket = s
        .create_ticket(json!({ "summary": "Lost answers", "client_id": 1 }))
        .await;
    let id = ticket["id"].as_i64().unwrap();
    s.sim
        .control(
            "faults",
            json!({ "drop_after_rate": 1.0, "routes": ["POST /api/Actions"] }),
        )
        .await
        .unwrap();
    let note = "written but never answered";
    assert!(
        post_action_fails(
            &s,
            &json!([{ "ticket_id": id, "outcome": "investigation", "note": note }])
        )
        .await,
        "the answer must be lost"
    );
    // Other routes are untouched, and the write happened exactly once.
    assert_eq!(actions_with_note(&s, id, note).await, 1);
    let stats = s.sim.stats().await.unwrap();
    let logged = stats["log"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["method"] == "POST" && r["path"] == "/api/Actions")
        .unwrap()
        .clone();
    assert_eq!(logged["status"], 201, "the log keeps the handler's status");
    assert_eq!(stats["dropped_answers"], 1);

    s.sim
        .control(
            "faults",
            json!({ "drop_rate": 1.0, "routes": ["POST /api/Actions"] }),
        )
        .await
        .unwrap();
    let never = "dropped before it was carried out";
    assert!(
        post_action_fails(
            &s,
            &json!([{ "ticket_id": id, "outcome": "investigation", "note": never }])
        )
        .await
    );
    assert_eq!(actions_with_note(&s, id, never).await, 0);
    assert_eq!(actions_with_note(&s, id, note).await, 1);
    let stats = s.sim.stats().await.unwrap();
    assert_eq!(
        stats["dropped_answers"], 1,
        "only answers to work carried out"
    );
}

#[tokio::test]
async fn drop_after_is_part_of_the_plan() {
    let s = start(quiet()).await;
    let plan = s
        .sim
        .control("faults", json!({ "drop_after_rate": 0.25 }))
        .await
        .unwrap();
    assert_eq!(plan["drop_after_rate"], 0.25);
    assert_eq!(plan["drop_rate"], 0.0);
    let read: serde_json::Value = s
        .http
        .get(s.url("/_sim/faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["drop_after_rate"], 0.25);
}

#[tokio::test]
async fn controls_switched_off_answer_404_over_http_but_still_work_in_process() {
    let s = start(SimConfig {
        http_controls: false,
        ..quiet()
    })
    .await;
    for (method, path) in [
        (reqwest::Method::GET, "/_sim/stats"),
        (reqwest::Method::POST, "/_sim/reset"),
        (reqwest::Method::POST, "/_sim/revoke-tokens"),
        (reqwest::Method::POST, "/_sim/clock"),
    ] {
        let answer = s
            .http
            .request(method.clone(), s.url(path))
            .json(&json!({ "advance_secs": 3600 }))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 404, "{method} {path}");
    }
    // Halo's own paths still answer, and the token still works: nothing was revoked.
    assert_eq!(s.get("/api/Status").await.status(), 200);

    // The holder of the Simulator still drives it.
    s.sim.control("reset", json!({})).await.unwrap();
    let stats = s.sim.stats().await.unwrap();
    assert!(stats.is_object(), "{stats}");
    s.sim.control("revoke-tokens", json!({})).await.unwrap();
    assert_eq!(s.get("/api/Status").await.status(), 401);
}

#[tokio::test]
async fn a_restarted_instance_refuses_connections_while_down_then_has_its_records_and_tokens() {
    let mut s = start(quiet()).await;
    let ticket = s
        .create_ticket(json!({ "summary": "Written before the restart", "client_id": 1 }))
        .await;
    let id = ticket["id"].as_i64().unwrap();
    let url = s.url(&format!("/api/Tickets/{id}"));
    // Fresh connections each time: the restart closes the ones kept alive.
    let get = || async {
        reqwest::Client::new()
            .get(&url)
            .bearer_auth(&s.token)
            .send()
            .await
    };
    let while_down = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        get().await
    };
    let (restarted, during) = tokio::join!(s.sim.restart(Duration::from_secs(1)), while_down);
    restarted.unwrap();
    let refused = during.unwrap_err();
    assert!(refused.is_connect(), "{refused}");

    // The same address, the ticket written before, and the token issued before.
    let after = get().await.unwrap();
    assert_eq!(after.status(), 200);
    let after: serde_json::Value = after.json().await.unwrap();
    assert_eq!(after["summary"], "Written before the restart");
    s.sim.shutdown().await.unwrap();
}
