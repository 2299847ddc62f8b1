//! The outbox table: each write's intent, where it stands, and what it made in HaloPSA.
//!
//! A write is stored before it is sent and its text leaves the draft table in the same
//! transaction, so at every instant the technician's words are in exactly one place.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use super::Intent;
use super::deliver::Claimed;
use crate::ipc::OutboxState;
use crate::store::{
    SqlContext, Store, StoreError, ensure_profile, parse_timestamp, timestamp_text,
};

/// One stored write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutboxRow {
    pub id: i32,
    pub profile_id: i32,
    pub ticket_id: Option<i32>,
    pub intent: Intent,
    pub state: OutboxState,
    /// How many of the intent's steps are done.
    pub step: usize,
    /// Sends of the current step.
    pub attempts: u32,
    /// Of those, how many lost their answer.
    pub lost_sends: u32,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<Timestamp>,
    pub created_at: Timestamp,
    /// When the current step last went out: the start of the window a lost write is looked
    /// for in.
    pub sent_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
    pub created: Vec<Created>,
}

/// Something a write made in HaloPSA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Created {
    pub ticket_id: i32,
    pub action_id: Option<i32>,
}

/// What goes into the outbox with a write, in the same transaction.
#[derive(Debug, Clone, Default)]
pub(crate) struct Enqueue {
    /// The draft the text was typed in: moved into the row, restored if the write is discarded.
    pub draft_key: Option<String>,
    /// The ticket whose timer the write logs: its timer is cleared.
    pub timer_ticket: Option<i32>,
}

const COLUMNS: &str = "id, profile_id, ticket_id, intent, state, step, attempts, last_error,
    next_attempt_at, created_at, sent_at, delivered_at, created_ids, lost_sends";

impl Store {
    /// Stores a write as queued, taking its draft and timer with it.
    pub(crate) fn enqueue(
        &self,
        profile: i32,
        intent: &Intent,
        with: &Enqueue,
        now: Timestamp,
    ) -> Result<OutboxRow, StoreError> {
        const DOING: &str = "queue the change for sending";
        let body = serde_json::to_string(intent).map_err(|source| StoreError::Encode {
            what: "the change",
            source,
        })?;
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
                    now.to_string(),
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

    pub(crate) fn outbox_row(
        &self,
        profile: i32,
        id: i32,
    ) -> Result<Option<OutboxRow>, StoreError> {
        read_row(&self.lock(), profile, id).doing("read the outbox")
    }

    /// Writes not delivered yet, and those delivered since `delivered_since`, oldest first.
    pub(crate) fn outbox_rows(
        &self,
        profile: i32,
        delivered_since: Timestamp,
    ) -> Result<Vec<OutboxRow>, StoreError> {
        const DOING: &str = "read the outbox";
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM outbox WHERE profile_id = ?1
                 AND (state <> 'delivered' OR delivered_at >= ?2) ORDER BY id"
            ))
            .doing(DOING)?;
        let rows = stmt
            .query_map(params![profile, delivered_since.to_string()], decode_row)
            .doing(DOING)?;
        collect_rows(rows, DOING)
    }

    /// The oldest write still to be sent: writes go out in the order they were made, so a
    /// status change is never overtaken by the note that explains it. Refused writes wait for
    /// the technician and hold nothing up.
    pub(crate) fn outbox_head(&self, profile: i32) -> Result<Option<OutboxRow>, StoreError> {
        const DOING: &str = "read the outbox";
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM outbox WHERE profile_id = ?1
                 AND state NOT IN ('delivered', 'rejected') ORDER BY id"
            ))
            .doing(DOING)?;
        // A row that no longer reads is passed over (with a warning), not allowed to hold up
        // the writes behind it.
        for row in stmt.query_map([profile], decode_row).doing(DOING)? {
            match row.doing(DOING)? {
                Ok(row) => return Ok(Some(row)),
                Err(problem) => tracing::warn!(problem, "passing over an unreadable outbox row"),
            }
        }
        Ok(None)
    }

    /// Marks a step as going out now. Stored before the request, so a crash mid-send leaves
    /// `sending` behind, which the next start reads as "may have arrived".
    pub(crate) fn outbox_sending(&self, id: i32, now: Timestamp) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "UPDATE outbox SET state = 'sending', sent_at = ?2, attempts = attempts + 1
                 WHERE id = ?1",
                params![id, now.to_string()],
            )
            .doing("record that the change is being sent")
            .map(drop)
    }

    /// Records that step `step` (0-based) is done, and what it made.
    pub(crate) fn outbox_step_done(
        &self,
        id: i32,
        step: usize,
        created: Option<Created>,
    ) -> Result<(), StoreError> {
        const DOING: &str = "record the sent change";
        let mut conn = self.lock();
        let tx = conn.transaction().doing(DOING)?;
        let existing: String = tx
            .query_row(
                "SELECT created_ids FROM outbox WHERE id = ?1",
                [id],
                |row| row.get(0),
            )
            .doing(DOING)?;
        let mut all: Vec<Created> = serde_json::from_str(&existing).unwrap_or_default();
        all.extend(created);
        let ticket_id = created.map(|c| c.ticket_id);
        tx.execute(
            "UPDATE outbox SET step = ?2, created_ids = ?3, ticket_id = coalesce(ticket_id, ?4),
             state = 'queued', last_error = NULL, next_attempt_at = NULL,
             attempts = 0, lost_sends = 0, sent_at = NULL WHERE id = ?1",
            params![id, step as i64 + 1, encode_created(&all)?, ticket_id],
        )
        .doing(DOING)?;
        tx.commit().doing(DOING)
    }

    pub(crate) fn outbox_delivered(&self, id: i32, now: Timestamp) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "UPDATE outbox SET state = 'delivered', delivered_at = ?2, draft_body = NULL,
                 last_error = NULL, next_attempt_at = NULL WHERE id = ?1",
                params![id, now.to_string()],
            )
            .doing("record the delivered change")
            .map(drop)
    }

    /// Records a failed attempt; `lost` when the answer to a send was lost.
    pub(crate) fn outbox_failed(
        &self,
        id: i32,
        state: OutboxState,
        error: &str,
        next_attempt_at: Option<Timestamp>,
        lost: bool,
    ) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "UPDATE outbox SET state = ?2, last_error = ?3, next_attempt_at = ?4,
                 lost_sends = lost_sends + ?5 WHERE id = ?1",
                params![
                    id,
                    state_text(state),
                    error,
                    timestamp_text(next_attempt_at),
                    i64::from(lost)
                ],
            )
            .doing("record why the change was not sent")
            .map(drop)
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
    pub(crate) fn outbox_retry(&self, profile: i32, id: i32) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "UPDATE outbox SET next_attempt_at = NULL,
                 state = CASE
                   WHEN state <> 'rejected' THEN state
                   WHEN sent_at IS NULL THEN 'queued'
                   ELSE 'unknown' END
                 WHERE profile_id = ?1 AND id = ?2 AND state <> 'delivered'",
                params![profile, id],
            )
            .doing("retry the change")
            .map(drop)
    }

    /// Drops a write that was not delivered, and puts its text back in its draft. A write
    /// that is going out, or whose arrival is not known yet, cannot be taken back; nor is a
    /// newer draft for the same form overwritten.
    pub(crate) fn outbox_discard(
        &self,
        profile: i32,
        id: i32,
        now: Timestamp,
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
        if !matches!(state.as_str(), "queued" | "retrying" | "rejected") {
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
                    params![profile, key, body, now.to_string()],
                )
                .doing(DOING)?;
            if restored == 0 {
                return Err(StoreError::NewerDraft);
            }
        }
        tx.execute("DELETE FROM outbox WHERE id = ?1", [id])
            .doing(DOING)?;
        tx.commit().doing(DOING)
    }

    /// How many writes are not delivered yet (refused ones included).
    pub(crate) fn outbox_undelivered(&self, profile: i32) -> Result<u32, StoreError> {
        self.lock()
            .query_row(
                "SELECT count(*) FROM outbox WHERE profile_id = ?1 AND state <> 'delivered'",
                [profile],
                |row| row.get(0),
            )
            .doing("count the changes waiting to be sent")
    }

    /// The tickets and actions every write of the profile made.
    pub(crate) fn outbox_claimed(&self, profile: i32) -> Result<Claimed, StoreError> {
        const DOING: &str = "read what the sent changes made";
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(
                "SELECT created_ids FROM outbox WHERE profile_id = ?1 AND created_ids <> '[]'",
            )
            .doing(DOING)?;
        let rows = stmt
            .query_map([profile], |row| row.get::<_, String>(0))
            .doing(DOING)?;
        let mut claimed = Claimed::default();
        for row in rows {
            let made: Vec<Created> = serde_json::from_str(&row.doing(DOING)?).unwrap_or_default();
            for created in made {
                match created.action_id {
                    Some(action) => claimed.actions.insert((created.ticket_id, action)),
                    None => claimed.tickets.insert(created.ticket_id),
                };
            }
        }
        Ok(claimed)
    }

    /// Forgets delivered writes older than `before`. Their IDs stop being claimed, which is
    /// safe once no lost write can be that old.
    pub(crate) fn outbox_prune(&self, before: Timestamp) -> Result<usize, StoreError> {
        self.lock()
            .execute(
                "DELETE FROM outbox WHERE state = 'delivered' AND delivered_at < ?1",
                [before.to_string()],
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

fn read_row(conn: &Connection, profile: i32, id: i32) -> rusqlite::Result<Option<OutboxRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE profile_id = ?1 AND id = ?2"
    ))?;
    let mut rows = stmt.query_map(params![profile, id], decode_row)?;
    match rows.next() {
        Some(row) => row.map(|decoded| decoded.ok()),
        None => Ok(None),
    }
}

/// A row whose intent no longer reads comes back as `Err` text, so the caller can skip it
/// with a warning instead of failing the whole list.
fn decode_row(row: &Row<'_>) -> rusqlite::Result<Result<OutboxRow, String>> {
    let id: i32 = row.get(0)?;
    let intent: String = row.get(3)?;
    let state: String = row.get(4)?;
    let created: String = row.get(12)?;
    let intent = match serde_json::from_str(&intent) {
        Ok(intent) => intent,
        Err(error) => return Ok(Err(format!("outbox row {id}: {error}"))),
    };
    let Some(state) = parse_state(&state) else {
        return Ok(Err(format!("outbox row {id}: unknown state {state}")));
    };
    Ok(Ok(OutboxRow {
        id,
        profile_id: row.get(1)?,
        ticket_id: row.get(2)?,
        intent,
        state,
        step: row.get::<_, i64>(5)?.max(0) as usize,
        attempts: row.get::<_, i64>(6)?.clamp(0, i64::from(u32::MAX)) as u32,
        lost_sends: row.get::<_, i64>(13)?.clamp(0, i64::from(u32::MAX)) as u32,
        last_error: row.get(7)?,
        next_attempt_at: parse_timestamp(row.get(8)?, "next_attempt_at"),
        created_at: parse_timestamp(row.get(9)?, "created_at").unwrap_or_default(),
        sent_at: parse_timestamp(row.get(10)?, "sent_at"),
        delivered_at: parse_timestamp(row.get(11)?, "delivered_at"),
        created: serde_json::from_str(&created).unwrap_or_default(),
    }))
}

fn collect_rows(
    rows: impl Iterator<Item = rusqlite::Result<Result<OutboxRow, String>>>,
    doing: &'static str,
) -> Result<Vec<OutboxRow>, StoreError> {
    let mut out = Vec::new();
    for row in rows {
        match row.doing(doing)? {
            Ok(row) => out.push(row),
            Err(problem) => tracing::warn!(problem, "skipping an unreadable outbox row"),
        }
    }
    Ok(out)
}

fn encode_created(created: &[Created]) -> Result<String, StoreError> {
    serde_json::to_string(created).map_err(|source| StoreError::Encode {
        what: "what the change made",
        source,
    })
}

fn state_text(state: OutboxState) -> &'static str {
    match state {
        OutboxState::Queued => "queued",
        OutboxState::Sending => "sending",
        OutboxState::Retrying => "retrying",
        OutboxState::Unknown => "unknown",
        OutboxState::Rejected => "rejected",
        OutboxState::Delivered => "delivered",
    }
}

fn parse_state(text: &str) -> Option<OutboxState> {
    [
        OutboxState::Queued,
        OutboxState::Sending,
        OutboxState::Retrying,
        OutboxState::Unknown,
        OutboxState::Rejected,
        OutboxState::Delivered,
    ]
    .into_iter()
    .find(|state| state_text(*state) == text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::demo;
    use crate::workflow::outbox::{ActionDraft, Step};

    fn now() -> Timestamp {
        "2026-03-02T09:00:00Z".parse().unwrap()
    }

    fn note(text: &str) -> Intent {
        Intent {
            label: "Internal note".into(),
            steps: vec![Step::AddAction(ActionDraft {
                ticket_id: 7,
                outcome: "Private Note".into(),
                note: text.into(),
                ..ActionDraft::default()
            })],
        }
    }

    fn store_with_profile() -> (Store, i32) {
        let store = Store::open_in_memory().unwrap();
        let profile = store.add_profile(&demo()).unwrap().id;
        (store, profile)
    }

    #[test]
    fn queueing_takes_the_draft_and_the_timer_in_one_step() {
        let (store, profile) = store_with_profile();
        store
            .save_draft(profile, "note:7", "{\"note\":\"x\"}", now())
            .unwrap();
        let mut timer = crate::drafts::Timer::default();
        timer.start(now());
        store.put_timer(profile, 7, &timer).unwrap();
        let with = Enqueue {
            draft_key: Some("note:7".into()),
            timer_ticket: Some(7),
        };
        let row = store.enqueue(profile, &note("x"), &with, now()).unwrap();
        assert_eq!(row.state, OutboxState::Queued);
        assert_eq!(row.ticket_id, Some(7));
        assert!(store.draft(profile, "note:7").unwrap().is_none());
        assert!(store.timers(profile).unwrap().is_empty());
        assert_eq!(
            store.outbox_head(profile).unwrap().map(|r| r.id),
            Some(row.id)
        );
    }

    #[test]
    fn a_write_cut_off_while_sending_is_treated_as_maybe_arrived() {
        let (store, profile) = store_with_profile();
        let row = store
            .enqueue(profile, &note("x"), &Enqueue::default(), now())
            .unwrap();
        store.outbox_sending(row.id, now()).unwrap();
        assert_eq!(store.outbox_recover_interrupted().unwrap(), 1);
        let row = store.outbox_row(profile, row.id).unwrap().unwrap();
        assert_eq!((row.state, row.attempts), (OutboxState::Unknown, 1));
        assert_eq!(row.sent_at, Some(now()));
    }

    #[test]
    fn only_writes_that_surely_did_not_arrive_can_be_discarded() {
        let (store, profile) = store_with_profile();
        let row = store
            .enqueue(profile, &note("x"), &Enqueue::default(), now())
            .unwrap();
        store
            .outbox_failed(row.id, OutboxState::Unknown, "lost", Some(now()), true)
            .unwrap();
        let refused = store.outbox_discard(profile, row.id, now()).unwrap_err();
        assert!(
            matches!(refused, StoreError::OutboxNotDiscardable),
            "{refused}"
        );
        store
            .outbox_failed(row.id, OutboxState::Retrying, "offline", Some(now()), false)
            .unwrap();
        store.outbox_discard(profile, row.id, now()).unwrap();
        assert!(store.outbox_row(profile, row.id).unwrap().is_none());
    }

    #[test]
    fn a_write_partly_in_halopsa_cannot_be_discarded_and_a_refused_one_is_looked_for_on_retry() {
        let (store, profile) = store_with_profile();
        let mut intent = note("x");
        intent.steps.push(intent.steps[0].clone());
        let row = store
            .enqueue(profile, &intent, &Enqueue::default(), now())
            .unwrap();
        store.outbox_sending(row.id, now()).unwrap();
        store.outbox_step_done(row.id, 0, None).unwrap();
        store
            .outbox_failed(row.id, OutboxState::Retrying, "offline", Some(now()), false)
            .unwrap();
        let refused = store.outbox_discard(profile, row.id, now()).unwrap_err();
        assert!(matches!(refused, StoreError::OutboxPartlySent), "{refused}");

        store.outbox_sending(row.id, now()).unwrap();
        store
            .outbox_failed(row.id, OutboxState::Rejected, "lost again", None, true)
            .unwrap();
        store.outbox_retry(profile, row.id).unwrap();
        let row = store.outbox_row(profile, row.id).unwrap().unwrap();
        assert_eq!(row.state, OutboxState::Unknown, "sent before: look first");
        assert_eq!((row.step, row.attempts, row.lost_sends), (1, 1, 1));
    }

    #[test]
    fn a_discarded_write_never_overwrites_a_newer_draft() {
        let (store, profile) = store_with_profile();
        store.save_draft(profile, "note:7", "old", now()).unwrap();
        let with = Enqueue {
            draft_key: Some("note:7".into()),
            timer_ticket: None,
        };
        let row = store.enqueue(profile, &note("old"), &with, now()).unwrap();
        store.save_draft(profile, "note:7", "newer", now()).unwrap();
        let refused = store.outbox_discard(profile, row.id, now()).unwrap_err();
        assert!(matches!(refused, StoreError::NewerDraft), "{refused}");
        assert_eq!(
            store.draft(profile, "note:7").unwrap().unwrap().body,
            "newer"
        );
        assert!(store.outbox_row(profile, row.id).unwrap().is_some(), "kept");
    }

    #[test]
    fn what_delivered_writes_made_is_claimed_until_pruned() {
        let (store, profile) = store_with_profile();
        let row = store
            .enqueue(profile, &note("x"), &Enqueue::default(), now())
            .unwrap();
        let made = Created {
            ticket_id: 7,
            action_id: Some(31),
        };
        store.outbox_step_done(row.id, 0, Some(made)).unwrap();
        store.outbox_delivered(row.id, now()).unwrap();
        assert!(
            store
                .outbox_claimed(profile)
                .unwrap()
                .actions
                .contains(&(7, 31))
        );
        assert_eq!(store.outbox_undelivered(profile).unwrap(), 0);
        assert!(store.outbox_head(profile).unwrap().is_none());
        store
            .outbox_prune(now() + jiff::SignedDuration::from_secs(1))
            .unwrap();
        assert!(store.outbox_claimed(profile).unwrap().actions.is_empty());
    }
}
