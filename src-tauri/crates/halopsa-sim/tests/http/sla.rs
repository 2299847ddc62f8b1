use std::time::Duration;

use halopsa_sim::SimConfig;
use serde_json::{Value, json};

use crate::support::{Session, quiet, start};

/// Freezes the clock at 09:00 and logs a ticket for client 1 with the given priority.
async fn ticket_at_nine(s: &Session, summary: &str, priority_id: i32) -> Value {
    s.sim
        .control(
            "clock",
            json!({ "freeze": true, "set": "2026-06-01T09:00:00Z" }),
        )
        .await
        .unwrap();
    s.create_ticket(json!({ "summary": summary, "client_id": 1, "priority_id": priority_id }))
        .await
}

/// Tokens that outlive the hours these tests move the clock by.
fn long_lived() -> SimConfig {
    SimConfig {
        token_lifetime: Duration::from_secs(7 * 86_400),
        ..quiet()
    }
}

#[tokio::test]
async fn deadlines_come_from_the_priority_policy_at_creation() {
    let s = start(quiet()).await;
    let t = ticket_at_nine(&s, "Outage", 1).await;
    assert_eq!(t["datecreated"], "2026-06-01T09:00:00");
    assert_eq!(t["respondbydate"], "2026-06-01T09:15:00");
    assert_eq!(t["fixbydate"], "2026-06-01T10:00:00");
    assert_eq!(t["slaresponsestate"], "I");
    assert_eq!(t["slastate"], "I");
}

#[tokio::test]
async fn a_holding_status_pauses_the_sla_and_resuming_moves_the_deadlines() {
    let s = start(long_lived()).await;
    let t = ticket_at_nine(&s, "Hold me", 2).await;
    let id = t["id"].as_i64().unwrap();
    let path = format!("/api/Tickets/{id}");

    s.sim
        .control("clock", json!({ "advance_secs": 1800 }))
        .await
        .unwrap();
    s.post("/api/Tickets", &json!([{ "id": id, "status_id": 5 }]))
        .await;
    s.sim
        .control("clock", json!({ "advance_secs": 7200 }))
        .await
        .unwrap();
    let held = s.json(&path).await;
    assert_eq!(held["onhold"], true);
    assert_eq!(held["slastate"], "I", "the clock stood still while on hold");
    assert_eq!(held["slatimeleft"], 3.5);

    s.post("/api/Tickets", &json!([{ "id": id, "status_id": 2 }]))
        .await;
    let resumed = s.json(&path).await;
    assert_eq!(resumed["onhold"], false);
    assert_eq!(resumed["slaholdtime"], 2.0);
    assert_eq!(resumed["fixbydate"], "2026-06-01T15:00:00");

    s.sim
        .control("clock", json!({ "advance_secs": 4 * 3600 }))
        .await
        .unwrap();
    let breached = s.json(&format!("{path}?includeslatimer=true")).await;
    assert_eq!(breached["slastate"], "O");
    assert_eq!(breached["slaresponsestate"], "O", "never responded to");
    assert!(breached["slatimeleft"].as_f64().unwrap() < 0.0);
}

#[tokio::test]
async fn the_seeded_queue_has_every_sla_state() {
    let s = start(quiet()).await;
    let open = s
        .json("/api/Tickets?open_only=true&includeslatimer=true")
        .await;
    let rows = open["tickets"].as_array().unwrap();
    assert!(rows.iter().any(|t| t["slastate"] == "O"), "breached");
    assert!(rows.iter().any(|t| t["onhold"] == true), "paused");
    assert!(
        rows.iter().any(|t| t["onhold"] == false
            && t["slastate"] == "I"
            && t["slatimeleft"].as_f64().is_some_and(|h| h <= 1.0)),
        "at risk"
    );
    assert!(
        rows.iter()
            .any(|t| t["slatimeleft"].as_f64().is_some_and(|h| h > 1.0)),
        "on track"
    );
    let hostile = s
        .json("/api/Tickets?search=halodeskPwned&includedetails=true")
        .await;
    assert!(
        hostile["record_count"].as_u64().unwrap() >= 1,
        "hostile ticket bodies are seeded"
    );
}

#[tokio::test]
async fn a_reply_during_a_hold_and_a_reopen_do_not_count_the_paused_time() {
    let s = start(long_lived()).await;
    // High: respond within 1 hour, fix within 4.
    let t = ticket_at_nine(&s, "Paused", 2).await;
    let id = t["id"].as_i64().unwrap();
    let path = format!("/api/Tickets/{id}");

    s.sim
        .control("clock", json!({ "advance_secs": 1800 }))
        .await
        .unwrap();
    s.post("/api/Tickets", &json!([{ "id": id, "status_id": 4 }]))
        .await;
    s.sim
        .control("clock", json!({ "advance_secs": 5400 }))
        .await
        .unwrap();
    s.post("/api/Actions", &json!([{ "ticket_id": id, "outcome": "Customer Update", "note": "Still waiting on the part" }])).await;
    assert_eq!(
        s.json(&path).await["slaresponsestate"],
        "I",
        "only 30 SLA minutes had passed"
    );

    s.post("/api/Tickets", &json!([{ "id": id, "status_id": 9 }]))
        .await;
    s.sim
        .control("clock", json!({ "advance_secs": 2 * 86_400 }))
        .await
        .unwrap();
    s.post("/api/Tickets", &json!([{ "id": id, "status_id": 2 }]))
        .await;
    let reopened = s.json(&path).await;
    assert_eq!(
        reopened["slastate"], "I",
        "two days closed do not count: {reopened}"
    );
    assert_eq!(reopened["dateclosed"], "1900-01-01T00:00:00");
}
