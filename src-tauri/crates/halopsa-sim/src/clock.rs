//! The simulator's wall clock, which tests can freeze, move and speed up so that SLA
//! transitions that take hours on a real instance happen in seconds.

use std::sync::Mutex;
use std::time::Instant;

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

/// A clock that runs at `speed` times real time from an anchor, or stands still when frozen.
#[derive(Debug)]
pub(crate) struct SimClock {
    state: Mutex<ClockState>,
}

#[derive(Debug, Clone, Copy)]
struct ClockState {
    anchor_real: Instant,
    anchor_sim: Timestamp,
    speed: f64,
    frozen: bool,
}

/// What `/_sim/clock` reports.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ClockReading {
    pub now: Timestamp,
    pub speed: f64,
    pub frozen: bool,
}

impl SimClock {
    /// A clock that reads `start` now and then runs in real time.
    pub(crate) fn starting_at(start: Timestamp) -> Self {
        Self {
            state: Mutex::new(ClockState {
                anchor_real: Instant::now(),
                anchor_sim: start,
                speed: 1.0,
                frozen: false,
            }),
        }
    }

    pub(crate) fn now(&self) -> Timestamp {
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
    pub(crate) fn advance(&self, by: SignedDuration) {
        let mut state = self.lock();
        state.rebase();
        state.anchor_sim = state
            .anchor_sim
            .saturating_add(by)
            .unwrap_or(state.anchor_sim);
    }

    /// Runs the clock `speed` times faster than real time from now on.
    pub(crate) fn set_speed(&self, speed: f64) {
        let mut state = self.lock();
        state.rebase();
        state.speed = speed.max(0.0);
    }

    /// Sets the clock to an absolute instant.
    pub(crate) fn set(&self, at: Timestamp) {
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
    fn now(&self) -> Timestamp {
        if self.frozen {
            return self.anchor_sim;
        }
        let real = self.anchor_real.elapsed().as_secs_f64() * self.speed;
        let elapsed = SignedDuration::try_from_secs_f64(real).unwrap_or(SignedDuration::MAX);
        self.anchor_sim
            .saturating_add(elapsed)
            .unwrap_or(self.anchor_sim)
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
        let start: Timestamp = "2026-03-29T00:59:00Z".parse().unwrap();
        let clock = SimClock::starting_at(start);
        clock.freeze();
        let frozen_at = clock.now();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(clock.now(), frozen_at);
        clock.advance(SignedDuration::from_hours(2));
        assert_eq!(clock.now(), frozen_at + SignedDuration::from_hours(2));
    }

    #[test]
    fn a_fast_clock_runs_ahead_of_real_time() {
        let clock = SimClock::starting_at(Timestamp::UNIX_EPOCH);
        clock.set_speed(3600.0);
        std::thread::sleep(std::time::Duration::from_millis(20));
        // 20 ms at 3600x is at least 72 simulated seconds.
        assert!(clock.now() >= Timestamp::UNIX_EPOCH + SignedDuration::from_secs(72));
    }
}
