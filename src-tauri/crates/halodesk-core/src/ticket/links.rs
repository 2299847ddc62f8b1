//! Links in a ticket leave the app only as web or mail links, mail links rebuilt.

use super::mailto::rebuilt_mailto;
use crate::{AppError, ErrorCode};

/// Only web and mail links leave the app; anything else (`file:`, `javascript:`, custom
/// schemes that launch programs) is refused before the system opener sees it. A mail link goes
/// as [`rebuilt_mailto`] rebuilds it.
pub(crate) fn checked_link(url: &str) -> Result<url::Url, AppError> {
    let parsed = url::Url::parse(url.trim()).map_err(|_| {
        AppError::new(
            ErrorCode::Invalid,
            format!("\"{url}\" is not a web address."),
        )
    })?;
    match parsed.scheme() {
        "http" | "https" => Ok(parsed),
        "mailto" => rebuilt_mailto(&parsed).ok_or_else(|| {
            AppError::new(
                ErrorCode::Invalid,
                format!("\"{url}\" is not an email link Halodesk can open."),
            )
        }),
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
        assert_eq!(
            checked_link("mailto:help@acme.example?subject=Hi&attach=/etc/passwd")
                .unwrap()
                .as_str(),
            "mailto:help@acme.example?subject=Hi",
            "mail links are opened rebuilt"
        );
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
