//! The desktop as halodesk-core asks for it: default apps and the clipboard through
//! `halodesk-desktop`, the Downloads folder and the file dialogs through Tauri. Paths the
//! dialogs answer stay in Rust; the page never sees a file dialog API.

use std::path::{Path, PathBuf};

use halodesk_core::{AppError, Desktop, ErrorCode};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

/// The desktop of a running app.
#[derive(Debug)]
pub(crate) struct TauriDesktop<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> TauriDesktop<R> {
    pub(crate) fn new(app: AppHandle<R>) -> Self {
        Self { app }
    }

    /// A file dialog in front of the main window.
    fn dialog(&self, title: &str) -> FileDialogBuilder<R> {
        let dialog = self.app.dialog().file().set_title(title);
        match self.app.get_webview_window("main") {
            Some(window) => dialog.set_parent(&window),
            None => dialog,
        }
    }
}

impl<R: Runtime> Desktop for TauriDesktop<R> {
    fn open(&self, target: &str) -> Result<(), AppError> {
        halodesk_desktop::open_outside(target)
    }

    /// A desktop that names no Downloads folder (no XDG user dirs) gets `~/Downloads`, as
    /// file managers assume.
    fn downloads_folder(&self) -> Result<PathBuf, AppError> {
        let paths = self.app.path();
        paths
            .download_dir()
            .or_else(|_| paths.home_dir().map(|home| home.join("Downloads")))
            .map_err(|error| {
                AppError::new(
                    ErrorCode::File,
                    format!("Halodesk cannot find your Downloads folder ({error})."),
                )
            })
    }

    fn pick_files(&self, title: &str) -> Vec<PathBuf> {
        local_paths(self.dialog(title).blocking_pick_files().unwrap_or_default())
    }

    fn pick_folder(&self, title: &str, start: &Path) -> Option<PathBuf> {
        self.dialog(title)
            .set_directory(start)
            .blocking_pick_folder()
            .and_then(|folder| folder.into_path().ok())
    }

    fn paste_image(&self, path: &Path) -> Result<(), AppError> {
        halodesk_desktop::paste_image(path)
    }
}

/// Desktop dialogs answer local paths; anything else (a mobile content URI) is skipped.
fn local_paths(picked: Vec<FilePath>) -> Vec<PathBuf> {
    picked
        .into_iter()
        .filter_map(|path| path.into_path().ok())
        .collect()
}
