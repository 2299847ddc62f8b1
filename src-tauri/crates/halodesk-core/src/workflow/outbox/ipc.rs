//! The outbox as the window sees it: each write and where it stands.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a write stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum OutboxState {
    /// Stored, not yet tried.
    Queued,
    /// Being sent now.
    Sending,
    /// Failed for a reason that passes (offline, 429, a server error): tried again later.
    Retrying,
    /// The answer was lost after sending: HaloPSA may have done it. Checked before any resend.
    Unknown,
    /// HaloPSA refused it (validation, permission): waits for the technician.
    Rejected,
    Delivered,
}

/// One write in the outbox, as the outbox panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutboxItem {
    pub id: i32,
    /// The ticket written to; for a new ticket, the one created once delivered.
    pub ticket_id: Option<i32>,
    /// "Internal note", "New ticket", "Escalation", ...
    pub label: String,
    /// The start of what was typed.
    pub excerpt: String,
    pub state: OutboxState,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct OutboxListRequest {}

/// Writes not yet delivered, and those delivered in the last few minutes, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutboxList {
    /// The connection it belongs to: a window on another one ignores it.
    pub profile_id: i32,
    pub items: Vec<OutboxItem>,
    /// How many are not delivered yet.
    pub pending: u32,
}

/// Sends a waiting or refused write again now.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutboxRetryRequest {
    pub id: i32,
}

/// Drops a write that was not delivered. Its text comes back as the draft it was typed in.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutboxDiscardRequest {
    pub id: i32,
}
