//! Working a ticket: the forms' picklists, new tickets, status and assignment changes, actions
//! and escalation.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::queue::ipc::Choice;
use crate::workflow::outbox::ipc::OutboxItem;

/// What a status means for the transition rules, read from the instance's status type and
/// SLA behaviour rather than from its ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum StatusMeaning {
    /// Where new tickets start: the first open status in the instance's order.
    New,
    /// Open with the SLA clock running: somebody is on it.
    InProgress,
    /// Open with the SLA clock held: waiting on the client, a third party, ...
    Waiting,
    /// Resolved, closed, cancelled: the instance's closed status type.
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusOption {
    pub id: i32,
    pub name: String,
    pub colour: String,
    pub meaning: StatusMeaning,
}

/// A priority with its place in the instance's order of urgency (0 is the most urgent),
/// taken from its SLA targets, so "raise the priority" does not depend on IDs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct PriorityOption {
    pub id: i32,
    pub name: String,
    pub colour: String,
    pub urgency: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct AgentOption {
    pub id: i32,
    pub name: String,
    pub team_name: String,
}

/// Reads the picklists the ticket forms need.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct WorkflowChoicesRequest {}

/// The instance's picklists for the workflow forms, kept in the local database so the forms
/// still open offline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct WorkflowChoices {
    pub statuses: Vec<StatusOption>,
    /// Every priority of every SLA, by urgency; a client's own list comes with its details.
    pub priorities: Vec<PriorityOption>,
    pub ticket_types: Vec<Choice>,
    pub teams: Vec<Choice>,
    pub agents: Vec<AgentOption>,
    pub outcomes: Vec<Choice>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientSearchRequest {
    pub query: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientMatches {
    pub clients: Vec<Choice>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientDetailsRequest {
    pub client_id: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct UserOption {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub site_id: i32,
}

/// What a new ticket for this client can choose from: its sites and end users, and the
/// priorities of its SLA with the one a new ticket gets unless the technician picks another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct ClientDetails {
    pub client_id: i32,
    pub client_name: String,
    pub sites: Vec<Choice>,
    pub users: Vec<UserOption>,
    pub priorities: Vec<PriorityOption>,
    pub default_priority_id: Option<i32>,
}

/// A new ticket as the form holds it. `None` or empty means "not chosen".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewTicketForm {
    pub client_id: Option<i32>,
    pub site_id: Option<i32>,
    pub user_id: Option<i32>,
    pub ticket_type_id: Option<i32>,
    pub priority_id: Option<i32>,
    /// Halo's category path, e.g. `Hardware>Printer`.
    pub category: String,
    pub summary: String,
    pub details: String,
    pub team_name: Option<String>,
    pub agent_id: Option<i32>,
}

/// One field the form must fix before anything is sent. `field` is the form's field name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketValidateRequest {
    pub form: NewTicketForm,
}

/// The form's problems (empty when it can be sent) and the values a send would fill in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketValidation {
    pub problems: Vec<FieldProblem>,
    /// The form with the routing defaults filled in: what would be sent.
    pub resolved: NewTicketForm,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateCheckRequest {
    pub client_id: i32,
    pub summary: String,
}

/// An open ticket of the same client whose summary reads like the new one.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateCandidate {
    pub id: i32,
    pub summary: String,
    pub status_name: String,
    pub agent_name: String,
    /// 0 to 1: the share of words the two summaries have in common.
    pub similarity: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateCandidates {
    pub tickets: Vec<DuplicateCandidate>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketCreateRequest {
    pub form: NewTicketForm,
    /// The draft this form was typed into; it is removed when the write is queued.
    pub draft_key: Option<String>,
}

/// A change to a ticket's status, priority or assignment. Fields left `None` do not change.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketChangeRequest {
    pub ticket_id: i32,
    pub status_id: Option<i32>,
    pub priority_id: Option<i32>,
    /// `Some(0)` unassigns.
    pub agent_id: Option<i32>,
    pub team_name: Option<String>,
    /// Required to resolve or close; sent as the action that records the resolution.
    #[serde(default)]
    pub resolution: String,
    /// The technician saw the warnings and goes ahead.
    #[serde(default)]
    pub confirmed: bool,
    pub draft_key: Option<String>,
}

/// Either the warnings to confirm first (nothing was sent), or the queued write.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketChangeResponse {
    pub warnings: Vec<String>,
    pub write: Option<OutboxItem>,
}

/// What the technician records. Each maps to one of the instance's outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ActionKind {
    InternalNote,
    ClientNote,
    PhoneCall,
    SiteVisit,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionAddRequest {
    pub ticket_id: i32,
    pub kind: ActionKind,
    pub note: String,
    /// For a client-visible note: also email it to the ticket's end user.
    #[serde(default)]
    pub email_user: bool,
    /// Time worked, in whole minutes; 0 records none.
    #[serde(default)]
    pub minutes: u32,
    #[serde(default)]
    pub billable: bool,
    /// The time comes from the ticket's timer, which is cleared when the write is queued.
    #[serde(default)]
    pub from_timer: bool,
    pub draft_key: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EscalateRequest {
    pub ticket_id: i32,
    pub agent_id: Option<i32>,
    pub team_name: Option<String>,
    pub priority_id: Option<i32>,
    pub reason: String,
    /// Also email the reason to this address (a manager).
    pub manager_email: Option<String>,
    pub draft_key: Option<String>,
}
