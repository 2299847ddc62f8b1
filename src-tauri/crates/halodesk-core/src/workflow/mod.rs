//! The rules of working a ticket, as pure functions: what an instance's statuses and priorities
//! mean, which status changes need a resolution or a second look, whether a new ticket can be
//! sent and what it is routed to, which open tickets it may duplicate, and the work timer.
//!
//! Nothing here reads the network, the database or the clock: callers pass the instance's
//! lookups and the time in, so every rule can be tested at any instant and offline.

mod duplicates;
mod new_ticket;
mod priorities;
mod statuses;
mod timer;

pub use duplicates::{likely_duplicates, summary_similarity};
pub use new_ticket::validate_new_ticket;
pub use priorities::{default_priority, is_raise, priority_options};
pub use statuses::{TransitionCheck, TransitionFacts, check_transition, status_meanings};
pub use timer::{Timer, logged_minutes};
