//! The simulator's timeline: its edges, moving along it, and durations in seconds. Instants stop
//! at the edges of four-digit years, so a deadline pushed out of range still renders in Halo's
//! forms; a duration's seconds are counted one way everywhere, so SLA hours never drift.

use chrono::{DateTime, TimeDelta, Timelike, Utc};

/// -9999-01-02T01:59:59Z: the earliest instant in year -9999 at every UTC offset (up to
/// ±25:59:59).
pub(crate) const EARLIEST: DateTime<Utc> = at_unix(-377_705_023_201, 0);

/// 9999-12-30T22:00:00.999999999Z: the latest instant in year 9999 at every UTC offset.
pub(crate) const LATEST: DateTime<Utc> = at_unix(253_402_207_200, 999_999_999);

/// An instant from Unix seconds and nanoseconds, for constants only: evaluated at compile
/// time, a value out of range fails the build.
pub(crate) const fn at_unix(secs: i64, nanos: u32) -> DateTime<Utc> {
    match DateTime::from_timestamp(secs, nanos) {
        Some(at) => at,
        None => panic!("an instant outside chrono's range"),
    }
}

/// `at + by`, held at [`EARLIEST`] or [`LATEST`] rather than going past them.
pub(crate) fn saturating_add(at: DateTime<Utc>, by: TimeDelta) -> DateTime<Utc> {
    match at.checked_add_signed(by) {
        Some(sum) => sum.clamp(EARLIEST, LATEST),
        None if by < TimeDelta::zero() => EARLIEST,
        None => LATEST,
    }
}

/// A duration in seconds, fraction included.
pub(crate) fn seconds(duration: TimeDelta) -> f64 {
    // The fraction takes the sign of the whole seconds: -1.5 s is -1 and -0.5, not -2 and 0.5,
    // whose sum can round differently in the last bit.
    duration.num_seconds() as f64 + f64::from(duration.subsec_nanos()) / 1e9
}

/// Seconds as a duration, rounded to the nanosecond; `None` when not finite or beyond 2^63
/// seconds either way. Beyond chrono's ±292 million years it saturates, which added to any
/// instant reaches an edge all the same.
pub(crate) fn from_seconds(secs: f64) -> Option<TimeDelta> {
    if !secs.is_finite() || !(i64::MIN as f64..=i64::MAX as f64).contains(&secs) {
        return None;
    }
    let mut whole = secs.trunc() as i64;
    let mut nanos = (secs.fract() * 1e9).round() as i64;
    if nanos.abs() == 1_000_000_000 {
        whole = whole.checked_add(nanos.signum())?;
        nanos = 0;
    }
    let saturated = if secs < 0.0 {
        TimeDelta::MIN
    } else {
        TimeDelta::MAX
    };
    Some(
        TimeDelta::try_seconds(whole)
            .and_then(|whole| whole.checked_add(&TimeDelta::nanoseconds(nanos)))
            .unwrap_or(saturated),
    )
}

/// `at` to the nearest second, a half second rounded away from the Unix epoch.
pub(crate) fn round_to_second(at: DateTime<Utc>) -> DateTime<Utc> {
    let nanos = at.timestamp_subsec_nanos();
    let Some(whole) = at.with_nanosecond(0) else {
        return at;
    };
    // Before 1970 the fraction counts up from the earlier second, so a half is a tie there too
    // and goes down, away from the epoch.
    let up = if at.timestamp() >= 0 {
        nanos >= 500_000_000
    } else {
        nanos > 500_000_000
    };
    if up {
        whole
            .checked_add_signed(TimeDelta::seconds(1))
            .unwrap_or(at)
    } else {
        whole
    }
}

/// Unix seconds with the fraction cut off towards zero, where `timestamp()` floors.
pub(crate) fn whole_seconds(at: DateTime<Utc>) -> i64 {
    let secs = at.timestamp();
    if secs < 0 && at.timestamp_subsec_nanos() > 0 {
        secs + 1
    } else {
        secs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64, nanos: u32) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, nanos).unwrap()
    }

    #[test]
    fn instants_stop_at_the_edges_of_four_digit_years() {
        assert_eq!(LATEST.to_string(), "9999-12-30 22:00:00.999999999 UTC");
        assert_eq!(EARLIEST.to_string(), "-9999-01-02 01:59:59 UTC");
        assert_eq!(saturating_add(LATEST, TimeDelta::nanoseconds(1)), LATEST);
        assert_eq!(saturating_add(at(0, 0), TimeDelta::MAX), LATEST);
        assert_eq!(saturating_add(at(0, 0), TimeDelta::MIN), EARLIEST);
        assert_eq!(saturating_add(at(0, 0), TimeDelta::hours(1)), at(3_600, 0));
    }

    #[test]
    fn seconds_convert_both_ways_to_the_nanosecond() {
        assert_eq!(from_seconds(1.5), Some(TimeDelta::milliseconds(1_500)));
        assert_eq!(from_seconds(-0.25), Some(TimeDelta::milliseconds(-250)));
        assert_eq!(from_seconds(1e-10), Some(TimeDelta::zero()));
        assert_eq!(from_seconds(0.999_999_999_7), Some(TimeDelta::seconds(1)));
        assert_eq!(from_seconds(1e17), Some(TimeDelta::MAX), "saturated");
        assert_eq!(from_seconds(-1e17), Some(TimeDelta::MIN), "saturated");
        assert_eq!(from_seconds(1e19), None);
        assert_eq!(from_seconds(f64::NAN), None);
        assert_eq!(seconds(TimeDelta::milliseconds(-1_500)), -1.5);
        assert_eq!(seconds(TimeDelta::nanoseconds(-1)), -1e-9);
    }

    #[test]
    fn a_half_second_rounds_away_from_the_epoch() {
        assert_eq!(round_to_second(at(10, 499_999_999)), at(10, 0));
        assert_eq!(round_to_second(at(10, 500_000_000)), at(11, 0));
        // -1.5 s and -1.4 s after the epoch.
        assert_eq!(round_to_second(at(-2, 500_000_000)), at(-2, 0));
        assert_eq!(round_to_second(at(-2, 600_000_000)), at(-1, 0));
        assert_eq!(whole_seconds(at(-2, 500_000_000)), -1);
        assert_eq!(whole_seconds(at(-1, 0)), -1);
        assert_eq!(whole_seconds(at(5, 900_000_000)), 5);
    }
}
