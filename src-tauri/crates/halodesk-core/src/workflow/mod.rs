//! Working a ticket: the instance's picklists for the forms, new tickets, status, priority and
//! assignment changes, actions and escalation. Every write goes through the [`outbox`].
//!
//! The rules are pure functions (what an instance's statuses and priorities mean, which status
//! changes need a resolution or a second look, whether a new ticket can be sent and where it
//! is routed, which open tickets it may duplicate): callers pass the instance's lookups in, so
//! each rule is tested offline.

mod actions;
mod change;
mod choices;
mod choices_store;
mod create;
mod duplicates;
pub(crate) mod ipc;
mod new_ticket;
pub(crate) mod outbox;
mod priorities;
mod statuses;
