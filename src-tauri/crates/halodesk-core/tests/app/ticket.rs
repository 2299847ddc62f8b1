use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, TimeDelta, Utc};
use halodesk_core::ipc::{
    AttachmentAction, AttachmentRequest, QueueSnapshotRequest, SignOutRequest, TicketOpenRequest,
    TimelineKind,
};
use halodesk_core::{Clock, ErrorCode};
use halopsa::{ActionKind, NewAction, NewTicket, UploadMode, UploadRequest};

use crate::support::{TestApp, halo, simulator};

const HOSTILE: &str = r#"<p>Printer <b>jammed</b></p><script>window.top.__pwned = 1</script><img src=x onerror="window.top.__pwned = 2"><a href="javascript:alert(1)">click</a><a href="https://kb.acme.example/printers">KB</a>"#;

#[tokio::test]
async fn a_ticket_opens_with_sanitized_details_its_timeline_and_attachments() {
    let sim = simulator(20).await;
    let halo = halo(&sim).await;
    let ticket = halo
        .create_ticket(&NewTicket {
            summary: "Printer jammed".into(),
            details: Some(HOSTILE.into()),
            client_id: 1,
            ..NewTicket::default()
        })
        .await
        .unwrap();
    halo.add_action(&NewAction::new(
        ticket.id,
        ActionKind::Note,
        "Checked the <i>tray</i>",
    ))
    .await
    .unwrap();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), b"log line\n").unwrap();
    let mut upload = UploadRequest::new(file.path(), ticket.id, UploadMode::Multipart);
    upload.filename = Some("../../printer.log".into());
    halo.upload(&upload, |_| ()).await.unwrap();

    let test = TestApp::new();
    test.connect(&sim).await;
    let view = test
        .app
        .ticket_open(TicketOpenRequest {
            ticket_id: ticket.id,
        })
        .await
        .unwrap();
    assert_eq!(view.row.summary, "Printer jammed");
    assert!(
        view.details_html.contains("<b>jammed</b>"),
        "{}",
        view.details_html
    );
    assert!(
        view.details_html
            .contains(r#"href="https://kb.acme.example/printers""#)
    );
    for hostile in ["<script", "__pwned", "onerror", "javascript:"] {
        assert!(
            !view.details_html.contains(hostile),
            "{hostile} in {}",
            view.details_html
        );
    }
    let note = view
        .timeline
        .iter()
        .find(|e| e.note_html.contains("tray"))
        .unwrap();
    assert_eq!(note.kind, TimelineKind::Note);
    assert!(note.internal);
    assert_eq!(view.attachments.len(), 1);

    // Opened tickets refresh their row in the cache.
    let snapshot = test
        .app
        .queue_snapshot(QueueSnapshotRequest {})
        .await
        .unwrap();
    assert!(snapshot.rows.iter().any(|r| r.id == ticket.id));

    let downloads = &test.desktop.downloads;
    let save = |action| AttachmentRequest {
        attachment_id: view.attachments[0].id,
        filename: view.attachments[0].filename.clone(),
        action,
    };
    let first = test
        .app
        .attachment_fetch(save(AttachmentAction::Save))
        .await
        .unwrap();
    let second = test
        .app
        .attachment_fetch(save(AttachmentAction::Save))
        .await
        .unwrap();
    assert_ne!(
        first.path, second.path,
        "the first download is not replaced"
    );
    for saved in [&first.path, &second.path] {
        assert!(
            saved.starts_with(downloads.path().to_str().unwrap()),
            "{saved}"
        );
        assert_eq!(std::fs::read(saved).unwrap(), b"log line\n");
    }
    let opened = test
        .app
        .attachment_fetch(save(AttachmentAction::Open))
        .await
        .unwrap();
    assert!(opened.path.starts_with(test.dir.path().to_str().unwrap()));
    assert_eq!(
        test.desktop.opened(),
        [opened.path],
        "an opened attachment goes to its default app"
    );
}

/// A ticket holding files of the given names and contents, uploaded as a customer would.
async fn ticket_with_files(sim: &halopsa_sim::Simulator, files: &[(&str, &[u8])]) -> i32 {
    let halo = halo(sim).await;
    let ticket = halo
        .create_ticket(&NewTicket {
            summary: "Invoice attached".into(),
            client_id: 1,
            ..NewTicket::default()
        })
        .await
        .unwrap();
    for (name, bytes) in files {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), bytes).unwrap();
        let mut upload = UploadRequest::new(file.path(), ticket.id, UploadMode::Multipart);
        upload.filename = Some((*name).into());
        halo.upload(&upload, |_| ()).await.unwrap();
    }
    ticket.id
}

/// The files in `dir`, by name, with their bytes.
fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|entry| {
                    let path = entry.unwrap().path();
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    (name, std::fs::read(&path).unwrap())
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn an_attachment_that_runs_code_is_listed_as_it_is_saved_and_never_opened() {
    let sim = simulator(5).await;
    let program: &[u8] = b"MZ\x90\x00 a customer's program";
    let ticket_id = ticket_with_files(
        &sim,
        &[("setup.exe", program), ("invoice\u{202E}fdp.exe", program)],
    )
    .await;
    let test = TestApp::new();
    test.connect(&sim).await;
    let view = test
        .app
        .ticket_open(TicketOpenRequest { ticket_id })
        .await
        .unwrap();
    let names: Vec<&str> = view
        .attachments
        .iter()
        .map(|a| a.filename.as_str())
        .collect();
    assert_eq!(
        names,
        ["setup.exe", "invoicefdp.exe"],
        "the real extension shows"
    );
    for attachment in &view.attachments {
        let why = attachment.open_refused.as_deref().unwrap();
        assert!(why.contains("it is a program"), "{why}");

        let refused = test
            .app
            .attachment_fetch(AttachmentRequest {
                attachment_id: attachment.id,
                filename: attachment.filename.clone(),
                action: AttachmentAction::Open,
            })
            .await
            .unwrap_err();
        assert_eq!(refused.code, ErrorCode::UnsafeToOpen);
        assert!(
            refused.message.contains(&attachment.filename),
            "{}",
            refused.message
        );
    }
    assert!(
        test.desktop.opened().is_empty(),
        "nothing was handed to the OS"
    );
    assert!(
        files_in(&test.dir.path().join("opened-attachments")).is_empty(),
        "nothing was even downloaded to open"
    );

    for attachment in &view.attachments {
        test.app
            .attachment_fetch(AttachmentRequest {
                attachment_id: attachment.id,
                filename: attachment.filename.clone(),
                action: AttachmentAction::Save,
            })
            .await
            .unwrap();
    }
    let saved = files_in(test.desktop.downloads.path());
    assert_eq!(
        saved.keys().map(String::as_str).collect::<Vec<_>>(),
        ["invoicefdp.exe", "setup.exe"]
    );
    assert!(saved.values().all(|bytes| bytes == program));
}

#[tokio::test]
async fn two_attachments_of_one_name_saved_at_once_give_two_files() {
    let sim = simulator(5).await;
    let ticket_id = ticket_with_files(
        &sim,
        &[
            ("report.pdf", b"%PDF first"),
            ("report.pdf", b"%PDF second"),
        ],
    )
    .await;
    let test = TestApp::new();
    test.connect(&sim).await;
    let view = test
        .app
        .ticket_open(TicketOpenRequest { ticket_id })
        .await
        .unwrap();
    let save = |index: usize| AttachmentRequest {
        attachment_id: view.attachments[index].id,
        filename: view.attachments[index].filename.clone(),
        action: AttachmentAction::Save,
    };
    let (first, second) = tokio::join!(
        test.app.attachment_fetch(save(0)),
        test.app.attachment_fetch(save(1))
    );
    assert_ne!(first.unwrap().path, second.unwrap().path);
    let saved = files_in(test.desktop.downloads.path());
    assert_eq!(
        saved.keys().map(String::as_str).collect::<Vec<_>>(),
        ["report (2).pdf", "report.pdf"],
        "two files and nothing else: no reservation or temporary file left"
    );
    let mut contents: Vec<&[u8]> = saved.values().map(Vec::as_slice).collect();
    contents.sort();
    assert_eq!(contents, [&b"%PDF first"[..], &b"%PDF second"[..]]);
}

#[tokio::test]
async fn opened_attachments_are_kept_per_profile_for_a_week_and_go_at_sign_out() {
    let sim = simulator(5).await;
    let ticket_id = ticket_with_files(&sim, &[("printer.log", b"paper jam\n")]).await;
    // Before the real time the files below are written at, so those count as new.
    let now: DateTime<Utc> = "2020-06-01T09:00:00Z".parse().unwrap();
    let test = TestApp::with_clock(Arc::new(FixedClock(now)));
    let session = test.connect(&sim).await;
    let view = test
        .app
        .ticket_open(TicketOpenRequest { ticket_id })
        .await
        .unwrap();
    let opened = test
        .app
        .attachment_fetch(AttachmentRequest {
            attachment_id: view.attachments[0].id,
            filename: view.attachments[0].filename.clone(),
            action: AttachmentAction::Open,
        })
        .await
        .unwrap();
    let folder = test
        .dir
        .path()
        .join("opened-attachments")
        .join(session.profile.id.to_string());
    assert_eq!(Path::new(&opened.path), folder.join("printer.log"));
    assert_eq!(test.desktop.opened(), std::slice::from_ref(&opened.path));

    // One opened eight days ago by the app's clock, one yesterday.
    for (name, age) in [("old.pdf", 8), ("recent.pdf", 1)] {
        let path = folder.join(name);
        std::fs::write(&path, name).unwrap();
        let written = SystemTime::from(now - TimeDelta::days(age));
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(written)
            .unwrap();
    }
    let test = test.restart().await;
    assert_eq!(
        files_in(&folder).into_keys().collect::<Vec<_>>(),
        ["printer.log", "recent.pdf"],
        "a week old is gone at start"
    );

    test.app
        .sign_out(SignOutRequest {
            profile_id: session.profile.id,
        })
        .await
        .unwrap();
    assert!(
        !folder.exists(),
        "the profile's opened attachments went with it"
    );
}

/// The same instant, always.
#[derive(Debug)]
struct FixedClock(DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}
