//! Runs the SLA watch with desktop notifications, and carries what it says to the window and
//! the tray: a clicked notification brings the window forward on its ticket.

use std::sync::Arc;

use halodesk_core::desktop_notify::DesktopNotifier;
use halodesk_core::{Halodesk, WatchEvent};
use tauri::{AppHandle, Emitter, Runtime};
use tokio::sync::broadcast::error::RecvError;

use crate::tray;

pub(crate) fn start<R: Runtime>(app: &AppHandle<R>, halodesk: &Arc<Halodesk>) {
    let notifier = Arc::new(DesktopNotifier::new(
        &app.package_info().name,
        &app.config().identifier,
    ));
    let mut events = halodesk.watch_events();
    tauri::async_runtime::spawn(halodesk.clone().run_watch(notifier));
    // A desktop without a tray (or a headless session) still gets notifications.
    let tray = tray::build(app)
        .inspect_err(|error| tracing::warn!(%error, "no tray icon"))
        .ok();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(WatchEvent::Open(open)) => {
                    crate::show_main_window(&app);
                    if let Err(error) = app.emit("sla-open-ticket", open) {
                        tracing::warn!(%error, "the window was not told which ticket to open");
                    }
                }
                Ok(WatchEvent::Status(status)) => {
                    if let Some(tray) = &tray {
                        tray.show(&status);
                    }
                    let _ = app.emit("sla-status", status);
                }
                // Missed statuses are replaced by the next one; clicks are never that many.
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            }
        }
    });
}
