use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a ticket stands against its SLA, as the badge in the queue shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SlaBadgeState {
    /// No SLA applies (none set, or the ticket is excluded).
    None,
    /// The clock has not started yet.
    NotStarted,
    OnTrack,
    /// Less time left than the warning threshold.
    AtRisk,
    Breached,
    /// On hold: the clock is stopped.
    Paused,
    /// Closed within its target.
    Met,
}

/// Which target the badge measures: the first response, or the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SlaTargetKind {
    Response,
    Resolution,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SlaBadge {
    pub state: SlaBadgeState,
    pub target: Option<SlaTargetKind>,
    /// When the measured target falls due; the UI counts the time left down from it.
    pub due_at: Option<DateTime<Utc>>,
}

/// One ticket as the queue lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueRow {
    pub id: i32,
    pub summary: String,
    pub client_id: Option<i32>,
    pub client_name: String,
    pub status_id: Option<i32>,
    pub status_name: String,
    pub priority_id: Option<i32>,
    pub priority_name: String,
    pub agent_id: Option<i32>,
    pub agent_name: String,
    pub team_name: String,
    pub ticket_type_name: String,
    pub sla: SlaBadge,
    /// Whether the ticket's status is a closing one (Resolved, Closed, ...).
    pub closed: bool,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A status as the instance defines it, with the colour Halo shows it in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct StatusChoice {
    pub id: i32,
    pub name: String,
    /// A CSS colour such as `#16a34a`, or empty when the instance sets none.
    pub colour: String,
    pub closed: bool,
}

/// A value a filter can choose: a priority, client, team or agent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct Choice {
    pub id: i32,
    pub name: String,
    /// A CSS colour where the instance gives one (priorities), else empty.
    pub colour: String,
}

/// The instance's picklists the queue needs to draw and filter tickets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct QueueLookups {
    pub statuses: Vec<StatusChoice>,
    pub priorities: Vec<Choice>,
    pub teams: Vec<Choice>,
    pub agents: Vec<Choice>,
}

/// What a saved filter keeps; empty lists mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueFilter {
    pub status_ids: Vec<i32>,
    pub priority_ids: Vec<i32>,
    pub client_ids: Vec<i32>,
    pub team_names: Vec<String>,
    pub agent_ids: Vec<i32>,
    pub search: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedFilter {
    pub id: i32,
    pub name: String,
    pub filter: QueueFilter,
}

/// Reads the queue from the local cache, without going online.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct QueueSnapshotRequest {}

/// The cached queue: shown at once, then brought up to date by `queue_refresh`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueSnapshot {
    pub rows: Vec<QueueRow>,
    pub lookups: QueueLookups,
    pub saved_filters: Vec<SavedFilter>,
    /// When the cache last heard from the instance; `null` before the first sync.
    pub synced_at: Option<DateTime<Utc>>,
}

/// Asks the instance what changed since the last sync (`lastupdatefromdate`); `full` reloads
/// every open ticket instead.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct QueueRefreshRequest {
    #[serde(default)]
    pub full: bool,
}

/// What changed: rows to add or replace, and tickets gone from the instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueDelta {
    pub changed: Vec<QueueRow>,
    pub removed_ids: Vec<i32>,
    /// Set when the lookups were reloaded, so the UI redraws statuses and filters.
    pub lookups: Option<QueueLookups>,
    /// Whether this replaced the whole queue (a full sync): rows not in `changed` are gone.
    pub full: bool,
    pub synced_at: Option<DateTime<Utc>>,
}

/// Saves the current filters under a name in the sidebar.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveFilterRequest {
    pub name: String,
    pub filter: QueueFilter,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeleteFilterRequest {
    pub filter_id: i32,
}

/// The saved filters after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedFilters {
    pub filters: Vec<SavedFilter>,
}
