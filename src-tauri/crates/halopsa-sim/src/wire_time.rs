//! Halo's timestamp forms: ISO-8601 usually without a zone (meaning UTC), sometimes with `Z`
//! and fractional seconds, and `1900-01-01T00:00:00` for "no value".

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// What real instances send for a date that was never set.
pub(crate) const NO_DATE: &str = "1900-01-01T00:00:00";

/// `2024-02-15T09:23:00`: the common form, UTC without a suffix.
pub(crate) fn plain(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S").to_string()
}

/// `2024-02-15T09:23:00.1234567Z`: the form some fields (last action, last update) come in.
pub(crate) fn precise(at: Timestamp) -> String {
    format!(
        "{}.{:07}Z",
        at.strftime("%Y-%m-%dT%H:%M:%S"),
        at.subsec_nanosecond() / 100
    )
}

pub(crate) fn plain_or_none(at: Option<Timestamp>) -> String {
    at.map_or_else(|| NO_DATE.to_owned(), plain)
}

/// Reads a date from a query string or body the way Halo does: with or without a zone (UTC
/// when absent), or a bare date meaning midnight UTC.
pub(crate) fn parse(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(at) = text.parse::<Timestamp>() {
        return Some(at);
    }
    if let Ok(civil) = text.parse::<jiff::civil::DateTime>() {
        return civil
            .to_zoned_datetime(TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp());
    }
    text.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|date| date.to_zoned_datetime(TimeZone::UTC).ok())
        .map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_both_wire_forms_and_reads_all_of_them_back() {
        let at: Timestamp = "2024-02-15T09:23:00.5Z".parse().unwrap();
        assert_eq!(plain(at), "2024-02-15T09:23:00");
        assert_eq!(precise(at), "2024-02-15T09:23:00.5000000Z");
        assert_eq!(parse("2024-02-15T09:23:00.5Z"), Some(at));
        assert_eq!(
            parse("2024-02-15T09:23:00"),
            Some(at - jiff::SignedDuration::from_millis(500))
        );
        assert_eq!(
            parse("2024-02-15"),
            Some("2024-02-15T00:00:00Z".parse().unwrap())
        );
        assert_eq!(parse("yesterday"), None);
        assert_eq!(plain_or_none(None), NO_DATE);
    }
}
