//! Halodesk's logic without Tauri.
//!
//! Command bodies live here as plain functions that a test can call without a window; the
//! desktop shell only adapts them to Tauri. Every type that crosses IPC is declared here and
//! exported to TypeScript by ts-rs (see [`bindings`]).

pub mod api;
mod app;
pub mod bindings;
pub mod commands;
pub mod desktop_notify;
mod error;
pub mod outbox;
pub mod queue;
pub mod sanitize;
pub mod secrets;
pub mod sla;
pub mod store;
pub mod uploads;
pub mod watch;
pub mod workflow;

pub use app::{Clock, DATABASE_FILE, Halodesk, NoteAction, Notifier, WatchEvent, checked_link};
pub use error::{AppError, ErrorCode};
