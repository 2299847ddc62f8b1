//! The Halodesk desktop shell: Tauri adapters around `halodesk-core`, and nothing else.

mod commands;
mod desktop;
mod events;
mod startup;
mod tray;

use std::sync::{Arc, LazyLock};
use std::time::{SystemTime, UNIX_EPOCH};

use halodesk_core::ipc::{BuildInfo, BuildProfile, WatchSettingsRequest};
use halodesk_core::{Halodesk, Launch, Parts};
use halodesk_desktop::{DesktopNotifier, OsKeyring};
use tauri::{App, AppHandle, Manager, RunEvent, Runtime, WindowEvent};

use crate::desktop::TauriDesktop;

/// When the process started: the zero of the UI's start-up timings, read once at launch.
#[expect(
    clippy::disallowed_methods,
    reason = "the moment the process starts is the wall clock's, not the app's"
)]
static STARTED_AT: LazyLock<SystemTime> = LazyLock::new(SystemTime::now);

/// When this process started, for the UI's start-up timings.
fn started_at_ms() -> u64 {
    STARTED_AT.duration_since(UNIX_EPOCH).map_or(0, |since| {
        u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
    })
}

/// Brings the main window forward: shown, restored and focused.
pub(crate) fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    for result in [window.show(), window.unminimize(), window.set_focus()] {
        if let Err(error) = result {
            tracing::warn!(%error, "the window could not be brought forward");
        }
    }
}

/// Whether closing the window leaves Halodesk running in the tray (the technician's setting).
fn closes_to_tray<R: Runtime>(app: &AppHandle<R>) -> bool {
    let Some(halodesk) = app.try_state::<Arc<Halodesk>>() else {
        return false;
    };
    // A settings read is one short SQLite query.
    tauri::async_runtime::block_on(halodesk.watch_settings(WatchSettingsRequest {}))
        .is_ok_and(|settings| settings.close_to_tray)
}

/// This build and how it was started, as About and the first start need them.
fn launch<R: Runtime>(app: &App<R>) -> Launch {
    Launch {
        version: app.package_info().version.to_string(),
        build: BuildInfo {
            commit: env!("HALODESK_COMMIT").to_owned(),
            profile: if cfg!(debug_assertions) {
                BuildProfile::Debug
            } else {
                BuildProfile::Release
            },
            identifier: app.config().identifier.clone(),
        },
        started_at_ms: started_at_ms(),
        demo_when_new: std::env::args().skip(1).any(|arg| arg == "--demo"),
    }
}

/// Opens the core on the app's data folder with the OS's keyring and desktop, and starts its
/// background work: the outbox, the uploads, the SLA watch and what they tell the window. A
/// folder that cannot be opened is explained in a dialog, and the app exits.
fn start<R: Runtime>(app: &mut App<R>) -> Result<(), Box<dyn std::error::Error>> {
    let data_dir = app.path().app_data_dir()?;
    // First, so that whatever follows is in the log support asks for. Without a log the app
    // still runs: the technician loses nothing by it.
    if let Err(error) = halodesk_core::start_logging(&data_dir, &halodesk_core::log_filter()) {
        tracing::warn!(%error, "no log file");
    }
    tracing::info!(version = %app.package_info().version, "Halodesk starting");
    let parts = Parts {
        launch: launch(app),
        ..Parts::new(
            Arc::new(OsKeyring::new(&app.config().identifier)),
            Arc::new(TauriDesktop::new(app.handle().clone())),
        )
    };
    let halodesk = match Halodesk::open(&data_dir, parts) {
        Ok(halodesk) => Arc::new(halodesk),
        Err(error) => {
            startup::explain_and_exit(app.handle(), error);
            return Ok(());
        }
    };
    let notifier = Arc::new(DesktopNotifier::new(
        &app.package_info().name,
        &app.config().identifier,
    ));
    // A desktop without a tray (or a headless session) still gets notifications.
    let tray = tray::build(app.handle())
        .inspect_err(|error| tracing::warn!(%error, "no tray icon"))
        .ok();
    events::forward(app.handle(), &halodesk, tray);
    tauri::async_runtime::spawn(halodesk.clone().run_outbox());
    tauri::async_runtime::spawn(halodesk.clone().run_uploads());
    tauri::async_runtime::spawn(halodesk.clone().run_watch(notifier));
    app.manage(halodesk);
    Ok(())
}

/// A second launch of Halodesk, which single-instance stops before it opens anything: the
/// running window comes forward. Its arguments are logged; `halodesk://` links will be
/// handled here.
fn on_second_launch<R: Runtime>(app: &AppHandle<R>, args: Vec<String>, cwd: String) {
    tracing::info!(
        ?args,
        cwd,
        "Halodesk was launched again; showing the running window"
    );
    show_main_window(app);
}

/// Builds the app and runs its event loop until the last window closes.
pub fn run() -> tauri::Result<()> {
    LazyLock::force(&STARTED_AT);
    tauri::Builder::default()
        // First, so a second launch stops before any other plugin or the core starts.
        .plugin(tauri_plugin_single_instance::init(on_second_launch))
        .setup(start)
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(|window, event| match event {
            WindowEvent::CloseRequested { api, .. } if closes_to_tray(window.app_handle()) => {
                api.prevent_close();
                if let Err(error) = window.hide() {
                    tracing::warn!(%error, "the window could not be hidden");
                }
            }
            WindowEvent::DragDrop(drop) => events::on_drag_drop(window, drop),
            _ => {}
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!())?
        .run(|handle, event| {
            if let (RunEvent::Exit, Some(halodesk)) = (event, handle.try_state::<Arc<Halodesk>>()) {
                halodesk.shutdown();
            }
        });
    Ok(())
}
