//! Where the app reads the time. Every reading goes through the [`Clock`] the app was given,
//! so a test can run the outbox, the watch and the timers at any instant it likes.

use chrono::{DateTime, Utc};

/// The time now: the wall clock, or a test's.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// The computer's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[expect(
        clippy::disallowed_methods,
        reason = "the one wall clock the app reads"
    )]
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
