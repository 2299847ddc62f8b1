use halopsa::Secret;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How a profile signs in. Secrets never appear here: they live in the OS keyring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SignInMethod {
    /// The simulator inside the app, with demo data.
    Demo,
    /// A "Client ID and Secret (Services)" API application; the secret is in the keyring.
    ClientSecret,
    /// The technician's own account through the browser; the refresh token is in the keyring.
    Browser,
}

/// A saved connection to one HaloPSA instance: what the profile list shows and switches to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub id: i32,
    /// What the technician calls it; the instance's host by default.
    pub name: String,
    pub method: SignInMethod,
    /// Empty for the demo, whose simulator listens on a new port each start.
    pub instance_url: String,
    pub tenant: Option<String>,
    pub client_id: String,
    /// Who `/Agent/me` said this profile signs in as, when it last connected.
    pub agent: Option<AgentSummary>,
}

/// The agent a profile acts as: the "me" of My tickets and My teams.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgentSummary {
    pub id: i32,
    pub name: String,
    pub email: String,
    /// The agent's team, by name (tickets name their team the same way).
    pub team_name: String,
}

/// Every saved profile and the one in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileList {
    pub profiles: Vec<Profile>,
    pub active_id: Option<i32>,
}

/// The profile in use: what the queue, the title bar and the demo marker read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub profile: Profile,
    pub agent: AgentSummary,
}

/// Lists the saved profiles.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct ProfileListRequest {}

/// Asks for the profile that was in use when the app last closed, without going online, so
/// the cached queue can show at once.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct SessionResumeRequest {}

/// The session to resume, if a profile was in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionResume {
    pub session: Option<Session>,
}

/// Starts the simulator inside the app and switches to the demo profile.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct DemoStartRequest {}

/// Puts the demo's data back as it was on first start.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct DemoResetRequest {}

/// Connects with an API application's client ID and secret. Nothing is saved unless the
/// connection test (`/Agent/me`) passes.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectRequest {
    pub instance_url: String,
    pub tenant: Option<String>,
    pub client_id: String,
    /// Typed by the technician; it prints as `<redacted>` in `Debug`, so a logged request
    /// never shows it. A plain string to the window.
    #[ts(type = "string")]
    pub client_secret: Secret,
    /// A name for the profile; the instance's host when empty.
    pub name: Option<String>,
}

/// Starts a browser sign-in: the app opens the instance's sign-in page in the system browser
/// and listens on loopback for its redirect.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BrowserSignInRequest {
    pub instance_url: String,
    pub tenant: Option<String>,
    /// The instance's "Authorisation Code (Native Application)" application.
    pub client_id: String,
    pub name: Option<String>,
}

/// The sign-in page that was opened, for the technician to open by hand if no browser came up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BrowserSignInStarted {
    pub authorize_url: String,
}

/// Waits until the browser comes back to the loopback redirect, then saves the profile.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct BrowserSignInFinishRequest {}

/// Gives up on a browser sign-in that is waiting.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct BrowserSignInCancelRequest {}

/// Switches to another saved profile.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileSwitchRequest {
    pub profile_id: i32,
}

/// Signs a profile out: its keyring entries, cached tickets and saved filters are removed.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignOutRequest {
    pub profile_id: i32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connect_request_prints_no_secret() {
        let request: ConnectRequest = serde_json::from_value(serde_json::json!({
            "instanceUrl": "https://acme.halopsa.com",
            "tenant": null,
            "clientId": "halodesk",
            "clientSecret": "correct-horse-battery-staple",
            "name": null,
        }))
        .unwrap();
        assert_eq!(
            request.client_secret.expose(),
            "correct-horse-battery-staple"
        );
        let printed = format!("{request:?} {request:#?}");
        assert!(!printed.contains("correct-horse"), "{printed}");
        assert!(printed.contains("<redacted>"), "{printed}");
    }
}
