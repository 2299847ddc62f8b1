//! One target (response or resolution) classified at an instant.

use chrono::{DateTime, TimeDelta, Utc};

use crate::{AtRiskRule, SlaState};

/// What the engine knows of one target.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TargetFacts {
    pub(crate) due: Option<DateTime<Utc>>,
    /// Answered (response) or closed: the clock has stopped for good.
    pub(crate) settled: bool,
    /// When it was settled, where Halo says.
    pub(crate) settled_at: Option<DateTime<Utc>>,
    /// Halo's `"O"`: outside the target.
    pub(crate) flagged: bool,
}

/// What is common to both targets: the instant, the rule and the ticket's own state.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock<'a> {
    pub(crate) now: DateTime<Utc>,
    pub(crate) rule: &'a AtRiskRule,
    pub(crate) opened_at: Option<DateTime<Utc>>,
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
                    by: TimeDelta::zero(),
                }
            } else if self.has_sla {
                SlaState::NotStarted
            } else {
                SlaState::None
            };
        };
        let left = due.signed_duration_since(self.now);
        let past = -left;
        if target.flagged {
            return SlaState::Breached {
                by: past.max(TimeDelta::zero()),
            };
        }
        if self.on_hold {
            SlaState::Paused
        } else if left < TimeDelta::zero() {
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
        (Some(due), Some(at)) => at.signed_duration_since(due).max(TimeDelta::zero()),
        _ => TimeDelta::zero(),
    };
    if target.flagged || late > TimeDelta::zero() {
        SlaState::Breached { by: late }
    } else if target.due.is_some() {
        SlaState::Met
    } else {
        SlaState::None
    }
}
