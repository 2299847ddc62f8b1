//! What a profile leaves on disk goes when it signs out: its opened attachments and its
//! pasted screenshots, copies of customers' data that nothing needs any more.

use std::path::PathBuf;

use crate::Halodesk;
use crate::files::remove_folder;
use crate::ticket::opened_folder;
use crate::uploads::pasted_folder;

impl Halodesk {
    /// Removes the profile's opened attachments and pasted screenshots: its own folders, and
    /// `pasted` (the screenshots its uploads kept, wherever an older build wrote them). A file
    /// another program holds open stays, and is logged; the sign-out goes on.
    pub(super) async fn forget_profile_files(&self, profile_id: i32, pasted: Vec<String>) {
        let folders = [
            opened_folder(&self.data_dir, profile_id),
            pasted_folder(&self.data_dir, profile_id),
        ];
        let removed = self
            .off_thread(move || {
                for folder in folders {
                    if let Err(error) = remove_folder(&folder) {
                        tracing::warn!(%error, "a signed-out profile's files could not be removed");
                    }
                }
                for path in pasted.into_iter().map(PathBuf::from) {
                    if let Err(error) = std::fs::remove_file(&path)
                        && error.kind() != std::io::ErrorKind::NotFound
                    {
                        tracing::warn!(%error, "a signed-out profile's screenshot could not be removed");
                    }
                }
                Ok(())
            })
            .await;
        if let Err(error) = removed {
            tracing::warn!(%error, "a signed-out profile's files were not removed");
        }
    }
}
