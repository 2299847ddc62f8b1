//! Profiles, sign-in and the demo.

use std::sync::Arc;

use halodesk_core::api::*;
use halodesk_core::{AppError, Halodesk};
use tauri::State;

use super::open_outside;
use crate::LaunchOptions;

#[tauri::command]
pub(crate) async fn profile_list(
    app: State<'_, Arc<Halodesk>>,
    request: ProfileListRequest,
) -> Result<ProfileList, AppError> {
    let ProfileListRequest {} = request;
    app.profile_list().await
}

#[tauri::command]
pub(crate) async fn session_resume(
    app: State<'_, Arc<Halodesk>>,
    launch: State<'_, LaunchOptions>,
    request: SessionResumeRequest,
) -> Result<SessionResume, AppError> {
    let SessionResumeRequest {} = request;
    app.session_resume(launch.demo).await
}

#[tauri::command]
pub(crate) async fn demo_start(
    app: State<'_, Arc<Halodesk>>,
    request: DemoStartRequest,
) -> Result<Session, AppError> {
    let DemoStartRequest {} = request;
    app.demo_start().await
}

#[tauri::command]
pub(crate) async fn demo_reset(
    app: State<'_, Arc<Halodesk>>,
    request: DemoResetRequest,
) -> Result<Session, AppError> {
    let DemoResetRequest {} = request;
    app.demo_reset().await
}

#[tauri::command]
pub(crate) async fn connect_client_secret(
    app: State<'_, Arc<Halodesk>>,
    request: ConnectRequest,
) -> Result<Session, AppError> {
    app.connect_client_secret(request).await
}

/// Opens the instance's sign-in page in the system browser; the page is returned too, for the
/// technician to open by hand when no browser came up.
#[tauri::command]
pub(crate) async fn browser_sign_in_start(
    app: State<'_, Arc<Halodesk>>,
    request: BrowserSignInRequest,
) -> Result<BrowserSignInStarted, AppError> {
    let started = app.browser_sign_in_start(request).await?;
    open_outside(&started.authorize_url)?;
    Ok(started)
}

#[tauri::command]
pub(crate) async fn browser_sign_in_finish(
    app: State<'_, Arc<Halodesk>>,
    request: BrowserSignInFinishRequest,
) -> Result<Session, AppError> {
    let BrowserSignInFinishRequest {} = request;
    app.browser_sign_in_finish().await
}

#[tauri::command]
pub(crate) async fn browser_sign_in_cancel(
    app: State<'_, Arc<Halodesk>>,
    request: BrowserSignInCancelRequest,
) -> Result<Done, AppError> {
    let BrowserSignInCancelRequest {} = request;
    Ok(app.browser_sign_in_cancel())
}

#[tauri::command]
pub(crate) async fn profile_switch(
    app: State<'_, Arc<Halodesk>>,
    request: ProfileSwitchRequest,
) -> Result<Session, AppError> {
    app.profile_switch(request.profile_id).await
}

#[tauri::command]
pub(crate) async fn sign_out(
    app: State<'_, Arc<Halodesk>>,
    request: SignOutRequest,
) -> Result<ProfileList, AppError> {
    app.sign_out(request.profile_id).await
}
