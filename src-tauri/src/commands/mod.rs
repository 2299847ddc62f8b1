//! Tauri adapters: each unpacks its request, calls halodesk-core and returns its answer.

pub(crate) mod about;
#[cfg(test)]
mod allowed;
pub(crate) mod outbox;
pub(crate) mod queue;
pub(crate) mod session;
pub(crate) mod ticket;
pub(crate) mod uploads;
pub(crate) mod watch;
pub(crate) mod workflow;

use halodesk_core::{AppError, ErrorCode};

/// Hands a web address or a file to the desktop's default app (the browser for links).
fn open_outside(target: &str) -> Result<(), AppError> {
    open::that_detached(target).map_err(|error| {
        AppError::new(
            ErrorCode::File,
            format!("{target} could not be opened: no default app answered ({error})."),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::allowed::ALLOWED_COMMANDS;

    #[test]
    fn the_manifest_allows_exactly_the_core_command_table() {
        assert_eq!(ALLOWED_COMMANDS, halodesk_core::commands::COMMAND_NAMES);
    }

    /// The window may call each of the app's commands and listen to its events (the SLA
    /// watch's), and nothing else: no plugin, no other core API.
    #[test]
    fn the_main_window_is_granted_exactly_the_app_commands() {
        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../../capabilities/main-window.json")).unwrap();
        let granted: Vec<&str> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        let expected: Vec<String> = ALLOWED_COMMANDS
            .iter()
            .map(|name| format!("allow-{}", name.replace('_', "-")))
            .chain([
                "core:event:allow-listen".into(),
                "core:event:allow-unlisten".into(),
            ])
            .collect();
        assert_eq!(granted, expected);
    }
}
