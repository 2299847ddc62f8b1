use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use halodesk_core::api::{ActionAddRequest, ActionKind, ConnectRequest, Session};
use halodesk_core::secrets::MemorySecrets;
use halodesk_core::store::Store;
use halodesk_core::{Clock, DATABASE_FILE, Halodesk};
use halopsa::{ClientOptions, RateBudget, RetryPolicy};
use halopsa_sim::{SimConfig, Simulator};
use tempfile::TempDir;
use tokio::task::JoinHandle;

/// A long secret that cannot occur by chance in any file.
pub(crate) const SECRET: &str = "s3cr3t-7f1c9e2a-4b6d-4e8f-9a0b-c1d2e3f4a5b6";

/// An instance without a rate limit, whose client secret is [`SECRET`].
pub(crate) async fn simulator(tickets: usize) -> Simulator {
    simulator_with(SimConfig {
        tickets,
        ..SimConfig::default()
    })
    .await
}

/// An instance set up as `config` says, but without a rate limit and with [`SECRET`].
pub(crate) async fn simulator_with(config: SimConfig) -> Simulator {
    Simulator::start_on_loopback(SimConfig {
        rate_limit: None,
        client_secret: SECRET.into(),
        ..config
    })
    .await
    .unwrap()
}

/// The simulator's request counters (`/_sim/stats`).
pub(crate) async fn sim_stats(sim: &Simulator) -> serde_json::Value {
    reqwest::get(format!("{}/_sim/stats", sim.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The app with its database in a fresh folder, its secrets in memory and its outbox and upload
/// workers running, as the shell runs them.
pub(crate) struct TestApp {
    pub app: Arc<Halodesk>,
    pub secrets: Arc<MemorySecrets>,
    pub dir: TempDir,
    workers: [JoinHandle<()>; 2],
    clock: Option<Arc<dyn Clock>>,
}

impl TestApp {
    pub(crate) fn new() -> Self {
        Self::on_clock(None)
    }

    /// The app reading the time from `clock`, across restarts too.
    pub(crate) fn with_clock(clock: Arc<dyn Clock>) -> Self {
        Self::on_clock(Some(clock))
    }

    fn on_clock(clock: Option<Arc<dyn Clock>>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let secrets = Arc::new(MemorySecrets::default());
        let (app, workers) = open(dir.path(), secrets.clone(), clock.clone());
        Self {
            app,
            secrets,
            dir,
            workers,
            clock,
        }
    }

    /// The same data folder and keyring, as after a restart (or a kill: nothing is shut
    /// down in order).
    pub(crate) fn restart(self) -> Self {
        let Self {
            app,
            secrets,
            dir,
            workers,
            clock,
        } = self;
        for worker in workers {
            worker.abort();
        }
        drop(app);
        let (app, workers) = open(dir.path(), secrets.clone(), clock.clone());
        Self {
            app,
            secrets,
            dir,
            workers,
            clock,
        }
    }

    pub(crate) async fn connect(&self, sim: &Simulator) -> Session {
        self.app
            .connect_client_secret(connect_request(sim, SECRET))
            .await
            .unwrap()
    }
}

fn open(
    dir: &Path,
    secrets: Arc<MemorySecrets>,
    clock: Option<Arc<dyn Clock>>,
) -> (Arc<Halodesk>, [JoinHandle<()>; 2]) {
    let store = Store::open(&dir.join(DATABASE_FILE)).unwrap();
    let mut app = Halodesk::with_store(store, dir, secrets, options());
    if let Some(clock) = clock {
        app = app.with_clock(clock);
    }
    let app = Arc::new(app);
    let workers = [
        tokio::spawn(app.clone().run_outbox()),
        tokio::spawn(app.clone().run_uploads()),
    ];
    (app, workers)
}

/// Drives the simulator's `/_sim/` controls: faults, the clock, the rate limit.
pub(crate) async fn control(sim: &Simulator, what: &str, body: serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/_sim/{what}", sim.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{what}: {}",
        response.status()
    );
}

pub(crate) fn connect_request(sim: &Simulator, secret: &str) -> ConnectRequest {
    ConnectRequest {
        instance_url: sim.base_url(),
        tenant: None,
        client_id: "demo".into(),
        client_secret: secret.into(),
        name: None,
    }
}

/// Quick retries and a budget the tests do not hit.
pub(crate) fn options() -> ClientOptions {
    ClientOptions {
        budget: RateBudget {
            requests: 10_000,
            window: Duration::from_secs(300),
            share: 1.0,
        },
        retry: RetryPolicy {
            attempts: 2,
            base_backoff: Duration::from_millis(20),
            rate_limit_backoff: Duration::from_millis(50),
            max_backoff: Duration::from_millis(100),
            max_rate_limit_wait: Duration::from_secs(5),
        },
    }
}

/// Every byte of every file under `dir`.
pub(crate) fn files_contain(dir: &Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                    hits.push(path.display().to_string());
                }
            }
        }
    }
    hits
}

/// A client of the simulator of its own, for a test to change things behind the app's back.
pub(crate) async fn halo(sim: &Simulator) -> halopsa::HaloClient {
    halopsa::HaloClient::connect(
        halopsa::InstanceUrl::parse(&sim.base_url()).unwrap(),
        halopsa::Credentials::ClientSecret {
            client_id: "demo".into(),
            client_secret: halopsa::Secret::new(SECRET),
        },
        options(),
    )
    .await
    .unwrap()
}

/// An internal note on a ticket, as the composer sends it.
pub(crate) fn note(ticket_id: i32, text: &str) -> ActionAddRequest {
    ActionAddRequest {
        ticket_id,
        kind: ActionKind::InternalNote,
        note: text.into(),
        email_user: false,
        minutes: 0,
        billable: false,
        from_timer: false,
        draft_key: None,
    }
}
