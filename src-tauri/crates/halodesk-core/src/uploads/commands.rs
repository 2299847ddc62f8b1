//! The upload commands: files dropped, pasted or picked are looked at and stored before
//! anything is sent; the list, cancel, retry and clear.

use std::path::{Path, PathBuf};
use std::sync::PoisonError;

use chrono::Local;

use super::inspect::inspect;
use super::store::{NewUpload, UploadRow};
use crate::files::{create_folder, reserve_name};
use crate::ipc::{
    UploadCancelRequest, UploadClearRequest, UploadDropRequest, UploadList, UploadListRequest,
    UploadOptions, UploadPasteRequest, UploadPickRequest, UploadRetryRequest, UploadState,
};
use crate::{AppError, ErrorCode, Halodesk};

/// Drops the page has not claimed yet; older ones are forgotten.
const PENDING_DROPS: usize = 16;

/// Where pasted screenshots are written, inside the app's data folder: a folder per profile,
/// removed when the profile signs out.
const PASTED_DIR: &str = "pasted";

/// The folder of one profile's pasted screenshots.
pub(crate) fn pasted_folder(data_dir: &Path, profile_id: i32) -> PathBuf {
    data_dir.join(PASTED_DIR).join(profile_id.to_string())
}

impl Halodesk {
    /// Keeps the paths of a drop until the page claims them with [`Self::upload_drop`].
    pub fn drop_received(&self, paths: Vec<PathBuf>) -> i32 {
        let mut drops = self
            .uploads
            .drops
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        drops.next_id = drops.next_id.wrapping_add(1).max(1);
        let id = drops.next_id;
        drops.pending.push((id, paths));
        let excess = drops.pending.len().saturating_sub(PENDING_DROPS);
        drops.pending.drain(..excess);
        id
    }

    /// Queues the files of a drop on the ticket they were dropped on.
    pub async fn upload_drop(&self, request: UploadDropRequest) -> Result<UploadList, AppError> {
        let UploadDropRequest {
            drop_id,
            ticket_id,
            options,
        } = request;
        let paths = {
            let mut drops = self
                .uploads
                .drops
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let at = drops.pending.iter().position(|(id, _)| *id == drop_id);
            at.map(|at| drops.pending.remove(at).1)
        };
        let paths = paths.ok_or_else(|| {
            AppError::new(
                ErrorCode::Invalid,
                "Those files were dropped too long ago. Drop them again.",
            )
        })?;
        self.queue_files(ticket_id, paths, options, false).await
    }

    /// Queues the screenshot on the clipboard, written as a PNG in the app's data folder.
    pub async fn upload_paste(&self, request: UploadPasteRequest) -> Result<UploadList, AppError> {
        let UploadPasteRequest { ticket_id, options } = request;
        let _one_at_a_time = self.uploads.pasting.lock().await;
        let profile = self.active_profile().await?;
        let folder = pasted_folder(&self.data_dir, profile.id);
        create_folder(&folder).await?;
        let stamp = self
            .clock
            .now()
            .with_timezone(&Local)
            .format("%Y-%m-%d %H.%M.%S");
        let name = format!("Screenshot {stamp}.png");
        let desktop = self.desktop.clone();
        let path = self
            .off_thread(move || {
                let path = reserve_name(&folder, &name).map_err(|error| {
                    AppError::new(
                        ErrorCode::File,
                        format!(
                            "The screenshot could not be saved in {}: {error}.",
                            folder.display()
                        ),
                    )
                })?;
                if let Err(error) = desktop.paste_image(&path) {
                    let _ = std::fs::remove_file(&path);
                    return Err(error);
                }
                Ok(path)
            })
            .await?;
        self.queue_files(ticket_id, vec![path], options, true).await
    }

    /// Asks the technician for files and queues them; choosing none queues nothing.
    pub async fn upload_pick(&self, request: UploadPickRequest) -> Result<UploadList, AppError> {
        let UploadPickRequest { ticket_id, options } = request;
        let desktop = self.desktop.clone();
        let paths = self
            .off_thread(move || Ok(desktop.pick_files("Attach files")))
            .await?;
        if paths.is_empty() {
            return self.uploads_of(Some(ticket_id)).await;
        }
        self.queue_files(ticket_id, paths, options, false).await
    }

    /// Queues files on a ticket. Each file is looked at first: one that cannot go (a folder,
    /// an empty or unreadable file, one larger than the instance accepts) is listed with its
    /// reason while the others are sent. `owned_file`: the file is Halodesk's own (a pasted
    /// image), deleted once it lands.
    async fn queue_files(
        &self,
        ticket_id: i32,
        paths: Vec<PathBuf>,
        options: UploadOptions,
        owned_file: bool,
    ) -> Result<UploadList, AppError> {
        let profile = self.active_profile().await?;
        let now = self.clock.now();
        self.blocking(move |store, _| {
            let refused = store.upload_learning(profile.id)?.refused_bytes;
            for path in paths {
                let inspected = inspect(&path, refused);
                let (path, identity, filename, size_bytes, is_image) = match inspected.as_ref() {
                    Ok(file) => (
                        &file.path,
                        Some(file.identity.clone()),
                        file.filename.clone(),
                        file.size_bytes,
                        file.is_image,
                    ),
                    Err(refused) => (
                        &path,
                        None,
                        refused.filename.clone(),
                        refused.size_bytes,
                        false,
                    ),
                };
                let upload = NewUpload {
                    ticket_id,
                    path: path.display().to_string(),
                    identity,
                    filename,
                    size_bytes,
                    note: options.note.trim().to_owned(),
                    show_for_users: options.visible_to_user,
                    is_image,
                    owned_file,
                };
                let (state, error) = match &inspected {
                    Ok(_) => (UploadState::Queued, None),
                    Err(refused) => (UploadState::Failed, Some(refused.reason.as_str())),
                };
                store.upload_add(profile.id, &upload, state, error, now)?;
            }
            Ok(())
        })
        .await?;
        self.uploads.wake.notify_one();
        // The command's answer carries the new rows; the worker announces what follows.
        self.uploads_of(Some(ticket_id)).await
    }

    /// The active profile's uploads, of one ticket or all, with the progress of those going out.
    pub async fn upload_list(&self, request: UploadListRequest) -> Result<UploadList, AppError> {
        let UploadListRequest { ticket_id } = request;
        self.uploads_of(ticket_id).await
    }

    async fn uploads_of(&self, ticket_id: Option<i32>) -> Result<UploadList, AppError> {
        let profile = self.active_profile().await?;
        let rows = self
            .blocking(move |store, _| Ok(store.uploads(profile.id, ticket_id)?))
            .await?;
        Ok(UploadList {
            items: rows.iter().map(|row| self.item(row)).collect(),
        })
    }

    /// Stops an upload: one going out is cut off, one waiting never goes.
    pub async fn upload_cancel(
        &self,
        request: UploadCancelRequest,
    ) -> Result<UploadList, AppError> {
        let UploadCancelRequest { id } = request;
        let row = self.own_upload(id).await?;
        let cancelled_running = {
            let running = self
                .uploads
                .running
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            running.get(&id).map(|r| r.cancel.cancel()).is_some()
        };
        if !cancelled_running {
            // Only a waiting upload: one that landed meanwhile stays landed.
            self.blocking(move |store, _| Ok(store.upload_cancel_waiting(id)?))
                .await?;
        }
        self.uploads_of(Some(row.upload.ticket_id)).await
    }

    /// Sends a failed or cancelled upload again. The file is looked at anew (it may have been
    /// fixed since), and a size limit learnt earlier is not held against it: the technician
    /// may have had it raised, and a second 413 teaches it again. One that went out before is
    /// looked for on the ticket first, as its last send may have landed.
    pub async fn upload_retry(&self, request: UploadRetryRequest) -> Result<UploadList, AppError> {
        let UploadRetryRequest { id } = request;
        let row = self.own_upload(id).await?;
        if matches!(row.state, UploadState::Failed | UploadState::Cancelled) {
            let path = PathBuf::from(&row.upload.path);
            self.blocking(move |store, _| {
                match inspect(&path, None) {
                    Ok(file) => drop(store.upload_requeue(
                        id,
                        file.size_bytes,
                        &file.path.display().to_string(),
                        &file.identity,
                    )?),
                    Err(refused) => drop(store.upload_refail(id, &refused.reason)?),
                }
                Ok(())
            })
            .await?;
            self.uploads.wake.notify_one();
        }
        self.uploads_of(Some(row.upload.ticket_id)).await
    }

    /// Takes the ticket's finished uploads off its list, and deletes the pasted images among
    /// them that never landed (those that did were deleted then).
    pub async fn upload_clear(&self, request: UploadClearRequest) -> Result<UploadList, AppError> {
        let UploadClearRequest { ticket_id } = request;
        let profile = self.active_profile().await?;
        let pasted = self
            .blocking(move |store, _| Ok(store.uploads_clear(profile.id, ticket_id)?))
            .await?;
        for path in pasted {
            if let Err(error) = tokio::fs::remove_file(&path).await {
                tracing::debug!(%error, "a pasted image could not be removed");
            }
        }
        self.uploads_of(Some(ticket_id)).await
    }

    /// The upload, which must belong to the profile in use.
    async fn own_upload(&self, id: i32) -> Result<UploadRow, AppError> {
        let profile = self.active_profile().await?;
        let row = self.blocking(move |store, _| Ok(store.upload(id)?)).await?;
        row.filter(|row| row.profile_id == profile.id)
            .ok_or_else(|| {
                AppError::new(ErrorCode::NotFound, "That upload is no longer in the list.")
            })
    }
}
