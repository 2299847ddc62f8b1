//! The SLA badge a queue row shows: `halodesk-sla`'s view of the target that matters now, in
//! the shape the window draws.

use chrono::{DateTime, Utc};
use halodesk_sla::{AtRiskRule, SlaState, SlaTarget, badge};

use super::CachedTicket;
use crate::ipc::{SlaBadge, SlaBadgeState, SlaTargetKind};

/// The badge of `ticket` at `now`.
pub(super) fn sla_badge(
    ticket: &CachedTicket,
    closed: bool,
    now: DateTime<Utc>,
    rule: &AtRiskRule,
) -> SlaBadge {
    let shown = badge(&ticket.sla_facts(), closed, ticket.opened_at, now, rule);
    SlaBadge {
        state: badge_state(shown.state),
        target: shown.target.map(target_kind),
        due_at: shown.due_at,
    }
}

fn badge_state(state: SlaState) -> SlaBadgeState {
    match state {
        SlaState::None => SlaBadgeState::None,
        SlaState::NotStarted => SlaBadgeState::NotStarted,
        SlaState::OnTrack { .. } => SlaBadgeState::OnTrack,
        SlaState::AtRisk { .. } => SlaBadgeState::AtRisk,
        SlaState::Breached { .. } => SlaBadgeState::Breached,
        SlaState::Paused => SlaBadgeState::Paused,
        SlaState::Met => SlaBadgeState::Met,
    }
}

/// The target as the window names it.
fn target_kind(target: SlaTarget) -> SlaTargetKind {
    match target {
        SlaTarget::Response => SlaTargetKind::Response,
        SlaTarget::Resolution => SlaTargetKind::Resolution,
    }
}
