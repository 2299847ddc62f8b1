use std::path::PathBuf;

/// What went wrong with Halodesk's database, worded for the technician.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StoreError {
    #[error("Halodesk could not create the folder for its database at {}: {source}; check the disk has space and the folder is writable", path.display())]
    CreateFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Halodesk's database at {} could not be opened: {source}; check the disk has space and the folder is writable", path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "Halodesk's database could not be upgraded to version {version}: {source}; check the disk has space, or remove the database file to start afresh (saved profiles and filters are lost, tickets download again)"
    )]
    Migrate {
        version: u32,
        source: rusqlite::Error,
    },
    #[error(
        "Halodesk's database was written by a newer Halodesk (database version {found}, this one knows up to {known}); update Halodesk to open it"
    )]
    TooNew { found: u32, known: u32 },
    /// A read or write failed; `action` says what Halodesk was doing, as a verb phrase.
    #[error(
        "Halodesk's database could not {action}: {source}; check the disk has space and restart Halodesk"
    )]
    Sql {
        action: &'static str,
        source: rusqlite::Error,
    },
    #[error("Halodesk could not store {what}: {source}")]
    Encode {
        what: &'static str,
        source: serde_json::Error,
    },
    #[error("No saved profile has the id {0}; it may have been signed out in another window")]
    ProfileNotFound(i32),
    #[error("A demo profile already exists; switch to it instead of adding another")]
    DemoProfileExists,
    #[error("A saved filter needs a name; type one and save again")]
    EmptyFilterName,
    #[error("That change is no longer in the outbox; it may have been sent or discarded already")]
    OutboxItemNotFound(i32),
    /// A state change found the write elsewhere than it moves from, and changed nothing.
    #[error(
        "That change moved on meanwhile (it is now {found}), so nothing was changed; Halodesk will not send it twice"
    )]
    OutboxMoved { id: i32, found: &'static str },
    #[error(
        "That change is being sent, or may already be in HaloPSA, so it cannot be taken back; Halodesk will not send it twice"
    )]
    OutboxNotDiscardable,
    #[error(
        "Part of that change is already in HaloPSA, so it cannot be taken back; retry it to finish the rest"
    )]
    OutboxPartlySent,
    #[error(
        "A newer draft is open in the same form; send or clear it first, so neither text is lost"
    )]
    NewerDraft,
}

impl From<StoreError> for crate::AppError {
    /// Keeps the message, which already says what to do; only what the technician typed or
    /// chose is anything but a storage failure.
    fn from(error: StoreError) -> Self {
        use crate::ErrorCode;
        let code = match &error {
            StoreError::ProfileNotFound(_) | StoreError::OutboxItemNotFound(_) => {
                ErrorCode::NotFound
            }
            StoreError::EmptyFilterName
            | StoreError::DemoProfileExists
            | StoreError::OutboxNotDiscardable
            | StoreError::OutboxMoved { .. }
            | StoreError::OutboxPartlySent
            | StoreError::NewerDraft => ErrorCode::Invalid,
            _ => ErrorCode::Storage,
        };
        Self::new(code, error.to_string())
    }
}

/// Names what a failed SQLite call was doing, for [`StoreError::Sql`].
pub(crate) trait SqlContext<T> {
    fn doing(self, action: &'static str) -> Result<T, StoreError>;
}

impl<T> SqlContext<T> for Result<T, rusqlite::Error> {
    fn doing(self, action: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Sql { action, source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_failure_names_the_path_and_what_to_do() {
        let error = StoreError::Open {
            path: PathBuf::from("/data/halodesk.db"),
            source: rusqlite::Error::InvalidQuery,
        };
        let message = error.to_string();
        assert!(
            message.starts_with("Halodesk's database at /data/halodesk.db could not be opened: ")
        );
        assert!(message.ends_with("check the disk has space and the folder is writable"));
        assert_eq!(crate::AppError::from(error).code, crate::ErrorCode::Storage);
    }

    #[test]
    fn what_the_technician_typed_is_invalid_not_a_storage_failure() {
        let error = crate::AppError::from(StoreError::EmptyFilterName);
        assert_eq!(error.code, crate::ErrorCode::Invalid);
        assert_eq!(
            error.message,
            "A saved filter needs a name; type one and save again"
        );
    }
}
