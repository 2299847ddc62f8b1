//! The workflow forms' picklists and the clients' details of each profile, so the forms open,
//! and check what is typed, offline.

use rusqlite::{OptionalExtension, params};
use serde::de::DeserializeOwned;

use crate::ipc::{ClientDetails, WorkflowChoices};
use crate::store::{SqlContext, Store, StoreError, encode_json, ensure_profile};

impl Store {
    pub(crate) fn put_workflow_choices(
        &self,
        profile: i32,
        choices: &WorkflowChoices,
    ) -> Result<(), StoreError> {
        let body = encode_json(choices, "the instance's picklists")?;
        let conn = self.lock();
        ensure_profile(&conn, profile)?;
        conn.execute(
            "INSERT INTO workflow_choices (profile_id, body) VALUES (?1, ?2)
             ON CONFLICT (profile_id) DO UPDATE SET body = excluded.body",
            params![profile, body],
        )
        .doing("save the instance's picklists")
        .map(drop)
    }

    /// The stored picklists; `None` before the first read, or if they no longer read.
    pub(crate) fn workflow_choices(
        &self,
        profile: i32,
    ) -> Result<Option<WorkflowChoices>, StoreError> {
        let body: Option<String> = self
            .lock()
            .query_row(
                "SELECT body FROM workflow_choices WHERE profile_id = ?1",
                [profile],
                |row| row.get(0),
            )
            .optional()
            .doing("read the instance's picklists")?;
        Ok(decode(body, profile, "picklists"))
    }

    pub(crate) fn put_client_details(
        &self,
        profile: i32,
        details: &ClientDetails,
    ) -> Result<(), StoreError> {
        let body = encode_json(details, "the client's details")?;
        let conn = self.lock();
        ensure_profile(&conn, profile)?;
        conn.execute(
            "INSERT INTO client_details (profile_id, client_id, body) VALUES (?1, ?2, ?3)
             ON CONFLICT (profile_id, client_id) DO UPDATE SET body = excluded.body",
            params![profile, details.client_id, body],
        )
        .doing("save the client's details")
        .map(drop)
    }

    pub(crate) fn client_details(
        &self,
        profile: i32,
        client: i32,
    ) -> Result<Option<ClientDetails>, StoreError> {
        let body: Option<String> = self
            .lock()
            .query_row(
                "SELECT body FROM client_details WHERE profile_id = ?1 AND client_id = ?2",
                params![profile, client],
                |row| row.get(0),
            )
            .optional()
            .doing("read the client's details")?;
        Ok(decode(body, profile, "client details"))
    }
}

/// A body that no longer reads is as good as none: the next online read replaces it.
fn decode<T: DeserializeOwned>(body: Option<String>, profile: i32, what: &str) -> Option<T> {
    body.and_then(|body| match serde_json::from_str(&body) {
        Ok(value) => Some(value),
        Err(error) => {
            tracing::warn!(profile, what, %error, "ignoring unreadable cached data");
            None
        }
    })
}
