//! Runs the upload worker and carries what it says to the window, and turns files dragged
//! onto the window into drops the page can place: the paths stay in Rust, the page gets a
//! drop ID and where the pointer is, in CSS pixels.

use std::sync::Arc;

use halodesk_core::Halodesk;
use halodesk_core::api::FileDropEvent;
use tauri::{AppHandle, DragDropEvent, Emitter, Manager, PhysicalPosition, Runtime, Window};
use tokio::sync::broadcast::error::RecvError;

pub(crate) fn start<R: Runtime>(app: &AppHandle<R>, halodesk: &Arc<Halodesk>) {
    let mut events = halodesk.upload_events();
    tauri::async_runtime::spawn(halodesk.clone().run_uploads());
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(item) => {
                    let _ = app.emit("upload-changed", item);
                }
                // Each event carries a whole row; the next one for it replaces what was missed.
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            }
        }
    });
}

/// Tells the page about files dragged over the window, and keeps the paths of a drop.
pub(crate) fn on_drag_drop<R: Runtime>(window: &Window<R>, event: &DragDropEvent) {
    let Some(halodesk) = window.try_state::<Arc<Halodesk>>() else {
        return;
    };
    // HiDPI: the OS reports physical pixels; the page hit-tests in CSS pixels.
    let scale = window.scale_factor().unwrap_or(1.0);
    let logical = |position: &PhysicalPosition<f64>| {
        let at = position.to_logical::<f64>(scale);
        (at.x, at.y)
    };
    let count = |paths: &[std::path::PathBuf]| u32::try_from(paths.len()).unwrap_or(u32::MAX);
    let message = match event {
        DragDropEvent::Enter { paths, position } => {
            let (x, y) = logical(position);
            FileDropEvent::Hover {
                x,
                y,
                count: count(paths),
            }
        }
        DragDropEvent::Over { position } => {
            let (x, y) = logical(position);
            FileDropEvent::Hover { x, y, count: 0 }
        }
        DragDropEvent::Drop { paths, position } => {
            let (x, y) = logical(position);
            FileDropEvent::Drop {
                drop_id: halodesk.drop_received(paths.clone()),
                x,
                y,
                count: count(paths),
            }
        }
        DragDropEvent::Leave => FileDropEvent::Leave,
        _ => return,
    };
    if let Err(error) = window.emit("file-drop", message) {
        tracing::warn!(%error, "the window was not told about dragged files");
    }
}
