//! Halo's write convention: a JSON array in; `201` with a single object when the array held one
//! element, an array when it held several.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::errors;

/// Reads the body as a non-empty JSON array of `what`; the error is the 400 to answer.
pub(crate) fn parse<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<Vec<T>, Box<Response>> {
    let why = match serde_json::from_slice::<Vec<T>>(body) {
        Ok(items) if !items.is_empty() => return Ok(items),
        Ok(_) => format!("The array holds no {what}."),
        Err(e) => format!("Send a JSON array of {what} ({e})."),
    };
    Err(Box::new(errors::bad_body(why)))
}

/// One element in, one object out: not an array, not an envelope.
pub(crate) fn created<T: Serialize>(mut items: Vec<T>) -> Response {
    if items.len() == 1 {
        (StatusCode::CREATED, Json(items.pop())).into_response()
    } else {
        (StatusCode::CREATED, Json(items)).into_response()
    }
}
