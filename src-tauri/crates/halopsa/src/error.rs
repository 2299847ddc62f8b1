use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::instance::InstanceUrlError;

/// Everything that can go wrong talking to HaloPSA. Each message says what happened in words a
/// technician understands, and what to do about it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(transparent)]
    InvalidUrl(#[from] InstanceUrlError),
    #[error(
        "{url} does not look like a HaloPSA instance: {reason}. Use the address you open Halo with in the browser."
    )]
    NotHalo { url: String, reason: String },
    #[error(
        "A secure connection to {host} could not be made: its certificate was not accepted or TLS failed. If your network inspects encrypted traffic, ask your administrator to trust it on this computer."
    )]
    Tls { host: String },
    #[error(
        "{host} could not be reached ({detail}). Check the network connection and the address."
    )]
    Unreachable { host: String, detail: String },
    #[error("The connection to HaloPSA dropped before its answer arrived ({detail}). {}", outcome_hint(*.may_have_applied))]
    ConnectionLost {
        detail: String,
        may_have_applied: bool,
    },
    #[error("HaloPSA did not answer within {} seconds. {}", .after.as_secs(), outcome_hint(*.may_have_applied))]
    Timeout {
        after: Duration,
        may_have_applied: bool,
    },
    #[error(
        "HaloPSA refused the sign-in: {description}. Check the client ID and secret under Configuration > Integrations > HaloPSA API in Halo."
    )]
    BadCredentials { description: String },
    #[error("Your HaloPSA sign-in has expired or was revoked. Sign in again.")]
    Unauthorized,
    #[error(
        "HaloPSA refused this because your account lacks a permission: {}. Ask your Halo administrator to grant it.",
        .hint.trim_end_matches('.')
    )]
    Forbidden { hint: String },
    #[error(
        "{what} was not found in HaloPSA. It may have been deleted, or your account may not see it."
    )]
    NotFound { what: String },
    #[error("HaloPSA did not accept this: {}", describe(.problems))]
    Validation { problems: Vec<FieldProblem> },
    /// Caught before anything was sent.
    #[error("{message}")]
    Invalid { message: String },
    #[error(
        "HaloPSA's request limit, shared by every integration of your company, is used up. Try again in {}.",
        wait_text(*.retry_after)
    )]
    RateLimited { retry_after: Duration },
    #[error("This is larger than your HaloPSA instance accepts ({detail}).")]
    TooLarge { detail: String },
    #[error("HaloPSA answered with an error (HTTP {status}): {excerpt}")]
    Server { status: u16, excerpt: String },
    #[error("HaloPSA's answer to {context} could not be read: {detail}")]
    Decode { context: String, detail: String },
    /// The answer passed the most Halodesk reads into memory; reading stopped there. The
    /// request itself reached Halo, so a write may have been done.
    #[error(
        "HaloPSA's answer was larger than the {limit_mib} MiB Halodesk reads, so it was not read. If this was a change, check in HaloPSA whether it was saved."
    )]
    AnswerTooLarge { limit_mib: u64 },
    #[error("The file {} could not be read: {detail}", .path.display())]
    File { path: PathBuf, detail: String },
    #[error("The download could not be saved as {}: {detail}", .path.display())]
    Save { path: PathBuf, detail: String },
    #[error("The sign-in in the browser did not complete: {reason}")]
    SignInFailed { reason: String },
    #[error(
        "{filename} was uploaded but HaloPSA does not list it on ticket {ticket_id}; upload it again."
    )]
    UploadNotConfirmed { filename: String, ticket_id: i32 },
}

/// One thing HaloPSA's validation objected to. `field` is Halo's name for it, without the
/// `[0].` array prefix, when the answer named one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: Option<String>,
    pub message: String,
}

fn outcome_hint(may_have_applied: bool) -> &'static str {
    if may_have_applied {
        "It may or may not have been saved: check in HaloPSA before trying again."
    } else {
        "Nothing was changed; try again."
    }
}

/// "1 second", "40 seconds", "3 minutes", "2 hours".
fn wait_text(wait: Duration) -> String {
    let secs = wait.as_secs().max(1);
    let (amount, unit) = match secs {
        0..90 => (secs, "second"),
        90..5_400 => (secs.div_ceil(60), "minute"),
        _ => (secs.div_ceil(3_600), "hour"),
    };
    let plural = if amount == 1 { "" } else { "s" };
    format!("{amount} {unit}{plural}")
}

fn describe(problems: &[FieldProblem]) -> String {
    if problems.is_empty() {
        return "the request was invalid.".to_owned();
    }
    problems
        .iter()
        .map(|p| match &p.field {
            Some(field) => format!("{field}: {}", p.message),
            None => p.message.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    /// A stable name for the kind of failure, for callers that map it onto their own codes.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidUrl(_) => "invalidUrl",
            Self::NotHalo { .. } => "notHalo",
            Self::Tls { .. } => "tls",
            Self::Unreachable { .. } => "unreachable",
            Self::ConnectionLost { .. } => "connectionLost",
            Self::Timeout { .. } => "timeout",
            Self::BadCredentials { .. } => "badCredentials",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden { .. } => "forbidden",
            Self::NotFound { .. } => "notFound",
            Self::Validation { .. } => "validation",
            Self::Invalid { .. } => "invalid",
            Self::RateLimited { .. } => "rateLimited",
            Self::TooLarge { .. } => "tooLarge",
            Self::Server { .. } => "server",
            Self::Decode { .. } => "decode",
            Self::AnswerTooLarge { .. } => "answerTooLarge",
            Self::File { .. } => "file",
            Self::Save { .. } => "save",
            Self::SignInFailed { .. } => "signInFailed",
            Self::UploadNotConfirmed { .. } => "uploadNotConfirmed",
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A file that could not be read, said plainly for the common causes.
    pub(crate) fn file(path: &Path, error: &std::io::Error) -> Self {
        Self::File {
            path: path.to_owned(),
            detail: io_detail(error),
        }
    }

    pub(crate) fn save(path: &Path, error: &std::io::Error) -> Self {
        Self::Save {
            path: path.to_owned(),
            detail: io_detail(error),
        }
    }
}

fn io_detail(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "it no longer exists".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".to_owned(),
        std::io::ErrorKind::StorageFull => "the disk is full".to_owned(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_lists_each_field_with_its_message() {
        let error = Error::Validation {
            problems: vec![
                FieldProblem {
                    field: Some("client_id".into()),
                    message: "A Client must be entered for this Ticket.".into(),
                },
                FieldProblem {
                    field: None,
                    message: "Something else.".into(),
                },
            ],
        };
        assert_eq!(
            error.to_string(),
            "HaloPSA did not accept this: client_id: A Client must be entered for this Ticket.; Something else."
        );
    }

    #[test]
    fn a_lost_write_says_it_may_have_been_saved() {
        let error = Error::ConnectionLost {
            detail: "reset".into(),
            may_have_applied: true,
        };
        assert!(error.to_string().contains("may or may not have been saved"));
    }

    #[test]
    fn waits_read_in_the_unit_a_person_would_use() {
        assert_eq!(wait_text(Duration::ZERO), "1 second");
        assert_eq!(wait_text(Duration::from_secs(40)), "40 seconds");
        assert_eq!(wait_text(Duration::from_secs(150)), "3 minutes");
        assert_eq!(wait_text(Duration::from_secs(3_600)), "60 minutes");
        assert!(wait_text(Duration::MAX).ends_with("hours"));
    }
}
