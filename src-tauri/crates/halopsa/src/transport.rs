//! One request, carried through the rate governor and retried where that is safe. Knows HTTP,
//! not Halo's resources: the bearer, paths and bodies come from the caller.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use url::Url;

use crate::error::{Error, Result};
use crate::governor::{self, Governor, Priority, RateBudget};
use crate::instance::InstanceUrl;
use crate::retry::RetryPolicy;
use crate::secret::Secret;

/// How long to wait for a TCP connection before calling the host unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// The longest silence while reading an answer: what bounds a download, which may take as
/// long as the line needs while bytes keep coming.
const READ_TIMEOUT: Duration = Duration::from_secs(90);
/// How long a request whose answer is read whole (every JSON call, a token) may take in all,
/// from connecting to its last byte. Halo answers in seconds; a minute means it is stuck.
const ANSWER_DEADLINE: Duration = Duration::from_secs(60);
/// The slowest line an upload is given time for, in bytes a second (256 kbit/s): a 200 MB
/// file gets about 1 h 45 min on top of [`ANSWER_DEADLINE`], so only a stalled upload hits it.
const UPLOAD_SLOWEST_RATE: u64 = 32 * 1024;
/// The most of an answer read into memory. A JSON page of 1,000 tickets is a few MiB; more
/// than this is an instance (or something posing as one) gone wrong, and reading on would
/// only exhaust memory. Downloads stream to disk and have no cap.
pub(crate) const MAX_ANSWER_BYTES: u64 = 64 * 1024 * 1024;

/// A request body that can be produced again for a retry.
pub(crate) enum Payload {
    Empty,
    Bytes {
        data: Bytes,
        content_type: &'static str,
    },
    /// Built afresh for every attempt, so a retried upload reopens its file.
    Upload(UploadSource),
}

pub(crate) type UploadSource = Arc<dyn Fn() -> BoxFuture<'static, Result<Upload>> + Send + Sync>;

pub(crate) struct Upload {
    pub body: UploadBody,
    pub state: Arc<UploadState>,
    /// The file's size, which sets the request's deadline.
    pub size: u64,
}

/// What an upload's body stream reports back about how far it got.
#[derive(Debug, Default)]
pub(crate) struct UploadState {
    /// Set once the last byte of the file has gone to the connection. A failure before that
    /// cut the request short, so Halo cannot have processed it and it may be sent again.
    finished: AtomicBool,
    /// Reading the file failed: the request broke for a local reason no retry mends.
    read_failure: Mutex<Option<Error>>,
}

impl UploadState {
    pub(crate) fn finish(&self) {
        self.finished.store(true, Ordering::SeqCst);
    }

    pub(crate) fn is_finished(&self) -> bool {
        self.finished.load(Ordering::SeqCst)
    }

    pub(crate) fn fail(&self, error: Error) {
        *self
            .read_failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(error);
    }

    fn take_failure(&self) -> Option<Error> {
        self.read_failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

pub(crate) enum UploadBody {
    Multipart(reqwest::multipart::Form),
    Stream {
        body: reqwest::Body,
        length: u64,
        content_type: &'static str,
    },
}

pub(crate) struct Call<'a> {
    pub method: Method,
    pub url: Url,
    pub payload: &'a Payload,
    pub bearer: Option<&'a Secret>,
    pub priority: Priority,
    pub reading: Reading,
}

/// How the answer is read, which decides how long the request may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Into memory, up to [`MAX_ANSWER_BYTES`], within [`ANSWER_DEADLINE`] (an upload's
    /// grows with its size).
    Whole,
    /// Streamed by the caller (a download): no deadline, only [`READ_TIMEOUT`]'s silence.
    Streamed,
}

/// Why an answer's body could not be read.
#[derive(Debug)]
pub(crate) enum ReadFailure {
    /// The connection broke or went silent.
    Broken(reqwest::Error),
    /// It was larger than [`MAX_ANSWER_BYTES`]; reading stopped there.
    TooLarge,
}

impl From<reqwest::Error> for ReadFailure {
    fn from(error: reqwest::Error) -> Self {
        Self::Broken(error)
    }
}

/// Reads an answer into memory, giving up as soon as it passes `limit` bytes (at once when
/// its `Content-Length` says it will).
pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    limit: u64,
) -> std::result::Result<Bytes, ReadFailure> {
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(ReadFailure::TooLarge);
    }
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(ReadFailure::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Reads a JSON answer (or an error's body) into memory, within [`MAX_ANSWER_BYTES`].
pub(crate) async fn read_whole(
    response: reqwest::Response,
) -> std::result::Result<Bytes, ReadFailure> {
    read_capped(response, MAX_ANSWER_BYTES).await
}

impl Call<'_> {
    /// Reads can always be repeated; a write only when Halo never processed it.
    fn is_read(&self) -> bool {
        self.method == Method::GET || self.method == Method::HEAD
    }

    /// How long the whole request may take: a minute for an answer read whole, plus time for
    /// an upload of `upload_size` bytes on a slow line; none for a streamed download.
    fn deadline(&self, upload_size: Option<u64>) -> Option<Duration> {
        match (self.reading, upload_size) {
            (Reading::Streamed, _) => None,
            (Reading::Whole, None) => Some(ANSWER_DEADLINE),
            (Reading::Whole, Some(size)) => {
                Some(ANSWER_DEADLINE + Duration::from_secs(size.div_ceil(UPLOAD_SLOWEST_RATE)))
            }
        }
    }
}

/// An answer with a status, successful or not; the caller decides what a status means.
#[derive(Debug)]
pub(crate) struct Reply<T> {
    pub status: StatusCode,
    /// For a 429: how long Halo asked to wait, or the backoff chosen when it did not say.
    pub retry_after: Option<Duration>,
    pub body: T,
}

#[derive(Debug)]
pub(crate) struct Transport {
    http: reqwest::Client,
    governor: Arc<Governor>,
    retry: RetryPolicy,
}

/// What follows an attempt.
enum Next<T> {
    Done(Reply<T>),
    Fail(Error),
    /// Give up: the host could not be reached (or spoke no TLS) on any attempt.
    Unreachable(reqwest::Error),
    RetryAfter(Duration),
}

/// Why an attempt failed before a status arrived.
enum Failure {
    /// The connection never opened: nothing reached Halo.
    NotSent(reqwest::Error),
    /// It broke before an upload's body was all sent: Halo never had the whole request.
    CutShort(reqwest::Error),
    /// It broke after the request went out: Halo may have processed it.
    Lost(reqwest::Error),
    /// The answer came but was too large to read: Halo processed the request.
    TooLarge,
}

impl Transport {
    /// A transport for `instance`, sharing the rate governor of every other client of it.
    pub(crate) fn new(
        instance: &InstanceUrl,
        budget: RateBudget,
        retry: RetryPolicy,
    ) -> Result<Self> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("Halodesk/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
            // Redirects would carry the bearer to wherever they point; Halo's API does not use them.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Unreachable {
                host: instance.to_string(),
                detail: format!(
                    "this computer's TLS library failed to start: {}",
                    root_cause(&e)
                ),
            })?;
        Ok(Self {
            http,
            governor: governor::for_instance(&instance.to_string(), budget),
            retry,
        })
    }

    /// Sends the call and reads the whole answer.
    pub(crate) async fn send(&self, call: &Call<'_>) -> Result<Reply<Bytes>> {
        self.run(call, read_whole).await
    }

    /// Sends the call through the governor, retrying where that is safe, and reads each answer
    /// with `finish` (whose failure counts as a dropped connection, or an answer too large).
    pub(crate) async fn run<T, F, Fut>(&self, call: &Call<'_>, mut finish: F) -> Result<Reply<T>>
    where
        F: FnMut(reqwest::Response) -> Fut,
        Fut: Future<Output = std::result::Result<T, ReadFailure>>,
    {
        // Someone is waiting on an interactive request: past this wait, say so instead.
        let longest_wait = match call.priority {
            Priority::Interactive => self.retry.max_rate_limit_wait,
            Priority::Background => Duration::MAX,
        };
        let mut attempt = 0;
        loop {
            if let Err(retry_after) = self.governor.acquire(call.priority, longest_wait).await {
                return Err(Error::RateLimited { retry_after });
            }
            let started = tokio::time::Instant::now();
            let outcome = match self.attempt(call).await? {
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    finish(response)
                        .await
                        .map(|body| (status, headers, body))
                        .map_err(|failure| match failure {
                            ReadFailure::Broken(error) => Failure::Lost(error),
                            ReadFailure::TooLarge => Failure::TooLarge,
                        })
                }
                Err(failure) => Err(failure),
            };
            match self.judge(call, attempt, outcome, started.elapsed()) {
                Next::Done(reply) => return Ok(reply),
                Next::Fail(error) => return Err(error),
                Next::Unreachable(error) => return Err(connect_error(&call.url, &error).await),
                Next::RetryAfter(wait) => tokio::time::sleep(wait).await,
            }
            attempt += 1;
        }
    }

    /// What to do after attempt number `attempt` (0 for the first) ended with `outcome`,
    /// `took` after it started.
    fn judge<T>(
        &self,
        call: &Call<'_>,
        attempt: u32,
        outcome: std::result::Result<(StatusCode, HeaderMap, T), Failure>,
        took: Duration,
    ) -> Next<T> {
        let may_retry = self.retry.may_retry(attempt);
        let path = call.url.path();
        match outcome {
            Ok((status, headers, body)) if status == StatusCode::TOO_MANY_REQUESTS => {
                let wait =
                    retry_after(&headers).unwrap_or_else(|| self.retry.backoff_after_429(attempt));
                // Everyone holds back, not just this request; the retry waits in the governor.
                self.governor.pause(wait);
                tracing::debug!(path, ?wait, attempt, "rate limited");
                if may_retry && wait <= self.retry.max_rate_limit_wait {
                    Next::RetryAfter(Duration::ZERO)
                } else {
                    Next::Done(Reply {
                        status,
                        retry_after: Some(wait),
                        body,
                    })
                }
            }
            Ok((status, _, body)) => {
                if may_retry && call.is_read() && is_transient(status) {
                    tracing::debug!(path, %status, attempt, "retrying a read");
                    Next::RetryAfter(self.retry.backoff(attempt))
                } else {
                    Next::Done(Reply {
                        status,
                        retry_after: None,
                        body,
                    })
                }
            }
            Err(Failure::NotSent(error)) if !may_retry => Next::Unreachable(error),
            Err(Failure::NotSent(_)) => {
                tracing::debug!(path, attempt, "could not connect");
                Next::RetryAfter(self.retry.backoff(attempt))
            }
            // Often a server that answered early (429, 413) and closed the connection.
            Err(Failure::CutShort(error)) if !may_retry => {
                Next::Fail(lost_error(&error, false, took))
            }
            Err(Failure::CutShort(_)) => {
                tracing::debug!(path, attempt, "upload cut short; sending it again");
                Next::RetryAfter(self.retry.backoff(attempt))
            }
            Err(Failure::Lost(_)) if may_retry && call.is_read() => {
                tracing::debug!(path, attempt, "connection lost; retrying a read");
                Next::RetryAfter(self.retry.backoff(attempt))
            }
            Err(Failure::Lost(error)) => Next::Fail(lost_error(&error, !call.is_read(), took)),
            Err(Failure::TooLarge) => Next::Fail(Error::AnswerTooLarge {
                limit_mib: MAX_ANSWER_BYTES / (1024 * 1024),
            }),
        }
    }

    /// One try. The outer `Result` is for a body that could not be built (a vanished file),
    /// which no retry mends.
    async fn attempt(
        &self,
        call: &Call<'_>,
    ) -> Result<std::result::Result<reqwest::Response, Failure>> {
        let mut request = self
            .http
            .request(call.method.clone(), call.url.clone())
            .header(header::ACCEPT, "application/json");
        if let Some(bearer) = call.bearer {
            let mut value = HeaderValue::from_str(&format!("Bearer {}", bearer.expose()))
                .map_err(|_| Error::Unauthorized)?;
            value.set_sensitive(true);
            request = request.header(header::AUTHORIZATION, value);
        }
        let mut upload = None;
        let mut size = None;
        request = match call.payload {
            Payload::Empty => request,
            Payload::Bytes { data, content_type } => request
                .header(header::CONTENT_TYPE, *content_type)
                .body(data.clone()),
            Payload::Upload(source) => {
                let built = source().await?;
                upload = Some(built.state);
                size = Some(built.size);
                match built.body {
                    UploadBody::Multipart(form) => request.multipart(form),
                    UploadBody::Stream {
                        body,
                        length,
                        content_type,
                    } => request
                        .header(header::CONTENT_TYPE, content_type)
                        .header(header::CONTENT_LENGTH, length)
                        .body(body),
                }
            }
        };
        if let Some(deadline) = call.deadline(size) {
            request = request.timeout(deadline);
        }
        let sent = request.send().await;
        if let Some(failure) = upload.as_ref().and_then(|u| u.take_failure()) {
            return Err(failure);
        }
        Ok(sent.map_err(|e| {
            if e.is_connect() {
                Failure::NotSent(e)
            } else if upload.is_some_and(|u| !u.is_finished()) {
                Failure::CutShort(e)
            } else {
                Failure::Lost(e)
            }
        }))
    }
}

/// Gateways and overloaded servers answer these and recover.
fn is_transient(status: StatusCode) -> bool {
    matches!(status.as_u16(), 500 | 502 | 503 | 504)
}

/// `Retry-After` in seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(secs.max(0.0)).ok();
    }
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    #[expect(
        clippy::disallowed_methods,
        reason = "an HTTP date is a wait from the moment the answer arrives"
    )]
    let now = Utc::now();
    (at - now).to_std().ok()
}

/// Tells a TLS failure from an unreachable host: if plain TCP gets through, TLS is the problem.
async fn connect_error(url: &Url, error: &reqwest::Error) -> Error {
    let host = url.host_str().unwrap_or_default().to_owned();
    if url.scheme() == "https"
        && let Some(port) = url.port_or_known_default()
    {
        let probe = tokio::net::TcpStream::connect((host.as_str(), port));
        if let Ok(Ok(_)) = tokio::time::timeout(CONNECT_TIMEOUT, probe).await {
            return Error::Tls { host };
        }
    }
    Error::Unreachable {
        host,
        detail: root_cause(error),
    }
}

/// A request that broke after it went out, `took` after it started; a write may have been done.
fn lost_error(error: &reqwest::Error, may_have_applied: bool, took: Duration) -> Error {
    if error.is_timeout() {
        // The deadline or the silence of READ_TIMEOUT, whichever struck: say how long it was.
        Error::Timeout {
            after: Duration::from_secs(took.as_secs()),
            may_have_applied,
        }
    } else {
        Error::ConnectionLost {
            detail: root_cause(error),
            may_have_applied,
        }
    }
}

/// The innermost cause: reqwest's own message only says a request failed.
pub(crate) fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use axum::Router;
    use axum::body::Body;
    use axum::response::Response;
    use axum::routing::any;
    use chrono::TimeDelta;
    use futures_util::{StreamExt, stream};

    use super::*;

    /// A tiny server answering every request with `answer`, and a transport to it that tries
    /// each request once.
    async fn serving(answer: fn() -> Response) -> (Transport, Url) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new().route("/{*path}", any(move || async move { answer() }));
        tokio::spawn(async move { axum::serve(listener, app).await });
        let instance = InstanceUrl::parse(&base).unwrap();
        let retry = RetryPolicy {
            attempts: 1,
            ..RetryPolicy::default()
        };
        let transport = Transport::new(&instance, RateBudget::default(), retry).unwrap();
        (
            transport,
            Url::parse(&format!("{base}/api/Tickets")).unwrap(),
        )
    }

    fn call<'a>(method: Method, url: &Url, payload: &'a Payload, reading: Reading) -> Call<'a> {
        Call {
            method,
            url: url.clone(),
            payload,
            bearer: None,
            priority: Priority::Interactive,
            reading,
        }
    }

    /// A body that never ends, without a length: only a reader that stops can return.
    fn endless() -> Response {
        let chunk = Bytes::from(vec![b' '; 64 * 1024]);
        Response::new(Body::from_stream(stream::repeat(Ok::<_, Infallible>(
            chunk,
        ))))
    }

    /// A success whose body never comes.
    fn stalled() -> Response {
        Response::new(Body::from_stream(stream::pending::<
            Result<Bytes, Infallible>,
        >()))
    }

    #[tokio::test]
    async fn an_endless_answer_is_cut_off_at_the_cap() {
        let (transport, url) = serving(endless).await;
        let payload = Payload::Empty;
        let error = transport
            .send(&call(Method::GET, &url, &payload, Reading::Whole))
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::AnswerTooLarge { limit_mib: 64 }),
            "{error:?}"
        );
        assert!(error.to_string().contains("64 MiB"), "{error}");
    }

    #[tokio::test]
    async fn an_answer_announced_too_large_is_refused_before_reading() {
        fn announced() -> Response {
            let mut response = stalled();
            response.headers_mut().insert(
                header::CONTENT_LENGTH,
                HeaderValue::from(MAX_ANSWER_BYTES + 1),
            );
            response
        }
        let (transport, url) = serving(announced).await;
        let payload = Payload::Empty;
        // The body never comes: only a reader that believes the length returns in time.
        let error = tokio::time::timeout(
            Duration::from_secs(10),
            transport.send(&call(Method::GET, &url, &payload, Reading::Whole)),
        )
        .await
        .expect("refused without waiting for the body")
        .unwrap_err();
        assert!(matches!(error, Error::AnswerTooLarge { .. }), "{error:?}");
    }

    #[tokio::test]
    async fn an_answer_within_the_cap_is_read_whole() {
        fn sized() -> Response {
            Response::new(Body::from(vec![b'x'; 3 * 1024 * 1024]))
        }
        let (transport, url) = serving(sized).await;
        let payload = Payload::Empty;
        let reply = transport
            .send(&call(Method::GET, &url, &payload, Reading::Whole))
            .await
            .unwrap();
        assert_eq!(reply.body.len(), 3 * 1024 * 1024);
    }

    #[tokio::test(start_paused = true)]
    async fn a_json_call_gives_up_at_its_deadline() {
        let (transport, url) = serving(stalled).await;
        let payload = Payload::Bytes {
            data: Bytes::from_static(b"[{}]"),
            content_type: "application/json",
        };
        let started = tokio::time::Instant::now();
        let error = transport
            .send(&call(Method::POST, &url, &payload, Reading::Whole))
            .await
            .unwrap_err();
        let took = started.elapsed();
        assert!(
            matches!(
                error,
                Error::Timeout {
                    may_have_applied: true,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(error.to_string().contains("within 60 seconds"), "{error}");
        assert!(took >= ANSWER_DEADLINE && took < READ_TIMEOUT, "{took:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_download_that_keeps_coming_has_no_deadline() {
        // Five chunks 40 s apart: over three minutes in all, never silent for 90 s.
        fn trickling() -> Response {
            let chunks = stream::iter(0..5).then(|_| async {
                tokio::time::sleep(Duration::from_secs(40)).await;
                Ok::<_, Infallible>(Bytes::from_static(b"chunk"))
            });
            Response::new(Body::from_stream(chunks))
        }
        let (transport, url) = serving(trickling).await;
        let payload = Payload::Empty;
        let started = tokio::time::Instant::now();
        let reply = transport
            .run(
                &call(Method::GET, &url, &payload, Reading::Streamed),
                |response| async { Ok(response) },
            )
            .await
            .unwrap();
        let body = reply.body.bytes().await.unwrap();
        assert_eq!(body.len(), 25);
        assert!(started.elapsed() >= Duration::from_secs(200));
    }

    #[test]
    fn an_uploads_deadline_grows_with_its_size() {
        let url = Url::parse("https://acme.halopsa.com/api/Attachment").unwrap();
        let payload = Payload::Empty;
        let upload = call(Method::POST, &url, &payload, Reading::Whole);
        assert_eq!(upload.deadline(None), Some(ANSWER_DEADLINE));
        let big = upload.deadline(Some(200 * 1024 * 1024)).unwrap();
        assert_eq!(big, ANSWER_DEADLINE + Duration::from_secs(6_400));
        let download = call(Method::GET, &url, &payload, Reading::Streamed);
        assert_eq!(download.deadline(None), None);
    }

    #[test]
    #[expect(
        clippy::disallowed_methods,
        reason = "retry_after reads the wall clock, so its date must be near it"
    )]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        let later = Utc::now() + TimeDelta::seconds(120);
        let date = later.format("%a, %-d %b %Y %H:%M:%S +0000").to_string();
        headers.insert(header::RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(wait > Duration::from_secs(100) && wait <= Duration::from_secs(120));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }
}
