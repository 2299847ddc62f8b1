//! What the app asks of the desktop it runs on: the shell answers with Tauri and the OS
//! (`halodesk-desktop`), tests with folders of their own. Keeping it behind this trait is what
//! lets every command run without a window.

use std::path::{Path, PathBuf};

use crate::AppError;

/// The desktop's services the commands use. Every method may block (a dialog waits for the
/// technician, the clipboard for its owner): the core calls them off the async workers.
pub trait Desktop: Send + Sync + std::fmt::Debug {
    /// Hands a web address or a file to the desktop's default app (the browser for links).
    fn open(&self, target: &str) -> Result<(), AppError>;

    /// The Downloads folder: where saved attachments go until the technician picks another.
    fn downloads_folder(&self) -> Result<PathBuf, AppError>;

    /// Asks the technician for files to attach; none when they cancel.
    fn pick_files(&self, title: &str) -> Vec<PathBuf>;

    /// Asks the technician for a folder, starting in `start`; none when they cancel.
    fn pick_folder(&self, title: &str, start: &Path) -> Option<PathBuf>;

    /// Writes the image on the clipboard to `path` as a PNG.
    fn paste_image(&self, path: &Path) -> Result<(), AppError>;
}
