//! The browser half of "Authorisation Code (Native Application)" sign-in: the authorize URL
//! with its state and S256 challenge, and the exchange of the code for tokens.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use url::Url;

use super::{AccessToken, Grant, request_token};
use crate::discovery::AuthServer;
use crate::error::Result;
use crate::secret::Secret;
use crate::transport::Transport;

/// Scopes a technician's sign-in asks for: everything the agent may do, and a refresh token.
const SIGN_IN_SCOPE: &str = "all offline_access";

/// One sign-in in progress: what the browser opens, and the secrets that finish it.
#[derive(Debug)]
pub struct BrowserSignIn {
    authorize_url: Url,
    state: String,
    verifier: Secret,
    client_id: String,
    redirect_uri: String,
}

impl BrowserSignIn {
    pub(crate) fn new(server: &AuthServer, client_id: &str, redirect_uri: &str) -> Self {
        let verifier = random_token();
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        let state = random_token();
        let mut authorize_url = server.authorize_url();
        authorize_url
            .query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", SIGN_IN_SCOPE)
            .append_pair("state", &state)
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256");
        Self {
            authorize_url,
            state,
            verifier: Secret::new(verifier),
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
        }
    }

    /// The page to open in the technician's browser.
    pub fn authorize_url(&self) -> &Url {
        &self.authorize_url
    }

    /// The value the redirect must carry back; anything else is not this sign-in.
    pub fn state(&self) -> &str {
        &self.state
    }

    pub(crate) fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Trades the code from the redirect for an access token and a refresh token.
    pub(crate) async fn exchange(
        &self,
        transport: &Transport,
        server: &AuthServer,
        code: &str,
    ) -> Result<(AccessToken, Option<Secret>)> {
        let form = [
            ("grant_type", "authorization_code"),
            ("client_id", self.client_id.as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("code", code),
            ("code_verifier", self.verifier.expose()),
        ];
        request_token(transport, server, &form, Grant::AuthorizationCode).await
    }
}

/// 32 random bytes, base64url: 43 characters, within PKCE's 43 to 128 for the verifier.
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authorize_url_carries_state_and_an_s256_challenge_of_the_verifier() {
        let server = AuthServer {
            url: Url::parse("https://acme.halopsa.com/auth").unwrap(),
            tenant: Some("acme".into()),
        };
        let sign_in = BrowserSignIn::new(&server, "halodesk", "http://127.0.0.1:5000/callback");
        let url = sign_in.authorize_url();
        assert_eq!(url.path(), "/auth/authorize");
        let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(query["tenant"], "acme");
        assert_eq!(query["state"], sign_in.state());
        assert_eq!(query["code_challenge_method"], "S256");
        assert_eq!(query["scope"], "all offline_access");
        let expected = URL_SAFE_NO_PAD.encode(Sha256::digest(sign_in.verifier.expose().as_bytes()));
        assert_eq!(query["code_challenge"], expected);
        assert_eq!(sign_in.verifier.expose().len(), 43);
        let other = BrowserSignIn::new(&server, "halodesk", "http://127.0.0.1:5000/callback");
        assert_ne!(other.state(), sign_in.state());
    }
}
