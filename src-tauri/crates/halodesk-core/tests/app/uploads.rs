//! The upload queue against the simulator: files land once with their progress, bad files
//! fail on their own, lost answers and restarts are looked for before resending, and what
//! an instance refuses (multipart, a size) is learnt.

use std::path::{Path, PathBuf};
use std::time::Duration;

use halodesk_core::ErrorCode;
use halodesk_core::ipc::{
    Event, SignOutRequest, UploadCancelRequest, UploadClearRequest, UploadDropRequest, UploadItem,
    UploadListRequest, UploadOptions, UploadPasteRequest, UploadRetryRequest, UploadState,
};
use halopsa_sim::{SimConfig, Simulator};
use serde_json::json;

use crate::support::{TestApp, halo, simulator, simulator_with};

const TICKET: i32 = 1;

fn write_file(dir: &Path, name: &str, size: usize) -> PathBuf {
    let path = dir.join(name);
    let data: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, data).unwrap();
    path
}

/// Waits until none of the ticket's uploads has work ahead of it.
async fn settled(test: &TestApp) -> Vec<UploadItem> {
    for _ in 0..600 {
        let list = test
            .app
            .upload_list(UploadListRequest {
                ticket_id: Some(TICKET),
            })
            .await
            .unwrap();
        if list.items.iter().all(|item| !item.state.is_pending()) {
            return list.items;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "the uploads did not settle: {:?}",
        test.app
            .upload_list(UploadListRequest {
                ticket_id: Some(TICKET)
            })
            .await
            .unwrap()
    );
}

/// Waits until the upload reaches `state`.
async fn reaches(test: &TestApp, id: i32, state: UploadState) -> UploadItem {
    for _ in 0..600 {
        let list = test
            .app
            .upload_list(UploadListRequest {
                ticket_id: Some(TICKET),
            })
            .await
            .unwrap();
        if let Some(item) = list
            .items
            .into_iter()
            .find(|i| i.id == id && i.state == state)
        {
            return item;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!(
        "upload {id} never reached {state:?}: {:?}",
        test.app
            .upload_list(UploadListRequest {
                ticket_id: Some(TICKET)
            })
            .await
            .unwrap()
    );
}

/// How many of the ticket's attachments are called `name`.
async fn on_ticket(sim: &Simulator, name: &str) -> usize {
    halo(sim)
        .await
        .attachments(TICKET, None)
        .await
        .unwrap()
        .iter()
        .filter(|a| a.filename == name)
        .count()
}

/// Requests to a route, as the simulator counted them.
async fn route_count(sim: &Simulator, route: &str) -> u64 {
    sim.stats().await.unwrap()["by_route"][route]
        .as_u64()
        .unwrap_or(0)
}

/// Answers to uploads take `latency_ms` longer, so a test can act while one is out.
async fn slow_uploads(sim: &Simulator, latency_ms: u64) {
    let plan = json!({ "latency_ms": latency_ms, "routes": ["POST /api/Attachment/image"] });
    sim.control("faults", plan).await.unwrap();
}

fn internal() -> UploadOptions {
    UploadOptions::default()
}

#[tokio::test]
async fn dropped_files_land_with_progress_and_bad_ones_fail_on_their_own() {
    let sim = simulator(3).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    let files = tempfile::tempdir().unwrap();
    let shot = write_file(files.path(), "error dialog.png", 3 * 1024 * 1024 + 17);
    let log = write_file(files.path(), "install.log", 40_000);
    let empty = write_file(files.path(), "empty.txt", 0);
    let folder = files.path().join("a folder");
    std::fs::create_dir(&folder).unwrap();
    let missing = files.path().join("gone.png");
    let mut events = test.app.events();

    let drop_id = test
        .app
        .drop_received(vec![shot.clone(), empty, folder, log, missing]);
    let options = UploadOptions {
        note: "From the user's PC".into(),
        visible_to_user: true,
    };
    test.app
        .upload_drop(UploadDropRequest {
            drop_id,
            ticket_id: TICKET,
            options,
        })
        .await
        .unwrap();
    let items = settled(&test).await;

    let by_name = |name: &str| items.iter().find(|i| i.filename == name).unwrap();
    let landed = by_name("error dialog.png");
    assert_eq!(landed.state, UploadState::Done, "{landed:?}");
    assert_eq!(landed.sent_bytes, landed.size_bytes);
    assert_eq!(by_name("install.log").state, UploadState::Done);
    for (name, reason) in [
        ("empty.txt", "empty"),
        ("a folder", "folder"),
        ("gone.png", "no longer exists"),
    ] {
        let item = by_name(name);
        assert_eq!(item.state, UploadState::Failed, "{item:?}");
        assert!(
            item.error.as_deref().unwrap_or_default().contains(reason),
            "{item:?}"
        );
    }
    let listed = halo(&sim).await.attachments(TICKET, None).await.unwrap();
    let attachment = listed
        .iter()
        .find(|a| Some(a.id) == landed.attachment_id)
        .unwrap();
    assert_eq!(attachment.size_bytes, 3 * 1024 * 1024 + 17);
    assert!(attachment.is_image);
    assert!(attachment.show_for_users);
    assert_eq!(attachment.note, "From the user's PC");

    // The page hears the progress, up to every byte.
    let mut progress = Vec::new();
    while let Some(event) = events.try_recv() {
        if let Event::UploadChanged(item) = event
            && item.filename == "error dialog.png"
            && item.state == UploadState::Sending
        {
            progress.push(item.sent_bytes);
        }
    }
    assert_eq!(
        progress.last(),
        Some(&(3 * 1024 * 1024 + 17)),
        "{progress:?}"
    );
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");

    // A drop is claimed once.
    let again = test
        .app
        .upload_drop(UploadDropRequest {
            drop_id,
            ticket_id: TICKET,
            options: internal(),
        })
        .await;
    assert!(again.is_err());
    assert_eq!(on_ticket(&sim, "error dialog.png").await, 1);
}

#[tokio::test]
async fn a_file_that_vanishes_before_its_turn_fails_while_the_others_land() {
    let sim = simulator(3).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    // Slow answers keep both slots busy, so the third file waits its turn.
    slow_uploads(&sim, 400).await;
    let files = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = (1..=3)
        .map(|n| write_file(files.path(), &format!("part{n}.bin"), 100_000))
        .collect();
    test.attach(TICKET, paths.clone(), internal())
        .await
        .unwrap();
    std::fs::remove_file(&paths[2]).unwrap();
    let items = settled(&test).await;
    let states: Vec<UploadState> = items.iter().map(|i| i.state).collect();
    assert_eq!(
        states,
        [UploadState::Done, UploadState::Done, UploadState::Failed],
        "{items:?}"
    );
    assert!(
        items[2]
            .error
            .as_deref()
            .unwrap()
            .contains("no longer exists")
    );
}

#[tokio::test]
async fn an_upload_whose_answer_is_lost_is_found_on_the_ticket_and_lands_once() {
    let sim = simulator(3).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    sim.control(
        "faults",
        json!({ "drop_after_rate": 1.0, "routes": ["POST /api/Attachment/image"] }),
    )
    .await
    .unwrap();
    let files = tempfile::tempdir().unwrap();
    let shot = write_file(files.path(), "lost.png", 500_000);
    let list = test.attach(TICKET, vec![shot], internal()).await.unwrap();
    let id = list.items[0].id;
    let item = settled(&test).await.remove(0);
    assert_eq!(item.state, UploadState::Done, "{item:?}");
    assert_eq!(on_ticket(&sim, "lost.png").await, 1);
    // It was sent once: the look found it.
    assert_eq!(route_count(&sim, "POST /api/Attachment/image").await, 1);
    assert_eq!(item.id, id);
}

#[tokio::test]
async fn an_upload_cut_off_by_a_restart_is_looked_for_then_sent_once() {
    let sim = simulator(3).await;
    let mut test = TestApp::new();
    test.connect(&sim).await;
    // The answer takes long enough for the app to be killed while the upload is out.
    slow_uploads(&sim, 1500).await;
    let files = tempfile::tempdir().unwrap();
    let shot = write_file(files.path(), "restart.png", 200_000);
    let id = test
        .attach(TICKET, vec![shot], internal())
        .await
        .unwrap()
        .items[0]
        .id;
    reaches(&test, id, UploadState::Sending).await;
    test = test.restart().await;
    sim.control("faults", json!({})).await.unwrap();
    test.connect(&sim).await;
    let item = settled(&test).await.remove(0);
    assert_eq!(item.state, UploadState::Done, "{item:?}");
    assert_eq!(on_ticket(&sim, "restart.png").await, 1);
}

#[tokio::test]
async fn an_instance_without_multipart_uploads_is_learnt_once() {
    let sim = simulator_with(SimConfig {
        tickets: 3,
        multipart_uploads: false,
        ..SimConfig::default()
    })
    .await;
    let test = TestApp::new();
    test.connect(&sim).await;
    let files = tempfile::tempdir().unwrap();
    for name in ["first.png", "second.png"] {
        let path = write_file(files.path(), name, 70_000);
        test.attach(TICKET, vec![path], internal()).await.unwrap();
        settled(&test).await;
        assert_eq!(on_ticket(&sim, name).await, 1);
    }
    assert_eq!(route_count(&sim, "POST /api/Attachment/image").await, 1);
    assert_eq!(route_count(&sim, "POST /api/Attachment").await, 2);
    let items = settled(&test).await;
    assert!(
        items.iter().all(|i| i.state == UploadState::Done),
        "{items:?}"
    );
}

#[tokio::test]
async fn a_size_the_instance_refused_is_checked_before_the_next_upload() {
    let sim = simulator_with(SimConfig {
        tickets: 3,
        max_upload_bytes: 1024 * 1024,
        ..SimConfig::default()
    })
    .await;
    let test = TestApp::new();
    test.connect(&sim).await;
    let files = tempfile::tempdir().unwrap();
    let big = write_file(files.path(), "big.zip", 2 * 1024 * 1024);
    test.attach(TICKET, vec![big], internal()).await.unwrap();
    let refused = settled(&test).await.remove(0);
    assert_eq!(refused.state, UploadState::Failed);
    assert!(
        refused.error.as_deref().unwrap().contains("too large"),
        "{refused:?}"
    );

    let bigger = write_file(files.path(), "bigger.zip", 3 * 1024 * 1024);
    let small = write_file(files.path(), "small.zip", 300_000);
    let list = test
        .attach(TICKET, vec![bigger, small], internal())
        .await
        .unwrap();
    // Refused on the spot, without sending a byte.
    let bigger = list
        .items
        .iter()
        .find(|i| i.filename == "bigger.zip")
        .unwrap();
    assert_eq!(bigger.state, UploadState::Failed);
    assert!(
        bigger
            .error
            .as_deref()
            .unwrap()
            .contains("refused a file of 2.0 MB")
    );
    settled(&test).await;
    assert_eq!(on_ticket(&sim, "small.zip").await, 1);
    assert_eq!(route_count(&sim, "POST /api/Attachment/image").await, 2);
}

#[tokio::test]
async fn a_cancelled_upload_never_lands_and_retry_sends_it() {
    let sim = simulator(3).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    slow_uploads(&sim, 1500).await;
    let files = tempfile::tempdir().unwrap();
    // Larger than the connection buffers, so a cancelled send is still going out.
    let path = write_file(files.path(), "cancel.png", 20 * 1024 * 1024);
    let id = test
        .attach(TICKET, vec![path], internal())
        .await
        .unwrap()
        .items[0]
        .id;
    reaches(&test, id, UploadState::Sending).await;
    test.app
        .upload_cancel(UploadCancelRequest { id })
        .await
        .unwrap();
    reaches(&test, id, UploadState::Cancelled).await;
    tokio::time::sleep(Duration::from_millis(1800)).await;
    assert_eq!(on_ticket(&sim, "cancel.png").await, 0);

    sim.control("faults", json!({})).await.unwrap();
    test.app
        .upload_retry(UploadRetryRequest { id })
        .await
        .unwrap();
    reaches(&test, id, UploadState::Done).await;
    assert_eq!(on_ticket(&sim, "cancel.png").await, 1);
    // Cleared from the list once done.
    test.app
        .upload_clear(UploadClearRequest { ticket_id: TICKET })
        .await
        .unwrap();
    assert!(
        test.app
            .upload_list(UploadListRequest {
                ticket_id: Some(TICKET)
            })
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn a_file_replaced_while_queued_is_not_sent_until_retried() {
    let sim = simulator(3).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    // Slow answers keep both slots busy, so the third file waits its turn.
    slow_uploads(&sim, 400).await;
    let files = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = (1..=3)
        .map(|n| write_file(files.path(), &format!("swap{n}.bin"), 100_000))
        .collect();
    let queued = test
        .attach(TICKET, paths.clone(), internal())
        .await
        .unwrap();
    // Another file takes the third one's path before its turn.
    let other = write_file(files.path(), "other.bin", 5_000);
    std::fs::rename(&other, &paths[2]).unwrap();
    let items = settled(&test).await;
    let states: Vec<UploadState> = items.iter().map(|i| i.state).collect();
    assert_eq!(
        states,
        [UploadState::Done, UploadState::Done, UploadState::Failed],
        "{items:?}"
    );
    assert!(items[2].error.as_deref().unwrap().contains("replaced"));
    assert_eq!(
        on_ticket(&sim, "swap3.bin").await,
        0,
        "not sent in its place"
    );

    // Retry: the technician sends what is there now.
    slow_uploads(&sim, 0).await;
    let id = queued.items[2].id;
    test.app
        .upload_retry(UploadRetryRequest { id })
        .await
        .unwrap();
    let landed = reaches(&test, id, UploadState::Done).await;
    assert_eq!(landed.size_bytes, 5_000);
    assert_eq!(on_ticket(&sim, "swap3.bin").await, 1);
}

#[tokio::test]
async fn signing_out_waits_for_uploads_and_takes_the_pasted_screenshots_with_it() {
    let sim = simulator(3).await;
    let test = TestApp::new();
    let session = test.connect(&sim).await;
    let files = tempfile::tempdir().unwrap();
    slow_uploads(&sim, 1_500).await;
    let going = test
        .attach(
            TICKET,
            vec![write_file(files.path(), "big.log", 200_000)],
            internal(),
        )
        .await
        .unwrap();
    let sign_out = || {
        test.app.sign_out(SignOutRequest {
            profile_id: session.profile.id,
        })
    };
    let refused = sign_out().await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Invalid);
    assert!(
        refused.message.contains("1 file(s)") && refused.message.contains("not on their tickets"),
        "{}",
        refused.message
    );
    reaches(&test, going.items[0].id, UploadState::Done).await;

    // A screenshot HaloPSA refuses stays on disk, Halodesk's own copy, until sign-out.
    let refuse = json!({
        "error_rate": 1.0,
        "error_status": 403,
        "routes": ["POST /api/Attachment/image"]
    });
    sim.control("faults", refuse).await.unwrap();
    test.desktop.will_paste(b"\x89PNG\r\n\x1a\n a screenshot");
    let pasted = test
        .app
        .upload_paste(UploadPasteRequest {
            ticket_id: TICKET,
            options: internal(),
        })
        .await
        .unwrap();
    let screenshot = pasted.items.last().unwrap();
    reaches(&test, screenshot.id, UploadState::Failed).await;
    let folder = test
        .dir
        .path()
        .join("pasted")
        .join(session.profile.id.to_string());
    let kept: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(std::fs::read(&kept[0]).unwrap().starts_with(b"\x89PNG"));

    sign_out().await.unwrap();
    assert!(
        !folder.exists(),
        "the pasted screenshots went with the profile"
    );
}
