//! Quiet hours: a daily span of local time, possibly across midnight, read in the computer's
//! time zone at the moment of asking, so daylight-saving changes move it with the clock on the
//! wall.

use jiff::Timestamp;
use jiff::civil::Time;
use jiff::tz::TimeZone;

/// Quiet hours, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietSpan {
    start: Time,
    end: Time,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a time of day: use 24-hour HH:MM, like 22:00")]
pub struct QuietSpanError(String);

impl QuietSpan {
    /// Reads a span from its two ends, `HH:MM` in 24-hour time.
    pub fn parse(start: &str, end: &str) -> Result<Self, QuietSpanError> {
        let time = |text: &str| {
            let text = text.trim();
            let (h, m) = text
                .split_once(':')
                .ok_or_else(|| QuietSpanError(text.to_owned()))?;
            let (h, m): (i8, i8) = (
                h.parse().map_err(|_| QuietSpanError(text.to_owned()))?,
                m.parse().map_err(|_| QuietSpanError(text.to_owned()))?,
            );
            Time::new(h, m, 0, 0).map_err(|_| QuietSpanError(text.to_owned()))
        };
        Ok(Self {
            start: time(start)?,
            end: time(end)?,
        })
    }

    /// Whether `now`, on the wall clock of `zone`, falls in the span. Start is inside, end is
    /// not; a span whose start equals its end is empty.
    pub fn contains(&self, now: Timestamp, zone: &TimeZone) -> bool {
        let local = zone.to_datetime(now).time();
        if self.start <= self.end {
            self.start <= local && local < self.end
        } else {
            local >= self.start || local < self.end
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UK's rules without a time zone database: GMT, and BST from the last Sunday of
    /// March to the last Sunday of October.
    fn london() -> TimeZone {
        TimeZone::posix("GMT0BST,M3.5.0/1,M10.5.0").unwrap()
    }

    fn span(start: &str, end: &str) -> QuietSpan {
        QuietSpan::parse(start, end).unwrap()
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn a_span_across_midnight_holds_both_ends_of_the_night() {
        let night = span("22:00", "07:00");
        let utc = TimeZone::UTC;
        assert!(night.contains(at("2026-01-10T22:00:00Z"), &utc));
        assert!(night.contains(at("2026-01-11T03:00:00Z"), &utc));
        assert!(!night.contains(at("2026-01-11T07:00:00Z"), &utc));
        assert!(!night.contains(at("2026-01-11T12:00:00Z"), &utc));
    }

    #[test]
    fn quiet_hours_follow_the_wall_clock_across_daylight_saving() {
        let evening = span("18:00", "19:00");
        // 18:30 in London is 18:30 UTC in winter and 17:30 UTC in summer.
        assert!(evening.contains(at("2026-03-28T18:30:00Z"), &london()));
        assert!(!evening.contains(at("2026-03-29T18:30:00Z"), &london()));
        assert!(evening.contains(at("2026-03-29T17:30:00Z"), &london()));
        // The night the clocks go forward: 01:30 local does not exist, 00:59 GMT is still
        // quiet and 01:00 GMT is 02:00 BST, past the end.
        let small_hours = span("00:00", "02:00");
        assert!(small_hours.contains(at("2026-03-29T00:59:00Z"), &london()));
        assert!(!small_hours.contains(at("2026-03-29T01:00:00Z"), &london()));
    }

    #[test]
    fn bad_times_are_refused_with_the_form_to_use() {
        for bad in ["25:00", "7pm", "", "12:60"] {
            let error = QuietSpan::parse(bad, "07:00").unwrap_err();
            assert!(error.to_string().contains("HH:MM"), "{error}");
        }
    }

    #[test]
    fn an_empty_span_is_never_quiet() {
        assert!(!span("08:00", "08:00").contains(at("2026-01-10T08:00:00Z"), &TimeZone::UTC));
    }
}
