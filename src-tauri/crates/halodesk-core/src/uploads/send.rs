//! Sending one upload: looked for on the ticket when its last send may have landed, else
//! streamed from disk with progress, and what a failure means decided by the rules in
//! `failure`. What the instance teaches (JSON only, its size limit) is kept per profile.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use halopsa::{HaloClient, UploadMode, UploadProgress, UploadRequest};
use tokio_util::sync::CancellationToken;

use super::failure::{AfterUploadFailure, after_upload_failure, keeps_waiting};
use super::identity::changed_since_queued;
use super::store::UploadRow;
use super::worker::Running;
use crate::files::shown_file_name;
use crate::ipc::{Event, Profile, UploadItem, UploadState};
use crate::{AppError, Halodesk};

/// How often an upload reports its progress, at most: the bar moves four times a second, and
/// each move is a repaint the page pays for while the technician types (measured by
/// `tests/e2e/bench/upload.bench.ts`).
const PROGRESS_INTERVAL: Duration = Duration::from_millis(250);
/// How long an upload waits when the instance could not be asked at all.
const INSTANCE_RETRY: TimeDelta = TimeDelta::seconds(15);
/// Where an upload stands while its body goes out: what a send's outcome moves it from.
const SENDING: &[UploadState] = &[UploadState::Sending];

impl Halodesk {
    /// Takes one upload as far as it goes: looked for when its last send was lost, else sent.
    pub(super) async fn send_one(
        &self,
        profile: &Profile,
        row: UploadRow,
        cancel: CancellationToken,
    ) {
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
        // The file at its path must still be the one queued: another is not sent in its place.
        let path = PathBuf::from(&row.upload.path);
        let queued = row.upload.identity.clone();
        let changed = self
            .off_thread(move || Ok(changed_since_queued(&path, queued.as_deref())))
            .await
            .ok()
            .flatten();
        if let Some(reason) = changed {
            if let Err(error) = self
                .set_state(
                    id,
                    &[UploadState::Queued, UploadState::Checking],
                    UploadState::Failed,
                    Some(reason),
                    None,
                )
                .await
            {
                tracing::warn!(%error, id, "a changed file's upload could not be marked failed");
            }
            return;
        }
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
                let waiting = [UploadState::Queued, UploadState::Checking];
                let _ = self
                    .set_state(id, &waiting, UploadState::Failed, Some(message), None)
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
        self.transmit(profile, &client, id, seen_before, &cancel)
            .await;
    }

    /// Sends an upload marked as sending, in the way the instance takes (multipart unless it
    /// taught JSON), until it lands, fails or is cancelled.
    async fn transmit(
        &self,
        profile: &Profile,
        client: &HaloClient,
        id: i32,
        seen_before: Vec<i32>,
        cancel: &CancellationToken,
    ) {
        // As marked: its size now, and the revision its progress reports carry.
        let row = match self.blocking(move |store, _| Ok(store.upload(id)?)).await {
            Ok(Some(marked)) => marked,
            _ => return,
        };
        self.announce_upload(id).await;
        let learning = self
            .blocking({
                let profile = profile.id;
                move |store, _| Ok(store.upload_learning(profile)?)
            })
            .await
            .unwrap_or_default();
        let multipart = !learning.json_only && !self.json_trial().contains(&id);
        let request = upload_request(&row, multipart);
        let progress = self.progress_sink(&row);
        let outcome = tokio::select! {
            () = cancel.cancelled() => None,
            outcome = client.upload(&request, progress) => Some(outcome),
        };
        match outcome {
            None => {
                self.cancelled_while_sending(profile, client, row, seen_before)
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
            .set_state(
                row.id,
                &[row.state],
                row.state,
                Some(message),
                Some(retry_at),
            )
            .await
        {
            tracing::warn!(%error, id = row.id, "a waiting upload could not be recorded");
        }
    }

    async fn finish(&self, row: &UploadRow, attachment_id: i32) {
        let (id, profile, size) = (row.id, row.profile_id, row.upload.size_bytes);
        match self
            .blocking(move |store, _| {
                let marked = store.upload_done(id, attachment_id)?;
                store.upload_learn_accepted(profile, size)?;
                Ok(marked)
            })
            .await
        {
            Ok(true) => {}
            Ok(false) => {
                tracing::info!(id, attachment_id, "a landed upload had moved on meanwhile");
                return;
            }
            Err(error) => tracing::warn!(%error, id, "a finished upload could not be marked"),
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
                self.set_state(id, SENDING, UploadState::Queued, None, None)
                    .await
            }
            AfterUploadFailure::TooLarge { message } => {
                self.blocking(move |store, _| {
                    store.upload_learn_refused(profile_id, size)?;
                    Ok(store.upload_set_state(
                        id,
                        SENDING,
                        UploadState::Failed,
                        Some(&message),
                        None,
                    )?)
                })
                .await
            }
            AfterUploadFailure::Then {
                state,
                message,
                next_attempt_at,
            } => {
                self.set_state(id, SENDING, state, Some(message), next_attempt_at)
                    .await
            }
        };
        match learnt {
            Ok(true) => {}
            // Cancelled while the answer came: the cancel stands.
            Ok(false) => tracing::info!(id, "a failed upload had moved on meanwhile"),
            Err(error) => tracing::warn!(%error, id, "a failed upload could not be recorded"),
        }
    }

    /// Moves the upload from one of `from` to `state`; answers whether it moved.
    async fn set_state(
        &self,
        id: i32,
        from: &[UploadState],
        state: UploadState,
        error: Option<String>,
        next_attempt_at: Option<DateTime<Utc>>,
    ) -> Result<bool, AppError> {
        let from = from.to_vec();
        self.blocking(move |store, _| {
            Ok(store.upload_set_state(id, &from, state, error.as_deref(), next_attempt_at)?)
        })
        .await
    }

    /// Reports progress as events, at most every [`PROGRESS_INTERVAL`] and at the end.
    fn progress_sink(&self, row: &UploadRow) -> impl Fn(UploadProgress) + Send + Sync + 'static {
        let mut item = self.item(row);
        item.state = UploadState::Sending;
        let events = self.events.clone();
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
            let _ = events.send(Event::UploadChanged(item));
        }
    }

    /// The upload as the page shows it, with live progress while it goes out.
    pub(super) fn item(&self, row: &UploadRow) -> UploadItem {
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
            filename: shown_file_name(&row.upload.filename),
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
    pub(super) async fn announce_upload(&self, id: i32) {
        if let Ok(Some(row)) = self.blocking(move |store, _| Ok(store.upload(id)?)).await {
            self.announce(Event::UploadChanged(self.item(&row)));
        }
    }
}

/// The request that sends `row`'s file.
fn upload_request(row: &UploadRow, multipart: bool) -> UploadRequest {
    UploadRequest {
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
    }
}

/// What a look on the ticket found.
enum Landed {
    Yes(i32),
    No { seen_before: Vec<i32> },
}
