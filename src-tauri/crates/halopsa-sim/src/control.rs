//! `/_sim/`: controls for tests and demos, apart from Halo's paths. The clock, injected faults,
//! the rate limit, token revocation, request counters and log, and a reset; over HTTP, or in
//! process through the same routes ([`send`], for the handle).

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use chrono::{DateTime, TimeDelta, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::RateLimit;
use crate::clock::ClockReading;
use crate::errors;
use crate::guard::{self, Injected};
use crate::state::Sim;
use crate::timeline;

/// The clock's range, in Unix seconds: 1970 to 9000.
const EARLIEST: i64 = 0;
const LATEST: i64 = 221_845_392_000;
/// A million times real time runs a year in about half a minute.
const MAX_SPEED: f64 = 1_000_000.0;

/// How many requests the log keeps.
const LOG_LENGTH: usize = 500;

/// Faults applied to every request to Halo's paths until cleared.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct FaultPlan {
    /// Added before each answer.
    pub latency_ms: u64,
    /// Share of requests (0 to 1) that answer `error_status` instead.
    pub error_rate: f64,
    pub error_status: Option<u16>,
    /// Share of requests whose connection drops mid-answer without being carried out: the
    /// handler never runs. `/_sim/stats` logs them as 200, the status line of the broken answer.
    pub drop_rate: f64,
    /// Share of requests that are carried out, then whose connection drops before the answer
    /// arrives: a write happens although the client sees a broken answer. Drawn only for
    /// requests no other fault replaced; applies only when the handler ran (not to the 401s and
    /// 429s the guard answers itself). `/_sim/stats` logs the handler's own status (a 201 for a
    /// created record), so a carried-out drop can be told from a `drop_rate` one.
    pub drop_after_rate: f64,
    /// The next N requests answer 429 whatever the budget says.
    pub force_429: u32,
    /// Multipart uploads are read no faster than this many bytes a second, as over a real
    /// uplink (100 Mbit/s is 12,500,000); 0 reads them as fast as they come.
    pub upload_bytes_per_sec: u64,
    /// Only requests to these routes (`GET /api/Tickets/{id}`, as `/_sim/stats` names them)
    /// meet the faults; empty means every route.
    pub routes: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct Faults {
    plan: FaultPlan,
    rng: ChaCha8Rng,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            plan: FaultPlan::default(),
            rng: ChaCha8Rng::seed_from_u64(0),
        }
    }
}

impl Faults {
    /// The uplink speed uploads are read at, if the plan slows them.
    pub(crate) fn upload_rate(&self) -> Option<u64> {
        Some(self.plan.upload_bytes_per_sec).filter(|&rate| rate > 0)
    }

    /// Decides the fate of a request to `route` (`METHOD /path`) under the current plan.
    pub(crate) fn draw(&mut self, method: &str, path: &str) -> Injected {
        let plan = &mut self.plan;
        if !plan.routes.is_empty()
            && !plan
                .routes
                .contains(&format!("{method} {}", route_of(path)))
        {
            return Injected::default();
        }
        let latency = (plan.latency_ms > 0).then(|| Duration::from_millis(plan.latency_ms));
        let force_429 = plan.force_429 > 0;
        let response = if force_429 {
            plan.force_429 -= 1;
            None
        } else if plan.drop_rate > 0.0 && self.rng.random_bool(plan.drop_rate.min(1.0)) {
            Some(guard::dropped_connection())
        } else if plan.error_rate > 0.0 && self.rng.random_bool(plan.error_rate.min(1.0)) {
            let status = plan
                .error_status
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            Some(errors::message(status, "An error has occurred."))
        } else {
            None
        };
        // Drawn last and only when it can fire, so plans without it draw as they always did.
        let drop_after = !force_429
            && response.is_none()
            && plan.drop_after_rate > 0.0
            && self.rng.random_bool(plan.drop_after_rate.min(1.0));
        Injected {
            latency,
            force_429,
            response,
            drop_after,
        }
    }
}

/// Request counters and the most recent requests.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Stats {
    total: u64,
    /// Keyed by `METHOD /path` with numeric IDs replaced by `{id}`.
    by_route: BTreeMap<String, u64>,
    by_status: BTreeMap<u16, u64>,
    /// Requests carried out whose answer `drop_after_rate` then dropped: the writes a client
    /// saw fail although they happened.
    dropped_answers: u64,
    log: VecDeque<LoggedRequest>,
}

#[derive(Debug, Serialize)]
struct LoggedRequest {
    method: String,
    path: String,
    status: u16,
}

impl Stats {
    pub(crate) fn record(&mut self, method: &str, path: &str, status: u16) {
        self.total += 1;
        *self
            .by_route
            .entry(format!("{method} {}", route_of(path)))
            .or_default() += 1;
        *self.by_status.entry(status).or_default() += 1;
        if self.log.len() == LOG_LENGTH {
            self.log.pop_front();
        }
        self.log.push_back(LoggedRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            status,
        });
    }

    pub(crate) fn record_dropped_answer(&mut self) {
        self.dropped_answers += 1;
    }
}

fn route_of(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
                "{id}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

pub(crate) async fn stats(State(sim): State<Arc<Sim>>) -> Response {
    Json(&*sim.stats()).into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ClockChange {
    freeze: Option<bool>,
    advance_secs: Option<f64>,
    speed: Option<f64>,
    #[serde(deserialize_with = "crate::timestamp::deserialize_optional")]
    set: Option<DateTime<Utc>>,
}

pub(crate) async fn clock(State(sim): State<Arc<Sim>>) -> Json<ClockReading> {
    Json(sim.clock.reading())
}

pub(crate) async fn change_clock(
    State(sim): State<Arc<Sim>>,
    Json(change): Json<ClockChange>,
) -> Result<Json<ClockReading>, (StatusCode, &'static str)> {
    if let Some(at) = change.set {
        // Deadlines and token lifetimes are added to the clock: keep it far from the edges.
        if !(EARLIEST..=LATEST).contains(&timeline::whole_seconds(at)) {
            return Err((
                StatusCode::BAD_REQUEST,
                "Set the clock between the years 1970 and 9000.",
            ));
        }
        sim.clock.set(at);
    }
    if let Some(secs) = change.advance_secs {
        let by = timeline::from_seconds(secs).unwrap_or(TimeDelta::MAX);
        let lands = timeline::saturating_add(sim.clock.now(), by);
        if !(EARLIEST..=LATEST).contains(&timeline::whole_seconds(lands)) {
            return Err((
                StatusCode::BAD_REQUEST,
                "That would move the clock outside the years 1970 to 9000.",
            ));
        }
        sim.clock.advance(by);
    }
    if let Some(speed) = change.speed {
        if !(0.0..=MAX_SPEED).contains(&speed) {
            return Err((
                StatusCode::BAD_REQUEST,
                "Run the clock between 0 and 1,000,000 times real time.",
            ));
        }
        sim.clock.set_speed(speed);
    }
    match change.freeze {
        Some(true) => sim.clock.freeze(),
        Some(false) => sim.clock.resume(),
        None => {}
    }
    Ok(Json(sim.clock.reading()))
}

pub(crate) async fn faults(State(sim): State<Arc<Sim>>) -> Json<FaultPlan> {
    Json(sim.faults().plan.clone())
}

pub(crate) async fn set_faults(
    State(sim): State<Arc<Sim>>,
    Json(plan): Json<FaultPlan>,
) -> Json<FaultPlan> {
    sim.faults().plan = plan.clone();
    Json(plan)
}

pub(crate) async fn clear_faults(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.faults().plan = FaultPlan::default();
    StatusCode::NO_CONTENT
}

/// `{"enabled": false}` turns the limit off; otherwise the fields replace the current limit.
#[derive(Debug, Deserialize)]
pub(crate) struct RateLimitChange {
    enabled: bool,
    #[serde(flatten)]
    limit: Option<RateLimit>,
}

pub(crate) async fn set_rate_limit(
    State(sim): State<Arc<Sim>>,
    Json(change): Json<RateLimitChange>,
) -> Response {
    let limit = change.enabled.then(|| change.limit.unwrap_or_default());
    sim.rate().set_limit(limit);
    Json(json!({ "limit": limit })).into_response()
}

pub(crate) async fn revoke_tokens(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.auth().revoke_all();
    StatusCode::NO_CONTENT
}

pub(crate) async fn reset(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.reset();
    StatusCode::NO_CONTENT
}

/// Why a `/_sim/` control sent through the handle did not go through.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ControlError {
    /// The simulator answered an error, as it would over HTTP: 400 for a clock setting out of
    /// range, 404 for an unknown control, 422 for a body that does not fit it.
    #[error("{path} answered {status}: {message}")]
    Refused {
        /// The control's path, such as `/_sim/clock`.
        path: String,
        status: u16,
        /// The answer's text, such as `Set the clock between the years 1970 and 9000.`
        message: String,
    },
    /// The request could not be made (a control name that is no path) or its answer not read.
    #[error("{path}: {detail}")]
    Failed {
        /// The control's path, such as `/_sim/clock`.
        path: String,
        detail: String,
    },
}

/// Sends `method path` with `body` as JSON through `routes`, in process, and answers the JSON
/// the control answers, or `null` when it answers none (a 204).
pub(crate) async fn send(
    routes: &Router,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Result<Value, ControlError> {
    let failed = |detail: String| ControlError::Failed {
        path: path.to_owned(),
        detail,
    };
    let body = body.map_or_else(Body::empty, |body| Body::from(body.to_string()));
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body)
        .map_err(|e| failed(e.to_string()))?;
    let Ok(response) = routes.clone().oneshot(request).await;
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map_err(|e| failed(format!("the answer could not be read: {e}")))?;
    if !status.is_success() {
        return Err(ControlError::Refused {
            path: path.to_owned(),
            status: status.as_u16(),
            message: String::from_utf8_lossy(&bytes).into_owned(),
        });
    }
    Ok(serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}
