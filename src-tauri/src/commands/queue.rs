//! The ticket queue and its saved filters.

use std::sync::Arc;

use halodesk_core::api::*;
use halodesk_core::{AppError, Halodesk};
use tauri::State;

#[tauri::command]
pub(crate) async fn queue_snapshot(
    app: State<'_, Arc<Halodesk>>,
    request: QueueSnapshotRequest,
) -> Result<QueueSnapshot, AppError> {
    let QueueSnapshotRequest {} = request;
    app.queue_snapshot().await
}

#[tauri::command]
pub(crate) async fn queue_refresh(
    app: State<'_, Arc<Halodesk>>,
    request: QueueRefreshRequest,
) -> Result<QueueDelta, AppError> {
    app.queue_refresh(request.full).await
}

#[tauri::command]
pub(crate) async fn filter_save(
    app: State<'_, Arc<Halodesk>>,
    request: SaveFilterRequest,
) -> Result<SavedFilters, AppError> {
    app.filter_save(request.name, request.filter).await
}

#[tauri::command]
pub(crate) async fn filter_delete(
    app: State<'_, Arc<Halodesk>>,
    request: DeleteFilterRequest,
) -> Result<SavedFilters, AppError> {
    app.filter_delete(request.filter_id).await
}
