//! Where a ticket stands against its SLA, from the fields the server sends and the time now.
//!
//! Pure functions with the time passed in, so the queue's badge, tests and the SLA watcher all
//! agree and can be checked at any instant. [`assess`] classifies both targets of a ticket;
//! [`badge`] is the queue's view of the target that matters now.
//!
//! Halo sends its deadlines as UTC instants and moves them itself when a hold ends, so time
//! left is plain elapsed time between two instants: no time zone, no working hours.

mod target;
#[cfg(test)]
mod tests;

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use crate::api::{SlaBadge, SlaBadgeState, SlaTargetKind};
use crate::queue::CachedTicket;
use target::TargetFacts;

/// How close to a deadline a ticket counts as at risk, unless configured otherwise.
pub const DEFAULT_AT_RISK_WITHIN: Duration = Duration::from_secs(60 * 60);

/// The two targets an SLA sets: a first response, and the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlaTarget {
    Response,
    Resolution,
}

/// Where one target stands.
///
/// Along `now`, an open ticket's target only moves forward: `NotStarted`, `OnTrack`, `AtRisk`,
/// `Breached`. `None`, `Paused` and `Met` change only when the ticket does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaState {
    /// Not measured: no SLA, excluded from SLAs, or a settled target that had no deadline.
    None,
    /// The ticket has an SLA but Halo has not set this target's deadline yet.
    NotStarted,
    /// `left` is the time to the deadline, at least the at-risk threshold.
    OnTrack { left: SignedDuration },
    /// Inside the at-risk threshold; `left` is zero at the deadline itself.
    AtRisk { left: SignedDuration },
    /// Past the deadline by `by`, or flagged by Halo (`"O"`): then `by` is how far the clock
    /// says it is past, zero when the deadline has not come yet.
    Breached { by: SignedDuration },
    /// On hold: the clock is stopped and the deadline means nothing until Halo moves it.
    Paused,
    /// Settled (answered, or closed) by its deadline.
    Met,
}

impl SlaState {
    /// Signed time to the deadline: positive while running, negative once breached; none when
    /// no clock runs. What a list sorted by urgency sorts on.
    pub fn time_left(self) -> Option<SignedDuration> {
        match self {
            Self::OnTrack { left } | Self::AtRisk { left } => Some(left),
            Self::Breached { by } => Some(SignedDuration::ZERO.saturating_sub(by)),
            Self::None | Self::NotStarted | Self::Paused | Self::Met => None,
        }
    }
}

/// When a running target counts as at risk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtRiskRule {
    /// At risk once less than this is left. Exactly `within` left is still on track.
    pub within: Duration,
    /// Also at risk once this share (0 to 1) of the span from the ticket's opening to the
    /// deadline has passed; applies only when the opening is known.
    pub share: Option<f64>,
}

impl AtRiskRule {
    /// At risk inside `within` of the deadline, with no share rule.
    pub const fn within(within: Duration) -> Self {
        Self {
            within,
            share: None,
        }
    }

    fn at_risk(&self, left: SignedDuration, opened_at: Option<Timestamp>, due: Timestamp) -> bool {
        let within = SignedDuration::try_from(self.within).unwrap_or(SignedDuration::MAX);
        if left < within {
            return true;
        }
        let (Some(share), Some(opened_at)) = (self.share, opened_at) else {
            return false;
        };
        let span = due.duration_since(opened_at);
        // Elapsed is span - left, so the share grows exactly as `now` does.
        let elapsed = span.saturating_sub(left);
        span > SignedDuration::ZERO && elapsed.as_secs_f64() >= share * span.as_secs_f64()
    }
}

impl Default for AtRiskRule {
    fn default() -> Self {
        Self::within(DEFAULT_AT_RISK_WITHIN)
    }
}

/// Both targets of a ticket at one instant, and which of them matters now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessment {
    pub response: SlaState,
    pub resolution: SlaState,
    current: SlaTarget,
}

impl Assessment {
    /// The response while the ticket is open, unanswered and has a response deadline; else
    /// the resolution. It depends on the ticket only, never on `now`.
    pub fn current_target(&self) -> SlaTarget {
        self.current
    }

    /// The state of [`Self::current_target`]: what the watcher follows and the badge shows.
    pub fn current(&self) -> SlaState {
        self.state(self.current)
    }

    pub fn state(&self, target: SlaTarget) -> SlaState {
        match target {
            SlaTarget::Response => self.response,
            SlaTarget::Resolution => self.resolution,
        }
    }
}

/// Classifies both targets of `ticket` at `now`.
///
/// `closed` comes from the instance's status types, not from a hard-coded status ID.
/// `opened_at` (Halo's `dateoccurred`) is where a target's span starts, for the share rule.
///
/// Precedence: excluded, then settled (closed, or answered for the response), then a missing
/// deadline, then Halo's breach flag (a hold does not undo a recorded breach), then on hold,
/// then the clock.
pub fn assess(
    ticket: &CachedTicket,
    closed: bool,
    opened_at: Option<Timestamp>,
    now: Timestamp,
    rule: &AtRiskRule,
) -> Assessment {
    let current = if !closed && ticket.responded_at.is_none() && ticket.respond_by.is_some() {
        SlaTarget::Response
    } else {
        SlaTarget::Resolution
    };
    if ticket.excluded_from_sla {
        return Assessment {
            response: SlaState::None,
            resolution: SlaState::None,
            current,
        };
    }
    let closed_at = ticket.closed_at.filter(|_| closed);
    let response = TargetFacts {
        due: ticket.respond_by,
        // Closing a ticket ends its response clock too.
        settled: ticket.responded_at.is_some() || closed,
        settled_at: ticket.responded_at.or(closed_at),
        flagged: ticket.response_breached,
    };
    let resolution = TargetFacts {
        due: ticket.fix_by,
        settled: closed,
        settled_at: closed_at,
        flagged: ticket.fix_breached,
    };
    let clock = target::Clock {
        now,
        rule,
        opened_at,
        on_hold: ticket.on_hold,
        has_sla: ticket.sla_id.is_some(),
    };
    Assessment {
        response: clock.classify(&response),
        resolution: clock.classify(&resolution),
        current,
    }
}

/// The queue's badge: the state of the target that matters now, and its deadline.
pub fn badge(ticket: &CachedTicket, closed: bool, now: Timestamp, rule: &AtRiskRule) -> SlaBadge {
    let assessment = assess(ticket, closed, ticket.opened_at, now, rule);
    let state = assessment.current();
    if matches!(state, SlaState::None | SlaState::NotStarted) {
        return SlaBadge {
            state: state.into(),
            target: None,
            due_at: None,
        };
    }
    let target = assessment.current_target();
    let due = match target {
        SlaTarget::Response => ticket.respond_by,
        SlaTarget::Resolution => ticket.fix_by,
    };
    SlaBadge {
        state: state.into(),
        target: Some(target.into()),
        due_at: due.map(|due| due.to_string()),
    }
}

impl From<SlaState> for SlaBadgeState {
    fn from(state: SlaState) -> Self {
        match state {
            SlaState::None => Self::None,
            SlaState::NotStarted => Self::NotStarted,
            SlaState::OnTrack { .. } => Self::OnTrack,
            SlaState::AtRisk { .. } => Self::AtRisk,
            SlaState::Breached { .. } => Self::Breached,
            SlaState::Paused => Self::Paused,
            SlaState::Met => Self::Met,
        }
    }
}

impl From<SlaTarget> for SlaTargetKind {
    fn from(target: SlaTarget) -> Self {
        match target {
            SlaTarget::Response => Self::Response,
            SlaTarget::Resolution => Self::Resolution,
        }
    }
}
