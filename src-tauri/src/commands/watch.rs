//! The SLA watch's settings, snoozes and pause.

use std::sync::Arc;

use halodesk_core::api::*;
use halodesk_core::{AppError, Halodesk};
use tauri::State;

#[tauri::command]
pub(crate) async fn watch_settings(
    app: State<'_, Arc<Halodesk>>,
    request: WatchSettingsRequest,
) -> Result<WatchSettings, AppError> {
    let WatchSettingsRequest {} = request;
    app.watch_settings().await
}

#[tauri::command]
pub(crate) async fn watch_settings_save(
    app: State<'_, Arc<Halodesk>>,
    request: WatchSettingsSaveRequest,
) -> Result<WatchSettings, AppError> {
    app.watch_settings_save(request.settings).await
}

#[tauri::command]
pub(crate) async fn watch_status(
    app: State<'_, Arc<Halodesk>>,
    request: WatchStatusRequest,
) -> Result<WatchStatus, AppError> {
    let WatchStatusRequest {} = request;
    app.watch_status().await
}

#[tauri::command]
pub(crate) async fn watch_snooze(
    app: State<'_, Arc<Halodesk>>,
    request: SnoozeRequest,
) -> Result<WatchStatus, AppError> {
    app.watch_snooze(request.ticket_id, request.minutes).await
}

#[tauri::command]
pub(crate) async fn watch_pause(
    app: State<'_, Arc<Halodesk>>,
    request: PauseNotificationsRequest,
) -> Result<WatchStatus, AppError> {
    app.watch_pause(request.minutes).await
}
