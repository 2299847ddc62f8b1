use halodesk_core::ipc::{
    AttachmentAction, AttachmentRequest, QueueSnapshotRequest, TicketOpenRequest, TimelineKind,
};
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
