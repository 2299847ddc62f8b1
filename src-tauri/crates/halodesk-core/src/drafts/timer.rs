//! The work timer on a ticket, and the minutes it books.
//!
//! The time is passed in, so a timer that was running when the app closed picks up where it
//! should, and a wall clock set backwards (NTP, a time zone fix) cannot take time away.

use jiff::{SignedDuration, Timestamp};

/// Time worked on a ticket: what earlier runs added up to, and when the current run started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Timer {
    pub accumulated: SignedDuration,
    pub running_since: Option<Timestamp>,
}

impl Timer {
    /// Starts a run; a running timer keeps its start, so a second click loses nothing.
    pub(crate) fn start(&mut self, now: Timestamp) {
        if self.running_since.is_none() {
            self.running_since = Some(now);
        }
    }

    /// Ends the run and keeps its time; a paused timer stays as it is.
    pub(crate) fn pause(&mut self, now: Timestamp) {
        if self.running_since.is_some() {
            self.accumulated = self.elapsed(now);
            self.running_since = None;
        }
    }

    /// The time worked as of `now`. A run whose start is after `now` (the clock went back)
    /// counts as nothing yet rather than subtracting, and the total is never negative.
    pub(crate) fn elapsed(&self, now: Timestamp) -> SignedDuration {
        let run = self
            .running_since
            .map_or(SignedDuration::ZERO, |since| now.duration_since(since))
            .max(SignedDuration::ZERO);
        self.accumulated
            .max(SignedDuration::ZERO)
            .saturating_add(run)
    }

    pub(crate) fn is_running(&self) -> bool {
        self.running_since.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn runs_add_up_and_pauses_stop_the_count() {
        let mut timer = Timer::default();
        assert!(!timer.is_running());
        timer.start(at("2026-03-01T09:00:00Z"));
        assert!(timer.is_running());
        assert_eq!(
            timer.elapsed(at("2026-03-01T09:10:00Z")),
            SignedDuration::from_mins(10)
        );
        timer.pause(at("2026-03-01T09:15:00Z"));
        assert!(!timer.is_running());
        assert_eq!(
            timer.elapsed(at("2026-03-01T12:00:00Z")),
            SignedDuration::from_mins(15)
        );
        timer.start(at("2026-03-01T13:00:00Z"));
        timer.pause(at("2026-03-01T13:05:00Z"));
        assert_eq!(timer.accumulated, SignedDuration::from_mins(20));
    }

    #[test]
    fn a_second_start_or_pause_changes_nothing() {
        let mut timer = Timer::default();
        timer.start(at("2026-03-01T09:00:00Z"));
        let running = timer;
        timer.start(at("2026-03-01T09:30:00Z"));
        assert_eq!(timer, running);
        timer.pause(at("2026-03-01T10:00:00Z"));
        let paused = timer;
        timer.pause(at("2026-03-01T11:00:00Z"));
        assert_eq!(timer, paused);
        assert_eq!(timer.accumulated, SignedDuration::from_hours(1));
    }

    #[test]
    fn a_clock_set_back_takes_no_time_away() {
        let mut timer = Timer {
            accumulated: SignedDuration::from_mins(30),
            running_since: Some(at("2026-03-01T10:00:00Z")),
        };
        assert_eq!(
            timer.elapsed(at("2026-03-01T09:00:00Z")),
            SignedDuration::from_mins(30)
        );
        timer.pause(at("2026-03-01T09:00:00Z"));
        assert_eq!(timer.accumulated, SignedDuration::from_mins(30));
        let broken = Timer {
            accumulated: SignedDuration::from_mins(-5),
            running_since: None,
        };
        assert_eq!(
            broken.elapsed(at("2026-03-01T09:00:00Z")),
            SignedDuration::ZERO
        );
    }

    /// A start (true) or pause (false) after a gap of whole seconds.
    fn steps() -> impl Strategy<Value = Vec<(bool, i64)>> {
        prop::collection::vec((any::<bool>(), 0..100_000_i64), 0..40)
    }

    proptest! {
        #[test]
        fn elapsed_grows_by_exactly_the_running_spans(steps in steps()) {
            let mut now = at("2026-03-01T00:00:00Z");
            let mut timer = Timer::default();
            let mut expected = SignedDuration::ZERO;
            let mut last = SignedDuration::ZERO;
            for (start, gap) in steps {
                let gap = SignedDuration::from_secs(gap);
                if timer.is_running() {
                    expected += gap;
                }
                now += gap;
                let elapsed = timer.elapsed(now);
                prop_assert!(elapsed >= last);
                prop_assert_eq!(elapsed, expected);
                if start {
                    timer.start(now);
                } else {
                    timer.pause(now);
                }
                prop_assert_eq!(timer.elapsed(now), expected);
                last = elapsed;
            }
        }
    }
}
