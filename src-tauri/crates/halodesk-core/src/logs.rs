//! The log a technician can send to support: one file a day in the data folder's `logs/`, the
//! last seven kept, opened from About. Secrets never reach it: every credential is a `Secret`,
//! which prints as `<redacted>`, and bearer headers are marked sensitive.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use ts_rs::TS;

use crate::files::create_folder;
use crate::ipc::Done;
use crate::{AppError, ErrorCode, Halodesk};

/// The folder inside the data folder that holds the logs.
pub const LOG_FOLDER: &str = "logs";
/// Days of logs kept: older files are deleted as a new day's begins.
const DAYS_KEPT: usize = 7;
/// What a normal run writes: what the app did, and what went wrong below it.
pub const DEFAULT_LOG_FILTER: &str =
    "warn,halodesk=info,halodesk_lib=info,halodesk_core=info,halodesk_desktop=info,halopsa=info";
/// Overrides [`DEFAULT_LOG_FILTER`] with `tracing` directives, e.g. `HALODESK_LOG=debug`, when
/// support asks for more.
pub const LOG_FILTER_VARIABLE: &str = "HALODESK_LOG";

/// Why the log could not be started.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("the log folder {} could not be used: {detail}", .folder.display())]
    Folder { folder: PathBuf, detail: String },
    #[error("the log filter is not valid: {0}")]
    Filter(String),
    #[error("a log was already started in this process")]
    AlreadyStarted,
}

/// The log folder of `data_dir`.
pub fn log_folder(data_dir: &Path) -> PathBuf {
    data_dir.join(LOG_FOLDER)
}

/// Starts writing this process's log (`halodesk.YYYY-MM-DD.log`) into `data_dir`'s `logs/`,
/// with `filter` (`tracing` directives) saying what. Lines are written as they are logged, so
/// a crash loses none. Call once, before anything worth logging; debug builds also log to
/// standard error.
pub fn start_logging(data_dir: &Path, filter: &str) -> Result<(), LogError> {
    let folder = log_folder(data_dir);
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("halodesk")
        .filename_suffix("log")
        .max_log_files(DAYS_KEPT)
        .build(&folder)
        .map_err(|error| LogError::Folder {
            folder: folder.clone(),
            detail: error.to_string(),
        })?;
    let filter = EnvFilter::try_new(filter).map_err(|error| LogError::Filter(error.to_string()))?;
    let to_file = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(appender);
    let to_terminal = cfg!(debug_assertions)
        .then(|| tracing_subscriber::fmt::layer().with_writer(std::io::stderr));
    tracing_subscriber::registry()
        .with(filter)
        .with(to_file)
        .with(to_terminal)
        .try_init()
        .map_err(|_| LogError::AlreadyStarted)
}

/// The filter a run uses: [`LOG_FILTER_VARIABLE`] if set, else [`DEFAULT_LOG_FILTER`].
pub fn log_filter() -> String {
    std::env::var(LOG_FILTER_VARIABLE).unwrap_or_else(|_| DEFAULT_LOG_FILTER.to_owned())
}

/// Opens the log folder in the file manager (About's "Open log folder").
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct LogFolderOpenRequest {}

impl Halodesk {
    /// Shows the log folder in the desktop's file manager, made first if nothing was logged yet.
    pub async fn log_folder_open(&self, request: LogFolderOpenRequest) -> Result<Done, AppError> {
        let LogFolderOpenRequest {} = request;
        let folder = log_folder(&self.data_dir);
        create_folder(&folder).await?;
        let target = folder.to_str().map(str::to_owned).ok_or_else(|| {
            AppError::new(
                ErrorCode::File,
                format!(
                    "The log folder {} has a name the file manager cannot be given.",
                    folder.display()
                ),
            )
        })?;
        let desktop = self.desktop.clone();
        self.off_thread(move || desktop.open(&target)).await?;
        Ok(Done {})
    }
}
