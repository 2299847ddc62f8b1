//! Starting afresh after the database was damaged: the technician is told what that loses
//! (the writes and uploads not sent yet, counted if the damaged file still says), and the
//! file is kept, renamed with the date and its log files beside it, never deleted.

use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDate};
use rusqlite::{Connection, OpenFlags};

use super::OpenError;
use crate::Clock;
use crate::app::DATABASE_FILE;

/// SQLite's files beside the database: its write-ahead log and the log's index. The log may
/// hold the latest commits, so it travels with the file it belongs to.
const COMPANIONS: [&str; 2] = ["-wal", "-shm"];

/// What was waiting to be sent in the damaged database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsent {
    Counted {
        writes: u32,
        uploads: u32,
    },
    /// The outbox or the upload queue could not be read.
    Unreadable,
}

impl Unsent {
    /// Counts, read-only, the writes not delivered and the uploads not landed.
    pub fn read(folder: &Path) -> Self {
        let count = || -> rusqlite::Result<(u32, u32)> {
            let conn = Connection::open_with_flags(
                folder.join(DATABASE_FILE),
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.query_row(
                "SELECT (SELECT count(*) FROM outbox WHERE state <> 'delivered'),
                        (SELECT count(*) FROM uploads WHERE state NOT IN ('done', 'cancelled'))",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
        };
        match count() {
            Ok((writes, uploads)) => Self::Counted { writes, uploads },
            Err(error) => {
                tracing::warn!(%error, "the damaged database's outbox could not be read");
                Self::Unreadable
            }
        }
    }

    /// The loss, in a sentence.
    fn words(self) -> String {
        match self {
            Self::Counted {
                writes: 0,
                uploads: 0,
            } => "No change or upload was waiting to be sent to HaloPSA.".to_owned(),
            Self::Counted { writes, uploads } => format!(
                "{} and {} waiting to be sent to HaloPSA will not be sent: make them again once Halodesk is running.",
                counted(writes, "change", "changes"),
                counted(uploads, "upload", "uploads"),
            ),
            Self::Unreadable => "Halodesk cannot read which changes and uploads were waiting to be sent to HaloPSA: any not sent yet will not be, so check your recent work once Halodesk is running.".to_owned(),
        }
    }
}

fn counted(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A database moved aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartedFresh {
    /// Where the damaged file is kept.
    pub kept_as: PathBuf,
}

impl OpenError {
    /// For a damaged database, the question the dialog asks before starting afresh: where
    /// the file will be kept and what is lost. `None` for every other failure, which starting
    /// afresh would not mend.
    pub fn start_fresh_question(&self, clock: &dyn Clock) -> Option<String> {
        let Self::Corrupt { folder, .. } = self else {
            return None;
        };
        let kept_as = kept_name(folder, today(clock));
        Some(format!(
            "Halodesk can move the damaged database aside, keeping it in the same folder as {}, and start with a new one. Your connections, saved filters, drafts and timers start empty (tickets download again; sign-in secrets stay in the keyring). {}",
            kept_as.display(),
            Unsent::read(folder).words()
        ))
    }
}

/// Moves the damaged database in `folder` aside, named with today's date (and a number, if a
/// file of that name is kept already), so the next open starts a new one.
pub fn start_fresh(folder: &Path, clock: &dyn Clock) -> Result<StartedFresh, OpenError> {
    let kept_as = kept_name(folder, today(clock));
    let database = folder.join(DATABASE_FILE);
    // The log files go first: a log left behind would be read into the new database.
    for suffix in COMPANIONS {
        let from = with_suffix(&database, suffix);
        if from
            .try_exists()
            .map_err(|e| OpenError::from_io(folder, &e))?
        {
            std::fs::rename(&from, with_suffix(&kept_as, suffix))
                .map_err(|e| OpenError::from_io(folder, &e))?;
        }
    }
    std::fs::rename(&database, &kept_as).map_err(|e| OpenError::from_io(folder, &e))?;
    tracing::warn!(kept_as = %kept_as.display(), "the damaged database was moved aside");
    Ok(StartedFresh { kept_as })
}

/// The computer's date, as its file manager shows the kept file's.
fn today(clock: &dyn Clock) -> NaiveDate {
    clock.now().with_timezone(&Local).date_naive()
}

/// `halodesk.sqlite3.corrupt-2026-12-04`, or `...-2`, `...-3`: the first name free for the
/// file and both its companions, so nothing kept before is replaced.
fn kept_name(folder: &Path, date: NaiveDate) -> PathBuf {
    let base = format!("{DATABASE_FILE}.corrupt-{}", date.format("%Y-%m-%d"));
    let free = |path: &Path| {
        std::iter::once(String::new())
            .chain(COMPANIONS.map(str::to_owned))
            .all(|suffix| with_suffix(path, &suffix).try_exists().ok() == Some(false))
    };
    let first = folder.join(&base);
    if free(&first) {
        return first;
    }
    (2u32..10_000)
        .map(|n| folder.join(format!("{base}-{n}")))
        .find(|candidate| free(candidate))
        .unwrap_or_else(|| folder.join(format!("{base}-{}", std::process::id())))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    #[derive(Debug)]
    struct At(DateTime<Utc>);

    impl Clock for At {
        fn now(&self) -> DateTime<Utc> {
            self.0
        }
    }

    fn noon() -> At {
        At("2026-12-04T12:00:00Z".parse().unwrap())
    }

    #[test]
    fn the_database_and_its_logs_are_kept_under_a_dated_name_never_replacing_one() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path();
        for (name, body) in [
            (DATABASE_FILE.to_owned(), "db"),
            (format!("{DATABASE_FILE}-wal"), "wal"),
            (format!("{DATABASE_FILE}-shm"), "shm"),
        ] {
            std::fs::write(folder.join(name), body).unwrap();
        }
        let date = today(&noon()).format("%Y-%m-%d").to_string();
        // Kept from an earlier failure the same day.
        let earlier = folder.join(format!("{DATABASE_FILE}.corrupt-{date}"));
        std::fs::write(&earlier, "earlier").unwrap();

        let fresh = start_fresh(folder, &noon()).unwrap();

        let kept = folder.join(format!("{DATABASE_FILE}.corrupt-{date}-2"));
        assert_eq!(fresh.kept_as, kept);
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "db");
        assert_eq!(
            std::fs::read_to_string(with_suffix(&kept, "-wal")).unwrap(),
            "wal"
        );
        assert_eq!(
            std::fs::read_to_string(with_suffix(&kept, "-shm")).unwrap(),
            "shm"
        );
        assert_eq!(std::fs::read_to_string(&earlier).unwrap(), "earlier");
        assert!(!folder.join(DATABASE_FILE).exists());
        assert!(!folder.join(format!("{DATABASE_FILE}-wal")).exists());
    }

    #[test]
    fn only_a_damaged_database_is_offered_a_fresh_start() {
        let locked = OpenError::Locked {
            folder: PathBuf::from("/data"),
        };
        assert_eq!(locked.start_fresh_question(&noon()), None);
    }

    #[test]
    fn a_file_that_is_no_database_cannot_say_what_was_unsent() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DATABASE_FILE), vec![0x5a; 8192]).unwrap();
        assert_eq!(Unsent::read(dir.path()), Unsent::Unreadable);
        let error = OpenError::Corrupt {
            folder: dir.path().to_owned(),
            detail: "file is not a database".into(),
        };
        let question = error.start_fresh_question(&noon()).unwrap();
        assert!(
            question.contains("cannot read which changes and uploads were waiting"),
            "{question}"
        );
        assert!(question.contains(".corrupt-"), "{question}");
    }

    #[test]
    fn the_loss_is_counted_in_words() {
        let words = Unsent::Counted {
            writes: 3,
            uploads: 1,
        }
        .words();
        assert_eq!(
            words,
            "3 changes and 1 upload waiting to be sent to HaloPSA will not be sent: make them again once Halodesk is running."
        );
    }
}
