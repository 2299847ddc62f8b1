//! What an instance taught about uploads, per profile: that it takes only JSON, and the
//! smallest size it refused.

use rusqlite::{OptionalExtension, params};

use super::{UploadLearning, size_value};
use crate::store::{SqlContext, Store, StoreError};

impl Store {
    pub(crate) fn upload_learning(&self, profile: i32) -> Result<UploadLearning, StoreError> {
        self.lock()
            .query_row(
                "SELECT mode, refused_bytes FROM upload_learning WHERE profile_id = ?1",
                [profile],
                |row| {
                    let mode: String = row.get(0)?;
                    let refused: Option<i64> = row.get(1)?;
                    Ok(UploadLearning {
                        json_only: mode == "json",
                        refused_bytes: refused.and_then(|r| u64::try_from(r).ok()),
                    })
                },
            )
            .optional()
            .doing("read what the instance taught about uploads")
            .map(Option::unwrap_or_default)
    }

    /// Remembers that the instance takes only JSON uploads.
    pub(crate) fn upload_learn_json_only(&self, profile: i32) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "INSERT INTO upload_learning (profile_id, mode) VALUES (?1, 'json')
                 ON CONFLICT (profile_id) DO UPDATE SET mode = 'json'",
                [profile],
            )
            .doing("remember the instance's upload endpoint")
            .map(drop)
    }

    /// Forgets a size limit that `size` bytes just got through: the limit was raised.
    pub(crate) fn upload_learn_accepted(&self, profile: i32, size: u64) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "UPDATE upload_learning SET refused_bytes = NULL
                 WHERE profile_id = ?1 AND refused_bytes <= ?2",
                params![profile, size_value(size)],
            )
            .doing("forget the instance's size limit")
            .map(drop)
    }

    /// Remembers that the instance refused `size` bytes as too large; a smaller refusal wins.
    pub(crate) fn upload_learn_refused(&self, profile: i32, size: u64) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "INSERT INTO upload_learning (profile_id, mode, refused_bytes)
                 VALUES (?1, 'multipart', ?2)
                 ON CONFLICT (profile_id) DO UPDATE SET refused_bytes =
                     min(coalesce(refused_bytes, excluded.refused_bytes), excluded.refused_bytes)",
                params![profile, size_value(size)],
            )
            .doing("remember the instance's size limit")
            .map(drop)
    }
}
