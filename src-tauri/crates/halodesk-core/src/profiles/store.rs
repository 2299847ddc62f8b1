//! Saved profiles and the one in use. Only what is not secret is kept here.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::ipc::{AgentSummary, Profile, SignInMethod};
use crate::store::{SqlContext, Store, StoreError, encode_json, ensure_profile};

/// A profile to save; the database gives it its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewProfile {
    pub name: String,
    pub method: SignInMethod,
    pub instance_url: String,
    pub tenant: Option<String>,
    pub client_id: String,
    pub agent: Option<AgentSummary>,
}

const SELECT_PROFILE: &str =
    "SELECT id, name, method, instance_url, tenant, client_id, agent FROM profiles";

impl Store {
    /// Every saved profile, by name.
    pub(crate) fn profiles(&self) -> Result<Vec<Profile>, StoreError> {
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(&format!(
                "{SELECT_PROFILE} ORDER BY name COLLATE NOCASE, id"
            ))
            .doing("list the saved profiles")?;
        let rows = stmt
            .query_map([], read_profile)
            .doing("list the saved profiles")?;
        let mut profiles = Vec::new();
        for row in rows {
            profiles.extend(row.doing("list the saved profiles")?);
        }
        Ok(profiles)
    }

    pub(crate) fn profile(&self, id: i32) -> Result<Option<Profile>, StoreError> {
        let conn = self.lock();
        Ok(conn
            .query_row(
                &format!("{SELECT_PROFILE} WHERE id = ?1"),
                [id],
                read_profile,
            )
            .optional()
            .doing("read a saved profile")?
            .flatten())
    }

    /// The demo profile, if the demo was ever started (there is at most one).
    pub(crate) fn demo_profile(&self) -> Result<Option<Profile>, StoreError> {
        let conn = self.lock();
        Ok(conn
            .query_row(
                &format!("{SELECT_PROFILE} WHERE method = ?1"),
                [method_text(SignInMethod::Demo)],
                read_profile,
            )
            .optional()
            .doing("read the demo profile")?
            .flatten())
    }

    /// Saves a new profile. A second demo profile is refused.
    pub(crate) fn add_profile(&self, new: &NewProfile) -> Result<Profile, StoreError> {
        let agent = new.agent.as_ref().map(encode_agent).transpose()?;
        let conn = self.lock();
        let inserted = conn.query_row(
            "INSERT INTO profiles (name, method, instance_url, tenant, client_id, agent)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
            params![
                new.name,
                method_text(new.method),
                new.instance_url,
                new.tenant,
                new.client_id,
                agent
            ],
            |row| row.get::<_, i32>(0),
        );
        let id = match inserted {
            Err(error)
                if new.method == SignInMethod::Demo
                    && error.sqlite_error_code()
                        == Some(rusqlite::ErrorCode::ConstraintViolation) =>
            {
                return Err(StoreError::DemoProfileExists);
            }
            other => other.doing("save the profile")?,
        };
        Ok(Profile {
            id,
            name: new.name.clone(),
            method: new.method,
            instance_url: new.instance_url.clone(),
            tenant: new.tenant.clone(),
            client_id: new.client_id.clone(),
            agent: new.agent.clone(),
        })
    }

    /// Records who the profile signs in as, after `/Agent/me` answered.
    pub(crate) fn set_profile_agent(
        &self,
        id: i32,
        agent: &AgentSummary,
    ) -> Result<(), StoreError> {
        let agent = encode_agent(agent)?;
        let conn = self.lock();
        let changed = conn
            .execute(
                "UPDATE profiles SET agent = ?2 WHERE id = ?1",
                params![id, agent],
            )
            .doing("save who the profile signs in as")?;
        if changed == 0 {
            return Err(StoreError::ProfileNotFound(id));
        }
        Ok(())
    }

    /// Removes a profile with its cached tickets, lookups, sync state and saved filters; if
    /// it was in use, none is any more. Removing one that is already gone is not an error.
    pub(crate) fn delete_profile(&self, id: i32) -> Result<(), StoreError> {
        // The foreign keys cascade (and set the active profile to NULL).
        self.lock()
            .execute("DELETE FROM profiles WHERE id = ?1", [id])
            .doing("remove the profile")?;
        Ok(())
    }

    /// The profile that was in use when the app last closed.
    pub(crate) fn active_profile_id(&self) -> Result<Option<i32>, StoreError> {
        let conn = self.lock();
        Ok(conn
            .query_row(
                "SELECT profile_id FROM active_profile WHERE singleton = 1",
                [],
                |row| row.get::<_, Option<i32>>(0),
            )
            .optional()
            .doing("read which profile is in use")?
            .flatten())
    }

    pub(crate) fn set_active_profile(&self, id: Option<i32>) -> Result<(), StoreError> {
        let conn = self.lock();
        if let Some(id) = id {
            ensure_profile(&conn, id)?;
        }
        set_active(&conn, id).doing("save which profile is in use")?;
        Ok(())
    }
}

fn set_active(conn: &Connection, id: Option<i32>) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO active_profile (singleton, profile_id) VALUES (1, ?1)
         ON CONFLICT (singleton) DO UPDATE SET profile_id = excluded.profile_id",
        [id],
    )
}

/// A profile row; `None` (with a warning) for a row this build cannot read, such as a sign-in
/// method from a newer Halodesk, so one odd row does not hide every profile.
fn read_profile(row: &Row<'_>) -> rusqlite::Result<Option<Profile>> {
    let id: i32 = row.get(0)?;
    let method: String = row.get(2)?;
    let Some(method) = parse_method(&method) else {
        tracing::warn!(
            id,
            method,
            "skipping a profile with an unknown sign-in method"
        );
        return Ok(None);
    };
    let agent = row.get::<_, Option<String>>(6)?.and_then(|json| {
        match serde_json::from_str::<StoredAgent>(&json) {
            Ok(agent) => Some(agent.into()),
            Err(error) => {
                tracing::warn!(id, %error, "ignoring a profile's unreadable agent");
                None
            }
        }
    });
    Ok(Some(Profile {
        id,
        name: row.get(1)?,
        method,
        instance_url: row.get(3)?,
        tenant: row.get(4)?,
        client_id: row.get(5)?,
        agent,
    }))
}

/// Who a profile signs in as, as the database keeps it: every field defaulted, so a profile
/// saved before a field was added still resumes without a new sign-in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct StoredAgent {
    id: i32,
    name: String,
    email: String,
    team_name: String,
}

impl From<StoredAgent> for AgentSummary {
    fn from(stored: StoredAgent) -> Self {
        Self {
            id: stored.id,
            name: stored.name,
            email: stored.email,
            team_name: stored.team_name,
        }
    }
}

impl From<&AgentSummary> for StoredAgent {
    fn from(agent: &AgentSummary) -> Self {
        Self {
            id: agent.id,
            name: agent.name.clone(),
            email: agent.email.clone(),
            team_name: agent.team_name.clone(),
        }
    }
}

fn encode_agent(agent: &AgentSummary) -> Result<String, StoreError> {
    let stored = StoredAgent::from(agent);
    encode_json(&stored, "the profile's agent")
}

/// The sign-in method as stored: the same words as it crosses IPC.
fn method_text(method: SignInMethod) -> &'static str {
    match method {
        SignInMethod::Demo => "demo",
        SignInMethod::ClientSecret => "clientSecret",
        SignInMethod::Browser => "browser",
    }
}

fn parse_method(text: &str) -> Option<SignInMethod> {
    [
        SignInMethod::Demo,
        SignInMethod::ClientSecret,
        SignInMethod::Browser,
    ]
    .into_iter()
    .find(|method| method_text(*method) == text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::QueueFilter;
    use crate::queue::CachedTicket;
    use crate::queue::store::SyncBatch;
    use crate::store::tests::demo;

    #[test]
    fn an_agent_saved_before_a_field_was_added_still_loads() {
        let old: StoredAgent =
            serde_json::from_str(r#"{"id":3,"name":"Alex Morgan","email":"alex@msp.example"}"#)
                .unwrap();
        let agent = AgentSummary::from(old);
        assert_eq!((agent.id, agent.name.as_str()), (3, "Alex Morgan"));
        assert_eq!(agent.team_name, "");
    }

    fn hosted(name: &str) -> NewProfile {
        NewProfile {
            name: name.into(),
            method: SignInMethod::ClientSecret,
            instance_url: format!("https://{name}.halopsa.com"),
            tenant: Some("acme".into()),
            client_id: "client".into(),
            agent: None,
        }
    }

    fn agent() -> AgentSummary {
        AgentSummary {
            id: 3,
            name: "Sam".into(),
            email: "sam@example.com".into(),
            team_name: "Service Desk".into(),
        }
    }

    #[test]
    fn profiles_are_saved_listed_by_name_and_read_back() {
        let store = Store::open_in_memory().unwrap();
        let zeta = store.add_profile(&hosted("zeta")).unwrap();
        let alpha = store.add_profile(&hosted("Alpha")).unwrap();
        assert_eq!(store.profiles().unwrap(), vec![alpha.clone(), zeta.clone()]);
        assert_eq!(store.profile(zeta.id).unwrap(), Some(zeta.clone()));
        assert_eq!(store.profile(999).unwrap(), None);

        store.set_profile_agent(zeta.id, &agent()).unwrap();
        assert_eq!(
            store.profile(zeta.id).unwrap().unwrap().agent,
            Some(agent())
        );
        assert!(matches!(
            store.set_profile_agent(999, &agent()),
            Err(StoreError::ProfileNotFound(999))
        ));
    }

    #[test]
    fn there_is_one_demo_profile() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.demo_profile().unwrap(), None);
        store.add_profile(&hosted("real")).unwrap();
        let demo_profile = store.add_profile(&demo()).unwrap();
        assert_eq!(store.demo_profile().unwrap(), Some(demo_profile));
        assert!(matches!(
            store.add_profile(&demo()),
            Err(StoreError::DemoProfileExists)
        ));
    }

    #[test]
    fn deleting_a_profile_removes_everything_it_owned() {
        let store = Store::open_in_memory().unwrap();
        let gone = store.add_profile(&hosted("gone")).unwrap();
        let kept = store.add_profile(&hosted("kept")).unwrap();
        for profile in [gone.id, kept.id] {
            let batch = SyncBatch {
                tickets: vec![CachedTicket {
                    id: 1,
                    ..CachedTicket::default()
                }],
                lookups: Some(Default::default()),
                synced_at: "2025-03-01T09:00:00Z".parse().unwrap(),
                ..SyncBatch::default()
            };
            store.apply_sync(profile, &batch).unwrap();
            store
                .save_filter(profile, "Mine", &QueueFilter::default())
                .unwrap();
        }
        store.set_active_profile(Some(gone.id)).unwrap();

        store.delete_profile(gone.id).unwrap();

        assert_eq!(store.profiles().unwrap(), vec![kept.clone()]);
        assert_eq!(store.active_profile_id().unwrap(), None);
        let conn = store.lock();
        for table in ["tickets", "lookups", "sync_state", "saved_filters"] {
            let count = |profile: i32| -> i64 {
                conn.query_row(
                    &format!("SELECT count(*) FROM {table} WHERE profile_id = ?1"),
                    [profile],
                    |row| row.get(0),
                )
                .unwrap()
            };
            assert_eq!(count(gone.id), 0, "{table}");
            assert_eq!(count(kept.id), 1, "{table}");
        }
        drop(conn);
        // Already gone: still fine.
        store.delete_profile(gone.id).unwrap();
    }

    #[test]
    fn deleting_another_profile_keeps_the_active_one() {
        let store = Store::open_in_memory().unwrap();
        let active = store.add_profile(&hosted("a")).unwrap();
        let other = store.add_profile(&hosted("b")).unwrap();
        assert_eq!(store.active_profile_id().unwrap(), None);
        store.set_active_profile(Some(active.id)).unwrap();
        store.delete_profile(other.id).unwrap();
        assert_eq!(store.active_profile_id().unwrap(), Some(active.id));
        store.set_active_profile(None).unwrap();
        assert_eq!(store.active_profile_id().unwrap(), None);
        assert!(matches!(
            store.set_active_profile(Some(999)),
            Err(StoreError::ProfileNotFound(999))
        ));
    }

    #[test]
    fn a_profile_with_an_unknown_method_is_skipped() {
        let store = Store::open_in_memory().unwrap();
        let good = store.add_profile(&hosted("good")).unwrap();
        store
            .lock()
            .execute(
                "INSERT INTO profiles (name, method, instance_url, client_id) VALUES ('odd', 'carrierPigeon', '', '')",
                [],
            )
            .unwrap();
        assert_eq!(store.profiles().unwrap(), vec![good]);
    }
}
