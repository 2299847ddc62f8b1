use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use halodesk_core::ipc::{
    ActionAddRequest, ActionKind, ConnectRequest, Session, UploadList, UploadOptions,
    UploadPickRequest,
};
use halodesk_core::{
    AppError, Clock, Desktop, ErrorCode, Halodesk, Launch, MemorySecrets, OpenError, Parts,
};
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

/// The desktop as a test sees it: a Downloads folder of its own, the files the test says the
/// technician picks, and a record of what was handed to the default app.
#[derive(Debug)]
pub(crate) struct TestDesktop {
    pub downloads: TempDir,
    picks: Mutex<Vec<Vec<PathBuf>>>,
    opened: Mutex<Vec<String>>,
    clipboard: Mutex<Option<Vec<u8>>>,
}

impl TestDesktop {
    pub(crate) fn new() -> Self {
        Self {
            downloads: tempfile::tempdir().unwrap(),
            picks: Mutex::default(),
            opened: Mutex::default(),
            clipboard: Mutex::default(),
        }
    }

    /// The image the next paste writes, as a screenshot tool leaves it on the clipboard.
    pub(crate) fn will_paste(&self, png: &[u8]) {
        *self.clipboard.lock().unwrap() = Some(png.to_vec());
    }

    /// The files the next file dialog answers with.
    pub(crate) fn will_pick(&self, paths: Vec<PathBuf>) {
        self.picks.lock().unwrap().push(paths);
    }

    /// Every link or file handed to the default app, in order.
    pub(crate) fn opened(&self) -> Vec<String> {
        self.opened.lock().unwrap().clone()
    }
}

impl Desktop for TestDesktop {
    fn open(&self, target: &str) -> Result<(), AppError> {
        self.opened.lock().unwrap().push(target.to_owned());
        Ok(())
    }

    fn downloads_folder(&self) -> Result<PathBuf, AppError> {
        Ok(self.downloads.path().to_owned())
    }

    fn pick_files(&self, _title: &str) -> Vec<PathBuf> {
        let mut picks = self.picks.lock().unwrap();
        if picks.is_empty() {
            Vec::new()
        } else {
            picks.remove(0)
        }
    }

    fn pick_folder(&self, _title: &str, _start: &Path) -> Option<PathBuf> {
        None
    }

    fn paste_image(&self, path: &Path) -> Result<(), AppError> {
        let image = self.clipboard.lock().unwrap().take().ok_or_else(|| {
            AppError::new(ErrorCode::Invalid, "The test clipboard holds no image.")
        })?;
        std::fs::write(path, image)
            .map_err(|error| AppError::new(ErrorCode::File, error.to_string()))
    }
}

/// The app with its database in a fresh folder, its secrets in memory and its outbox and upload
/// workers running, as the shell runs them.
pub(crate) struct TestApp {
    pub app: Arc<Halodesk>,
    pub secrets: Arc<MemorySecrets>,
    pub desktop: Arc<TestDesktop>,
    pub dir: TempDir,
    workers: [JoinHandle<()>; 2],
    clock: Option<Arc<dyn Clock>>,
    demo_when_new: bool,
}

impl TestApp {
    pub(crate) fn new() -> Self {
        Self::launched(None, false)
    }

    /// The app reading the time from `clock`, across restarts too.
    pub(crate) fn with_clock(clock: Arc<dyn Clock>) -> Self {
        Self::launched(Some(clock), false)
    }

    /// The app launched with `--demo`, as `npm run app` launches it, across restarts too.
    pub(crate) fn asking_for_the_demo() -> Self {
        Self::launched(None, true)
    }

    fn launched(clock: Option<Arc<dyn Clock>>, demo_when_new: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let secrets = Arc::new(MemorySecrets::default());
        let desktop = Arc::new(TestDesktop::new());
        let (app, workers) = open(dir.path(), &secrets, &desktop, clock.clone(), demo_when_new);
        Self {
            app,
            secrets,
            desktop,
            dir,
            workers,
            clock,
            demo_when_new,
        }
    }

    /// The same data folder and keyring, as after a restart (or a kill: nothing is shut
    /// down in order).
    pub(crate) async fn restart(self) -> Self {
        let Self {
            app,
            secrets,
            desktop,
            dir,
            workers,
            clock,
            demo_when_new,
        } = self;
        for worker in workers {
            worker.abort();
            // Cancelled: the worker's future, and its hold on the app, are gone.
            let _ = worker.await;
        }
        drop(app);
        // What the workers started (uploads in flight, a blocking database call) lets go of
        // the app, and so of the data folder's lock, as it winds down, as an old process
        // exits; the new one waits for the folder like a relaunch would.
        let mut waited = Duration::ZERO;
        let (app, workers) = loop {
            match try_open(dir.path(), &secrets, &desktop, clock.clone(), demo_when_new) {
                Err(OpenError::Locked { .. }) if waited < Duration::from_secs(10) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    waited += Duration::from_millis(10);
                }
                opened => break opened.unwrap(),
            }
        };
        Self {
            app,
            secrets,
            desktop,
            dir,
            workers,
            clock,
            demo_when_new,
        }
    }

    /// Attaches `paths` to a ticket the way "Attach files…" does: the technician picks them.
    pub(crate) async fn attach(
        &self,
        ticket_id: i32,
        paths: Vec<PathBuf>,
        options: UploadOptions,
    ) -> Result<UploadList, AppError> {
        self.desktop.will_pick(paths);
        self.app
            .upload_pick(UploadPickRequest { ticket_id, options })
            .await
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
    secrets: &Arc<MemorySecrets>,
    desktop: &Arc<TestDesktop>,
    clock: Option<Arc<dyn Clock>>,
    demo_when_new: bool,
) -> (Arc<Halodesk>, [JoinHandle<()>; 2]) {
    try_open(dir, secrets, desktop, clock, demo_when_new).unwrap()
}

/// The app on `dir` with its workers running, or why the folder could not be opened.
pub(crate) fn try_open(
    dir: &Path,
    secrets: &Arc<MemorySecrets>,
    desktop: &Arc<TestDesktop>,
    clock: Option<Arc<dyn Clock>>,
    demo_when_new: bool,
) -> Result<(Arc<Halodesk>, [JoinHandle<()>; 2]), OpenError> {
    let mut parts = Parts {
        options: options(),
        launch: Launch {
            demo_when_new,
            ..Launch::default()
        },
        ..Parts::new(secrets.clone(), desktop.clone())
    };
    if let Some(clock) = clock {
        parts.clock = clock;
    }
    let app = Arc::new(Halodesk::open(dir, parts)?);
    let workers = [
        tokio::spawn(app.clone().run_outbox()),
        tokio::spawn(app.clone().run_uploads()),
    ];
    Ok((app, workers))
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
