use super::*;
use chrono::TimeDelta;

use crate::store::tests::demo;
use crate::workflow::outbox::{ActionDraft, Step};

fn now() -> DateTime<Utc> {
    "2026-03-02T09:00:00Z".parse().unwrap()
}

fn note(text: &str) -> Intent {
    Intent {
        label: "Internal note".into(),
        steps: vec![Step::AddAction(ActionDraft {
            ticket_id: 7,
            outcome: "Private Note".into(),
            note: text.into(),
            ..ActionDraft::default()
        })],
    }
}

fn store_with_profile() -> (Store, i32) {
    let store = Store::open_in_memory().unwrap();
    let profile = store.add_profile(&demo()).unwrap().id;
    (store, profile)
}

#[test]
fn queueing_takes_the_draft_and_the_timer_in_one_step() {
    let (store, profile) = store_with_profile();
    store
        .save_draft(profile, "note:7", "{\"note\":\"x\"}", now())
        .unwrap();
    let mut timer = crate::drafts::Timer::default();
    timer.start(now());
    store.put_timer(profile, 7, &timer).unwrap();
    let with = Enqueue {
        draft_key: Some("note:7".into()),
        timer_ticket: Some(7),
    };
    let row = store.enqueue(profile, &note("x"), &with, now()).unwrap();
    assert_eq!(row.state, OutboxState::Queued);
    assert_eq!(row.ticket_id, Some(7));
    assert!(store.draft(profile, "note:7").unwrap().is_none());
    assert!(store.timers(profile).unwrap().is_empty());
    assert_eq!(
        store.outbox_head(profile).unwrap().map(|r| r.id),
        Some(row.id)
    );
}

#[test]
fn a_write_cut_off_while_sending_is_treated_as_maybe_arrived() {
    let (store, profile) = store_with_profile();
    let row = store
        .enqueue(profile, &note("x"), &Enqueue::default(), now())
        .unwrap();
    store.outbox_sending(row.id, now()).unwrap();
    assert_eq!(store.outbox_recover_interrupted().unwrap(), 1);
    let row = store.outbox_row(profile, row.id).unwrap().unwrap();
    assert_eq!((row.state, row.attempts), (OutboxState::Unknown, 1));
    assert_eq!(row.sent_at, Some(now()));
}

#[test]
fn only_writes_that_surely_did_not_arrive_can_be_discarded() {
    let (store, profile) = store_with_profile();
    let row = store
        .enqueue(profile, &note("x"), &Enqueue::default(), now())
        .unwrap();
    store
        .outbox_failed(row.id, OutboxState::Unknown, "lost", Some(now()), true)
        .unwrap();
    let refused = store.outbox_discard(profile, row.id, now()).unwrap_err();
    assert!(
        matches!(refused, StoreError::OutboxNotDiscardable),
        "{refused}"
    );
    store
        .outbox_failed(row.id, OutboxState::Retrying, "offline", Some(now()), false)
        .unwrap();
    store.outbox_discard(profile, row.id, now()).unwrap();
    assert!(store.outbox_row(profile, row.id).unwrap().is_none());
}

#[test]
fn a_write_partly_in_halopsa_cannot_be_discarded_and_a_refused_one_is_looked_for_on_retry() {
    let (store, profile) = store_with_profile();
    let mut intent = note("x");
    intent.steps.push(intent.steps[0].clone());
    let row = store
        .enqueue(profile, &intent, &Enqueue::default(), now())
        .unwrap();
    store.outbox_sending(row.id, now()).unwrap();
    store.outbox_step_done(row.id, 0, None).unwrap();
    store
        .outbox_failed(row.id, OutboxState::Retrying, "offline", Some(now()), false)
        .unwrap();
    let refused = store.outbox_discard(profile, row.id, now()).unwrap_err();
    assert!(matches!(refused, StoreError::OutboxPartlySent), "{refused}");

    store.outbox_sending(row.id, now()).unwrap();
    store
        .outbox_failed(row.id, OutboxState::Rejected, "lost again", None, true)
        .unwrap();
    store.outbox_retry(profile, row.id).unwrap();
    let row = store.outbox_row(profile, row.id).unwrap().unwrap();
    assert_eq!(row.state, OutboxState::Unknown, "sent before: look first");
    assert_eq!((row.step, row.attempts, row.lost_sends), (1, 1, 1));
}

#[test]
fn a_discarded_write_never_overwrites_a_newer_draft() {
    let (store, profile) = store_with_profile();
    store.save_draft(profile, "note:7", "old", now()).unwrap();
    let with = Enqueue {
        draft_key: Some("note:7".into()),
        timer_ticket: None,
    };
    let row = store.enqueue(profile, &note("old"), &with, now()).unwrap();
    store.save_draft(profile, "note:7", "newer", now()).unwrap();
    let refused = store.outbox_discard(profile, row.id, now()).unwrap_err();
    assert!(matches!(refused, StoreError::NewerDraft), "{refused}");
    assert_eq!(
        store.draft(profile, "note:7").unwrap().unwrap().body,
        "newer"
    );
    assert!(store.outbox_row(profile, row.id).unwrap().is_some(), "kept");
}

#[test]
fn what_delivered_writes_made_is_claimed_until_pruned() {
    let (store, profile) = store_with_profile();
    let row = store
        .enqueue(profile, &note("x"), &Enqueue::default(), now())
        .unwrap();
    let made = Created {
        ticket_id: 7,
        action_id: Some(31),
    };
    store.outbox_sending(row.id, now()).unwrap();
    store.outbox_step_done(row.id, 0, Some(made)).unwrap();
    store.outbox_delivered(row.id, now()).unwrap();
    assert!(
        store
            .outbox_claimed(profile)
            .unwrap()
            .actions
            .contains(&(7, 31))
    );
    assert_eq!(store.outbox_undelivered(profile).unwrap(), 0);
    assert!(store.outbox_head(profile).unwrap().is_none());
    store.outbox_prune(now() + TimeDelta::seconds(1)).unwrap();
    assert!(store.outbox_claimed(profile).unwrap().actions.is_empty());
}

#[test]
fn a_delivered_write_moves_no_more_and_says_where_it_stands() {
    let (store, profile) = store_with_profile();
    let row = store
        .enqueue(profile, &note("x"), &Enqueue::default(), now())
        .unwrap();
    store.outbox_sending(row.id, now()).unwrap();
    store.outbox_step_done(row.id, 0, None).unwrap();
    store.outbox_delivered(row.id, now()).unwrap();
    let delivered = store.outbox_row(profile, row.id).unwrap().unwrap();

    let moved = |error: StoreError| {
        assert!(
            matches!(
                error,
                StoreError::OutboxMoved {
                    found: "delivered",
                    ..
                }
            ),
            "{error}"
        );
    };
    moved(store.outbox_sending(row.id, now()).unwrap_err());
    moved(store.outbox_delivered(row.id, now()).unwrap_err());
    moved(
        store
            .outbox_failed(row.id, OutboxState::Retrying, "late", None, false)
            .unwrap_err(),
    );
    moved(store.outbox_retry(profile, row.id).unwrap_err());
    assert_eq!(store.outbox_recover_interrupted().unwrap(), 0);
    assert_eq!(
        store.outbox_row(profile, row.id).unwrap().unwrap(),
        delivered,
        "untouched"
    );
}

#[test]
fn a_step_is_recorded_once_and_a_refused_write_is_not_sent_by_the_worker() {
    let (store, profile) = store_with_profile();
    let mut intent = note("x");
    intent.steps.push(intent.steps[0].clone());
    let row = store
        .enqueue(profile, &intent, &Enqueue::default(), now())
        .unwrap();
    store.outbox_sending(row.id, now()).unwrap();
    store.outbox_step_done(row.id, 0, None).unwrap();
    // The same step again (a second worker, a replayed answer): refused, the row as it was.
    let before = store.outbox_row(profile, row.id).unwrap().unwrap();
    let again = store.outbox_step_done(row.id, 0, None).unwrap_err();
    assert!(
        matches!(
            again,
            StoreError::OutboxMoved {
                found: "queued",
                ..
            }
        ),
        "{again}"
    );
    assert_eq!(store.outbox_row(profile, row.id).unwrap().unwrap(), before);

    store.outbox_sending(row.id, now()).unwrap();
    store
        .outbox_failed(row.id, OutboxState::Rejected, "refused", None, false)
        .unwrap();
    // Refused writes wait for the technician: the worker can neither send nor finish one.
    let refused = store.outbox_row(profile, row.id).unwrap().unwrap();
    for error in [
        store.outbox_sending(row.id, now()).unwrap_err(),
        store.outbox_step_done(row.id, 1, None).unwrap_err(),
        store.outbox_delivered(row.id, now()).unwrap_err(),
    ] {
        assert!(
            matches!(
                error,
                StoreError::OutboxMoved {
                    found: "rejected",
                    ..
                }
            ),
            "{error}"
        );
    }
    assert_eq!(store.outbox_row(profile, row.id).unwrap().unwrap(), refused);
}

#[test]
fn a_discarded_write_is_not_sent_and_a_missing_one_says_so() {
    let (store, profile) = store_with_profile();
    let row = store
        .enqueue(profile, &note("x"), &Enqueue::default(), now())
        .unwrap();
    store.outbox_discard(profile, row.id, now()).unwrap();
    for error in [
        store.outbox_sending(row.id, now()).unwrap_err(),
        store.outbox_retry(profile, row.id).unwrap_err(),
        store.outbox_discard(profile, row.id, now()).unwrap_err(),
    ] {
        assert!(
            matches!(error, StoreError::OutboxItemNotFound(id) if id == row.id),
            "{error}"
        );
    }
}

#[test]
fn another_profiles_write_is_not_retried() {
    let (store, profile) = store_with_profile();
    let row = store
        .enqueue(profile, &note("x"), &Enqueue::default(), now())
        .unwrap();
    let error = store.outbox_retry(profile + 1, row.id).unwrap_err();
    assert!(
        matches!(error, StoreError::OutboxItemNotFound(_)),
        "{error}"
    );
}
