//! A HaloPSA simulator: the paths, envelopes and quirks of real instances over real HTTP,
//! seeded with a deterministic, realistic data set.
//!
//! Tests start it on a random loopback port with [`Simulator::start_on_loopback`], the binary
//! serves it on a fixed one, and the app embeds it for demo mode. Test controls (clock, faults,
//! rate limit, counters, reset) live under `/_sim/`, apart from Halo's own paths; a test holding
//! the [`Simulator`] sends them in process with [`Simulator::control`] and [`Simulator::stats`].

mod actions;
mod attachments;
mod auth;
mod batch;
mod clock;
mod control;
mod errors;
mod guard;
mod lookups;
mod model;
mod query;
mod render;
mod routes;
mod seed;
mod sla;
mod state;
mod ticket_query;
mod ticket_table;
mod ticket_write;
mod tickets;
mod timeline;
mod timestamp;
mod wire_time;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::Method;
use chrono::{DateTime, Utc};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use clock::ClockReading;
pub use control::ControlError;

/// How a simulated instance is set up. `Default` is the demo instance: 500 tickets, client
/// `demo` / `demo`, hour-long tokens and the hosted tenants' 300 requests per 5 minutes.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// The hosted-tenant name announced by `/api/authinfo`; self-hosted instances have none.
    pub tenant: Option<String>,
    /// Seed of the generated data: the same seed gives the same instance.
    pub seed: u64,
    /// Number of seeded tickets (up to 100,000 is comfortable).
    pub tickets: usize,
    /// The "Client ID and Secret (Services)" application.
    pub client_id: String,
    pub client_secret: String,
    /// The "Authorisation Code (Native Application)" application, used with PKCE.
    pub native_client_id: String,
    /// The agent that tokens act as (`/api/Agent/me`).
    pub agent_id: i32,
    /// How long an access token lives.
    pub token_lifetime: Duration,
    /// Whether a refresh answers a new refresh token and retires the old one, as some
    /// instances do; otherwise the answer leaves it out and the old one stays valid.
    pub rotate_refresh_tokens: bool,
    /// The tenant's shared request budget; `None` turns rate limiting off.
    pub rate_limit: Option<RateLimit>,
    /// Uploads larger than this answer 413.
    pub max_upload_bytes: usize,
    /// Whether `/api/Attachment/image` takes multipart uploads; some instances answer 404
    /// there, and take only JSON uploads to `/api/Attachment`.
    pub multipart_uploads: bool,
    /// The simulated clock's reading at start; now by default.
    pub start: Option<DateTime<Utc>>,
    /// Whether `/_sim/` answers over HTTP. Tests and the standalone binary keep it on; the
    /// app's demo turns it off, so nothing else on the machine can reset it, read its counters
    /// or move its clock. [`Simulator::control`] and [`Simulator::stats`] work either way.
    pub http_controls: bool,
}

/// A rolling-window request budget, as hosted tenants enforce it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RateLimit {
    pub requests: usize,
    pub window_secs: u64,
    /// Whether 429 answers carry `Retry-After` (real instances do not always).
    pub retry_after: bool,
}

impl Default for RateLimit {
    fn default() -> Self {
        Self {
            requests: 300,
            window_secs: 300,
            retry_after: true,
        }
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            tenant: None,
            seed: 1,
            tickets: 500,
            client_id: "demo".into(),
            client_secret: "demo".into(),
            native_client_id: "halodesk".into(),
            agent_id: 1,
            token_lifetime: Duration::from_secs(3600),
            rotate_refresh_tokens: false,
            rate_limit: Some(RateLimit::default()),
            max_upload_bytes: 256 * 1024 * 1024,
            multipart_uploads: true,
            start: None,
            http_controls: true,
        }
    }
}

/// A simulator serving on a loopback address until it is shut down or dropped.
#[derive(Debug)]
pub struct Simulator {
    addr: SocketAddr,
    /// Halo's routes and the controls, which [`Simulator::control`] calls in process.
    routes: Router,
    /// What the server serves: the same, or without the controls when
    /// [`SimConfig::http_controls`] is off.
    served: Router,
    sim: Arc<state::Sim>,
    /// The server while it serves: how to stop it, and its task.
    serving: Option<Serving>,
}

#[derive(Debug)]
struct Serving {
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Simulator {
    /// Seeds the data, binds `addr` (port 0 picks a free one) and serves until shut down.
    pub async fn start(addr: SocketAddr, config: SimConfig) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let http_controls = config.http_controls;
        let sim = Arc::new(state::Sim::new(format!("http://{addr}"), config));
        let routes = routes::router(sim.clone(), true);
        let served = if http_controls {
            routes.clone()
        } else {
            routes::router(sim.clone(), false)
        };
        let serving = Some(serve(listener, served.clone()));
        Ok(Self {
            addr,
            routes,
            served,
            sim,
            serving,
        })
    }

    /// Restarts the server as a real instance restarts: it stops as [`Simulator::shutdown`]
    /// stops it, stays away for `down_for` (connections are refused meanwhile), then serves
    /// again on the same address. What it holds is kept, as a restarted HaloPSA keeps its
    /// database: tickets, actions, attachments, issued tokens, the clock, faults and counters.
    pub async fn restart(&mut self, down_for: Duration) -> std::io::Result<()> {
        self.stop_serving().await?;
        tokio::time::sleep(down_for).await;
        let listener = TcpListener::bind(self.addr).await?;
        self.serving = Some(serve(listener, self.served.clone()));
        Ok(())
    }

    /// Starts on a free port of 127.0.0.1, the way tests and demo mode use it.
    pub async fn start_on_loopback(config: SimConfig) -> std::io::Result<Self> {
        Self::start(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    /// The address the simulator listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The instance root a client connects to, e.g. `http://127.0.0.1:8787`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sends the control `POST /_sim/{name}` with `body`, such as `control("faults",
    /// json!({"error_rate": 1.0}))` or `control("clock", json!({"advance_secs": 3600}))`. It goes
    /// in process through the routes the server serves, so it does what the request over HTTP
    /// does and answers what it answers: the JSON, or `null` for the controls that answer 204
    /// (`reset`, `revoke-tokens`).
    pub async fn control(&self, name: &str, body: Value) -> Result<Value, ControlError> {
        let path = format!("/_sim/{name}");
        control::send(&self.routes, Method::POST, &path, Some(body)).await
    }

    /// The request counters by route and status and the last requests, as `GET /_sim/stats`
    /// answers them; the controls themselves are not counted.
    pub async fn stats(&self) -> Result<Value, ControlError> {
        control::send(&self.routes, Method::GET, "/_sim/stats", None).await
    }

    /// Every access and refresh token the simulator has issued that is still valid: what a
    /// test searches logs and files for. In process only; no path serves it.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.sim.auth().issued()
    }

    /// Stops accepting connections, lets requests in flight finish, and waits for the server.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        self.stop_serving().await
    }

    async fn stop_serving(&mut self) -> std::io::Result<()> {
        let Some(Serving { stop, task }) = self.serving.take() else {
            return Ok(());
        };
        let _ = stop.send(());
        match task.await {
            Ok(served) => served,
            Err(join) => Err(std::io::Error::other(join)),
        }
    }
}

/// Serves `routes` on `listener` until the returned sender is used or dropped.
fn serve(listener: TcpListener, routes: Router) -> Serving {
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, routes)
            .with_graceful_shutdown(async {
                // A dropped sender also means stop: the owner is gone.
                let _ = stopped.await;
            })
            .await
    });
    Serving { stop, task }
}
