//! Reading Halo's error answers, whatever their shape: ASP.NET validation problems,
//! `{"Message"}`, `{"ClassName","Message"}`, OAuth's `{"error","error_description"}`, plain
//! text, or an HTML page from a proxy in between.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::error::{Error, FieldProblem};

/// How much of an unexpected body an error message quotes.
const EXCERPT_CHARS: usize = 200;

/// The error for a non-success answer. `what` names the thing asked for ("Ticket 12").
pub(crate) fn classify(
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
    what: &str,
) -> Error {
    match status.as_u16() {
        400 | 409 | 422 => Error::Validation {
            problems: field_problems(body),
        },
        401 => Error::Unauthorized,
        403 => Error::Forbidden {
            hint: message(body).unwrap_or_else(|| {
                "the API application or your agent account is not allowed to do this.".to_owned()
            }),
        },
        404 => Error::NotFound {
            what: what.to_owned(),
        },
        413 => Error::TooLarge {
            detail: message(body).unwrap_or_else(|| "HTTP 413".to_owned()),
        },
        429 => Error::RateLimited {
            retry_after: retry_after.unwrap_or(Duration::from_secs(60)),
        },
        code => Error::Server {
            status: code,
            excerpt: excerpt(body),
        },
    }
}

/// The single message of an error body, if it carries one.
pub(crate) fn message(body: &[u8]) -> Option<String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => ["Message", "message", "error_description", "title", "error"]
            .iter()
            .find_map(|key| map.get(*key).and_then(Value::as_str))
            .map(str::to_owned),
        Ok(Value::String(text)) => Some(text),
        Ok(_) => None,
        Err(_) => plain_text(body),
    }
}

/// OAuth's `{"error","error_description"}`, as the token endpoint answers.
pub(crate) fn oauth_error(body: &[u8]) -> Option<(String, String)> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let error = value.get("error")?.as_str()?.to_owned();
    let description = value
        .get("error_description")
        .and_then(Value::as_str)
        .unwrap_or(&error)
        .to_owned();
    Some((error, description))
}

/// What a validation answer objected to, field by field where it says.
pub(crate) fn field_problems(body: &[u8]) -> Vec<FieldProblem> {
    if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body)
        && let Some(Value::Object(errors)) = map.get("errors")
    {
        let problems: Vec<FieldProblem> = errors
            .iter()
            .flat_map(|(field, messages)| {
                let field = bare_field(field);
                let messages = match messages {
                    Value::Array(items) => items
                        .iter()
                        .filter_map(|m| m.as_str().map(str::to_owned))
                        .collect(),
                    Value::String(text) => vec![text.clone()],
                    _ => Vec::new(),
                };
                messages.into_iter().map(move |message| FieldProblem {
                    field: field.clone(),
                    message,
                })
            })
            .collect();
        if !problems.is_empty() {
            return problems;
        }
    }
    message(body)
        .map(|message| FieldProblem {
            field: None,
            message,
        })
        .into_iter()
        .collect()
}

/// `[0].client_id` names the first element's `client_id`; the index means nothing to a person.
fn bare_field(field: &str) -> Option<String> {
    let name = match field.strip_prefix('[') {
        Some(rest) => rest.split_once("].").map_or(rest, |(_, name)| name),
        None => field,
    };
    let name = name.trim_start_matches('$').trim_start_matches('.');
    (!name.is_empty()).then(|| name.to_owned())
}

/// The start of an unexpected body, readable in one line.
pub(crate) fn excerpt(body: &[u8]) -> String {
    if let Some(text) = message(body) {
        return shorten(&text);
    }
    if looks_like_html(body) {
        return "an HTML page instead of an API answer".to_owned();
    }
    if body.is_empty() {
        "no details".to_owned()
    } else {
        "an answer that is not text".to_owned()
    }
}

pub(crate) fn looks_like_html(body: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
    let start = start.trim_start();
    start.starts_with("<!doctype html") || start.starts_with("<html") || start.contains("<body")
}

fn plain_text(body: &[u8]) -> Option<String> {
    if looks_like_html(body) {
        return None;
    }
    let text = std::str::from_utf8(body).ok()?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn shorten(text: &str) -> String {
    let single_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match single_line.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &single_line[..cut]),
        None => single_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asp_net_validation_names_each_field_without_its_index() {
        let body = br#"{"title":"One or more validation errors occurred.","status":400,
            "errors":{"[0].client_id":["A Client must be entered."],"[0].summary":["Required.","Too long."]}}"#;
        let problems = field_problems(body);
        assert_eq!(problems.len(), 3);
        assert_eq!(problems[0].field.as_deref(), Some("client_id"));
        assert_eq!(problems[2].message, "Too long.");
    }

    #[test]
    fn every_message_shape_is_read() {
        assert_eq!(
            message(br#"{"Message":"An error has occurred."}"#).as_deref(),
            Some("An error has occurred.")
        );
        assert_eq!(
            message(br#"{"ClassName":"System.Exception","Message":"Boom"}"#).as_deref(),
            Some("Boom")
        );
        assert_eq!(
            message(br#"{"error":"invalid_client","error_description":"Bad secret"}"#).as_deref(),
            Some("Bad secret")
        );
        assert_eq!(
            message(b"An Outcome must be entered for this Action").as_deref(),
            Some("An Outcome must be entered for this Action")
        );
        assert_eq!(message(b"<html><body>Login</body></html>"), None);
    }

    #[test]
    fn plain_text_validation_becomes_one_problem() {
        let problems = field_problems(b"An Outcome must be entered for this Action");
        assert_eq!(
            problems,
            vec![FieldProblem {
                field: None,
                message: "An Outcome must be entered for this Action".into()
            }]
        );
    }

    #[test]
    fn statuses_map_to_their_errors() {
        let limited = classify(
            StatusCode::TOO_MANY_REQUESTS,
            Some(Duration::from_secs(7)),
            b"Rate Limit Reached",
            "x",
        );
        assert!(
            matches!(limited, Error::RateLimited { retry_after } if retry_after.as_secs() == 7)
        );
        let forbidden = classify(
            StatusCode::FORBIDDEN,
            None,
            br#"{"Message":"You need the Tickets permission."}"#,
            "x",
        );
        assert!(
            forbidden
                .to_string()
                .contains("You need the Tickets permission.")
        );
        let server = classify(
            StatusCode::BAD_GATEWAY,
            None,
            b"<!DOCTYPE html><html></html>",
            "x",
        );
        assert!(server.to_string().contains("HTML page"));
    }

    #[test]
    fn long_bodies_are_cut() {
        let long = "word ".repeat(100);
        assert!(excerpt(long.as_bytes()).chars().count() <= EXCERPT_CHARS + 1);
    }
}
