//! Handing a link or a file to the desktop's default app.

use halodesk_core::{AppError, ErrorCode};

/// Hands a web address or a file to the desktop's default app (the browser for links),
/// without waiting for it.
pub fn open_outside(target: &str) -> Result<(), AppError> {
    open::that_detached(target).map_err(|error| {
        AppError::new(
            ErrorCode::File,
            format!("{target} could not be opened: no default app answered ({error})."),
        )
    })
}
