//! Folders of copies Halodesk keeps only for a while (opened attachments, pasted screenshots):
//! emptied when their profile signs out, and old entries dropped.

use std::io;
use std::path::Path;
use std::time::SystemTime;

/// Removes the files under `folder`, at any depth, last written before `cutoff`, and the
/// folders they leave empty. Answers how many files went; one that cannot be removed (open in
/// another program on Windows) is left for the next time.
pub(crate) fn purge_older_than(folder: &Path, cutoff: SystemTime) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if metadata.is_dir() {
            removed += purge_older_than(&path, cutoff);
            // Only an empty folder goes; one still holding recent files stays.
            let _ = std::fs::remove_dir(&path);
        } else if metadata.modified().is_ok_and(|at| at < cutoff) {
            match std::fs::remove_file(&path) {
                Ok(()) => removed += 1,
                Err(error) => tracing::debug!(%error, "an old cached file could not be removed"),
            }
        }
    }
    removed
}

/// Removes `folder` and everything in it; a folder that is not there is fine.
pub(crate) fn remove_folder(folder: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(folder) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn only_files_older_than_the_cutoff_go() {
        let root = tempfile::tempdir().unwrap();
        let profile = root.path().join("7");
        std::fs::create_dir(&profile).unwrap();
        let (old, new) = (profile.join("old.pdf"), profile.join("new.pdf"));
        std::fs::write(&old, "old").unwrap();
        std::fs::write(&new, "new").unwrap();
        let written = std::fs::metadata(&new).unwrap().modified().unwrap();
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(written - Duration::from_secs(8 * 24 * 3600))
            .unwrap();

        let removed = purge_older_than(root.path(), written - Duration::from_secs(7 * 24 * 3600));
        assert_eq!(removed, 1);
        assert!(!old.exists());
        assert!(new.exists());

        remove_folder(&profile).unwrap();
        assert!(!profile.exists());
        remove_folder(&profile).unwrap();
    }
}
