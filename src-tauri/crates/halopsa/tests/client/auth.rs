use std::collections::HashMap;
use std::time::Duration;

use halopsa::{Credentials, Error, HaloClient, InstanceUrl, Secret, TicketDetail};
use serde_json::json;

use crate::support::{
    connect, connect_as, options, quiet, route_count, service_credentials, session, start,
};

#[tokio::test]
async fn client_credentials_sign_in_as_the_applications_agent() {
    let (_sim, client) = session().await;
    assert_eq!(client.me().await.unwrap().name, "Alex Morgan");
    assert!(client.refresh_token().borrow().is_none());
}

#[tokio::test]
async fn a_wrong_secret_is_refused_at_connect() {
    let sim = start(quiet()).await;
    let credentials = Credentials::ClientSecret {
        client_id: "demo".into(),
        client_secret: Secret::new("wrong"),
    };
    let error = connect_as(&sim.base_url(), credentials).await.unwrap_err();
    assert!(matches!(error, Error::BadCredentials { .. }), "{error:?}");
    assert!(error.to_string().contains("client ID and secret"));
}

#[tokio::test]
async fn a_hosted_tenant_is_discovered_and_named_in_token_requests() {
    let sim = start(halopsa_sim::SimConfig {
        tenant: Some("acme".into()),
        ..quiet()
    })
    .await;
    let client = connect(&sim).await;
    assert_eq!(client.auth_server().tenant.as_deref(), Some("acme"));
    assert_eq!(
        client.auth_server().url.as_str(),
        format!("{}/auth", sim.base_url())
    );
    client.statuses().await.unwrap();
}

#[tokio::test]
async fn a_tenant_the_technician_names_is_sent_and_a_wrong_one_is_refused() {
    let sim = start(halopsa_sim::SimConfig {
        tenant: Some("acme".into()),
        ..quiet()
    })
    .await;
    let named = |tenant: &str| {
        InstanceUrl::parse(&sim.base_url())
            .unwrap()
            .with_tenant(Some(tenant))
    };
    let client = HaloClient::connect(named(" acme "), service_credentials(), options())
        .await
        .unwrap();
    assert_eq!(client.auth_server().tenant.as_deref(), Some("acme"));

    let error = HaloClient::connect(named("other"), service_credentials(), options())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::BadCredentials { .. }), "{error:?}");
}

#[tokio::test]
async fn an_expired_token_is_renewed_once_and_the_request_goes_through() {
    let (sim, client) = session().await;
    sim.control("clock", json!({ "advance_secs": 7200 }))
        .await
        .unwrap();
    let ticket = client.ticket(1, TicketDetail::default()).await.unwrap();
    assert_eq!(ticket.id, 1);
    assert_eq!(route_count(&sim, "POST /auth/token").await, 2);
}

#[tokio::test]
async fn parallel_requests_that_meet_a_revoked_token_renew_it_once() {
    let (sim, client) = session().await;
    sim.control("revoke-tokens", json!({})).await.unwrap();
    let requests = (1..=20).map(|id| {
        let client = client.clone();
        tokio::spawn(async move { client.ticket(id, TicketDetail::default()).await })
    });
    for request in requests {
        request.await.unwrap().unwrap();
    }
    assert_eq!(
        route_count(&sim, "POST /auth/token").await,
        2,
        "one sign-in and one renewal"
    );
}

/// Starts a browser sign-in with the simulator's native application.
async fn begin_sign_in(sim: &halopsa_sim::Simulator) -> halopsa::PendingSignIn {
    HaloClient::begin_sign_in(
        InstanceUrl::parse(&sim.base_url()).unwrap(),
        "halodesk",
        options(),
    )
    .await
    .unwrap()
}

/// Plays the browser: follows the authorize page's redirect to the app's loopback listener.
async fn open_in_browser(url: url::Url) -> reqwest::Response {
    reqwest::get(url).await.unwrap()
}

#[tokio::test]
async fn a_browser_sign_in_with_pkce_yields_a_client_that_refreshes() {
    let sim = start(quiet()).await;
    let pending = begin_sign_in(&sim).await;
    let page = open_in_browser(pending.authorize_url().clone());
    let (client, page) = tokio::join!(pending.finish(), page);
    assert!(page.text().await.unwrap().contains("You are signed in"));
    let client = client.unwrap();
    assert!(client.refresh_token().borrow().is_some());
    assert_eq!(client.me().await.unwrap().id, 1);

    sim.control("clock", json!({ "advance_secs": 7200 }))
        .await
        .unwrap();
    client.statuses().await.unwrap();
    assert_eq!(
        route_count(&sim, "POST /auth/token").await,
        2,
        "the code exchange and one refresh"
    );

    // Revoking the application's grants ends the sign-in for good.
    sim.control("revoke-tokens", json!({})).await.unwrap();
    let error = client.statuses().await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized), "{error:?}");
    assert!(error.to_string().contains("Sign in again"));
    assert_eq!(route_count(&sim, "POST /auth/token").await, 3);

    // The refusal is remembered: however many requests follow, Halo is not asked again.
    let (tokens, statuses) = (
        route_count(&sim, "POST /auth/token").await,
        route_count(&sim, "GET /api/Status").await,
    );
    for _ in 0..5 {
        let error = client.statuses().await.unwrap_err();
        assert!(matches!(error, Error::Unauthorized), "{error:?}");
    }
    let error = client.background().me().await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized), "{error:?}");
    assert_eq!(route_count(&sim, "POST /auth/token").await, tokens);
    assert_eq!(route_count(&sim, "GET /api/Status").await, statuses);
}

#[tokio::test]
async fn a_refresh_token_rotated_at_connect_is_reported_to_a_late_subscriber() {
    let sim = start(halopsa_sim::SimConfig {
        rotate_refresh_tokens: true,
        ..quiet()
    })
    .await;
    let pending = begin_sign_in(&sim).await;
    let page = open_in_browser(pending.authorize_url().clone());
    let (signed_in, _) = tokio::join!(pending.finish(), page);
    let stored = signed_in.unwrap().refresh_token().borrow().clone().unwrap();

    // A restart: the kept token signs in, and Halo rotates it in that very renewal.
    let client = connect_as(
        &sim.base_url(),
        Credentials::RefreshToken {
            client_id: "halodesk".into(),
            refresh_token: stored.clone(),
        },
    )
    .await
    .unwrap();
    let mut keeper = client.refresh_token();
    assert!(
        keeper.has_changed().unwrap(),
        "the rotation at connect is news to a keeper subscribing after it"
    );
    let rotated = keeper.borrow_and_update().clone().unwrap();
    assert_ne!(rotated, stored);
    assert!(!keeper.has_changed().unwrap());

    // The old token is dead; the one reported works.
    let old = connect_as(
        &sim.base_url(),
        Credentials::RefreshToken {
            client_id: "halodesk".into(),
            refresh_token: stored,
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(old, Error::Unauthorized), "{old:?}");
    connect_as(
        &sim.base_url(),
        Credentials::RefreshToken {
            client_id: "halodesk".into(),
            refresh_token: rotated,
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_token_that_was_never_rotated_is_no_news() {
    let sim = start(quiet()).await;
    let pending = begin_sign_in(&sim).await;
    let page = open_in_browser(pending.authorize_url().clone());
    let (client, _) = tokio::join!(pending.finish(), page);
    let client = client.unwrap();
    let keeper = client.refresh_token();
    assert!(keeper.borrow().is_some());
    assert!(!keeper.has_changed().unwrap(), "its owner keeps it already");
}

#[tokio::test]
async fn a_redirect_with_another_state_is_answered_404_and_the_wait_goes_on() {
    let sim = start(quiet()).await;
    let pending = begin_sign_in(&sim).await;
    let query: HashMap<_, _> = pending.authorize_url().query_pairs().into_owned().collect();
    let redirect_uri = query["redirect_uri"].clone();
    let authorize_url = pending.authorize_url().clone();
    let finishing = tokio::spawn(pending.finish());
    for forged in [
        format!("{redirect_uri}?code=stolen&state=forged"),
        format!("{redirect_uri}?code=stolen"),
        format!("{redirect_uri}?error=access_denied&state=forged"),
    ] {
        let answer = reqwest::get(&forged).await.unwrap();
        assert_eq!(answer.status(), 404, "{forged}");
    }
    assert!(
        !finishing.is_finished(),
        "still waiting for the real answer"
    );

    let page = open_in_browser(authorize_url).await;
    assert!(page.text().await.unwrap().contains("You are signed in"));
    let client = finishing.await.unwrap().unwrap();
    assert_eq!(client.me().await.unwrap().id, 1);
}

#[tokio::test]
async fn a_refresh_token_that_no_longer_works_asks_for_a_new_sign_in() {
    let sim = start(quiet()).await;
    let credentials = Credentials::RefreshToken {
        client_id: "halodesk".into(),
        refresh_token: Secret::new("long-gone"),
    };
    let error = connect_as(&sim.base_url(), credentials).await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized), "{error:?}");
}

/// The loopback redirect a browser would open after Halo's page, with `query` of our making
/// and this sign-in's state.
fn redirect_with(pending: &halopsa::PendingSignIn, query: &str) -> String {
    let params: HashMap<_, _> = pending.authorize_url().query_pairs().into_owned().collect();
    format!(
        "{}?{query}&state={}",
        params["redirect_uri"], params["state"]
    )
}

#[tokio::test]
async fn a_code_halo_does_not_know_fails_the_sign_in_with_halos_reason() {
    let sim = start(quiet()).await;
    let pending = begin_sign_in(&sim).await;
    let redirect = redirect_with(&pending, "code=made-up");
    let (outcome, page) = tokio::join!(pending.finish(), reqwest::get(redirect));
    assert!(page.unwrap().status().is_success());
    let error = outcome.unwrap_err();
    assert!(matches!(error, Error::SignInFailed { .. }), "{error:?}");
    assert!(error.to_string().contains("authorization code"), "{error}");
}

#[tokio::test]
async fn declining_in_the_browser_says_so() {
    let sim = start(quiet()).await;
    let pending = begin_sign_in(&sim).await;
    let redirect = redirect_with(&pending, "error=access_denied");
    let (outcome, page) = tokio::join!(pending.finish(), reqwest::get(redirect));
    assert!(
        page.unwrap()
            .text()
            .await
            .unwrap()
            .contains("did not complete")
    );
    let error = outcome.unwrap_err();
    assert!(error.to_string().contains("access was declined"), "{error}");
}

#[tokio::test]
async fn a_token_near_its_end_is_renewed_before_halo_refuses_it() {
    let sim = start(halopsa_sim::SimConfig {
        token_lifetime: std::time::Duration::from_secs(2),
        ..quiet()
    })
    .await;
    let client = connect(&sim).await;
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    client.statuses().await.unwrap();
    assert_eq!(route_count(&sim, "POST /auth/token").await, 2);
    assert_eq!(
        crate::support::status_count(&sim, 401).await,
        0,
        "no request met a 401"
    );
}

#[tokio::test]
async fn a_rotated_refresh_token_is_kept_even_when_the_request_that_renewed_it_gave_up() {
    let sim = start(halopsa_sim::SimConfig {
        rotate_refresh_tokens: true,
        ..quiet()
    })
    .await;
    let pending = begin_sign_in(&sim).await;
    let page = open_in_browser(pending.authorize_url().clone());
    let (client, _) = tokio::join!(pending.finish(), page);
    let client = client.unwrap();
    let mut refresh_token = client.refresh_token();
    let first = refresh_token.borrow_and_update().clone().unwrap();

    // The access token expires, and the renewal is slow enough that the request behind it is
    // cancelled while Halo is already rotating the refresh token.
    sim.control("clock", json!({ "advance_secs": 7200 }))
        .await
        .unwrap();
    sim.control(
        "faults",
        json!({ "latency_ms": 500, "routes": ["POST /auth/token"] }),
    )
    .await
    .unwrap();
    let cancelled = tokio::time::timeout(Duration::from_millis(100), client.statuses()).await;
    assert!(cancelled.is_err());
    tokio::time::timeout(Duration::from_secs(5), refresh_token.changed())
        .await
        .expect("the renewal finished on its own")
        .unwrap();
    let second = refresh_token.borrow().clone().unwrap();
    assert_ne!(first, second, "the rotated token was published");

    sim.control("faults", json!({})).await.unwrap();
    sim.control("clock", json!({ "advance_secs": 7200 }))
        .await
        .unwrap();
    client.statuses().await.unwrap();
}
