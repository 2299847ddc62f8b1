//! The shapes that cross IPC: every request and response the UI sends and receives, exported
//! to TypeScript by ts-rs. Domain logic lives elsewhere; these are plain data.

mod profiles;
mod queue;
mod ticket;
mod uploads;
mod watch;
mod workflow;

pub use profiles::*;
pub use queue::*;
pub use ticket::*;
pub use uploads::*;
pub use watch::*;
pub use workflow::*;
