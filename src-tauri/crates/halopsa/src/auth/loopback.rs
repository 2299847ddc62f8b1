//! Receives the browser's redirect after sign-in on a loopback port, the way native apps get
//! their authorization code (RFC 8252 §7.3).

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::error::{Error, Result};

const CALLBACK_PATH: &str = "/callback";

/// How long the listener waits for the browser: past this the technician has walked away, and
/// a port left open for a code nobody waits for serves no one.
pub(crate) const SIGN_IN_PATIENCE: Duration = Duration::from_secs(10 * 60);

/// A one-shot listener on `127.0.0.1` for the redirect that carries the code.
#[derive(Debug)]
pub struct LoopbackRedirect {
    listener: TcpListener,
    address: SocketAddr,
}

type Received = std::result::Result<String, String>;

impl LoopbackRedirect {
    /// Listens on a free port chosen by the OS.
    pub async fn bind() -> Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .map_err(|e| sign_in_failed(format!("no local port to receive it on ({e})")))?;
        let address = listener
            .local_addr()
            .map_err(|e| sign_in_failed(format!("no local port to receive it on ({e})")))?;
        Ok(Self { listener, address })
    }

    /// `http://127.0.0.1:PORT/callback`, to register as the application's redirect URI.
    pub fn redirect_uri(&self) -> String {
        format!("http://{}{CALLBACK_PATH}", self.address)
    }

    /// Waits for the redirect that carries `expected_state` and answers its code, or Halo's
    /// reason for not giving one. Anything else that reaches the port (another path, as a
    /// browser asking for a favicon; another state, as a page elsewhere trying to slip in a code
    /// of its own or cancel this sign-in) is answered 404 and ignored. Gives up after
    /// ten minutes (`SIGN_IN_PATIENCE`, by tokio's clock).
    pub async fn receive(self, expected_state: &str) -> Result<String> {
        let (sender, mut received) = mpsc::channel::<Received>(1);
        let router = Router::new()
            .route(CALLBACK_PATH, get(callback))
            .with_state((sender, expected_state.to_owned()));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(
            axum::serve(self.listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .into_future(),
        );
        let outcome = tokio::time::timeout(SIGN_IN_PATIENCE, received.recv()).await;
        let _ = stop.send(());
        let _ = server.await;
        match outcome {
            Ok(Some(Ok(code))) => Ok(code),
            Ok(Some(Err(reason))) => Err(sign_in_failed(reason)),
            Ok(None) => Err(sign_in_failed("the browser never came back".to_owned())),
            Err(_) => Err(sign_in_failed(format!(
                "no answer came back from the browser within {} minutes; start the sign-in again",
                SIGN_IN_PATIENCE.as_secs() / 60
            ))),
        }
    }
}

async fn callback(
    State((sender, expected_state)): State<(mpsc::Sender<Received>, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    // Not this sign-in's answer: whoever sent it learns nothing, and the wait goes on.
    if params.get("state").map(String::as_str) != Some(expected_state.as_str()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let outcome = if let Some(error) = params.get("error") {
        Err(match (error.as_str(), params.get("error_description")) {
            ("access_denied", _) => "access was declined in the browser".to_owned(),
            (_, Some(description)) => description.clone(),
            (error, None) => format!("HaloPSA answered \"{error}\""),
        })
    } else if let Some(code) = params.get("code").filter(|c| !c.is_empty()) {
        Ok(code.clone())
    } else {
        Err("HaloPSA sent no authorization code".to_owned())
    };
    let page = if outcome.is_ok() {
        SIGNED_IN
    } else {
        NOT_SIGNED_IN
    };
    let _ = sender.try_send(outcome);
    Html(page).into_response()
}

fn sign_in_failed(reason: String) -> Error {
    Error::SignInFailed { reason }
}

const SIGNED_IN: &str = "<!doctype html><meta charset=utf-8><title>Halodesk</title>\
<body style=\"font:16px system-ui;margin:3em\"><h1>You are signed in</h1>\
<p>Return to Halodesk; you can close this tab.</p></body>";

const NOT_SIGNED_IN: &str = "<!doctype html><meta charset=utf-8><title>Halodesk</title>\
<body style=\"font:16px system-ui;margin:3em\"><h1>Sign-in did not complete</h1>\
<p>Return to Halodesk to see why and try again.</p></body>";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_listener_gives_up_after_ten_minutes() {
        let redirect = LoopbackRedirect::bind().await.unwrap();
        let started = tokio::time::Instant::now();
        let error = redirect.receive("expected").await.unwrap_err();
        assert!(
            started.elapsed() >= SIGN_IN_PATIENCE,
            "{:?}",
            started.elapsed()
        );
        assert!(matches!(error, Error::SignInFailed { .. }), "{error:?}");
        assert!(error.to_string().contains("within 10 minutes"), "{error}");
    }
}
