//! Halodesk's logic without Tauri, arranged by feature.
//!
//! Each feature is one module tree holding its IPC types (`ipc`), its command bodies and
//! background work, its storage and its pure rules: profiles and sign-in, the queue, the ticket view, workflows and their outbox, uploads, the SLA watch,
//! drafts and timers. Every command is a [`Halodesk`] method that takes its request, so a test
//! calls it without a window and the shell's Tauri handlers are generated from the one command
//! list ([`for_each_command`]). What the core needs from the machine it runs on comes in
//! through traits it owns: [`SecretStore`], [`Desktop`], [`Notifier`] and [`Clock`].
//!
//! The map of the whole workspace is `docs/ARCHITECTURE.md`.

mod about;
mod app;
mod clock;
mod data_folder;
mod desktop;
mod drafts;
mod error;
mod files;
pub mod ipc;
mod logs;
mod profiles;
mod queue;
mod store;
mod ticket;
mod uploads;
mod watch;
mod workflow;

pub use app::{DATABASE_FILE, Events, Halodesk, Launch, Parts};
pub use clock::{Clock, SystemClock};
pub use data_folder::{LOCK_FILE, OpenError, StartedFresh, Unsent, start_fresh};
pub use desktop::Desktop;
pub use error::{AppError, ErrorCode};
pub use logs::{
    DEFAULT_LOG_FILTER, LOG_FILTER_VARIABLE, LOG_FOLDER, LogError, log_filter, log_folder,
    start_logging,
};
pub use profiles::secrets::{MemorySecrets, SecretError, SecretStore};
pub use store::Durability;
pub use watch::notifier::{NoteAction, Notifier};
