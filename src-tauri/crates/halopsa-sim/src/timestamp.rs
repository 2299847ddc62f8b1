//! Timestamps as text, apart from Halo's own forms (`wire_time.rs`). The clock's reading is
//! written as RFC 3339 in UTC with only the fractional digits it has (`2026-03-01T09:00:00Z`,
//! `2026-03-01T09:00:00.25Z`); any ISO 8601 form is read, for the clock's settings and for the
//! dates clients send: extended or basic, `T`, `t` or a space, a fraction after `.` or `,`, an
//! offset down to seconds, and RFC 9557 annotations such as `[Europe/London]`.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Timelike, Utc};
use serde::Deserialize;
use serde::de::{self, Visitor};

/// An instant written as RFC 3339 in UTC: fractional seconds only when there are any, without
/// trailing zeros; a year outside 0 to 9999 as a sign and six digits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rfc3339(pub DateTime<Utc>);

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
/// UTC, as Halo reads them.
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
    Ok(Option::<Instant>::deserialize(deserializer)?.map(|instant| instant.0))
}

/// One present instant, from a string or its bytes.
struct Instant(DateTime<Utc>);

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(InstantVisitor)
    }
}

struct InstantVisitor;

impl Visitor<'_> for InstantVisitor {
    type Value = Instant;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
        let text =
            std::str::from_utf8(bytes).map_err(|_| E::custom("a timestamp that is not UTF-8"))?;
        self.visit_str(text)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

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
        assert_eq!(
            Rfc3339(at(-44, 1, 2, 3, 4, 5, 0)).to_string(),
            "-000044-01-02T03:04:05Z"
        );
    }

    #[test]
    fn reads_instants_in_any_iso_8601_form_and_halos_without_an_offset() {
        let noon = Some(at(2026, 6, 1, 12, 0, 0, 0));
        for text in [
            "2026-06-01T12:00:00Z",
            "2026-06-01 13:00+01:00",
            "20260601T120000,0z",
            "2026-06-01T12Z[Europe/London]",
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
