use std::io::Write;
use std::sync::{Arc, Mutex};

use halopsa::{Error, UploadMode, UploadProgress, UploadRequest};

use crate::support::{connect, quiet, session, start};

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
