//! The app: what it holds between commands, the profile in use and its client. Each feature
//! adds its commands and background work as `impl Halodesk` blocks of its own; the shell holds
//! one [`Halodesk`] and tests call the same methods against the simulator.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use halopsa::{ClientOptions, HaloClient};
use tokio::sync::{Mutex, broadcast};
use tokio::task::JoinHandle;

use crate::data_folder::{FolderLock, OpenError};
use crate::files::{make_private_folder, purge_older_than};
use crate::ipc::{AgentSummary, BuildInfo, BuildProfile, Event, Profile, Session};
use crate::profiles::secrets::SecretStore;
use crate::profiles::{Demo, PendingBrowser};
use crate::store::{Durability, Store};
use crate::ticket::{OPENED_KEPT, opened_root};
use crate::uploads::UploadSignals;
use crate::watch::PollState;
use crate::workflow::outbox::OutboxSignals;
use crate::{AppError, Clock, Desktop, ErrorCode, SystemClock};

/// The database file inside the app's data folder.
pub const DATABASE_FILE: &str = "halodesk.sqlite3";

/// How many state events wait for a slow listener before the oldest are dropped. Each carries
/// a whole state (an upload's row, the outbox's list, the watch's counts), so the next one of
/// its kind replaces what was missed; a burst of upload progress is at most four a second
/// per upload.
const EVENT_BUFFER: usize = 256;
/// How many notification clicks wait for a slow listener. They have a channel of their own, so
/// no burst of state can crowd one out.
const CLICK_BUFFER: usize = 64;

/// Everything the app holds between commands. One per process.
#[derive(Debug)]
pub struct Halodesk {
    pub(crate) store: Arc<Store>,
    pub(crate) secrets: Arc<dyn SecretStore>,
    pub(crate) desktop: Arc<dyn Desktop>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) data_dir: PathBuf,
    pub(crate) options: ClientOptions,
    pub(crate) launch: Launch,
    active: Mutex<Option<Active>>,
    pub(crate) demo: Mutex<Option<Demo>>,
    pub(crate) sign_in: std::sync::Mutex<Option<PendingBrowser>>,
    /// One sync at a time: a timer and a click arriving together do the work once.
    pub(crate) syncing: Mutex<()>,
    pub(crate) events: broadcast::Sender<Event>,
    /// Notification clicks, which nothing later replaces.
    pub(crate) clicks: broadcast::Sender<Event>,
    pub(crate) outbox: OutboxSignals,
    pub(crate) watch_poll: Mutex<PollState>,
    pub(crate) uploads: UploadSignals,
    /// This copy's hold on the data folder, released last, once the database is closed.
    _folder_lock: FolderLock,
}

/// What the app is made of that comes from outside it: where secrets go, the desktop it runs
/// on, its clock, how it talks to HaloPSA and how it was launched.
#[derive(Debug, Clone)]
pub struct Parts {
    pub secrets: Arc<dyn SecretStore>,
    pub desktop: Arc<dyn Desktop>,
    /// The wall clock, unless a test brings its own.
    pub clock: Arc<dyn Clock>,
    pub options: ClientOptions,
    pub launch: Launch,
    /// How far each commit goes to the disk: [`Durability::Full`] unless a benchmark
    /// measures what that costs.
    pub durability: Durability,
}

impl Parts {
    /// The parts of a real run: the wall clock, the client's default budget and retries, and
    /// a development build launched without options.
    pub fn new(secrets: Arc<dyn SecretStore>, desktop: Arc<dyn Desktop>) -> Self {
        Self {
            secrets,
            desktop,
            clock: Arc::new(SystemClock),
            options: ClientOptions::default(),
            launch: Launch::default(),
            durability: Durability::Full,
        }
    }
}

/// How the app was started: which build, when, and what the command line asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub version: String,
    pub build: BuildInfo,
    /// When this process started, in milliseconds since the Unix epoch: the zero of the UI's
    /// start-up timings.
    pub started_at_ms: u64,
    /// `--demo`: a first start opens the demo rather than the welcome screen.
    pub demo_when_new: bool,
}

/// A build that says nothing about itself: for tests and tools that run the core alone.
impl Default for Launch {
    fn default() -> Self {
        Self {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            build: BuildInfo {
                commit: "unknown".to_owned(),
                profile: if cfg!(debug_assertions) {
                    BuildProfile::Debug
                } else {
                    BuildProfile::Release
                },
                identifier: String::new(),
            },
            started_at_ms: 0,
            demo_when_new: false,
        }
    }
}

/// The profile in use, and its client once connected (lazily: the cached queue shows first).
#[derive(Debug)]
struct Active {
    profile: Profile,
    client: Option<HaloClient>,
    /// Copies a rotated refresh token into the keyring; stopped when the profile changes.
    token_keeper: Option<JoinHandle<()>>,
    /// HaloPSA refused this profile's sign-in when it connected (a revoked grant): every
    /// request answers this until the technician signs in again (a new `Active`), rather
    /// than each command, tick and retry asking Halo once more.
    refused: Option<AppError>,
}

impl Drop for Active {
    fn drop(&mut self) {
        if let Some(keeper) = self.token_keeper.take() {
            keeper.abort();
        }
    }
}

impl Halodesk {
    /// Makes `data_dir` a folder only its owner may read, locks it for this copy of Halodesk,
    /// opens (or creates) the database in it and assembles the app from `parts`. The lock comes
    /// before the database: nothing may touch it (the workers' start-up recovery least of all)
    /// while another copy uses it. Opened attachments older than a week are removed.
    pub fn open(data_dir: &Path, parts: Parts) -> Result<Self, OpenError> {
        make_private_folder(data_dir).map_err(|error| OpenError::from_io(data_dir, &error))?;
        let folder_lock = FolderLock::take(data_dir)?;
        let store = Store::open(&data_dir.join(DATABASE_FILE), parts.durability)
            .map_err(|error| OpenError::from_store(data_dir, error))?;
        let Parts {
            secrets,
            desktop,
            clock,
            options,
            launch,
            durability: _,
        } = parts;
        let cutoff = SystemTime::from(clock.now() - OPENED_KEPT);
        let purged = purge_older_than(&opened_root(data_dir), cutoff);
        if purged > 0 {
            tracing::info!(purged, "opened attachments older than a week were removed");
        }
        Ok(Self {
            store: Arc::new(store),
            secrets,
            desktop,
            clock,
            data_dir: data_dir.to_owned(),
            options,
            launch,
            active: Mutex::new(None),
            demo: Mutex::new(None),
            sign_in: std::sync::Mutex::new(None),
            syncing: Mutex::new(()),
            events: broadcast::channel(EVENT_BUFFER).0,
            clicks: broadcast::channel(CLICK_BUFFER).0,
            outbox: OutboxSignals::default(),
            watch_poll: Mutex::new(PollState::default()),
            uploads: UploadSignals::default(),
            _folder_lock: folder_lock,
        })
    }

    /// Everything the window should hear: notification clicks, the watch's counts, upload
    /// rows and the outbox. The shell emits each under its name.
    pub fn events(&self) -> Events {
        Events {
            clicks: self.clicks.subscribe(),
            state: self.events.subscribe(),
        }
    }

    /// Sends a state event to whoever listens; nobody listening (a test, a window not yet
    /// open) is fine, since every state is read again on demand. Clicks go by `clicks`.
    pub(crate) fn announce(&self, event: Event) {
        let _ = self.events.send(event);
    }

    /// Called as the app exits: leaves the database in one file. A failure only costs the
    /// next start a moment of recovery, so it is logged, not raised.
    pub fn shutdown(&self) {
        if let Err(error) = self.store.checkpoint() {
            tracing::warn!(%error, "the database log was not folded in on exit");
        }
    }

    /// The profile in use, or the error that sends the technician to the welcome screen.
    pub(crate) async fn active_profile(&self) -> Result<Profile, AppError> {
        match self.active.lock().await.as_ref() {
            Some(active) => Ok(active.profile.clone()),
            None => Err(no_session()),
        }
    }

    /// Stops using `profile_id`, if it is the profile in use.
    pub(crate) async fn deactivate(&self, profile_id: i32) {
        let mut active = self.active.lock().await;
        if active.as_ref().is_some_and(|a| a.profile.id == profile_id) {
            *active = None;
        }
    }

    /// Whether any profile is in use.
    pub(crate) async fn in_session(&self) -> bool {
        self.active.lock().await.is_some()
    }

    /// The active profile's client, connecting first if this is the first request since start.
    /// The lock is not held while connecting: an unreachable instance must not keep the
    /// technician from switching profiles or reading the cache meanwhile.
    pub(crate) async fn client(&self) -> Result<(Profile, HaloClient), AppError> {
        let profile = {
            let active = self.active.lock().await;
            let active = active.as_ref().ok_or_else(no_session)?;
            if let Some(client) = &active.client {
                return Ok((active.profile.clone(), client.clone()));
            }
            if let Some(refused) = &active.refused {
                return Err(refused.clone());
            }
            active.profile.clone()
        };
        let connected = self.connect_profile(&profile).await;
        let mut active = self.active.lock().await;
        let client = match connected {
            Ok(client) => client,
            Err(error) => {
                if error.code == ErrorCode::Unauthorized
                    && let Some(active) = active.as_mut().filter(|a| a.profile.id == profile.id)
                {
                    active.refused = Some(error.clone());
                }
                return Err(error);
            }
        };
        match active.as_mut() {
            // Still the profile in use: keep the client, unless another request connected first.
            Some(active) if active.profile.id == profile.id => {
                if let Some(existing) = &active.client {
                    return Ok((active.profile.clone(), existing.clone()));
                }
                active.token_keeper = self.keep_refresh_token(&active.profile, &client);
                active.client = Some(client.clone());
                Ok((active.profile.clone(), client))
            }
            // The technician switched or signed out meanwhile: this answer is for nobody.
            _ => Err(connection_changed()),
        }
    }

    /// The client of `profile`, which must still be the one in use: an answer read for one
    /// profile must never be kept, or a write sent, under another.
    pub(crate) async fn client_for(&self, profile: &Profile) -> Result<HaloClient, AppError> {
        match self.client().await? {
            (active, client) if active.id == profile.id => Ok(client),
            _ => Err(connection_changed()),
        }
    }

    /// Makes `profile` the one in use, with its client when already connected.
    pub(crate) async fn activate(
        &self,
        profile: Profile,
        client: Option<HaloClient>,
    ) -> Result<Session, AppError> {
        let agent = profile.agent.clone().ok_or_else(|| {
            AppError::new(
                ErrorCode::NoSession,
                "This connection has not been tested yet: sign in again.",
            )
        })?;
        self.store.set_active_profile(Some(profile.id))?;
        let token_keeper = client
            .as_ref()
            .and_then(|client| self.keep_refresh_token(&profile, client));
        *self.active.lock().await = Some(Active {
            profile: profile.clone(),
            client,
            token_keeper,
            refused: None,
        });
        // The window follows the outbox of the connection in use.
        self.outbox.changed.notify_one();
        Ok(Session { profile, agent })
    }

    /// Runs a blocking store or keyring call off the async workers.
    pub(crate) async fn blocking<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Store, &dyn SecretStore) -> Result<T, AppError> + Send + 'static,
    {
        let (store, secrets) = (self.store.clone(), self.secrets.clone());
        self.off_thread(move || work(&store, secrets.as_ref()))
            .await
    }

    /// Runs blocking work (the database, the keyring, a dialog) off the async workers.
    pub(crate) async fn off_thread<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, AppError> + Send + 'static,
    {
        tokio::task::spawn_blocking(work).await.map_err(|error| {
            AppError::new(
                ErrorCode::Storage,
                format!("Halodesk's background work stopped unexpectedly ({error})."),
            )
        })?
    }
}

fn connection_changed() -> AppError {
    AppError::new(
        ErrorCode::NoSession,
        "The connection changed while this was loading. Try again.",
    )
}

fn no_session() -> AppError {
    AppError::new(
        ErrorCode::NoSession,
        "No HaloPSA connection is in use. Connect to your instance or try the demo.",
    )
}

pub(crate) fn agent_summary(agent: &halopsa::Agent) -> AgentSummary {
    AgentSummary {
        id: agent.id,
        name: agent.name.clone(),
        email: agent.email.clone(),
        team_name: agent.team_name.clone(),
    }
}

/// What the core tells the window, as one stream: notification clicks first, then the latest
/// states. A listener that fell behind loses only states that a newer one has replaced.
#[derive(Debug)]
pub struct Events {
    clicks: broadcast::Receiver<Event>,
    state: broadcast::Receiver<Event>,
}

impl Events {
    /// The next event; `None` once the app is gone.
    pub async fn recv(&mut self) -> Option<Event> {
        loop {
            let received = tokio::select! {
                biased;
                click = self.clicks.recv() => click,
                state = self.state.recv() => state,
            };
            match received {
                Ok(event) => return Some(event),
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }

    /// The next event already sent, without waiting.
    pub fn try_recv(&mut self) -> Option<Event> {
        [&mut self.clicks, &mut self.state]
            .into_iter()
            .find_map(|channel| {
                loop {
                    match channel.try_recv() {
                        Ok(event) => break Some(event),
                        Err(broadcast::error::TryRecvError::Lagged(_)) => {}
                        Err(_) => break None,
                    }
                }
            })
    }
}
