//! The mark of the internet on every file Halodesk writes from a ticket, so the OS treats it as
//! the download it is: Windows' SmartScreen and Office's Protected View read the
//! `Zone.Identifier` stream, macOS's Gatekeeper the `com.apple.quarantine` attribute. Linux
//! desktops have no such check, so nothing is written there.

use std::io;
use std::path::Path;

use chrono::{DateTime, Utc};
use url::Url;

/// Marks `path` as downloaded from `source` (the attachment's address on the instance) at
/// `now`. A file system that cannot hold the mark (FAT, a network share) answers an error.
pub(crate) fn mark_from_internet(path: &Path, source: &Url, now: DateTime<Utc>) -> io::Result<()> {
    #[cfg(windows)]
    {
        let _ = now;
        windows::mark(path, source)
    }
    #[cfg(target_os = "macos")]
    {
        let _ = source;
        macos::mark(path, now)
    }
    #[cfg(not(any(windows, target_os = "macos")))]
    {
        let _ = (path, source, now);
        Ok(())
    }
}

/// What Windows writes in a downloaded file's `Zone.Identifier` stream: zone 3 is the
/// internet, `HostUrl` where it came from.
#[cfg(any(windows, test))]
fn zone_identifier(source: &Url) -> String {
    format!("[ZoneTransfer]\r\nZoneId=3\r\nHostUrl={source}\r\n")
}

#[cfg(windows)]
mod windows {
    use std::io;
    use std::path::Path;

    use url::Url;

    /// Writes the `Zone.Identifier` alternate data stream: the file's path with
    /// `:Zone.Identifier` after it, opened like any file.
    pub(super) fn mark(path: &Path, source: &Url) -> io::Result<()> {
        let mut stream = path.as_os_str().to_owned();
        stream.push(":Zone.Identifier");
        std::fs::write(stream, super::zone_identifier(source))
    }
}

/// Reviewed, not compiled here: the builds and tests run on Linux, and Windows is checked
/// with `--target x86_64-pc-windows-gnu`.
#[cfg(target_os = "macos")]
mod macos {
    use std::io;
    use std::path::Path;

    use chrono::{DateTime, Utc};

    /// Sets `com.apple.quarantine` as a browser does: flags `0081` (downloaded, quarantined),
    /// the time in hexadecimal seconds, the app that downloaded it, and no event ID.
    pub(super) fn mark(path: &Path, now: DateTime<Utc>) -> io::Result<()> {
        let value = format!("0081;{:x};Halodesk;", now.timestamp());
        xattr::set(path, "com.apple.quarantine", value.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zone_identifier_names_the_internet_and_the_attachments_address() {
        let source = Url::parse("https://acme.halopsa.com/api/Attachment/42").unwrap();
        assert_eq!(
            zone_identifier(&source),
            "[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=https://acme.halopsa.com/api/Attachment/42\r\n"
        );
    }

    #[cfg(windows)]
    #[test]
    fn a_marked_file_has_its_zone_identifier_stream() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let source = Url::parse("https://acme.halopsa.com/api/Attachment/42").unwrap();
        mark_from_internet(file.path(), &source, DateTime::UNIX_EPOCH).unwrap();
        let mut stream = file.path().as_os_str().to_owned();
        stream.push(":Zone.Identifier");
        assert_eq!(
            std::fs::read_to_string(stream).unwrap(),
            zone_identifier(&source)
        );
    }
}
