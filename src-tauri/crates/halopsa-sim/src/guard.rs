//! What stands in front of every Halo path: the request counters, injected faults, the
//! tenant's rate limit and, for the resource server, the bearer check.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, TimeDelta, Utc};

use crate::RateLimit;
use crate::auth;
use crate::errors;
use crate::sla;
use crate::state::Sim;
use crate::timeline;

const MAX_WINDOW_SECS: u64 = 366 * 86_400;

/// The timestamps of the requests inside the rolling window.
#[derive(Debug)]
pub(crate) struct RateWindow {
    limit: Option<RateLimit>,
    recent: VecDeque<DateTime<Utc>>,
}

impl RateWindow {
    pub(crate) fn new(limit: Option<RateLimit>) -> Self {
        Self {
            limit,
            recent: VecDeque::new(),
        }
    }

    pub(crate) fn limit(&self) -> Option<RateLimit> {
        self.limit
    }

    pub(crate) fn set_limit(&mut self, limit: Option<RateLimit>) {
        // A window longer than a year is no window; capping it keeps the arithmetic in range.
        self.limit = limit.map(|l| RateLimit {
            window_secs: l.window_secs.min(MAX_WINDOW_SECS),
            ..l
        });
        self.recent.clear();
    }

    /// Counts a request at `now`, or says how long until one fits.
    fn admit(&mut self, now: DateTime<Utc>) -> Result<(), TimeDelta> {
        let Some(limit) = self.limit else {
            return Ok(());
        };
        // A window beyond what a delta holds ends at the end of time, as `later` does anyway.
        let window = TimeDelta::try_seconds(i64::try_from(limit.window_secs).unwrap_or(i64::MAX))
            .unwrap_or(TimeDelta::MAX);
        while self
            .recent
            .front()
            .is_some_and(|&at| sla::later(at, window) <= now)
        {
            self.recent.pop_front();
        }
        if self.recent.len() >= limit.requests {
            let oldest = self.recent.front().copied().unwrap_or(now);
            return Err(sla::later(oldest, window) - now);
        }
        self.recent.push_back(now);
        Ok(())
    }
}

/// Counts, delays, fails and rate-limits requests to Halo's paths, in that order, and drops
/// the answer of a request that was carried out when `drop_after_rate` says so.
pub(crate) async fn gate(State(sim): State<Arc<Sim>>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let injected = sim.faults().draw(method.as_str(), &path);
    if let Some(latency) = injected.latency {
        tokio::time::sleep(latency).await;
    }
    // Bound first: a guard in an `if let` condition would live through its branches.
    let admitted = if injected.force_429 {
        Err(TimeDelta::seconds(1))
    } else if injected.response.is_none() {
        sim.rate().admit(sim.now())
    } else {
        Ok(())
    };
    let mut status = None;
    let response = if let Some(response) = injected.response {
        response
    } else if let Err(wait) = admitted {
        rate_limited(&sim, wait)
    } else {
        match auth::caller(&sim, request.headers()) {
            None if is_protected(&path) => errors::unauthorized(),
            caller => {
                let mut request = request;
                if let Some(caller) = caller {
                    request.extensions_mut().insert(caller);
                }
                let response = next.run(request).await;
                if injected.drop_after {
                    // Carried out, then lost: the log keeps the handler's status.
                    status = Some(response.status());
                    drop(response);
                    sim.stats().record_dropped_answer();
                    dropped_connection()
                } else {
                    response
                }
            }
        }
    };
    let status = status.unwrap_or_else(|| response.status());
    sim.stats().record(method.as_str(), &path, status.as_u16());
    response
}

/// Resource paths need a token; discovery and the auth server do not.
fn is_protected(path: &str) -> bool {
    path.starts_with("/api/") && !path.eq_ignore_ascii_case("/api/authinfo")
}

fn rate_limited(sim: &Sim, wait: TimeDelta) -> Response {
    let limit = sim.rate().limit().unwrap_or_default();
    // The wait is in simulated seconds; a client waits in real ones.
    let clock = sim.clock.reading();
    let speed = if clock.frozen || clock.speed <= 0.0 {
        1.0
    } else {
        clock.speed
    };
    let minutes = limit.window_secs / 60;
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        format!(
            "Rate Limit Reached - {} Requests per rolling {minutes} minute window",
            limit.requests
        ),
    )
        .into_response();
    if limit.retry_after {
        // Rounded up: a client that waits exactly this long must get through.
        let secs = (timeline::seconds(wait) / speed).ceil().max(1.0);
        if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}

/// A response whose body fails at once: the client sees the connection drop mid-answer.
pub(crate) fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection dropped by a simulated fault",
        ))
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_LENGTH, "1024")
        .body(Body::from_stream(failing))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// Latency, if any, and a response that replaces the real one, if a fault fires.
#[derive(Debug, Default)]
pub(crate) struct Injected {
    pub latency: Option<Duration>,
    /// Answer 429 as if the budget were spent.
    pub force_429: bool,
    pub response: Option<Response>,
    /// Run the handler, then answer [`dropped_connection`] instead of its response.
    pub drop_after: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_admits_its_budget_and_then_says_when_the_oldest_expires() {
        let start: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let mut window = RateWindow::new(Some(RateLimit {
            requests: 3,
            window_secs: 300,
            retry_after: true,
        }));
        for s in 0..3 {
            assert!(window.admit(start + TimeDelta::seconds(s)).is_ok());
        }
        let wait = window.admit(start + TimeDelta::seconds(10)).unwrap_err();
        assert_eq!(wait, TimeDelta::seconds(290));
        assert!(window.admit(start + TimeDelta::seconds(300)).is_ok());
    }

    #[test]
    fn no_limit_admits_everything() {
        let mut window = RateWindow::new(None);
        for _ in 0..10_000 {
            assert!(window.admit(DateTime::UNIX_EPOCH).is_ok());
        }
    }
}
