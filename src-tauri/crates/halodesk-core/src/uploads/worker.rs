//! The upload worker: one for the app, it starts the active profile's due uploads a few at a
//! time through the client's rate governor, after a restart too.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::Notify;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::Halodesk;

/// Uploads sent at once. Two keep the link busy while one waits on HaloPSA's answer, and
/// leave room in the rate budget for the technician's own reads.
const PARALLEL: usize = 2;
/// How often an idle worker looks for due uploads that nothing woke it for.
const IDLE_CHECK: Duration = Duration::from_secs(5);

/// The worker's and the commands' shared view of the uploads in flight.
#[derive(Debug)]
pub(crate) struct UploadSignals {
    pub(super) wake: Notify,
    /// Shared with each upload's progress callback, which outlives any borrow of the app.
    pub(super) running: Arc<Mutex<HashMap<i32, Running>>>,
    pub(super) drops: Mutex<Drops>,
    /// Uploads trying JSON after the multipart endpoint refused them.
    pub(super) json_trial: Mutex<HashSet<i32>>,
    /// One paste at a time, so two quick ones never pick the same file name.
    pub(super) pasting: tokio::sync::Mutex<()>,
}

impl Default for UploadSignals {
    fn default() -> Self {
        Self {
            wake: Notify::new(),
            running: Arc::default(),
            drops: Mutex::new(Drops::default()),
            json_trial: Mutex::default(),
            pasting: tokio::sync::Mutex::new(()),
        }
    }
}

/// Files dropped on the window, kept in the shell's hands until the page says which ticket
/// they fell on: paths never travel through the page.
#[derive(Debug, Default)]
pub(super) struct Drops {
    pub(super) next_id: i32,
    pub(super) pending: Vec<(i32, Vec<PathBuf>)>,
}

#[derive(Debug)]
pub(super) struct Running {
    /// The profile it goes out for: signing it out stops it.
    pub(super) profile_id: i32,
    pub(super) cancel: CancellationToken,
    pub(super) sent: u64,
    pub(super) total: u64,
    pub(super) started: Instant,
}

impl Running {
    pub(super) fn bytes_per_second(&self) -> u64 {
        let elapsed = self.started.elapsed().as_secs_f64();
        if self.sent == 0 || elapsed <= 0.0 {
            0
        } else {
            (self.sent as f64 / elapsed) as u64
        }
    }
}

impl Halodesk {
    /// Cuts off every upload going out for `profile_id`: it signed out.
    pub(crate) fn stop_uploads_of(&self, profile_id: i32) {
        let running = self
            .uploads
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for upload in running.values().filter(|r| r.profile_id == profile_id) {
            upload.cancel.cancel();
        }
    }

    /// The upload worker. Runs for the life of the app; the shell spawns it on its runtime.
    pub async fn run_uploads(self: Arc<Self>) {
        match self
            .blocking(|store, _| Ok(store.uploads_recover_interrupted()?))
            .await
        {
            Ok(0) => {}
            Ok(interrupted) => tracing::info!(
                interrupted,
                "uploads interrupted by the last exit will be looked for before resending"
            ),
            Err(error) => tracing::warn!(%error, "the upload queue could not be prepared"),
        }
        let mut sending = JoinSet::new();
        loop {
            let wait = self.start_due(&mut sending).await;
            tokio::select! {
                () = self.uploads.wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
                Some(_) = sending.join_next(), if !sending.is_empty() => {}
            }
        }
    }

    /// Starts due uploads of the active profile while slots are free. Answers how long until
    /// the next one is due.
    async fn start_due(self: &Arc<Self>, sending: &mut JoinSet<()>) -> Duration {
        let Ok(profile) = self.active_profile().await else {
            return IDLE_CHECK;
        };
        let now = self.clock.now();
        let due = match self
            .blocking(move |store, _| Ok(store.uploads_pending(profile.id)?))
            .await
        {
            Ok(rows) => rows,
            Err(error) => {
                tracing::warn!(%error, "the upload queue could not be read");
                return IDLE_CHECK;
            }
        };
        let mut wait = IDLE_CHECK;
        for row in due {
            if let Some(at) = row.next_attempt_at.filter(|at| *at > now) {
                wait = wait.min((at - now).to_std().unwrap_or(IDLE_CHECK));
                continue;
            }
            let cancel = {
                let mut running = self
                    .uploads
                    .running
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                if running.len() >= PARALLEL || running.contains_key(&row.id) {
                    continue;
                }
                let cancel = CancellationToken::new();
                running.insert(
                    row.id,
                    Running {
                        profile_id: profile.id,
                        cancel: cancel.clone(),
                        sent: 0,
                        total: row.upload.size_bytes,
                        started: Instant::now(),
                    },
                );
                cancel
            };
            let (app, profile) = (self.clone(), profile.clone());
            sending.spawn(async move {
                let id = row.id;
                {
                    // Frees the slot even if sending panics.
                    let _slot = RunningSlot(&app.uploads.running, id);
                    app.send_one(&profile, row, cancel).await;
                }
                app.announce_upload(id).await;
            });
        }
        wait
    }
}

/// An upload's place among those sending, given up when dropped.
pub(super) struct RunningSlot<'a>(&'a Mutex<HashMap<i32, Running>>, i32);

impl Drop for RunningSlot<'_> {
    fn drop(&mut self) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.1);
    }
}
