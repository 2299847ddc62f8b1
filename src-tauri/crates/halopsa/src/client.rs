//! The client: one per instance, cheap to clone. Every request goes through the same token
//! source, rate governor and retry rules.

use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use reqwest::{Method, StatusCode};
use tokio::sync::watch;
use url::Url;

use crate::auth::{BrowserSignIn, Credentials, LoopbackRedirect, TokenSource};
use crate::discovery::{self, AuthServer};
use crate::error::{Error, Result};
use crate::governor::{Priority, RateBudget};
use crate::instance::InstanceUrl;
use crate::problem;
use crate::retry::RetryPolicy;
use crate::secret::Secret;
use crate::transport::{Call, Payload, ReadFailure, Reading, Reply, Transport, read_whole};

/// How gently and how persistently the client talks to an instance.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ClientOptions {
    pub budget: RateBudget,
    pub retry: RetryPolicy,
}

/// A HaloPSA instance, signed in. Clones share the token, the rate budget and the caches.
#[derive(Debug, Clone)]
pub struct HaloClient {
    inner: Arc<Inner>,
    priority: Priority,
}

#[derive(Debug)]
struct Inner {
    instance: InstanceUrl,
    transport: Arc<Transport>,
    tokens: TokenSource,
    outcomes: tokio::sync::Mutex<Option<Arc<Vec<crate::models::Outcome>>>>,
}

impl HaloClient {
    /// Finds the instance's auth server and signs in, so that a wrong address or wrong
    /// credentials fail here rather than on the first real request.
    pub async fn connect(
        instance: InstanceUrl,
        credentials: Credentials,
        options: ClientOptions,
    ) -> Result<Self> {
        let transport = Arc::new(Transport::new(&instance, options.budget, options.retry)?);
        let server = discovery::discover(&transport, &instance).await?;
        let client = Self::assemble(instance, transport, TokenSource::new(server, credentials));
        client.inner.tokens.bearer(&client.inner.transport).await?;
        Ok(client)
    }

    /// Starts a technician's own sign-in: listens on loopback for the browser's redirect and
    /// prepares the page to open. `client_id` is the instance's "Authorisation Code (Native
    /// Application)" application.
    pub async fn begin_sign_in(
        instance: InstanceUrl,
        client_id: &str,
        options: ClientOptions,
    ) -> Result<PendingSignIn> {
        let transport = Arc::new(Transport::new(&instance, options.budget, options.retry)?);
        let server = discovery::discover(&transport, &instance).await?;
        let redirect = LoopbackRedirect::bind().await?;
        let sign_in = BrowserSignIn::new(&server, client_id, &redirect.redirect_uri());
        Ok(PendingSignIn {
            instance,
            transport,
            server,
            sign_in,
            redirect,
        })
    }

    fn assemble(instance: InstanceUrl, transport: Arc<Transport>, tokens: TokenSource) -> Self {
        Self {
            inner: Arc::new(Inner {
                instance,
                transport,
                tokens,
                outcomes: tokio::sync::Mutex::new(None),
            }),
            priority: Priority::Interactive,
        }
    }

    pub fn instance(&self) -> &InstanceUrl {
        &self.inner.instance
    }

    pub fn auth_server(&self) -> &AuthServer {
        self.inner.tokens.server()
    }

    /// The refresh token of a browser sign-in, to keep in the keyring: its value now, and a
    /// change each time Halo hands out a new one (the old one may then stop working).
    pub fn refresh_token(&self) -> watch::Receiver<Option<Secret>> {
        self.inner.tokens.refresh_token()
    }

    /// The same client, for work nobody is waiting on: it yields to interactive requests and
    /// leaves them a reserve of the rate budget.
    pub fn background(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            priority: Priority::Background,
        }
    }

    pub(crate) fn outcome_cache(
        &self,
    ) -> &tokio::sync::Mutex<Option<Arc<Vec<crate::models::Outcome>>>> {
        &self.inner.outcomes
    }

    /// `{base}/api/{path}?{query}`.
    pub(crate) fn url(&self, path: &str, query: &[(&str, String)]) -> Url {
        let mut url = self.inner.instance.api();
        url.set_path(&format!("{}/{path}", url.path()));
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    /// Sends a request to the resource server and answers the body of a success. `what` names
    /// the thing asked for in a "not found" error.
    pub(crate) async fn fetch(
        &self,
        method: Method,
        url: Url,
        payload: &Payload,
        what: &str,
    ) -> Result<Bytes> {
        let reply = self
            .authorized(method, url, payload, Reading::Whole, read_whole)
            .await?;
        if reply.status.is_success() {
            Ok(reply.body)
        } else {
            Err(problem::classify(
                reply.status,
                reply.retry_after,
                &reply.body,
                what,
            ))
        }
    }

    /// Like [`fetch`](Self::fetch), but hands back a successful answer unread, to stream it.
    pub(crate) async fn open(&self, url: Url, what: &str) -> Result<reqwest::Response> {
        let reply = self
            .authorized(
                Method::GET,
                url,
                &Payload::Empty,
                Reading::Streamed,
                |response| async { Ok(response) },
            )
            .await?;
        if reply.status.is_success() {
            return Ok(reply.body);
        }
        let body = read_whole(reply.body).await.unwrap_or_default();
        Err(problem::classify(
            reply.status,
            reply.retry_after,
            &body,
            what,
        ))
    }

    /// Sends with the current token; on a 401, renews it once (single-flight) and tries again.
    async fn authorized<T, F, Fut>(
        &self,
        method: Method,
        url: Url,
        payload: &Payload,
        reading: Reading,
        mut finish: F,
    ) -> Result<Reply<T>>
    where
        F: FnMut(reqwest::Response) -> Fut,
        Fut: Future<Output = std::result::Result<T, ReadFailure>>,
    {
        let Inner {
            transport, tokens, ..
        } = &*self.inner;
        let token = tokens.bearer(transport).await?;
        let first = Call {
            method: method.clone(),
            url: url.clone(),
            payload,
            bearer: Some(&token.secret),
            priority: self.priority,
            reading,
        };
        let reply = transport.run(&first, &mut finish).await?;
        if reply.status != StatusCode::UNAUTHORIZED {
            return Ok(reply);
        }
        let renewed = tokens.renew(transport, &token).await?;
        let second = Call {
            method,
            url,
            payload,
            bearer: Some(&renewed.secret),
            priority: self.priority,
            reading,
        };
        transport.run(&second, &mut finish).await
    }
}

/// A browser sign-in waiting for the technician.
#[derive(Debug)]
pub struct PendingSignIn {
    instance: InstanceUrl,
    transport: Arc<Transport>,
    server: AuthServer,
    sign_in: BrowserSignIn,
    redirect: LoopbackRedirect,
}

impl PendingSignIn {
    /// The page to open in the browser.
    pub fn authorize_url(&self) -> &Url {
        self.sign_in.authorize_url()
    }

    /// Waits for the browser's redirect, checks its state and trades the code for tokens. It
    /// waits up to ten minutes for the technician; drop it to cancel sooner.
    pub async fn finish(self) -> Result<HaloClient> {
        let code = self.redirect.receive(self.sign_in.state()).await?;
        let (token, refresh) = self
            .sign_in
            .exchange(&self.transport, &self.server, &code)
            .await?;
        let refresh_token = refresh.ok_or_else(|| Error::SignInFailed {
            reason: "HaloPSA gave no refresh token; allow offline access for the application"
                .to_owned(),
        })?;
        let credentials = Credentials::RefreshToken {
            client_id: self.sign_in.client_id().to_owned(),
            refresh_token,
        };
        let tokens = TokenSource::new(self.server, credentials);
        tokens.seed(token).await;
        Ok(HaloClient::assemble(self.instance, self.transport, tokens))
    }
}
