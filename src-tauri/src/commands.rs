//! The Tauri side of every command, generated from halodesk-core's one command list: each
//! adapter hands its request to the `Halodesk` method of the same name, and the handler routes
//! the window's invocations to them. The build script allows exactly these names.

use std::sync::Arc;

use halodesk_core::ipc::*;
use halodesk_core::{AppError, Halodesk};
use tauri::State;

macro_rules! adapters {
    ($($name:ident: $request:ty => $response:ty),+ $(,)?) => {
        $(
            #[tauri::command]
            pub(crate) async fn $name(
                app: State<'_, Arc<Halodesk>>,
                request: $request,
            ) -> Result<$response, AppError> {
                app.$name(request).await
            }
        )+

        /// Routes each command the window invokes to its adapter.
        pub(crate) fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),+]
        }
    };
}

halodesk_core::for_each_command!(adapters);

#[cfg(test)]
mod tests {
    use halodesk_core::ipc::COMMAND_NAMES;

    /// The window may call each of the app's commands and listen to its events, and nothing
    /// else: no plugin, no other core API. The capability file is written by hand, so it is
    /// checked against the command list here, naming what is missing or extra.
    #[test]
    fn the_main_window_is_granted_exactly_the_app_commands() {
        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main-window.json")).unwrap();
        let granted: Vec<&str> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        let expected: Vec<String> = COMMAND_NAMES
            .iter()
            .map(|name| format!("allow-{}", name.replace('_', "-")))
            .chain([
                "core:event:allow-listen".into(),
                "core:event:allow-unlisten".into(),
            ])
            .collect();
        let missing: Vec<&String> = expected
            .iter()
            .filter(|p| !granted.contains(&p.as_str()))
            .collect();
        let extra: Vec<&&str> = granted
            .iter()
            .filter(|p| !expected.iter().any(|e| e == *p))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "capabilities/main-window.json must grant each command of halodesk-core's list: missing {missing:?}, not a command {extra:?}"
        );
    }
}
