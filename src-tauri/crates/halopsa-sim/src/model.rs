//! The records a simulated instance holds. Lookups are stored in their wire shape; tickets,
//! actions and attachments keep what the instance knows and are rendered per request
//! (`render.rs`), because names, SLA states and timers depend on the rest of the data and on
//! the clock.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

/// What a status does to the SLA clock (`slaaction` on the wire).
pub(crate) const SLA_RUNS: &str = "N";
pub(crate) const SLA_HOLDS: &str = "H";

/// Status `type` values on this instance: open statuses count for `open_only`, closed ones
/// (resolved, closed, cancelled) stop the SLA and count for `closed_only`.
pub(crate) const STATUS_OPEN: i32 = 0;
pub(crate) const STATUS_CLOSED: i32 = 1;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Status {
    pub id: i32,
    pub name: String,
    pub shortname: String,
    #[serde(rename = "type")]
    pub kind: i32,
    pub sequence: i32,
    pub colour: String,
    pub slaaction: String,
}

impl Status {
    pub(crate) fn is_closed(&self) -> bool {
        self.kind == STATUS_CLOSED
    }

    pub(crate) fn holds_sla(&self) -> bool {
        self.slaaction == SLA_HOLDS
    }
}

/// A priority within an SLA: the targets for response and fix.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Policy {
    pub id: String,
    pub slaid: i32,
    pub priorityid: i32,
    pub name: String,
    pub colour: String,
    pub responsetime: f64,
    pub responseunits: String,
    pub fixtime: f64,
    pub fixunits: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Sla {
    pub id: i32,
    pub name: String,
    pub trackslaresponsetime: bool,
    pub trackslafixbytime: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TicketType {
    pub id: i32,
    pub name: String,
    pub sequence: i32,
    pub agentscanselect: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Agent {
    pub id: i32,
    pub name: String,
    pub firstname: String,
    pub surname: String,
    pub initials: String,
    pub email: String,
    pub team: String,
    pub isdisabled: bool,
    pub is_agent: bool,
    #[serde(skip)]
    pub team_id: i32,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Team {
    pub id: i32,
    pub name: String,
    pub inactive: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Client {
    pub id: i32,
    pub name: String,
    pub inactive: bool,
    /// The SLA new tickets for this client fall under.
    #[serde(skip)]
    pub sla_id: i32,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Site {
    pub id: i32,
    pub name: String,
    pub client_id: i32,
    pub client_name: String,
    pub inactive: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct User {
    pub id: i32,
    pub name: String,
    pub firstname: String,
    pub surname: String,
    pub emailaddress: String,
    pub site_id: i32,
    pub site_name: String,
    pub client_id: i32,
    pub client_name: String,
    pub inactive: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Outcome {
    pub id: i32,
    pub outcome: String,
    pub buttonname: String,
    pub sequence: i32,
    pub hidden: bool,
    /// Some instances ignore `new_status` for some outcomes; this one reproduces that quirk.
    #[serde(skip)]
    pub applies_new_status: bool,
}

/// A ticket as the instance stores it. IDs of 0 mean "none", as on the wire.
#[derive(Debug, Clone)]
pub(crate) struct Ticket {
    pub id: i32,
    pub summary: String,
    pub details: String,
    pub client_id: i32,
    pub site_id: i32,
    pub user_id: i32,
    pub status_id: i32,
    pub priority_id: i32,
    pub tickettype_id: i32,
    pub sla_id: i32,
    pub agent_id: i32,
    pub team_id: i32,
    pub categories: [String; 4],
    pub reportedby: String,
    pub dateoccurred: DateTime<Utc>,
    pub datecreated: DateTime<Utc>,
    pub respondbydate: Option<DateTime<Utc>>,
    pub responsedate: Option<DateTime<Utc>>,
    pub fixbydate: Option<DateTime<Utc>>,
    pub dateclosed: Option<DateTime<Utc>>,
    pub lastactiondate: DateTime<Utc>,
    pub last_update: DateTime<Utc>,
    /// When the current SLA hold began; `onhold` on the wire.
    pub hold_started: Option<DateTime<Utc>>,
    /// Hours spent on hold so far, already added to the deadlines.
    pub slaholdtime: f64,
    pub excludefromsla: bool,
    pub timetaken: f64,
    pub contract_id: i32,
}

impl Ticket {
    /// A ticket as logged at `at`: New, Medium, an incident, nobody assigned, no deadlines yet.
    pub(crate) fn opened(id: i32, client_id: i32, sla_id: i32, at: DateTime<Utc>) -> Self {
        Self {
            id,
            summary: String::new(),
            details: String::new(),
            client_id,
            site_id: 0,
            user_id: 0,
            status_id: crate::seed::STATUS_NEW,
            priority_id: crate::seed::DEFAULT_PRIORITY,
            tickettype_id: crate::seed::DEFAULT_TICKET_TYPE,
            sla_id,
            agent_id: 0,
            team_id: 0,
            categories: Default::default(),
            reportedby: String::new(),
            dateoccurred: at,
            datecreated: at,
            respondbydate: None,
            responsedate: None,
            fixbydate: None,
            dateclosed: None,
            lastactiondate: at,
            last_update: at,
            hold_started: None,
            slaholdtime: 0.0,
            excludefromsla: false,
            timetaken: 0.0,
            contract_id: 0,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Action {
    pub ticket_id: i32,
    /// Action IDs count up per ticket, as on real instances.
    pub id: i32,
    pub outcome_id: i32,
    pub outcome: String,
    pub note: String,
    pub hiddenfromuser: bool,
    pub timetaken: f64,
    pub nonbilltime: f64,
    pub traveltime: f64,
    pub chargerate: i32,
    pub actisbillable: bool,
    pub important: bool,
    pub new_status: i32,
    pub who_agentid: i32,
    /// Written by the system (status changes, automations), not by a person.
    pub system: bool,
    pub from_user: bool,
    pub emailto: String,
    pub emailsubject: String,
    pub datetime: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub(crate) struct Attachment {
    pub id: i32,
    pub ticket_id: i32,
    pub action_id: i32,
    pub filename: String,
    pub note: String,
    pub isimage: bool,
    pub showforusers: bool,
    pub unique_id: String,
    pub datecreated: DateTime<Utc>,
    pub data: axum::body::Bytes,
}

/// Everything an instance is configured with, keyed for lookups.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalog {
    pub statuses: BTreeMap<i32, Status>,
    pub slas: BTreeMap<i32, Sla>,
    /// Keyed by (slaid, priorityid).
    pub policies: BTreeMap<(i32, i32), Policy>,
    pub ticket_types: BTreeMap<i32, TicketType>,
    pub agents: BTreeMap<i32, Agent>,
    pub teams: BTreeMap<i32, Team>,
    pub clients: BTreeMap<i32, Client>,
    pub sites: BTreeMap<i32, Site>,
    pub users: BTreeMap<i32, User>,
    pub outcomes: BTreeMap<i32, Outcome>,
}

impl Catalog {
    /// The end user's name on a ticket, for actions the user wrote.
    pub(crate) fn tickets_user<'a>(
        &'a self,
        store: &'a crate::state::Store,
        ticket_id: i32,
    ) -> &'a str {
        store
            .tickets
            .get(ticket_id)
            .and_then(|t| self.users.get(&t.user_id))
            .map_or("", |u| u.name.as_str())
    }
}
