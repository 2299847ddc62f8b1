use serde::Serialize;
use ts_rs::TS;

/// What kind of failure a command met, so the UI can react without matching message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// The app's own data directory could not be found or created.
    DataDir,
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
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosses_ipc_as_code_and_message() {
        let error = AppError::new(ErrorCode::DataDir, "Halodesk cannot find its data folder.");
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({"code": "dataDir", "message": "Halodesk cannot find its data folder."})
        );
    }
}
