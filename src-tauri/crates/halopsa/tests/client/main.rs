//! The client against the simulator over loopback HTTP: every endpoint, and every fault the
//! simulator can inject.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod actions;
mod attachments;
mod auth;
mod connect;
mod faults;
mod lookups;
mod support;
mod tickets;
