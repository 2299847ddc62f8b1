use super::*;
use crate::ipc::{Choice, SignInMethod};
use crate::profiles::store::NewProfile;

fn store_with_profile() -> (Store, i32) {
    let store = Store::open_in_memory().unwrap();
    let profile = store
        .add_profile(&NewProfile {
            name: "acme".into(),
            method: SignInMethod::ClientSecret,
            instance_url: "https://acme.halopsa.com".into(),
            tenant: None,
            client_id: "client".into(),
            agent: None,
        })
        .unwrap();
    (store, profile.id)
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn ticket(id: i32, summary: &str) -> CachedTicket {
    CachedTicket {
        id,
        summary: summary.into(),
        updated_at: Some(at("2025-03-01T08:00:00Z")),
        ..CachedTicket::default()
    }
}

fn ids(store: &Store, profile: i32) -> Vec<i32> {
    store
        .cached_tickets(profile)
        .unwrap()
        .iter()
        .map(|ticket| ticket.id)
        .collect()
}

#[test]
fn lookups_cached_before_a_list_was_added_still_load() {
    let old: QueueLookups =
        serde_json::from_str(r#"{"statuses":[{"id":1,"name":"New","closed":false}]}"#).unwrap();
    assert_eq!(old.statuses[0].name, "New");
    assert_eq!(
        old.statuses[0].colour, "",
        "a field it lacks takes its default"
    );
    assert!(old.priorities.is_empty() && old.agents.is_empty());
}

#[test]
fn a_sync_upserts_and_removes() {
    let (store, profile) = store_with_profile();
    let first = SyncBatch {
        tickets: vec![ticket(1, "one"), ticket(2, "two"), ticket(3, "three")],
        ..SyncBatch::at(at("2025-03-01T09:00:00Z"))
    };
    store.apply_sync(profile, &first).unwrap();
    assert_eq!(ids(&store, profile), vec![3, 2, 1]);

    let second = SyncBatch {
        tickets: vec![ticket(2, "two, edited"), ticket(4, "four")],
        removed_ids: vec![1, 99],
        ..SyncBatch::at(at("2025-03-01T09:05:00Z"))
    };
    store.apply_sync(profile, &second).unwrap();
    assert_eq!(ids(&store, profile), vec![4, 3, 2]);
    assert_eq!(
        store.cached_ticket(profile, 2).unwrap().unwrap().summary,
        "two, edited"
    );
    assert_eq!(store.cached_ticket(profile, 1).unwrap(), None);
}

#[test]
fn a_full_sync_replaces_the_cache() {
    let (store, profile) = store_with_profile();
    let first = SyncBatch {
        tickets: vec![ticket(1, "one"), ticket(2, "two"), ticket(3, "three")],
        ..SyncBatch::at(at("2025-03-01T09:00:00Z"))
    };
    store.apply_sync(profile, &first).unwrap();
    let full = SyncBatch {
        tickets: vec![ticket(2, "two"), ticket(5, "five")],
        full: true,
        ..SyncBatch::at(at("2025-03-01T10:00:00Z"))
    };
    store.apply_sync(profile, &full).unwrap();
    assert_eq!(ids(&store, profile), vec![5, 2]);
    let state = store.sync_state(profile).unwrap();
    assert_eq!(state.full_synced_at, Some(at("2025-03-01T10:00:00Z")));

    let incremental = SyncBatch::at(at("2025-03-01T10:05:00Z"));
    store.apply_sync(profile, &incremental).unwrap();
    let state = store.sync_state(profile).unwrap();
    assert_eq!(state.synced_at, Some(at("2025-03-01T10:05:00Z")));
    assert_eq!(state.full_synced_at, Some(at("2025-03-01T10:00:00Z")));
}

#[test]
fn the_high_water_mark_never_moves_back() {
    let (store, profile) = store_with_profile();
    assert_eq!(store.sync_state(profile).unwrap(), SyncState::default());
    let mut batch = SyncBatch::at(at("2025-03-01T09:00:00Z"));
    batch.high_water = Some(at("2025-03-01T08:59:59.5Z"));
    store.apply_sync(profile, &batch).unwrap();
    // Later, but with an older mark (and text that would sort after the stored one).
    batch.synced_at = at("2025-03-01T09:10:00Z");
    batch.high_water = Some(at("2025-03-01T08:59:59Z"));
    store.apply_sync(profile, &batch).unwrap();
    assert_eq!(
        store.sync_state(profile).unwrap().high_water,
        Some(at("2025-03-01T08:59:59.5Z"))
    );
    batch.high_water = None;
    store.apply_sync(profile, &batch).unwrap();
    assert_eq!(
        store.sync_state(profile).unwrap().high_water,
        Some(at("2025-03-01T08:59:59.5Z"))
    );
    batch.high_water = Some(at("2025-03-01T09:30:00Z"));
    store.apply_sync(profile, &batch).unwrap();
    assert_eq!(
        store.sync_state(profile).unwrap().high_water,
        Some(at("2025-03-01T09:30:00Z"))
    );
}

#[test]
fn lookups_are_kept_until_replaced_and_cleared_with_the_cache() {
    let (store, profile) = store_with_profile();
    assert_eq!(store.lookups(profile).unwrap(), QueueLookups::default());
    let lookups = QueueLookups {
        teams: vec![Choice {
            id: 1,
            name: "Service Desk".into(),
            colour: String::new(),
        }],
        ..QueueLookups::default()
    };
    let batch = SyncBatch {
        tickets: vec![ticket(1, "one")],
        lookups: Some(lookups.clone()),
        ..SyncBatch::at(at("2025-03-01T09:00:00Z"))
    };
    store.apply_sync(profile, &batch).unwrap();
    store
        .apply_sync(profile, &SyncBatch::at(at("2025-03-01T09:05:00Z")))
        .unwrap();
    assert_eq!(store.lookups(profile).unwrap(), lookups);

    store.clear_cache(profile).unwrap();
    assert_eq!(store.lookups(profile).unwrap(), QueueLookups::default());
    assert_eq!(store.sync_state(profile).unwrap(), SyncState::default());
    assert!(store.cached_tickets(profile).unwrap().is_empty());
}

#[test]
fn put_ticket_replaces_one_ticket() {
    let (store, profile) = store_with_profile();
    store.put_ticket(profile, &ticket(8, "old")).unwrap();
    store.put_ticket(profile, &ticket(8, "new")).unwrap();
    assert_eq!(
        store.cached_tickets(profile).unwrap(),
        vec![ticket(8, "new")]
    );
    assert!(matches!(
        store.put_ticket(999, &ticket(8, "x")),
        Err(StoreError::ProfileNotFound(999))
    ));
    assert!(matches!(
        store.apply_sync(999, &SyncBatch::default()),
        Err(StoreError::ProfileNotFound(999))
    ));
}

#[test]
fn a_corrupt_row_is_skipped_not_fatal() {
    let (store, profile) = store_with_profile();
    let batch = SyncBatch {
        tickets: vec![ticket(1, "one"), ticket(3, "three")],
        ..SyncBatch::at(at("2025-03-01T09:00:00Z"))
    };
    store.apply_sync(profile, &batch).unwrap();
    store
        .lock()
        .execute(
            "INSERT INTO tickets (profile_id, id, body) VALUES (?1, 2, '{not json')",
            [profile],
        )
        .unwrap();
    assert_eq!(ids(&store, profile), vec![3, 1]);
    assert_eq!(store.cached_ticket(profile, 2).unwrap(), None);
}

#[test]
fn each_profile_has_its_own_cache() {
    let (store, first) = store_with_profile();
    let second = store
        .add_profile(&NewProfile {
            name: "other".into(),
            method: SignInMethod::Demo,
            instance_url: String::new(),
            tenant: None,
            client_id: String::new(),
            agent: None,
        })
        .unwrap()
        .id;
    let batch = SyncBatch {
        tickets: vec![ticket(1, "first's")],
        full: true,
        ..SyncBatch::at(at("2025-03-01T09:00:00Z"))
    };
    store.apply_sync(first, &batch).unwrap();
    let batch = SyncBatch {
        tickets: vec![ticket(2, "second's")],
        full: true,
        ..SyncBatch::at(at("2025-03-01T09:00:00Z"))
    };
    store.apply_sync(second, &batch).unwrap();
    assert_eq!(ids(&store, first), vec![1]);
    assert_eq!(ids(&store, second), vec![2]);
}
