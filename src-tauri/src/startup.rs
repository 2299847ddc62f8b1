//! A data folder that cannot be opened, said in a native dialog before the app exits. What
//! the failure is, what starting afresh loses and the move itself are the core's; this module
//! only shows the dialog, once Tauri's event loop runs (dialogs need it), with the window
//! hidden: the app exits non-zero, or relaunches after a damaged database is moved aside.

use halodesk_core::{OpenError, SystemClock, start_fresh};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

const TITLE: &str = "Halodesk cannot start";
/// The exit code of a start that could not open its data folder.
const EXIT_UNOPENED: i32 = 1;

/// Hides the window, says what went wrong, and ends the app; for a damaged database, asks
/// first whether to move it aside and start afresh.
pub(crate) fn explain_and_exit<R: Runtime>(app: &AppHandle<R>, error: OpenError) {
    tracing::error!(%error, "the data folder could not be opened");
    if let Some(window) = app.get_webview_window("main")
        && let Err(hidden) = window.hide()
    {
        tracing::warn!(%hidden, "the window could not be hidden");
    }
    let handle = app.clone();
    match error.start_fresh_question(&SystemClock) {
        Some(question) => app
            .dialog()
            .message(format!("{error}\n\n{question}\n\nStart afresh now?"))
            .title(TITLE)
            .kind(MessageDialogKind::Error)
            .buttons(MessageDialogButtons::YesNo)
            .show(move |yes| {
                if yes {
                    start_afresh(&handle, &error);
                }
                handle.exit(EXIT_UNOPENED);
            }),
        None => app
            .dialog()
            .message(error.to_string())
            .title(TITLE)
            .kind(MessageDialogKind::Error)
            .buttons(MessageDialogButtons::Ok)
            .show(move |_| handle.exit(EXIT_UNOPENED)),
    }
}

/// Moves the damaged database aside and relaunches Halodesk on a new one; a move that fails
/// is said too.
fn start_afresh<R: Runtime>(app: &AppHandle<R>, error: &OpenError) {
    match start_fresh(error.folder(), &SystemClock) {
        Ok(fresh) => {
            tracing::warn!(kept_as = %fresh.kept_as.display(), "starting afresh");
            app.restart();
        }
        Err(failed) => {
            tracing::error!(%failed, "the damaged database could not be moved aside");
            app.dialog()
                .message(failed.to_string())
                .title(TITLE)
                .kind(MessageDialogKind::Error)
                .buttons(MessageDialogButtons::Ok)
                .blocking_show();
        }
    }
}
