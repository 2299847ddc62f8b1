//! The auth server: client credentials, authorization code with PKCE (S256) and refresh
//! tokens, and the bearer check every resource request passes.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Form;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeDelta, Utc};
use rand::RngCore;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::SimConfig;
use crate::errors;
use crate::query::Params;
use crate::state::Sim;
use crate::timeline;

/// Codes live this long, and only once.
const CODE_LIFETIME: TimeDelta = TimeDelta::seconds(60);

#[derive(Debug, Default)]
pub(crate) struct AuthState {
    tokens: HashMap<String, Grant>,
    refresh_tokens: HashMap<String, Grant>,
    codes: HashMap<String, PendingCode>,
}

/// Who a token acts for, and until when.
#[derive(Debug, Clone)]
struct Grant {
    agent_id: i32,
    client_id: String,
    scope: String,
    expires: DateTime<Utc>,
}

#[derive(Debug)]
struct PendingCode {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    scope: String,
    expires: DateTime<Utc>,
}

impl AuthState {
    /// Revokes every access token, as an administrator disabling the application would.
    pub(crate) fn revoke_all(&mut self) {
        self.tokens.clear();
        self.refresh_tokens.clear();
    }

    /// Every access and refresh token still valid.
    pub(crate) fn issued(&self) -> Vec<String> {
        self.tokens
            .keys()
            .chain(self.refresh_tokens.keys())
            .cloned()
            .collect()
    }
}

/// The agent a valid bearer token acts for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Caller {
    pub agent_id: i32,
}

/// Checks `Authorization: Bearer ...` against live tokens at the simulated time.
pub(crate) fn caller(sim: &Sim, headers: &HeaderMap) -> Option<Caller> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = token.trim();
    let auth = sim.auth();
    let grant = auth.tokens.get(token)?;
    (grant.expires > sim.now()).then_some(Caller {
        agent_id: grant.agent_id,
    })
}

#[derive(Debug, Deserialize)]
pub(crate) struct TokenRequest {
    grant_type: String,
    client_id: Option<String>,
    client_secret: Option<String>,
    scope: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
}

/// `POST /auth/token` (hosted tenants add `?tenant=`).
pub(crate) async fn token(
    State(sim): State<Arc<Sim>>,
    params: Params,
    form: Result<Form<TokenRequest>, FormRejection>,
) -> Response {
    let Ok(Form(request)) = form else {
        return errors::oauth(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Send a form-encoded body with a grant_type.",
        );
    };
    if let (Some(expected), Some(given)) = (&sim.config.tenant, params.get("tenant"))
        && !expected.eq_ignore_ascii_case(given)
    {
        return errors::oauth(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Unknown tenant.",
        );
    }
    let client_id = request.client_id.clone().unwrap_or_default();
    match request.grant_type.as_str() {
        "client_credentials" => {
            let secret = request.client_secret.as_deref().unwrap_or_default();
            if client_id != sim.config.client_id || secret != sim.config.client_secret {
                return invalid_client();
            }
            let scope = request.scope.unwrap_or_else(|| "all".into());
            issue(&sim, sim.config.agent_id, &client_id, &scope, false)
        }
        "authorization_code" => exchange_code(&sim, &client_id, &request),
        "refresh_token" => {
            let given = request.refresh_token.as_deref().unwrap_or_default();
            let grant = sim.auth().refresh_tokens.get(given).cloned();
            match grant {
                Some(grant) if grant.client_id == client_id => {
                    let rotate = sim.config.rotate_refresh_tokens;
                    if rotate {
                        sim.auth().refresh_tokens.remove(given);
                    }
                    // Otherwise the answer leaves the refresh token out: the old one stays valid.
                    issue(&sim, grant.agent_id, &client_id, &grant.scope, rotate)
                }
                _ => errors::oauth(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The refresh token is invalid or has been revoked.",
                ),
            }
        }
        other => errors::oauth(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            &format!("The grant type '{other}' is not supported."),
        ),
    }
}

fn exchange_code(sim: &Sim, client_id: &str, request: &TokenRequest) -> Response {
    let code = request.code.as_deref().unwrap_or_default();
    // Single use: the code is gone whatever the outcome.
    let Some(pending) = sim.auth().codes.remove(code) else {
        return invalid_grant("The authorization code is invalid or was already used.");
    };
    if pending.expires <= sim.now() {
        return invalid_grant("The authorization code has expired.");
    }
    if pending.client_id != client_id
        || request.redirect_uri.as_deref() != Some(pending.redirect_uri.as_str())
    {
        return invalid_grant(
            "The client or redirect URI does not match the authorization request.",
        );
    }
    let verifier = request.code_verifier.as_deref().unwrap_or_default();
    if s256(verifier) != pending.challenge {
        return invalid_grant("The code verifier does not match the code challenge.");
    }
    issue(sim, sim.config.agent_id, client_id, &pending.scope, true)
}

fn issue(sim: &Sim, agent_id: i32, client_id: &str, scope: &str, with_refresh: bool) -> Response {
    let (lifetime, expires_in) = token_lifetime(&sim.config);
    let grant = Grant {
        agent_id,
        client_id: client_id.to_owned(),
        scope: scope.to_owned(),
        expires: timeline::saturating_add(sim.now(), lifetime),
    };
    let access = random_token();
    let mut body = json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "scope": scope,
    });
    let mut auth = sim.auth();
    if with_refresh && scope.split(' ').any(|s| s == "offline_access") {
        let refresh = random_token();
        body["refresh_token"] = json!(refresh);
        auth.refresh_tokens.insert(refresh, grant.clone());
    }
    auth.tokens.insert(access, grant);
    Json(body).into_response()
}

/// How long a new token lives, and the `expires_in` that announces it in whole seconds. A
/// lifetime beyond 2^63 seconds is an hour; one beyond what a delta holds ends at the end of
/// time.
fn token_lifetime(config: &SimConfig) -> (TimeDelta, i64) {
    match i64::try_from(config.token_lifetime.as_secs()) {
        Ok(secs) => (
            TimeDelta::from_std(config.token_lifetime).unwrap_or(TimeDelta::MAX),
            secs,
        ),
        Err(_) => (TimeDelta::hours(1), 3_600),
    }
}

/// `GET /auth/authorize`: the configured agent approves at once, so the browser goes straight
/// back to the native app's loopback redirect with the code and the state.
pub(crate) async fn authorize(State(sim): State<Arc<Sim>>, params: Params) -> Response {
    let client_id = params.get("client_id").unwrap_or_default();
    let redirect_uri = params.get("redirect_uri").unwrap_or_default();
    if client_id != sim.config.native_client_id {
        return (
            StatusCode::BAD_REQUEST,
            "Unknown application: check the client ID.",
        )
            .into_response();
    }
    if !is_loopback_redirect(redirect_uri) {
        return (
            StatusCode::BAD_REQUEST,
            "The redirect URI is not registered for this application.",
        )
            .into_response();
    }
    if params.get("response_type") != Some("code")
        || params.get("code_challenge_method") != Some("S256")
    {
        return (
            StatusCode::BAD_REQUEST,
            "This application must use response_type=code with an S256 code challenge.",
        )
            .into_response();
    }
    let Some(challenge) = params.get("code_challenge") else {
        return (StatusCode::BAD_REQUEST, "The code challenge is missing.").into_response();
    };
    let code = random_token();
    sim.auth().codes.insert(
        code.clone(),
        PendingCode {
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            challenge: challenge.to_owned(),
            scope: params.get("scope").unwrap_or("all").to_owned(),
            expires: timeline::saturating_add(sim.now(), CODE_LIFETIME),
        },
    );
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    let mut target = format!("{redirect_uri}{separator}code={code}");
    if let Some(state) = params.get("state") {
        target.push_str("&state=");
        target.push_str(&percent_encode(state));
    }
    (StatusCode::FOUND, [(header::LOCATION, target)]).into_response()
}

fn is_loopback_redirect(uri: &str) -> bool {
    ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"]
        .iter()
        .any(|prefix| uri.starts_with(prefix))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub(crate) fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub(crate) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn invalid_client() -> Response {
    errors::oauth(
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        "The client ID or secret is incorrect.",
    )
}

fn invalid_grant(description: &str) -> Response {
    errors::oauth(StatusCode::BAD_REQUEST, "invalid_grant", description)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_the_rfc_7636_example() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn state_survives_the_redirect() {
        assert_eq!(percent_encode("a b&c=d"), "a%20b%26c%3Dd");
    }
}
