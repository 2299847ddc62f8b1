//! The ticket view, and the two ways out of the app: links and attachments.

use std::sync::Arc;

use halodesk_core::api::*;
use halodesk_core::{AppError, Halodesk, checked_link};
use tauri::{AppHandle, Runtime, State};

use super::open_outside;

#[tauri::command]
pub(crate) async fn ticket_open(
    app: State<'_, Arc<Halodesk>>,
    request: TicketOpenRequest,
) -> Result<TicketView, AppError> {
    app.ticket_open(request.ticket_id).await
}

/// Saves into the download folder, or opens in the file's default app.
#[tauri::command]
pub(crate) async fn attachment_fetch<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, Arc<Halodesk>>,
    request: AttachmentRequest,
) -> Result<AttachmentSaved, AppError> {
    let downloads = super::uploads::downloads(&handle)?;
    let action = request.action;
    let saved = app.attachment_fetch(request, &downloads).await?;
    if action == AttachmentAction::Open {
        open_outside(&saved.path)?;
    }
    Ok(saved)
}

/// The UI asks the technician first; this checks the link again before it leaves the app.
#[tauri::command]
pub(crate) async fn link_open(request: OpenLinkRequest) -> Result<Done, AppError> {
    let url = checked_link(&request.url)?;
    open_outside(url.as_str())?;
    Ok(Done {})
}
