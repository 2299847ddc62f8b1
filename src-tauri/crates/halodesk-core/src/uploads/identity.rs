//! Whether the file at a queued upload's path is still the file the technician queued. Between
//! the drop and its turn (minutes, or a restart later) the path may come to name another file:
//! replaced by a program, or swapped for a link to something private. Just before each send
//! the file is looked at again, and one that is no longer a regular file, or no longer the
//! same file, fails with the reason rather than going out. Retry looks at it anew and sends
//! what is there now, with the technician's say-so. (What remains is the moment between this
//! look and the client opening the file.)
//!
//! The same file is the same device and inode on Unix. On Windows the file index that would
//! say so is not in stable Rust (`windows_by_handle`), so it is the same size and time of last
//! change there: a file written since it was queued counts as another.

use std::fs::Metadata;
use std::path::Path;

/// What tells this file from another at the same path, as stored with the upload.
pub(super) fn file_identity(metadata: &Metadata) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        format!("unix:{}:{}", metadata.dev(), metadata.ino())
    }
    #[cfg(not(unix))]
    {
        let modified = metadata
            .modified()
            .ok()
            .and_then(|at| at.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |since| since.as_nanos());
        format!("size:{}:modified:{modified}", metadata.len())
    }
}

/// Why the file at `path` may not go as the upload queued with `queued` (its identity then;
/// none for an upload queued by an older build); `None` when it is still that file.
pub(super) fn changed_since_queued(path: &Path, queued: Option<&str>) -> Option<String> {
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Some("It could not be read: it no longer exists.".to_owned());
        }
        Err(error) => return Some(format!("It could not be read: {error}.")),
    };
    if !metadata.is_file() {
        return Some(
            "It is no longer a file (something else took its place since it was queued). \
             Attach the file again."
                .to_owned(),
        );
    }
    match queued {
        Some(queued) if queued != file_identity(&metadata) => Some(
            "It was replaced or changed since it was queued, so it may not be the file you \
             attached. Retry to send the file that is there now."
                .to_owned(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_replaced_after_queueing_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.txt");
        std::fs::write(&path, "queued").unwrap();
        let queued = file_identity(&std::fs::metadata(&path).unwrap());
        assert_eq!(changed_since_queued(&path, Some(&queued)), None);
        assert_eq!(
            changed_since_queued(&path, None),
            None,
            "queued by an older build"
        );

        // Another file takes the name: what a program saving "safely" does, or an attacker.
        let other = dir.path().join("other.txt");
        std::fs::write(&other, "another file of other length").unwrap();
        std::fs::rename(&other, &path).unwrap();
        assert!(
            changed_since_queued(&path, Some(&queued))
                .unwrap()
                .contains("replaced")
        );

        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        assert!(
            changed_since_queued(&path, Some(&queued))
                .unwrap()
                .contains("no longer a file")
        );
        std::fs::remove_dir(&path).unwrap();
        assert!(
            changed_since_queued(&path, Some(&queued))
                .unwrap()
                .contains("no longer exists")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_swapped_in_for_the_file_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "queued").unwrap();
        let queued = file_identity(&std::fs::metadata(&path).unwrap());
        let secret = dir.path().join("id_rsa");
        std::fs::write(&secret, "private").unwrap();
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&secret, &path).unwrap();
        assert!(changed_since_queued(&path, Some(&queued)).is_some());
    }
}
