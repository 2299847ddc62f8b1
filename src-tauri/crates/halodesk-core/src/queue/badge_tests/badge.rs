//! The queue's badge, a view of the current target; these predate the engine and still hold.

use halodesk_sla::AtRiskRule;

use super::{at, badge, open_ticket};
use crate::ipc::{SlaBadgeState, SlaTargetKind};
use crate::queue::CachedTicket;

fn state(ticket: &CachedTicket, closed: bool, now: &str) -> SlaBadgeState {
    badge(ticket, closed, at(now), &AtRiskRule::default()).state
}

#[test]
fn the_fix_target_counts_once_the_ticket_was_answered() {
    let ticket = open_ticket();
    let badge = badge(
        &ticket,
        false,
        at("2026-11-28T12:00:00Z"),
        &AtRiskRule::default(),
    );
    assert_eq!(badge.state, SlaBadgeState::OnTrack);
    assert_eq!(badge.target, Some(SlaTargetKind::Resolution));
    assert_eq!(badge.due_at, Some(at("2026-11-28T16:00:00Z")));
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
        &AtRiskRule::default(),
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

#[test]
fn a_breach_halo_flags_without_a_deadline_shows_with_no_due_date() {
    let ticket = CachedTicket {
        fix_by: None,
        fix_breached: true,
        ..open_ticket()
    };
    let shown = badge(
        &ticket,
        false,
        at("2026-11-28T12:00:00Z"),
        &AtRiskRule::default(),
    );
    assert_eq!(shown.state, SlaBadgeState::Breached);
    assert_eq!(shown.target, Some(SlaTargetKind::Resolution));
    assert_eq!(shown.due_at, None);
}
