//! Drafts and timers: what the technician types is saved as they type, so a crash loses
//! nothing, and each ticket's work timer keeps counting across restarts.

mod commands;
pub(crate) mod ipc;
mod store;
mod timer;
mod timers_store;

#[cfg(test)]
pub(crate) use timer::Timer;
