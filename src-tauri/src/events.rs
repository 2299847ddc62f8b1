//! Carries what the core announces to the window, each event under the name the core's event
//! list gives it, with what the desktop itself does about some: a clicked notification brings
//! the window forward, new counts go to the tray. Files dragged onto the window become drops
//! the page can place: the paths stay in Rust, the page gets a drop ID and where the pointer
//! is, in CSS pixels.

use std::path::PathBuf;
use std::sync::Arc;

use halodesk_core::Halodesk;
use halodesk_core::ipc::{Event, FileDropEvent};
use tauri::{AppHandle, DragDropEvent, Emitter, Manager, PhysicalPosition, Runtime, Window};

use crate::tray::Tray;

/// Forwards the core's events to the window for the life of the app.
pub(crate) fn forward<R: Runtime>(app: &AppHandle<R>, halodesk: &Halodesk, tray: Option<Tray<R>>) {
    let mut events = halodesk.events();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        while let Some(event) = events.recv().await {
            match &event {
                Event::SlaOpenTicket(_) => crate::show_main_window(&app),
                Event::SlaStatus(status) => {
                    if let Some(tray) = &tray {
                        tray.show(status);
                    }
                }
                _ => {}
            }
            emit(&app, &event);
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
    let count = |paths: &[PathBuf]| u32::try_from(paths.len()).unwrap_or(u32::MAX);
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
    emit(window.app_handle(), &Event::FileDrop(message));
}

fn emit<R: Runtime>(app: &AppHandle<R>, event: &Event) {
    if let Err(error) = app.emit(event.name(), event) {
        tracing::warn!(%error, event = event.name(), "the window was not told");
    }
}
