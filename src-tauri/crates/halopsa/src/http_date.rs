//! The date a `Retry-After` may carry instead of seconds: RFC 2822 (`Sun, 06 Nov 1994 08:49:37
//! GMT`), which HTTP's date is a form of, with the RFC's obsolete forms too: two- and
//! three-digit years, zone names, a trailing comment and whitespace wherever a header may
//! fold.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};

/// The instant `text` names, if it is an RFC 2822 date.
pub(crate) fn parse(text: &str) -> Option<DateTime<Utc>> {
    let input = skip_whitespace(text.as_bytes());
    let (weekday, input) = weekday(input)?;
    let (day, input) = number(input, 1, 2)?;
    let (month, input) = month(whitespace(input)?)?;
    let (year, input) = year(whitespace(input)?)?;
    let (time, input) = time(whitespace(input)?)?;
    let (offset, input) = offset(input)?;
    if !comment(skip_whitespace(input))?.is_empty() {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    if weekday.is_some_and(|weekday| weekday != date.weekday()) {
        return None;
    }
    date.and_time(time)
        .and_utc()
        .checked_sub_signed(TimeDelta::seconds(offset))
}

/// An optional `Sun,` (any case, whitespace allowed around the comma).
fn weekday(input: &[u8]) -> Option<(Option<Weekday>, &[u8])> {
    if input.first().is_none_or(u8::is_ascii_digit) {
        return Some((None, input));
    }
    let (name, rest) = input.split_at_checked(3)?;
    let weekday = match name.to_ascii_lowercase().as_slice() {
        b"mon" => Weekday::Mon,
        b"tue" => Weekday::Tue,
        b"wed" => Weekday::Wed,
        b"thu" => Weekday::Thu,
        b"fri" => Weekday::Fri,
        b"sat" => Weekday::Sat,
        b"sun" => Weekday::Sun,
        _ => return None,
    };
    let rest = skip_whitespace(skip_whitespace(rest).strip_prefix(b",")?);
    Some((Some(weekday), rest))
}

/// `Jan` to `Dec`, any case, as 1 to 12.
fn month(input: &[u8]) -> Option<(u32, &[u8])> {
    const MONTHS: [&[u8]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let (name, rest) = input.split_at_checked(3)?;
    let name = name.to_ascii_lowercase();
    let index = MONTHS.iter().position(|month| *month == name.as_slice())?;
    Some((u32::try_from(index).ok()? + 1, rest))
}

/// Four digits, or an obsolete two (`94` is 1994, `24` is 2024) or three (`124` is 2024).
fn year(input: &[u8]) -> Option<(i32, &[u8])> {
    let (year, rest) = number(input, 2, 4)?;
    let year = i32::try_from(year).ok()?;
    let year = match input.len() - rest.len() {
        2 if year <= 49 => year + 2000,
        2 | 3 => year + 1900,
        _ => year,
    };
    Some((year, rest))
}

/// `HH:MM` or `HH:MM:SS`, whitespace allowed around the colons and required after; a leap
/// second (`:60`) reads as the second before it.
fn time(input: &[u8]) -> Option<(NaiveTime, &[u8])> {
    let (hour, rest) = number(input, 2, 2)?;
    let rest = skip_whitespace(skip_whitespace(rest).strip_prefix(b":")?);
    let (minute, rest) = number(rest, 2, 2)?;
    let after_minute = skip_whitespace(rest);
    let (second, rest) = match after_minute.strip_prefix(b":") {
        Some(colon) => {
            let (second, rest) = number(skip_whitespace(colon), 2, 2)?;
            (second, whitespace(rest)?)
        }
        None if after_minute.len() < rest.len() => (0, after_minute),
        None => return None,
    };
    let second = if second == 60 { 59 } else { second };
    Some((NaiveTime::from_hms_opt(hour, minute, second)?, rest))
}

/// `+hhmm` or `-hhmm` up to 25 hours, or a zone name: `UT`, `GMT`, `Z` and the US zones by
/// their offsets; military letters and other names of three to five letters are unknown
/// offsets, which the RFC reads as UTC. In seconds east of UTC.
fn offset(input: &[u8]) -> Option<(i64, &[u8])> {
    let sign = match input.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return zone_name(input),
    };
    let (hours, rest) = number(&input[1..], 2, 2)?;
    let (minutes, rest) = number(rest, 2, 2)?;
    if hours > 25 || minutes > 59 {
        return None;
    }
    Some((sign * i64::from(hours * 3_600 + minutes * 60), rest))
}

fn zone_name(input: &[u8]) -> Option<(i64, &[u8])> {
    let len = input
        .iter()
        .take(5)
        .take_while(|b| !b.is_ascii_whitespace())
        .count();
    let (name, rest) = input.split_at(len);
    let name = name.to_ascii_lowercase();
    let hours = match name.as_slice() {
        b"ut" | b"gmt" | b"z" => 0,
        b"edt" => -4,
        b"est" | b"cdt" => -5,
        b"cst" | b"mdt" => -6,
        b"mst" | b"pdt" => -7,
        b"pst" => -8,
        [b'a'..=b'i' | b'k'..=b'z'] => 0,
        letters if letters.len() >= 3 && letters.iter().all(u8::is_ascii_lowercase) => 0,
        _ => return None,
    };
    Some((hours * 3_600, rest))
}

/// Skips one `( ... )` comment, nested ones and `\` escapes inside it, and the whitespace
/// after it. `None` when it does not close.
fn comment(input: &[u8]) -> Option<&[u8]> {
    let Some(mut rest) = input.strip_prefix(b"(") else {
        return Some(input);
    };
    let mut depth = 1_u32;
    while depth > 0 {
        let (byte, tail) = rest.split_first()?;
        rest = match byte {
            b'\\' => tail.get(1..).unwrap_or_default(),
            b'(' => {
                depth += 1;
                tail
            }
            b')' => {
                depth -= 1;
                tail
            }
            _ => tail,
        };
    }
    Some(skip_whitespace(rest))
}

/// `min` to `max` ASCII digits as a number, and what follows them.
fn number(input: &[u8], min: usize, max: usize) -> Option<(u32, &[u8])> {
    let len = input
        .iter()
        .take(max)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if len < min {
        return None;
    }
    let (digits, rest) = input.split_at(len);
    let value = digits
        .iter()
        .fold(0, |value, digit| value * 10 + u32::from(digit - b'0'));
    Some((value, rest))
}

/// Past at least one whitespace character.
fn whitespace(input: &[u8]) -> Option<&[u8]> {
    let rest = skip_whitespace(input);
    (rest.len() < input.len()).then_some(rest)
}

fn skip_whitespace(input: &[u8]) -> &[u8] {
    let len = input.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &input[len..]
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<DateTime<Utc>> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single()
    }

    #[test]
    fn reads_http_dates_and_the_obsolete_forms() {
        let expected = at(1994, 11, 6, 8, 49, 37);
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "sun,06 nov 1994 08:49:37 gmt",
            "Sun , 6 Nov 1994 08 : 49 : 37 UT",
            "06 Nov 94 08:49:37 Z",
            "06 Nov 094 08:49:37 +0000",
            "06 Nov 1994 09:49:37 +0100 (CET)",
            "06 Nov 1994 03:49:37 EST",
            "06 Nov 1994 08:49:37 CEST",
            "06 Nov 1994 08:49:37 A",
            "  Sun, 06 Nov 1994 08:49:37 GMT (a (nested) \\) comment)  ",
        ] {
            assert_eq!(parse(text), expected, "{text}");
        }
        assert_eq!(parse("06 Nov 1994 08:49 GMT"), at(1994, 11, 6, 8, 49, 0));
        assert_eq!(parse("06 Nov 49 08:49 GMT"), at(2049, 11, 6, 8, 49, 0));
        assert_eq!(
            parse("31 Dec 1998 23:59:60 GMT"),
            at(1998, 12, 31, 23, 59, 59)
        );
    }

    #[test]
    fn refuses_what_is_not_an_rfc_2822_date() {
        for text in [
            "",
            "soon",
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "06 Nov 1994 08:49:37",
            "06 Nov 1994 08:49:37 GMT later",
            "06 Nov 1994 08:49:37 GMT (unclosed",
            "06 Nov 1994 08:49:37 +2600",
            "06 Nov 1994 08:49:37 XY",
            "06 Nov 1 08:49:37 GMT",
            "31 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
