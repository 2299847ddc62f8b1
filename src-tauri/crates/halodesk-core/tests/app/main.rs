//! The app's commands against the simulator over real HTTP, with the database on disk and
//! secrets in memory (the keyring itself is exercised end to end, in a real Secret Service).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod about;
mod data_folder;
mod outbox;
mod profiles;
mod queue;
mod support;
mod ticket;
mod uploads;
mod watch;
mod workflow;
