//! The simulator's wall clock, which tests can freeze, move and speed up so that SLA
//! transitions that take hours on a real instance happen in seconds.

use std::sync::Mutex;
use std::time::Instant;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::timeline;

/// A clock that runs at `speed` times real time from an anchor, or stands still when frozen.
#[derive(Debug)]
pub(crate) struct SimClock {
    state: Mutex<ClockState>,
}

#[derive(Debug, Clone, Copy)]
struct ClockState {
    anchor_real: Instant,
    anchor_sim: DateTime<Utc>,
    speed: f64,
    frozen: bool,
}

/// What `/_sim/clock` reports.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ClockReading {
    #[serde(serialize_with = "crate::timestamp::serialize")]
    pub now: DateTime<Utc>,
    pub speed: f64,
    pub frozen: bool,
}

impl SimClock {
    /// A clock that reads `start` now and then runs in real time.
    pub(crate) fn starting_at(start: DateTime<Utc>) -> Self {
        Self {
            state: Mutex::new(ClockState {
                anchor_real: Instant::now(),
                anchor_sim: start,
                speed: 1.0,
                frozen: false,
            }),
        }
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.lock().now()
    }

    pub(crate) fn reading(&self) -> ClockReading {
        let state = self.lock();
        ClockReading {
            now: state.now(),
            speed: state.speed,
            frozen: state.frozen,
        }
    }

    /// Stops the clock at the current instant.
    pub(crate) fn freeze(&self) {
        let mut state = self.lock();
        state.rebase();
        state.frozen = true;
    }

    /// Lets a frozen clock run again from where it stood.
    pub(crate) fn resume(&self) {
        let mut state = self.lock();
        state.rebase();
        state.frozen = false;
    }

    /// Moves the clock forward (or back, for a negative duration) at once.
    pub(crate) fn advance(&self, by: TimeDelta) {
        let mut state = self.lock();
        state.rebase();
        state.anchor_sim = timeline::saturating_add(state.anchor_sim, by);
    }

    /// Runs the clock `speed` times faster than real time from now on.
    pub(crate) fn set_speed(&self, speed: f64) {
        let mut state = self.lock();
        state.rebase();
        state.speed = speed.max(0.0);
    }

    /// Sets the clock to an absolute instant.
    pub(crate) fn set(&self, at: DateTime<Utc>) {
        let mut state = self.lock();
        state.rebase();
        state.anchor_sim = at;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ClockState> {
        // The state is plain data, so a panic elsewhere cannot leave it half-written.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl ClockState {
    fn now(&self) -> DateTime<Utc> {
        if self.frozen {
            return self.anchor_sim;
        }
        let real = self.anchor_real.elapsed().as_secs_f64() * self.speed;
        let elapsed = timeline::from_seconds(real).unwrap_or(TimeDelta::MAX);
        timeline::saturating_add(self.anchor_sim, elapsed)
    }

    /// Re-anchors at the current reading so that a change applies from now on.
    fn rebase(&mut self) {
        self.anchor_sim = self.now();
        self.anchor_real = Instant::now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frozen_clock_moves_only_when_advanced() {
        let start: DateTime<Utc> = "2026-03-29T00:59:00Z".parse().unwrap();
        let clock = SimClock::starting_at(start);
        clock.freeze();
        let frozen_at = clock.now();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(clock.now(), frozen_at);
        clock.advance(TimeDelta::hours(2));
        assert_eq!(clock.now(), frozen_at + TimeDelta::hours(2));
    }

    #[test]
    fn a_fast_clock_runs_ahead_of_real_time() {
        let clock = SimClock::starting_at(DateTime::UNIX_EPOCH);
        clock.set_speed(3600.0);
        std::thread::sleep(std::time::Duration::from_millis(20));
        // 20 ms at 3600x is at least 72 simulated seconds.
        assert!(clock.now() >= DateTime::UNIX_EPOCH + TimeDelta::seconds(72));
    }

    #[test]
    fn the_reading_writes_now_as_rfc3339_with_its_fraction() {
        let clock = SimClock::starting_at(DateTime::UNIX_EPOCH);
        clock.freeze();
        for (at, now) in [
            ("2026-06-01T12:00:00Z", "2026-06-01T12:00:00Z"),
            ("2026-06-01T12:00:00.120Z", "2026-06-01T12:00:00.12Z"),
            (
                "2026-06-01T12:00:00.000000001Z",
                "2026-06-01T12:00:00.000000001Z",
            ),
        ] {
            clock.set(at.parse().unwrap());
            assert_eq!(
                serde_json::to_string(&clock.reading()).unwrap(),
                format!(r#"{{"now":"{now}","speed":1.0,"frozen":true}}"#)
            );
        }
    }
}
