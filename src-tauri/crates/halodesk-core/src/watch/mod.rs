//! The SLA watch's decisions, apart from any clock, network or desktop: which alerts are new,
//! which are silenced right now, and how several become one notification. The runner in
//! `app/watch.rs` feeds it the cached tickets and the time.

mod alerts;
mod notes;
mod quiet;

pub use alerts::{Alert, AlertLevel, LedgerEntry, Silence, fresh_alerts, is_silenced};
pub use notes::{DesktopNote, notes};
pub use quiet::{QuietSpan, QuietSpanError};
