//! What a failed upload means: send it as JSON instead, look on the ticket before sending it
//! again, wait for HaloPSA, or stop with an error for the technician. Pure: the time and the
//! attempt count are passed in.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use super::inspect::size_text;
use crate::ipc::UploadState;

/// The first wait after a failure; each further failure doubles it, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_secs(5);
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// Sends whose outcome stayed unknown, after which the upload waits for the technician:
/// something keeps cutting uploads short, and each resend is a large transfer.
const MAX_ATTEMPTS: u32 = 5;

/// What follows a failed upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum AfterUploadFailure {
    /// The instance has no multipart endpoint: send as JSON from now on, at once.
    UseJson,
    /// The instance refused the file's size: remember it, and stop this upload.
    TooLarge { message: String },
    /// Where the upload goes next, why, and when it is next looked at.
    Then {
        state: UploadState,
        message: String,
        next_attempt_at: Option<DateTime<Utc>>,
    },
}

/// Decides what follows a failed send of `size` bytes. `attempts` counts this upload's sends,
/// this one included; `multipart` says which endpoint it went to.
pub(super) fn after_upload_failure(
    error: &halopsa::Error,
    size: u64,
    multipart: bool,
    attempts: u32,
    now: DateTime<Utc>,
) -> AfterUploadFailure {
    use halopsa::Error as E;
    let backoff = FIRST_BACKOFF
        .saturating_mul(2u32.saturating_pow(attempts.saturating_sub(1).min(8)))
        .min(MAX_BACKOFF);
    let later = Some(now + TimeDelta::from_std(backoff).unwrap_or_default());
    let then = |state, message: String, next_attempt_at| AfterUploadFailure::Then {
        state,
        message,
        next_attempt_at,
    };
    match error {
        // Instances without `/api/Attachment/image` answer one of these for it.
        E::NotFound { .. } if multipart => AfterUploadFailure::UseJson,
        E::Server { status, .. } if multipart && matches!(status, 404 | 405 | 415) => {
            AfterUploadFailure::UseJson
        }
        E::TooLarge { .. } => AfterUploadFailure::TooLarge {
            message: format!(
                "HaloPSA refused this file as too large ({}). Files this large are now stopped \
                 before they are sent; make it smaller or ask your Halo administrator to raise \
                 the limit.",
                size_text(size)
            ),
        },
        // The file may be on the ticket: look before sending again.
        E::ConnectionLost {
            may_have_applied: true,
            ..
        }
        | E::Timeout {
            may_have_applied: true,
            ..
        }
        | E::UploadNotConfirmed { .. }
        | E::Decode { .. }
        | E::AnswerTooLarge { .. } => {
            if attempts >= MAX_ATTEMPTS {
                then(
                    UploadState::Failed,
                    format!(
                        "The upload was cut short {attempts} times. Retry looks on the ticket \
                         before sending it again."
                    ),
                    None,
                )
            } else {
                then(
                    UploadState::Checking,
                    "The connection dropped before HaloPSA answered; Halodesk looks on the \
                     ticket before sending it again."
                        .to_owned(),
                    later,
                )
            }
        }
        E::Server { status, .. } if *status >= 500 => then(
            UploadState::Checking,
            format!("HaloPSA answered with an error (HTTP {status}); trying again shortly."),
            later,
        ),
        // Nothing arrived: wait for the instance, and say why.
        E::Unreachable { .. }
        | E::ConnectionLost { .. }
        | E::Timeout { .. }
        | E::RateLimited { .. }
        | E::Unauthorized => then(UploadState::Queued, format!("Waiting: {error}"), later),
        // The file, the ticket or the account: sending again changes nothing.
        _ => then(UploadState::Failed, error.to_string(), None),
    }
}

/// Whether the error passes with time (the instance away, busy or asking for a sign-in)
/// rather than saying something about the file or the ticket.
pub(super) fn keeps_waiting(error: &halopsa::Error) -> bool {
    use halopsa::Error as E;
    match error {
        E::Unreachable { .. }
        | E::ConnectionLost { .. }
        | E::Timeout { .. }
        | E::RateLimited { .. }
        | E::Unauthorized
        | E::Decode { .. } => true,
        E::Server { status, .. } => *status >= 500,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-29T10:00:00Z".parse().unwrap()
    }

    fn decide(error: halopsa::Error, multipart: bool, attempts: u32) -> AfterUploadFailure {
        after_upload_failure(&error, 2 * 1024 * 1024, multipart, attempts, now())
    }

    fn state_after(after: &AfterUploadFailure) -> UploadState {
        match after {
            AfterUploadFailure::Then { state, .. } => *state,
            other => panic!("expected a state, got {other:?}"),
        }
    }

    #[test]
    fn a_refused_multipart_send_tries_json_and_a_refused_json_send_fails() {
        let missing = || halopsa::Error::NotFound {
            what: "Ticket 5".into(),
        };
        assert_eq!(decide(missing(), true, 1), AfterUploadFailure::UseJson);
        assert_eq!(
            state_after(&decide(missing(), false, 1)),
            UploadState::Failed
        );
        let unsupported = halopsa::Error::Server {
            status: 415,
            excerpt: String::new(),
        };
        assert_eq!(decide(unsupported, true, 1), AfterUploadFailure::UseJson);
    }

    #[test]
    fn a_lost_answer_is_looked_for_and_gives_up_after_five_sends() {
        let lost = || halopsa::Error::ConnectionLost {
            detail: "reset".into(),
            may_have_applied: true,
        };
        let AfterUploadFailure::Then {
            state,
            next_attempt_at,
            ..
        } = decide(lost(), true, 1)
        else {
            panic!()
        };
        assert_eq!(state, UploadState::Checking);
        assert_eq!(next_attempt_at, Some(now() + TimeDelta::seconds(5)));
        assert_eq!(state_after(&decide(lost(), true, 5)), UploadState::Failed);
    }

    #[test]
    fn offline_waits_with_a_growing_pause_and_file_errors_stop() {
        let offline = || halopsa::Error::Unreachable {
            host: "acme".into(),
            detail: "refused".into(),
        };
        let AfterUploadFailure::Then {
            state,
            next_attempt_at,
            message,
        } = decide(offline(), true, 4)
        else {
            panic!()
        };
        assert_eq!(state, UploadState::Queued);
        assert_eq!(next_attempt_at, Some(now() + TimeDelta::seconds(40)));
        assert!(message.starts_with("Waiting: "), "{message}");
        let vanished = halopsa::Error::File {
            path: "/tmp/a.png".into(),
            detail: "it no longer exists".into(),
        };
        assert_eq!(state_after(&decide(vanished, true, 1)), UploadState::Failed);
    }

    #[test]
    fn too_large_names_the_size() {
        let AfterUploadFailure::TooLarge { message } = decide(
            halopsa::Error::TooLarge {
                detail: "413".into(),
            },
            true,
            1,
        ) else {
            panic!()
        };
        assert!(message.contains("2.0 MB"), "{message}");
    }
}
