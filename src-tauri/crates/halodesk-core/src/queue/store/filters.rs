//! Saved filters: named queue filters in the sidebar, one list per profile.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::ipc::{QueueFilter, SavedFilter};
use crate::store::{SqlContext, Store, StoreError, encode_json, ensure_profile};

/// A filter as the database keeps it: a shape of its own, every field defaulted (empty is
/// "any"), so a filter saved before a condition was added still loads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct StoredFilter {
    status_ids: Vec<i32>,
    priority_ids: Vec<i32>,
    client_ids: Vec<i32>,
    team_names: Vec<String>,
    agent_ids: Vec<i32>,
    search: String,
}

impl From<&QueueFilter> for StoredFilter {
    fn from(filter: &QueueFilter) -> Self {
        Self {
            status_ids: filter.status_ids.clone(),
            priority_ids: filter.priority_ids.clone(),
            client_ids: filter.client_ids.clone(),
            team_names: filter.team_names.clone(),
            agent_ids: filter.agent_ids.clone(),
            search: filter.search.clone(),
        }
    }
}

impl From<StoredFilter> for QueueFilter {
    fn from(stored: StoredFilter) -> Self {
        Self {
            status_ids: stored.status_ids,
            priority_ids: stored.priority_ids,
            client_ids: stored.client_ids,
            team_names: stored.team_names,
            agent_ids: stored.agent_ids,
            search: stored.search,
        }
    }
}

impl Store {
    /// The profile's saved filters, by name. One whose JSON no longer reads is skipped with a
    /// warning.
    pub(crate) fn saved_filters(&self, profile: i32) -> Result<Vec<SavedFilter>, StoreError> {
        const DOING: &str = "read the saved filters";
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(
                "SELECT id, name, body FROM saved_filters WHERE profile_id = ?1
                 ORDER BY name_key, name, id",
            )
            .doing(DOING)?;
        let rows = stmt
            .query_map([profile], |row| {
                Ok((
                    row.get::<_, i32>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .doing(DOING)?;
        let mut filters = Vec::new();
        for row in rows {
            let (id, name, body) = row.doing(DOING)?;
            match serde_json::from_str::<StoredFilter>(&body) {
                Ok(stored) => filters.push(SavedFilter {
                    id,
                    name,
                    filter: stored.into(),
                }),
                Err(error) => {
                    tracing::warn!(profile, id, %error, "skipping an unreadable saved filter");
                }
            }
        }
        Ok(filters)
    }

    /// Saves `filter` under `name` (trimmed). A filter with the same name, in any case, is
    /// replaced and keeps its id; the new spelling of the name wins.
    pub(crate) fn save_filter(
        &self,
        profile: i32,
        name: &str,
        filter: &QueueFilter,
    ) -> Result<SavedFilter, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::EmptyFilterName);
        }
        let stored = StoredFilter::from(filter);
        let body = encode_json(&stored, "the saved filter")?;
        let conn = self.lock();
        ensure_profile(&conn, profile)?;
        let id = conn
            .query_row(
                "INSERT INTO saved_filters (profile_id, name, name_key, body) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (profile_id, name_key) DO UPDATE SET name = excluded.name, body = excluded.body
                 RETURNING id",
                params![profile, name, name.to_lowercase(), body],
                |row| row.get(0),
            )
            .doing("save the filter")?;
        Ok(SavedFilter {
            id,
            name: name.to_owned(),
            filter: filter.clone(),
        })
    }

    /// Removes a saved filter; one already gone is not an error.
    pub(crate) fn delete_filter(&self, profile: i32, id: i32) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "DELETE FROM saved_filters WHERE profile_id = ?1 AND id = ?2",
                [profile, id],
            )
            .doing("remove the saved filter")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::demo;

    #[test]
    fn a_filter_saved_before_a_condition_was_added_still_loads() {
        let old: StoredFilter =
            serde_json::from_str(r#"{"statusIds":[1,2],"search":"printer"}"#).unwrap();
        let filter = QueueFilter::from(old);
        assert_eq!(filter.status_ids, [1, 2]);
        assert_eq!(filter.search, "printer");
        assert!(filter.agent_ids.is_empty() && filter.team_names.is_empty());
    }

    fn mine() -> QueueFilter {
        QueueFilter {
            agent_ids: vec![3],
            ..QueueFilter::default()
        }
    }

    #[test]
    fn a_filter_with_the_same_name_is_replaced() {
        let store = Store::open_in_memory().unwrap();
        let profile = store.add_profile(&demo()).unwrap().id;
        let first = store
            .save_filter(profile, "  Mine ", &QueueFilter::default())
            .unwrap();
        assert_eq!(first.name, "Mine");
        let urgent = store
            .save_filter(profile, "Urgent", &QueueFilter::default())
            .unwrap();
        let replaced = store.save_filter(profile, "MINE", &mine()).unwrap();
        assert_eq!(replaced.id, first.id);
        assert_eq!(
            store.saved_filters(profile).unwrap(),
            vec![replaced, urgent]
        );
    }

    #[test]
    fn names_are_compared_beyond_ascii() {
        let store = Store::open_in_memory().unwrap();
        let profile = store.add_profile(&demo()).unwrap().id;
        store
            .save_filter(profile, "Équipe", &QueueFilter::default())
            .unwrap();
        store.save_filter(profile, "équipe", &mine()).unwrap();
        let filters = store.saved_filters(profile).unwrap();
        assert_eq!(filters.len(), 1);
        assert_eq!(filters[0].filter, mine());
    }

    #[test]
    fn an_empty_name_is_refused() {
        let store = Store::open_in_memory().unwrap();
        let profile = store.add_profile(&demo()).unwrap().id;
        assert!(matches!(
            store.save_filter(profile, "   ", &mine()),
            Err(StoreError::EmptyFilterName)
        ));
        assert!(matches!(
            store.save_filter(999, "Mine", &mine()),
            Err(StoreError::ProfileNotFound(999))
        ));
    }

    #[test]
    fn a_filter_is_deleted_only_from_its_profile() {
        let store = Store::open_in_memory().unwrap();
        let profile = store.add_profile(&demo()).unwrap().id;
        let saved = store.save_filter(profile, "Mine", &mine()).unwrap();
        store.delete_filter(profile + 1, saved.id).unwrap();
        assert_eq!(store.saved_filters(profile).unwrap().len(), 1);
        store.delete_filter(profile, saved.id).unwrap();
        assert!(store.saved_filters(profile).unwrap().is_empty());
        store.delete_filter(profile, saved.id).unwrap();
    }

    #[test]
    fn an_unreadable_filter_is_skipped() {
        let store = Store::open_in_memory().unwrap();
        let profile = store.add_profile(&demo()).unwrap().id;
        store.save_filter(profile, "Mine", &mine()).unwrap();
        store
            .lock()
            .execute(
                "INSERT INTO saved_filters (profile_id, name, name_key, body) VALUES (?1, 'Bad', 'bad', '[')",
                [profile],
            )
            .unwrap();
        let names: Vec<String> = store
            .saved_filters(profile)
            .unwrap()
            .into_iter()
            .map(|saved| saved.name)
            .collect();
        assert_eq!(names, vec!["Mine"]);
    }
}
