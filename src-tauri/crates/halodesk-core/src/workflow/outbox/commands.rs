//! The outbox's commands: a write stored and given its first attempt, the list the window
//! shows, and a waiting write sent again or taken back.

use std::time::Duration;

use chrono::TimeDelta;

use super::Intent;
use super::store::{Enqueue, OutboxRow};
use crate::ipc::{
    OutboxDiscardRequest, OutboxItem, OutboxList, OutboxListRequest, OutboxRetryRequest,
    OutboxState, Profile,
};
use crate::{AppError, Halodesk};

/// How long a write command waits for its first attempt before answering with the write
/// still queued; the worker carries on without it.
const FIRST_ATTEMPT_WAIT: Duration = Duration::from_secs(8);
/// How long, and how many of, the delivered writes stay in the outbox list.
const SHOW_DELIVERED: TimeDelta = TimeDelta::minutes(2);
const SHOW_DELIVERED_COUNT: usize = 5;

impl Halodesk {
    /// Stores a write, wakes the worker and waits a moment for its first attempt.
    pub(crate) async fn submit(
        &self,
        profile: &Profile,
        intent: Intent,
        with: Enqueue,
    ) -> Result<OutboxItem, AppError> {
        let (profile_id, now) = (profile.id, self.clock.now());
        let row = self
            .blocking(move |store, _| Ok(store.enqueue(profile_id, &intent, &with, now)?))
            .await?;
        self.outbox.changed.notify_one();
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

    /// The writes of the connection in use that wait, and the last ones delivered.
    pub async fn outbox_list(&self, request: OutboxListRequest) -> Result<OutboxList, AppError> {
        let OutboxListRequest {} = request;
        let profile = self.active_profile().await?;
        self.list_outbox(profile.id).await
    }

    /// Sends a waiting or refused write again now.
    pub async fn outbox_retry(&self, request: OutboxRetryRequest) -> Result<OutboxList, AppError> {
        let OutboxRetryRequest { id } = request;
        let profile = self.active_profile().await?;
        self.blocking(move |store, _| Ok(store.outbox_retry(profile.id, id)?))
            .await?;
        self.outbox.wake.notify_one();
        self.changed_outbox(profile.id).await
    }

    /// Takes back a write that was not delivered; its text returns to its form's draft.
    pub async fn outbox_discard(
        &self,
        request: OutboxDiscardRequest,
    ) -> Result<OutboxList, AppError> {
        let OutboxDiscardRequest { id } = request;
        let (profile, now) = (self.active_profile().await?, self.clock.now());
        // Not while a round may be sending it.
        let no_round = self.outbox.delivering.lock().await;
        self.blocking(move |store, _| Ok(store.outbox_discard(profile.id, id, now)?))
            .await?;
        drop(no_round);
        self.changed_outbox(profile.id).await
    }

    /// The profile's outbox list after a change; the window hears of the change as well.
    async fn changed_outbox(&self, profile_id: i32) -> Result<OutboxList, AppError> {
        self.outbox.changed.notify_one();
        self.list_outbox(profile_id).await
    }

    pub(super) async fn list_outbox(&self, profile_id: i32) -> Result<OutboxList, AppError> {
        let delivered_since = self.clock.now() - SHOW_DELIVERED;
        self.blocking(move |store, _| {
            let rows = store.outbox_rows(profile_id, delivered_since)?;
            Ok(outbox_list(profile_id, &rows))
        })
        .await
    }

    /// The connection is back: what waits for it is due now.
    pub(crate) async fn outbox_reconnected(&self, profile_id: i32) {
        if let Ok(woken) = self
            .blocking(move |store, _| Ok(store.outbox_due_now(profile_id)?))
            .await
            && woken > 0
        {
            self.outbox.wake.notify_one();
        }
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
        next_attempt_at: row.next_attempt_at,
        created_at: row.created_at,
    }
}

/// What waits comes first, oldest first, as it will go out; then the few writes delivered
/// last, newest first, as a receipt.
fn outbox_list(profile_id: i32, rows: &[OutboxRow]) -> OutboxList {
    let (delivered, waiting): (Vec<_>, Vec<_>) = rows
        .iter()
        .partition(|row| row.state == OutboxState::Delivered);
    OutboxList {
        profile_id,
        pending: waiting.len() as u32,
        items: waiting
            .into_iter()
            .chain(delivered.into_iter().rev().take(SHOW_DELIVERED_COUNT))
            .map(outbox_item)
            .collect(),
    }
}
