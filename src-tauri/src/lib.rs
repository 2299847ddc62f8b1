//! The Halodesk desktop shell: Tauri adapters around `halodesk-core`, and nothing else.

mod commands;

use std::sync::LazyLock;
use std::time::{SystemTime, UNIX_EPOCH};

static STARTED_AT: LazyLock<SystemTime> = LazyLock::new(SystemTime::now);

/// When this process started, for the UI's start-up timings.
pub(crate) fn started_at_ms() -> u64 {
    STARTED_AT
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| u64::try_from(since.as_millis()).unwrap_or(u64::MAX))
}

/// Builds the app and runs its event loop until the last window closes.
pub fn run() -> tauri::Result<()> {
    LazyLock::force(&STARTED_AT);
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![commands::about::about])
        .run(tauri::generate_context!())
}
