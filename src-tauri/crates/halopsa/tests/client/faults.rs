//! Every fault the simulator injects: rate limits with and without `Retry-After`, dropped
//! connections, server errors, a missing permission, latency.

use std::time::Duration;

use halopsa::{ClientOptions, Error, RateBudget, RetryPolicy, TicketDetail, TicketQuery};
use serde_json::json;

use crate::support::{
    connect_with, minimal_ticket, options, quiet, route_count, session, start, status_count,
};

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out() {
    let (sim, client) = session().await;
    sim.control(
        "rate-limit",
        json!({ "enabled": true, "requests": 3, "window_secs": 2, "retry_after": true }),
    )
    .await
    .unwrap();
    for id in 1..=6 {
        client.ticket(id, TicketDetail::default()).await.unwrap();
    }
    assert!(
        status_count(&sim, 429).await > 0,
        "the instance did push back"
    );
}

#[tokio::test]
async fn a_429_without_retry_after_backs_off() {
    let (sim, client) = session().await;
    sim.control("faults", json!({ "force_429": 2 }))
        .await
        .unwrap();
    client.statuses().await.unwrap();
    assert_eq!(status_count(&sim, 429).await, 2);
}

#[tokio::test]
async fn writes_are_retried_after_a_429_because_it_was_never_processed() {
    let (sim, client) = session().await;
    let new = minimal_ticket(&client, "Printer jammed").await;
    sim.control("faults", json!({ "force_429": 1 }))
        .await
        .unwrap();
    let created = client.create_ticket(&new).await.unwrap();
    assert!(created.id > 0);
    assert_eq!(route_count(&sim, "POST /api/Tickets").await, 2);
}

#[tokio::test]
async fn a_rate_limit_that_lasts_too_long_is_handed_back_with_the_wait() {
    let (sim, client) = session().await;
    sim.control("faults", json!({ "force_429": 100 }))
        .await
        .unwrap();
    let error = client.statuses().await.unwrap_err();
    let Error::RateLimited { retry_after } = error else {
        panic!("{error:?}");
    };
    assert!(retry_after > Duration::ZERO);
    assert_eq!(
        status_count(&sim, 429).await,
        4,
        "every attempt of the policy"
    );
}

#[tokio::test]
async fn the_governor_keeps_the_client_inside_its_share() {
    let sim = start(halopsa_sim::SimConfig {
        rate_limit: Some(halopsa_sim::RateLimit {
            requests: 5,
            window_secs: 2,
            retry_after: true,
        }),
        ..quiet()
    })
    .await;
    let client = connect_with(
        &sim,
        ClientOptions {
            budget: RateBudget {
                requests: 5,
                window: Duration::from_secs(2),
                share: 1.0,
            },
            ..options()
        },
    )
    .await;
    for id in 1..=12 {
        client.ticket(id, TicketDetail::default()).await.unwrap();
    }
    assert_eq!(
        status_count(&sim, 429).await,
        0,
        "the client held back first"
    );
    assert_eq!(
        status_count(&sim, 200).await,
        14,
        "discovery, a token and twelve tickets"
    );
}

#[tokio::test]
async fn reads_survive_dropped_connections() {
    let (sim, client) = session().await;
    sim.control("faults", json!({ "drop_rate": 0.4 }))
        .await
        .unwrap();
    let tickets = client.all_tickets(&TicketQuery::new(), 2).await.unwrap();
    assert_eq!(tickets.len(), 300);
    sim.control("faults", json!({})).await.unwrap();
}

#[tokio::test]
async fn a_write_whose_connection_drops_may_have_been_saved_and_is_not_repeated() {
    let (sim, client) = session().await;
    let new = minimal_ticket(&client, "Printer jammed").await;
    sim.control("faults", json!({ "drop_rate": 1.0 }))
        .await
        .unwrap();
    let error = client.create_ticket(&new).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::ConnectionLost {
                may_have_applied: true,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("may or may not have been saved"));
    assert_eq!(route_count(&sim, "POST /api/Tickets").await, 1);
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_and_reported_when_they_persist() {
    let (sim, client) = session().await;
    sim.control("faults", json!({ "error_rate": 0.5, "error_status": 503 }))
        .await
        .unwrap();
    for id in 1..=5 {
        client.ticket(id, TicketDetail::default()).await.unwrap();
    }
    sim.control("faults", json!({ "error_rate": 1.0, "error_status": 503 }))
        .await
        .unwrap();
    let error = client.ticket(1, TicketDetail::default()).await.unwrap_err();
    assert!(
        matches!(error, Error::Server { status: 503, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("An error has occurred."));
}

#[tokio::test]
async fn a_server_error_on_a_write_is_not_repeated() {
    let (sim, client) = session().await;
    let new = minimal_ticket(&client, "Printer jammed").await;
    sim.control("faults", json!({ "error_rate": 1.0, "error_status": 500 }))
        .await
        .unwrap();
    let error = client.create_ticket(&new).await.unwrap_err();
    assert!(
        matches!(error, Error::Server { status: 500, .. }),
        "{error:?}"
    );
    assert_eq!(route_count(&sim, "POST /api/Tickets").await, 1);
}

#[tokio::test]
async fn a_missing_permission_is_forbidden_with_halos_hint() {
    let (sim, client) = session().await;
    sim.control("faults", json!({ "error_rate": 1.0, "error_status": 403 }))
        .await
        .unwrap();
    let error = client.agents().await.unwrap_err();
    assert!(matches!(error, Error::Forbidden { .. }), "{error:?}");
    assert!(error.to_string().contains("An error has occurred."));
}

#[tokio::test]
async fn latency_slows_but_does_not_fail_requests() {
    let (sim, client) = session().await;
    sim.control("faults", json!({ "latency_ms": 300 }))
        .await
        .unwrap();
    let started = std::time::Instant::now();
    client.statuses().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn background_requests_wait_while_interactive_ones_go() {
    let sim = start(quiet()).await;
    let client = connect_with(
        &sim,
        ClientOptions {
            budget: RateBudget {
                requests: 10,
                window: Duration::from_secs(2),
                share: 1.0,
            },
            retry: RetryPolicy::default(),
        },
    )
    .await;
    // The token took one request; background work may use 8 of the 10, leaving the reserve.
    let background = client.background();
    for id in 1..=7 {
        background
            .ticket(id, TicketDetail::default())
            .await
            .unwrap();
    }
    let started = std::time::Instant::now();
    client.ticket(20, TicketDetail::default()).await.unwrap();
    client.ticket(21, TicketDetail::default()).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "the reserve served at once"
    );
}

#[tokio::test]
async fn clients_of_one_instance_share_its_budget() {
    let sim = start(quiet()).await;
    let tight = ClientOptions {
        budget: RateBudget {
            requests: 4,
            window: Duration::from_secs(2),
            share: 1.0,
        },
        ..options()
    };
    // Discovery and the token, then two requests: the window is full.
    let first = connect_with(&sim, tight).await;
    first.statuses().await.unwrap();
    first.teams().await.unwrap();
    let started = std::time::Instant::now();
    let second = connect_with(&sim, tight).await;
    second.statuses().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "the second client waited for the first one's window"
    );
    assert_eq!(status_count(&sim, 429).await, 0);
}
