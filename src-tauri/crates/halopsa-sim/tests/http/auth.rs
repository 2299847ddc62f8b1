use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use halopsa_sim::{SimConfig, Simulator};
use reqwest::redirect::Policy;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::time::Duration;

use crate::support::{client_credentials, quiet, request_token, start};

#[tokio::test]
async fn authinfo_points_a_self_hosted_instance_at_its_own_auth_server() {
    let s = start(quiet()).await;
    let body: Value = reqwest::get(s.url("/api/authinfo"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body, json!({ "auth_url": s.url("/auth"), "tenant_id": "" }));
}

#[tokio::test]
async fn a_hosted_tenant_is_announced_and_named_on_the_token_request() {
    let config = SimConfig {
        tenant: Some("acme".into()),
        ..quiet()
    };
    let s = start(config).await;
    let body: Value = reqwest::get(s.url("/api/authinfo"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["tenant_id"], "acme");
    let response = request_token(&s.http, &s.url("/auth/token?tenant=acme"), "demo", "demo").await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_wrong_client_secret_answers_401_invalid_client() {
    let s = start(quiet()).await;
    let response = request_token(&s.http, &s.url("/auth/token"), "demo", "nope").await;
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");
    assert!(body["error_description"].as_str().is_some());
}

#[tokio::test]
async fn the_token_response_has_halo_fields_and_configured_credentials_apply() {
    let config = SimConfig {
        client_id: "app".into(),
        client_secret: "s3cret".into(),
        ..quiet()
    };
    let sim = Simulator::start_on_loopback(config).await.unwrap();
    let http = reqwest::Client::new();
    let response = request_token(
        &http,
        &format!("{}/auth/token", sim.base_url()),
        "app",
        "s3cret",
    )
    .await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "all");
    assert!(
        body.get("refresh_token").is_none(),
        "client credentials get no refresh token"
    );
}

#[tokio::test]
async fn resource_requests_need_a_valid_bearer() {
    let s = start(quiet()).await;
    let anonymous = s.http.get(s.url("/api/Tickets")).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let forged = s
        .http
        .get(s.url("/api/Tickets"))
        .bearer_auth("forged")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    assert_eq!(s.get("/api/Tickets").await.status(), 200);
}

#[tokio::test]
async fn an_expired_token_answers_401() {
    let config = SimConfig {
        token_lifetime: Duration::from_secs(60),
        ..quiet()
    };
    let s = start(config).await;
    s.sim
        .control("clock", json!({ "freeze": true }))
        .await
        .unwrap();
    assert_eq!(s.get("/api/Agent/me").await.status(), 200);
    s.sim
        .control("clock", json!({ "advance_secs": 61 }))
        .await
        .unwrap();
    assert_eq!(s.get("/api/Agent/me").await.status(), 401);
}

#[tokio::test]
async fn revoked_tokens_answer_401() {
    let s = start(quiet()).await;
    s.sim.control("revoke-tokens", json!({})).await.unwrap();
    assert_eq!(s.get("/api/Agent/me").await.status(), 401);
}

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Runs the browser leg: authorize redirects straight back with the code and state.
async fn authorize(base: &str, verifier: &str, redirect: &str) -> (String, String) {
    let browser = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    let response = browser
        .get(format!("{base}/auth/authorize"))
        .query(&[
            ("response_type", "code"),
            ("client_id", "halodesk"),
            ("redirect_uri", redirect),
            ("scope", "all offline_access"),
            ("state", "st@te 1"),
            ("code_challenge", &challenge(verifier)),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let location = url::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    assert!(location.as_str().starts_with(redirect));
    let param = |name: &str| {
        location
            .query_pairs()
            .find(|(k, _)| k == name)
            .unwrap()
            .1
            .into_owned()
    };
    (param("code"), param("state"))
}

async fn exchange(
    http: &reqwest::Client,
    base: &str,
    code: &str,
    verifier: &str,
    redirect: &str,
) -> reqwest::Response {
    http.post(format!("{base}/auth/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", "halodesk"),
            ("redirect_uri", redirect),
            ("code", code),
            ("code_verifier", verifier),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn pkce_sign_in_gives_tokens_once_and_refresh_works() {
    let s = start(quiet()).await;
    let base = s.sim.base_url();
    let redirect = "http://127.0.0.1:53682/callback";
    let verifier = "a-long-random-verifier-of-at-least-43-characters-123";
    let (code, state) = authorize(&base, verifier, redirect).await;
    assert_eq!(state, "st@te 1");

    let tokens: Value = exchange(&s.http, &base, &code, verifier, redirect)
        .await
        .json()
        .await
        .unwrap();
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"]
        .as_str()
        .expect("offline_access gives a refresh token");
    let me = s
        .http
        .get(s.url("/api/Agent/me"))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);

    // Codes are single use.
    let again = exchange(&s.http, &base, &code, verifier, redirect).await;
    assert_eq!(again.status(), 400);
    assert_eq!(
        again.json::<Value>().await.unwrap()["error"],
        "invalid_grant"
    );

    let (status, refreshed) = refresh_with(&s, refresh).await;
    assert_eq!(status, 200);
    assert!(
        refreshed["access_token"]
            .as_str()
            .is_some_and(|t| t != access)
    );
    assert!(
        refreshed.get("refresh_token").is_none(),
        "the old refresh token stays in use"
    );
}

/// Refreshes with `refresh` and answers the status and body.
async fn refresh_with(s: &crate::support::Session, refresh: &str) -> (u16, Value) {
    let response = s
        .http
        .post(s.url("/auth/token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("client_id", "halodesk"),
            ("refresh_token", refresh),
        ])
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn an_instance_that_rotates_refresh_tokens_retires_the_old_one() {
    let s = start(halopsa_sim::SimConfig {
        rotate_refresh_tokens: true,
        ..quiet()
    })
    .await;
    let base = s.sim.base_url();
    let redirect = "http://127.0.0.1:53682/callback";
    let verifier = "a-long-random-verifier-of-at-least-43-characters-123";
    let (code, _) = authorize(&base, verifier, redirect).await;
    let tokens: Value = exchange(&s.http, &base, &code, verifier, redirect)
        .await
        .json()
        .await
        .unwrap();
    let first = tokens["refresh_token"].as_str().unwrap();

    let (status, refreshed) = refresh_with(&s, first).await;
    assert_eq!(status, 200);
    let second = refreshed["refresh_token"]
        .as_str()
        .expect("a new refresh token");
    assert_ne!(second, first);
    let (status, refused) = refresh_with(&s, first).await;
    assert_eq!(status, 400);
    assert_eq!(refused["error"], "invalid_grant");
    assert_eq!(refresh_with(&s, second).await.0, 200);
}

#[tokio::test]
async fn pkce_refuses_a_wrong_verifier_and_an_expired_code() {
    let s = start(quiet()).await;
    let base = s.sim.base_url();
    let redirect = "http://localhost:40123/callback";
    let (code, _) = authorize(
        &base,
        "the-right-verifier-0123456789-0123456789-abc",
        redirect,
    )
    .await;
    let wrong = exchange(
        &s.http,
        &base,
        &code,
        "another-verifier-0123456789-0123456789-abcd",
        redirect,
    )
    .await;
    assert_eq!(wrong.status(), 400);

    s.sim
        .control("clock", json!({ "freeze": true }))
        .await
        .unwrap();
    let verifier = "the-right-verifier-0123456789-0123456789-abc";
    let (code, _) = authorize(&base, verifier, redirect).await;
    s.sim
        .control("clock", json!({ "advance_secs": 120 }))
        .await
        .unwrap();
    let late = exchange(&s.http, &base, &code, verifier, redirect).await;
    assert_eq!(late.status(), 400);
}

#[tokio::test]
async fn authorize_refuses_unknown_apps_and_non_loopback_redirects() {
    let s = start(quiet()).await;
    let browser = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    for (client, redirect) in [
        ("stranger", "http://127.0.0.1:1/cb"),
        ("halodesk", "https://evil.example/cb"),
    ] {
        let response = browser
            .get(s.url("/auth/authorize"))
            .query(&[
                ("response_type", "code"),
                ("client_id", client),
                ("redirect_uri", redirect),
                ("code_challenge", "x"),
                ("code_challenge_method", "S256"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{client} {redirect}");
    }
}

#[tokio::test]
async fn client_credentials_helper_works_against_a_fresh_instance() {
    let sim = Simulator::start_on_loopback(quiet()).await.unwrap();
    let token = client_credentials(&reqwest::Client::new(), &sim.base_url(), "demo", "demo").await;
    assert!(token.len() >= 32);
    sim.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_malformed_token_request_gets_an_oauth_error() {
    let s = start(quiet()).await;
    let response = s
        .http
        .post(s.url("/auth/token"))
        .json(&json!({ "grant_type": "client_credentials" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "invalid_request"
    );
    let lower = s
        .http
        .get(s.url("/api/Agent/me"))
        .header("authorization", format!("bearer {}", s.token))
        .send()
        .await
        .unwrap();
    assert_eq!(lower.status(), 200, "the scheme is case-insensitive");
}
