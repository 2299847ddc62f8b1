//! Per-ticket timers, kept as the time already counted plus the wall-clock instant the running
//! span started, so a timer keeps counting across a restart.

use chrono::TimeDelta;
use rusqlite::{OptionalExtension, params};

use super::timer::Timer;
use crate::store::{
    SqlContext, Store, StoreError, ensure_profile, parse_timestamp, timestamp_text,
};

impl Store {
    /// The ticket's timer; a ticket without one has a stopped timer at zero.
    pub(crate) fn timer(&self, profile: i32, ticket: i32) -> Result<Timer, StoreError> {
        self.lock()
            .query_row(
                "SELECT accumulated_ms, running_since FROM timers
                 WHERE profile_id = ?1 AND ticket_id = ?2",
                params![profile, ticket],
                |row| Ok(decode(row.get(0)?, row.get(1)?)),
            )
            .optional()
            .doing("read the ticket's timer")
            .map(Option::unwrap_or_default)
    }

    /// Every timer of the profile that has time on it or is running, by ticket.
    pub(crate) fn timers(&self, profile: i32) -> Result<Vec<(i32, Timer)>, StoreError> {
        const DOING: &str = "read the timers";
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(
                "SELECT ticket_id, accumulated_ms, running_since FROM timers
                 WHERE profile_id = ?1 ORDER BY ticket_id",
            )
            .doing(DOING)?;
        let rows = stmt
            .query_map([profile], |row| {
                Ok((row.get(0)?, decode(row.get(1)?, row.get(2)?)))
            })
            .doing(DOING)?;
        rows.collect::<rusqlite::Result<_>>().doing(DOING)
    }

    /// Stores the timer; a stopped timer at zero is removed.
    pub(crate) fn put_timer(
        &self,
        profile: i32,
        ticket: i32,
        timer: &Timer,
    ) -> Result<(), StoreError> {
        const DOING: &str = "save the ticket's timer";
        let conn = self.lock();
        ensure_profile(&conn, profile)?;
        if !timer.is_running() && timer.accumulated.is_zero() {
            conn.execute(
                "DELETE FROM timers WHERE profile_id = ?1 AND ticket_id = ?2",
                params![profile, ticket],
            )
            .doing(DOING)?;
            return Ok(());
        }
        conn.execute(
            "INSERT INTO timers (profile_id, ticket_id, accumulated_ms, running_since)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (profile_id, ticket_id) DO UPDATE SET
               accumulated_ms = excluded.accumulated_ms, running_since = excluded.running_since",
            params![
                profile,
                ticket,
                timer.accumulated.num_milliseconds(),
                timer.running_since.map(timestamp_text)
            ],
        )
        .doing(DOING)
        .map(drop)
    }
}

fn decode(accumulated_ms: i64, running_since: Option<String>) -> Timer {
    Timer {
        accumulated: TimeDelta::milliseconds(accumulated_ms.max(0)),
        running_since: parse_timestamp(running_since, "running_since"),
    }
}
