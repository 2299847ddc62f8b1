//! Where a ticket stands against its SLA, and what the SLA watch says about it.
//!
//! Pure rules with the time passed in, so the queue's badge, the watch and the tests agree and
//! can be checked at any instant (02:59 on a daylight-saving night included). Nothing here
//! reads a clock, the network, a database or the desktop: `halodesk-core` feeds it cached
//! tickets, settings and the time, and shows what it decides.
//!
//! - [`assess`] classifies both targets of a ticket; [`badge`] is the queue's view of the one
//!   that matters now.
//! - [`fresh_alerts`] and [`is_silenced`] decide which at-risk or breached tickets to show;
//!   [`notes`] words them, several together as one.

mod alerts;
mod engine;
#[cfg(test)]
mod engine_tests;
mod notes;
mod quiet;
mod target;

pub use alerts::{Alert, AlertLevel, LedgerEntry, Silence, fresh_alerts, is_silenced};
pub use engine::{
    Assessment, AtRiskRule, Badge, DEFAULT_AT_RISK_WITHIN, SlaFacts, SlaState, SlaTarget, assess,
    badge,
};
pub use notes::{DesktopNote, notes};
pub use quiet::{QuietSpan, QuietSpanError};
