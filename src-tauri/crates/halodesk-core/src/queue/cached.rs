//! What the local cache keeps of a ticket: enough to list, filter and classify it offline.

use chrono::{DateTime, Utc};
use halodesk_sla::SlaFacts;
use serde::{Deserialize, Serialize};

/// A ticket as the cache stores it (as JSON, so a new field needs no migration).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct CachedTicket {
    pub id: i32,
    pub summary: String,
    pub client_id: Option<i32>,
    pub client_name: String,
    pub status_id: Option<i32>,
    pub status_name: String,
    pub sla_id: Option<i32>,
    pub priority_id: Option<i32>,
    pub agent_id: Option<i32>,
    pub agent_name: String,
    pub team_name: String,
    pub ticket_type_name: String,
    /// When the issue was reported (Halo's `dateoccurred`, else its creation): where an SLA
    /// target's span starts.
    pub opened_at: Option<DateTime<Utc>>,
    pub respond_by: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub fix_by: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub on_hold: bool,
    pub excluded_from_sla: bool,
    pub fix_breached: bool,
    pub response_breached: bool,
    /// Halo's `last_update`: the high-water mark of incremental syncs.
    pub updated_at: Option<DateTime<Utc>>,
}

impl CachedTicket {
    /// What the SLA engine reads of it.
    pub(crate) fn sla_facts(&self) -> SlaFacts {
        SlaFacts {
            has_sla: self.sla_id.is_some(),
            excluded_from_sla: self.excluded_from_sla,
            respond_by: self.respond_by,
            responded_at: self.responded_at,
            fix_by: self.fix_by,
            closed_at: self.closed_at,
            on_hold: self.on_hold,
            response_breached: self.response_breached,
            fix_breached: self.fix_breached,
        }
    }
}

impl From<&halopsa::Ticket> for CachedTicket {
    fn from(ticket: &halopsa::Ticket) -> Self {
        Self {
            id: ticket.id,
            summary: ticket.summary.clone(),
            client_id: ticket.client_id,
            client_name: ticket.client_name.clone(),
            status_id: ticket.status_id,
            status_name: ticket.status_name.clone(),
            sla_id: ticket.sla_id,
            priority_id: ticket.priority_id,
            agent_id: ticket.agent_id,
            agent_name: ticket.agent_name.clone(),
            team_name: ticket.team_name.clone(),
            ticket_type_name: ticket.ticket_type_name.clone(),
            opened_at: ticket.opened_at.or(ticket.created_at),
            respond_by: ticket.respond_by,
            responded_at: ticket.responded_at,
            // Halo keeps the fix target in two fields; instances fill one or the other.
            fix_by: ticket.fix_by.or(ticket.deadline),
            closed_at: ticket.closed_at,
            on_hold: ticket.on_hold,
            excluded_from_sla: ticket.excluded_from_sla,
            fix_breached: ticket.fix_sla == Some(halopsa::SlaState::Outside),
            response_breached: ticket.response_sla == Some(halopsa::SlaState::Outside),
            updated_at: ticket.updated_at.or(ticket.last_action_at),
        }
    }
}
