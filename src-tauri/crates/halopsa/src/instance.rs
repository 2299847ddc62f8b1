use std::fmt;
use std::net::IpAddr;

use url::{Host, Url};

/// The address of a HaloPSA instance, as a technician would paste it from the browser.
///
/// Only `https` is accepted, except on loopback where the simulator and local test servers
/// listen over plain `http`. Pasted suffixes such as `/api`, `/auth` or a trailing slash are
/// dropped so that `api()` and `auth()` always build on the instance root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceUrl {
    url: Url,
    tenant: Option<String>,
}

/// Why a typed instance address was refused; each message says what to type instead.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InstanceUrlError {
    #[error(
        "Enter the address of your HaloPSA instance, for example https://yourcompany.halopsa.com"
    )]
    Empty,
    #[error("\"{input}\" is not a web address: {reason}")]
    Unparsable { input: String, reason: String },
    #[error("HaloPSA must be reached over https; \"{0}\" would send your credentials unencrypted")]
    InsecureScheme(String),
    #[error("\"{0}\" is not an http or https address")]
    UnsupportedScheme(String),
    #[error(
        "Remove the user name or password from the address; sign-in details are asked for separately"
    )]
    EmbeddedCredentials,
    #[error("Remove the \"?\" or \"#\" part from the address; only the instance address is needed")]
    QueryOrFragment,
}

/// Path suffixes that people copy along with the instance address.
const PASTED_SUFFIXES: [&str; 2] = ["/api", "/auth"];

impl InstanceUrl {
    /// Parses what a technician typed: `yourcompany.halopsa.com` gets `https://` in front.
    pub fn parse(input: &str) -> Result<Self, InstanceUrlError> {
        let mut url = secure_url(input)?;
        let mut path = url.path().trim_end_matches('/').to_owned();
        for suffix in PASTED_SUFFIXES {
            if path.to_ascii_lowercase().ends_with(suffix) {
                path.truncate(path.len() - suffix.len());
            }
        }
        url.set_path(&path);
        Ok(Self { url, tenant: None })
    }

    /// Names the hosted tenant to sign in to, for a host that serves several and does not
    /// announce one. Blank means none.
    pub fn with_tenant(mut self, tenant: Option<&str>) -> Self {
        self.tenant = tenant
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        self
    }

    /// The tenant named with [`Self::with_tenant`], if any.
    pub fn tenant(&self) -> Option<&str> {
        self.tenant.as_deref()
    }

    /// The resource server, `{base}/api`.
    pub fn api(&self) -> Url {
        self.join("api")
    }

    /// The auth server of a self-hosted instance, `{base}/auth`; hosted tenants announce
    /// another one through `/api/authinfo`.
    pub fn auth(&self) -> Url {
        self.join("auth")
    }

    /// Whether requests go to this machine, where plain http is allowed.
    pub fn is_loopback(&self) -> bool {
        is_loopback(&self.url)
    }

    fn join(&self, segment: &str) -> Url {
        let mut url = self.url.clone();
        let base = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{base}/{segment}"));
        url
    }
}

impl fmt::Display for InstanceUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.url.as_str().trim_end_matches('/'))
    }
}

/// Checks an address the way [`InstanceUrl::parse`] does, but keeps its path whole: for an
/// auth server that an instance announces.
pub(crate) fn secure_url(input: &str) -> Result<Url, InstanceUrlError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(InstanceUrlError::Empty);
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let url = Url::parse(&with_scheme).map_err(|e| InstanceUrlError::Unparsable {
        input: trimmed.to_owned(),
        reason: e.to_string(),
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => return Err(InstanceUrlError::InsecureScheme(trimmed.to_owned())),
        _ => return Err(InstanceUrlError::UnsupportedScheme(trimmed.to_owned())),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(InstanceUrlError::EmbeddedCredentials);
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(InstanceUrlError::QueryOrFragment);
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(input: &str) -> String {
        InstanceUrl::parse(input).unwrap().to_string()
    }

    #[test]
    fn a_bare_host_becomes_https() {
        assert_eq!(parsed("acme.halopsa.com"), "https://acme.halopsa.com");
    }

    #[test]
    fn pasted_suffixes_and_slashes_are_dropped() {
        assert_eq!(
            parsed(" https://acme.halopsa.com/api/ "),
            "https://acme.halopsa.com"
        );
        assert_eq!(
            parsed("https://acme.halopsa.com/AUTH"),
            "https://acme.halopsa.com"
        );
        assert_eq!(
            parsed("https://acme.example/halo/"),
            "https://acme.example/halo"
        );
    }

    #[test]
    fn api_and_auth_build_on_the_instance_root() {
        let url = InstanceUrl::parse("https://acme.example/halo/api").unwrap();
        assert_eq!(url.api().as_str(), "https://acme.example/halo/api");
        assert_eq!(url.auth().as_str(), "https://acme.example/halo/auth");
        let root = InstanceUrl::parse("https://acme.halopsa.com").unwrap();
        assert_eq!(root.api().as_str(), "https://acme.halopsa.com/api");
    }

    #[test]
    fn plain_http_is_refused_except_on_loopback() {
        assert_eq!(
            InstanceUrl::parse("http://acme.halopsa.com"),
            Err(InstanceUrlError::InsecureScheme(
                "http://acme.halopsa.com".into()
            ))
        );
        for local in [
            "http://127.0.0.1:8787",
            "http://localhost:8787",
            "http://[::1]:8787",
        ] {
            let url = InstanceUrl::parse(local).unwrap();
            assert!(url.is_loopback(), "{local}");
        }
        assert!(
            !InstanceUrl::parse("https://acme.halopsa.com")
                .unwrap()
                .is_loopback()
        );
    }

    #[test]
    fn addresses_that_cannot_be_an_instance_are_refused() {
        assert_eq!(InstanceUrl::parse("  "), Err(InstanceUrlError::Empty));
        assert!(matches!(
            InstanceUrl::parse("ftp://acme.example"),
            Err(InstanceUrlError::UnsupportedScheme(_))
        ));
        assert_eq!(
            InstanceUrl::parse("https://me:pw@acme.example"),
            Err(InstanceUrlError::EmbeddedCredentials)
        );
        assert_eq!(
            InstanceUrl::parse("https://acme.example/?tenant=x"),
            Err(InstanceUrlError::QueryOrFragment)
        );
        assert!(matches!(
            InstanceUrl::parse("https://exa mple.com"),
            Err(InstanceUrlError::Unparsable { .. })
        ));
    }

    #[test]
    fn every_error_reads_as_a_sentence_for_a_technician() {
        let message = InstanceUrl::parse("http://acme.halopsa.com")
            .unwrap_err()
            .to_string();
        assert!(message.contains("https"), "{message}");
    }
}
