//! Every event the app sends to the window, declared once: its name and its payload.
//!
//! Features send an [`Event`] on the app's channel (`Halodesk::events`); the shell emits each
//! under [`Event::name`], and `ui/src/lib/bindings/Events.ts`, generated from the same table,
//! types the window's listeners.

use serde::Serialize;

use crate::ipc::*;

/// Declares the events once and derives the enum, the names and the TypeScript map from them.
macro_rules! event_table {
    ($($(#[$doc:meta])* $variant:ident = $name:literal: $payload:ty),+ $(,)?) => {
        /// Something the window hears without asking. Serialized as its payload alone.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum Event {
            $($(#[$doc])* $variant($payload)),+
        }

        impl Event {
            /// The name the window listens for.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Self::$variant(_) => $name),+
                }
            }
        }

        /// The name of every event, as the window listens for it.
        pub const EVENT_NAMES: &[&str] = &[$($name),+];

        /// Exports every payload type, with its dependencies.
        pub(super) fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
            use ts_rs::TS;
            $(<$payload>::export_all(cfg)?;)+
            Ok(())
        }

        /// The `Events` type mapping each event name to its payload.
        pub(super) fn events_module(cfg: &ts_rs::Config) -> String {
            let entries: &[(&str, String)] = &[
                $(($name, <$payload as ts_rs::TS>::ident(cfg))),+
            ];
            super::bindings::render_events(entries)
        }
    };
}

event_table! {
    /// The technician clicked a notification: show that ticket, and its escalation if asked.
    SlaOpenTicket = "sla-open-ticket": OpenTicketEvent,
    /// The counts at risk or breached, or the pause or a snooze, changed.
    SlaStatus = "sla-status": WatchStatus,
    /// An upload was queued, moved on, finished or failed: its whole row.
    UploadChanged = "upload-changed": UploadItem,
    /// Files are dragged over the window, left it, or were dropped (CSS pixels).
    FileDrop = "file-drop": FileDropEvent,
    /// The outbox of the connection in use changed: its whole list.
    OutboxChanged = "outbox-changed": OutboxList,
}
