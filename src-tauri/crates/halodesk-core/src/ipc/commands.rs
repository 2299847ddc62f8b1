//! The command list's Rust side: the names the shell registers and the TypeScript map that
//! `ui/src/lib/ipc.ts` is typed by. The list itself is [`crate::for_each_command`].

use crate::ipc::*;

/// Derives the name list and the TypeScript map from the command list.
macro_rules! command_table {
    ($($name:ident: $request:ty => $response:ty),+ $(,)?) => {
        /// The name of every command, as the UI invokes it.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),+];

        /// Exports the request and response types of every command, with their dependencies.
        pub(super) fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
            use ts_rs::TS;
            $(
                <$request>::export_all(cfg)?;
                <$response>::export_all(cfg)?;
            )+
            Ok(())
        }

        /// The `Commands` type mapping each command name to its request and response.
        pub(super) fn commands_module(cfg: &ts_rs::Config) -> String {
            let entries: &[(&str, String, String)] = &[
                $((stringify!($name), <$request as ts_rs::TS>::ident(cfg), <$response as ts_rs::TS>::ident(cfg))),+
            ];
            super::bindings::render_commands(entries)
        }
    };
}

crate::for_each_command!(command_table);
