//! Getting and keeping an access token: client credentials, a refresh token from a browser
//! sign-in, and renewal that happens once however many requests notice the expiry at once.

mod loopback;
mod pkce;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use tokio::sync::watch;
use tokio::time::Instant;

use crate::discovery::AuthServer;
use crate::error::{Error, Result};
use crate::governor::Priority;
use crate::problem;
use crate::secret::Secret;
use crate::transport::{Call, Payload, Reading, Transport};
use crate::wire::{Decimal, Text};

pub use loopback::LoopbackRedirect;
pub use pkce::BrowserSignIn;

/// How a client proves who it is.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// A "Client ID and Secret (Services)" API application.
    ClientSecret {
        client_id: String,
        client_secret: Secret,
    },
    /// A technician's own sign-in through the browser, kept by its refresh token.
    RefreshToken {
        client_id: String,
        refresh_token: Secret,
    },
}

/// Scope asked for with client credentials: the application's permissions decide the rest.
const SERVICE_SCOPE: &str = "all";

/// A token counts as expired this long before Halo says, so no request carries a token that
/// lapses in flight.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub(crate) struct AccessToken {
    pub secret: Secret,
    renew_at: Instant,
}

impl AccessToken {
    fn is_fresh(&self) -> bool {
        Instant::now() < self.renew_at
    }
}

// No `Debug`: it holds the tokens themselves.
#[derive(Default, Deserialize)]
#[serde(default)]
struct TokenAnswer {
    access_token: Text,
    expires_in: Decimal,
    refresh_token: Option<Text>,
}

/// The current access token and the grant that renews it.
#[derive(Debug)]
pub(crate) struct TokenSource {
    grant: Arc<GrantKeeper>,
    // A tokio mutex held across the renewal: whoever finds the token stale renews it, and
    // everyone else waits for that answer instead of asking again.
    current: tokio::sync::Mutex<Option<Arc<AccessToken>>>,
}

/// The credentials that renew the access token, kept up to date as Halo rotates them.
#[derive(Debug)]
struct GrantKeeper {
    server: AuthServer,
    credentials: Mutex<Credentials>,
    /// The refresh token as it stands, for whoever keeps it in the keyring: Halo may hand out a
    /// new one with any renewal, and the old one may stop working.
    refresh_token: watch::Sender<Option<Secret>>,
    /// The refresh token the client was made with: the one its owner already keeps.
    first_refresh_token: Option<Secret>,
    /// Set once Halo refused the refresh token (`invalid_grant`: revoked, or expired): asking
    /// again with it cannot work, and every request of every worker would ask, so none does
    /// until the technician signs in again, which makes a new client.
    refused: AtomicBool,
}

impl TokenSource {
    pub(crate) fn new(server: AuthServer, credentials: Credentials) -> Self {
        let refresh_token = match &credentials {
            Credentials::RefreshToken { refresh_token, .. } => Some(refresh_token.clone()),
            Credentials::ClientSecret { .. } => None,
        };
        Self {
            grant: Arc::new(GrantKeeper {
                server,
                credentials: Mutex::new(credentials),
                refresh_token: watch::Sender::new(refresh_token.clone()),
                first_refresh_token: refresh_token,
                refused: AtomicBool::new(false),
            }),
            current: tokio::sync::Mutex::new(None),
        }
    }

    pub(crate) fn server(&self) -> &AuthServer {
        &self.grant.server
    }

    /// The refresh token now, and each one Halo hands out later. One that Halo handed out
    /// before this call (the renewal at connect, say) is reported as a change too: a receiver
    /// made late must not take a token nobody has kept yet for one already seen.
    pub(crate) fn refresh_token(&self) -> watch::Receiver<Option<Secret>> {
        // Subscribed first, compared second: a rotation in between is reported either way.
        let mut receiver = self.grant.refresh_token.subscribe();
        if *receiver.borrow() != self.grant.first_refresh_token {
            receiver.mark_changed();
        }
        receiver
    }

    /// A token that is good for a while yet, renewed first if it is not.
    pub(crate) async fn bearer(&self, transport: &Arc<Transport>) -> Result<Arc<AccessToken>> {
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref().filter(|t| t.is_fresh()) {
            return Ok(token.clone());
        }
        let token = Arc::new(self.fetch(transport).await?);
        *current = Some(token.clone());
        Ok(token)
    }

    /// Halo refused `rejected` (revoked, or expired early): renew it, unless another request
    /// already has.
    pub(crate) async fn renew(
        &self,
        transport: &Arc<Transport>,
        rejected: &Arc<AccessToken>,
    ) -> Result<Arc<AccessToken>> {
        let mut current = self.current.lock().await;
        if let Some(token) = current
            .as_ref()
            .filter(|t| !Arc::ptr_eq(t, rejected) && t.is_fresh())
        {
            return Ok(token.clone());
        }
        *current = None;
        let token = Arc::new(self.fetch(transport).await?);
        *current = Some(token.clone());
        Ok(token)
    }

    /// Starts with a token already in hand, as a browser sign-in leaves one.
    pub(crate) async fn seed(&self, token: AccessToken) {
        *self.current.lock().await = Some(Arc::new(token));
    }

    /// Asks Halo for a new access token. The exchange runs as a task of its own: once Halo
    /// has answered with a rotated refresh token the old one may be dead, so the new one must
    /// be kept even if the request that asked for it is cancelled.
    async fn fetch(&self, transport: &Arc<Transport>) -> Result<AccessToken> {
        let (grant, transport) = (self.grant.clone(), transport.clone());
        match tokio::spawn(async move { grant.exchange(&transport).await }).await {
            Ok(outcome) => outcome,
            Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
            Err(_) => Err(Error::ConnectionLost {
                detail: "the app is shutting down".to_owned(),
                may_have_applied: false,
            }),
        }
    }
}

impl GrantKeeper {
    async fn exchange(&self, transport: &Transport) -> Result<AccessToken> {
        if self.refused.load(Ordering::Acquire) {
            return Err(Error::Unauthorized);
        }
        let credentials = self
            .credentials
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let form = match &credentials {
            Credentials::ClientSecret {
                client_id,
                client_secret,
            } => vec![
                ("grant_type", "client_credentials"),
                ("client_id", client_id.as_str()),
                ("client_secret", client_secret.expose()),
                ("scope", SERVICE_SCOPE),
            ],
            Credentials::RefreshToken {
                client_id,
                refresh_token,
            } => vec![
                ("grant_type", "refresh_token"),
                ("client_id", client_id.as_str()),
                ("refresh_token", refresh_token.expose()),
            ],
        };
        let grant = match credentials {
            Credentials::ClientSecret { .. } => Grant::ClientSecret,
            Credentials::RefreshToken { .. } => Grant::RefreshToken,
        };
        let answer = request_token(transport, &self.server, &form, grant).await;
        // For a refresh, `Unauthorized` is Halo's OAuth refusal of the token itself.
        if grant == Grant::RefreshToken && matches!(answer, Err(Error::Unauthorized)) {
            tracing::warn!(
                "HaloPSA refused the refresh token; no token is asked for again until a new sign-in"
            );
            self.refused.store(true, Ordering::Release);
        }
        let (token, new_refresh) = answer?;
        if let (Some(new_refresh), Credentials::RefreshToken { client_id, .. }) =
            (new_refresh, credentials)
        {
            *self
                .credentials
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Credentials::RefreshToken {
                client_id,
                refresh_token: new_refresh.clone(),
            };
            self.refresh_token.send_replace(Some(new_refresh));
        }
        Ok(token)
    }
}

/// Which grant a token request makes: each failure means something else to the technician.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grant {
    ClientSecret,
    RefreshToken,
    AuthorizationCode,
}

/// Posts a grant to the token endpoint. Answers the access token and, if Halo sent one, a new
/// refresh token (none means: keep the old one).
pub(crate) async fn request_token(
    transport: &Transport,
    server: &AuthServer,
    form: &[(&str, &str)],
    grant: Grant,
) -> Result<(AccessToken, Option<Secret>)> {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let payload = Payload::Bytes {
        data: Bytes::from(body),
        content_type: "application/x-www-form-urlencoded",
    };
    let reply = transport
        .send(&Call {
            method: Method::POST,
            url: server.token_url(),
            payload: &payload,
            bearer: None,
            priority: Priority::Interactive,
            reading: Reading::Whole,
        })
        .await?;
    let not_halo = |reason: &str| Error::NotHalo {
        url: server.url.to_string(),
        reason: reason.to_owned(),
    };
    match reply.status {
        status if status.is_success() => {
            if problem::looks_like_html(&reply.body) {
                return Err(not_halo("its sign-in service answered with a web page"));
            }
            let answer: TokenAnswer = serde_json::from_slice(&reply.body)
                .map_err(|_| not_halo("its sign-in service did not answer with a token"))?;
            if answer.access_token.0.is_empty() {
                return Err(not_halo("its sign-in service did not answer with a token"));
            }
            let lifetime = Duration::from_secs_f64(
                answer
                    .expires_in
                    .0
                    .unwrap_or(3_600.0)
                    .clamp(1.0, 31_536_000.0),
            );
            // Short-lived tokens renew at nine tenths of their life instead.
            let margin = EXPIRY_MARGIN.min(lifetime / 10);
            let token = AccessToken {
                secret: Secret::new(answer.access_token.0),
                renew_at: Instant::now() + lifetime - margin,
            };
            let refresh = answer
                .refresh_token
                .map(|t| t.0)
                .filter(|t| !t.is_empty())
                .map(Secret::new);
            Ok((token, refresh))
        }
        StatusCode::BAD_REQUEST | StatusCode::UNAUTHORIZED => {
            match (grant, problem::oauth_error(&reply.body)) {
                // A refresh token that no longer works means signing in again.
                (Grant::RefreshToken, Some(_)) => Err(Error::Unauthorized),
                // An expired or reused code, or a redirect URI the application does not list.
                (Grant::AuthorizationCode, Some((_, reason))) => {
                    Err(Error::SignInFailed { reason })
                }
                (Grant::ClientSecret, Some((_, description))) => {
                    Err(Error::BadCredentials { description })
                }
                (_, None) if problem::looks_like_html(&reply.body) => {
                    Err(not_halo("its sign-in service answered with a web page"))
                }
                (_, None) => Err(Error::BadCredentials {
                    description: problem::excerpt(&reply.body),
                }),
            }
        }
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => {
            Err(not_halo("it has no HaloPSA sign-in service"))
        }
        status => Err(problem::classify(
            status,
            reply.retry_after,
            &reply.body,
            "the sign-in service",
        )),
    }
}
