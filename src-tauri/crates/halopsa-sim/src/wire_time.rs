//! Halo's timestamp forms: ISO-8601 usually without a zone (meaning UTC), sometimes with `Z`
//! and fractional seconds, and `1900-01-01T00:00:00` for "no value".

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::timeline;
use crate::timestamp;

/// What real instances send for a date that was never set.
pub(crate) const NO_DATE: &str = "1900-01-01T00:00:00";

/// A timestamp as it goes on the wire. Serialized straight from a stack buffer: a page of 100
/// tickets carries over a thousand of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WireTime {
    /// `2024-02-15T09:23:00`: the common form, UTC without a suffix; `None` is the sentinel.
    Plain(Option<DateTime<Utc>>),
    /// `2024-02-15T09:23:00.1234567Z`: the form some fields (last action, last update) take.
    Precise(DateTime<Utc>),
}

pub(crate) fn plain(at: DateTime<Utc>) -> WireTime {
    WireTime::Plain(Some(at))
}

pub(crate) fn plain_or_none(at: Option<DateTime<Utc>>) -> WireTime {
    WireTime::Plain(at)
}

pub(crate) fn precise(at: DateTime<Utc>) -> WireTime {
    WireTime::Precise(at)
}

/// Room for `YYYY-MM-DDTHH:MM:SS.fffffffZ`.
type Buffer = [u8; 28];

impl WireTime {
    fn render<'b>(&self, buf: &'b mut Buffer) -> &'b str {
        let (at, precise) = match *self {
            WireTime::Plain(None) => return NO_DATE,
            WireTime::Plain(Some(at)) => (at, false),
            WireTime::Precise(at) => (at, true),
        };
        let dt = at.naive_utc();
        let fields: [(u32, usize); 6] = [
            (u32::try_from(dt.year()).unwrap_or(0), 4),
            (dt.month(), 2),
            (dt.day(), 2),
            (dt.hour(), 2),
            (dt.minute(), 2),
            (dt.second(), 2),
        ];
        let mut len = 0;
        for (i, (value, width)) in fields.into_iter().enumerate() {
            if i > 0 {
                buf[len] = b"--T::"[i - 1];
                len += 1;
            }
            len += digits(value, width, &mut buf[len..]);
        }
        if precise {
            buf[len] = b'.';
            len += 1;
            let ticks = dt.nanosecond() / 100;
            len += digits(ticks, 7, &mut buf[len..]);
            buf[len] = b'Z';
            len += 1;
        }
        // Only ASCII digits and separators were written.
        std::str::from_utf8(&buf[..len]).unwrap_or(NO_DATE)
    }
}

/// Writes `value` zero-padded to `width` digits.
fn digits(mut value: u32, width: usize, out: &mut [u8]) -> usize {
    for slot in out[..width].iter_mut().rev() {
        *slot = b'0' + u8::try_from(value % 10).unwrap_or(0);
        value /= 10;
    }
    width
}

impl std::fmt::Display for WireTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.render(&mut [0; 28]))
    }
}

impl serde::Serialize for WireTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.render(&mut [0; 28]))
    }
}

/// Reads a date from a query string or body the way Halo does: with or without a zone (UTC
/// when absent), or a bare date meaning midnight UTC.
pub(crate) fn parse(text: &str) -> Option<DateTime<Utc>> {
    // `1900-01-01T00:00:00` and `0001-01-01T00:00:00` are Halo's "no value".
    timestamp::parse_utc(text.trim()).filter(|at| *at > NO_VALUE_BEFORE)
}

/// `1900-01-01T00:00:00Z`: anything at or before this is one of the "no value" sentinels.
const NO_VALUE_BEFORE: DateTime<Utc> = timeline::at_unix(-2_208_988_800, 0);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_both_wire_forms_and_reads_all_of_them_back() {
        let at: DateTime<Utc> = "2024-02-15T09:23:00.5Z".parse().unwrap();
        assert_eq!(plain(at).to_string(), "2024-02-15T09:23:00");
        assert_eq!(precise(at).to_string(), "2024-02-15T09:23:00.5000000Z");
        assert_eq!(parse("2024-02-15T09:23:00.5Z"), Some(at));
        assert_eq!(
            parse("2024-02-15T09:23:00"),
            Some(at - chrono::TimeDelta::milliseconds(500))
        );
        assert_eq!(
            parse("2024-02-15"),
            Some("2024-02-15T00:00:00Z".parse().unwrap())
        );
        assert_eq!(parse("yesterday"), None);
        assert_eq!(parse(NO_DATE), None);
        assert!(
            parse("1900-01-01T00:00:00.5").is_some(),
            "just after the sentinel"
        );
        assert_eq!(parse("0001-01-01T00:00:00"), None);
        assert_eq!(plain_or_none(None).to_string(), NO_DATE);
        let early: DateTime<Utc> = "0987-01-02T03:04:05.1234567Z".parse().unwrap();
        assert_eq!(precise(early).to_string(), "0987-01-02T03:04:05.1234567Z");
    }
}
