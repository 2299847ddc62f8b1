//! Working a ticket: the forms' picklists and checks, and the writes that go to the outbox.

use std::sync::Arc;

use halodesk_core::api::*;
use halodesk_core::{AppError, Halodesk};
use tauri::State;

#[tauri::command]
pub(crate) async fn workflow_choices(
    app: State<'_, Arc<Halodesk>>,
    request: WorkflowChoicesRequest,
) -> Result<WorkflowChoices, AppError> {
    let WorkflowChoicesRequest {} = request;
    app.workflow_choices().await
}

#[tauri::command]
pub(crate) async fn client_search(
    app: State<'_, Arc<Halodesk>>,
    request: ClientSearchRequest,
) -> Result<ClientMatches, AppError> {
    app.client_search(request.query).await
}

#[tauri::command]
pub(crate) async fn client_details(
    app: State<'_, Arc<Halodesk>>,
    request: ClientDetailsRequest,
) -> Result<ClientDetails, AppError> {
    app.client_details(request.client_id).await
}

#[tauri::command]
pub(crate) async fn ticket_validate(
    app: State<'_, Arc<Halodesk>>,
    request: TicketValidateRequest,
) -> Result<TicketValidation, AppError> {
    app.ticket_validate(request.form).await
}

#[tauri::command]
pub(crate) async fn ticket_duplicates(
    app: State<'_, Arc<Halodesk>>,
    request: DuplicateCheckRequest,
) -> Result<DuplicateCandidates, AppError> {
    app.ticket_duplicates(request.client_id, request.summary)
        .await
}

#[tauri::command]
pub(crate) async fn ticket_create(
    app: State<'_, Arc<Halodesk>>,
    request: TicketCreateRequest,
) -> Result<OutboxItem, AppError> {
    app.ticket_create(request).await
}

#[tauri::command]
pub(crate) async fn ticket_change(
    app: State<'_, Arc<Halodesk>>,
    request: TicketChangeRequest,
) -> Result<TicketChangeResponse, AppError> {
    app.ticket_change(request).await
}

#[tauri::command]
pub(crate) async fn action_add(
    app: State<'_, Arc<Halodesk>>,
    request: ActionAddRequest,
) -> Result<OutboxItem, AppError> {
    app.action_add(request).await
}

#[tauri::command]
pub(crate) async fn ticket_escalate(
    app: State<'_, Arc<Halodesk>>,
    request: EscalateRequest,
) -> Result<OutboxItem, AppError> {
    app.ticket_escalate(request).await
}
