//! What a failed send means for the write: try again later, check whether it arrived, or wait
//! for the technician. Pure: the time and the attempt count are passed in.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use crate::api::OutboxState;

/// The first wait after a failure; each further failure doubles it.
const FIRST_BACKOFF: Duration = Duration::from_secs(5);
/// Waits stop growing here, so a write made offline goes out within a minute of the
/// connection coming back even when nothing else wakes the outbox.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Where a failed send leaves the write, and when it is next looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfterFailure {
    pub state: OutboxState,
    /// `None`: not until the technician acts.
    pub next_attempt_at: Option<Timestamp>,
}

/// Decides what follows a failed attempt. `attempts` counts this one.
pub fn after_failure(error: &halopsa::Error, attempts: u32, now: Timestamp) -> AfterFailure {
    use halopsa::Error as E;
    let later = |wait: Duration| Some(now + SignedDuration::try_from(wait).unwrap_or_default());
    match error {
        // HaloPSA may have done it: the next attempt looks before it sends again, and looks at
        // once, since the instance answered a moment ago. An answer that arrived but could not
        // be read means it was done, with an answer Halodesk does not understand.
        E::ConnectionLost {
            may_have_applied: true,
            ..
        }
        | E::Timeout {
            may_have_applied: true,
            ..
        }
        | E::Decode { .. } => AfterFailure {
            state: OutboxState::Unknown,
            next_attempt_at: Some(now),
        },
        E::RateLimited { retry_after } => AfterFailure {
            state: OutboxState::Retrying,
            next_attempt_at: later((*retry_after).max(FIRST_BACKOFF)),
        },
        // The instance said no to this write: sending it again would get the same answer.
        E::Validation { .. }
        | E::Invalid { .. }
        | E::Forbidden { .. }
        | E::NotFound { .. }
        | E::TooLarge { .. } => AfterFailure {
            state: OutboxState::Rejected,
            next_attempt_at: None,
        },
        // Offline, signed out, a server error: it passes.
        _ => AfterFailure {
            state: OutboxState::Retrying,
            next_attempt_at: later(backoff(attempts)),
        },
    }
}

/// 5 s, 10 s, 20 s, 40 s, then a minute.
pub fn backoff(attempts: u32) -> Duration {
    let doublings = attempts.saturating_sub(1).min(16);
    FIRST_BACKOFF
        .saturating_mul(1 << doublings)
        .min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-03-02T09:00:00Z".parse().unwrap()
    }

    fn secs_after(at: Option<Timestamp>) -> Option<i64> {
        at.map(|at| at.duration_since(now()).as_secs())
    }

    #[test]
    fn a_lost_answer_is_checked_before_any_resend() {
        for error in [
            halopsa::Error::ConnectionLost {
                detail: "reset".into(),
                may_have_applied: true,
            },
            halopsa::Error::Timeout {
                after: Duration::from_secs(90),
                may_have_applied: true,
            },
            halopsa::Error::Decode {
                context: "the new action".into(),
                detail: "expected an object".into(),
            },
        ] {
            let next = after_failure(&error, 1, now());
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
            halopsa::Error::Server {
                status: 503,
                excerpt: "Service Unavailable".into(),
            },
        ];
        for error in cases {
            let next = after_failure(&error, 3, now());
            assert_eq!(next.state, OutboxState::Retrying, "{error}");
            assert_eq!(secs_after(next.next_attempt_at), Some(20), "{error}");
        }
    }

    #[test]
    fn the_rate_limit_says_how_long_to_wait() {
        let error = halopsa::Error::RateLimited {
            retry_after: Duration::from_secs(120),
        };
        let next = after_failure(&error, 1, now());
        assert_eq!(next.state, OutboxState::Retrying);
        assert_eq!(secs_after(next.next_attempt_at), Some(120));
    }

    #[test]
    fn a_refusal_waits_for_the_technician() {
        let error = halopsa::Error::Validation {
            problems: Vec::new(),
        };
        let next = after_failure(&error, 1, now());
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
