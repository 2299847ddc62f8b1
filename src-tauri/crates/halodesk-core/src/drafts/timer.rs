//! The work timer on a ticket, and the minutes it books.
//!
//! The time is passed in, so a timer that was running when the app closed picks up where it
//! should, and a wall clock set backwards (NTP, a time zone fix) cannot take time away.

use chrono::{DateTime, TimeDelta, Utc};

/// Time worked on a ticket: what earlier runs added up to, and when the current run started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Timer {
    pub accumulated: TimeDelta,
    pub running_since: Option<DateTime<Utc>>,
}

impl Timer {
    /// Starts a run; a running timer keeps its start, so a second click loses nothing.
    pub(crate) fn start(&mut self, now: DateTime<Utc>) {
        if self.running_since.is_none() {
            self.running_since = Some(now);
        }
    }

    /// Ends the run and keeps its time; a paused timer stays as it is.
    pub(crate) fn pause(&mut self, now: DateTime<Utc>) {
        if self.running_since.is_some() {
            self.accumulated = self.elapsed(now);
            self.running_since = None;
        }
    }

    /// The time worked as of `now`. A run whose start is after `now` (the clock went back)
    /// counts as nothing yet rather than subtracting, and the total is never negative.
    pub(crate) fn elapsed(&self, now: DateTime<Utc>) -> TimeDelta {
        let run = self
            .running_since
            .map_or(TimeDelta::zero(), |since| now.signed_duration_since(since))
            .max(TimeDelta::zero());
        self.accumulated
            .max(TimeDelta::zero())
            .checked_add(&run)
            .unwrap_or(TimeDelta::MAX)
    }

    pub(crate) fn is_running(&self) -> bool {
        self.running_since.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_timer_counts_real_time_across_a_daylight_saving_change() {
        use chrono::TimeZone;
        use chrono_tz::Europe::London;

        let wall = |day: u32, hour: u32, minute: u32| {
            London
                .with_ymd_and_hms(2026, 3, day, hour, minute, 0)
                .single()
                .unwrap()
                .with_timezone(&Utc)
        };
        // 00:30 to 03:30 on the wall the night BST begins: two hours of work, not three.
        let mut timer = Timer::default();
        timer.start(wall(29, 0, 30));
        timer.pause(wall(29, 3, 30));
        assert_eq!(timer.elapsed(wall(29, 4, 0)), TimeDelta::hours(2));
        // And across the night it ends, 00:30 to 03:30 is four hours.
        let mut autumn = Timer::default();
        let wall_october = |hour: u32| {
            London
                .with_ymd_and_hms(2026, 10, 25, hour, 30, 0)
                .earliest()
                .unwrap()
                .with_timezone(&Utc)
        };
        autumn.start(wall_october(0));
        assert_eq!(autumn.elapsed(wall_october(3)), TimeDelta::hours(4));
    }

    #[test]
    fn runs_add_up_and_pauses_stop_the_count() {
        let mut timer = Timer::default();
        assert!(!timer.is_running());
        timer.start(at("2026-03-01T09:00:00Z"));
        assert!(timer.is_running());
        assert_eq!(
            timer.elapsed(at("2026-03-01T09:10:00Z")),
            TimeDelta::minutes(10)
        );
        timer.pause(at("2026-03-01T09:15:00Z"));
        assert!(!timer.is_running());
        assert_eq!(
            timer.elapsed(at("2026-03-01T12:00:00Z")),
            TimeDelta::minutes(15)
        );
        timer.start(at("2026-03-01T13:00:00Z"));
        timer.pause(at("2026-03-01T13:05:00Z"));
        assert_eq!(timer.accumulated, TimeDelta::minutes(20));
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
        assert_eq!(timer.accumulated, TimeDelta::hours(1));
    }

    #[test]
    fn a_clock_set_back_takes_no_time_away() {
        let mut timer = Timer {
            accumulated: TimeDelta::minutes(30),
            running_since: Some(at("2026-03-01T10:00:00Z")),
        };
        assert_eq!(
            timer.elapsed(at("2026-03-01T09:00:00Z")),
            TimeDelta::minutes(30)
        );
        timer.pause(at("2026-03-01T09:00:00Z"));
        assert_eq!(timer.accumulated, TimeDelta::minutes(30));
        let broken = Timer {
            accumulated: TimeDelta::minutes(-5),
            running_since: None,
        };
        assert_eq!(
            broken.elapsed(at("2026-03-01T09:00:00Z")),
            TimeDelta::zero()
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
            let mut expected = TimeDelta::zero();
            let mut last = TimeDelta::zero();
            for (start, gap) in steps {
                let gap = TimeDelta::seconds(gap);
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
