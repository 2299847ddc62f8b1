//! The ticket view's one setting: the folder saved attachments go to, for the whole app
//! rather than per profile.

use rusqlite::{OptionalExtension, params};

use crate::store::{SqlContext, Store, StoreError};

/// The `app_settings` key of the download folder.
const DOWNLOAD_FOLDER: &str = "download_folder";

impl Store {
    /// The folder the technician chose for saved attachments, if they chose one.
    pub(crate) fn download_folder(&self) -> Result<Option<String>, StoreError> {
        self.lock()
            .query_row(
                "SELECT value FROM app_settings WHERE key = ?1",
                [DOWNLOAD_FOLDER],
                |row| row.get(0),
            )
            .optional()
            .doing("read the download folder")
    }

    pub(crate) fn set_download_folder(&self, folder: &str) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "INSERT INTO app_settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![DOWNLOAD_FOLDER, folder],
            )
            .doing("save the download folder")
            .map(drop)
    }
}
