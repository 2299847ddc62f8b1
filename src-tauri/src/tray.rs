//! The tray icon: the SLA counts at a glance, and a menu to open Halodesk, pause notifications
//! or quit. Linux shows the counts as the icon's title (tooltips are unsupported there), the
//! other desktops as its tooltip; the menu's first line says them in words everywhere.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use halodesk_core::Halodesk;
use halodesk_core::ipc::{PauseNotificationsRequest, WatchStatus};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Runtime};

/// How long "Pause notifications" pauses them.
const PAUSE_MINUTES: u32 = 60;

pub(crate) struct Tray<R: Runtime> {
    icon: TrayIcon<R>,
    counts: MenuItem<R>,
    pause: MenuItem<R>,
    paused: Arc<AtomicBool>,
}

pub(crate) fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Tray<R>> {
    let counts = MenuItem::with_id(app, "counts", "No SLA alerts", false, None::<&str>)?;
    let open = MenuItem::with_id(app, "open", "Open Halodesk", true, None::<&str>)?;
    let pause = MenuItem::with_id(app, "pause", pause_text(false), true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit Halodesk", true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&counts, &separator, &open, &pause, &quit])?;
    let paused = Arc::new(AtomicBool::new(false));
    let was_paused = paused.clone();
    let mut builder = TrayIconBuilder::with_id("main")
        .menu(&menu)
        .tooltip("Halodesk")
        .on_menu_event(move |app, event| match event.id().as_ref() {
            "open" => crate::show_main_window(app),
            "pause" => toggle_pause(app, was_paused.load(Ordering::SeqCst)),
            "quit" => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    Ok(Tray {
        icon: builder.build(app)?,
        counts,
        pause,
        paused,
    })
}

impl<R: Runtime> Tray<R> {
    pub(crate) fn show(&self, status: &WatchStatus) {
        let words = match (status.breached, status.at_risk) {
            (0, 0) => "No SLA alerts".to_owned(),
            (0, risk) => format!("{risk} at risk"),
            (breached, 0) => format!("{breached} breached"),
            (breached, risk) => format!("{breached} breached · {risk} at risk"),
        };
        let paused = status.paused_until.is_some();
        self.paused.store(paused, Ordering::SeqCst);
        let results = [
            self.counts.set_text(&words),
            self.pause.set_text(pause_text(paused)),
            self.icon.set_tooltip(Some(format!("Halodesk: {words}"))),
            self.icon.set_title(
                (status.breached + status.at_risk > 0)
                    .then(|| format!("{}·{}", status.breached, status.at_risk)),
            ),
        ];
        for result in results {
            if let Err(error) = result {
                tracing::debug!(%error, "the tray icon was not updated");
            }
        }
    }
}

fn pause_text(paused: bool) -> &'static str {
    if paused {
        "Resume notifications"
    } else {
        "Pause notifications for an hour"
    }
}

fn toggle_pause<R: Runtime>(app: &AppHandle<R>, paused: bool) {
    let Some(halodesk) = app
        .try_state::<Arc<Halodesk>>()
        .map(|state| state.inner().clone())
    else {
        return;
    };
    tauri::async_runtime::spawn(async move {
        let minutes = (!paused).then_some(PAUSE_MINUTES);
        if let Err(error) = halodesk
            .watch_pause(PauseNotificationsRequest { minutes })
            .await
        {
            tracing::warn!(%error, "notifications could not be paused or resumed");
        }
    });
}
