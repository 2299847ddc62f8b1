//! What crosses IPC: every command and event, declared once, and the shapes they carry.
//!
//! Each feature keeps its own request and response types in its `ipc` module; they are all
//! re-exported here, so the shell and the TypeScript bindings see one namespace. The command
//! list ([`crate::for_each_command`], in `command_list.rs`) and the event list (`events.rs`)
//! are where a command or event is declared: the shell's handlers, its allowed commands and
//! the UI's types are generated from them.

pub mod bindings;
mod command_list;
mod commands;
mod events;

use serde::Serialize;
use ts_rs::TS;

pub use crate::about::{AboutRequest, AboutResponse, BuildInfo, BuildProfile};
pub use crate::drafts::ipc::*;
pub use crate::logs::LogFolderOpenRequest;
pub use crate::profiles::ipc::*;
pub use crate::queue::ipc::*;
pub use crate::ticket::ipc::*;
pub use crate::uploads::ipc::*;
pub use crate::watch::ipc::*;
pub use crate::workflow::ipc::*;
pub use crate::workflow::outbox::ipc::*;
pub use commands::COMMAND_NAMES;
pub use events::{EVENT_NAMES, Event};

/// An answer with nothing to say beyond success.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Done {}
