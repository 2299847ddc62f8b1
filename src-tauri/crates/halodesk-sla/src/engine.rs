//! Where a ticket stands against its SLA, from the fields the server sends and the time now.
//!
//! Halo sends its deadlines as UTC instants and moves them itself when a hold ends, so time
//! left is plain elapsed time between two instants: no time zone, no working hours.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::target::{self, TargetFacts};

/// How close to a deadline a ticket counts as at risk, unless configured otherwise.
pub const DEFAULT_AT_RISK_WITHIN: Duration = Duration::from_secs(60 * 60);

/// What the engine reads of a ticket: its deadlines, when they were met, and Halo's flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlaFacts {
    /// Whether an SLA applies (Halo's `sla_id` is set).
    pub has_sla: bool,
    pub excluded_from_sla: bool,
    pub respond_by: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub fix_by: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub on_hold: bool,
    /// Halo's `"O"` on the response target: outside it, whatever the clock says.
    pub response_breached: bool,
    /// Halo's `"O"` on the fix target.
    pub fix_breached: bool,
}

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
    OnTrack { left: TimeDelta },
    /// Inside the at-risk threshold; `left` is zero at the deadline itself.
    AtRisk { left: TimeDelta },
    /// Past the deadline by `by`, or flagged by Halo (`"O"`): then `by` is how far the clock
    /// says it is past, zero when the deadline has not come yet.
    Breached { by: TimeDelta },
    /// On hold: the clock is stopped and the deadline means nothing until Halo moves it.
    Paused,
    /// Settled (answered, or closed) by its deadline.
    Met,
}

impl SlaState {
    /// Signed time to the deadline: positive while running, negative once breached; none when
    /// no clock runs. What a list sorted by urgency sorts on.
    pub fn time_left(self) -> Option<TimeDelta> {
        match self {
            Self::OnTrack { left } | Self::AtRisk { left } => Some(left),
            Self::Breached { by } => Some(-by),
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

    pub(crate) fn at_risk(
        &self,
        left: TimeDelta,
        opened_at: Option<DateTime<Utc>>,
        due: DateTime<Utc>,
    ) -> bool {
        let within = TimeDelta::from_std(self.within).unwrap_or(TimeDelta::MAX);
        if left < within {
            return true;
        }
        let (Some(share), Some(opened_at)) = (self.share, opened_at) else {
            return false;
        };
        let span = due.signed_duration_since(opened_at);
        // Elapsed is span - left, so the share grows exactly as `now` does.
        let elapsed = span - left;
        span > TimeDelta::zero() && elapsed.as_seconds_f64() >= share * span.as_seconds_f64()
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
    ticket: &SlaFacts,
    closed: bool,
    opened_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
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
        has_sla: ticket.has_sla,
    };
    Assessment {
        response: clock.classify(&response),
        resolution: clock.classify(&resolution),
        current,
    }
}

/// The queue's badge: the state of the target that matters now, and that target's deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Badge {
    pub state: SlaState,
    /// `None` while no clock is measured (no SLA, or its deadlines are not set yet).
    pub target: Option<SlaTarget>,
    pub due_at: Option<DateTime<Utc>>,
}

/// The queue's badge at `now`; the share rule applies when `opened_at` is known, as in
/// [`assess`].
pub fn badge(
    ticket: &SlaFacts,
    closed: bool,
    opened_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    rule: &AtRiskRule,
) -> Badge {
    let assessment = assess(ticket, closed, opened_at, now, rule);
    let state = assessment.current();
    if matches!(state, SlaState::None | SlaState::NotStarted) {
        return Badge {
            state,
            target: None,
            due_at: None,
        };
    }
    let target = assessment.current_target();
    let due_at = match target {
        SlaTarget::Response => ticket.respond_by,
        SlaTarget::Resolution => ticket.fix_by,
    };
    Badge {
        state,
        target: Some(target),
        due_at,
    }
}
