//! Files Halodesk writes: folders made on demand (its own data kept private), names that never
//! replace a file, the mark of the internet on what came from a ticket, caches emptied in
//! time, and file names made fit to show.

mod cache;
mod internet_mark;
mod private_folder;
mod reserved;
mod shown_name;

use std::path::Path;

pub(crate) use cache::{purge_older_than, remove_folder};
pub(crate) use internet_mark::mark_from_internet;
pub(crate) use private_folder::make_private_folder;
pub(crate) use reserved::{Reserved, reserve_name};
pub(crate) use shown_name::{is_invisible, shown_file_name};

use crate::{AppError, ErrorCode};

/// Creates a folder Halodesk writes files into, and its parents.
pub(crate) async fn create_folder(folder: &Path) -> Result<(), AppError> {
    tokio::fs::create_dir_all(folder).await.map_err(|error| {
        AppError::new(
            ErrorCode::File,
            format!(
                "The folder {} could not be created: {error}.",
                folder.display()
            ),
        )
    })
}
