//! The ticket cache, the instance lookups and the sync state of each profile.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use crate::ipc::QueueLookups;
use crate::queue::CachedTicket;
use crate::store::{
    SqlContext, Store, StoreError, encode_json, ensure_profile, parse_timestamp, timestamp_text,
};

/// How far a profile's cache has caught up with its instance.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SyncState {
    /// The newest `last_update` seen: the next incremental sync asks for changes since it.
    pub high_water: Option<DateTime<Utc>>,
    /// When the cache last heard from the instance.
    pub synced_at: Option<DateTime<Utc>>,
    /// When the whole queue was last reloaded.
    pub full_synced_at: Option<DateTime<Utc>>,
}

/// One sync's results, written by [`Store::apply_sync`] in a single transaction.
#[derive(Debug, Clone, Default)]
pub(crate) struct SyncBatch {
    /// Tickets to add or replace.
    pub tickets: Vec<CachedTicket>,
    /// Tickets gone from the instance (or out of the queue). A ticket both here and in
    /// `tickets` is removed.
    pub removed_ids: Vec<i32>,
    /// A full reload: cached tickets not in `tickets` are removed.
    pub full: bool,
    /// The newest `last_update` in this batch; the stored one never moves back.
    pub high_water: Option<DateTime<Utc>>,
    /// When the instance answered. The default (1970) is only for struct-update syntax:
    /// set it.
    pub synced_at: DateTime<Utc>,
    /// Replaces the stored lookups when set.
    pub lookups: Option<QueueLookups>,
}

#[cfg(test)]
impl SyncBatch {
    /// An empty batch made at `synced_at`.
    pub(crate) fn at(synced_at: DateTime<Utc>) -> Self {
        Self {
            synced_at,
            ..Self::default()
        }
    }
}

const UPSERT_TICKET: &str = "INSERT INTO tickets (profile_id, id, updated_at, body)
     VALUES (?1, ?2, ?3, ?4)
     ON CONFLICT (profile_id, id) DO UPDATE SET updated_at = excluded.updated_at, body = excluded.body";

impl Store {
    /// Every cached ticket of the profile, newest id first. A row that no longer reads as a
    /// ticket is skipped with a warning; the next full sync replaces it.
    pub(crate) fn cached_tickets(&self, profile: i32) -> Result<Vec<CachedTicket>, StoreError> {
        const DOING: &str = "read the cached tickets";
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached("SELECT id, body FROM tickets WHERE profile_id = ?1 ORDER BY id DESC")
            .doing(DOING)?;
        let mut rows = stmt.query([profile]).doing(DOING)?;
        let mut tickets = Vec::new();
        while let Some(row) = rows.next().doing(DOING)? {
            let id: i32 = row.get(0).doing(DOING)?;
            let body: String = row.get(1).doing(DOING)?;
            tickets.extend(decode_ticket(profile, id, &body));
        }
        Ok(tickets)
    }

    pub(crate) fn cached_ticket(
        &self,
        profile: i32,
        id: i32,
    ) -> Result<Option<CachedTicket>, StoreError> {
        let conn = self.lock();
        let body: Option<String> = conn
            .query_row(
                "SELECT body FROM tickets WHERE profile_id = ?1 AND id = ?2",
                [profile, id],
                |row| row.get(0),
            )
            .optional()
            .doing("read a cached ticket")?;
        Ok(body.and_then(|body| decode_ticket(profile, id, &body)))
    }

    /// Writes one sync's results in one transaction: upserts, removals, the full-reload
    /// sweep, lookups and sync state, so a crash never leaves half a sync behind.
    pub(crate) fn apply_sync(&self, profile: i32, batch: &SyncBatch) -> Result<(), StoreError> {
        const DOING: &str = "save the tickets from the last sync";
        let bodies = batch
            .tickets
            .iter()
            .map(|ticket| encode_ticket(ticket).map(|body| (ticket, body)))
            .collect::<Result<Vec<_>, _>>()?;
        let lookups = batch.lookups.as_ref().map(encode_lookups).transpose()?;

        let mut conn = self.lock();
        let tx = conn.transaction().doing(DOING)?;
        ensure_profile(&tx, profile)?;
        {
            let mut upsert = tx.prepare_cached(UPSERT_TICKET).doing(DOING)?;
            for (ticket, body) in &bodies {
                upsert
                    .execute(params![
                        profile,
                        ticket.id,
                        ticket.updated_at.map(timestamp_text),
                        body
                    ])
                    .doing(DOING)?;
            }
        }
        let mut gone: Vec<i32> = batch.removed_ids.clone();
        if batch.full {
            let kept: HashSet<i32> = batch.tickets.iter().map(|ticket| ticket.id).collect();
            gone.extend(
                cached_ids(&tx, profile)
                    .doing(DOING)?
                    .into_iter()
                    .filter(|id| !kept.contains(id)),
            );
        }
        {
            let mut delete = tx
                .prepare_cached("DELETE FROM tickets WHERE profile_id = ?1 AND id = ?2")
                .doing(DOING)?;
            for id in gone {
                delete.execute([profile, id]).doing(DOING)?;
            }
        }
        if let Some(lookups) = lookups {
            store_lookups(&tx, profile, &lookups).doing(DOING)?;
        }
        let old = read_sync_state(&tx, profile).doing(DOING)?;
        let state = SyncState {
            high_water: old.high_water.max(batch.high_water),
            synced_at: Some(batch.synced_at),
            full_synced_at: if batch.full {
                Some(batch.synced_at)
            } else {
                old.full_synced_at
            },
        };
        write_sync_state(&tx, profile, &state).doing(DOING)?;
        tx.commit().doing(DOING)
    }

    /// Replaces one cached ticket, as refreshed when the technician opened it.
    pub(crate) fn put_ticket(&self, profile: i32, ticket: &CachedTicket) -> Result<(), StoreError> {
        let body = encode_ticket(ticket)?;
        let conn = self.lock();
        ensure_profile(&conn, profile)?;
        conn.prepare_cached(UPSERT_TICKET)
            .and_then(|mut stmt| {
                stmt.execute(params![
                    profile,
                    ticket.id,
                    ticket.updated_at.map(timestamp_text),
                    body
                ])
            })
            .doing("save the refreshed ticket")?;
        Ok(())
    }

    /// The profile's sync state; all empty before its first sync.
    pub(crate) fn sync_state(&self, profile: i32) -> Result<SyncState, StoreError> {
        read_sync_state(&self.lock(), profile).doing("read when the queue last synced")
    }

    /// The profile's stored lookups, or empty ones before the first sync (or if the stored
    /// ones no longer read).
    pub(crate) fn lookups(&self, profile: i32) -> Result<QueueLookups, StoreError> {
        let conn = self.lock();
        let body: Option<String> = conn
            .query_row(
                "SELECT body FROM lookups WHERE profile_id = ?1",
                [profile],
                |row| row.get(0),
            )
            .optional()
            .doing("read the instance's statuses and picklists")?;
        Ok(body
            .and_then(|body| match serde_json::from_str(&body) {
                Ok(lookups) => Some(lookups),
                Err(error) => {
                    tracing::warn!(profile, %error, "ignoring unreadable cached lookups");
                    None
                }
            })
            .unwrap_or_default())
    }

    /// Forgets the profile's tickets, lookups and sync state (the demo's reset); its saved
    /// filters stay.
    pub(crate) fn clear_cache(&self, profile: i32) -> Result<(), StoreError> {
        const DOING: &str = "clear the ticket cache";
        let mut conn = self.lock();
        let tx = conn.transaction().doing(DOING)?;
        for table in ["tickets", "lookups", "sync_state"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE profile_id = ?1"),
                [profile],
            )
            .doing(DOING)?;
        }
        tx.commit().doing(DOING)
    }
}

fn cached_ids(conn: &Connection, profile: i32) -> rusqlite::Result<Vec<i32>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM tickets WHERE profile_id = ?1")?;
    stmt.query_map([profile], |row| row.get(0))?.collect()
}

fn store_lookups(conn: &Connection, profile: i32, body: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO lookups (profile_id, body) VALUES (?1, ?2)
         ON CONFLICT (profile_id) DO UPDATE SET body = excluded.body",
        params![profile, body],
    )
}

fn read_sync_state(conn: &Connection, profile: i32) -> rusqlite::Result<SyncState> {
    let row = conn
        .query_row(
            "SELECT high_water, synced_at, full_synced_at FROM sync_state WHERE profile_id = ?1",
            [profile],
            |row| {
                Ok(SyncState {
                    high_water: parse_timestamp(row.get(0)?, "high_water"),
                    synced_at: parse_timestamp(row.get(1)?, "synced_at"),
                    full_synced_at: parse_timestamp(row.get(2)?, "full_synced_at"),
                })
            },
        )
        .optional()?;
    Ok(row.unwrap_or_default())
}

fn write_sync_state(conn: &Connection, profile: i32, state: &SyncState) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO sync_state (profile_id, high_water, synced_at, full_synced_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (profile_id) DO UPDATE SET high_water = excluded.high_water,
             synced_at = excluded.synced_at, full_synced_at = excluded.full_synced_at",
        params![
            profile,
            state.high_water.map(timestamp_text),
            state.synced_at.map(timestamp_text),
            state.full_synced_at.map(timestamp_text)
        ],
    )
}

fn encode_ticket(ticket: &CachedTicket) -> Result<String, StoreError> {
    encode_json(ticket, "a ticket in the cache")
}

fn encode_lookups(lookups: &QueueLookups) -> Result<String, StoreError> {
    encode_json(lookups, "the instance's statuses and picklists")
}

/// A cached ticket, or `None` with a warning when its JSON no longer reads.
fn decode_ticket(profile: i32, id: i32, body: &str) -> Option<CachedTicket> {
    match serde_json::from_str(body) {
        Ok(ticket) => Some(ticket),
        Err(error) => {
            tracing::warn!(profile, id, %error, "skipping an unreadable cached ticket");
            None
        }
    }
}

#[cfg(test)]
mod tests;
