//! One target (response or resolution) classified at an instant.

use jiff::{SignedDuration, Timestamp};

use crate::{AtRiskRule, SlaState};

/// What the engine knows of one target.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TargetFacts {
    pub(crate) due: Option<Timestamp>,
    /// Answered (response) or closed: the clock has stopped for good.
    pub(crate) settled: bool,
    /// When it was settled, where Halo says.
    pub(crate) settled_at: Option<Timestamp>,
    /// Halo's `"O"`: outside the target.
    pub(crate) flagged: bool,
}

/// What is common to both targets: the instant, the rule and the ticket's own state.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock<'a> {
    pub(crate) now: Timestamp,
    pub(crate) rule: &'a AtRiskRule,
    pub(crate) opened_at: Option<Timestamp>,
    pub(crate) on_hold: bool,
    pub(crate) has_sla: bool,
}

impl Clock<'_> {
    pub(crate) fn classify(&self, target: &TargetFacts) -> SlaState {
        if target.settled {
            return settled(target);
        }
        let Some(due) = target.due else {
            return if target.flagged {
                SlaState::Breached {
                    by: SignedDuration::ZERO,
                }
            } else if self.has_sla {
                SlaState::NotStarted
            } else {
                SlaState::None
            };
        };
        let left = due.duration_since(self.now);
        let past = SignedDuration::ZERO.saturating_sub(left);
        if target.flagged {
            return SlaState::Breached {
                by: past.max(SignedDuration::ZERO),
            };
        }
        if self.on_hold {
            SlaState::Paused
        } else if left < SignedDuration::ZERO {
            SlaState::Breached { by: past }
        } else if self.rule.at_risk(left, self.opened_at, due) {
            SlaState::AtRisk { left }
        } else {
            SlaState::OnTrack { left }
        }
    }
}

/// A stopped clock: met if settled by the deadline and Halo did not flag it. Settling exactly
/// at the deadline meets it. Without a known settling time only Halo's flag can breach it.
fn settled(target: &TargetFacts) -> SlaState {
    let late = match (target.due, target.settled_at) {
        (Some(due), Some(at)) => at.duration_since(due).max(SignedDuration::ZERO),
        _ => SignedDuration::ZERO,
    };
    if target.flagged || late > SignedDuration::ZERO {
        SlaState::Breached { by: late }
    } else if target.due.is_some() {
        SlaState::Met
    } else {
        SlaState::None
    }
}
