use super::*;
use crate::store::tests::demo;

/// A Monday morning; the queue's rules never read the time, but its rows record it.
fn now() -> DateTime<Utc> {
    "2026-03-02T09:00:00Z".parse().unwrap()
}

fn store_with_profile() -> (Store, i32) {
    let store = Store::open_in_memory().unwrap();
    let profile = store.add_profile(&demo()).unwrap().id;
    (store, profile)
}

fn file(name: &str, size: u64) -> NewUpload {
    NewUpload {
        ticket_id: 7,
        path: format!("/tmp/{name}"),
        filename: name.to_owned(),
        size_bytes: size,
        note: String::new(),
        show_for_users: false,
        is_image: true,
        owned_file: false,
        identity: Some(format!("unix:1:{size}")),
    }
}

#[test]
fn an_upload_interrupted_by_an_exit_is_checked_before_it_is_sent_again() {
    let (store, profile) = store_with_profile();
    let now = now();
    let id = store
        .upload_add(profile, &file("a.png", 10), UploadState::Queued, None, now)
        .unwrap();
    assert!(store.upload_sending(id, &[3, 4], 10).unwrap());
    // A second send keeps the first look: attachments seen before the first send.
    store
        .upload_set_state(
            id,
            &[UploadState::Sending],
            UploadState::Checking,
            None,
            None,
        )
        .unwrap();
    assert!(store.upload_sending(id, &[3, 4, 9], 10).unwrap());
    assert_eq!(store.uploads_recover_interrupted().unwrap(), 1);
    let row = store.upload(id).unwrap().unwrap();
    assert_eq!(row.state, UploadState::Checking);
    assert_eq!(row.attempts, 2);
    assert_eq!(row.seen_before, Some(vec![3, 4]));
    assert_eq!(row.revision, 4, "every change of the row counts");
    assert_eq!(store.uploads_pending(profile).unwrap().len(), 1);
}

#[test]
fn only_finished_uploads_are_cleared_and_only_they_are_requeued() {
    let (store, profile) = store_with_profile();
    let now = now();
    let done = store
        .upload_add(profile, &file("a.png", 1), UploadState::Queued, None, now)
        .unwrap();
    let waiting = store
        .upload_add(profile, &file("b.png", 1), UploadState::Queued, None, now)
        .unwrap();
    assert!(store.upload_sending(done, &[], 1).unwrap());
    assert!(store.upload_done(done, 55).unwrap());
    assert!(
        !store
            .upload_requeue(waiting, 1, "/tmp/again", "unix:1:2")
            .unwrap()
    );
    assert_eq!(store.upload_claimed(profile, 7, waiting).unwrap(), vec![55]);
    assert!(store.upload_claimed(profile, 7, done).unwrap().is_empty());
    assert!(
        !store.upload_cancel_waiting(done).unwrap(),
        "done stays done"
    );
    store.uploads_clear(profile, 7).unwrap();
    let left: Vec<i32> = store
        .uploads(profile, Some(7))
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(left, vec![waiting]);
}

#[test]
fn a_retried_upload_that_went_out_before_is_looked_for_first() {
    let (store, profile) = store_with_profile();
    let now = now();
    let sent = store
        .upload_add(
            profile,
            &file("sent.png", 10),
            UploadState::Queued,
            None,
            now,
        )
        .unwrap();
    store.upload_sending(sent, &[], 10).unwrap();
    store
        .upload_set_state(
            sent,
            &[UploadState::Sending],
            UploadState::Cancelled,
            None,
            None,
        )
        .unwrap();
    let refused = store
        .upload_add(
            profile,
            &file("empty.png", 0),
            UploadState::Failed,
            Some("empty"),
            now,
        )
        .unwrap();
    assert!(
        store
            .upload_requeue(sent, 10, "/tmp/again", "unix:1:2")
            .unwrap()
    );
    assert!(
        store
            .upload_requeue(refused, 30, "/tmp/again", "unix:1:2")
            .unwrap()
    );
    let sent = store.upload(sent).unwrap().unwrap();
    assert_eq!(
        (sent.state, sent.upload.size_bytes),
        (UploadState::Checking, 10)
    );
    let refused = store.upload(refused).unwrap().unwrap();
    assert_eq!((refused.state, refused.error), (UploadState::Queued, None));
}

#[test]
fn a_file_that_changed_size_is_sent_afresh_and_a_cancel_beats_a_late_send() {
    let (store, profile) = store_with_profile();
    let now = now();
    let id = store
        .upload_add(
            profile,
            &file("log.txt", 10),
            UploadState::Queued,
            None,
            now,
        )
        .unwrap();
    store.upload_sending(id, &[1], 10).unwrap();
    store
        .upload_set_state(
            id,
            &[UploadState::Sending],
            UploadState::Failed,
            Some("lost"),
            None,
        )
        .unwrap();
    store
        .upload_requeue(id, 25, "/tmp/again", "unix:1:2")
        .unwrap();
    let row = store.upload(id).unwrap().unwrap();
    assert_eq!((row.state, row.seen_before), (UploadState::Queued, None));
    assert_eq!(
        (row.upload.path.as_str(), row.upload.identity.as_deref()),
        ("/tmp/again", Some("unix:1:2")),
        "retried as the file now at its path"
    );
    assert!(store.upload_cancel_waiting(id).unwrap());
    assert!(
        !store.upload_sending(id, &[], 25).unwrap(),
        "cancelled first"
    );
    assert_eq!(
        store.upload(id).unwrap().unwrap().state,
        UploadState::Cancelled
    );
}

#[test]
fn clearing_answers_the_pasted_images_that_never_landed() {
    let (store, profile) = store_with_profile();
    let now = now();
    let pasted = NewUpload {
        owned_file: true,
        ..file("Screenshot.png", 10)
    };
    let landed = store
        .upload_add(profile, &pasted, UploadState::Queued, None, now)
        .unwrap();
    assert!(store.upload_sending(landed, &[], 10).unwrap());
    assert!(store.upload_done(landed, 3).unwrap());
    store
        .upload_add(profile, &pasted, UploadState::Failed, Some("gone"), now)
        .unwrap();
    assert_eq!(
        store.uploads_clear(profile, 7).unwrap(),
        vec!["/tmp/Screenshot.png".to_owned()]
    );
    assert!(store.uploads_clear(profile, 7).unwrap().is_empty());
}

#[test]
fn the_smallest_refused_size_and_the_json_endpoint_are_remembered() {
    let (store, profile) = store_with_profile();
    assert_eq!(
        store.upload_learning(profile).unwrap(),
        UploadLearning::default()
    );
    store.upload_learn_refused(profile, 5_000).unwrap();
    store.upload_learn_refused(profile, 9_000).unwrap();
    store.upload_learn_json_only(profile).unwrap();
    store.upload_learn_accepted(profile, 4_000).unwrap();
    assert_eq!(
        store.upload_learning(profile).unwrap(),
        UploadLearning {
            json_only: true,
            refused_bytes: Some(5_000)
        }
    );
    store.upload_learn_accepted(profile, 6_000).unwrap();
    assert_eq!(store.upload_learning(profile).unwrap().refused_bytes, None);
}

#[test]
fn a_change_from_the_wrong_state_changes_nothing_and_says_so() {
    let (store, profile) = store_with_profile();
    let id = store
        .upload_add(
            profile,
            &file("a.png", 10),
            UploadState::Queued,
            None,
            now(),
        )
        .unwrap();
    assert!(store.upload_sending(id, &[], 10).unwrap());
    assert!(store.upload_cancel_waiting(id).unwrap());
    let cancelled = store.upload(id).unwrap().unwrap();
    // The send's answer comes after the technician's cancel: a failure, a landing, a retry.
    assert!(
        !store
            .upload_set_state(
                id,
                &[UploadState::Sending],
                UploadState::Queued,
                Some("lost"),
                None
            )
            .unwrap()
    );
    assert!(!store.upload_done(id, 44).unwrap());
    assert!(!store.upload_sending(id, &[], 10).unwrap());
    assert_eq!(store.upload(id).unwrap().unwrap(), cancelled, "untouched");
    // And a row that does not exist moves nowhere.
    assert!(!store.upload_done(id + 1, 44).unwrap());
    assert!(!store.upload_cancel_waiting(id + 1).unwrap());
}

#[test]
fn a_landed_upload_is_never_cancelled_or_requeued() {
    let (store, profile) = store_with_profile();
    let id = store
        .upload_add(
            profile,
            &file("a.png", 10),
            UploadState::Queued,
            None,
            now(),
        )
        .unwrap();
    assert!(store.upload_sending(id, &[], 10).unwrap());
    assert!(store.upload_done(id, 44).unwrap());
    let landed = store.upload(id).unwrap().unwrap();
    assert!(!store.upload_cancel_waiting(id).unwrap());
    assert!(
        !store
            .upload_requeue(id, 10, "/tmp/again", "unix:1:2")
            .unwrap()
    );
    assert!(!store.upload_refail(id, "gone").unwrap());
    assert!(!store.upload_done(id, 45).unwrap(), "landed once");
    assert_eq!(store.uploads_recover_interrupted().unwrap(), 0);
    assert_eq!(store.upload(id).unwrap().unwrap(), landed, "untouched");
}
