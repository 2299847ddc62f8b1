use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Attachment, WireAttachment};
use crate::wire::{Decimal, Flag, Id, Int, Maybe, Text, When};

/// Something done on a ticket: a note, an email, a call, a visit or a time entry. Which one is
/// its outcome, named per instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    pub id: i32,
    pub ticket_id: i32,
    pub outcome: String,
    pub outcome_id: Option<i32>,
    /// Who wrote it: an agent's or an end user's name.
    pub who: String,
    pub who_agent_id: Option<i32>,
    #[serde(default, with = "crate::timestamp::optional")]
    #[ts(type = "string | null")]
    pub at: Option<DateTime<Utc>>,
    /// Plain text. Untrusted when it came from an email.
    pub note: String,
    /// With `includehtmlnote`. Untrusted: sanitise before rendering.
    pub note_html: Option<String>,
    pub hidden_from_user: bool,
    pub time_taken_hours: f64,
    pub non_billable_hours: f64,
    pub travel_hours: f64,
    pub billable: bool,
    pub important: bool,
    pub new_status_id: Option<i32>,
    pub new_status_name: String,
    pub email_to: String,
    pub email_subject: String,
    /// With `includeattachments`.
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WireAction {
    id: Int,
    ticket_id: Int,
    outcome: Text,
    outcome_id: Id,
    who: Text,
    who_agentid: Id,
    datetime: When,
    note: Text,
    note_html: Option<Text>,
    hiddenfromuser: Flag,
    timetaken: Decimal,
    nonbilltime: Decimal,
    traveltime: Decimal,
    actisbillable: Flag,
    important: Flag,
    new_status: Id,
    new_status_name: Text,
    emailto: Text,
    emailsubject: Text,
    attachments: Maybe<Vec<WireAttachment>>,
}

impl From<WireAction> for Action {
    fn from(w: WireAction) -> Self {
        Self {
            id: w.id.0,
            ticket_id: w.ticket_id.0,
            outcome: w.outcome.0,
            outcome_id: w.outcome_id.0,
            who: w.who.0,
            who_agent_id: w.who_agentid.0,
            at: w.datetime.0,
            note: w.note.0,
            note_html: w.note_html.map(|t| t.0),
            hidden_from_user: w.hiddenfromuser.0,
            time_taken_hours: w.timetaken.or_zero(),
            non_billable_hours: w.nonbilltime.or_zero(),
            travel_hours: w.traveltime.or_zero(),
            billable: w.actisbillable.0,
            important: w.important.0,
            new_status_id: w.new_status.0,
            new_status_name: w.new_status_name.0,
            email_to: w.emailto.0,
            email_subject: w.emailsubject.0,
            attachments: w
                .attachments
                .0
                .unwrap_or_default()
                .into_iter()
                .map(Attachment::from)
                .collect(),
        }
    }
}
