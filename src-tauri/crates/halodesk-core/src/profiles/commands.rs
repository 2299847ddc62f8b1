//! Saved connections: testing and saving them, signing in through the browser, switching and
//! signing out. The profile goes to the database, its secret to the keyring, never the reverse.

use halopsa::{Credentials, HaloClient, InstanceUrl, Secret};
use tokio::task::JoinHandle;

use super::secrets::{SecretKind, SecretStore};
use super::store::NewProfile;
use crate::app::agent_summary;
use crate::ipc::{
    ConnectRequest, DemoStartRequest, Profile, ProfileList, ProfileListRequest,
    ProfileSwitchRequest, Session, SessionResume, SessionResumeRequest, SignInMethod,
    SignOutRequest,
};
use crate::store::Store;
use crate::{AppError, ErrorCode, Halodesk};

impl Halodesk {
    /// Every saved profile, and the one in use.
    pub async fn profile_list(&self, request: ProfileListRequest) -> Result<ProfileList, AppError> {
        let ProfileListRequest {} = request;
        self.blocking(|store, _| {
            Ok(ProfileList {
                profiles: store.profiles()?,
                active_id: store.active_profile_id()?,
            })
        })
        .await
    }

    /// The profile in use when the app last closed, without going online.
    /// Launched with `demo_when_new`, a first start (no profile saved at all) goes straight
    /// into the demo instead of the welcome screen: `halodesk --demo`, what `npm run app` opens.
    pub async fn session_resume(
        &self,
        request: SessionResumeRequest,
    ) -> Result<SessionResume, AppError> {
        let SessionResumeRequest {} = request;
        let demo_when_new = self.launch.demo_when_new;
        let (profile, any_saved) = self
            .blocking(|store, _| {
                let active = match store.active_profile_id()? {
                    Some(id) => store.profile(id)?,
                    None => None,
                };
                Ok((active, !store.profiles()?.is_empty()))
            })
            .await?;
        let Some(profile) = profile.filter(|p| p.agent.is_some()) else {
            if demo_when_new && !any_saved {
                let session = self.demo_start(DemoStartRequest {}).await?;
                return Ok(SessionResume {
                    session: Some(session),
                });
            }
            return Ok(SessionResume { session: None });
        };
        if profile.method == SignInMethod::Demo {
            return self
                .demo_start(DemoStartRequest {})
                .await
                .map(|session| SessionResume {
                    session: Some(session),
                });
        }
        let session = self.activate(profile, None).await?;
        Ok(SessionResume {
            session: Some(session),
        })
    }

    /// Tests the connection (`/Agent/me`) and saves the profile only if it passes.
    pub async fn connect_client_secret(
        &self,
        request: ConnectRequest,
    ) -> Result<Session, AppError> {
        let client_id = required(&request.client_id, "the client ID")?;
        let secret = Secret::new(required(
            request.client_secret.expose(),
            "the client secret",
        )?);
        let instance = InstanceUrl::parse(&request.instance_url)
            .map_err(halopsa::Error::from)?
            .with_tenant(request.tenant.as_deref());
        let credentials = Credentials::ClientSecret {
            client_id: client_id.clone(),
            client_secret: secret.clone(),
        };
        let client = HaloClient::connect(instance.clone(), credentials, self.options).await?;
        let agent = agent_summary(&client.me().await?);
        let new = NewProfile {
            name: profile_name(request.name.as_deref(), &instance),
            method: SignInMethod::ClientSecret,
            instance_url: instance.to_string(),
            tenant: instance.tenant().map(str::to_owned),
            client_id,
            agent: Some(agent),
        };
        let profile = self
            .blocking(move |store, secrets| {
                save_profile(store, secrets, &new, SecretKind::ClientSecret, &secret)
            })
            .await?;
        self.activate(profile, Some(client)).await
    }

    /// Switches profiles. The new one connects on its first request, so its cache shows first.
    pub async fn profile_switch(&self, request: ProfileSwitchRequest) -> Result<Session, AppError> {
        let ProfileSwitchRequest { profile_id } = request;
        let profile = self
            .blocking(move |store, _| store.profile(profile_id).map_err(AppError::from))
            .await?
            .ok_or_else(|| {
                AppError::new(ErrorCode::NotFound, "That connection no longer exists.")
            })?;
        if profile.method == SignInMethod::Demo {
            return self.demo_start(DemoStartRequest {}).await;
        }
        self.activate(profile, None).await
    }

    /// Removes the profile's keyring entries first: if the keyring refuses, the profile stays,
    /// so the technician is never told a secret is gone when it is not. Refused while any of
    /// its writes or uploads is unfinished, which signing out would lose. Its uploads stop,
    /// and its opened attachments and pasted screenshots are removed with it.
    pub async fn sign_out(&self, request: SignOutRequest) -> Result<ProfileList, AppError> {
        let SignOutRequest { profile_id } = request;
        let (waiting, uploading) = self
            .blocking(move |store, _| {
                Ok((
                    store.outbox_undelivered(profile_id)?,
                    store.uploads_unfinished(profile_id)?,
                ))
            })
            .await?;
        if waiting > 0 {
            return Err(AppError::new(
                ErrorCode::Invalid,
                format!(
                    "{waiting} change(s) made with this connection are not in HaloPSA yet. Let them send, or discard them in the outbox, then sign out: signing out now would lose them."
                ),
            ));
        }
        if uploading > 0 {
            return Err(AppError::new(
                ErrorCode::Invalid,
                format!(
                    "{uploading} file(s) attached with this connection are not on their tickets yet. Let them finish, or cancel them, then sign out: signing out now would lose them."
                ),
            ));
        }
        self.deactivate(profile_id).await;
        // One queued in the moment since the count goes no further.
        self.stop_uploads_of(profile_id);
        let (next, pasted) = self
            .blocking(move |store, secrets| {
                for kind in SecretKind::ALL {
                    secrets.delete(&kind.entry_name(profile_id))?;
                }
                let pasted = store.uploads_owned_files(profile_id)?;
                store.delete_profile(profile_id)?;
                let next = match store.active_profile_id()? {
                    Some(id) => store.profile(id)?,
                    None => store.profiles()?.into_iter().next(),
                };
                Ok((next, pasted))
            })
            .await?;
        self.forget_profile_files(profile_id, pasted).await;
        if !self.in_session().await {
            match next {
                Some(profile) if profile.method != SignInMethod::Demo => {
                    self.activate(profile, None).await?;
                }
                _ => self.store.set_active_profile(None)?,
            }
        }
        self.profile_list(ProfileListRequest {}).await
    }

    /// Connects a saved profile with its secret from the keyring.
    pub(crate) async fn connect_profile(&self, profile: &Profile) -> Result<HaloClient, AppError> {
        if profile.method == SignInMethod::Demo {
            return self.demo_client().await;
        }
        let kind = match profile.method {
            SignInMethod::Browser => SecretKind::RefreshToken,
            _ => SecretKind::ClientSecret,
        };
        let entry = kind.entry_name(profile.id);
        let secret = self
            .blocking(move |_, secrets| Ok(secrets.get(&entry)?))
            .await?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Unauthorized,
                    "This connection's secret is no longer in the keyring. Sign in again.",
                )
            })?;
        let instance = InstanceUrl::parse(&profile.instance_url)
            .map_err(halopsa::Error::from)?
            .with_tenant(profile.tenant.as_deref());
        let credentials = match kind {
            SecretKind::RefreshToken => Credentials::RefreshToken {
                client_id: profile.client_id.clone(),
                refresh_token: secret,
            },
            SecretKind::ClientSecret => Credentials::ClientSecret {
                client_id: profile.client_id.clone(),
                client_secret: secret,
            },
        };
        Ok(HaloClient::connect(instance, credentials, self.options).await?)
    }

    /// Follows the refresh token a browser sign-in renews, into the keyring.
    pub(crate) fn keep_refresh_token(
        &self,
        profile: &Profile,
        client: &HaloClient,
    ) -> Option<JoinHandle<()>> {
        if profile.method != SignInMethod::Browser {
            return None;
        }
        let mut tokens = client.refresh_token();
        let secrets = self.secrets.clone();
        let entry = SecretKind::RefreshToken.entry_name(profile.id);
        Some(tokio::spawn(async move {
            while tokens.changed().await.is_ok() {
                let Some(token) = tokens.borrow_and_update().clone() else {
                    continue;
                };
                let (secrets, entry) = (secrets.clone(), entry.clone());
                let stored = tokio::task::spawn_blocking(move || secrets.set(&entry, &token)).await;
                if !matches!(stored, Ok(Ok(()))) {
                    tracing::warn!("a renewed refresh token could not be written to the keyring");
                }
            }
        }))
    }
}

/// Saves the profile (or updates the same connection saved before) and its secret. If the
/// keyring refuses the secret, a new profile is removed again: no half-saved connection.
pub(super) fn save_profile(
    store: &Store,
    secrets: &dyn SecretStore,
    new: &NewProfile,
    kind: SecretKind,
    secret: &Secret,
) -> Result<Profile, AppError> {
    let existing = store.profiles()?.into_iter().find(|p| {
        p.method == new.method
            && p.instance_url == new.instance_url
            && p.tenant == new.tenant
            && p.client_id == new.client_id
    });
    let (profile, created) = match existing {
        Some(profile) => {
            if let Some(agent) = &new.agent {
                store.set_profile_agent(profile.id, agent)?;
            }
            (store.profile(profile.id)?.unwrap_or(profile), false)
        }
        None => (store.add_profile(new)?, true),
    };
    if let Err(error) = secrets.set(&kind.entry_name(profile.id), secret) {
        if created {
            store.delete_profile(profile.id)?;
        }
        return Err(error.into());
    }
    Ok(profile)
}

pub(super) fn required(value: &str, what: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::new(ErrorCode::Invalid, format!("Enter {what}.")));
    }
    Ok(value.to_owned())
}

pub(super) fn profile_name(typed: Option<&str>, instance: &InstanceUrl) -> String {
    typed
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| {
            let text = instance.to_string();
            let host = text.split("://").nth(1).unwrap_or(&text);
            host.to_owned()
        })
}
