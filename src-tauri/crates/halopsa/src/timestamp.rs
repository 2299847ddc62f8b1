//! Timestamps as text. The client writes RFC 3339 in UTC with only the fractional digits an
//! instant has (`2026-03-01T09:00:00Z`, `2026-03-01T09:00:00.25Z`), the form the app stores
//! and the UI reads, and reads any ISO 8601 form a server or an earlier build may have
//! written: extended or basic, `T`, `t` or a space, a fraction after `.` or `,`, an offset
//! down to seconds, and RFC 9557 annotations such as `[Europe/London]`.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Timelike, Utc};

/// An instant written as RFC 3339 in UTC: fractional seconds only when there are any, without
/// trailing zeros; a year outside 0 to 9999 as a sign and six digits.
#[derive(Debug, Clone, Copy)]
pub struct Rfc3339(pub DateTime<Utc>);

impl fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.0.naive_utc();
        match at.year() {
            year @ 0..=9999 => write!(f, "{year:04}")?,
            year if year < 0 => write!(f, "-{:06}", year.unsigned_abs())?,
            year => write!(f, "+{year:06}")?,
        }
        write!(
            f,
            "-{:02}-{:02}T{:02}:{:02}:{:02}",
            at.month(),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        )?;
        // A leap second's extra billion nanoseconds shows as the second before it.
        let mut fraction = at.nanosecond() % 1_000_000_000;
        if fraction != 0 {
            let mut width = 9;
            while fraction.is_multiple_of(10) {
                fraction /= 10;
                width -= 1;
            }
            write!(f, ".{fraction:0width$}")?;
        }
        f.write_str("Z")
    }
}

/// An instant, which needs a time and an offset (`2026-03-01T09:00:00Z`, `...T10:00+01:00`).
pub(crate) fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let parts = parts(text)?;
    instant(parts.date, parts.time?, parts.offset?)
}

/// Like [`parse_instant`], but a time without an offset is UTC and a bare date is midnight
/// UTC, as Halo writes them.
pub(crate) fn parse_utc(text: &str) -> Option<DateTime<Utc>> {
    let parts = parts(text)?;
    instant(
        parts.date,
        parts.time.unwrap_or(NaiveTime::MIN),
        parts.offset.unwrap_or(0),
    )
}

/// What a timestamp says: a date, maybe a time and, after a time, maybe an offset (seconds
/// east of UTC; `Z` is 0).
struct Parts {
    date: NaiveDate,
    time: Option<NaiveTime>,
    offset: Option<i32>,
}

fn parts(text: &str) -> Option<Parts> {
    let (date, rest) = date(text.as_bytes())?;
    let (time, offset, rest) = match rest.split_first() {
        Some((b'T' | b't' | b' ', rest)) => {
            let (time, rest) = time(rest)?;
            let (offset, rest) = offset(rest)?;
            (Some(time), offset, rest)
        }
        _ => (None, None, rest),
    };
    only_annotations(rest).then_some(Parts { date, time, offset })
}

/// The date, UTC time and offset as one instant, if its year is one of -9999 to 9999.
fn instant(date: NaiveDate, time: NaiveTime, offset: i32) -> Option<DateTime<Utc>> {
    let at = date
        .and_time(time)
        .and_utc()
        .checked_sub_signed(TimeDelta::seconds(offset.into()))?;
    (-9999..=9999).contains(&at.year()).then_some(at)
}

/// `YYYY-MM-DD` or `YYYYMMDD`.
fn date(input: &[u8]) -> Option<(NaiveDate, &[u8])> {
    let (year, rest) = year(input)?;
    let extended = rest.first() == Some(&b'-');
    let (month, rest) = digits(date_separator(rest, extended)?, 2)?;
    let (day, rest) = digits(date_separator(rest, extended)?, 2)?;
    Some((NaiveDate::from_ymd_opt(year, month, day)?, rest))
}

/// Four digits, or a sign and six (`-000044`) of which -9999 to 9999 are read; no year -0.
fn year(input: &[u8]) -> Option<(i32, &[u8])> {
    let (negative, rest) = match input.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => {
            let (year, rest) = digits(input, 4)?;
            return Some((i32::try_from(year).ok()?, rest));
        }
    };
    let (year, rest) = digits(rest, 6)?;
    let year = i32::try_from(year)
        .ok()
        .filter(|y| *y <= 9999 && !(negative && *y == 0))?;
    Some((if negative { -year } else { year }, rest))
}

/// Past the `-` between date fields in the extended form; the basic form has none.
fn date_separator(input: &[u8], extended: bool) -> Option<&[u8]> {
    if extended {
        input.strip_prefix(b"-")
    } else {
        Some(input)
    }
}

/// A time of day; a leap second (`:60`) reads as the second before it.
fn time(input: &[u8]) -> Option<(NaiveTime, &[u8])> {
    let (clock, rest) = clock(input)?;
    let second = if clock.seconds == 60 {
        59
    } else {
        clock.seconds
    };
    let time = NaiveTime::from_hms_nano_opt(clock.hours, clock.minutes, second, clock.nanos)?;
    Some((time, rest))
}

/// `Z`, or a sign and hours, minutes and seconds up to 25:59:59, a fraction of the seconds
/// rounded. `None` inside when there is no offset; `None` outside when it is malformed.
fn offset(input: &[u8]) -> Option<(Option<i32>, &[u8])> {
    let (sign, rest) = match input.split_first() {
        Some((b'Z' | b'z', rest)) => return Some((Some(0), rest)),
        Some((b'+', rest)) => (1, rest),
        Some((b'-', rest)) => (-1, rest),
        _ => return Some((None, input)),
    };
    let (clock, rest) = clock(rest)?;
    if clock.hours > 25 || clock.minutes > 59 || clock.seconds > 59 {
        return None;
    }
    let rounded = u32::from(clock.nanos >= 500_000_000);
    let seconds = clock.hours * 3_600 + clock.minutes * 60 + clock.seconds + rounded;
    let seconds = i32::try_from(seconds).ok().filter(|s| *s < 26 * 3_600)?;
    Some((Some(sign * seconds), rest))
}

/// Hours, minutes and seconds as written, the ones left out 0.
struct Clock {
    hours: u32,
    minutes: u32,
    seconds: u32,
    nanos: u32,
}

/// `HH`, `HH:MM`, `HH:MM:SS` or the basic `HHMM`, `HHMMSS`, with a fraction only after the
/// seconds: the shape of both a time of day and an offset. Ranges are the caller's to check.
fn clock(input: &[u8]) -> Option<(Clock, &[u8])> {
    let (hours, rest) = digits(input, 2)?;
    let extended = rest.first() == Some(&b':');
    let mut clock = Clock {
        hours,
        minutes: 0,
        seconds: 0,
        nanos: 0,
    };
    let Some(rest) = next_field(rest, extended) else {
        return Some((clock, rest));
    };
    let (minutes, rest) = digits(rest, 2)?;
    clock.minutes = minutes;
    let Some(rest) = next_field(rest, extended) else {
        return Some((clock, rest));
    };
    let (seconds, rest) = digits(rest, 2)?;
    let (nanos, rest) = fraction(rest)?;
    clock.seconds = seconds;
    clock.nanos = nanos;
    Some((clock, rest))
}

/// Past the `:` before the next field in the extended form; in the basic form a next field is
/// there when two digits follow. `None` when the fields end.
fn next_field(input: &[u8], extended: bool) -> Option<&[u8]> {
    if extended {
        input.strip_prefix(b":")
    } else {
        input
            .get(..2)
            .is_some_and(|pair| pair.iter().all(u8::is_ascii_digit))
            .then_some(input)
    }
}

/// One to nine digits after `.` or `,`, in nanoseconds; 0 when there is no fraction.
fn fraction(input: &[u8]) -> Option<(u32, &[u8])> {
    let Some((b'.' | b',', rest)) = input.split_first() else {
        return Some((0, input));
    };
    let len = rest
        .iter()
        .take(9)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let (mut nanos, rest) = digits(rest, len).filter(|_| len > 0)?;
    for _ in len..9 {
        nanos *= 10;
    }
    Some((nanos, rest))
}

/// Whether `input` is nothing but annotations (`[Europe/London]`, `[u-ca=iso8601]`), which
/// add nothing to an instant that has its offset.
fn only_annotations(mut input: &[u8]) -> bool {
    while let Some(rest) = input.strip_prefix(b"[") {
        let Some(end) = rest.iter().position(|b| *b == b']') else {
            return false;
        };
        input = &rest[end + 1..];
    }
    input.is_empty()
}

/// Exactly `len` (at most nine) ASCII digits as a number, and what follows them.
fn digits(input: &[u8], len: usize) -> Option<(u32, &[u8])> {
    let (head, rest) = input.split_at_checked(len)?;
    let mut value = 0;
    for digit in head {
        if !digit.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(digit - b'0');
    }
    Some((value, rest))
}

/// `Option<DateTime<Utc>>` fields in the RFC 3339 form above; `null` is none.
pub(crate) mod optional {
    use chrono::{DateTime, Utc};
    use serde::de::{self, Deserializer, Visitor};
    use serde::{Deserialize, Serializer};

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
        Ok(Option::<Instant>::deserialize(deserializer)?.map(|instant| instant.0))
    }

    /// One present value, from a string or its bytes.
    struct Instant(DateTime<Utc>);

    impl<'de> Deserialize<'de> for Instant {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_str(InstantVisitor)
        }
    }

    struct InstantVisitor;

    impl Visitor<'_> for InstantVisitor {
        type Value = Instant;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a timestamp string")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Instant, E> {
            parse_instant(text).map(Instant).ok_or_else(|| {
                E::custom(format!(
                    "{text:?} is not a timestamp with an offset, such as 2026-03-01T09:00:00Z"
                ))
            })
        }

        fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Instant, E> {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| E::custom("a timestamp that is not UTF-8"))?;
            self.visit_str(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
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
        let year = |y| Rfc3339(at(y, 1, 2, 3, 4, 5, 0)).to_string();
        assert_eq!(year(44), "0044-01-02T03:04:05Z");
        assert_eq!(year(-44), "-000044-01-02T03:04:05Z");
        assert_eq!(year(10_000), "+010000-01-02T03:04:05Z");
    }

    #[test]
    fn reads_every_iso_8601_form_of_an_instant() {
        let nine = at(2026, 3, 1, 9, 0, 0, 0);
        for text in [
            "2026-03-01T09:00:00Z",
            "2026-03-01t09:00:00z",
            "2026-03-01 09:00:00Z",
            "20260301T090000Z",
            "2026-03-01T09Z",
            "2026-03-01T10:00+01:00",
            "2026-03-01T10+01",
            "2026-03-01T1000+0100",
            "2026-03-01T08:30:00-00:30",
            "2026-03-01T09:00:00.000000000Z",
            "2026-03-01T09:00:00,0Z",
            "2026-03-01T09:00:00Z[Europe/London]",
            "2026-03-01T10:00:00+01:00[Europe/Paris][u-ca=iso8601]",
            "+002026-03-01T09:00:00Z",
        ] {
            assert_eq!(parse_instant(text), Some(nine), "{text}");
        }
        assert_eq!(
            parse_instant("2026-03-01T09:00:00.1234567Z"),
            Some(at(2026, 3, 1, 9, 0, 0, 123_456_700))
        );
        assert_eq!(
            parse_instant("2026-03-01T10:00:00+01:00:00.5"),
            Some(at(2026, 3, 1, 8, 59, 59, 0)),
            "a fraction of an offset's second rounds"
        );
        assert_eq!(
            parse_instant("2026-03-01T08:59:60Z"),
            Some(at(2026, 3, 1, 8, 59, 59, 0)),
            "a leap second is the one before it"
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
            "2026-03-01T09:00:00Z[Europe/London",
            "2026-03-01T09:00:00.1234567891Z",
            "2026-03-01T09:00:00.Z",
            "2026-02-30T09:00:00Z",
            "2026-03-01T24:00:00Z",
            "2026-03-01T09:60:00Z",
            "2026-03-01T09:00:00+26:00",
            "2026-03-0109:00:00Z",
            "2026-0301T09:00:00Z",
            "-000000-03-01T09:00:00Z",
            "+010000-03-01T09:00:00Z",
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
        assert_eq!(parse_utc("2026-03-01"), Some(at(2026, 3, 1, 0, 0, 0, 0)));
        assert_eq!(parse_utc("20260301"), Some(at(2026, 3, 1, 0, 0, 0, 0)));
        assert_eq!(
            parse_utc("2026-03-01T10:00:00+01:00"),
            Some(at(2026, 3, 1, 9, 0, 0, 0))
        );
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
