//! The app's state and the body of every command: profiles and sign-in, the demo, the queue
//! and the ticket view. The shell holds one [`Halodesk`] and calls these methods; tests call
//! them directly against the simulator.

mod demo;
mod drafts;
mod outbox;
mod profiles;
mod queue;
mod sla_watch;
mod ticket;
mod uploads;
mod workflow;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use halopsa::{ClientOptions, HaloClient};
use tokio::sync::{Mutex, Notify, watch};
use tokio::task::JoinHandle;

use crate::api::{AgentSummary, Profile, Session};
use crate::secrets::SecretStore;
use crate::store::Store;
use crate::{AppError, ErrorCode};

pub use sla_watch::{NoteAction, Notifier, WatchEvent};
pub use ticket::checked_link;

/// The database file inside the app's data folder.
pub const DATABASE_FILE: &str = "halodesk.sqlite3";

/// Everything the app holds between commands. One per process.
#[derive(Debug)]
pub struct Halodesk {
    store: Arc<Store>,
    secrets: Arc<dyn SecretStore>,
    data_dir: PathBuf,
    options: ClientOptions,
    active: Mutex<Option<Active>>,
    demo: Mutex<Option<demo::Demo>>,
    sign_in: std::sync::Mutex<Option<profiles::PendingBrowser>>,
    /// One sync at a time: a timer and a click arriving together do the work once.
    syncing: Mutex<()>,
    outbox: OutboxSignals,
    clock: Arc<dyn Clock>,
    watch_events: tokio::sync::broadcast::Sender<WatchEvent>,
    watch_poll: Mutex<sla_watch::PollState>,
    uploads: uploads::UploadSignals,
}

/// Where the app reads the time: the wall clock, or a test's.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> jiff::Timestamp;
}

#[derive(Debug)]
struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
}

/// How many watch events wait for a slow listener before the oldest are dropped (a status
/// that is dropped is replaced by the next one a minute later).
const WATCH_EVENT_BUFFER: usize = 64;

/// How write commands and the outbox worker reach each other.
#[derive(Debug, Default)]
struct OutboxSignals {
    /// A write was stored, or the connection came back.
    wake: Notify,
    /// Counts the worker's rounds; touched after each write too, so waiting commands look.
    rounds: watch::Sender<Rounds>,
    /// One round at a time; a discard waits for the round to end.
    delivering: Mutex<()>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Rounds {
    started: u64,
    finished: u64,
}

/// The profile in use, and its client once connected (lazily: the cached queue shows first).
#[derive(Debug)]
struct Active {
    profile: Profile,
    client: Option<HaloClient>,
    /// Copies a rotated refresh token into the keyring; stopped when the profile changes.
    token_keeper: Option<JoinHandle<()>>,
}

impl Drop for Active {
    fn drop(&mut self) {
        if let Some(keeper) = self.token_keeper.take() {
            keeper.abort();
        }
    }
}

impl Halodesk {
    /// Opens (or creates) the database in `data_dir`; secrets go to `secrets`.
    pub fn open(data_dir: &Path, secrets: Arc<dyn SecretStore>) -> Result<Self, AppError> {
        let store = Store::open(&data_dir.join(DATABASE_FILE))?;
        Ok(Self::with_store(
            store,
            data_dir,
            secrets,
            ClientOptions::default(),
        ))
    }

    /// Assembles the app from its parts, for tests that choose the store and client options.
    pub fn with_store(
        store: Store,
        data_dir: &Path,
        secrets: Arc<dyn SecretStore>,
        options: ClientOptions,
    ) -> Self {
        Self {
            store: Arc::new(store),
            secrets,
            data_dir: data_dir.to_owned(),
            options,
            active: Mutex::new(None),
            demo: Mutex::new(None),
            sign_in: std::sync::Mutex::new(None),
            syncing: Mutex::new(()),
            outbox: OutboxSignals::default(),
            clock: Arc::new(SystemClock),
            watch_events: tokio::sync::broadcast::channel(WATCH_EVENT_BUFFER).0,
            watch_poll: Mutex::new(sla_watch::PollState::default()),
            uploads: uploads::UploadSignals::default(),
        }
    }

    /// Reads the time from `clock` instead of the wall clock: for tests on the simulator's.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Called as the app exits: leaves the database in one file. A failure only costs the
    /// next start a moment of recovery, so it is logged, not raised.
    pub fn shutdown(&self) {
        if let Err(error) = self.store.checkpoint() {
            tracing::warn!(%error, "the database log was not folded in on exit");
        }
    }

    /// The profile in use, or the error that sends the technician to the welcome screen.
    async fn active_profile(&self) -> Result<Profile, AppError> {
        match self.active.lock().await.as_ref() {
            Some(active) => Ok(active.profile.clone()),
            None => Err(no_session()),
        }
    }

    /// The active profile's client, connecting first if this is the first request since start.
    /// The lock is not held while connecting: an unreachable instance must not keep the
    /// technician from switching profiles or reading the cache meanwhile.
    async fn client(&self) -> Result<(Profile, HaloClient), AppError> {
        let profile = {
            let active = self.active.lock().await;
            let active = active.as_ref().ok_or_else(no_session)?;
            if let Some(client) = &active.client {
                return Ok((active.profile.clone(), client.clone()));
            }
            active.profile.clone()
        };
        let client = self.connect_profile(&profile).await?;
        let mut active = self.active.lock().await;
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
    async fn client_for(&self, profile: &Profile) -> Result<HaloClient, AppError> {
        match self.client().await? {
            (active, client) if active.id == profile.id => Ok(client),
            _ => Err(connection_changed()),
        }
    }

    /// Makes `profile` the one in use, with its client when already connected.
    async fn activate(
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
        });
        Ok(Session { profile, agent })
    }

    /// Runs a blocking store or keyring call off the async workers.
    async fn blocking<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Store, &dyn SecretStore) -> Result<T, AppError> + Send + 'static,
    {
        let (store, secrets) = (self.store.clone(), self.secrets.clone());
        tokio::task::spawn_blocking(move || work(&store, secrets.as_ref()))
            .await
            .map_err(|error| {
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

fn agent_summary(agent: &halopsa::Agent) -> AgentSummary {
    AgentSummary {
        id: agent.id,
        name: agent.name.clone(),
        email: agent.email.clone(),
        team_name: agent.team_name.clone(),
    }
}
