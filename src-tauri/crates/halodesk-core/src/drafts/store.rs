//! Drafts: what the technician is typing in a form, saved as they type so a crash or a kill
//! loses nothing. The body is the form's own JSON; the store does not read it.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use crate::ipc::Draft;
use crate::store::{
    SqlContext, Store, StoreError, ensure_profile, parse_timestamp, timestamp_text,
};

impl Store {
    pub(crate) fn save_draft(
        &self,
        profile: i32,
        key: &str,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let conn = self.lock();
        ensure_profile(&conn, profile)?;
        conn.execute(
            "INSERT INTO drafts (profile_id, key, body, saved_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (profile_id, key) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
            params![profile, key, body, timestamp_text(now)],
        )
        .doing("save the draft")
        .map(drop)
    }

    pub(crate) fn draft(&self, profile: i32, key: &str) -> Result<Option<Draft>, StoreError> {
        self.lock()
            .query_row(
                "SELECT body, saved_at FROM drafts WHERE profile_id = ?1 AND key = ?2",
                params![profile, key],
                |row| {
                    let saved_at = parse_timestamp(row.get(1)?, "saved_at").unwrap_or_default();
                    Ok(Draft {
                        key: key.to_owned(),
                        body: row.get(0)?,
                        saved_at,
                    })
                },
            )
            .optional()
            .doing("read the draft")
    }

    pub(crate) fn clear_draft(&self, profile: i32, key: &str) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "DELETE FROM drafts WHERE profile_id = ?1 AND key = ?2",
                params![profile, key],
            )
            .doing("clear the draft")
            .map(drop)
    }
}
