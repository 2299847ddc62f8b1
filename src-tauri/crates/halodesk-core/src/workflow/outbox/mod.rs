//! The outbox: every write is stored as an intent before it is sent, delivered in order, and
//! retried until HaloPSA has it exactly once. A write whose answer was lost is looked for
//! before it is sent again, so a dropped connection never makes a second note or ticket.

mod commands;
mod deliver;
mod intent;
pub(crate) mod ipc;
mod retry;
pub(crate) mod store;
mod worker;

pub(crate) use intent::{ActionDraft, Intent, Step, TicketChange, TicketDraft};
pub(crate) use store::Enqueue;
pub(crate) use worker::OutboxSignals;
