//! One copy of Halodesk per data folder, and what a start-up that cannot open the folder
//! says: a second open is refused before it touches the database, a damaged database is
//! moved aside on request (after counting what that loses), one from a newer Halodesk is
//! left alone.

use std::sync::Arc;

use halodesk_core::ipc::{OutboxListRequest, WorkflowChoicesRequest};
use halodesk_core::{
    DATABASE_FILE, Halodesk, LOCK_FILE, MemorySecrets, OpenError, Parts, SystemClock, Unsent,
    start_fresh,
};
use serde_json::json;

use crate::support::{TestApp, TestDesktop, note, simulator};

fn parts() -> Parts {
    Parts::new(
        Arc::new(MemorySecrets::default()),
        Arc::new(TestDesktop::new()),
    )
}

#[test]
fn a_second_open_of_the_folder_is_refused_by_name_until_the_first_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let first = Halodesk::open(dir.path(), parts()).unwrap();
    let second = Halodesk::open(dir.path(), parts()).unwrap_err();
    assert!(
        matches!(&second, OpenError::Locked { folder } if folder == dir.path()),
        "{second}"
    );
    let message = second.to_string();
    assert!(
        message.contains(&dir.path().display().to_string()),
        "{message}"
    );
    assert!(message.contains("Another copy of Halodesk"), "{message}");
    drop(first);
    Halodesk::open(dir.path(), parts()).unwrap();
}

#[test]
fn a_folder_locked_by_another_process_is_refused_before_the_database_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    // Another copy's hold, through its own open of the lock file, as another process has.
    let other = std::fs::File::create(dir.path().join(LOCK_FILE)).unwrap();
    other.lock().unwrap();
    let error = Halodesk::open(dir.path(), parts()).unwrap_err();
    assert!(matches!(error, OpenError::Locked { .. }), "{error}");
    assert!(!dir.path().join(DATABASE_FILE).exists());
    drop(other);
    Halodesk::open(dir.path(), parts()).unwrap();
    assert!(dir.path().join(DATABASE_FILE).exists());
}

#[tokio::test]
async fn a_running_copy_keeps_a_second_from_opening_its_folder() {
    let sim = simulator(3).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    let error = Halodesk::open(test.dir.path(), parts()).unwrap_err();
    assert!(matches!(error, OpenError::Locked { .. }), "{error}");
    // The running copy goes on as before.
    test.app.outbox_list(OutboxListRequest {}).await.unwrap();
}

#[test]
fn a_damaged_database_is_sorted_as_such_and_can_be_moved_aside_to_start_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join(DATABASE_FILE);
    let garbage = vec![0x5a_u8; 16 * 1024];
    std::fs::write(&database, &garbage).unwrap();

    let error = Halodesk::open(dir.path(), parts()).unwrap_err();
    assert!(matches!(error, OpenError::Corrupt { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains(&dir.path().display().to_string()),
        "{error}"
    );
    let question = error.start_fresh_question(&SystemClock).unwrap();
    assert!(question.contains("cannot read which changes"), "{question}");

    let fresh = start_fresh(error.folder(), &SystemClock).unwrap();
    assert_eq!(std::fs::read(&fresh.kept_as).unwrap(), garbage);
    assert!(
        fresh
            .kept_as
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&format!("{DATABASE_FILE}.corrupt-")),
        "{}",
        fresh.kept_as.display()
    );
    Halodesk::open(dir.path(), parts()).unwrap();
}

#[test]
fn a_database_from_a_newer_halodesk_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join(DATABASE_FILE);
    drop(Halodesk::open(dir.path(), parts()).unwrap());
    {
        let conn = rusqlite::Connection::open(&database).unwrap();
        conn.pragma_update(None, "user_version", 9_999).unwrap();
    }
    let before = std::fs::read(&database).unwrap();

    let error = Halodesk::open(dir.path(), parts()).unwrap_err();
    assert!(
        matches!(error, OpenError::TooNew { found: 9_999, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("newer Halodesk"), "{error}");
    assert_eq!(error.start_fresh_question(&SystemClock), None);
    assert_eq!(std::fs::read(&database).unwrap(), before);
}

#[tokio::test]
async fn the_writes_a_fresh_start_would_lose_are_counted() {
    let sim = simulator(3).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    test.app
        .workflow_choices(WorkflowChoicesRequest {})
        .await
        .unwrap();
    sim.control(
        "faults",
        json!({ "drop_rate": 1.0, "routes": ["POST /api/Actions"] }),
    )
    .await
    .unwrap();
    test.app
        .action_add(note(1, "Swapped the toner"))
        .await
        .unwrap();
    test.app.action_add(note(2, "Reset the VPN")).await.unwrap();
    assert_eq!(
        Unsent::read(test.dir.path()),
        Unsent::Counted {
            writes: 2,
            uploads: 0
        }
    );
}
