//! Opening the core on the data folder, or saying why not. The window does not exist yet
//! (and never will), so a native dialog says what happened and where the data folder is
//! before the app exits; a damaged database may be moved aside to start afresh. What the
//! failure is, what starting afresh loses and the move itself are the core's; this module
//! only shows the dialogs.

use std::path::Path;

use halodesk_core::{Halodesk, OpenError, Parts, SystemClock, start_fresh};
use rfd::{MessageButtons, MessageDialog, MessageDialogResult, MessageLevel};

const TITLE: &str = "Halodesk cannot start";

/// The core on `data_dir`, or the error the technician was shown. `parts` makes the app's
/// parts afresh for a second try after a fresh start.
pub(crate) fn open_or_explain(
    data_dir: &Path,
    parts: impl Fn() -> Parts,
) -> Result<Halodesk, OpenError> {
    let error = match Halodesk::open(data_dir, parts()) {
        Ok(halodesk) => return Ok(halodesk),
        Err(error) => error,
    };
    tracing::error!(%error, "the data folder could not be opened");
    let Some(question) = error.start_fresh_question(&SystemClock) else {
        tell(&error);
        return Err(error);
    };
    if !ask(&format!("{error}\n\n{question}\n\nStart afresh now?")) {
        return Err(error);
    }
    start_fresh(error.folder(), &SystemClock)
        .and_then(|fresh| {
            tracing::warn!(kept_as = %fresh.kept_as.display(), "started afresh");
            Halodesk::open(data_dir, parts())
        })
        .inspect_err(tell)
}

/// Says what went wrong, with one button: the app exits after it.
fn tell(error: &OpenError) {
    // The synchronous dialogs of rfd run their own loop, which works on the main thread
    // before any window exists (the plugin's dialogs wait for Tauri's loop to run).
    MessageDialog::new()
        .set_level(MessageLevel::Error)
        .set_title(TITLE)
        .set_description(error.to_string())
        .set_buttons(MessageButtons::Ok)
        .show();
}

/// Asks whether to start afresh; anything but a clear yes keeps everything as it is.
fn ask(question: &str) -> bool {
    let answer = MessageDialog::new()
        .set_level(MessageLevel::Error)
        .set_title(TITLE)
        .set_description(question)
        .set_buttons(MessageButtons::YesNo)
        .show();
    answer == MessageDialogResult::Yes
}
