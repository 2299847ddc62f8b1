//! The outbox: every write is stored as an intent before it is sent, delivered in order, and
//! retried until HaloPSA has it exactly once. A write whose answer was lost is looked for
//! before it is sent again, so a dropped connection never makes a second note or ticket.

mod deliver;
mod intent;
mod retry;

pub use deliver::{Claimed, StepDone, find_delivered, send};
pub use intent::{ActionDraft, Intent, Step, TicketChange, TicketDraft};
pub use retry::{AfterFailure, after_failure, backoff};
