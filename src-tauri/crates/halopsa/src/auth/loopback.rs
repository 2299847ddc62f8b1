//! Receives the browser's redirect after sign-in on a loopback port, the way native apps get
//! their authorization code (RFC 8252 §7.3).

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::error::{Error, Result};

const CALLBACK_PATH: &str = "/callback";

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

    /// Waits for the redirect and answers its code if it carries `expected_state`. Requests to
    /// other paths (a browser asking for a favicon) are answered 404 and ignored.
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
        let outcome = received.recv().await;
        let _ = stop.send(());
        let _ = server.await;
        match outcome {
            Some(Ok(code)) => Ok(code),
            Some(Err(reason)) => Err(sign_in_failed(reason)),
            None => Err(sign_in_failed("the browser never came back".to_owned())),
        }
    }
}

async fn callback(
    State((sender, expected_state)): State<(mpsc::Sender<Received>, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Html<&'static str> {
    let outcome = if let Some(error) = params.get("error") {
        Err(match (error.as_str(), params.get("error_description")) {
            ("access_denied", _) => "access was declined in the browser".to_owned(),
            (_, Some(description)) => description.clone(),
            (error, None) => format!("HaloPSA answered \"{error}\""),
        })
    } else if params.get("state").map(String::as_str) != Some(expected_state.as_str()) {
        Err("the answer did not belong to this sign-in, so it was refused".to_owned())
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
    Html(page)
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
