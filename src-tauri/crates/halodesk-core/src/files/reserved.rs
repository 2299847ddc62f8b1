//! Names that never replace a file. A download takes its name at once, as an empty file made
//! with `create_new` (`name`, else `name (2).ext`, `name (3).ext`, ...), so two downloads of
//! one name, or a program writing there meanwhile, never meet. Its bytes go to a temporary
//! file of a unique name beside it, and only the finished file takes the name.
//!
//! The race, and why nothing is ever replaced: to finish, the empty reservation is removed and
//! the temporary file renamed to the name by a rename that refuses to replace
//! (`tempfile`'s `persist_noclobber`: `renameat2(RENAME_NOREPLACE)`, else link and unlink, on
//! Unix; `MoveFileExW` without `MOVEFILE_REPLACE_EXISTING` on Windows). Between the two
//! steps another program may take the name; the rename then fails, and the file takes the next
//! free name instead. The reservation is removed only while it is still an empty file: a
//! program that wrote into it keeps what it wrote, and ours goes under another name. An
//! empty file is all the race can ever remove, so no one's data is lost.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use tempfile::TempPath;

/// How many names are tried before giving up: a folder that refuses every one (no permission)
/// must not spin.
const MAX_TRIES: u32 = 10_000;

/// Takes `name` in `folder`, or the first free `name (n).ext`, as an empty file made with
/// `create_new`: the name is ours from that moment. Answers its path.
pub(crate) fn reserve_name(folder: &Path, name: &str) -> io::Result<PathBuf> {
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    let mut last = None;
    for n in 1..=MAX_TRIES {
        let candidate = if n == 1 {
            folder.join(name)
        } else {
            folder.join(format!("{stem} ({n}){extension}"))
        };
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(_) => return Ok(candidate),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => last = Some(error),
            // Windows answers "access denied" for a name held by a file being deleted: taken
            // too. Where nothing holds the name, the folder itself refuses.
            Err(error)
                if error.kind() == io::ErrorKind::PermissionDenied
                    && std::fs::symlink_metadata(&candidate).is_ok() =>
            {
                last = Some(error);
            }
            Err(error) => return Err(error),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free name")))
}

/// A file being written under a reserved name: the reservation, and the temporary file beside
/// it that holds the bytes until [`Reserved::finish`]. Dropped unfinished, both are removed
/// (the reservation only while still empty).
#[derive(Debug)]
pub(crate) struct Reserved {
    folder: PathBuf,
    name: String,
    reservation: PathBuf,
    temporary: Option<TempPath>,
}

impl Reserved {
    /// Reserves `name` (or the next free one) in `folder` and makes the temporary file beside
    /// it; answers the file to write into.
    pub(crate) fn new(folder: &Path, name: &str) -> io::Result<(Self, File)> {
        let reservation = reserve_name(folder, name)?;
        let temporary = tempfile::Builder::new()
            .prefix(".halodesk-")
            .suffix(".part")
            .tempfile_in(folder);
        let (file, temporary) = match temporary {
            Ok(named) => named.into_parts(),
            Err(error) => {
                remove_if_empty(&reservation);
                return Err(error);
            }
        };
        let reserved = Self {
            folder: folder.to_owned(),
            name: name.to_owned(),
            reservation,
            temporary: Some(temporary),
        };
        Ok((reserved, file))
    }

    /// The temporary file, to mark before it takes the name.
    pub(crate) fn temporary_path(&self) -> Option<&Path> {
        self.temporary.as_deref()
    }

    /// Gives the finished file its reserved name, never replacing anything (see the module's
    /// note on the race). Answers where it is.
    pub(crate) fn finish(mut self) -> io::Result<PathBuf> {
        let mut temporary = self
            .temporary
            .take()
            .ok_or_else(|| io::Error::other("the download was already finished"))?;
        for _ in 0..MAX_TRIES {
            let target = self.reservation.clone();
            if !remove_if_empty(&target) {
                // Someone wrote into it: theirs now. Ours takes the next free name.
                self.reservation = reserve_name(&self.folder, &self.name)?;
                continue;
            }
            match temporary.persist_noclobber(&target) {
                Ok(()) => return Ok(target),
                Err(error) if error.error.kind() == io::ErrorKind::AlreadyExists => {
                    // Taken between the removal and the rename: not replaced, and ours moves on.
                    temporary = error.path;
                    self.reservation = reserve_name(&self.folder, &self.name)?;
                }
                Err(error) => {
                    self.temporary = Some(error.path);
                    return Err(error.error);
                }
            }
        }
        self.temporary = Some(temporary);
        Err(io::Error::other("no free name could be kept"))
    }
}

impl Drop for Reserved {
    fn drop(&mut self) {
        // Unfinished (the download failed): the temporary file goes with its `TempPath`.
        if self.temporary.is_some() {
            remove_if_empty(&self.reservation);
        }
    }
}

/// Removes `path` if it is an empty regular file (never following a link); answers whether
/// the name is free now.
fn remove_if_empty(path: &Path) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_file() && metadata.len() == 0 => {
            std::fs::remove_file(path).is_ok()
                || std::fs::symlink_metadata(path)
                    .is_err_and(|e| e.kind() == io::ErrorKind::NotFound)
        }
        Ok(_) => false,
        Err(error) => error.kind() == io::ErrorKind::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn a_taken_name_gets_the_next_number_and_nothing_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("log.txt"), "first").unwrap();
        std::fs::write(dir.path().join("log (2).txt"), "second").unwrap();
        assert_eq!(
            reserve_name(dir.path(), "log.txt").unwrap(),
            dir.path().join("log (3).txt")
        );
        assert_eq!(
            reserve_name(dir.path(), "new.txt").unwrap(),
            dir.path().join("new.txt")
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("log.txt")).unwrap(),
            "first"
        );
    }

    #[test]
    fn two_files_of_one_name_written_at_once_are_both_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (first, mut first_file) = Reserved::new(dir.path(), "report.pdf").unwrap();
        let (second, mut second_file) = Reserved::new(dir.path(), "report.pdf").unwrap();
        first_file.write_all(b"one").unwrap();
        second_file.write_all(b"two").unwrap();
        drop((first_file, second_file));
        let second = second.finish().unwrap();
        let first = first.finish().unwrap();
        assert_eq!(first, dir.path().join("report.pdf"));
        assert_eq!(second, dir.path().join("report (2).pdf"));
        assert_eq!(std::fs::read(&first).unwrap(), b"one");
        assert_eq!(std::fs::read(&second).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no leftovers"
        );
    }

    #[test]
    fn a_file_written_into_the_reservation_meanwhile_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (reserved, mut file) = Reserved::new(dir.path(), "notes.txt").unwrap();
        file.write_all(b"ours").unwrap();
        drop(file);
        // Another program saves over the empty reservation before the download finishes.
        std::fs::write(dir.path().join("notes.txt"), "theirs").unwrap();
        let ours = reserved.finish().unwrap();
        assert_eq!(ours, dir.path().join("notes (2).txt"));
        assert_eq!(std::fs::read(&ours).unwrap(), b"ours");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "theirs"
        );
    }

    #[test]
    fn an_unfinished_download_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let (reserved, mut file) = Reserved::new(dir.path(), "big.iso").unwrap();
        file.write_all(b"partial").unwrap();
        drop((reserved, file));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
