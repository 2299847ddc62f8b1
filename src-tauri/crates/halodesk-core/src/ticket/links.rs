//! Links in a ticket leave the app only as web or mail links.

use crate::{AppError, ErrorCode};

/// Only web and mail links leave the app; anything else (`file:`, `javascript:`, custom
/// schemes that launch programs) is refused before the system opener sees it.
pub(crate) fn checked_link(url: &str) -> Result<url::Url, AppError> {
    let parsed = url::Url::parse(url.trim()).map_err(|_| {
        AppError::new(
            ErrorCode::Invalid,
            format!("\"{url}\" is not a web address."),
        )
    })?;
    match parsed.scheme() {
        "http" | "https" | "mailto" => Ok(parsed),
        scheme => Err(AppError::new(
            ErrorCode::Invalid,
            format!("Halodesk opens only web and email links, not \"{scheme}:\" links."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_are_opened() {
        assert!(checked_link("https://acme.example/kb/1").is_ok());
        assert!(checked_link("mailto:help@acme.example").is_ok());
        for hostile in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ms-settings:",
            "not a url",
        ] {
            assert_eq!(
                checked_link(hostile).unwrap_err().code,
                ErrorCode::Invalid,
                "{hostile}"
            );
        }
    }
}
