//! The app's data folder as a whole: one copy of Halodesk at a time ([`lock`]), what went
//! wrong when it could not be opened, sorted so the shell can say it plainly before the app
//! exits ([`OpenError`]), and a damaged database moved aside to start afresh ([`start_fresh`]).

mod lock;
mod start_fresh;

use std::path::{Path, PathBuf};

pub(crate) use lock::FolderLock;
pub use lock::LOCK_FILE;
pub use start_fresh::{StartedFresh, Unsent, start_fresh};

use crate::store::StoreError;

/// Why Halodesk could not open its data folder, with the folder named in every message. The
/// shell shows the message in a dialog before it exits; only [`OpenError::Corrupt`] offers
/// to start afresh ([`OpenError::start_fresh`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    #[error(
        "Another copy of Halodesk is already using its data folder, {}. Switch to that window (it may be in the tray), or quit it and start Halodesk again.",
        folder.display()
    )]
    Locked { folder: PathBuf },
    #[error(
        "Halodesk's database in {} is damaged and cannot be read ({detail}).",
        folder.display()
    )]
    Corrupt { folder: PathBuf, detail: String },
    #[error(
        "Halodesk's database in {} was written by a newer Halodesk (database version {found}; this one knows up to {known}). Update Halodesk to open it; nothing was changed.",
        folder.display()
    )]
    TooNew {
        folder: PathBuf,
        found: u32,
        known: u32,
    },
    #[error(
        "Halodesk cannot write to its data folder, {} ({detail}). Check the folder's permissions and that the disk is not read-only, then start Halodesk again.",
        folder.display()
    )]
    NotWritable { folder: PathBuf, detail: String },
    #[error(
        "The disk holding Halodesk's data folder, {}, is full ({detail}). Free some space, then start Halodesk again.",
        folder.display()
    )]
    DiskFull { folder: PathBuf, detail: String },
    #[error(
        "Halodesk's database in {} could not be opened ({detail}). Check the disk has space and the folder is writable, then start Halodesk again.",
        folder.display()
    )]
    Unusable { folder: PathBuf, detail: String },
}

impl OpenError {
    /// The data folder the error is about.
    pub fn folder(&self) -> &Path {
        match self {
            Self::Locked { folder }
            | Self::Corrupt { folder, .. }
            | Self::TooNew { folder, .. }
            | Self::NotWritable { folder, .. }
            | Self::DiskFull { folder, .. }
            | Self::Unusable { folder, .. } => folder,
        }
    }

    /// Sorts a failure of the file system (creating the folder, the lock file).
    pub(crate) fn from_io(folder: &Path, error: &std::io::Error) -> Self {
        use std::io::ErrorKind as Kind;
        let (folder, detail) = (folder.to_owned(), error.to_string());
        match error.kind() {
            Kind::PermissionDenied | Kind::ReadOnlyFilesystem => {
                Self::NotWritable { folder, detail }
            }
            Kind::StorageFull | Kind::QuotaExceeded => Self::DiskFull { folder, detail },
            _ => Self::Unusable { folder, detail },
        }
    }

    /// Sorts a failure of the database by what SQLite said.
    pub(crate) fn from_store(folder: &Path, error: StoreError) -> Self {
        let sqlite = match &error {
            StoreError::TooNew { found, known } => {
                return Self::TooNew {
                    folder: folder.to_owned(),
                    found: *found,
                    known: *known,
                };
            }
            StoreError::CreateFolder { source, .. } => return Self::from_io(folder, source),
            StoreError::Open { source, .. }
            | StoreError::Migrate { source, .. }
            | StoreError::Sql { source, .. } => source.sqlite_error_code(),
            _ => None,
        };
        let (folder, detail) = (folder.to_owned(), sqlite_detail(&error));
        use rusqlite::ErrorCode as Code;
        match sqlite {
            Some(Code::DatabaseCorrupt | Code::NotADatabase) => Self::Corrupt { folder, detail },
            Some(Code::DiskFull) => Self::DiskFull { folder, detail },
            Some(Code::ReadOnly | Code::PermissionDenied) => Self::NotWritable { folder, detail },
            _ => Self::Unusable { folder, detail },
        }
    }
}

/// What SQLite itself said, without the advice [`StoreError`] adds, which the dialog words
/// for the case at hand.
fn sqlite_detail(error: &StoreError) -> String {
    match error {
        StoreError::Open { source, .. }
        | StoreError::Migrate { source, .. }
        | StoreError::Sql { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::{Connection, OpenFlags};

    fn folder() -> PathBuf {
        PathBuf::from("/home/tech/.local/share/halodesk")
    }

    #[test]
    fn every_message_names_the_folder() {
        let errors = [
            OpenError::Locked { folder: folder() },
            OpenError::Corrupt {
                folder: folder(),
                detail: "file is not a database".into(),
            },
            OpenError::TooNew {
                folder: folder(),
                found: 40,
                known: 12,
            },
            OpenError::NotWritable {
                folder: folder(),
                detail: "Permission denied".into(),
            },
            OpenError::DiskFull {
                folder: folder(),
                detail: "No space left on device".into(),
            },
            OpenError::Unusable {
                folder: folder(),
                detail: "unable to open database file".into(),
            },
        ];
        for error in errors {
            assert_eq!(error.folder(), folder());
            assert!(
                error
                    .to_string()
                    .contains("/home/tech/.local/share/halodesk"),
                "{error}"
            );
        }
    }

    #[test]
    fn file_system_refusals_are_sorted_by_kind() {
        use std::io::{Error, ErrorKind};
        let denied = OpenError::from_io(&folder(), &Error::from(ErrorKind::PermissionDenied));
        assert!(matches!(denied, OpenError::NotWritable { .. }), "{denied}");
        let read_only = OpenError::from_io(&folder(), &Error::from(ErrorKind::ReadOnlyFilesystem));
        assert!(
            matches!(read_only, OpenError::NotWritable { .. }),
            "{read_only}"
        );
        let full = OpenError::from_io(&folder(), &Error::from(ErrorKind::StorageFull));
        assert!(matches!(full, OpenError::DiskFull { .. }), "{full}");
        let other = OpenError::from_io(&folder(), &Error::from(ErrorKind::InvalidData));
        assert!(matches!(other, OpenError::Unusable { .. }), "{other}");
    }

    #[test]
    fn a_database_opened_read_only_is_a_folder_that_cannot_be_written() {
        // SQLite's own answer when it may not write: what a read-only disk or a file without
        // write permission gives (the tests run as root, which permissions do not stop).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("halodesk.sqlite3");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let source = conn.execute("INSERT INTO t VALUES (1)", []).unwrap_err();
        let error = OpenError::from_store(dir.path(), StoreError::Migrate { version: 1, source });
        assert!(matches!(error, OpenError::NotWritable { .. }), "{error}");
        assert!(error.to_string().contains("readonly"), "{error}");
    }
}
