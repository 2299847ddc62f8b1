use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::queue::ipc::QueueRow;

/// Opens a ticket: its fields, sanitized details, timeline and attachments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketOpenRequest {
    pub ticket_id: i32,
}

/// Everything the ticket view shows. HTML fields are already sanitized in Rust.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketView {
    /// The header fields, as the queue shows them (and the queue's row is refreshed with it).
    pub row: QueueRow,
    pub site_name: String,
    pub user_name: String,
    pub user_email: String,
    pub categories: Vec<String>,
    pub opened_at: Option<DateTime<Utc>>,
    pub respond_by: Option<DateTime<Utc>>,
    pub fix_by: Option<DateTime<Utc>>,
    pub time_taken_hours: f64,
    /// The details as safe HTML: an allowlist of tags, no scripts, styles or event handlers.
    pub details_html: String,
    /// Oldest first.
    pub timeline: Vec<TimelineEntry>,
    pub attachments: Vec<AttachmentRow>,
}

/// What kind of entry the timeline shows, from the action's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TimelineKind {
    Note,
    Email,
    PhoneCall,
    SiteVisit,
    TimeEntry,
    StatusChange,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    pub id: i32,
    pub kind: TimelineKind,
    /// The instance's own name for the outcome, e.g. "Private Note".
    pub outcome: String,
    pub who: String,
    pub at: Option<DateTime<Utc>>,
    /// The note as safe HTML.
    pub note_html: String,
    /// Hidden from the end user: an internal note.
    pub internal: bool,
    pub hours: f64,
    pub billable: bool,
    /// The status the ticket moved to with this action, if any.
    pub new_status: Option<String>,
    pub email_to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentRow {
    pub id: i32,
    /// The name as sent, with nothing invisible left in it: its extension is the real one.
    pub filename: String,
    /// Why Halodesk will not open it (it runs code), for the Open button to say; it can still
    /// be saved.
    pub open_refused: Option<String>,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub created_at: Option<DateTime<Utc>>,
    pub is_image: bool,
}

/// What to do with an attachment: open it in its default app, or save it to the download
/// folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AttachmentAction {
    Open,
    Save,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentRequest {
    pub attachment_id: i32,
    /// The name the list showed.
    pub filename: String,
    pub action: AttachmentAction,
}

/// The folder saved attachments go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DownloadFolder {
    pub path: String,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct DownloadFolderRequest {}

/// Asks the technician for a new download folder in the system's folder dialog.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct DownloadFolderChooseRequest {}

/// Where the attachment was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentSaved {
    pub path: String,
}

/// Opens a link from a ticket in the system browser, after the technician confirmed it.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenLinkRequest {
    pub url: String,
}
