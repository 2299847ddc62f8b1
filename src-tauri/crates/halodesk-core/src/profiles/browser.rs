//! Signing in through the browser: the instance's sign-in page opens in the system browser,
//! and a loopback listener waits for it to come back with the code (PKCE).

use halopsa::{HaloClient, InstanceUrl, PendingSignIn};
use tokio_util::sync::CancellationToken;

use super::commands::{profile_name, required, save_profile};
use super::secrets::SecretKind;
use super::store::NewProfile;
use crate::app::agent_summary;
use crate::ipc::{
    BrowserSignInCancelRequest, BrowserSignInFinishRequest, BrowserSignInRequest,
    BrowserSignInStarted, Done, Session, SignInMethod,
};
use crate::{AppError, ErrorCode, Halodesk};

/// A browser sign-in waiting for its redirect.
#[derive(Debug)]
pub(crate) struct PendingBrowser {
    sign_in: Option<PendingSignIn>,
    request: BrowserSignInRequest,
    instance: InstanceUrl,
    cancel: CancellationToken,
}

impl Halodesk {
    /// Prepares the browser sign-in and opens its page in the system browser; the page is
    /// returned too, for the technician to open by hand when the browser did not come up.
    /// When no default app takes the page at all, the error says so.
    pub async fn browser_sign_in_start(
        &self,
        request: BrowserSignInRequest,
    ) -> Result<BrowserSignInStarted, AppError> {
        let client_id = required(&request.client_id, "the client ID")?;
        let instance = InstanceUrl::parse(&request.instance_url)
            .map_err(halopsa::Error::from)?
            .with_tenant(request.tenant.as_deref());
        let sign_in = HaloClient::begin_sign_in(instance.clone(), &client_id, self.options).await?;
        let authorize_url = sign_in.authorize_url().to_string();
        let pending = PendingBrowser {
            sign_in: Some(sign_in),
            request,
            instance,
            cancel: CancellationToken::new(),
        };
        // A sign-in started again replaces the one before; its listener closes with it.
        if let Some(previous) = self.pending_sign_in().replace(pending) {
            previous.cancel.cancel();
        }
        let (desktop, page) = (self.desktop.clone(), authorize_url.clone());
        self.off_thread(move || desktop.open(&page)).await?;
        Ok(BrowserSignInStarted { authorize_url })
    }

    /// Waits for the browser to come back, then tests and saves the profile.
    pub async fn browser_sign_in_finish(
        &self,
        request: BrowserSignInFinishRequest,
    ) -> Result<Session, AppError> {
        let BrowserSignInFinishRequest {} = request;
        let (sign_in, request, instance, cancel) = {
            let mut slot = self.pending_sign_in();
            let pending = slot.as_mut().ok_or_else(|| {
                AppError::new(
                    ErrorCode::SignIn,
                    "No browser sign-in is waiting. Start it again.",
                )
            })?;
            let sign_in = pending.sign_in.take().ok_or_else(|| {
                AppError::new(
                    ErrorCode::SignIn,
                    "This browser sign-in is already being finished.",
                )
            })?;
            (
                sign_in,
                pending.request.clone(),
                pending.instance.clone(),
                pending.cancel.clone(),
            )
        };
        let finished = tokio::select! {
            finished = sign_in.finish() => finished,
            () = cancel.cancelled() => {
                return Err(AppError::new(ErrorCode::SignIn, "The browser sign-in was cancelled."));
            }
        };
        self.pending_sign_in().take();
        let client = finished?;
        let refresh_token = client.refresh_token().borrow().clone().ok_or_else(|| {
            AppError::new(
                ErrorCode::SignIn,
                "HaloPSA signed you in but gave no refresh token, so Halodesk could not stay signed in. Ask your Halo administrator to allow the offline_access scope for this application.",
            )
        })?;
        let agent = agent_summary(&client.me().await?);
        let new = NewProfile {
            name: profile_name(request.name.as_deref(), &instance),
            method: SignInMethod::Browser,
            instance_url: instance.to_string(),
            tenant: instance.tenant().map(str::to_owned),
            client_id: request.client_id.trim().to_owned(),
            agent: Some(agent),
        };
        let profile = self
            .blocking(move |store, secrets| {
                save_profile(
                    store,
                    secrets,
                    &new,
                    SecretKind::RefreshToken,
                    &refresh_token,
                )
            })
            .await?;
        self.activate(profile, Some(client)).await
    }

    /// Gives up on the browser sign-in that waits; its listener closes.
    pub async fn browser_sign_in_cancel(
        &self,
        request: BrowserSignInCancelRequest,
    ) -> Result<Done, AppError> {
        let BrowserSignInCancelRequest {} = request;
        if let Some(pending) = self.pending_sign_in().take() {
            pending.cancel.cancel();
        }
        Ok(Done {})
    }

    fn pending_sign_in(&self) -> std::sync::MutexGuard<'_, Option<PendingBrowser>> {
        self.sign_in
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
