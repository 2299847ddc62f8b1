//! The ticket queue: what the cache keeps, how it is listed with each ticket's SLA badge, how
//! it is filtered and kept up to date, and the filters the technician saves.

mod badge;
#[cfg(test)]
mod badge_tests;
mod cached;
mod commands;
mod filter;
pub(crate) mod ipc;
mod rows;
pub(crate) mod store;
mod sync;

pub(crate) use cached::CachedTicket;
pub(crate) use rows::queue_row;
