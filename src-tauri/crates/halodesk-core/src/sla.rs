//! Where a ticket stands against its SLA, from the fields the server sends and the time now.
//!
//! Pure functions with the time passed in, so the queue's badge, tests and (later) the SLA
//! watcher all agree and can be checked at any instant.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use crate::api::{SlaBadge, SlaBadgeState, SlaTargetKind};
use crate::queue::CachedTicket;

/// How close to a deadline a ticket counts as at risk, unless configured otherwise.
pub const DEFAULT_AT_RISK_WITHIN: Duration = Duration::from_secs(60 * 60);

/// Classifies the target that matters now: the first response until there is one, then the
/// fix. `closed` comes from the instance's status types, not from a hard-coded status ID.
pub fn badge(
    ticket: &CachedTicket,
    closed: bool,
    now: Timestamp,
    at_risk_within: Duration,
) -> SlaBadge {
    let plain = |state| SlaBadge {
        state,
        target: None,
        due_at: None,
    };
    if ticket.excluded_from_sla {
        return plain(SlaBadgeState::None);
    }
    if closed {
        return closed_badge(ticket);
    }
    let (target, due, flagged) = match (ticket.responded_at, ticket.respond_by) {
        (None, Some(respond_by)) => (
            SlaTargetKind::Response,
            Some(respond_by),
            ticket.response_breached,
        ),
        _ => (
            SlaTargetKind::Resolution,
            ticket.fix_by,
            ticket.fix_breached,
        ),
    };
    let Some(due) = due else {
        let state = if ticket.sla_id.is_some() {
            SlaBadgeState::NotStarted
        } else {
            SlaBadgeState::None
        };
        return plain(state);
    };
    let state = if ticket.on_hold {
        SlaBadgeState::Paused
    } else if flagged || now > due {
        SlaBadgeState::Breached
    } else if due.duration_since(now)
        < SignedDuration::try_from(at_risk_within).unwrap_or(SignedDuration::MAX)
    {
        SlaBadgeState::AtRisk
    } else {
        SlaBadgeState::OnTrack
    };
    SlaBadge {
        state,
        target: Some(target),
        due_at: Some(due.to_string()),
    }
}

/// A closed ticket met its fix target if it closed in time and Halo did not flag it.
fn closed_badge(ticket: &CachedTicket) -> SlaBadge {
    let Some(fix_by) = ticket.fix_by else {
        return SlaBadge {
            state: SlaBadgeState::None,
            target: None,
            due_at: None,
        };
    };
    let late = ticket.closed_at.is_some_and(|closed| closed > fix_by);
    SlaBadge {
        state: if ticket.fix_breached || late {
            SlaBadgeState::Breached
        } else {
            SlaBadgeState::Met
        },
        target: Some(SlaTargetKind::Resolution),
        due_at: Some(fix_by.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn open_ticket() -> CachedTicket {
        CachedTicket {
            id: 1,
            sla_id: Some(1),
            respond_by: Some(at("2026-11-28T10:00:00Z")),
            responded_at: Some(at("2026-11-28T09:00:00Z")),
            fix_by: Some(at("2026-11-28T16:00:00Z")),
            ..CachedTicket::default()
        }
    }

    fn state(ticket: &CachedTicket, closed: bool, now: &str) -> SlaBadgeState {
        badge(ticket, closed, at(now), DEFAULT_AT_RISK_WITHIN).state
    }

    #[test]
    fn the_fix_target_counts_once_the_ticket_was_answered() {
        let ticket = open_ticket();
        let badge = badge(
            &ticket,
            false,
            at("2026-11-28T12:00:00Z"),
            DEFAULT_AT_RISK_WITHIN,
        );
        assert_eq!(badge.state, SlaBadgeState::OnTrack);
        assert_eq!(badge.target, Some(SlaTargetKind::Resolution));
        assert_eq!(badge.due_at.as_deref(), Some("2026-11-28T16:00:00Z"));
    }

    #[test]
    fn an_unanswered_ticket_is_measured_against_its_response_target() {
        let ticket = CachedTicket {
            responded_at: None,
            ..open_ticket()
        };
        let badge = badge(
            &ticket,
            false,
            at("2026-11-28T09:30:00Z"),
            DEFAULT_AT_RISK_WITHIN,
        );
        assert_eq!(badge.state, SlaBadgeState::AtRisk);
        assert_eq!(badge.target, Some(SlaTargetKind::Response));
        assert_eq!(
            state(&ticket, false, "2026-11-28T10:00:01Z"),
            SlaBadgeState::Breached
        );
    }

    #[test]
    fn at_risk_starts_inside_the_threshold_and_breached_after_the_deadline() {
        let ticket = open_ticket();
        assert_eq!(
            state(&ticket, false, "2026-11-28T15:00:00Z"),
            SlaBadgeState::OnTrack
        );
        assert_eq!(
            state(&ticket, false, "2026-11-28T15:00:01Z"),
            SlaBadgeState::AtRisk
        );
        assert_eq!(
            state(&ticket, false, "2026-11-28T16:00:00Z"),
            SlaBadgeState::AtRisk
        );
        assert_eq!(
            state(&ticket, false, "2026-11-28T16:00:01Z"),
            SlaBadgeState::Breached
        );
    }

    #[test]
    fn halo_flagging_a_breach_wins_over_the_clock() {
        let ticket = CachedTicket {
            fix_breached: true,
            ..open_ticket()
        };
        assert_eq!(
            state(&ticket, false, "2026-11-28T12:00:00Z"),
            SlaBadgeState::Breached
        );
    }

    #[test]
    fn on_hold_pauses_even_past_the_deadline() {
        let ticket = CachedTicket {
            on_hold: true,
            ..open_ticket()
        };
        assert_eq!(
            state(&ticket, false, "2026-11-28T18:00:00Z"),
            SlaBadgeState::Paused
        );
    }

    #[test]
    fn closed_tickets_met_or_breached_their_fix_target() {
        let in_time = CachedTicket {
            closed_at: Some(at("2026-11-28T15:00:00Z")),
            ..open_ticket()
        };
        assert_eq!(
            state(&in_time, true, "2026-11-29T00:00:00Z"),
            SlaBadgeState::Met
        );
        let late = CachedTicket {
            closed_at: Some(at("2026-11-28T17:00:00Z")),
            ..open_ticket()
        };
        assert_eq!(
            state(&late, true, "2026-11-29T00:00:00Z"),
            SlaBadgeState::Breached
        );
    }

    #[test]
    fn no_sla_or_excluded_shows_no_badge_and_missing_dates_have_not_started() {
        let excluded = CachedTicket {
            excluded_from_sla: true,
            ..open_ticket()
        };
        assert_eq!(
            state(&excluded, false, "2026-11-28T18:00:00Z"),
            SlaBadgeState::None
        );
        let no_sla = CachedTicket::default();
        assert_eq!(
            state(&no_sla, false, "2026-11-28T18:00:00Z"),
            SlaBadgeState::None
        );
        let not_started = CachedTicket {
            sla_id: Some(1),
            ..CachedTicket::default()
        };
        assert_eq!(
            state(&not_started, false, "2026-11-28T18:00:00Z"),
            SlaBadgeState::NotStarted
        );
    }
}
