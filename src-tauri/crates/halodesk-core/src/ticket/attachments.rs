//! A ticket's attachments, downloaded: into the app's own folder to open them, or into the
//! technician's download folder to keep them.

use std::path::{Path, PathBuf};

use chrono::TimeDelta;

use super::file_names::{chosen_name, safe_file_name};
use super::runs_code::open_refusal;
use crate::files::{Reserved, create_folder, mark_from_internet, shown_file_name};
use crate::ipc::{
    AttachmentAction, AttachmentRequest, AttachmentSaved, DownloadFolder,
    DownloadFolderChooseRequest, DownloadFolderRequest,
};
use crate::{AppError, ErrorCode, Halodesk};

/// Where opened attachments are kept, inside the app's data folder: a folder per profile,
/// removed when the profile signs out.
const OPENED_DIR: &str = "opened-attachments";
/// How long an opened attachment is kept: its app has long read it by then.
pub(crate) const OPENED_KEPT: TimeDelta = TimeDelta::days(7);

/// The folder of every profile's opened attachments.
pub(crate) fn opened_root(data_dir: &Path) -> PathBuf {
    data_dir.join(OPENED_DIR)
}

/// The folder of one profile's opened attachments.
pub(crate) fn opened_folder(data_dir: &Path, profile_id: i32) -> PathBuf {
    opened_root(data_dir).join(profile_id.to_string())
}

impl Halodesk {
    /// Downloads an attachment: into the profile's own folder to open it in its default app,
    /// or into the download folder to keep it, under the name the instance sent, made safe: it
    /// cannot leave the folder or replace another file. The copy is marked as coming from the
    /// internet. A file that runs code is saved but never opened.
    pub async fn attachment_fetch(
        &self,
        request: AttachmentRequest,
    ) -> Result<AttachmentSaved, AppError> {
        let AttachmentRequest {
            attachment_id: id,
            filename,
            action,
        } = request;
        if action == AttachmentAction::Open
            && let Some(reason) = open_refusal(&filename)
        {
            return Err(AppError::new(ErrorCode::UnsafeToOpen, reason));
        }
        let (profile, client) = self.client().await?;
        let folder = match action {
            AttachmentAction::Open => opened_folder(&self.data_dir, profile.id),
            AttachmentAction::Save => {
                PathBuf::from(self.download_folder(DownloadFolderRequest {}).await?.path)
            }
        };
        create_folder(&folder).await?;
        let mut reserved = None;
        client
            .download_to(id, |sent_name| {
                let name = safe_file_name(chosen_name(sent_name, &filename), id);
                let (reservation, file) = Reserved::new(&folder, &name)?;
                reserved = Some(reservation);
                Ok((folder.join(&name), tokio::fs::File::from_std(file)))
            })
            .await?;
        let reserved = reserved.ok_or_else(|| not_saved(&filename, "nothing was written"))?;
        let (source, now) = (client.attachment_url(id), self.clock.now());
        let shown = filename.clone();
        let path = self
            .off_thread(move || {
                if let Some(written) = reserved.temporary_path()
                    && let Err(error) = mark_from_internet(written, &source, now)
                {
                    // Opened, an unmarked file would skip the OS's checks; saved, it is kept
                    // where the technician's drive cannot hold the mark (FAT, some shares).
                    if action == AttachmentAction::Open {
                        return Err(not_saved(&shown, &error.to_string()));
                    }
                    tracing::warn!(%error, "a saved attachment could not be marked as downloaded");
                }
                reserved
                    .finish()
                    .map_err(|error| not_saved(&shown, &error.to_string()))
            })
            .await?;
        if action == AttachmentAction::Open {
            // The name on disk is checked too, though it keeps the listed name's extension.
            let written = path.file_name().unwrap_or_default().to_string_lossy();
            if let Some(reason) = open_refusal(&written) {
                return Err(AppError::new(ErrorCode::UnsafeToOpen, reason));
            }
            let (desktop, target) = (self.desktop.clone(), path.display().to_string());
            self.off_thread(move || desktop.open(&target)).await?;
        }
        Ok(AttachmentSaved {
            path: path.display().to_string(),
        })
    }

    /// Where saved attachments go: the technician's choice, else the Downloads folder.
    pub async fn download_folder(
        &self,
        request: DownloadFolderRequest,
    ) -> Result<DownloadFolder, AppError> {
        let DownloadFolderRequest {} = request;
        let chosen = self
            .blocking(|store, _| Ok(store.download_folder()?))
            .await?;
        let path = match chosen {
            Some(path) => path,
            None => {
                let desktop = self.desktop.clone();
                self.off_thread(move || desktop.downloads_folder())
                    .await?
                    .display()
                    .to_string()
            }
        };
        Ok(DownloadFolder { path })
    }

    /// Asks the technician for the folder saved attachments go to; choosing none keeps it.
    pub async fn download_folder_choose(
        &self,
        request: DownloadFolderChooseRequest,
    ) -> Result<DownloadFolder, AppError> {
        let DownloadFolderChooseRequest {} = request;
        let current = self.download_folder(DownloadFolderRequest {}).await?;
        let (desktop, start) = (self.desktop.clone(), PathBuf::from(&current.path));
        let chosen = self
            .off_thread(move || Ok(desktop.pick_folder("Save attachments to", &start)))
            .await?;
        match chosen {
            Some(folder) => self.download_folder_set(&folder).await,
            None => Ok(current),
        }
    }

    /// Remembers the folder the technician chose for saved attachments.
    async fn download_folder_set(&self, folder: &Path) -> Result<DownloadFolder, AppError> {
        let path = folder.display().to_string();
        let value = path.clone();
        self.blocking(move |store, _| Ok(store.set_download_folder(&value)?))
            .await?;
        Ok(DownloadFolder { path })
    }
}

fn not_saved(filename: &str, why: &str) -> AppError {
    AppError::new(
        ErrorCode::File,
        format!("{} could not be saved: {why}.", shown_file_name(filename)),
    )
}
