//! Attachments going up (dropped, pasted, picked) and the folder they come down to. Paths
//! reach Rust from the OS (a drop, a dialog), never from the page.

use std::path::PathBuf;
use std::sync::Arc;

use halodesk_core::api::*;
use halodesk_core::{AppError, ErrorCode, Halodesk};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::{DialogExt, FilePath};
use tokio::sync::oneshot;

#[tauri::command]
pub(crate) async fn upload_drop(
    app: State<'_, Arc<Halodesk>>,
    request: UploadDropRequest,
) -> Result<UploadList, AppError> {
    app.upload_drop(request.drop_id, request.ticket_id, request.options)
        .await
}

#[tauri::command]
pub(crate) async fn upload_paste(
    app: State<'_, Arc<Halodesk>>,
    request: UploadPasteRequest,
) -> Result<UploadList, AppError> {
    app.upload_paste(request.ticket_id, request.options).await
}

/// Opens the system's file dialog; choosing nothing queues nothing.
#[tauri::command]
pub(crate) async fn upload_pick<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, Arc<Halodesk>>,
    request: UploadPickRequest,
) -> Result<UploadList, AppError> {
    let (chosen, picked) = oneshot::channel();
    let mut dialog = handle.dialog().file().set_title("Attach files");
    if let Some(window) = handle.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog.pick_files(move |paths| {
        let _ = chosen.send(paths.unwrap_or_default());
    });
    let paths = local_paths(picked.await.unwrap_or_default());
    if paths.is_empty() {
        return app.upload_list(Some(request.ticket_id)).await;
    }
    app.upload_files(request.ticket_id, paths, request.options)
        .await
}

#[tauri::command]
pub(crate) async fn upload_list(
    app: State<'_, Arc<Halodesk>>,
    request: UploadListRequest,
) -> Result<UploadList, AppError> {
    app.upload_list(request.ticket_id).await
}

#[tauri::command]
pub(crate) async fn upload_cancel(
    app: State<'_, Arc<Halodesk>>,
    request: UploadCancelRequest,
) -> Result<UploadList, AppError> {
    app.upload_cancel(request.id).await
}

#[tauri::command]
pub(crate) async fn upload_retry(
    app: State<'_, Arc<Halodesk>>,
    request: UploadRetryRequest,
) -> Result<UploadList, AppError> {
    app.upload_retry(request.id).await
}

#[tauri::command]
pub(crate) async fn upload_clear(
    app: State<'_, Arc<Halodesk>>,
    request: UploadClearRequest,
) -> Result<UploadList, AppError> {
    app.upload_clear(request.ticket_id).await
}

#[tauri::command]
pub(crate) async fn download_folder<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, Arc<Halodesk>>,
    _request: DownloadFolderRequest,
) -> Result<DownloadFolder, AppError> {
    app.download_folder(&downloads(&handle)?).await
}

/// Opens the system's folder dialog; choosing nothing keeps the folder.
#[tauri::command]
pub(crate) async fn download_folder_choose<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, Arc<Halodesk>>,
    _request: DownloadFolderChooseRequest,
) -> Result<DownloadFolder, AppError> {
    let current = app.download_folder(&downloads(&handle)?).await?;
    let (chosen, picked) = oneshot::channel();
    let mut dialog = handle
        .dialog()
        .file()
        .set_title("Save attachments to")
        .set_directory(&current.path);
    if let Some(window) = handle.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog.pick_folder(move |folder| {
        let _ = chosen.send(folder);
    });
    match picked.await.ok().flatten().and_then(|f| f.into_path().ok()) {
        Some(folder) => app.download_folder_set(&folder).await,
        None => Ok(current),
    }
}

/// The Downloads folder, where saved attachments go until the technician picks another. A
/// desktop that names none (no XDG user dirs) gets `~/Downloads`, as file managers assume.
pub(crate) fn downloads<R: Runtime>(handle: &AppHandle<R>) -> Result<PathBuf, AppError> {
    let paths = handle.path();
    paths
        .download_dir()
        .or_else(|_| paths.home_dir().map(|home| home.join("Downloads")))
        .map_err(|error| {
            AppError::new(
                ErrorCode::File,
                format!("Halodesk cannot find your Downloads folder ({error})."),
            )
        })
}

/// Desktop dialogs answer local paths; anything else (a mobile content URI) is skipped.
fn local_paths(picked: Vec<FilePath>) -> Vec<PathBuf> {
    picked
        .into_iter()
        .filter_map(|path| path.into_path().ok())
        .collect()
}
