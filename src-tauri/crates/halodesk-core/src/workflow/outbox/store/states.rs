//! A write's way through the outbox, one state change a method: stored (its text leaves the
//! draft table in the same transaction, so at every instant the technician's words are in
//! exactly one place), sent, failed or delivered, retried or taken back, and pruned.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Params, params};

use super::{Created, Enqueue, OutboxRow, encode_created, parse_state, read_row, state_text};
use crate::ipc::OutboxState;
use crate::store::{SqlContext, Store, StoreError, encode_json, ensure_profile, timestamp_text};
use crate::workflow::outbox::Intent;

/// The states the worker carries a write in: neither refused (it waits for the technician)
/// nor delivered.
const CARRIED: &[OutboxState] = &[
    OutboxState::Queued,
    OutboxState::Sending,
    OutboxState::Retrying,
    OutboxState::Unknown,
];

/// The states a write can be taken back from: not going out, and not perhaps arrived.
const DISCARDABLE: &[OutboxState] = &[
    OutboxState::Queued,
    OutboxState::Retrying,
    OutboxState::Rejected,
];

impl Store {
    /// Stores a write as queued, taking its draft and timer with it.
    pub(crate) fn enqueue(
        &self,
        profile: i32,
        intent: &Intent,
        with: &Enqueue,
        now: DateTime<Utc>,
    ) -> Result<OutboxRow, StoreError> {
        const DOING: &str = "queue the change for sending";
        let body = encode_json(intent, "the change")?;
        let mut conn = self.lock();
        ensure_profile(&conn, profile)?;
        let tx = conn.transaction().doing(DOING)?;
        let draft_body: Option<String> = match &with.draft_key {
            Some(key) => tx
                .query_row(
                    "DELETE FROM drafts WHERE profile_id = ?1 AND key = ?2 RETURNING body",
                    params![profile, key],
                    |row| row.get(0),
                )
                .optional()
                .doing(DOING)?,
            None => None,
        };
        if let Some(ticket) = with.timer_ticket {
            tx.execute(
                "DELETE FROM timers WHERE profile_id = ?1 AND ticket_id = ?2",
                params![profile, ticket],
            )
            .doing(DOING)?;
        }
        let id: i32 = tx
            .query_row(
                "INSERT INTO outbox (profile_id, ticket_id, intent, state, created_at, draft_key, draft_body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                params![
                    profile,
                    intent.ticket_id(),
                    body,
                    state_text(OutboxState::Queued),
                    timestamp_text(now),
                    with.draft_key,
                    draft_body,
                ],
                |row| row.get(0),
            )
            .doing(DOING)?;
        let row = read_row(&tx, profile, id).doing(DOING)?;
        tx.commit().doing(DOING)?;
        row.ok_or(StoreError::OutboxItemNotFound(id))
    }

    /// Marks a step as going out now. Stored before the request, so a crash mid-send leaves
    /// `sending` behind, which the next start reads as "may have arrived". Refused, so the
    /// step is not sent, when the write was discarded or refused meanwhile.
    pub(crate) fn outbox_sending(&self, id: i32, now: DateTime<Utc>) -> Result<(), StoreError> {
        transition(
            &self.lock(),
            id,
            CARRIED,
            "UPDATE outbox SET state = 'sending', sent_at = ?2, attempts = attempts + 1
             WHERE id = ?1 AND state IN ({from})",
            params![id, timestamp_text(now)],
            "record that the change is being sent",
        )
    }

    /// Records that step `step` (0-based) is done, and what it made. Only the step the row
    /// is at, so a step is never recorded twice.
    pub(crate) fn outbox_step_done(
        &self,
        id: i32,
        step: usize,
        created: Option<Created>,
    ) -> Result<(), StoreError> {
        const DOING: &str = "record the sent change";
        let mut conn = self.lock();
        let tx = conn.transaction().doing(DOING)?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT created_ids FROM outbox WHERE id = ?1",
                [id],
                |row| row.get(0),
            )
            .optional()
            .doing(DOING)?;
        let existing = existing.ok_or(StoreError::OutboxItemNotFound(id))?;
        let mut all: Vec<Created> = serde_json::from_str(&existing).unwrap_or_default();
        all.extend(created);
        let ticket_id = created.map(|c| c.ticket_id);
        transition(
            &tx,
            id,
            CARRIED,
            "UPDATE outbox SET step = ?2, created_ids = ?3, ticket_id = coalesce(ticket_id, ?4),
             state = 'queued', last_error = NULL, next_attempt_at = NULL,
             attempts = 0, lost_sends = 0, sent_at = NULL
             WHERE id = ?1 AND step = ?5 AND state IN ({from})",
            params![
                id,
                step as i64 + 1,
                encode_created(&all)?,
                ticket_id,
                step as i64
            ],
            DOING,
        )?;
        tx.commit().doing(DOING)
    }

    /// Records a write delivered: the worker's, from any state it carries a write in.
    pub(crate) fn outbox_delivered(&self, id: i32, now: DateTime<Utc>) -> Result<(), StoreError> {
        transition(
            &self.lock(),
            id,
            CARRIED,
            "UPDATE outbox SET state = 'delivered', delivered_at = ?2, draft_body = NULL,
             last_error = NULL, next_attempt_at = NULL WHERE id = ?1 AND state IN ({from})",
            params![id, timestamp_text(now)],
            "record the delivered change",
        )
    }

    /// Records a failed attempt; `lost` when the answer to a send was lost. A write taken
    /// back or refused meanwhile keeps its state.
    pub(crate) fn outbox_failed(
        &self,
        id: i32,
        state: OutboxState,
        error: &str,
        next_attempt_at: Option<DateTime<Utc>>,
        lost: bool,
    ) -> Result<(), StoreError> {
        transition(
            &self.lock(),
            id,
            CARRIED,
            "UPDATE outbox SET state = ?2, last_error = ?3, next_attempt_at = ?4,
             lost_sends = lost_sends + ?5 WHERE id = ?1 AND state IN ({from})",
            params![
                id,
                state_text(state),
                error,
                next_attempt_at.map(timestamp_text),
                i64::from(lost)
            ],
            "record why the change was not sent",
        )
    }

    /// After a crash or a kill: a write that was going out may have arrived.
    pub(crate) fn outbox_recover_interrupted(&self) -> Result<usize, StoreError> {
        self.lock()
            .execute(
                "UPDATE outbox SET state = 'unknown', next_attempt_at = NULL WHERE state = 'sending'",
                [],
            )
            .doing("recover the changes that were being sent")
    }

    /// Makes every waiting write due now: the connection came back, or the technician asked.
    pub(crate) fn outbox_due_now(&self, profile: i32) -> Result<usize, StoreError> {
        self.lock()
            .execute(
                "UPDATE outbox SET next_attempt_at = NULL
                 WHERE profile_id = ?1 AND state IN ('retrying', 'unknown')",
                [profile],
            )
            .doing("schedule the waiting changes")
    }

    /// Sends one write again now; a refused one goes back into the queue in its place, to be
    /// looked for first if its current step went out before (its answer may have been lost).
    /// One being sent stays so (what was asked is happening); a delivered one is left alone,
    /// and says so.
    pub(crate) fn outbox_retry(&self, profile: i32, id: i32) -> Result<(), StoreError> {
        let conn = self.lock();
        ensure_own(&conn, profile, id)?;
        transition(
            &conn,
            id,
            &[
                OutboxState::Queued,
                OutboxState::Sending,
                OutboxState::Retrying,
                OutboxState::Unknown,
                OutboxState::Rejected,
            ],
            "UPDATE outbox SET next_attempt_at = NULL,
             state = CASE
               WHEN state <> 'rejected' THEN state
               WHEN sent_at IS NULL THEN 'queued'
               ELSE 'unknown' END
             WHERE id = ?1 AND state IN ({from})",
            [id],
            "retry the change",
        )
    }

    /// Drops a write that was not delivered, and puts its text back in its draft. A write
    /// that is going out, or whose arrival is not known yet, cannot be taken back; nor is a
    /// newer draft for the same form overwritten.
    pub(crate) fn outbox_discard(
        &self,
        profile: i32,
        id: i32,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        const DOING: &str = "discard the change";
        let mut conn = self.lock();
        let tx = conn.transaction().doing(DOING)?;
        let found: Option<(String, i64, Option<String>, Option<String>)> = tx
            .query_row(
                "SELECT state, step, draft_key, draft_body FROM outbox WHERE profile_id = ?1 AND id = ?2",
                params![profile, id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()
            .doing(DOING)?;
        let Some((state, step, draft_key, draft_body)) = found else {
            return Err(StoreError::OutboxItemNotFound(id));
        };
        if !parse_state(&state).is_some_and(|state| DISCARDABLE.contains(&state)) {
            return Err(StoreError::OutboxNotDiscardable);
        }
        // Part of it is in HaloPSA: sending the draft again would repeat that part.
        if step > 0 {
            return Err(StoreError::OutboxPartlySent);
        }
        if let (Some(key), Some(body)) = (draft_key, draft_body) {
            let restored = tx
                .execute(
                    "INSERT INTO drafts (profile_id, key, body, saved_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (profile_id, key) DO NOTHING",
                    params![profile, key, body, timestamp_text(now)],
                )
                .doing(DOING)?;
            if restored == 0 {
                return Err(StoreError::NewerDraft);
            }
        }
        transition(
            &tx,
            id,
            DISCARDABLE,
            "DELETE FROM outbox WHERE id = ?1 AND step = 0 AND state IN ({from})",
            [id],
            DOING,
        )?;
        tx.commit().doing(DOING)
    }

    /// Forgets delivered writes older than `before`. Their IDs stop being claimed, which is
    /// safe once no lost write can be that old.
    pub(crate) fn outbox_prune(&self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        self.lock()
            .execute(
                "DELETE FROM outbox WHERE state = 'delivered' AND delivered_at < ?1",
                [timestamp_text(before)],
            )
            .doing("forget old delivered changes")
    }

    /// Drops every write of the profile (the demo's reset: its tickets are gone).
    pub(crate) fn outbox_clear(&self, profile: i32) -> Result<(), StoreError> {
        self.lock()
            .execute("DELETE FROM outbox WHERE profile_id = ?1", [profile])
            .doing("clear the outbox")
            .map(drop)
    }
}

/// Changes write `id` only if it stands in one of the states `from` (the statement says
/// `state IN ({from})`): exactly one row changes, or nothing does and the error says where
/// the write stands. Two hands on one write (the worker and a discard, or a second copy of
/// Halodesk) can never both move it.
fn transition(
    conn: &Connection,
    id: i32,
    from: &[OutboxState],
    statement: &str,
    params: impl Params,
    doing: &'static str,
) -> Result<(), StoreError> {
    let listed = from
        .iter()
        .map(|state| format!("'{}'", state_text(*state)))
        .collect::<Vec<_>>()
        .join(", ");
    let changed = conn
        .prepare_cached(&statement.replace("{from}", &listed))
        .and_then(|mut stmt| stmt.execute(params))
        .doing(doing)?;
    if changed == 1 {
        return Ok(());
    }
    let found: Option<String> = conn
        .query_row("SELECT state FROM outbox WHERE id = ?1", [id], |row| {
            row.get(0)
        })
        .optional()
        .doing(doing)?;
    match found {
        None => Err(StoreError::OutboxItemNotFound(id)),
        Some(state) => Err(StoreError::OutboxMoved {
            id,
            found: parse_state(&state).map_or("unknown to this Halodesk", state_text),
        }),
    }
}

/// Checks that write `id` belongs to `profile`, so one profile never moves another's.
fn ensure_own(conn: &Connection, profile: i32, id: i32) -> Result<(), StoreError> {
    let own = conn
        .prepare_cached("SELECT 1 FROM outbox WHERE profile_id = ?1 AND id = ?2")
        .and_then(|mut stmt| stmt.exists(params![profile, id]))
        .doing("look up the change")?;
    if own {
        Ok(())
    } else {
        Err(StoreError::OutboxItemNotFound(id))
    }
}
