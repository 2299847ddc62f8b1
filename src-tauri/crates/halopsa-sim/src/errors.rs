//! Error answers in the shapes real instances use: ASP.NET validation problems, `{"Message"}`,
//! OAuth errors and plain text.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// 400 with ASP.NET's validation shape: `errors` maps `[index].field` to messages.
pub(crate) fn validation(errors: Vec<(String, String)>) -> Response {
    let mut by_field: Map<String, Value> = Map::new();
    for (field, message) in errors {
        match by_field.entry(field).or_insert_with(|| json!([])) {
            Value::Array(messages) => messages.push(Value::String(message)),
            other => *other = json!([message]),
        }
    }
    (
        StatusCode::BAD_REQUEST,
        Json(json!({
            "type": "https://tools.ietf.org/html/rfc7231#section-6.5.1",
            "title": "One or more validation errors occurred.",
            "status": 400,
            "errors": by_field,
        })),
    )
        .into_response()
}

/// A status with `{"Message": ...}`, the shape of most non-validation errors.
pub(crate) fn message(status: StatusCode, text: impl Into<String>) -> Response {
    (status, Json(json!({ "Message": text.into() }))).into_response()
}

pub(crate) fn not_found(what: &str) -> Response {
    message(StatusCode::NOT_FOUND, format!("{what} not found"))
}

/// The resource server's answer to a missing, expired or revoked bearer token.
pub(crate) fn unauthorized() -> Response {
    let mut response = message(
        StatusCode::UNAUTHORIZED,
        "Authorization has been denied for this request.",
    );
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// The auth server's OAuth error.
pub(crate) fn oauth(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

pub(crate) fn too_large(limit: usize) -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("The request is larger than the {limit} bytes this instance accepts."),
    )
        .into_response()
}

pub(crate) fn bad_body(detail: impl std::fmt::Display) -> Response {
    message(
        StatusCode::BAD_REQUEST,
        format!("The request is invalid. {detail}"),
    )
}
