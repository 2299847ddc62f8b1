//! What a failed send means for the write: try again later, check whether it arrived, or wait
//! for the technician. Pure: the time and the attempt count are passed in.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::ipc::OutboxState;

/// The first wait after a failure; each further failure doubles it.
const FIRST_BACKOFF: Duration = Duration::from_secs(5);
/// Waits stop growing here, so a write made offline goes out within a minute of the
/// connection coming back even when nothing else wakes the outbox.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Where a failed send leaves the write, and when it is next looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AfterFailure {
    pub state: OutboxState,
    /// `None`: not until the technician acts.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The answer to a send was lost: HaloPSA may have done it.
    pub lost: bool,
}

/// After this many sends of one step whose answers were all lost, the write waits for the
/// technician: something between Halodesk and HaloPSA keeps failing, and every resend after a
/// look that found nothing is another chance of a copy.
const MAX_LOST_SENDS: u32 = 5;

/// Decides what follows a failed attempt. `attempts` counts the step's sends, this one
/// included; `lost_before` how many earlier ones lost their answer.
pub(super) fn after_failure(
    error: &halopsa::Error,
    attempts: u32,
    lost_before: u32,
    now: DateTime<Utc>,
) -> AfterFailure {
    use halopsa::Error as E;
    let later = |wait: Duration| Some(now + TimeDelta::from_std(wait).unwrap_or_default());
    // HaloPSA may have done it: the next attempt looks before it sends again.
    let lost = |look_at: Option<DateTime<Utc>>| {
        let state = if lost_before + 1 >= MAX_LOST_SENDS {
            OutboxState::Rejected
        } else {
            OutboxState::Unknown
        };
        AfterFailure {
            state,
            next_attempt_at: look_at.filter(|_| state == OutboxState::Unknown),
            lost: true,
        }
    };
    match error {
        // The connection broke after the request went out, or the answer could not be read
        // (so it was done): look at once, the instance answered a moment ago.
        E::ConnectionLost {
            may_have_applied: true,
            ..
        }
        | E::Decode { .. }
        | E::AnswerTooLarge { .. } => lost(Some(now)),
        // A slow or failing instance (a gateway's 502 or 504 can come after Halo saved the
        // write) may still be working on it: look after a pause, when it has landed.
        E::Timeout {
            may_have_applied: true,
            ..
        } => lost(later(backoff(attempts))),
        E::Server { status, .. } if *status >= 500 => lost(later(backoff(attempts))),
        E::RateLimited { retry_after } => AfterFailure {
            state: OutboxState::Retrying,
            next_attempt_at: later((*retry_after).max(FIRST_BACKOFF)),
            lost: false,
        },
        // The instance said no to this write: sending it again would get the same answer.
        E::Validation { .. }
        | E::Invalid { .. }
        | E::Forbidden { .. }
        | E::NotFound { .. }
        | E::TooLarge { .. }
        | E::Server { .. } => AfterFailure {
            state: OutboxState::Rejected,
            next_attempt_at: None,
            lost: false,
        },
        // Offline, or signed out: it passes.
        _ => AfterFailure {
            state: OutboxState::Retrying,
            next_attempt_at: later(backoff(attempts)),
            lost: false,
        },
    }
}

/// 5 s, 10 s, 20 s, 40 s, then a minute.
pub(super) fn backoff(attempts: u32) -> Duration {
    let doublings = attempts.saturating_sub(1).min(16);
    FIRST_BACKOFF
        .saturating_mul(1 << doublings)
        .min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-03-02T09:00:00Z".parse().unwrap()
    }

    fn secs_after(at: Option<DateTime<Utc>>) -> Option<i64> {
        at.map(|at| at.signed_duration_since(now()).num_seconds())
    }

    #[test]
    fn a_slow_or_failing_instance_is_looked_at_after_a_pause() {
        for error in [
            halopsa::Error::Timeout {
                after: Duration::from_secs(90),
                may_have_applied: true,
            },
            halopsa::Error::Server {
                status: 504,
                excerpt: "Gateway Timeout".into(),
            },
        ] {
            let next = after_failure(&error, 2, 0, now());
            assert_eq!(next.state, OutboxState::Unknown, "{error}");
            assert_eq!(secs_after(next.next_attempt_at), Some(10), "{error}");
        }
    }

    #[test]
    fn answers_lost_again_and_again_hand_the_write_to_the_technician() {
        let error = halopsa::Error::ConnectionLost {
            detail: "reset".into(),
            may_have_applied: true,
        };
        assert_eq!(
            after_failure(&error, 40, MAX_LOST_SENDS - 2, now()).state,
            OutboxState::Unknown,
            "offline attempts before do not count, only lost answers"
        );
        let last = after_failure(&error, 2, MAX_LOST_SENDS - 1, now());
        assert_eq!(
            (last.state, last.next_attempt_at),
            (OutboxState::Rejected, None)
        );
    }

    #[test]
    fn a_lost_answer_is_checked_before_any_resend() {
        for error in [
            halopsa::Error::ConnectionLost {
                detail: "reset".into(),
                may_have_applied: true,
            },
            halopsa::Error::Decode {
                context: "the new action".into(),
                detail: "expected an object".into(),
            },
        ] {
            let next = after_failure(&error, 1, 0, now());
            assert_eq!(next.state, OutboxState::Unknown, "{error}");
            assert_eq!(secs_after(next.next_attempt_at), Some(0));
        }
    }

    #[test]
    fn a_request_that_never_arrived_is_simply_retried() {
        let cases = [
            halopsa::Error::Unreachable {
                host: "acme.halopsa.com".into(),
                detail: "connection refused".into(),
            },
            halopsa::Error::ConnectionLost {
                detail: "reset".into(),
                may_have_applied: false,
            },
            halopsa::Error::Unauthorized,
        ];
        for error in cases {
            let next = after_failure(&error, 3, 0, now());
            assert_eq!(next.state, OutboxState::Retrying, "{error}");
            assert_eq!(secs_after(next.next_attempt_at), Some(20), "{error}");
        }
    }

    #[test]
    fn the_rate_limit_says_how_long_to_wait() {
        let error = halopsa::Error::RateLimited {
            retry_after: Duration::from_secs(120),
        };
        let next = after_failure(&error, 1, 0, now());
        assert_eq!(next.state, OutboxState::Retrying);
        assert_eq!(secs_after(next.next_attempt_at), Some(120));
    }

    #[test]
    fn a_refusal_waits_for_the_technician() {
        let error = halopsa::Error::Validation {
            problems: Vec::new(),
        };
        let next = after_failure(&error, 1, 0, now());
        assert_eq!(next.state, OutboxState::Rejected);
        assert_eq!(next.next_attempt_at, None);
    }

    #[test]
    fn backoff_doubles_up_to_a_minute() {
        let waits: Vec<u64> = (1..=7).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 60, 60, 60]);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }
}
