//! A `mailto:` link from a ticket is rebuilt with only the recipients, subject and body. The
//! other fields RFC 6068 allows, or mail clients honour, can do harm when the technician
//! clicks: `bcc` copies the mail to a stranger, `attach`/`attachment` has some clients attach
//! a local file (a private key, a password store), `from` and the threading headers forge
//! where it seems to come from.

use url::Url;
use url::form_urlencoded::{byte_serialize, parse};

/// The fields a rebuilt link keeps, compared without regard to case.
const KEPT: [&str; 4] = ["to", "cc", "subject", "body"];

/// `link` with only its addresses and its `to`, `cc`, `subject` and `body` fields, in their
/// order; `None` if the rebuilt text is not a link (it always is, as it is built from one).
pub(super) fn rebuilt_mailto(link: &Url) -> Option<Url> {
    let mut text = format!("mailto:{}", link.path());
    let mut separator = '?';
    for (name, value) in parse(link.query().unwrap_or_default().as_bytes()) {
        let Some(kept) = KEPT.iter().find(|kept| name.eq_ignore_ascii_case(kept)) else {
            continue;
        };
        text.push(separator);
        text.push_str(kept);
        text.push('=');
        text.push_str(&encoded(&value));
        separator = '&';
    }
    Url::parse(&text).ok()
}

/// Percent-encoding as RFC 6068 asks: a space is `%20`, since mail clients read `+` as a plus.
fn encoded(value: &str) -> String {
    // The form encoder writes a space as `+` and a plus as `%2B`, so each `+` is a space.
    byte_serialize(value.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebuilt(link: &str) -> String {
        rebuilt_mailto(&Url::parse(link).unwrap())
            .unwrap()
            .to_string()
    }

    #[test]
    fn only_recipients_subject_and_body_are_kept() {
        assert_eq!(
            rebuilt(
                "mailto:help@acme.example?subject=Printer%20jam&bcc=spy@evil.example\
                 &attach=/home/tech/.ssh/id_rsa&Attachment=C:%5Ckeys.kdbx&body=Hi+there%2B1\
                 &from=ceo@acme.example&CC=boss@acme.example&In-Reply-To=%3Cx@y%3E"
            ),
            "mailto:help@acme.example?subject=Printer%20jam&body=Hi%20there%2B1\
             &cc=boss%40acme.example"
        );
        assert_eq!(
            rebuilt("mailto:a@acme.example,b@acme.example"),
            "mailto:a@acme.example,b@acme.example"
        );
        assert_eq!(
            rebuilt("mailto:?to=a@acme.example&bcc=x@evil.example"),
            "mailto:?to=a%40acme.example"
        );
    }
}
