//! A ticket's attachments, downloaded: into the app's own folder to open them, or into the
//! technician's download folder to keep them.

use std::path::{Path, PathBuf};

use super::file_names::{chosen_name, safe_file_name};
use crate::files::{create_folder, free_path};
use crate::ipc::{
    AttachmentAction, AttachmentRequest, AttachmentSaved, DownloadFolder,
    DownloadFolderChooseRequest, DownloadFolderRequest,
};
use crate::{AppError, Halodesk};

/// Where opened attachments are kept, inside the app's data folder.
const OPENED_DIR: &str = "opened-attachments";

impl Halodesk {
    /// Downloads an attachment: into the app's own folder to open it in its default app, or
    /// into the download folder to keep it, under the name the instance sent, made safe: it
    /// cannot leave the folder or replace another file.
    pub async fn attachment_fetch(
        &self,
        request: AttachmentRequest,
    ) -> Result<AttachmentSaved, AppError> {
        let (_, client) = self.client().await?;
        let folder = match request.action {
            AttachmentAction::Open => self.data_dir.join(OPENED_DIR),
            AttachmentAction::Save => {
                PathBuf::from(self.download_folder(DownloadFolderRequest {}).await?.path)
            }
        };
        create_folder(&folder).await?;
        let id = request.attachment_id;
        let (path, _) = client
            .download_into(id, |sent_name| {
                let name = chosen_name(sent_name, &request.filename);
                free_path(&folder, &safe_file_name(name, id))
            })
            .await?;
        let path = path.display().to_string();
        if request.action == AttachmentAction::Open {
            let (desktop, target) = (self.desktop.clone(), path.clone());
            self.off_thread(move || desktop.open(&target)).await?;
        }
        Ok(AttachmentSaved { path })
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
