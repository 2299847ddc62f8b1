use std::io::Write;
use std::sync::{Arc, Mutex};

use halopsa::{Error, UploadMode, UploadProgress, UploadRequest};

use serde_json::json;

use crate::support::{connect, quiet, route_count, session, start};

fn file_of(size: usize, name: &str) -> (tempfile::TempDir, std::path::PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    let data: Vec<u8> = (0..size).map(|i| (i * 31 % 253) as u8).collect();
    std::fs::File::create(&path)
        .unwrap()
        .write_all(&data)
        .unwrap();
    (dir, path, data)
}

#[tokio::test]
async fn an_upload_in_either_mode_streams_reports_progress_and_round_trips() {
    let (_sim, client) = session().await;
    for mode in [UploadMode::Multipart, UploadMode::Json] {
        let (dir, path, data) = file_of(700_001, "screenshot.png");
        let progress = Arc::new(Mutex::new(Vec::<UploadProgress>::new()));
        let mut request = UploadRequest::new(&path, 11, mode);
        request.note = Some("Error dialog".into());
        let uploaded = client
            .upload(&request, {
                let progress = progress.clone();
                move |p| progress.lock().unwrap().push(p)
            })
            .await
            .unwrap();
        assert_eq!(uploaded.filename, "screenshot.png", "{mode:?}");
        assert_eq!(uploaded.size_bytes, data.len() as u64);
        assert!(uploaded.is_image);
        assert_eq!(uploaded.note, "Error dialog");
        let seen = progress.lock().unwrap().clone();
        assert!(seen.len() > 2, "{mode:?}: progress in steps");
        assert!(seen.windows(2).all(|w| w[0].sent <= w[1].sent));
        assert_eq!(seen.last().unwrap().sent, data.len() as u64);

        let listed = client.attachments(11, None).await.unwrap();
        assert!(listed.iter().any(|a| a.id == uploaded.id));
        assert_eq!(
            client.attachment(uploaded.id).await.unwrap().filename,
            "screenshot.png"
        );

        let copy = dir.path().join("copy.png");
        let written = client.download(uploaded.id, &copy).await.unwrap();
        assert_eq!(written, data.len() as u64);
        assert_eq!(std::fs::read(&copy).unwrap(), data);

        client.delete_attachment(uploaded.id).await.unwrap();
        let listed = client.attachments(11, None).await.unwrap();
        assert!(listed.iter().all(|a| a.id != uploaded.id));
    }
}

#[tokio::test]
async fn a_file_that_vanished_says_so() {
    let (_sim, client) = session().await;
    let (dir, path, _) = file_of(10, "gone.txt");
    drop(dir);
    let error = client
        .upload(&UploadRequest::new(&path, 11, UploadMode::Json), |_| {})
        .await
        .unwrap_err();
    assert!(matches!(error, Error::File { .. }), "{error:?}");
    assert!(error.to_string().contains("no longer exists"));
}

#[tokio::test]
async fn a_file_over_the_instances_limit_is_too_large_in_either_mode() {
    let sim = start(halopsa_sim::SimConfig {
        max_upload_bytes: 10_000,
        ..quiet()
    })
    .await;
    let client = connect(&sim).await;
    let (_dir, path, _) = file_of(50_000, "big.log");
    for mode in [UploadMode::Multipart, UploadMode::Json] {
        let error = client
            .upload(&UploadRequest::new(&path, 11, mode), |_| {})
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::TooLarge { .. }),
            "{mode:?}: {error:?}"
        );
    }
}

#[tokio::test]
async fn an_upload_to_a_missing_ticket_names_the_problem() {
    let (_sim, client) = session().await;
    let (_dir, path, _) = file_of(100, "note.txt");
    let error = client
        .upload(
            &UploadRequest::new(&path, 999_999, UploadMode::Multipart),
            |_| {},
        )
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("Ticket 999999 does not exist"),
        "{error}"
    );
}

#[tokio::test]
async fn an_upload_refused_with_429_is_sent_again_from_a_reopened_file() {
    let (sim, client) = session().await;
    // Large enough that the refusal arrives while the body is still going out; a body already
    // handed over whole is reported as "may have been saved" instead.
    let (_dir, path, data) = file_of(16 * 1024 * 1024, "retry.png");
    sim.control("faults", json!({ "force_429": 1 }))
        .await
        .unwrap();
    let progress = Arc::new(Mutex::new(Vec::<UploadProgress>::new()));
    let uploaded = client
        .upload(&UploadRequest::new(&path, 12, UploadMode::Multipart), {
            let progress = progress.clone();
            move |p| progress.lock().unwrap().push(p)
        })
        .await
        .unwrap();
    assert_eq!(uploaded.size_bytes, data.len() as u64);
    assert_eq!(route_count(&sim, "POST /api/Attachment/image").await, 2);
    let starts = progress
        .lock()
        .unwrap()
        .iter()
        .filter(|p| p.sent == 0)
        .count();
    assert_eq!(starts, 2, "progress starts again with the second attempt");
}

#[tokio::test]
async fn a_download_whose_connection_drops_starts_again_and_leaves_no_partial_file() {
    let (sim, client) = session().await;
    let (dir, path, data) = file_of(200_000, "log.txt");
    let uploaded = client
        .upload(&UploadRequest::new(&path, 12, UploadMode::Json), |_| {})
        .await
        .unwrap();
    sim.control("faults", json!({ "drop_rate": 0.3 }))
        .await
        .unwrap();
    for round in 0..5 {
        let copy = dir.path().join(format!("copy-{round}.txt"));
        client.download(uploaded.id, &copy).await.unwrap();
        assert_eq!(std::fs::read(&copy).unwrap(), data);
    }
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "part")
        })
        .count();
    assert_eq!(leftovers, 0);
}

#[tokio::test]
async fn a_folder_or_an_unreadable_file_is_a_file_error_and_is_not_retried() {
    let (sim, client) = session().await;
    let dir = tempfile::tempdir().unwrap();
    for mode in [UploadMode::Multipart, UploadMode::Json] {
        let error = client
            .upload(&UploadRequest::new(dir.path(), 11, mode), |_| {})
            .await
            .unwrap_err();
        assert!(matches!(error, Error::File { .. }), "{mode:?}: {error:?}");
        assert!(error.to_string().contains("folder"), "{error}");
    }
    assert_eq!(route_count(&sim, "POST /api/Attachment/image").await, 0);
    assert_eq!(route_count(&sim, "POST /api/Attachment").await, 0);
}
