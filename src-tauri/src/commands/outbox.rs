//! The outbox, drafts and timers: what keeps a technician's work from being lost.

use std::sync::Arc;

use halodesk_core::api::*;
use halodesk_core::{AppError, Halodesk};
use tauri::State;

#[tauri::command]
pub(crate) async fn outbox_list(
    app: State<'_, Arc<Halodesk>>,
    request: OutboxListRequest,
) -> Result<OutboxList, AppError> {
    let OutboxListRequest {} = request;
    app.outbox_list().await
}

#[tauri::command]
pub(crate) async fn outbox_retry(
    app: State<'_, Arc<Halodesk>>,
    request: OutboxRetryRequest,
) -> Result<OutboxList, AppError> {
    app.outbox_retry(request.id).await
}

#[tauri::command]
pub(crate) async fn outbox_discard(
    app: State<'_, Arc<Halodesk>>,
    request: OutboxDiscardRequest,
) -> Result<OutboxList, AppError> {
    app.outbox_discard(request.id).await
}

#[tauri::command]
pub(crate) async fn draft_save(
    app: State<'_, Arc<Halodesk>>,
    request: DraftSaveRequest,
) -> Result<Done, AppError> {
    app.draft_save(request.key, request.body).await
}

#[tauri::command]
pub(crate) async fn draft_get(
    app: State<'_, Arc<Halodesk>>,
    request: DraftGetRequest,
) -> Result<DraftFound, AppError> {
    app.draft_get(request.key).await
}

#[tauri::command]
pub(crate) async fn draft_clear(
    app: State<'_, Arc<Halodesk>>,
    request: DraftClearRequest,
) -> Result<Done, AppError> {
    app.draft_clear(request.key).await
}

#[tauri::command]
pub(crate) async fn timer_update(
    app: State<'_, Arc<Halodesk>>,
    request: TimerRequest,
) -> Result<TimerList, AppError> {
    app.timer_update(request.ticket_id, request.op).await
}

#[tauri::command]
pub(crate) async fn timer_list(
    app: State<'_, Arc<Halodesk>>,
    request: TimerListRequest,
) -> Result<TimerList, AppError> {
    let TimerListRequest {} = request;
    app.timer_list().await
}
