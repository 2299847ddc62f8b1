//! The simulator over real HTTP: reqwest against a running server on loopback, the way a
//! client meets a real instance. One binary, one module per area.

// Helpers shared by the tests fail the test on purpose when the server misbehaves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod actions;
mod attachments;
mod auth;
mod control;
mod lookups;
mod sla;
mod support;
mod tickets;
