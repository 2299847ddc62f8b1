//! Files Halodesk writes: folders made on demand, and names that never replace a file.

use std::path::{Path, PathBuf};

use crate::{AppError, ErrorCode};

/// Creates a folder Halodesk writes files into, and its parents.
pub(crate) async fn create_folder(folder: &Path) -> Result<(), AppError> {
    tokio::fs::create_dir_all(folder).await.map_err(|error| {
        AppError::new(
            ErrorCode::File,
            format!(
                "The folder {} could not be created: {error}.",
                folder.display()
            ),
        )
    })
}

/// `name`, or `name (2).ext`, `name (3).ext`, ... : the first that does not exist yet. A
/// folder that cannot be read counts as holding the name, so nothing is ever replaced; after
/// 10,000 tries the process ID makes one up, and writing there fails with a clear error if the
/// folder is unusable.
pub(crate) fn free_path(folder: &Path, name: &str) -> PathBuf {
    let free = |candidate: &Path| candidate.try_exists().ok() == Some(false);
    let candidate = folder.join(name);
    if free(&candidate) {
        return candidate;
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    // Bounded: a folder that answers no question at all (no permission) must not spin.
    (2u64..10_000)
        .map(|n| folder.join(format!("{stem} ({n}){extension}")))
        .find(|candidate| free(candidate))
        .unwrap_or_else(|| folder.join(format!("{stem} ({}){extension}", std::process::id())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("log.txt"), "first").unwrap();
        std::fs::write(dir.path().join("log (2).txt"), "second").unwrap();
        assert_eq!(
            free_path(dir.path(), "log.txt"),
            dir.path().join("log (3).txt")
        );
        assert_eq!(free_path(dir.path(), "new.txt"), dir.path().join("new.txt"));
    }
}
