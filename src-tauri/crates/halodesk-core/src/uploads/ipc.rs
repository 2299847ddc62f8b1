//! Uploads: files dropped, pasted or picked onto a ticket, queued in SQLite and streamed to
//! HaloPSA with their progress.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where an upload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum UploadState {
    /// Waiting for a free slot, or for HaloPSA to be reachable again.
    Queued,
    /// Going out now.
    Sending,
    /// Interrupted (a lost answer, or the app stopped mid-send): looked for on the ticket
    /// before it is sent again.
    Checking,
    /// On the ticket.
    Done,
    /// Stopped with an error the technician has to look at; Retry sends it again.
    Failed,
    /// Stopped by the technician.
    Cancelled,
}

impl UploadState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Checking => "checking",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "queued" => Self::Queued,
            "sending" => Self::Sending,
            "checking" => Self::Checking,
            "done" => Self::Done,
            "failed" => Self::Failed,
            "cancelled" => Self::Cancelled,
            _ => return None,
        })
    }

    /// Whether the upload still has work ahead of it.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Queued | Self::Sending | Self::Checking)
    }
}

/// One file of the upload queue, as the ticket's attachment panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadItem {
    pub id: i32,
    /// The connection it belongs to: a window on another one ignores it.
    pub profile_id: i32,
    pub ticket_id: i32,
    pub filename: String,
    /// The file's size when it was queued; 0 when it could not be read.
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// Bytes of this attempt handed to the connection so far.
    #[ts(type = "number")]
    pub sent_bytes: u64,
    /// Over this attempt so far; 0 before the first bytes go out.
    #[ts(type = "number")]
    pub bytes_per_second: u64,
    pub state: UploadState,
    /// What went wrong, or why it waits, in words for the technician.
    pub error: Option<String>,
    pub note: String,
    pub visible_to_user: bool,
    pub is_image: bool,
    /// The attachment it became, once done.
    pub attachment_id: Option<i32>,
    /// Rises with every change of the row: of two copies (an event and a command's answer
    /// may arrive in either order), the higher is the newer; at the same revision, the one
    /// with more bytes sent.
    pub revision: u32,
}

/// How an upload is sent: the optional note, and whether the end user sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadOptions {
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub visible_to_user: bool,
}

/// Attaches the files of a drop the shell reported: the paths never come from the page.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadDropRequest {
    pub drop_id: i32,
    pub ticket_id: i32,
    #[serde(default)]
    pub options: UploadOptions,
}

/// Attaches the image on the clipboard, as a PNG.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadPasteRequest {
    pub ticket_id: i32,
    #[serde(default)]
    pub options: UploadOptions,
}

/// Attaches files chosen in the system's file dialog.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadPickRequest {
    pub ticket_id: i32,
    #[serde(default)]
    pub options: UploadOptions,
}

/// The uploads of one ticket, or of every ticket.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadListRequest {
    #[serde(default)]
    pub ticket_id: Option<i32>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadCancelRequest {
    pub id: i32,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadRetryRequest {
    pub id: i32,
}

/// Removes finished, failed and cancelled uploads from the list.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadClearRequest {
    pub ticket_id: i32,
}

/// Uploads still in the queue, and those finished since the list was last cleared, oldest
/// first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadList {
    pub items: Vec<UploadItem>,
}

/// What the shell tells the page while files are dragged over the window. Coordinates are
/// logical (CSS) pixels from the window's top left, ready for `elementFromPoint`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "kind"
)]
pub enum FileDropEvent {
    /// Files entered the window, or moved over it.
    Hover { x: f64, y: f64, count: u32 },
    /// They left without being dropped.
    Leave,
    /// Dropped: `upload_drop` with this `drop_id` attaches them to the ticket under the point.
    Drop {
        drop_id: i32,
        x: f64,
        y: f64,
        count: u32,
    },
}
