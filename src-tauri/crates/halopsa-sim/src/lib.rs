//! A HaloPSA simulator: the paths, envelopes and quirks of real instances over real HTTP.
//!
//! Tests start it on a random loopback port with [`Simulator::start`], the binary serves it on a
//! fixed one, and the app embeds it for demo mode.

mod routes;

use std::net::SocketAddr;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How a simulated instance presents itself.
#[derive(Debug, Clone, Default)]
pub struct SimConfig {
    /// The hosted-tenant name announced by `/api/authinfo`; self-hosted instances have none.
    pub tenant: Option<String>,
}

/// A simulator serving on a loopback address until it is dropped or shut down.
#[derive(Debug)]
pub struct Simulator {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Simulator {
    /// Binds `addr` (port 0 picks a free one) and serves until shut down.
    pub async fn start(addr: SocketAddr, config: SimConfig) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let app = routes::router(routes::Instance::new(addr, config));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // A dropped sender also means stop: the owner is gone.
                    let _ = stopped.await;
                })
                .await
        });
        Ok(Self {
            addr,
            stop: Some(stop),
            task,
        })
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

    /// Stops accepting connections, lets requests in flight finish, and waits for the server.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match (&mut self.task).await {
            Ok(served) => served,
            Err(join) => Err(std::io::Error::other(join)),
        }
    }
}
