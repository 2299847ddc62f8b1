//! Timestamps as text outside Halo's own forms (`wire.rs`): RFC 3339 in UTC with only the
//! fractional digits an instant has (`2026-03-01T09:00:00Z`, `2026-03-01T09:00:00.25Z`), the
//! form the app stores and the UI reads, read back with chrono's parsers.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike, Utc};

/// An instant written as RFC 3339 in UTC: fractional seconds only when there are any, without
/// trailing zeros, as Halodesk has always written them, so text stored by an earlier build
/// reads and sorts the same.
#[derive(Debug, Clone, Copy)]
pub struct Rfc3339(pub DateTime<Utc>);

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

/// An instant written with its offset, as RFC 3339 (`2026-03-01T09:00:00Z`,
/// `2026-03-01T10:00:00+01:00`).
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
            Some(date.and_time(chrono::NaiveTime::MIN).and_utc())
        })
}

/// `Option<DateTime<Utc>>` fields in the RFC 3339 form above; `null` is none.
pub(crate) mod optional {
    use chrono::{DateTime, Utc};
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    use super::{Rfc3339, parse_instant};

    pub(crate) fn serialize<S: Serializer>(
        at: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => serializer.collect_str(&Rfc3339(*at)),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
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
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone};
    use serde::{Deserialize, Serialize};

    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nanos: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap() + TimeDelta::nanoseconds(nanos)
    }

    #[test]
    fn writes_rfc3339_with_only_the_fraction_there_is() {
        let written = |nanos| Rfc3339(at(2024, 2, 15, 9, 23, 0, nanos)).to_string();
        assert_eq!(written(0), "2024-02-15T09:23:00Z");
        assert_eq!(written(500_000_000), "2024-02-15T09:23:00.5Z");
        assert_eq!(written(120_000_000), "2024-02-15T09:23:00.12Z");
        assert_eq!(written(7_000_000), "2024-02-15T09:23:00.007Z");
        assert_eq!(written(1_000), "2024-02-15T09:23:00.000001Z");
        assert_eq!(written(123_456_789), "2024-02-15T09:23:00.123456789Z");
        assert_eq!(written(1), "2024-02-15T09:23:00.000000001Z");
        assert_eq!(
            Rfc3339(at(44, 1, 2, 3, 4, 5, 0)).to_string(),
            "0044-01-02T03:04:05Z"
        );
    }

    #[test]
    fn reads_rfc3339_instants() {
        let nine = at(2026, 3, 1, 9, 0, 0, 0);
        for text in [
            "2026-03-01T09:00:00Z",
            "2026-03-01t09:00:00z",
            "2026-03-01 09:00:00Z",
            "2026-03-01T10:00:00+01:00",
            "2026-03-01T08:30:00-00:30",
            "2026-03-01T09:00:00.000000000Z",
        ] {
            assert_eq!(parse_instant(text), Some(nine), "{text}");
        }
        assert_eq!(
            parse_instant("2026-03-01T09:00:00.1234567Z"),
            Some(at(2026, 3, 1, 9, 0, 0, 123_456_700)),
            "Halo's seven digits"
        );
        assert_eq!(
            parse_instant(&Rfc3339(at(2024, 2, 15, 9, 23, 0, 250_000_000)).to_string()),
            Some(at(2024, 2, 15, 9, 23, 0, 250_000_000)),
            "what is written reads back"
        );
    }

    #[test]
    fn an_instant_needs_a_time_an_offset_and_nothing_after() {
        for text in [
            "",
            "2026-03-01",
            "2026-03-01T09:00:00",
            "2026-03-01T09:00:00Z ",
            " 2026-03-01T09:00:00Z",
            "2026-03-01T09:00:00.Z",
            "2026-02-30T09:00:00Z",
            "2026-03-01T24:00:00Z",
            "2026-03-01T09:60:00Z",
            "2026-03-01T09:00:00+26:00",
            "yesterday",
        ] {
            assert_eq!(parse_instant(text), None, "{text}");
        }
    }

    #[test]
    fn without_an_offset_a_time_or_a_date_is_utc() {
        assert_eq!(
            parse_utc("2026-03-01T09:00:00"),
            Some(at(2026, 3, 1, 9, 0, 0, 0))
        );
        assert_eq!(
            parse_utc("2026-03-01T09:00:00.1234567"),
            Some(at(2026, 3, 1, 9, 0, 0, 123_456_700))
        );
        assert_eq!(parse_utc("2026-03-01"), Some(at(2026, 3, 1, 0, 0, 0, 0)));
        assert_eq!(
            parse_utc("2026-03-01T10:00:00+01:00"),
            Some(at(2026, 3, 1, 9, 0, 0, 0))
        );
        assert_eq!(parse_utc("1 March 2026"), None);
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Record {
        #[serde(default, with = "optional")]
        at: Option<DateTime<Utc>>,
    }

    #[test]
    fn optional_fields_serialise_as_rfc3339_or_null_and_read_back() {
        let some = Record {
            at: Some(at(2024, 2, 15, 9, 23, 0, 250_000_000)),
        };
        let json = serde_json::to_string(&some).unwrap();
        assert_eq!(json, r#"{"at":"2024-02-15T09:23:00.25Z"}"#);
        assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), some);
        assert_eq!(
            serde_json::to_string(&Record { at: None }).unwrap(),
            r#"{"at":null}"#
        );
        for none in [r#"{"at":null}"#, "{}"] {
            assert_eq!(
                serde_json::from_str::<Record>(none).unwrap(),
                Record { at: None }
            );
        }
        assert!(serde_json::from_str::<Record>(r#"{"at":"2024-02-15T09:23:00"}"#).is_err());
    }
}
