//! The upload queue: files dropped, pasted or picked are stored in SQLite first, then one
//! worker streams them to HaloPSA, a few at a time, through the client's rate governor.
//! Progress goes out as events; an upload whose answer was lost is looked for on the ticket
//! before it is sent again, after a restart too.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use halopsa::{HaloClient, UploadMode, UploadProgress, UploadRequest};
use jiff::Timestamp;
use tokio::sync::{Notify, broadcast};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::Halodesk;
use super::ticket::{create_folder, free_path};
use crate::api::{Profile, UploadItem, UploadList, UploadOptions, UploadState};
use crate::store::{NewUpload, UploadRow};
use crate::uploads::{
    AfterUploadFailure, after_upload_failure, clipboard_png, inspect, keeps_waiting,
};
use crate::{AppError, ErrorCode};

/// Uploads sent at once. Two keep the link busy while one waits on HaloPSA's answer, and
/// leave room in the rate budget for the technician's own reads.
const PARALLEL: usize = 2;
/// How often an idle worker looks for due uploads that nothing woke it for.
const IDLE_CHECK: Duration = Duration::from_secs(5);
/// How often an upload reports its progress, at most: the bar moves four times a second, and
/// each move is a repaint the page pays for while the technician types (measured by
/// `tests/e2e/bench/upload.bench.ts`).
const PROGRESS_INTERVAL: Duration = Duration::from_millis(250);
/// Events waiting for a slow listener before the oldest are dropped (the next one replaces
/// them: each carries the whole row).
const EVENT_BUFFER: usize = 256;
/// Drops the page has not claimed yet; older ones are forgotten.
const PENDING_DROPS: usize = 16;
/// How long an upload waits when the instance could not be asked at all.
const INSTANCE_RETRY: jiff::SignedDuration = jiff::SignedDuration::from_secs(15);
/// Where pasted screenshots are written, inside the app's data folder.
const PASTED_DIR: &str = "pasted";

/// The worker's and the commands' shared view of the uploads in flight.
#[derive(Debug)]
pub(super) struct UploadSignals {
    wake: Notify,
    /// Shared with each upload's progress callback, which outlives any borrow of the app.
    running: Arc<Mutex<HashMap<i32, Running>>>,
    events: broadcast::Sender<UploadItem>,
    drops: Mutex<Drops>,
    /// Uploads trying JSON after the multipart endpoint refused them.
    json_trial: Mutex<HashSet<i32>>,
    /// One paste at a time, so two quick ones never pick the same file name.
    pasting: tokio::sync::Mutex<()>,
}

impl Default for UploadSignals {
    fn default() -> Self {
        Self {
            wake: Notify::new(),
            running: Arc::default(),
            events: broadcast::channel(EVENT_BUFFER).0,
            drops: Mutex::new(Drops::default()),
            json_trial: Mutex::default(),
            pasting: tokio::sync::Mutex::new(()),
        }
    }
}

/// Files dropped on the window, kept in the shell's hands until the page says which ticket
/// they fell on: paths never travel through the page.
#[derive(Debug, Default)]
struct Drops {
    next_id: i32,
    pending: Vec<(i32, Vec<PathBuf>)>,
}

#[derive(Debug)]
struct Running {
    cancel: CancellationToken,
    sent: u64,
    total: u64,
    started: Instant,
}

impl Running {
    fn bytes_per_second(&self) -> u64 {
        let elapsed = self.started.elapsed().as_secs_f64();
        if self.sent == 0 || elapsed <= 0.0 {
            0
        } else {
            (self.sent as f64 / elapsed) as u64
        }
    }
}

impl Halodesk {
    /// Every change to an upload: queued, progress, done, failed.
    pub fn upload_events(&self) -> broadcast::Receiver<UploadItem> {
        self.uploads.events.subscribe()
    }

    /// Keeps the paths of a drop until the page claims them with [`Self::upload_drop`].
    pub fn drop_received(&self, paths: Vec<PathBuf>) -> i32 {
        let mut drops = self
            .uploads
            .drops
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        drops.next_id = drops.next_id.wrapping_add(1).max(1);
        let id = drops.next_id;
        drops.pending.push((id, paths));
        let excess = drops.pending.len().saturating_sub(PENDING_DROPS);
        drops.pending.drain(..excess);
        id
    }

    /// Queues the files of drop `drop_id` on the ticket they were dropped on.
    pub async fn upload_drop(
        &self,
        drop_id: i32,
        ticket_id: i32,
        options: UploadOptions,
    ) -> Result<UploadList, AppError> {
        let paths = {
            let mut drops = self
                .uploads
                .drops
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let at = drops.pending.iter().position(|(id, _)| *id == drop_id);
            at.map(|at| drops.pending.remove(at).1)
        };
        let paths = paths.ok_or_else(|| {
            AppError::new(
                ErrorCode::Invalid,
                "Those files were dropped too long ago. Drop them again.",
            )
        })?;
        self.upload_files(ticket_id, paths, options).await
    }

    /// Queues the screenshot on the clipboard, written as a PNG in the app's data folder.
    pub async fn upload_paste(
        &self,
        ticket_id: i32,
        options: UploadOptions,
    ) -> Result<UploadList, AppError> {
        let _one_at_a_time = self.uploads.pasting.lock().await;
        let folder = self.data_dir.join(PASTED_DIR);
        create_folder(&folder).await?;
        let local = jiff::tz::TimeZone::system().to_datetime(self.clock.now());
        let stamp = local.strftime("%Y-%m-%d %H.%M.%S").to_string();
        let path = free_path(&folder, &format!("Screenshot {stamp}.png"));
        let written = path.clone();
        tokio::task::spawn_blocking(move || clipboard_png(&written))
            .await
            .map_err(|error| {
                AppError::new(
                    ErrorCode::File,
                    format!("Reading the clipboard stopped unexpectedly ({error})."),
                )
            })??;
        self.queue_files(ticket_id, vec![path], options, true).await
    }

    /// Queues files on a ticket. Each file is looked at first: one that cannot go (a folder,
    /// an empty or unreadable file, one larger than the instance accepts) is listed with its
    /// reason while the others are sent.
    pub async fn upload_files(
        &self,
        ticket_id: i32,
        paths: Vec<PathBuf>,
        options: UploadOptions,
    ) -> Result<UploadList, AppError> {
        self.queue_files(ticket_id, paths, options, false).await
    }

    async fn queue_files(
        &self,
        ticket_id: i32,
        paths: Vec<PathBuf>,
        options: UploadOptions,
        owned_file: bool,
    ) -> Result<UploadList, AppError> {
        let profile = self.active_profile().await?;
        let now = self.clock.now();
        self.blocking(move |store, _| {
            let refused = store.upload_learning(profile.id)?.refused_bytes;
            for path in paths {
                let inspected = inspect(&path, refused);
                let (filename, size_bytes, is_image) = match &inspected {
                    Ok(file) => (file.filename.clone(), file.size_bytes, file.is_image),
                    Err(refused) => (refused.filename.clone(), refused.size_bytes, false),
                };
                let upload = NewUpload {
                    ticket_id,
                    path: path.display().to_string(),
                    filename,
                    size_bytes,
                    note: options.note.trim().to_owned(),
                    show_for_users: options.visible_to_user,
                    is_image,
                    owned_file,
                };
                let (state, error) = match &inspected {
                    Ok(_) => (UploadState::Queued, None),
                    Err(refused) => (UploadState::Failed, Some(refused.reason.as_str())),
                };
                store.upload_add(profile.id, &upload, state, error, now)?;
            }
            Ok(())
        })
        .await?;
        self.uploads.wake.notify_one();
        // The command's answer carries the new rows; the worker announces what follows.
        self.upload_list(Some(ticket_id)).await
    }

    /// The active profile's uploads, of one ticket or all, with the progress of those going out.
    pub async fn upload_list(&self, ticket_id: Option<i32>) -> Result<UploadList, AppError> {
        let profile = self.active_profile().await?;
        let rows = self
            .blocking(move |store, _| Ok(store.uploads(profile.id, ticket_id)?))
            .await?;
        Ok(UploadList {
            items: rows.iter().map(|row| self.item(row)).collect(),
        })
    }

    /// Stops an upload: one going out is cut off, one waiting never goes.
    pub async fn upload_cancel(&self, id: i32) -> Result<UploadList, AppError> {
        let row = self.own_upload(id).await?;
        let cancelled_running = {
            let running = self
                .uploads
                .running
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            running.get(&id).map(|r| r.cancel.cancel()).is_some()
        };
        if !cancelled_running {
            // Only a waiting upload: one that landed meanwhile stays landed.
            self.blocking(move |store, _| Ok(store.upload_cancel_waiting(id)?))
                .await?;
        }
        self.upload_list(Some(row.upload.ticket_id)).await
    }

    /// Sends a failed or cancelled upload again. The file is looked at anew (it may have been
    /// fixed since), and a size limit learnt earlier is not held against it: the technician
    /// may have had it raised, and a second 413 teaches it again. One that went out before is
    /// looked for on the ticket first, as its last send may have landed.
    pub async fn upload_retry(&self, id: i32) -> Result<UploadList, AppError> {
        let row = self.own_upload(id).await?;
        if matches!(row.state, UploadState::Failed | UploadState::Cancelled) {
            let path = PathBuf::from(&row.upload.path);
            self.blocking(move |store, _| {
                match inspect(&path, None) {
                    Ok(file) => drop(store.upload_requeue(id, file.size_bytes)?),
                    Err(refused) => drop(store.upload_refail(id, &refused.reason)?),
                }
                Ok(())
            })
            .await?;
            self.uploads.wake.notify_one();
        }
        self.upload_list(Some(row.upload.ticket_id)).await
    }

    /// Takes the ticket's finished uploads off its list, and deletes the pasted images among
    /// them that never landed (those that did were deleted then).
    pub async fn upload_clear(&self, ticket_id: i32) -> Result<UploadList, AppError> {
        let profile = self.active_profile().await?;
        let pasted = self
            .blocking(move |store, _| Ok(store.uploads_clear(profile.id, ticket_id)?))
            .await?;
        for path in pasted {
            if let Err(error) = tokio::fs::remove_file(&path).await {
                tracing::debug!(%error, "a pasted image could not be removed");
            }
        }
        self.upload_list(Some(ticket_id)).await
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
                wait = wait.min(Duration::try_from(at - now).unwrap_or(IDLE_CHECK));
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
                app.announce(id).await;
            });
        }
        wait
    }

    /// Takes one upload as far as it goes: looked for when its last send was lost, else sent.
    async fn send_one(&self, profile: &Profile, row: UploadRow, cancel: CancellationToken) {
        let id = row.id;
        // Cancelled between the worker's read and now: it never goes.
        let row = match self.blocking(move |store, _| Ok(store.upload(id)?)).await {
            Ok(Some(fresh))
                if matches!(fresh.state, UploadState::Queued | UploadState::Checking) =>
            {
                fresh
            }
            _ => return,
        };
        let client = match self.client_for(profile).await {
            Ok(client) => client,
            Err(error) => {
                return self
                    .wait_unless_cancelled(&row, &cancel, &error.message)
                    .await;
            }
        };
        // The file as it is now: the size it goes out at, and is looked for by if lost.
        let size = tokio::fs::metadata(&row.upload.path)
            .await
            .map_or(row.upload.size_bytes, |m| m.len());
        let seen_before = match self.land_check(profile, &client, &row, size).await {
            Ok(Landed::Yes(attachment_id)) => return self.finish(&row, attachment_id).await,
            Ok(Landed::No { seen_before }) => seen_before,
            Err(error) if keeps_waiting(&error) => {
                return self
                    .wait_unless_cancelled(&row, &cancel, &error.to_string())
                    .await;
            }
            Err(error) => {
                let message = error.to_string();
                let _ = self
                    .set_state(id, UploadState::Failed, Some(message), None)
                    .await;
                return;
            }
        };
        let seen = seen_before.clone();
        let marked = self
            .blocking(move |store, _| Ok(store.upload_sending(id, &seen, size)?))
            .await;
        if cancel.is_cancelled() || !matches!(marked, Ok(true)) {
            let _ = self
                .blocking(move |store, _| Ok(store.upload_cancel_waiting(id)?))
                .await;
            return;
        }
        // As marked: its size now, and the revision its progress reports carry.
        let row = match self.blocking(move |store, _| Ok(store.upload(id)?)).await {
            Ok(Some(marked)) => marked,
            _ => return,
        };
        self.announce(id).await;
        let learning = self
            .blocking({
                let profile = profile.id;
                move |store, _| Ok(store.upload_learning(profile)?)
            })
            .await
            .unwrap_or_default();
        let multipart = !learning.json_only && !self.json_trial().contains(&id);
        let request = UploadRequest {
            path: PathBuf::from(&row.upload.path),
            ticket_id: row.upload.ticket_id,
            action_id: None,
            filename: Some(row.upload.filename.clone()),
            note: Some(row.upload.note.clone()).filter(|note| !note.is_empty()),
            is_image: Some(row.upload.is_image),
            show_for_users: Some(row.upload.show_for_users),
            mode: if multipart {
                UploadMode::Multipart
            } else {
                UploadMode::Json
            },
        };
        let progress = self.progress_sink(&row);
        let outcome = tokio::select! {
            () = cancel.cancelled() => None,
            outcome = client.upload(&request, progress) => Some(outcome),
        };
        match outcome {
            None => {
                self.cancelled_while_sending(profile, &client, row, seen_before)
                    .await
            }
            Some(Ok(attachment)) => {
                if self.json_trial().remove(&id) {
                    // JSON worked where multipart was refused: the instance's way, from now on.
                    let profile = profile.id;
                    let _ = self
                        .blocking(move |store, _| Ok(store.upload_learn_json_only(profile)?))
                        .await;
                }
                self.finish(&row, attachment.id).await;
            }
            Some(Err(error)) => self.after_failure(profile, &row, &error, multipart).await,
        }
    }

    /// Cut off by the technician. If the whole file had gone out, HaloPSA may keep it: one
    /// look on the ticket, so the list says where it really is.
    async fn cancelled_while_sending(
        &self,
        profile: &Profile,
        client: &HaloClient,
        mut row: UploadRow,
        seen_before: Vec<i32>,
    ) {
        let id = row.id;
        let body_sent = self
            .uploads
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
            .is_some_and(|r| r.total > 0 && r.sent >= r.total);
        if body_sent {
            row.state = UploadState::Checking;
            row.seen_before = Some(seen_before);
            let size = row.upload.size_bytes;
            if let Ok(Landed::Yes(attachment_id)) =
                self.land_check(profile, client, &row, size).await
            {
                return self.finish(&row, attachment_id).await;
            }
        }
        let _ = self
            .blocking(move |store, _| Ok(store.upload_cancel_waiting(id)?))
            .await;
    }

    /// The uploads trying JSON after the multipart endpoint refused them.
    fn json_trial(&self) -> std::sync::MutexGuard<'_, HashSet<i32>> {
        self.uploads
            .json_trial
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether an upload whose last send was lost is on the ticket after all (looked for by
    /// the size it was sent at). A first send notes the ticket's files of the same name and
    /// `size`, so a copy already there is never taken for this one.
    async fn land_check(
        &self,
        profile: &Profile,
        client: &HaloClient,
        row: &UploadRow,
        size: u64,
    ) -> Result<Landed, halopsa::Error> {
        let lost = row.state == UploadState::Checking;
        if !lost && row.seen_before.is_some() {
            return Ok(Landed::No {
                seen_before: row.seen_before.clone().unwrap_or_default(),
            });
        }
        let listed = client.attachments(row.upload.ticket_id, None).await?;
        let (profile_id, ticket_id, id) = (profile.id, row.upload.ticket_id, row.id);
        let claimed = self
            .blocking(move |store, _| Ok(store.upload_claimed(profile_id, ticket_id, id)?))
            .await
            .unwrap_or_default();
        let named = |size: u64| -> Vec<i32> {
            listed
                .iter()
                .filter(|a| a.filename == row.upload.filename && a.size_bytes == size)
                .map(|a| a.id)
                .collect()
        };
        if lost {
            let seen_before = row.seen_before.as_deref().unwrap_or_default();
            let landed = named(row.upload.size_bytes)
                .into_iter()
                .filter(|id| !seen_before.contains(id) && !claimed.contains(id))
                .max();
            if let Some(attachment_id) = landed {
                tracing::info!(upload = row.id, attachment_id, "a lost upload had landed");
                return Ok(Landed::Yes(attachment_id));
            }
        }
        Ok(Landed::No {
            seen_before: row.seen_before.clone().unwrap_or_else(|| named(size)),
        })
    }

    /// Waits for the instance, unless the technician cancelled meanwhile.
    async fn wait_unless_cancelled(&self, row: &UploadRow, cancel: &CancellationToken, why: &str) {
        if cancel.is_cancelled() {
            let id = row.id;
            let _ = self
                .blocking(move |store, _| Ok(store.upload_cancel_waiting(id)?))
                .await;
        } else {
            self.wait_for_instance(row, why).await;
        }
    }

    /// The instance could not be asked: the upload keeps its place (a lost one is still looked
    /// for first) and is tried again shortly.
    async fn wait_for_instance(&self, row: &UploadRow, why: &str) {
        let retry_at = self.clock.now() + INSTANCE_RETRY;
        let message = format!("Waiting: {why}");
        if let Err(error) = self
            .set_state(row.id, row.state, Some(message), Some(retry_at))
            .await
        {
            tracing::warn!(%error, id = row.id, "a waiting upload could not be recorded");
        }
    }

    async fn finish(&self, row: &UploadRow, attachment_id: i32) {
        let (id, profile, size) = (row.id, row.profile_id, row.upload.size_bytes);
        if let Err(error) = self
            .blocking(move |store, _| {
                store.upload_done(id, attachment_id)?;
                Ok(store.upload_learn_accepted(profile, size)?)
            })
            .await
        {
            tracing::warn!(%error, id, "a finished upload could not be marked");
        }
        // A pasted screenshot was Halodesk's own copy; the ticket holds it now.
        if row.upload.owned_file
            && let Err(error) = tokio::fs::remove_file(&row.upload.path).await
        {
            tracing::debug!(%error, "a pasted image could not be removed");
        }
    }

    async fn after_failure(
        &self,
        profile: &Profile,
        row: &UploadRow,
        error: &halopsa::Error,
        multipart: bool,
    ) {
        let (id, profile_id, size) = (row.id, profile.id, row.upload.size_bytes);
        if !multipart {
            // A trial of JSON that failed ends; the refusal stands as the upload's error.
            self.json_trial().remove(&id);
        }
        // Counted when the send began.
        let attempts = row.attempts;
        let learnt = match after_upload_failure(error, size, multipart, attempts, self.clock.now())
        {
            AfterUploadFailure::UseJson => {
                // Learnt only once JSON works: a 404 may also mean the ticket is gone.
                tracing::info!("multipart upload refused; trying JSON");
                self.json_trial().insert(id);
                self.set_state(id, UploadState::Queued, None, None).await
            }
            AfterUploadFailure::TooLarge { message } => {
                self.blocking(move |store, _| {
                    store.upload_learn_refused(profile_id, size)?;
                    Ok(store.upload_set_state(id, UploadState::Failed, Some(&message), None)?)
                })
                .await
            }
            AfterUploadFailure::Then {
                state,
                message,
                next_attempt_at,
            } => {
                self.set_state(id, state, Some(message), next_attempt_at)
                    .await
            }
        };
        if let Err(error) = learnt {
            tracing::warn!(%error, id, "a failed upload could not be recorded");
        }
    }

    async fn set_state(
        &self,
        id: i32,
        state: UploadState,
        error: Option<String>,
        next_attempt_at: Option<Timestamp>,
    ) -> Result<(), AppError> {
        self.blocking(move |store, _| {
            Ok(store.upload_set_state(id, state, error.as_deref(), next_attempt_at)?)
        })
        .await
    }

    /// Reports progress as events, at most every [`PROGRESS_INTERVAL`] and at the end.
    fn progress_sink(&self, row: &UploadRow) -> impl Fn(UploadProgress) + Send + Sync + 'static {
        let mut item = self.item(row);
        item.state = UploadState::Sending;
        let events = self.uploads.events.clone();
        let id = row.id;
        let last = Mutex::new(None::<Instant>);
        let running = Arc::clone(&self.uploads.running);
        move |progress: UploadProgress| {
            let speed = {
                let mut map = running.lock().unwrap_or_else(PoisonError::into_inner);
                let Some(entry) = map.get_mut(&id) else {
                    return;
                };
                if progress.sent == 0 {
                    // A new attempt: the speed starts over with it.
                    entry.started = Instant::now();
                }
                entry.sent = progress.sent;
                entry.total = progress.total;
                entry.bytes_per_second()
            };
            let mut last = last.lock().unwrap_or_else(PoisonError::into_inner);
            let finished = progress.sent == progress.total;
            if !finished && last.is_some_and(|at| at.elapsed() < PROGRESS_INTERVAL) {
                return;
            }
            *last = Some(Instant::now());
            let mut item = item.clone();
            item.sent_bytes = progress.sent;
            item.size_bytes = progress.total;
            item.bytes_per_second = speed;
            let _ = events.send(item);
        }
    }

    /// The upload as the page shows it, with live progress while it goes out.
    fn item(&self, row: &UploadRow) -> UploadItem {
        let running = self
            .uploads
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let live = running.get(&row.id);
        UploadItem {
            id: row.id,
            profile_id: row.profile_id,
            ticket_id: row.upload.ticket_id,
            filename: row.upload.filename.clone(),
            size_bytes: row.upload.size_bytes,
            sent_bytes: match row.state {
                UploadState::Done => row.upload.size_bytes,
                _ => live.map_or(0, |l| l.sent),
            },
            bytes_per_second: live.map_or(0, Running::bytes_per_second),
            state: row.state,
            error: row.error.clone(),
            note: row.upload.note.clone(),
            visible_to_user: row.upload.show_for_users,
            is_image: row.upload.is_image,
            attachment_id: row.attachment_id,
            revision: row.revision,
        }
    }

    /// Sends the upload's current row to the listeners.
    async fn announce(&self, id: i32) {
        if let Ok(Some(row)) = self.blocking(move |store, _| Ok(store.upload(id)?)).await {
            let _ = self.uploads.events.send(self.item(&row));
        }
    }

    /// The upload, which must belong to the profile in use.
    async fn own_upload(&self, id: i32) -> Result<UploadRow, AppError> {
        let profile = self.active_profile().await?;
        let row = self.blocking(move |store, _| Ok(store.upload(id)?)).await?;
        row.filter(|row| row.profile_id == profile.id)
            .ok_or_else(|| {
                AppError::new(ErrorCode::NotFound, "That upload is no longer in the list.")
            })
    }
}

/// An upload's place among those sending, given up when dropped.
struct RunningSlot<'a>(&'a Mutex<HashMap<i32, Running>>, i32);

impl Drop for RunningSlot<'_> {
    fn drop(&mut self) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.1);
    }
}

/// What a look on the ticket found.
enum Landed {
    Yes(i32),
    No { seen_before: Vec<i32> },
}
