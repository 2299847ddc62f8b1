//! The upload queue's tables: each file queued and where it stands ([`states`]), and what each
//! instance taught about uploads ([`learning`]). This module reads the queue.

mod learning;
mod states;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use crate::ipc::UploadState;
use crate::store::{SqlContext, Store, StoreError, parse_timestamp};

/// A file to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewUpload {
    pub ticket_id: i32,
    pub path: String,
    pub filename: String,
    pub size_bytes: u64,
    pub note: String,
    pub show_for_users: bool,
    pub is_image: bool,
    /// A file Halodesk wrote (a pasted image), removed once it is on the ticket.
    pub owned_file: bool,
    /// Which file was queued (`uploads::identity`); none for a file that could not be.
    pub identity: Option<String>,
}

/// One upload as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UploadRow {
    pub id: i32,
    pub profile_id: i32,
    pub upload: NewUpload,
    pub state: UploadState,
    pub attempts: u32,
    pub error: Option<String>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The ticket's attachments of this name and size before the first send.
    pub seen_before: Option<Vec<i32>>,
    pub attachment_id: Option<i32>,
    /// Rises with every change of the row, so of two copies the newer can be told.
    pub revision: u32,
}

/// What an instance taught about uploads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct UploadLearning {
    /// It refused multipart uploads, so files go as JSON.
    pub json_only: bool,
    /// The smallest file it refused as too large.
    pub refused_bytes: Option<u64>,
}

const COLUMNS: &str = "id, profile_id, ticket_id, path, filename, size_bytes, note, show_for_users,
    is_image, owned_file, state, attempts, error, next_attempt_at, seen_before, attachment_id,
    revision, file_identity";

fn decode(row: &Row<'_>) -> rusqlite::Result<UploadRow> {
    let state: String = row.get(10)?;
    let seen_before: Option<String> = row.get(14)?;
    Ok(UploadRow {
        id: row.get(0)?,
        profile_id: row.get(1)?,
        upload: NewUpload {
            ticket_id: row.get(2)?,
            path: row.get(3)?,
            filename: row.get(4)?,
            size_bytes: u64::try_from(row.get::<_, i64>(5)?).unwrap_or(0),
            note: row.get(6)?,
            show_for_users: row.get(7)?,
            is_image: row.get(8)?,
            owned_file: row.get(9)?,
            identity: row.get(17)?,
        },
        // A state this build does not know was written by a newer one: look before sending.
        state: UploadState::parse(&state).unwrap_or(UploadState::Checking),
        attempts: row.get(11)?,
        error: row.get(12)?,
        next_attempt_at: parse_timestamp(row.get(13)?, "uploads.next_attempt_at"),
        seen_before: seen_before.and_then(|text| serde_json::from_str(&text).ok()),
        attachment_id: row.get(15)?,
        revision: row.get(16)?,
    })
}

fn size_value(size: u64) -> i64 {
    i64::try_from(size).unwrap_or(i64::MAX)
}

impl Store {
    pub(crate) fn upload(&self, id: i32) -> Result<Option<UploadRow>, StoreError> {
        self.lock()
            .query_row(
                &format!("SELECT {COLUMNS} FROM uploads WHERE id = ?1"),
                [id],
                decode,
            )
            .optional()
            .doing("read the upload")
    }

    /// The profile's uploads not cleared from the list, of one ticket or all, oldest first.
    pub(crate) fn uploads(
        &self,
        profile: i32,
        ticket: Option<i32>,
    ) -> Result<Vec<UploadRow>, StoreError> {
        const DOING: &str = "read the uploads";
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM uploads
                 WHERE profile_id = ?1 AND cleared = 0 AND (?2 IS NULL OR ticket_id = ?2)
                 ORDER BY id"
            ))
            .doing(DOING)?;
        let rows = stmt
            .query_map(params![profile, ticket], decode)
            .doing(DOING)?;
        rows.collect::<rusqlite::Result<_>>().doing(DOING)
    }

    /// The profile's queued and interrupted uploads, due or not, oldest first: the worker's
    /// to send. Finished ones, however many the list still shows, are not read.
    pub(crate) fn uploads_pending(&self, profile: i32) -> Result<Vec<UploadRow>, StoreError> {
        const DOING: &str = "read the upload queue";
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM uploads
                 WHERE profile_id = ?1 AND state IN ('queued', 'checking')
                 ORDER BY id"
            ))
            .doing(DOING)?;
        let rows = stmt.query_map([profile], decode).doing(DOING)?;
        rows.collect::<rusqlite::Result<_>>().doing(DOING)
    }

    /// The attachments other uploads of the ticket became: never taken for this one.
    pub(crate) fn upload_claimed(
        &self,
        profile: i32,
        ticket: i32,
        except: i32,
    ) -> Result<Vec<i32>, StoreError> {
        const DOING: &str = "read the ticket's uploaded attachments";
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(
                "SELECT attachment_id FROM uploads
                 WHERE profile_id = ?1 AND ticket_id = ?2 AND attachment_id IS NOT NULL
                   AND id != ?3",
            )
            .doing(DOING)?;
        let rows = stmt
            .query_map(params![profile, ticket, except], |row| row.get(0))
            .doing(DOING)?;
        rows.collect::<rusqlite::Result<_>>().doing(DOING)
    }

    /// How many of the profile's uploads are not finished: waiting, being looked for or
    /// going out. Signing out would lose them.
    pub(crate) fn uploads_unfinished(&self, profile: i32) -> Result<u32, StoreError> {
        self.lock()
            .query_row(
                "SELECT count(*) FROM uploads
                 WHERE profile_id = ?1 AND state IN ('queued', 'checking', 'sending')",
                [profile],
                |row| row.get(0),
            )
            .doing("count the unfinished uploads")
    }

    /// The pasted images of the profile still on disk (those that did not land), which are
    /// Halodesk's to delete.
    pub(crate) fn uploads_owned_files(&self, profile: i32) -> Result<Vec<String>, StoreError> {
        const DOING: &str = "read the pasted images";
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(
                "SELECT path FROM uploads
                 WHERE profile_id = ?1 AND owned_file = 1 AND state != 'done'",
            )
            .doing(DOING)?;
        let rows = stmt.query_map([profile], |row| row.get(0)).doing(DOING)?;
        rows.collect::<rusqlite::Result<_>>().doing(DOING)
    }
}
