//! The data folder holds the database (tickets, customers' names, the outbox) and copies of
//! attachments: on Unix it is the owner's alone (`0700`), also when an older build or the
//! platform made it readable by others. On Windows the folder lives in the user's profile,
//! whose permissions already keep other users out.

use std::io;
use std::path::Path;

/// Creates `folder` and its parents, and on Unix leaves it readable by its owner only.
pub(crate) fn make_private_folder(folder: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};

        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)?;
        let mode = std::fs::metadata(folder)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(mode & 0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(folder)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_folder_is_made_private_and_a_looser_one_is_tightened() {
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        let root = tempfile::tempdir().unwrap();
        let fresh = root.path().join("new/data");
        make_private_folder(&fresh).unwrap();
        assert_eq!(mode(&fresh), 0o700);

        let loose = root.path().join("loose");
        std::fs::create_dir(&loose).unwrap();
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o755)).unwrap();
        make_private_folder(&loose).unwrap();
        assert_eq!(mode(&loose), 0o700);
    }
}
