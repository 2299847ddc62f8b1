//! The SLA watch: what it watches, when it stays quiet, and what it counts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which tickets the watch follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum WatchScope {
    /// Assigned to the technician.
    Mine,
    /// Assigned to the technician's team (their own tickets included).
    MyTeams,
    /// The tickets a saved filter shows.
    SavedFilter { id: i32 },
}

/// A daily span, in the computer's local time, when no notification is shown. It may cross
/// midnight (22:00 to 07:00).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuietHours {
    /// `HH:MM`, 24-hour.
    pub start: String,
    pub end: String,
}

/// The technician's choices for the watch, per profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WatchSettings {
    pub enabled: bool,
    pub scope: WatchScope,
    /// At risk when less than this is left.
    pub at_risk_minutes: u32,
    /// Also at risk once this share (percent) of the target's time is used; `None` for off.
    pub at_risk_percent: Option<u32>,
    pub quiet_hours: Option<QuietHours>,
    /// Tickets of these priorities never notify.
    pub muted_priority_ids: Vec<i32>,
    /// Closing the window keeps the watch running in the tray.
    pub close_to_tray: bool,
}

impl Default for WatchSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            scope: WatchScope::Mine,
            at_risk_minutes: 60,
            at_risk_percent: None,
            quiet_hours: None,
            muted_priority_ids: Vec::new(),
            close_to_tray: false,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct WatchSettingsRequest {}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WatchSettingsSaveRequest {
    pub settings: WatchSettings,
}

/// Silences one ticket for a while; `minutes: 0` ends a snooze.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnoozeRequest {
    pub ticket_id: i32,
    pub minutes: u32,
}

/// Pauses every notification for a while (`minutes`), or resumes them (`None`).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PauseNotificationsRequest {
    pub minutes: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct WatchStatusRequest {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Snooze {
    pub ticket_id: i32,
    pub until: DateTime<Utc>,
}

/// What the tray and the status bar show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WatchStatus {
    pub watched: u32,
    pub at_risk: u32,
    pub breached: u32,
    pub paused_until: Option<DateTime<Utc>>,
    pub snoozed: Vec<Snooze>,
    /// When the deadlines were last checked.
    pub checked_at: Option<DateTime<Utc>>,
}

/// Sent to the window when a notification is clicked: show this ticket (and, for the
/// notification's Escalate button, its escalation form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenTicketEvent {
    pub ticket_id: i32,
    pub escalate: bool,
}
