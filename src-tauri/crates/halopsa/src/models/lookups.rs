//! The instance's configuration a technician picks from: statuses, SLAs, ticket types, agents,
//! teams, clients, sites, users and outcomes. IDs are per instance; read them, never assume.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Policy, WirePolicy};
use crate::wire::{Flag, Id, Int, Maybe, Text};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub id: i32,
    pub name: String,
    pub short_name: String,
    /// Halo's status type; on most instances 0 is open and 1 is closed.
    pub kind: i32,
    pub sequence: i32,
    pub colour: String,
    /// The status holds the SLA clock (`slaaction` "H").
    pub pauses_sla: bool,
}

impl Status {
    /// Whether a ticket in this status is finished (Resolved, Closed, ...): status type 1.
    pub fn is_closed(&self) -> bool {
        self.kind == 1
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WireStatus {
    id: Int,
    name: Text,
    shortname: Text,
    #[serde(rename = "type")]
    kind: Int,
    sequence: Int,
    colour: Text,
    slaaction: Text,
}

impl From<WireStatus> for Status {
    fn from(w: WireStatus) -> Self {
        Self {
            id: w.id.0,
            name: w.name.0,
            short_name: w.shortname.0,
            kind: w.kind.0,
            sequence: w.sequence.0,
            colour: w.colour.0,
            pauses_sla: w.slaaction.0.trim().eq_ignore_ascii_case("H"),
        }
    }
}

/// A service level agreement, with its priorities when asked for (`showpriorities`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Sla {
    pub id: i32,
    pub name: String,
    pub policies: Vec<Policy>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WireSla {
    id: Int,
    name: Text,
    priorities: Maybe<Vec<WirePolicy>>,
}

impl From<WireSla> for Sla {
    fn from(w: WireSla) -> Self {
        Self {
            id: w.id.0,
            name: w.name.0,
            policies: w
                .priorities
                .0
                .unwrap_or_default()
                .into_iter()
                .map(Policy::from)
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketType {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WireTicketType {
    id: Int,
    name: Text,
}

impl From<WireTicketType> for TicketType {
    fn from(w: WireTicketType) -> Self {
        Self {
            id: w.id.0,
            name: w.name.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub team_name: String,
    pub disabled: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WireAgent {
    id: Int,
    name: Text,
    email: Text,
    team: Text,
    isdisabled: Flag,
}

impl From<WireAgent> for Agent {
    fn from(w: WireAgent) -> Self {
        Self {
            id: w.id.0,
            name: w.name.0,
            email: w.email.0,
            team_name: w.team.0,
            disabled: w.isdisabled.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub id: i32,
    pub name: String,
    pub inactive: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WireTeam {
    id: Int,
    name: Text,
    inactive: Flag,
}

impl From<WireTeam> for Team {
    fn from(w: WireTeam) -> Self {
        Self {
            id: w.id.0,
            name: w.name.0,
            inactive: w.inactive.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Client {
    pub id: i32,
    pub name: String,
    pub inactive: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WireClient {
    id: Int,
    name: Text,
    inactive: Flag,
}

impl From<WireClient> for Client {
    fn from(w: WireClient) -> Self {
        Self {
            id: w.id.0,
            name: w.name.0,
            inactive: w.inactive.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Site {
    pub id: i32,
    pub name: String,
    pub client_id: Option<i32>,
    pub client_name: String,
    pub inactive: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WireSite {
    id: Int,
    name: Text,
    client_id: Id,
    client_name: Text,
    inactive: Flag,
}

impl From<WireSite> for Site {
    fn from(w: WireSite) -> Self {
        Self {
            id: w.id.0,
            name: w.name.0,
            client_id: w.client_id.0,
            client_name: w.client_name.0,
            inactive: w.inactive.0,
        }
    }
}

/// An end user at a client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub site_id: Option<i32>,
    pub site_name: String,
    pub client_id: Option<i32>,
    pub client_name: String,
    pub inactive: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WireUser {
    id: Int,
    name: Text,
    emailaddress: Text,
    site_id: Id,
    site_name: Text,
    client_id: Id,
    client_name: Text,
    inactive: Flag,
}

impl From<WireUser> for User {
    fn from(w: WireUser) -> Self {
        Self {
            id: w.id.0,
            name: w.name.0,
            email: w.emailaddress.0,
            site_id: w.site_id.0,
            site_name: w.site_name.0,
            client_id: w.client_id.0,
            client_name: w.client_name.0,
            inactive: w.inactive.0,
        }
    }
}

/// A kind of action on this instance ("Private Note", "Phone Call", ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub id: i32,
    pub name: String,
    pub button_name: String,
    pub hidden: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WireOutcome {
    id: Int,
    outcome: Text,
    buttonname: Text,
    hidden: Flag,
}

impl From<WireOutcome> for Outcome {
    fn from(w: WireOutcome) -> Self {
        Self {
            id: w.id.0,
            name: w.outcome.0,
            button_name: w.buttonname.0,
            hidden: w.hidden.0,
        }
    }
}
