//! One Halodesk per data folder. Two copies on one database would run two outboxes, and the
//! one starting would mark the other's writes in flight as unknown and send them again; so
//! the folder is locked, through the OS, for as long as the app lives.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use super::OpenError;

/// The file whose OS lock says the folder is in use. It holds nothing; the lock is the point,
/// and the OS lets go of it when the process ends, however it ends.
pub const LOCK_FILE: &str = "halodesk.lock";

/// The held lock: the folder is this process's until the value is dropped.
#[derive(Debug)]
pub(crate) struct FolderLock {
    /// Closing the file releases the lock.
    _file: File,
}

impl FolderLock {
    /// Creates `folder` if needed and locks it, or says which folder another copy holds.
    pub(crate) fn take(folder: &Path) -> Result<Self, OpenError> {
        std::fs::create_dir_all(folder).map_err(|error| OpenError::from_io(folder, &error))?;
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(folder.join(LOCK_FILE))
            .map_err(|error| OpenError::from_io(folder, &error))?;
        // std's lock is flock on Unix (two opens of the file conflict, even in one process)
        // and LockFileEx on Windows.
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(OpenError::Locked {
                folder: folder.to_owned(),
            }),
            Err(TryLockError::Error(error)) => Err(OpenError::from_io(folder, &error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_folder_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data");
        let first = FolderLock::take(&folder).unwrap();
        let error = FolderLock::take(&folder).unwrap_err();
        assert!(
            matches!(&error, OpenError::Locked { folder: named } if *named == folder),
            "{error}"
        );
        drop(first);
        FolderLock::take(&folder).unwrap();
    }
}
