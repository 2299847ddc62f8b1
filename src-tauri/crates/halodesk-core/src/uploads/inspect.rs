//! Which files can be uploaded at all: looked at before they are queued, so one that cannot
//! go says why on its own row while the others are sent.

use std::path::{Path, PathBuf};

use super::identity::file_identity;
use crate::files::shown_file_name;

/// A file as it will be queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Inspected {
    /// The file itself, links followed: what is sent, and checked again before it is.
    pub path: PathBuf,
    /// Which file it is ([`file_identity`]), so another one taking its path is noticed.
    pub identity: String,
    pub filename: String,
    pub size_bytes: u64,
    pub is_image: bool,
}

/// Why a file cannot be queued: the words for the technician, shown on its row while the
/// other files go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refused {
    pub filename: String,
    pub size_bytes: u64,
    pub reason: String,
}

/// Looks at a file before it is queued: it must exist, be a regular, readable file (a link is
/// followed to one; a folder, pipe or device is refused), hold something, and be smaller than
/// the size the instance refused before (`refused_bytes`). Its name is the one the technician
/// saw, as [`shown_file_name`] shows it, which is also the name it gets on the ticket.
pub(super) fn inspect(path: &Path, refused_bytes: Option<u64>) -> Result<Inspected, Refused> {
    let filename = shown_file_name(
        &path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string()),
    );
    let refuse = |size_bytes, reason: String| Refused {
        filename: filename.clone(),
        size_bytes,
        reason,
    };
    let unreadable =
        |error: std::io::Error| refuse(0, format!("It could not be read: {}.", io_reason(&error)));
    let resolved = std::fs::canonicalize(path).map_err(unreadable)?;
    let metadata = std::fs::metadata(&resolved).map_err(unreadable)?;
    if metadata.is_dir() {
        return Err(refuse(
            0,
            "It is a folder. Attach the files inside it, or a zip of it.".to_owned(),
        ));
    }
    if !metadata.is_file() {
        // A pipe or a device would never end, or would block the queue waiting to be read.
        return Err(refuse(
            0,
            "It is not a regular file (a device, pipe or socket): only files can be attached."
                .to_owned(),
        ));
    }
    let size = metadata.len();
    if size == 0 {
        return Err(refuse(
            0,
            "It is empty: there is nothing to attach.".to_owned(),
        ));
    }
    // Opening proves it readable now, rather than minutes later when its turn comes.
    if let Err(error) = std::fs::File::open(&resolved) {
        return Err(refuse(
            size,
            format!("It could not be read: {}.", io_reason(&error)),
        ));
    }
    if let Some(refused) = refused_bytes.filter(|&refused| size >= refused) {
        return Err(refuse(
            size,
            format!(
                "It is {}, and your HaloPSA instance refused a file of {} as too large. Make it \
                 smaller, or ask your Halo administrator to raise the limit.",
                size_text(size),
                size_text(refused)
            ),
        ));
    }
    Ok(Inspected {
        identity: file_identity(&metadata),
        path: resolved,
        is_image: halopsa::looks_like_image(&filename),
        filename,
        size_bytes: size,
    })
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "it no longer exists".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

/// A size the way file managers show it: "512 bytes", "3.4 KB", "2.0 MB", "1.2 GB".
pub(super) fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_empty_missing_and_too_large_files_are_refused_with_their_reason() {
        let folder = tempfile::tempdir().unwrap();
        let empty = folder.path().join("empty.log");
        std::fs::write(&empty, b"").unwrap();
        let shot = folder.path().join("shot.PNG");
        std::fs::write(&shot, [1u8; 2048]).unwrap();

        let reason = |path: &Path, limit| inspect(path, limit).unwrap_err().reason;
        assert!(reason(folder.path(), None).contains("folder"));
        assert!(reason(&empty, None).contains("empty"));
        assert!(reason(&folder.path().join("gone.png"), None).contains("no longer exists"));
        assert!(reason(&shot, Some(2048)).contains("refused a file of 2.0 KB"));
        let inspected = inspect(&shot, Some(4096)).unwrap();
        assert_eq!(
            (
                inspected.filename.as_str(),
                inspected.size_bytes,
                inspected.is_image
            ),
            ("shot.PNG", 2048, true)
        );
        assert_eq!(inspected.path, std::fs::canonicalize(&shot).unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_to_a_regular_file_and_pipes_and_devices_refused() {
        let folder = tempfile::tempdir().unwrap();
        let real = folder.path().join("real.log");
        std::fs::write(&real, b"log line").unwrap();
        let link = folder.path().join("link.log");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let inspected = inspect(&link, None).unwrap();
        assert_eq!(
            inspected.filename, "link.log",
            "the name the technician dropped"
        );
        assert_eq!(inspected.path, std::fs::canonicalize(&real).unwrap());

        let device = Path::new("/dev/null");
        assert!(
            inspect(device, None)
                .unwrap_err()
                .reason
                .contains("not a regular file")
        );
        let fifo = folder.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        assert!(
            inspect(&fifo, None)
                .unwrap_err()
                .reason
                .contains("not a regular file")
        );
    }

    #[test]
    fn a_disguised_name_is_queued_as_shown() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("invoice\u{202E}fdp.exe");
        std::fs::write(&path, b"MZ").unwrap();
        assert_eq!(inspect(&path, None).unwrap().filename, "invoicefdp.exe");
    }

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(size_text(512), "512 bytes");
        assert_eq!(size_text(3 * 1024 + 400), "3.4 KB");
        assert_eq!(size_text(200 * 1024 * 1024), "200.0 MB");
    }
}
