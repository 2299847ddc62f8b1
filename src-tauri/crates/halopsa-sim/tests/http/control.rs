use halopsa_sim::{RateLimit, SimConfig};
use serde_json::json;

use crate::support::{quiet, start};

#[tokio::test]
async fn the_301st_request_within_5_minutes_answers_429() {
    let config = SimConfig {
        rate_limit: Some(RateLimit::default()),
        ..quiet()
    };
    let s = start(config).await;
    s.control("/_sim/clock", &json!({ "freeze": true })).await;
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

    s.control("/_sim/clock", &json!({ "advance_secs": 300 }))
        .await;
    assert_eq!(
        s.get("/api/Status").await.status(),
        200,
        "the window rolled on"
    );
}

#[tokio::test]
async fn retry_after_can_be_left_out() {
    let s = start(quiet()).await;
    s.control(
        "/_sim/rate-limit",
        &json!({ "enabled": true, "requests": 2, "window_secs": 300, "retry_after": false }),
    )
    .await;
    s.get("/api/Status").await;
    s.get("/api/Status").await;
    let limited = s.get("/api/Status").await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().get("retry-after").is_none());
    s.control("/_sim/rate-limit", &json!({ "enabled": false }))
        .await;
    assert_eq!(s.get("/api/Status").await.status(), 200);
}

#[tokio::test]
async fn faults_inject_errors_drops_latency_and_forced_429s() {
    let s = start(quiet()).await;
    s.control(
        "/_sim/faults",
        &json!({ "error_rate": 1.0, "error_status": 503 }),
    )
    .await;
    assert_eq!(s.get("/api/Status").await.status(), 503);

    s.control("/_sim/faults", &json!({ "drop_rate": 1.0 }))
        .await;
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

    s.control("/_sim/faults", &json!({ "force_429": 2 })).await;
    assert_eq!(s.get("/api/Status").await.status(), 429);
    assert_eq!(s.get("/api/Status").await.status(), 429);
    assert_eq!(s.get("/api/Status").await.status(), 200);

    s.control("/_sim/faults", &json!({ "latency_ms": 150 }))
        .await;
    let started = std::time::Instant::now();
    assert_eq!(s.get("/api/Status").await.status(), 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(150));

    let cleared = s.http.delete(s.url("/_sim/faults")).send().await.unwrap();
    assert_eq!(cleared.status(), 204);
}

#[tokio::test]
async fn faults_can_be_limited_to_named_routes() {
    let s = start(quiet()).await;
    s.control(
        "/_sim/faults",
        &json!({ "error_rate": 1.0, "error_status": 503, "routes": ["GET /api/Tickets/{id}"] }),
    )
    .await;
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
    let stats = s.stats().await;
    assert_eq!(stats["by_route"]["GET /api/Tickets/{id}"], 2);
    assert_eq!(stats["by_route"]["POST /api/Tickets"], 1);
    assert_eq!(stats["by_route"]["POST /auth/token"], 1);
    assert_eq!(
        stats["log"].as_array().unwrap().last().unwrap()["status"],
        201
    );

    s.control("/_sim/reset", &json!({})).await;
    let stats = s.stats().await;
    assert_eq!(stats["total"], 0);
    // Tokens are gone and the data is back to the seed.
    assert_eq!(s.get("/api/Tickets").await.status(), 401);
}

#[tokio::test]
async fn the_clock_freezes_advances_and_speeds_up() {
    let s = start(quiet()).await;
    let frozen = s.control("/_sim/clock", &json!({ "freeze": true })).await;
    assert_eq!(frozen["frozen"], true);
    let later = s
        .control("/_sim/clock", &json!({ "advance_secs": 3600 }))
        .await;
    let a: jiff::Timestamp = frozen["now"].as_str().unwrap().parse().unwrap();
    let b: jiff::Timestamp = later["now"].as_str().unwrap().parse().unwrap();
    assert_eq!(b.duration_since(a), jiff::SignedDuration::from_hours(1));
    let fast = s
        .control("/_sim/clock", &json!({ "freeze": false, "speed": 600.0 }))
        .await;
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
