//! An upload's way through the queue, one state change a method. Each change is conditional
//! on where the row stands (a send starts only from a waiting row, a cancel never overwrites a
//! landed one, a failure never overwrites a cancel) and answers whether the row moved, so two
//! hands on one upload never both move it; each raises the row's revision, so the window
//! always keeps the newest copy.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{NewUpload, size_value};
use crate::ipc::UploadState;
use crate::store::{SqlContext, Store, StoreError, encode_json, ensure_profile, timestamp_text};

impl Store {
    /// Queues a file; answers its ID.
    pub(crate) fn upload_add(
        &self,
        profile: i32,
        upload: &NewUpload,
        state: UploadState,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<i32, StoreError> {
        let conn = self.lock();
        ensure_profile(&conn, profile)?;
        conn.execute(
            "INSERT INTO uploads (profile_id, ticket_id, path, filename, size_bytes, note,
                 show_for_users, is_image, owned_file, state, error, created_at, file_identity)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                profile,
                upload.ticket_id,
                upload.path,
                upload.filename,
                size_value(upload.size_bytes),
                upload.note,
                upload.show_for_users,
                upload.is_image,
                upload.owned_file,
                state.as_str(),
                error,
                timestamp_text(now),
                upload.identity,
            ],
        )
        .doing("queue the upload")?;
        Ok(i32::try_from(conn.last_insert_rowid()).unwrap_or(i32::MAX))
    }

    /// Marks the upload as going out: one more attempt, and the attachments seen before it.
    /// With the file's size now, which a lost send is looked for by. Answers false, and
    /// changes nothing, when the upload is no longer waiting (it was cancelled meanwhile).
    pub(crate) fn upload_sending(
        &self,
        id: i32,
        seen_before: &[i32],
        size: u64,
    ) -> Result<bool, StoreError> {
        let seen = encode_json(seen_before, "the attachments seen before the upload")?;
        self.lock()
            .execute(
                "UPDATE uploads SET revision = revision + 1, state = 'sending', attempts = attempts + 1, error = NULL,
                     next_attempt_at = NULL, seen_before = coalesce(seen_before, ?2),
                     size_bytes = ?3
                 WHERE id = ?1 AND state IN ('queued', 'checking')",
                params![id, seen, size_value(size)],
            )
            .doing("mark the upload as sending")
            .map(|changed| changed == 1)
    }

    /// Cancels an upload that is waiting; one already finished keeps its state. Answers
    /// whether it was cancelled.
    pub(crate) fn upload_cancel_waiting(&self, id: i32) -> Result<bool, StoreError> {
        self.lock()
            .execute(
                "UPDATE uploads SET revision = revision + 1, state = 'cancelled', next_attempt_at = NULL
                 WHERE id = ?1 AND state IN ('queued', 'checking', 'sending')",
                [id],
            )
            .doing("cancel the upload")
            .map(|changed| changed == 1)
    }

    /// Moves the upload from one of the states `from` to `state`, with the words for why and
    /// when it is next tried. Answers false, and changes nothing, when it stands elsewhere.
    pub(crate) fn upload_set_state(
        &self,
        id: i32,
        from: &[UploadState],
        state: UploadState,
        error: Option<&str>,
        next_attempt_at: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError> {
        self.lock()
            .prepare_cached(&format!(
                "UPDATE uploads SET revision = revision + 1, state = ?2, error = ?3, next_attempt_at = ?4
                 WHERE id = ?1 AND state IN ({})",
                listed(from)
            ))
            .and_then(|mut stmt| {
                stmt.execute(params![
                    id,
                    state.as_str(),
                    error,
                    next_attempt_at.map(timestamp_text)
                ])
            })
            .doing("update the upload")
            .map(|changed| changed == 1)
    }

    /// Marks an upload as landed: one being sent, or one whose lost send was found on the
    /// ticket. Answers false, and changes nothing, when it stands elsewhere.
    pub(crate) fn upload_done(&self, id: i32, attachment_id: i32) -> Result<bool, StoreError> {
        self.lock()
            .execute(
                "UPDATE uploads SET revision = revision + 1, state = 'done', error = NULL, next_attempt_at = NULL,
                     attachment_id = ?2
                 WHERE id = ?1 AND state IN ('sending', 'checking')",
                params![id, attachment_id],
            )
            .doing("mark the upload as done")
            .map(|changed| changed == 1)
    }

    /// Queues a failed or cancelled upload again, as the file at its path is now: where it
    /// leads, its size and which file it is. One that went out before is looked for on the
    /// ticket before it is sent.
    pub(crate) fn upload_requeue(
        &self,
        id: i32,
        size: u64,
        path: &str,
        identity: &str,
    ) -> Result<bool, StoreError> {
        self.lock()
            .execute(
                "UPDATE uploads SET revision = revision + 1, attempts = 0, error = NULL, next_attempt_at = NULL,
                     path = ?3, file_identity = ?4,
                     size_bytes = ?2,
                     -- A file of another size is another file: what was seen before is moot.
                     state = CASE WHEN seen_before IS NULL OR size_bytes != ?2
                                  THEN 'queued' ELSE 'checking' END,
                     seen_before = CASE WHEN size_bytes = ?2 THEN seen_before END
                 WHERE id = ?1 AND state IN ('failed', 'cancelled')",
                params![id, size_value(size), path, identity],
            )
            .doing("queue the upload again")
            .map(|changed| changed == 1)
    }

    /// Marks a failed or cancelled upload failed again, with why (a Retry whose file still
    /// cannot go); one that moved on meanwhile is left alone.
    pub(crate) fn upload_refail(&self, id: i32, reason: &str) -> Result<bool, StoreError> {
        self.lock()
            .execute(
                "UPDATE uploads SET revision = revision + 1, state = 'failed', error = ?2, next_attempt_at = NULL
                 WHERE id = ?1 AND state IN ('failed', 'cancelled')",
                params![id, reason],
            )
            .doing("record why the upload cannot go")
            .map(|changed| changed == 1)
    }

    /// Takes the ticket's finished uploads off the list; pending ones stay. Answers the paths
    /// of the pasted images among them that did not land, which are Halodesk's to delete.
    pub(crate) fn uploads_clear(
        &self,
        profile: i32,
        ticket: i32,
    ) -> Result<Vec<String>, StoreError> {
        const DOING: &str = "clear the finished uploads";
        let mut conn = self.lock();
        let tx = conn.transaction().doing(DOING)?;
        let pasted = {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT path FROM uploads
                     WHERE profile_id = ?1 AND ticket_id = ?2 AND cleared = 0 AND owned_file = 1
                       AND state IN ('failed', 'cancelled')",
                )
                .doing(DOING)?;
            let rows = stmt
                .query_map(params![profile, ticket], |row| row.get(0))
                .doing(DOING)?;
            rows.collect::<rusqlite::Result<Vec<String>>>()
                .doing(DOING)?
        };
        tx.execute(
            "UPDATE uploads SET revision = revision + 1, cleared = 1
             WHERE profile_id = ?1 AND ticket_id = ?2
               AND state IN ('done', 'failed', 'cancelled')",
            params![profile, ticket],
        )
        .doing(DOING)?;
        tx.commit().doing(DOING)?;
        Ok(pasted)
    }

    /// Uploads left sending by the last exit: the file may have landed, so they are looked
    /// for before being sent again. Answers how many.
    pub(crate) fn uploads_recover_interrupted(&self) -> Result<usize, StoreError> {
        self.lock()
            .execute(
                "UPDATE uploads SET revision = revision + 1, state = 'checking' WHERE state = 'sending'",
                [],
            )
            .doing("recover interrupted uploads")
    }
}

/// `'queued', 'checking'`: the states of a statement's `IN` list.
fn listed(states: &[UploadState]) -> String {
    states
        .iter()
        .map(|state| format!("'{}'", state.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}
