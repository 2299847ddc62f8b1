//! The Halodesk desktop shell: Tauri adapters around `halodesk-core`, and nothing else.

mod commands;
mod keyring;
mod tray;
mod uploads;
mod watch;

use std::sync::{Arc, LazyLock};
use std::time::{SystemTime, UNIX_EPOCH};

use halodesk_core::Halodesk;
use tauri::{AppHandle, Manager, RunEvent, Runtime, WindowEvent};

static STARTED_AT: LazyLock<SystemTime> = LazyLock::new(SystemTime::now);

/// When this process started, for the UI's start-up timings.
pub(crate) fn started_at_ms() -> u64 {
    STARTED_AT.duration_since(UNIX_EPOCH).map_or(0, |since| {
        u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
    })
}

/// What the command line asked for.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LaunchOptions {
    /// `--demo`: a first start opens the demo rather than the welcome screen.
    pub(crate) demo: bool,
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
    tauri::async_runtime::block_on(halodesk.watch_settings())
        .is_ok_and(|settings| settings.close_to_tray)
}

/// Builds the app and runs its event loop until the last window closes.
pub fn run() -> tauri::Result<()> {
    LazyLock::force(&STARTED_AT);
    tauri::Builder::default()
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            let secrets = Arc::new(keyring::OsKeyring::new(&app.config().identifier));
            let halodesk = Arc::new(Halodesk::open(&data_dir, secrets)?);
            tauri::async_runtime::spawn(halodesk.clone().run_outbox());
            watch::start(app.handle(), &halodesk);
            uploads::start(app.handle(), &halodesk);
            app.manage(halodesk);
            app.manage(LaunchOptions {
                demo: std::env::args().skip(1).any(|arg| arg == "--demo"),
            });
            Ok(())
        })
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(|window, event| match event {
            WindowEvent::CloseRequested { api, .. } if closes_to_tray(window.app_handle()) => {
                api.prevent_close();
                if let Err(error) = window.hide() {
                    tracing::warn!(%error, "the window could not be hidden");
                }
            }
            WindowEvent::DragDrop(drop) => uploads::on_drag_drop(window, drop),
            _ => {}
        })
        .invoke_handler(tauri::generate_handler![
            commands::about::about,
            commands::session::profile_list,
            commands::session::session_resume,
            commands::session::demo_start,
            commands::session::demo_reset,
            commands::session::connect_client_secret,
            commands::session::browser_sign_in_start,
            commands::session::browser_sign_in_finish,
            commands::session::browser_sign_in_cancel,
            commands::session::profile_switch,
            commands::session::sign_out,
            commands::queue::queue_snapshot,
            commands::queue::queue_refresh,
            commands::queue::filter_save,
            commands::queue::filter_delete,
            commands::ticket::ticket_open,
            commands::ticket::attachment_fetch,
            commands::ticket::link_open,
            commands::workflow::workflow_choices,
            commands::workflow::client_search,
            commands::workflow::client_details,
            commands::workflow::ticket_validate,
            commands::workflow::ticket_duplicates,
            commands::workflow::ticket_create,
            commands::workflow::ticket_change,
            commands::workflow::action_add,
            commands::workflow::ticket_escalate,
            commands::outbox::outbox_list,
            commands::outbox::outbox_retry,
            commands::outbox::outbox_discard,
            commands::outbox::draft_save,
            commands::outbox::draft_get,
            commands::outbox::draft_clear,
            commands::outbox::timer_update,
            commands::outbox::timer_list,
            commands::watch::watch_settings,
            commands::watch::watch_settings_save,
            commands::watch::watch_status,
            commands::watch::watch_snooze,
            commands::watch::watch_pause,
            commands::uploads::download_folder,
            commands::uploads::download_folder_choose,
            commands::uploads::upload_drop,
            commands::uploads::upload_paste,
            commands::uploads::upload_pick,
            commands::uploads::upload_list,
            commands::uploads::upload_cancel,
            commands::uploads::upload_retry,
            commands::uploads::upload_clear,
        ])
        .build(tauri::generate_context!())?
        .run(|handle, event| {
            if let (RunEvent::Exit, Some(halodesk)) = (event, handle.try_state::<Arc<Halodesk>>()) {
                halodesk.shutdown();
            }
        });
    Ok(())
}
