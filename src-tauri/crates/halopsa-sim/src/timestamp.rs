//! Timestamps as text, apart from Halo's own forms (`wire_time.rs`). The clock's reading is
//! written as RFC 3339 in UTC with only the fractional digits it has (`2026-03-01T09:00:00Z`,
//! `2026-03-01T09:00:00.25Z`); the clock's settings and the dates clients send are read with
//! chrono's parsers.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use serde::Deserialize;
use serde::de::Error as _;

/// An instant written as RFC 3339 in UTC: fractional seconds only when there are any, without
/// trailing zeros, as the simulator has always written its clock.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rfc3339(pub DateTime<Utc>);

impl fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S"))?;
        // A leap second's extra billion nanoseconds shows as the second before it.
        let nanos = self.0.nanosecond() % 1_000_000_000;
        if nanos != 0 {
            let digits = format!("{nanos:09}");
            write!(f, ".{}", digits.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

/// An instant written with its offset, as RFC 3339.
pub(crate) fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// Like [`parse_instant`], but a date and time without an offset is UTC and a bare date is
/// midnight UTC, as Halo writes them.
pub(crate) fn parse_utc(text: &str) -> Option<DateTime<Utc>> {
    parse_instant(text)
        .or_else(|| text.parse::<NaiveDateTime>().ok().map(|at| at.and_utc()))
        .or_else(|| {
            let date = text.parse::<NaiveDate>().ok()?;
            Some(date.and_time(NaiveTime::MIN).and_utc())
        })
}

/// `/_sim/clock`'s `now`, in the form above.
pub(crate) fn serialize<S: serde::Serializer>(
    at: &DateTime<Utc>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&Rfc3339(*at))
}

/// An optional instant in a control's JSON (`"set"`), which needs its offset; `null` is none.
pub(crate) fn deserialize_optional<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    let Some(text) = Option::<String>::deserialize(deserializer)? else {
        return Ok(None);
    };
    parse_instant(&text).map(Some).ok_or_else(|| {
        D::Error::custom(format!(
            "{text:?} is not a timestamp with an offset, such as 2026-03-01T09:00:00Z"
        ))
    })
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone};

    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nanos: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap() + TimeDelta::nanoseconds(nanos)
    }

    #[test]
    fn writes_rfc3339_with_only_the_fraction_there_is() {
        let written = |nanos| Rfc3339(at(2026, 6, 1, 12, 0, 0, nanos)).to_string();
        assert_eq!(written(0), "2026-06-01T12:00:00Z");
        assert_eq!(written(250_000_000), "2026-06-01T12:00:00.25Z");
        assert_eq!(written(7_000_000), "2026-06-01T12:00:00.007Z");
        assert_eq!(written(123_456_789), "2026-06-01T12:00:00.123456789Z");
        assert_eq!(written(1), "2026-06-01T12:00:00.000000001Z");
    }

    #[test]
    fn reads_instants_with_an_offset_and_halos_without_one() {
        let noon = Some(at(2026, 6, 1, 12, 0, 0, 0));
        for text in [
            "2026-06-01T12:00:00Z",
            "2026-06-01 13:00:00+01:00",
            "2026-06-01t12:00:00.0z",
        ] {
            assert_eq!(parse_instant(text), noon, "{text}");
            assert_eq!(parse_utc(text), noon, "{text}");
        }
        assert_eq!(parse_instant("2026-06-01T12:00:00"), None);
        assert_eq!(parse_utc("2026-06-01T12:00:00"), noon);
        assert_eq!(parse_utc("2026-06-01"), Some(at(2026, 6, 1, 0, 0, 0, 0)));
        for text in ["", "2026-06-01T12:00:00Z ", "2026-06-31", "noon"] {
            assert_eq!(parse_utc(text), None, "{text}");
        }
    }
}
