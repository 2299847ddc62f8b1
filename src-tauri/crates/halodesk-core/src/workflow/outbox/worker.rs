//! Delivering the outbox: one worker per app sends the active profile's writes in order,
//! looks for lost ones before resending, and backs off while HaloPSA is away. Write commands
//! store their intent, wake the worker and wait briefly for the first attempt, so a write
//! made online answers "sent" and one made offline answers "queued" without blocking.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use halopsa::HaloClient;
use tokio::sync::{Mutex, Notify, watch};

use super::Step;
use super::deliver::{StepDone, find_delivered, send};
use super::retry::{AfterFailure, after_failure, backoff};
use super::store::{Created, OutboxRow};
use crate::ipc::{Event, OutboxState, Profile};
use crate::queue::CachedTicket;
use crate::{AppError, Halodesk};

/// How often an idle worker looks for due writes (a write made while nothing woke it).
const IDLE_CHECK: Duration = Duration::from_secs(5);
/// How long the outbox's changes gather before the window hears of them: every list is a
/// repaint, and a burst is read as one.
const ANNOUNCE_AFTER: Duration = Duration::from_millis(250);
/// How long delivered writes are kept, so their tickets and actions stay claimed. A lost write
/// older than this is not looked for among them.
const KEEP_DELIVERED: TimeDelta = TimeDelta::hours(24 * 30);

/// How write commands and the outbox worker reach each other.
#[derive(Debug, Default)]
pub(crate) struct OutboxSignals {
    /// A write was stored, or the connection came back.
    pub(super) wake: Notify,
    /// Something in the outbox changed: the window is told, once per burst.
    pub(crate) changed: Notify,
    /// Counts the worker's rounds; touched after each write too, so waiting commands look.
    pub(super) rounds: watch::Sender<Rounds>,
    /// One round at a time; a discard waits for the round to end.
    pub(crate) delivering: Mutex<()>,
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Rounds {
    pub(super) started: u64,
    pub(super) finished: u64,
}

/// What the worker does after one write.
enum Flow {
    /// On to the next write.
    Next,
    /// This write waits, and so does everything after it: writes go out in order.
    Stop,
}

impl Halodesk {
    /// The outbox worker: it delivers the writes and tells the window what changed. Runs for
    /// the life of the app; the shell spawns it on its runtime.
    pub async fn run_outbox(self: Arc<Self>) {
        tokio::join!(self.deliver_writes(), self.announce_changes());
    }

    /// Tells the window about changes to the outbox of the connection in use, one task and
    /// one list at a time, so the lists arrive in the order they were read; changes that come
    /// together (a round delivering fifty writes) are one list.
    async fn announce_changes(&self) {
        loop {
            self.outbox.changed.notified().await;
            tokio::time::sleep(ANNOUNCE_AFTER).await;
            let Ok(profile) = self.active_profile().await else {
                continue;
            };
            match self.list_outbox(profile.id).await {
                Ok(list) => self.announce(Event::OutboxChanged(list)),
                Err(error) => tracing::warn!(%error, "the outbox's change could not be announced"),
            }
        }
    }

    async fn deliver_writes(&self) {
        let kept_since = self.clock.now() - KEEP_DELIVERED;
        match self
            .blocking(move |store, _| {
                let recovered = store.outbox_recover_interrupted()?;
                store.outbox_prune(kept_since)?;
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
            let now = self.clock.now();
            if let Some(due) = head.next_attempt_at.filter(|due| *due > now) {
                return Some((due - now).to_std().unwrap_or(IDLE_CHECK));
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
                let after = waiting(state, backoff(row.attempts + 1), self.clock.now());
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
        let (id, now) = (row.id, self.clock.now());
        match self
            .blocking(move |store, _| Ok(store.outbox_delivered(id, now)?))
            .await
        {
            Ok(()) => {
                self.outbox.changed.notify_one();
                Flow::Next
            }
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
                    let after = waiting(
                        OutboxState::Unknown,
                        backoff(*attempts + 1),
                        self.clock.now(),
                    );
                    self.record_failure(row.id, &after, &error.to_string())
                        .await;
                    return Err(Flow::Stop);
                }
            }
        }
        let (id, now) = (row.id, self.clock.now());
        self.blocking(move |store, _| Ok(store.outbox_sending(id, now)?))
            .await
            .map_err(|_| Flow::Stop)?;
        self.outbox.changed.notify_one();
        *attempts += 1;
        match send(client, step).await {
            Ok(done) => Ok(done),
            Err(error) => {
                let next = after_failure(&error, *attempts, row.lost_sends, self.clock.now());
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
        match stored {
            Ok(()) => self.outbox.changed.notify_one(),
            Err(error) => tracing::warn!(%error, id, "a failed write could not be recorded"),
        }
    }
}

/// A write that stays as it is and is tried again after `wait`; nothing was lost on the way.
fn waiting(state: OutboxState, wait: Duration, now: DateTime<Utc>) -> AfterFailure {
    AfterFailure {
        state,
        next_attempt_at: Some(now + TimeDelta::from_std(wait).unwrap_or_default()),
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
