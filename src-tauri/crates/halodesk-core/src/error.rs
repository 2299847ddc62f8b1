use serde::Serialize;
use ts_rs::TS;

/// What kind of failure a command met, so the UI can react without matching message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// The app's database could not be read or written.
    Storage,
    /// The OS keyring (Secret Service, Keychain, Credential Manager) refused or is missing.
    Keyring,
    /// No profile is in use: the technician has to connect or start the demo first.
    NoSession,
    /// What was typed is not usable; nothing was sent.
    Invalid,
    /// The address is not a usable HaloPSA address.
    InvalidUrl,
    /// The address answers, but not as HaloPSA.
    NotHalo,
    /// A secure connection could not be made.
    Tls,
    /// The instance cannot be reached, or the connection dropped: work from the cache.
    Offline,
    /// The client ID or secret was refused.
    BadCredentials,
    /// The sign-in expired or was revoked (401): sign in again.
    Unauthorized,
    /// The account lacks a permission (403).
    Forbidden,
    NotFound,
    /// HaloPSA's request budget is used up (429): wait.
    RateLimited,
    /// HaloPSA answered with an error of its own.
    Server,
    /// The browser sign-in did not complete, or was cancelled.
    SignIn,
    /// A file could not be read or written.
    File,
    /// The demo's simulator could not start.
    Demo,
    /// The file runs code when opened (a program, script, shortcut, installer): Halodesk
    /// saves it but does not open it.
    UnsafeToOpen,
}

/// The one error every command returns: a code for the UI and a message for the technician,
/// saying what happened and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    /// An error of `code`, with `message` for the technician.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<halopsa::Error> for AppError {
    /// Keeps the client's message, which already says what to do, and sorts it into the few
    /// kinds the UI reacts to differently (a banner for offline, a sign-in for 401, ...).
    fn from(error: halopsa::Error) -> Self {
        use halopsa::Error as E;
        let code = match &error {
            E::InvalidUrl(_) => ErrorCode::InvalidUrl,
            E::NotHalo { .. } => ErrorCode::NotHalo,
            E::Tls { .. } => ErrorCode::Tls,
            E::Unreachable { .. } | E::ConnectionLost { .. } | E::Timeout { .. } => {
                ErrorCode::Offline
            }
            E::BadCredentials { .. } => ErrorCode::BadCredentials,
            E::Unauthorized => ErrorCode::Unauthorized,
            E::Forbidden { .. } => ErrorCode::Forbidden,
            E::NotFound { .. } => ErrorCode::NotFound,
            E::Validation { .. } | E::Invalid { .. } => ErrorCode::Invalid,
            E::RateLimited { .. } => ErrorCode::RateLimited,
            E::SignInFailed { .. } => ErrorCode::SignIn,
            E::File { .. } | E::Save { .. } => ErrorCode::File,
            _ => ErrorCode::Server,
        };
        Self::new(code, error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_errors_keep_their_message_and_sort_into_ui_kinds() {
        let offline = AppError::from(halopsa::Error::Unreachable {
            host: "acme.example".into(),
            detail: "connection refused".into(),
        });
        assert_eq!(offline.code, ErrorCode::Offline);
        assert!(
            offline
                .message
                .contains("acme.example could not be reached")
        );
        assert_eq!(
            AppError::from(halopsa::Error::Unauthorized).code,
            ErrorCode::Unauthorized
        );
        let limited = AppError::from(halopsa::Error::RateLimited {
            retry_after: std::time::Duration::from_secs(180),
        });
        assert_eq!(limited.code, ErrorCode::RateLimited);
        assert!(limited.message.contains("3 minutes"));
    }

    #[test]
    fn crosses_ipc_as_code_and_message() {
        let error = AppError::new(ErrorCode::Storage, "Halodesk cannot read its database.");
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({"code": "storage", "message": "Halodesk cannot read its database."})
        );
    }
}
