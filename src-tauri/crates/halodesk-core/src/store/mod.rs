//! Halodesk's SQLite database, which every feature shares: the connection, the schema and
//! its migrations, and the conventions of its columns. Each feature keeps its own tables'
//! reads and writes in its `store` module, as `impl Store` blocks returning storage types.
//!
//! One connection behind a mutex: the app's reads are short, and SQLite serialises writers
//! anyway. WAL lets a second process (a second window's shell) read while this one writes.

mod error;
mod schema;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use halopsa::Rfc3339;
use rusqlite::Connection;
use serde::Serialize;

pub(crate) use error::{SqlContext, StoreError};

/// How long a write waits for another connection's lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How far each commit is pushed to the disk before it counts as done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Durability {
    /// The app's: every commit waits for the disk, so a write the outbox took in survives a
    /// power cut, which its exactly-once promise needs.
    #[default]
    Full,
    /// SQLite's usual WAL setting: the file is never corrupted, but a power cut may undo the
    /// last commits. Only for measuring what [`Durability::Full`] costs.
    Normal,
}

impl Durability {
    fn pragma(self) -> &'static str {
        match self {
            Self::Full => "FULL",
            Self::Normal => "NORMAL",
        }
    }
}

/// The app's database. Every method is one short lock of the connection; writes that belong
/// together run in one transaction.
pub(crate) struct Store {
    conn: Mutex<Connection>,
    /// Where the file is; `None` in memory. Only for `Debug`.
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (or creates) the database at `path`, creating its folder, and brings its schema
    /// up to date; its commits are as `durability` says.
    pub(crate) fn open(path: &Path, durability: Durability) -> Result<Store, StoreError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| StoreError::CreateFolder {
                path: folder.to_path_buf(),
                source,
            })?;
        }
        let opened = Connection::open(path).and_then(|conn| {
            configure(&conn, durability)?;
            Ok(conn)
        });
        let conn = opened.map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Self::with_connection(conn, Some(path.to_path_buf()))
    }

    /// A database that lives only as long as the value: for tests and throwaway sessions.
    #[cfg(test)]
    pub(crate) fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()
            .and_then(|conn| {
                configure(&conn, Durability::Full)?;
                Ok(conn)
            })
            .map_err(|source| StoreError::Open {
                path: PathBuf::from(":memory:"),
                source,
            })?;
        Self::with_connection(conn, None)
    }

    fn with_connection(mut conn: Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
            path,
        })
    }

    /// Folds the write-ahead log into the database file and empties it, so a quit app leaves
    /// one self-contained file behind (the -wal file otherwise holds the latest writes).
    pub(crate) fn checkpoint(&self) -> Result<(), StoreError> {
        self.lock()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .doing("fold the write-ahead log into the database")
    }

    /// The connection. A panic while it was held leaves nothing half-done (an open
    /// transaction rolls back when dropped), so a poisoned lock is taken over.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Turns on WAL, foreign keys (the cascades depend on them), a busy timeout and the
/// commits' durability.
fn configure(conn: &Connection, durability: Durability) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // In memory the journal mode stays "memory"; only a file can use WAL.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if mode != "wal" && mode != "memory" {
        tracing::warn!(mode, "the database did not switch to WAL");
    }
    // With WAL, NORMAL never corrupts the file but a power cut may undo the last commits;
    // FULL syncs the log at every commit, so a write once queued is never lost.
    conn.pragma_update(None, "synchronous", durability.pragma())?;
    Ok(())
}

/// Checks that a profile exists before writing rows that belong to it, so a stale id gives
/// [`StoreError::ProfileNotFound`] instead of a foreign-key failure.
pub(crate) fn ensure_profile(conn: &Connection, profile: i32) -> Result<(), StoreError> {
    let found = conn
        .prepare_cached("SELECT 1 FROM profiles WHERE id = ?1")
        .and_then(|mut stmt| stmt.exists([profile]))
        .doing("look up the profile")?;
    if found {
        Ok(())
    } else {
        Err(StoreError::ProfileNotFound(profile))
    }
}

/// A value kept as JSON text in a column; `what` names it in the error.
pub(crate) fn encode_json<T: Serialize + ?Sized>(
    value: &T,
    what: &'static str,
) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|source| StoreError::Encode { what, source })
}

/// A timestamp as the database keeps it: RFC 3339 text in UTC, as every Halodesk wrote it.
pub(crate) fn timestamp_text(at: DateTime<Utc>) -> String {
    Rfc3339(at).to_string()
}

/// Reads a stored timestamp; one that does not parse is dropped with a warning, since every
/// one of them can be recomputed by the next sync.
pub(crate) fn parse_timestamp(text: Option<String>, column: &'static str) -> Option<DateTime<Utc>> {
    let text = text?;
    match text.parse() {
        Ok(at) => Some(at),
        Err(error) => {
            tracing::warn!(column, text, %error, "ignoring an unreadable timestamp in the database");
            None
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ipc::{QueueFilter, SignInMethod};
    use crate::profiles::store::NewProfile;
    use crate::queue::CachedTicket;
    use crate::queue::store::SyncBatch;

    /// A demo profile, for the tables that belong to one.
    pub(crate) fn demo() -> NewProfile {
        NewProfile {
            name: "Demo".into(),
            method: SignInMethod::Demo,
            instance_url: String::new(),
            tenant: None,
            client_id: String::new(),
            agent: None,
        }
    }

    #[test]
    fn data_survives_closing_and_reopening_the_file() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("nested").join("halodesk.db");
        let profile = {
            let store = Store::open(&path, Durability::Full).unwrap();
            let profile = store.add_profile(&demo()).unwrap();
            store.set_active_profile(Some(profile.id)).unwrap();
            let batch = SyncBatch {
                tickets: vec![CachedTicket {
                    id: 7,
                    summary: "Printer on fire".into(),
                    ..CachedTicket::default()
                }],
                synced_at: "2025-03-01T09:00:00Z".parse().unwrap(),
                ..SyncBatch::default()
            };
            store.apply_sync(profile.id, &batch).unwrap();
            store
                .save_filter(profile.id, "Mine", &QueueFilter::default())
                .unwrap();
            profile
        };
        let store = Store::open(&path, Durability::Full).unwrap();
        assert_eq!(store.profiles().unwrap(), vec![profile.clone()]);
        assert_eq!(store.active_profile_id().unwrap(), Some(profile.id));
        let tickets = store.cached_tickets(profile.id).unwrap();
        assert_eq!(tickets.len(), 1);
        assert_eq!(tickets[0].summary, "Printer on fire");
        assert_eq!(store.saved_filters(profile.id).unwrap().len(), 1);
        assert_eq!(
            store.sync_state(profile.id).unwrap().synced_at,
            Some("2025-03-01T09:00:00Z".parse().unwrap())
        );
        let journal: String = store
            .lock()
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(journal, "wal");
    }

    #[test]
    fn an_unopenable_path_says_where_and_what_to_do() {
        let folder = tempfile::tempdir().unwrap();
        // A folder where the file should be.
        let error = Store::open(folder.path(), Durability::Full).unwrap_err();
        assert!(matches!(error, StoreError::Open { .. }), "{error}");
        assert!(error.to_string().contains("could not be opened"), "{error}");
    }

    #[test]
    fn commits_wait_for_the_disk_unless_asked_otherwise() {
        let folder = tempfile::tempdir().unwrap();
        // SQLite reads synchronous back as a number: 1 is NORMAL, 2 is FULL.
        let synchronous = |durability| {
            let store = Store::open(&folder.path().join("halodesk.db"), durability).unwrap();
            let level: i64 = store
                .lock()
                .query_row("PRAGMA synchronous", [], |row| row.get(0))
                .unwrap();
            level
        };
        assert_eq!(synchronous(Durability::default()), 2);
        assert_eq!(synchronous(Durability::Full), 2);
        assert_eq!(synchronous(Durability::Normal), 1);
    }

    #[test]
    fn foreign_keys_are_on() {
        let store = Store::open_in_memory().unwrap();
        let on: bool = store
            .lock()
            .query_row("PRAGMA foreign_keys", [], |row| row.get(0))
            .unwrap();
        assert!(on);
    }

    #[test]
    fn unreadable_timestamps_are_dropped() {
        assert_eq!(parse_timestamp(Some("yesterday".into()), "test"), None);
        assert_eq!(parse_timestamp(None, "test"), None);
        let at: DateTime<Utc> = "2025-01-02T03:04:05.678Z".parse().unwrap();
        assert_eq!(parse_timestamp(Some(timestamp_text(at)), "test"), Some(at));
        // The text every Halodesk wrote, which the outbox's and the watch's queries compare.
        assert_eq!(timestamp_text(at), "2025-01-02T03:04:05.678Z");
    }
}
