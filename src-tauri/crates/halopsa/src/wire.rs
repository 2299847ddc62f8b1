//! Tolerant reading of Halo's JSON. Every wrapper here accepts whatever a real instance may
//! send in its place (a number as a string, `null`, an empty string, a "no value" sentinel
//! date) and falls back to "none" instead of failing the whole answer. Unknown fields are
//! ignored by serde's default.

use bytes::Bytes;
use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::error::Error;
use crate::timestamp;
use crate::transport::Payload;

/// An ID where 0, a negative number or no value mean "none", as Halo writes them.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Id(pub Option<i32>);

/// A number where Halo may send a string or nothing.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Int(pub i32);

/// Text where Halo may send `null` or a number.
#[derive(Debug, Default, Clone)]
pub(crate) struct Text(pub String);

/// A flag where Halo may send `0`/`1` or `"true"`.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Flag(pub bool);

/// A decimal (hours, percentages) where Halo may send a string or nothing.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Decimal(pub Option<f64>);

/// A timestamp in either of Halo's forms, or none for the sentinels and empty values.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct When(pub Option<DateTime<Utc>>);

/// A nested value kept only if it decodes; a malformed one reads as absent.
#[derive(Debug, Clone)]
pub(crate) struct Maybe<T>(pub Option<T>);

impl<T> Default for Maybe<T> {
    fn default() -> Self {
        Self(None)
    }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
    .filter(|n| n.is_finite())
}

fn integer(value: &Value) -> Option<i32> {
    match value {
        Value::Number(n) => n.as_i64().and_then(|n| i32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self(integer(&Value::deserialize(d)?).filter(|id| *id > 0)))
    }
}

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self(integer(&Value::deserialize(d)?).unwrap_or_default()))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self(match Value::deserialize(d)? {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => String::new(),
        }))
    }
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self(match Value::deserialize(d)? {
            Value::Bool(b) => b,
            Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
            Value::String(s) => {
                let s = s.trim();
                s.eq_ignore_ascii_case("true") || s == "1"
            }
            _ => false,
        }))
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self(number(&Value::deserialize(d)?)))
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self(match Value::deserialize(d)? {
            Value::String(s) => parse_time(&s),
            _ => None,
        }))
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Maybe<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self(T::deserialize(Value::deserialize(d)?).ok()))
    }
}

impl Decimal {
    pub(crate) fn or_zero(self) -> f64 {
        self.0.unwrap_or_default()
    }
}

/// `1900-01-01T00:00:00Z`: this and anything before it is one of Halo's "no value" dates.
const NO_VALUE_UNTIL: DateTime<Utc> = match DateTime::from_timestamp(-2_208_988_800, 0) {
    Some(at) => at,
    // Evaluated at compile time: the build fails rather than this.
    None => panic!("1900 is within chrono's range"),
};

/// Reads `2026-03-01T09:00:00`, `...Z`, `...+01:00`, fractions of a second, or a bare date.
/// A time without a zone is UTC, as Halo writes it.
pub(crate) fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    timestamp::parse_utc(text.trim()).filter(|at| *at > NO_VALUE_UNTIL)
}

/// How the client writes a time into a query string or body: UTC, no zone suffix.
pub(crate) fn format_time(at: DateTime<Utc>) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// A list answer: Halo sends some lists bare and some in an envelope such as
/// `{"record_count": 717, "tickets": [...]}`; this takes either.
pub(crate) struct Listing<T> {
    pub items: Vec<T>,
    pub record_count: Option<u32>,
}

pub(crate) fn listing<T: DeserializeOwned>(
    body: &[u8],
    key: &str,
    context: &str,
) -> Result<Listing<T>, Error> {
    let value: Value = decode(body, context)?;
    let (items, record_count) = match value {
        Value::Array(items) => (items, None),
        Value::Object(mut map) => {
            let record_count = map
                .get("record_count")
                .and_then(integer)
                .and_then(|n| u32::try_from(n).ok());
            match map.remove(key) {
                Some(Value::Array(items)) => (items, record_count),
                // An envelope without rows, or with `null`, is an empty list.
                Some(Value::Null) | None => (Vec::new(), record_count),
                Some(_) => {
                    return Err(decode_error(context, format!("\"{key}\" is not a list")));
                }
            }
        }
        _ => return Err(decode_error(context, "expected a list".to_owned())),
    };
    let items = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            T::deserialize(item).map_err(|e| decode_error(context, format!("item {i}: {e}")))
        })
        .collect::<Result<_, _>>()?;
    Ok(Listing {
        items,
        record_count,
    })
}

/// One object, or the first element of an array: a one-element POST answers either.
pub(crate) fn single<T: DeserializeOwned>(body: &[u8], context: &str) -> Result<T, Error> {
    let value = match decode(body, context)? {
        Value::Array(items) => items
            .into_iter()
            .next()
            .ok_or_else(|| decode_error(context, "the answer was an empty list".to_owned()))?,
        other => other,
    };
    T::deserialize(value).map_err(|e| decode_error(context, e.to_string()))
}

/// A JSON array body of one element, as every Halo write takes.
pub(crate) fn json_array<T: Serialize>(item: &T) -> Payload {
    // Serialising plain structs of strings and numbers cannot fail.
    let data = serde_json::to_vec(&[item]).unwrap_or_default();
    Payload::Bytes {
        data: Bytes::from(data),
        content_type: "application/json",
    }
}

pub(crate) fn decode<T: DeserializeOwned>(body: &[u8], context: &str) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|e| {
        let detail = if crate::problem::looks_like_html(body) {
            "it is a web page, not an API answer".to_owned()
        } else if body.is_empty() {
            "it was empty".to_owned()
        } else {
            e.to_string()
        };
        decode_error(context, detail)
    })
}

fn decode_error(context: &str, detail: String) -> Error {
    Error::Decode {
        context: context.to_owned(),
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    struct Sample {
        id: Id,
        count: Int,
        name: Text,
        on: Flag,
        hours: Decimal,
        at: When,
    }

    #[test]
    fn both_time_forms_and_the_sentinels_are_read() {
        let plain = parse_time("2026-03-01T09:00:00").unwrap();
        let zoned = parse_time("2026-03-01T09:00:00Z").unwrap();
        assert_eq!(plain, zoned);
        assert_eq!(
            parse_time("2026-03-01T10:00:00.5+01:00")
                .unwrap()
                .timestamp(),
            zoned.timestamp()
        );
        assert!(parse_time("2026-03-01").is_some());
        assert_eq!(parse_time("1900-01-01T00:00:00"), None);
        assert!(
            parse_time("1900-01-01T00:00:00.5").is_some(),
            "just after the sentinel"
        );
        assert_eq!(parse_time("0001-01-01T00:00:00"), None);
        assert_eq!(parse_time(""), None);
        assert_eq!(format_time(zoned), "2026-03-01T09:00:00");
        let fraction = parse_time("2026-03-01T09:00:00.75Z").unwrap();
        assert_eq!(format_time(fraction), "2026-03-01T09:00:00");
    }

    #[test]
    fn loose_values_read_as_what_they_mean() {
        let s: Sample = serde_json::from_str(
            r#"{"id":"12","count":"3","name":42,"on":1,"hours":"0.25","at":"2026-01-01T00:00:00","extra":[1]}"#,
        )
        .unwrap();
        assert_eq!(s.id.0, Some(12));
        assert_eq!(s.count.0, 3);
        assert_eq!(s.name.0, "42");
        assert!(s.on.0);
        assert_eq!(s.hours.0, Some(0.25));
        assert!(s.at.0.is_some());

        let none: Sample = serde_json::from_str(
            r#"{"id":0,"count":null,"name":null,"on":"no","hours":{},"at":5}"#,
        )
        .unwrap();
        assert_eq!(none.id.0, None);
        assert_eq!(none.name.0, "");
        assert!(!none.on.0);
        assert_eq!(none.hours.0, None);
        assert_eq!(none.at.0, None);
    }

    #[test]
    fn lists_come_bare_or_in_an_envelope() {
        let bare: Listing<Sample> = listing(br#"[{"id":1},{"id":2}]"#, "agents", "x").unwrap();
        assert_eq!(bare.items.len(), 2);
        assert_eq!(bare.record_count, None);
        let wrapped: Listing<Sample> =
            listing(br#"{"record_count":7,"agents":[{"id":1}]}"#, "agents", "x").unwrap();
        assert_eq!(wrapped.items.len(), 1);
        assert_eq!(wrapped.record_count, Some(7));
        let empty: Listing<Sample> = listing(br#"{"record_count":0}"#, "agents", "x").unwrap();
        assert!(empty.items.is_empty());
        assert!(listing::<Sample>(b"<html></html>", "agents", "the agents").is_err());
    }

    #[test]
    fn a_write_answers_an_object_or_an_array() {
        let one: Sample = single(br#"{"id":5}"#, "x").unwrap();
        let first: Sample = single(br#"[{"id":6},{"id":7}]"#, "x").unwrap();
        assert_eq!((one.id.0, first.id.0), (Some(5), Some(6)));
    }
}
