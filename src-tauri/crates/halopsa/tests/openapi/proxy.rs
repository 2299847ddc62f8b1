//! A recording proxy in front of the simulator. The client talks to it as to an instance; it
//! notes the names in each request as they went over the wire, then forwards the request
//! unchanged and hands back the simulator's answer. Recording real traffic, rather than
//! serialising the client's structs again, also catches names added by hand (query strings,
//! the streamed JSON of an upload, multipart parts).

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use tokio::task::JoinHandle;

use crate::extract::{JSON, MULTIPART};

/// One request as the client sent it.
#[derive(Debug, Clone)]
pub(crate) struct Exchange {
    /// `GET`, `POST`, ...
    pub(crate) method: String,
    /// The path as sent, such as `/api/Tickets/12`.
    pub(crate) raw_path: String,
    /// openapi.json's spelling: `/api` stripped, numeric segments as `{id}`: `/Tickets/{id}`.
    pub(crate) path: String,
    pub(crate) query: BTreeSet<String>,
    pub(crate) body: SentBody,
}

/// The names in a request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SentBody {
    None,
    /// Field names (JSON: the keys of every record in the array; multipart: the part names)
    /// and the media type they went as, `JSON` or `MULTIPART`.
    Fields {
        media_type: &'static str,
        names: BTreeSet<String>,
    },
    /// A body whose names cannot be vouched for, and why: not an array of objects, a
    /// malformed form, or a media type the check does not know.
    Unreadable(String),
}

/// Dropping it stops the server.
pub(crate) struct Proxy {
    base_url: String,
    log: Arc<Mutex<Vec<Exchange>>>,
    task: JoinHandle<()>,
}

struct Upstream {
    base_url: String,
    http: reqwest::Client,
    log: Arc<Mutex<Vec<Exchange>>>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream` (`http://127.0.0.1:PORT`).
    pub(crate) async fn start(upstream: &str) -> Self {
        let log = Arc::new(Mutex::new(Vec::new()));
        let state = Arc::new(Upstream {
            base_url: upstream.trim_end_matches('/').to_owned(),
            // Redirects go back to the client untouched, as they would without the proxy.
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a reqwest client"),
            log: log.clone(),
        });
        let app = Router::new().fallback(forward).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let addr = listener.local_addr().expect("the proxy's address");
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("the proxy serves");
        });
        Self {
            base_url: format!("http://{addr}"),
            log,
            task,
        }
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Everything recorded so far, in the order it arrived.
    pub(crate) fn exchanges(&self) -> Vec<Exchange> {
        self.log.lock().expect("the log").clone()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Hop-by-hop and framing headers: the body is forwarded whole, so each side frames it anew.
/// Everything else (authorization, content type, accept) passes as it came.
fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let mut headers = headers.clone();
    for name in [
        header::HOST,
        header::CONTENT_LENGTH,
        header::TRANSFER_ENCODING,
        header::CONNECTION,
    ] {
        headers.remove(name);
    }
    headers
}

async fn forward(State(upstream): State<Arc<Upstream>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    // Buffered: the files in this test are small, and the names need the whole body.
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(e) => return (StatusCode::BAD_GATEWAY, format!("proxy: {e}")).into_response(),
    };
    let exchange = Exchange {
        method: parts.method.as_str().to_owned(),
        raw_path: parts.uri.path().to_owned(),
        path: openapi_path(parts.uri.path()),
        query: query_names(parts.uri.query()),
        body: body_names(&parts.headers, &body).await,
    };
    upstream.log.lock().expect("the log").push(exchange);

    let path_and_query = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
    let answer = upstream
        .http
        .request(
            parts.method.clone(),
            format!("{}{path_and_query}", upstream.base_url),
        )
        .headers(end_to_end(&parts.headers))
        .body(body)
        .send()
        .await;
    let answer = match answer {
        Ok(answer) => answer,
        Err(e) => return (StatusCode::BAD_GATEWAY, format!("proxy: {e}")).into_response(),
    };
    let status = answer.status();
    let headers = end_to_end(answer.headers());
    match answer.bytes().await {
        Ok(bytes) => (status, headers, bytes).into_response(),
        Err(e) => (StatusCode::BAD_GATEWAY, format!("proxy: {e}")).into_response(),
    }
}

/// `/api/Tickets/12` → `/Tickets/{id}`. Paths outside `/api` keep their form; they are not
/// Halo API v2 paths and the conformance check leaves them out.
fn openapi_path(raw: &str) -> String {
    let Some(rest) = raw.strip_prefix("/api/") else {
        return raw.to_owned();
    };
    rest.split('/')
        .map(|segment| {
            if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
                "/{id}".to_owned()
            } else {
                format!("/{segment}")
            }
        })
        .collect()
}

fn query_names(query: Option<&str>) -> BTreeSet<String> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .map(|(name, _)| name.into_owned())
        .collect()
}

async fn body_names(headers: &HeaderMap, body: &Bytes) -> SentBody {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    // The media type without parameters such as `charset` or `boundary`.
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if body.is_empty() && essence.is_empty() {
        return SentBody::None;
    }
    match essence.as_str() {
        JSON => json_fields(body),
        MULTIPART => form_parts(content_type, body.clone()).await,
        other => SentBody::Unreadable(format!("a body of media type {other:?}")),
    }
}

/// The union of the keys of every record. Halo's writes take an array of records; anything
/// else is reported, not guessed at.
fn json_fields(body: &[u8]) -> SentBody {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => return SentBody::Unreadable(format!("JSON that does not parse: {e}")),
    };
    let Some(records) = value.as_array() else {
        return SentBody::Unreadable("a JSON body that is not an array".to_owned());
    };
    let mut names = BTreeSet::new();
    for record in records {
        let Some(record) = record.as_object() else {
            return SentBody::Unreadable(format!(
                "an array element that is not an object: {record}"
            ));
        };
        names.extend(record.keys().cloned());
    }
    SentBody::Fields {
        media_type: JSON,
        names,
    }
}

/// The part names, read with axum's own multipart parser from the buffered body.
async fn form_parts(content_type: &str, body: Bytes) -> SentBody {
    let request = Request::builder()
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("a request to parse");
    let mut form = match Multipart::from_request(request, &()).await {
        Ok(form) => form,
        Err(e) => return SentBody::Unreadable(format!("a malformed form: {e}")),
    };
    let mut names = BTreeSet::new();
    loop {
        match form.next_field().await {
            Ok(None) => break,
            Ok(Some(field)) => {
                let Some(name) = field.name() else {
                    return SentBody::Unreadable("a form part without a name".to_owned());
                };
                names.insert(name.to_owned());
                // Read to the end of the part, so the next one can be found.
                if let Err(e) = field.bytes().await {
                    return SentBody::Unreadable(format!("a malformed form part: {e}"));
                }
            }
            Err(e) => return SentBody::Unreadable(format!("a malformed form: {e}")),
        }
    }
    SentBody::Fields {
        media_type: MULTIPART,
        names,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_take_openapis_spelling() {
        assert_eq!(openapi_path("/api/Tickets"), "/Tickets");
        assert_eq!(openapi_path("/api/Tickets/12"), "/Tickets/{id}");
        assert_eq!(openapi_path("/api/Agent/me"), "/Agent/me");
        assert_eq!(openapi_path("/api/Attachment/image"), "/Attachment/image");
        assert_eq!(openapi_path("/auth/token"), "/auth/token");
    }

    #[test]
    fn a_json_body_must_be_an_array_of_records() {
        assert_eq!(
            json_fields(br#"[{"a":1},{"b":2}]"#),
            SentBody::Fields {
                media_type: JSON,
                names: ["a".to_owned(), "b".to_owned()].into()
            }
        );
        assert!(matches!(
            json_fields(br#"{"a":1}"#),
            SentBody::Unreadable(_)
        ));
        assert!(matches!(json_fields(br"[1]"), SentBody::Unreadable(_)));
    }
}
