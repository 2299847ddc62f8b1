//! Tauri adapters: each unpacks its request, calls halodesk-core and returns its answer.

pub(crate) mod about;
#[cfg(test)]
mod allowed;

#[cfg(test)]
mod tests {
    use super::allowed::ALLOWED_COMMANDS;

    #[test]
    fn the_manifest_allows_exactly_the_core_command_table() {
        assert_eq!(ALLOWED_COMMANDS, halodesk_core::commands::COMMAND_NAMES);
    }
}
