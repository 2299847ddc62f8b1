//! Delivering the outbox: one worker per app sends the active profile's writes in order,
//! looks for lost ones before resending, and backs off while HaloPSA is away. Write commands
//! store their intent, wake the worker and wait briefly for the first attempt, so a write
//! made online answers "sent" and one made offline answers "queued" without blocking.

use std::sync::Arc;
use std::time::Duration;

use halopsa::HaloClient;
use jiff::{SignedDuration, Timestamp};

use super::Halodesk;
use crate::api::{OutboxItem, OutboxList, OutboxState, Profile};
use crate::outbox::{AfterFailure, Intent, Step, StepDone, after_failure, find_delivered, send};
use crate::queue::CachedTicket;
use crate::store::{Created, Enqueue, OutboxRow};
use crate::{AppError, ErrorCode};

/// How long a write command waits for its first attempt before answering with the write
/// still queued; the worker carries on without it.
const FIRST_ATTEMPT_WAIT: Duration = Duration::from_secs(8);
/// How often an idle worker looks for due writes (a write made while nothing woke it).
const IDLE_CHECK: Duration = Duration::from_secs(5);
/// How long, and how many of, the delivered writes stay in the outbox list.
const SHOW_DELIVERED: SignedDuration = SignedDuration::from_mins(2);
const SHOW_DELIVERED_COUNT: usize = 5;
/// How long delivered writes are kept, so their tickets and actions stay claimed. A lost write
/// older than this is not looked for among them.
const KEEP_DELIVERED: SignedDuration = SignedDuration::from_hours(24 * 30);

/// What the worker does after one write.
enum Flow {
    /// On to the next write.
    Next,
    /// This write waits, and so does everything after it: writes go out in order.
    Stop,
}

impl Halodesk {
    /// The outbox worker. Runs for the life of the app; the shell spawns it on its runtime.
    pub async fn run_outbox(self: Arc<Self>) {
        match self
            .blocking(move |store, _| {
                let recovered = store.outbox_recover_interrupted()?;
                store.outbox_prune(Timestamp::now() - KEEP_DELIVERED)?;
                Ok(recovered)
            })
            .await
        {
            Ok(0) => {}
            Ok(recovered) => tracing::info!(
                recovered,
                "writes interrupted by the last exit will be checked before resending"
            ),
            Err(error) => tracing::warn!(%error, "the outbox could not be prepared"),
        }
        loop {
            let wait = self
                .deliver_due()
                .await
                .unwrap_or(IDLE_CHECK)
                .min(IDLE_CHECK);
            tokio::select! {
                () = self.outbox.wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Sends every due write of the active profile, in order. Returns how long until the
    /// next one is due, when one waits.
    async fn deliver_due(&self) -> Option<Duration> {
        let _one_round = self.outbox.delivering.lock().await;
        self.outbox.rounds.send_modify(|rounds| rounds.started += 1);
        let wait = self.deliver_round().await;
        self.outbox
            .rounds
            .send_modify(|rounds| rounds.finished += 1);
        wait
    }

    async fn deliver_round(&self) -> Option<Duration> {
        let profile = self.active_profile().await.ok()?;
        loop {
            let head = match self
                .blocking(move |store, _| Ok(store.outbox_head(profile.id)?))
                .await
            {
                Ok(head) => head?,
                Err(error) => {
                    tracing::warn!(%error, "the outbox could not be read");
                    return None;
                }
            };
            let now = Timestamp::now();
            if let Some(due) = head.next_attempt_at.filter(|due| *due > now) {
                return Some(Duration::try_from(due - now).unwrap_or(IDLE_CHECK));
            }
            let flow = self.deliver(&profile, head).await;
            // Wakes the commands waiting on this write.
            self.outbox.rounds.send_modify(|_| {});
            if let Flow::Stop = flow {
                return None;
            }
        }
    }

    /// Carries one write as far as it goes: each remaining step in turn.
    async fn deliver(&self, profile: &Profile, row: OutboxRow) -> Flow {
        let client = match self.client().await {
            Ok((active, client)) if active.id == profile.id => client,
            // The technician switched profiles during the round: this write belongs to the
            // other instance, and waits until its profile is in use again.
            Ok(_) => return Flow::Stop,
            Err(error) => {
                let state = match row.state {
                    OutboxState::Unknown | OutboxState::Sending => OutboxState::Unknown,
                    _ => OutboxState::Retrying,
                };
                let after = waiting(state, crate::outbox::backoff(row.attempts + 1));
                self.record_failure(row.id, &after, &error.message).await;
                return Flow::Stop;
            }
        };
        // A row still `sending` was cut off (its state could not be written): it may have
        // arrived too.
        let mut lost = matches!(row.state, OutboxState::Unknown | OutboxState::Sending);
        let mut attempts = row.attempts;
        let mut status_applied = None;
        for (index, step) in row.intent.steps.iter().enumerate().skip(row.step) {
            let done = if is_applied_status(step, status_applied) {
                StepDone::default()
            } else {
                match self
                    .attempt(profile, &client, &row, step, lost, &mut attempts)
                    .await
                {
                    Ok(done) => done,
                    Err(flow) => return flow,
                }
            };
            if let (Step::AddAction(action), true) = (step, done.status_applied) {
                status_applied = action.new_status_id;
            }
            if self
                .step_done(profile, row.id, index, step.creates(), &done)
                .await
                .is_err()
            {
                return Flow::Stop;
            }
            lost = false;
        }
        let id = row.id;
        match self
            .blocking(move |store, _| Ok(store.outbox_delivered(id, Timestamp::now())?))
            .await
        {
            Ok(()) => Flow::Next,
            Err(error) => {
                tracing::warn!(%error, id, "a delivered write could not be marked");
                Flow::Stop
            }
        }
    }

    /// One step: looked for first when the answer to its last send was lost, else sent.
    async fn attempt(
        &self,
        profile: &Profile,
        client: &HaloClient,
        row: &OutboxRow,
        step: &Step,
        lost: bool,
        attempts: &mut u32,
    ) -> Result<StepDone, Flow> {
        if lost && step.creates() {
            match self.look_for(profile, client, row, step).await {
                Ok(Some(done)) => return Ok(done),
                Ok(None) => {}
                Err(error) => {
                    // Still unknown: looked for again once looking can succeed.
                    let after =
                        waiting(OutboxState::Unknown, crate::outbox::backoff(*attempts + 1));
                    self.record_failure(row.id, &after, &error.to_string())
                        .await;
                    return Err(Flow::Stop);
                }
            }
        }
        let id = row.id;
        self.blocking(move |store, _| Ok(store.outbox_sending(id, Timestamp::now())?))
            .await
            .map_err(|_| Flow::Stop)?;
        *attempts += 1;
        match send(client, step).await {
            Ok(done) => Ok(done),
            Err(error) => {
                let next = after_failure(&error, *attempts, row.lost_sends, Timestamp::now());
                self.record_failure(row.id, &next, &error.to_string()).await;
                Err(match next.state {
                    // A refused write waits for the technician; the writes after it go on.
                    // A lost answer is due again at once (or after a pause, for a slow
                    // instance), so the round comes back to it before anything else.
                    OutboxState::Rejected | OutboxState::Unknown => Flow::Next,
                    _ => Flow::Stop,
                })
            }
        }
    }

    async fn look_for(
        &self,
        profile: &Profile,
        client: &HaloClient,
        row: &OutboxRow,
        step: &Step,
    ) -> Result<Option<StepDone>, halopsa::Error> {
        let profile_id = profile.id;
        let claimed = self
            .blocking(move |store, _| Ok(store.outbox_claimed(profile_id)?))
            .await
            .unwrap_or_default();
        let found = find_delivered(client, step, row.sent_at, &claimed).await?;
        if found.is_some() {
            tracing::info!(
                id = row.id,
                "a write whose answer was lost had arrived; not sending it again"
            );
        }
        Ok(found)
    }

    /// Records a finished step, and caches the ticket it returned so the queue shows it.
    async fn step_done(
        &self,
        profile: &Profile,
        id: i32,
        index: usize,
        creates: bool,
        done: &StepDone,
    ) -> Result<(), AppError> {
        // Only what a step made is claimed; a ticket it merely updated is not.
        let created = done.ticket_id.filter(|_| creates).map(|ticket_id| Created {
            ticket_id,
            action_id: done.action_id,
        });
        let cached = done.ticket.as_deref().map(CachedTicket::from);
        let profile_id = profile.id;
        let result = self
            .blocking(move |store, _| {
                store.outbox_step_done(id, index, created)?;
                if let Some(ticket) = cached {
                    store.put_ticket(profile_id, &ticket)?;
                }
                Ok(())
            })
            .await;
        if let Err(error) = &result {
            tracing::warn!(%error, id, "a sent step could not be recorded");
        }
        result
    }

    async fn record_failure(&self, id: i32, after: &AfterFailure, message: &str) {
        let (message, after) = (message.to_owned(), after.clone());
        let stored = self
            .blocking(move |store, _| {
                Ok(store.outbox_failed(
                    id,
                    after.state,
                    &message,
                    after.next_attempt_at,
                    after.lost,
                )?)
            })
            .await;
        if let Err(error) = stored {
            tracing::warn!(%error, id, "a failed write could not be recorded");
        }
    }

    /// Stores a write, wakes the worker and waits a moment for its first attempt.
    pub(super) async fn submit(
        &self,
        profile: &Profile,
        intent: Intent,
        with: Enqueue,
    ) -> Result<OutboxItem, AppError> {
        let profile_id = profile.id;
        let row = self
            .blocking(move |store, _| {
                Ok(store.enqueue(profile_id, &intent, &with, Timestamp::now())?)
            })
            .await?;
        let mut rounds = self.outbox.rounds.subscribe();
        // A round already under way may have missed the new write: wait for the round after.
        let started = rounds.borrow_and_update().started;
        self.outbox.wake.notify_one();
        let first_attempt = async {
            while rounds.changed().await.is_ok() {
                if rounds.borrow_and_update().finished > started {
                    return;
                }
                let id = row.id;
                let settled = self
                    .blocking(move |store, _| Ok(store.outbox_row(profile_id, id)?))
                    .await
                    .ok()
                    .flatten()
                    .is_none_or(|row| {
                        !matches!(row.state, OutboxState::Queued | OutboxState::Sending)
                    });
                if settled {
                    return;
                }
            }
        };
        // On timeout the write stays queued and the worker carries on; the answer says so.
        let _ = tokio::time::timeout(FIRST_ATTEMPT_WAIT, first_attempt).await;
        let id = row.id;
        let latest = self
            .blocking(move |store, _| Ok(store.outbox_row(profile_id, id)?))
            .await?
            .unwrap_or(row);
        Ok(outbox_item(&latest))
    }

    pub async fn outbox_list(&self) -> Result<OutboxList, AppError> {
        let profile = self.active_profile().await?;
        self.blocking(move |store, _| {
            let rows = store.outbox_rows(profile.id, Timestamp::now() - SHOW_DELIVERED)?;
            Ok(outbox_list(&rows))
        })
        .await
    }

    pub async fn outbox_retry(&self, id: i32) -> Result<OutboxList, AppError> {
        let profile = self.active_profile().await?;
        self.blocking(move |store, _| Ok(store.outbox_retry(profile.id, id)?))
            .await?;
        self.outbox.wake.notify_one();
        self.outbox_list().await
    }

    pub async fn outbox_discard(&self, id: i32) -> Result<OutboxList, AppError> {
        let profile = self.active_profile().await?;
        // Not while a round may be sending it.
        let no_round = self.outbox.delivering.lock().await;
        self.blocking(move |store, _| {
            Ok(store.outbox_discard(profile.id, id, Timestamp::now())?)
        })
        .await?;
        drop(no_round);
        self.outbox_list().await
    }

    /// The connection is back: what waits for it is due now.
    pub(super) async fn outbox_reconnected(&self, profile_id: i32) {
        if let Ok(woken) = self
            .blocking(move |store, _| Ok(store.outbox_due_now(profile_id)?))
            .await
            && woken > 0
        {
            self.outbox.wake.notify_one();
        }
    }
}

/// A write that stays as it is and is tried again after `wait`; nothing was lost on the way.
fn waiting(state: OutboxState, wait: Duration) -> AfterFailure {
    AfterFailure {
        state,
        next_attempt_at: Some(
            Timestamp::now() + SignedDuration::try_from(wait).unwrap_or_default(),
        ),
        lost: false,
    }
}

/// A status update that only repeats the status an action already applied.
fn is_applied_status(step: &Step, applied: Option<i32>) -> bool {
    match (step, applied) {
        (Step::UpdateTicket(change), Some(status)) => {
            change.status_id == Some(status)
                && change.priority_id.is_none()
                && change.agent_id.is_none()
                && change.team_name.is_none()
        }
        _ => false,
    }
}

fn outbox_item(row: &OutboxRow) -> OutboxItem {
    OutboxItem {
        id: row.id,
        ticket_id: row.ticket_id,
        label: row.intent.label.clone(),
        excerpt: row.intent.excerpt(),
        state: row.state,
        attempts: row.attempts,
        last_error: row.last_error.clone(),
        next_attempt_at: row.next_attempt_at.map(|at| at.to_string()),
        created_at: row.created_at.to_string(),
    }
}

/// What waits comes first, oldest first, as it will go out; then the few writes delivered
/// last, newest first, as a receipt.
fn outbox_list(rows: &[OutboxRow]) -> OutboxList {
    let (delivered, waiting): (Vec<_>, Vec<_>) = rows
        .iter()
        .partition(|row| row.state == OutboxState::Delivered);
    OutboxList {
        pending: waiting.len() as u32,
        items: waiting
            .into_iter()
            .chain(delivered.into_iter().rev().take(SHOW_DELIVERED_COUNT))
            .map(outbox_item)
            .collect(),
    }
}

/// A write that needs a connection to be checked before it is stored, offline.
pub(super) fn needs_choices() -> AppError {
    AppError::new(
        ErrorCode::Offline,
        "Halodesk has not read this instance's picklists yet, and HaloPSA cannot be reached. Connect once, then this works offline too.",
    )
}
