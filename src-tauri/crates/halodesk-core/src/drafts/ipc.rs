//! Drafts of what the technician types, and the timers that run per ticket.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Saves what is typed in a form. The body is the form's own JSON; Halodesk keeps it as is.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftSaveRequest {
    /// The form and its ticket, e.g. `note:123` or `new-ticket`.
    pub key: String,
    pub body: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftGetRequest {
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    pub key: String,
    pub body: String,
    pub saved_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftFound {
    pub draft: Option<Draft>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftClearRequest {
    pub key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TimerOp {
    Start,
    Pause,
    Reset,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimerRequest {
    pub ticket_id: i32,
    pub op: TimerOp,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct TimerListRequest {}

/// A ticket's timer. The UI counts on from `runningSince`; the elapsed time is as of reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimerView {
    pub ticket_id: i32,
    #[ts(type = "number")]
    pub elapsed_ms: i64,
    pub running_since: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimerList {
    pub timers: Vec<TimerView>,
}
