//! The upload queue, what each instance taught about uploads (which endpoint it takes, the
//! size it refuses), and app-wide settings such as the download folder.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, params};

use crate::ipc::UploadState;
use crate::store::{
    SqlContext, Store, StoreError, ensure_profile, parse_timestamp, timestamp_text,
};

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
    pub next_attempt_at: Option<Timestamp>,
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
    revision";

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
    /// Queues a file; answers its ID.
    pub(crate) fn upload_add(
        &self,
        profile: i32,
        upload: &NewUpload,
        state: UploadState,
        error: Option<&str>,
        now: Timestamp,
    ) -> Result<i32, StoreError> {
        let conn = self.lock();
        ensure_profile(&conn, profile)?;
        conn.execute(
            "INSERT INTO uploads (profile_id, ticket_id, path, filename, size_bytes, note,
                 show_for_users, is_image, owned_file, state, error, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
                now.to_string(),
            ],
        )
        .doing("queue the upload")?;
        Ok(i32::try_from(conn.last_insert_rowid()).unwrap_or(i32::MAX))
    }

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

    /// Marks the upload as going out: one more attempt, and the attachments seen before it.
    /// With the file's size now, which a lost send is looked for by. Answers false, and
    /// changes nothing, when the upload is no longer waiting (it was cancelled meanwhile).
    pub(crate) fn upload_sending(
        &self,
        id: i32,
        seen_before: &[i32],
        size: u64,
    ) -> Result<bool, StoreError> {
        let seen = serde_json::to_string(seen_before).unwrap_or_else(|_| "[]".to_owned());
        self.lock()
            .execute(
                "UPDATE uploads SET revision = revision + 1, state = 'sending', attempts = attempts + 1, error = NULL,
                     next_attempt_at = NULL, seen_before = coalesce(seen_before, ?2),
                     size_bytes = ?3
                 WHERE id = ?1 AND state IN ('queued', 'checking')",
                params![id, seen, size_value(size)],
            )
            .doing("mark the upload as sending")
            .map(|changed| changed > 0)
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
            .map(|changed| changed > 0)
    }

    /// Moves the upload to `state`, with the words for why and when it is next tried.
    pub(crate) fn upload_set_state(
        &self,
        id: i32,
        state: UploadState,
        error: Option<&str>,
        next_attempt_at: Option<Timestamp>,
    ) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "UPDATE uploads SET revision = revision + 1, state = ?2, error = ?3, next_attempt_at = ?4 WHERE id = ?1",
                params![id, state.as_str(), error, timestamp_text(next_attempt_at)],
            )
            .doing("update the upload")
            .map(drop)
    }

    pub(crate) fn upload_done(&self, id: i32, attachment_id: i32) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "UPDATE uploads SET revision = revision + 1, state = 'done', error = NULL, next_attempt_at = NULL,
                     attachment_id = ?2
                 WHERE id = ?1",
                params![id, attachment_id],
            )
            .doing("mark the upload as done")
            .map(drop)
    }

    /// Queues a failed or cancelled upload again, with the file's size now. One that went out
    /// before is looked for on the ticket before it is sent.
    pub(crate) fn upload_requeue(&self, id: i32, size: u64) -> Result<bool, StoreError> {
        self.lock()
            .execute(
                "UPDATE uploads SET revision = revision + 1, attempts = 0, error = NULL, next_attempt_at = NULL,
                     size_bytes = ?2,
                     -- A file of another size is another file: what was seen before is moot.
                     state = CASE WHEN seen_before IS NULL OR size_bytes != ?2
                                  THEN 'queued' ELSE 'checking' END,
                     seen_before = CASE WHEN size_bytes = ?2 THEN seen_before END
                 WHERE id = ?1 AND state IN ('failed', 'cancelled')",
                params![id, size_value(size)],
            )
            .doing("queue the upload again")
            .map(|changed| changed > 0)
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
            .map(|changed| changed > 0)
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

    pub(crate) fn upload_learning(&self, profile: i32) -> Result<UploadLearning, StoreError> {
        self.lock()
            .query_row(
                "SELECT mode, refused_bytes FROM upload_learning WHERE profile_id = ?1",
                [profile],
                |row| {
                    let mode: String = row.get(0)?;
                    let refused: Option<i64> = row.get(1)?;
                    Ok(UploadLearning {
                        json_only: mode == "json",
                        refused_bytes: refused.and_then(|r| u64::try_from(r).ok()),
                    })
                },
            )
            .optional()
            .doing("read what the instance taught about uploads")
            .map(Option::unwrap_or_default)
    }

    /// Remembers that the instance takes only JSON uploads.
    pub(crate) fn upload_learn_json_only(&self, profile: i32) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "INSERT INTO upload_learning (profile_id, mode) VALUES (?1, 'json')
                 ON CONFLICT (profile_id) DO UPDATE SET mode = 'json'",
                [profile],
            )
            .doing("remember the instance's upload endpoint")
            .map(drop)
    }

    /// Forgets a size limit that `size` bytes just got through: the limit was raised.
    pub(crate) fn upload_learn_accepted(&self, profile: i32, size: u64) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "UPDATE upload_learning SET refused_bytes = NULL
                 WHERE profile_id = ?1 AND refused_bytes <= ?2",
                params![profile, size_value(size)],
            )
            .doing("forget the instance's size limit")
            .map(drop)
    }

    /// Remembers that the instance refused `size` bytes as too large; a smaller refusal wins.
    pub(crate) fn upload_learn_refused(&self, profile: i32, size: u64) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "INSERT INTO upload_learning (profile_id, mode, refused_bytes)
                 VALUES (?1, 'multipart', ?2)
                 ON CONFLICT (profile_id) DO UPDATE SET refused_bytes =
                     min(coalesce(refused_bytes, excluded.refused_bytes), excluded.refused_bytes)",
                params![profile, size_value(size)],
            )
            .doing("remember the instance's size limit")
            .map(drop)
    }

    pub(crate) fn app_setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.lock()
            .query_row(
                "SELECT value FROM app_settings WHERE key = ?1",
                [key],
                |row| row.get(0),
            )
            .optional()
            .doing("read a setting")
    }

    pub(crate) fn set_app_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "INSERT INTO app_settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .doing("save a setting")
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::demo;

    fn store_with_profile() -> (Store, i32) {
        let store = Store::open_in_memory().unwrap();
        let profile = store.add_profile(&demo()).unwrap().id;
        (store, profile)
    }

    fn file(name: &str, size: u64) -> NewUpload {
        NewUpload {
            ticket_id: 7,
            path: format!("/tmp/{name}"),
            filename: name.to_owned(),
            size_bytes: size,
            note: String::new(),
            show_for_users: false,
            is_image: true,
            owned_file: false,
        }
    }

    #[test]
    fn an_upload_interrupted_by_an_exit_is_checked_before_it_is_sent_again() {
        let (store, profile) = store_with_profile();
        let now = Timestamp::now();
        let id = store
            .upload_add(profile, &file("a.png", 10), UploadState::Queued, None, now)
            .unwrap();
        assert!(store.upload_sending(id, &[3, 4], 10).unwrap());
        // A second send keeps the first look: attachments seen before the first send.
        store
            .upload_set_state(id, UploadState::Checking, None, None)
            .unwrap();
        assert!(store.upload_sending(id, &[3, 4, 9], 10).unwrap());
        assert_eq!(store.uploads_recover_interrupted().unwrap(), 1);
        let row = store.upload(id).unwrap().unwrap();
        assert_eq!(row.state, UploadState::Checking);
        assert_eq!(row.attempts, 2);
        assert_eq!(row.seen_before, Some(vec![3, 4]));
        assert_eq!(row.revision, 4, "every change of the row counts");
        assert_eq!(store.uploads_pending(profile).unwrap().len(), 1);
    }

    #[test]
    fn only_finished_uploads_are_cleared_and_only_they_are_requeued() {
        let (store, profile) = store_with_profile();
        let now = Timestamp::now();
        let done = store
            .upload_add(profile, &file("a.png", 1), UploadState::Queued, None, now)
            .unwrap();
        let waiting = store
            .upload_add(profile, &file("b.png", 1), UploadState::Queued, None, now)
            .unwrap();
        store.upload_done(done, 55).unwrap();
        assert!(!store.upload_requeue(waiting, 1).unwrap());
        assert_eq!(store.upload_claimed(profile, 7, waiting).unwrap(), vec![55]);
        assert!(store.upload_claimed(profile, 7, done).unwrap().is_empty());
        assert!(
            !store.upload_cancel_waiting(done).unwrap(),
            "done stays done"
        );
        store.uploads_clear(profile, 7).unwrap();
        let left: Vec<i32> = store
            .uploads(profile, Some(7))
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(left, vec![waiting]);
    }

    #[test]
    fn a_retried_upload_that_went_out_before_is_looked_for_first() {
        let (store, profile) = store_with_profile();
        let now = Timestamp::now();
        let sent = store
            .upload_add(
                profile,
                &file("sent.png", 10),
                UploadState::Queued,
                None,
                now,
            )
            .unwrap();
        store.upload_sending(sent, &[], 10).unwrap();
        store
            .upload_set_state(sent, UploadState::Cancelled, None, None)
            .unwrap();
        let refused = store
            .upload_add(
                profile,
                &file("empty.png", 0),
                UploadState::Failed,
                Some("empty"),
                now,
            )
            .unwrap();
        assert!(store.upload_requeue(sent, 10).unwrap());
        assert!(store.upload_requeue(refused, 30).unwrap());
        let sent = store.upload(sent).unwrap().unwrap();
        assert_eq!(
            (sent.state, sent.upload.size_bytes),
            (UploadState::Checking, 10)
        );
        let refused = store.upload(refused).unwrap().unwrap();
        assert_eq!((refused.state, refused.error), (UploadState::Queued, None));
    }

    #[test]
    fn a_file_that_changed_size_is_sent_afresh_and_a_cancel_beats_a_late_send() {
        let (store, profile) = store_with_profile();
        let now = Timestamp::now();
        let id = store
            .upload_add(
                profile,
                &file("log.txt", 10),
                UploadState::Queued,
                None,
                now,
            )
            .unwrap();
        store.upload_sending(id, &[1], 10).unwrap();
        store
            .upload_set_state(id, UploadState::Failed, Some("lost"), None)
            .unwrap();
        store.upload_requeue(id, 25).unwrap();
        let row = store.upload(id).unwrap().unwrap();
        assert_eq!((row.state, row.seen_before), (UploadState::Queued, None));
        assert!(store.upload_cancel_waiting(id).unwrap());
        assert!(
            !store.upload_sending(id, &[], 25).unwrap(),
            "cancelled first"
        );
        assert_eq!(
            store.upload(id).unwrap().unwrap().state,
            UploadState::Cancelled
        );
    }

    #[test]
    fn clearing_answers_the_pasted_images_that_never_landed() {
        let (store, profile) = store_with_profile();
        let now = Timestamp::now();
        let pasted = NewUpload {
            owned_file: true,
            ..file("Screenshot.png", 10)
        };
        let landed = store
            .upload_add(profile, &pasted, UploadState::Queued, None, now)
            .unwrap();
        store.upload_done(landed, 3).unwrap();
        store
            .upload_add(profile, &pasted, UploadState::Failed, Some("gone"), now)
            .unwrap();
        assert_eq!(
            store.uploads_clear(profile, 7).unwrap(),
            vec!["/tmp/Screenshot.png".to_owned()]
        );
        assert!(store.uploads_clear(profile, 7).unwrap().is_empty());
    }

    #[test]
    fn the_smallest_refused_size_and_the_json_endpoint_are_remembered() {
        let (store, profile) = store_with_profile();
        assert_eq!(
            store.upload_learning(profile).unwrap(),
            UploadLearning::default()
        );
        store.upload_learn_refused(profile, 5_000).unwrap();
        store.upload_learn_refused(profile, 9_000).unwrap();
        store.upload_learn_json_only(profile).unwrap();
        store.upload_learn_accepted(profile, 4_000).unwrap();
        assert_eq!(
            store.upload_learning(profile).unwrap(),
            UploadLearning {
                json_only: true,
                refused_bytes: Some(5_000)
            }
        );
        store.upload_learn_accepted(profile, 6_000).unwrap();
        assert_eq!(store.upload_learning(profile).unwrap().refused_bytes, None);
    }
}
