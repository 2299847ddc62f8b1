use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::wire::{Decimal, Flag, Id, Int, Text, When};

/// A file on a ticket or one of its actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub id: i32,
    pub ticket_id: Option<i32>,
    pub action_id: Option<i32>,
    pub filename: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    #[serde(default, with = "crate::timestamp::optional")]
    #[ts(type = "string | null")]
    pub created_at: Option<DateTime<Utc>>,
    pub note: String,
    pub description: String,
    pub unique_id: String,
    pub is_image: bool,
    pub show_for_users: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WireAttachment {
    id: Int,
    ticket_id: Id,
    action_id: Id,
    filename: Text,
    filesize: Decimal,
    datecreated: When,
    note: Text,
    desc: Text,
    unique_id: Text,
    isimage: Flag,
    showforusers: Flag,
}

impl From<WireAttachment> for Attachment {
    fn from(w: WireAttachment) -> Self {
        Self {
            id: w.id.0,
            ticket_id: w.ticket_id.0,
            action_id: w.action_id.0,
            filename: w.filename.0,
            // Saturating: a negative or absurd size reads as 0 or the largest size.
            size_bytes: w.filesize.or_zero().max(0.0) as u64,
            created_at: w.datecreated.0,
            note: w.note.0,
            description: w.desc.0,
            unique_id: w.unique_id.0,
            is_image: w.isimage.0,
            show_for_users: w.showforusers.0,
        }
    }
}
