//! Quiet hours: a daily span of local time, possibly across midnight, read in the computer's
//! time zone at the moment of asking, so daylight-saving changes move it with the clock on the
//! wall.

use chrono::{DateTime, NaiveTime, TimeZone, Utc};

/// Quiet hours, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietSpan {
    start: NaiveTime,
    end: NaiveTime,
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
            let (h, m): (u32, u32) = (
                h.parse().map_err(|_| QuietSpanError(text.to_owned()))?,
                m.parse().map_err(|_| QuietSpanError(text.to_owned()))?,
            );
            NaiveTime::from_hms_opt(h, m, 0).ok_or_else(|| QuietSpanError(text.to_owned()))
        };
        Ok(Self {
            start: time(start)?,
            end: time(end)?,
        })
    }

    /// Whether `now`, on the wall clock of `zone`, falls in the span. Start is inside, end is
    /// not; a span whose start equals its end is empty.
    pub fn contains<Tz: TimeZone>(&self, now: DateTime<Utc>, zone: &Tz) -> bool {
        let local = now.with_timezone(zone).time();
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

    use chrono_tz::Europe::London;

    fn span(start: &str, end: &str) -> QuietSpan {
        QuietSpan::parse(start, end).unwrap()
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_span_across_midnight_holds_both_ends_of_the_night() {
        let night = span("22:00", "07:00");
        let utc = Utc;
        assert!(night.contains(at("2026-01-10T22:00:00Z"), &utc));
        assert!(night.contains(at("2026-01-11T03:00:00Z"), &utc));
        assert!(!night.contains(at("2026-01-11T07:00:00Z"), &utc));
        assert!(!night.contains(at("2026-01-11T12:00:00Z"), &utc));
    }

    #[test]
    fn quiet_hours_follow_the_wall_clock_across_daylight_saving() {
        let evening = span("18:00", "19:00");
        // 18:30 in London is 18:30 UTC in winter and 17:30 UTC in summer.
        assert!(evening.contains(at("2026-03-28T18:30:00Z"), &London));
        assert!(!evening.contains(at("2026-03-29T18:30:00Z"), &London));
        assert!(evening.contains(at("2026-03-29T17:30:00Z"), &London));
        // The night the clocks go forward: 01:30 local does not exist, 00:59 GMT is still
        // quiet and 01:00 GMT is 02:00 BST, past the end.
        let small_hours = span("00:00", "02:00");
        assert!(small_hours.contains(at("2026-03-29T00:59:00Z"), &London));
        assert!(!small_hours.contains(at("2026-03-29T01:00:00Z"), &London));
    }

    #[test]
    fn a_night_of_quiet_hours_holds_across_both_daylight_saving_changes() {
        let night = span("22:00", "07:00");
        // The short night: BST begins at 01:00 GMT, so 07:00 on the wall is 06:00 UTC.
        assert!(night.contains(at("2026-03-28T22:00:00Z"), &London));
        assert!(night.contains(at("2026-03-29T05:59:00Z"), &London));
        assert!(!night.contains(at("2026-03-29T06:00:00Z"), &London));
        // The long night: 22:00 BST is 21:00 UTC, the hour from 01:00 comes twice, and 07:00
        // GMT ends it.
        assert!(!night.contains(at("2026-10-24T20:59:00Z"), &London));
        assert!(night.contains(at("2026-10-24T21:00:00Z"), &London));
        assert!(
            night.contains(at("2026-10-25T00:30:00Z"), &London),
            "01:30 BST"
        );
        assert!(
            night.contains(at("2026-10-25T01:30:00Z"), &London),
            "01:30 GMT"
        );
        assert!(night.contains(at("2026-10-25T06:59:00Z"), &London));
        assert!(!night.contains(at("2026-10-25T07:00:00Z"), &London));
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
        assert!(!span("08:00", "08:00").contains(at("2026-01-10T08:00:00Z"), &Utc));
    }
}
