//! The outbox table: each write's intent, where it stands, and what it made in HaloPSA. This
//! module reads it; [`states`] moves a write from one state to the next.

mod states;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};

use super::Intent;
use super::deliver::Claimed;
use crate::ipc::OutboxState;
use crate::store::{SqlContext, Store, StoreError, encode_json, parse_timestamp, timestamp_text};

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
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// When the current step last went out: the start of the window a lost write is looked
    /// for in.
    pub sent_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created: Vec<Created>,
}

/// Something a write made in HaloPSA, kept as JSON so the outbox never makes it twice: every
/// field defaulted, like the intents beside it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
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
        delivered_since: DateTime<Utc>,
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
            .query_map(
                params![profile, timestamp_text(delivered_since)],
                decode_row,
            )
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
    encode_json(created, "what the change made")
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
