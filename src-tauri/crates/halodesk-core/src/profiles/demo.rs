//! Demo mode: the simulator runs inside the app with its demo data, so a new technician sees a
//! working queue without an instance. Its data lives only as long as the app runs.
//!
//! The simulator listens on loopback, where every program of the machine can reach it: so it
//! takes only credentials made up for this run and kept in memory, and its `/_sim/` controls
//! (reset, counters, clock) are not served. The app needs none of them: a reset starts a new
//! simulator.

use halopsa::{Credentials, HaloClient, InstanceUrl, Secret};
use halopsa_sim::{SimConfig, Simulator};
use rand::distr::{Alphanumeric, SampleString};

use super::store::NewProfile;
use crate::app::agent_summary;
use crate::ipc::{DemoResetRequest, DemoStartRequest, Session, SignInMethod};
use crate::{AppError, ErrorCode, Halodesk};

/// The simulator the demo runs on, and how to sign in to it.
#[derive(Debug)]
pub(crate) struct Demo {
    simulator: Simulator,
    client_id: String,
    client_secret: Secret,
}

/// Characters in the demo's made-up client secret: about 190 random bits.
const SECRET_LENGTH: usize = 32;

impl Halodesk {
    /// Starts the simulator (once per run) and switches to the demo profile.
    pub async fn demo_start(&self, request: DemoStartRequest) -> Result<Session, AppError> {
        let DemoStartRequest {} = request;
        let started = self.ensure_demo().await?;
        let client = self.demo_client().await?;
        let agent = agent_summary(&client.me().await?);
        let profile = self
            .blocking(move |store, _| {
                let profile = match store.demo_profile()? {
                    Some(profile) => {
                        store.set_profile_agent(profile.id, &agent)?;
                        profile
                    }
                    None => store.add_profile(&NewProfile {
                        name: "Demo".into(),
                        method: SignInMethod::Demo,
                        instance_url: String::new(),
                        tenant: None,
                        client_id: String::new(),
                        agent: Some(agent),
                    })?,
                };
                // A new simulator is a new instance: what the cache held came from the last run.
                if started {
                    store.clear_cache(profile.id)?;
                }
                Ok(store.profile(profile.id)?.unwrap_or(profile))
            })
            .await?;
        self.activate(profile, Some(client)).await
    }

    /// Puts the demo back as it was: a new simulator and an empty cache.
    pub async fn demo_reset(&self, request: DemoResetRequest) -> Result<Session, AppError> {
        let DemoResetRequest {} = request;
        if let Some(demo) = self.demo.lock().await.take() {
            // Requests in flight finish first; the old data goes with it.
            let _ = demo.simulator.shutdown().await;
        }
        let session = self.demo_start(DemoStartRequest {}).await?;
        // The writes were for tickets the old simulator held; not while a round sends them.
        let profile_id = session.profile.id;
        let no_round = self.outbox.delivering.lock().await;
        self.blocking(move |store, _| Ok(store.outbox_clear(profile_id)?))
            .await?;
        drop(no_round);
        self.outbox.changed.notify_one();
        Ok(session)
    }

    /// Starts the simulator unless it runs; says whether it was started now.
    async fn ensure_demo(&self) -> Result<bool, AppError> {
        let mut demo = self.demo.lock().await;
        if demo.is_some() {
            return Ok(false);
        }
        // The thread's generator is not `Send`: dropped before the first await.
        let (client_id, client_secret) = {
            let mut random = rand::rng();
            (
                format!("demo-{}", Alphanumeric.sample_string(&mut random, 8)),
                Secret::new(Alphanumeric.sample_string(&mut random, SECRET_LENGTH)),
            )
        };
        let config = SimConfig {
            client_id: client_id.clone(),
            client_secret: client_secret.expose().to_owned(),
            http_controls: false,
            ..SimConfig::default()
        };
        let simulator = Simulator::start_on_loopback(config)
            .await
            .map_err(|error| {
                AppError::new(
                    ErrorCode::Demo,
                    format!("The demo could not start: no local port was free ({error})."),
                )
            })?;
        *demo = Some(Demo {
            simulator,
            client_id,
            client_secret,
        });
        Ok(true)
    }

    /// Where the demo's simulator listens while it runs, e.g. `http://127.0.0.1:40123`.
    pub async fn demo_address(&self) -> Option<String> {
        self.demo
            .lock()
            .await
            .as_ref()
            .map(|demo| demo.simulator.base_url())
    }

    /// A client of the running demo simulator.
    pub(crate) async fn demo_client(&self) -> Result<HaloClient, AppError> {
        let (url, credentials) = {
            let demo = self.demo.lock().await;
            let demo = demo.as_ref().ok_or_else(|| {
                AppError::new(ErrorCode::Demo, "The demo is not running. Start it again.")
            })?;
            (
                demo.simulator.base_url(),
                Credentials::ClientSecret {
                    client_id: demo.client_id.clone(),
                    client_secret: demo.client_secret.clone(),
                },
            )
        };
        let instance = InstanceUrl::parse(&url).map_err(halopsa::Error::from)?;
        Ok(HaloClient::connect(instance, credentials, self.options).await?)
    }
}
