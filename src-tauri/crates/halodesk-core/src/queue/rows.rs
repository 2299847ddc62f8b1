//! How a cached ticket is listed: names from the instance's lookups and the SLA badge now.

use chrono::{DateTime, Utc};

use halodesk_sla::AtRiskRule;

use super::CachedTicket;
use super::badge::sla_badge;
use crate::ipc::{QueueLookups, QueueRow};

/// Whether the status is a closing one, by the instance's status types. A status the lookups
/// do not know yet counts as closed only when the ticket has a closing date.
fn is_closed(ticket: &CachedTicket, lookups: &QueueLookups) -> bool {
    ticket
        .status_id
        .and_then(|id| lookups.statuses.iter().find(|s| s.id == id))
        .map_or(ticket.closed_at.is_some(), |status| status.closed)
}

pub(crate) fn queue_row(
    ticket: &CachedTicket,
    lookups: &QueueLookups,
    now: DateTime<Utc>,
    rule: &AtRiskRule,
) -> QueueRow {
    let closed = is_closed(ticket, lookups);
    let priority_name = ticket
        .priority_id
        .and_then(|id| lookups.priorities.iter().find(|p| p.id == id))
        .map(|p| p.name.clone())
        .unwrap_or_default();
    QueueRow {
        id: ticket.id,
        summary: ticket.summary.clone(),
        client_id: ticket.client_id,
        client_name: ticket.client_name.clone(),
        status_id: ticket.status_id,
        status_name: ticket.status_name.clone(),
        priority_id: ticket.priority_id,
        priority_name,
        agent_id: ticket.agent_id,
        agent_name: ticket.agent_name.clone(),
        team_name: ticket.team_name.clone(),
        ticket_type_name: ticket.ticket_type_name.clone(),
        sla: sla_badge(ticket, closed, now, rule),
        closed,
        updated_at: ticket.updated_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::{Choice, SlaBadgeState, StatusChoice};

    fn lookups() -> QueueLookups {
        QueueLookups {
            statuses: vec![
                StatusChoice {
                    id: 1,
                    name: "New".into(),
                    colour: "#3b82f6".into(),
                    closed: false,
                },
                StatusChoice {
                    id: 9,
                    name: "Closed".into(),
                    colour: "#64748b".into(),
                    closed: true,
                },
            ],
            priorities: vec![Choice {
                id: 3,
                name: "Medium".into(),
                colour: "#eab308".into(),
            }],
            ..QueueLookups::default()
        }
    }

    #[test]
    fn names_come_from_the_lookups_and_closing_from_the_status_type() {
        let ticket = CachedTicket {
            id: 7,
            status_id: Some(9),
            priority_id: Some(3),
            ..CachedTicket::default()
        };
        let row = queue_row(
            &ticket,
            &lookups(),
            DateTime::UNIX_EPOCH,
            &AtRiskRule::default(),
        );
        assert!(row.closed);
        assert_eq!(row.priority_name, "Medium");
        assert_eq!(row.sla.state, SlaBadgeState::None);
    }

    #[test]
    fn an_unknown_status_is_open_unless_the_ticket_has_a_closing_date() {
        let open = CachedTicket {
            status_id: Some(42),
            ..CachedTicket::default()
        };
        assert!(!is_closed(&open, &lookups()));
        let closed = CachedTicket {
            closed_at: Some(DateTime::UNIX_EPOCH),
            ..open
        };
        assert!(is_closed(&closed, &lookups()));
    }
}
