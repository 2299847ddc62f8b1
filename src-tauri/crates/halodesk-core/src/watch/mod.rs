//! The SLA watch: once a minute it reads what changed on the instance, classifies the watched
//! tickets with `halodesk-sla`, and shows each new warning once through the [`Notifier`];
//! the technician's settings, snoozes and pause, and the ledger of what was shown.
//!
//! [`Notifier`]: notifier::Notifier

mod commands;
pub(crate) mod ipc;
pub(crate) mod notifier;
mod store;
mod stored;
mod tick;
mod watched;

pub(crate) use tick::{PollState, at_risk_rule};
