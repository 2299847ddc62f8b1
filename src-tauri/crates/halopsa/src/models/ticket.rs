use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Policy, WirePolicy};
use crate::wire::{Decimal, Flag, Id, Int, Maybe, Text, When};

/// A ticket as the technician sees it. Names come joined (client, status, agent...), so a list
/// needs no further lookups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    pub id: i32,
    pub summary: String,
    /// Plain details; present when asked for (`includedetails`). Untrusted: it often comes
    /// from an email.
    pub details: Option<String>,
    /// The HTML form of the details. Untrusted: sanitise before rendering.
    pub details_html: Option<String>,
    pub client_id: Option<i32>,
    pub client_name: String,
    pub site_id: Option<i32>,
    pub site_name: String,
    pub user_id: Option<i32>,
    pub user_name: String,
    pub user_email: String,
    pub status_id: Option<i32>,
    pub status_name: String,
    pub priority_id: Option<i32>,
    /// The SLA policy of the ticket's priority; a single-ticket GET embeds it.
    pub priority: Option<Policy>,
    pub ticket_type_id: Option<i32>,
    pub ticket_type_name: String,
    pub sla_id: Option<i32>,
    pub sla_name: String,
    pub agent_id: Option<i32>,
    pub agent_name: String,
    pub team_name: String,
    /// `Hardware>Printer`-style categories, the empty ones left out.
    pub categories: Vec<String>,
    pub reported_by: String,
    #[serde(default, with = "crate::timestamp::optional")]
    #[ts(type = "string | null")]
    pub opened_at: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::timestamp::optional")]
    #[ts(type = "string | null")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::timestamp::optional")]
    #[ts(type = "string | null")]
    pub respond_by: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::timestamp::optional")]
    #[ts(type = "string | null")]
    pub responded_at: Option<DateTime<Utc>>,
    /// The SLA's fix target.
    #[serde(default, with = "crate::timestamp::optional")]
    #[ts(type = "string | null")]
    pub fix_by: Option<DateTime<Utc>>,
    /// A deadline set on the ticket itself, apart from the SLA.
    #[serde(default, with = "crate::timestamp::optional")]
    #[ts(type = "string | null")]
    pub deadline: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::timestamp::optional")]
    #[ts(type = "string | null")]
    pub closed_at: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::timestamp::optional")]
    #[ts(type = "string | null")]
    pub last_action_at: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::timestamp::optional")]
    #[ts(type = "string | null")]
    pub updated_at: Option<DateTime<Utc>>,
    /// The SLA clock is paused (a status that holds it).
    pub on_hold: bool,
    pub excluded_from_sla: bool,
    pub response_sla: Option<SlaState>,
    pub fix_sla: Option<SlaState>,
    pub sla_hold_hours: f64,
    /// With `includeslatimer`: hours left to the fix target, negative once breached.
    pub sla_time_left_hours: Option<f64>,
    pub sla_percent_used: Option<f64>,
    pub time_taken_hours: f64,
    pub attachment_count: u32,
    pub contract_id: Option<i32>,
    /// With `includelastaction`: the note of the latest action.
    pub last_action_note: Option<String>,
}

/// Whether a measured SLA target is still being met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SlaState {
    /// `"I"`: inside the target.
    Inside,
    /// `"O"`: outside it, breached.
    Outside,
}

impl SlaState {
    fn from_wire(text: &str) -> Option<Self> {
        match text.trim() {
            "I" | "i" => Some(Self::Inside),
            "O" | "o" => Some(Self::Outside),
            _ => None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WireTicket {
    id: Int,
    summary: Text,
    details: Option<Text>,
    details_html: Option<Text>,
    client_id: Id,
    client_name: Text,
    site_id: Id,
    site_name: Text,
    user_id: Id,
    user_name: Text,
    user_email: Text,
    status_id: Id,
    status_name: Text,
    priority_id: Id,
    priority: Maybe<WirePolicy>,
    tickettype_id: Id,
    tickettype_name: Text,
    sla_id: Id,
    sla_name: Text,
    agent_id: Id,
    agent_name: Text,
    team: Text,
    category_1: Text,
    category_2: Text,
    category_3: Text,
    category_4: Text,
    reportedby: Text,
    dateoccurred: When,
    datecreated: When,
    respondbydate: When,
    responsedate: When,
    fixbydate: When,
    deadlinedate: When,
    dateclosed: When,
    lastactiondate: When,
    last_update: When,
    onhold: Flag,
    excludefromsla: Flag,
    slaresponsestate: Text,
    slastate: Text,
    slaholdtime: Decimal,
    slatimeleft: Decimal,
    slapercused: Decimal,
    timetaken: Decimal,
    attachment_count: Int,
    contract_id: Id,
    last_action_note: Option<Text>,
}

impl From<WireTicket> for Ticket {
    fn from(w: WireTicket) -> Self {
        let categories = [w.category_1, w.category_2, w.category_3, w.category_4]
            .into_iter()
            .map(|c| c.0)
            .filter(|c| !c.trim().is_empty())
            .collect();
        Self {
            id: w.id.0,
            summary: w.summary.0,
            details: w.details.map(|t| t.0),
            details_html: w.details_html.map(|t| t.0),
            client_id: w.client_id.0,
            client_name: w.client_name.0,
            site_id: w.site_id.0,
            site_name: w.site_name.0,
            user_id: w.user_id.0,
            user_name: w.user_name.0,
            user_email: w.user_email.0,
            status_id: w.status_id.0,
            status_name: w.status_name.0,
            priority_id: w.priority_id.0,
            priority: w.priority.0.map(Policy::from),
            ticket_type_id: w.tickettype_id.0,
            ticket_type_name: w.tickettype_name.0,
            sla_id: w.sla_id.0,
            sla_name: w.sla_name.0,
            agent_id: w.agent_id.0,
            agent_name: w.agent_name.0,
            team_name: w.team.0,
            categories,
            reported_by: w.reportedby.0,
            opened_at: w.dateoccurred.0,
            created_at: w.datecreated.0,
            respond_by: w.respondbydate.0,
            responded_at: w.responsedate.0,
            fix_by: w.fixbydate.0,
            deadline: w.deadlinedate.0,
            closed_at: w.dateclosed.0,
            last_action_at: w.lastactiondate.0,
            updated_at: w.last_update.0,
            on_hold: w.onhold.0,
            excluded_from_sla: w.excludefromsla.0,
            response_sla: SlaState::from_wire(&w.slaresponsestate.0),
            fix_sla: SlaState::from_wire(&w.slastate.0),
            sla_hold_hours: w.slaholdtime.or_zero(),
            sla_time_left_hours: w.slatimeleft.0,
            sla_percent_used: w.slapercused.0,
            time_taken_hours: w.timetaken.or_zero(),
            attachment_count: u32::try_from(w.attachment_count.0).unwrap_or_default(),
            contract_id: w.contract_id.0,
            last_action_note: w.last_action_note.map(|t| t.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_shaped_ticket_reads_whole() {
        let json = r#"{"id":1042,"summary":"Printer offline","client_id":12,"client_name":"Acme",
            "site_id":0,"agent_id":-1,"status_id":2,"status_name":"In Progress","team":"Service Desk",
            "category_1":"Hardware>Printer","category_2":"","dateoccurred":"2026-03-02T09:00:00",
            "fixbydate":"1900-01-01T00:00:00","deadlinedate":"2026-03-02T13:00:00Z",
            "dateclosed":"0001-01-01T00:00:00","slastate":"O","slaresponsestate":"","onhold":false,
            "slatimeleft":-1.5,"timetaken":"0.25","attachment_count":2,"something_new":{"x":1},
            "priority":{"slaid":1,"priorityid":2,"name":"High","responsetime":1,"responseunits":"H","fixtime":4,"fixunits":"H"}}"#;
        let t: Ticket = serde_json::from_str::<WireTicket>(json).unwrap().into();
        assert_eq!(t.id, 1042);
        assert_eq!(t.site_id, None);
        assert_eq!(t.agent_id, None);
        assert_eq!(t.categories, vec!["Hardware>Printer".to_owned()]);
        assert_eq!(t.team_name, "Service Desk");
        assert_eq!(t.fix_by, None, "a sentinel date is no date");
        assert!(t.deadline.is_some());
        assert_eq!(t.closed_at, None);
        assert_eq!(t.fix_sla, Some(SlaState::Outside));
        assert_eq!(t.response_sla, None);
        assert_eq!(t.time_taken_hours, 0.25);
        assert_eq!(t.priority.unwrap().name, "High");
        assert_eq!(t.details, None);
    }
}
