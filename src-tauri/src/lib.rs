//! The Halodesk desktop shell: Tauri adapters around `halodesk-core`, and nothing else.

mod commands;

/// Builds the app and runs its event loop until the last window closes.
pub fn run() -> tauri::Result<()> {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![commands::about::about])
        .run(tauri::generate_context!())
}
