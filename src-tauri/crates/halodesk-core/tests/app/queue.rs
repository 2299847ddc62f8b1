use halodesk_core::ipc::{
    DeleteFilterRequest, DemoResetRequest, DemoStartRequest, QueueFilter, QueueRefreshRequest,
    QueueSnapshotRequest, SaveFilterRequest, SessionResumeRequest, SignInMethod,
};
use halopsa::{TicketQuery, TicketUpdate};

use crate::support::{TestApp, halo, simulator};

#[tokio::test]
async fn the_first_sync_reads_every_open_ticket_and_the_snapshot_shows_them_offline() {
    let sim = simulator(250).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    assert!(
        test.app
            .queue_snapshot(QueueSnapshotRequest {})
            .await
            .unwrap()
            .rows
            .is_empty()
    );

    let delta = test
        .app
        .queue_refresh(QueueRefreshRequest { full: false })
        .await
        .unwrap();
    assert!(delta.full, "an empty cache is filled by a full sync");
    let open = halo(&sim)
        .await
        .all_tickets(&TicketQuery::new().open_only(), 2)
        .await
        .unwrap();
    assert_eq!(delta.changed.len(), open.len());
    assert!(delta.changed.iter().all(|row| !row.closed));
    let lookups = delta.lookups.unwrap();
    assert!(
        lookups
            .statuses
            .iter()
            .any(|s| s.name == "In Progress" && s.colour.starts_with('#'))
    );
    assert!(
        lookups
            .statuses
            .iter()
            .any(|s| s.name == "Closed" && s.closed)
    );
    assert!(!lookups.priorities.is_empty() && !lookups.agents.is_empty());

    sim.shutdown().await.unwrap();
    let test = test.restart().await;
    test.app
        .session_resume(SessionResumeRequest {})
        .await
        .unwrap();
    let snapshot = test
        .app
        .queue_snapshot(QueueSnapshotRequest {})
        .await
        .unwrap();
    assert_eq!(snapshot.rows.len(), open.len());
    assert!(snapshot.synced_at.is_some());
    assert_eq!(snapshot.lookups, lookups);
    let row = snapshot.rows.iter().find(|r| r.id == open[0].id).unwrap();
    assert_eq!(row.summary, open[0].summary);
    assert!(!row.priority_name.is_empty());
}

#[tokio::test]
async fn later_syncs_read_only_what_changed_including_tickets_that_closed() {
    let sim = simulator(120).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    let first = test
        .app
        .queue_refresh(QueueRefreshRequest { full: false })
        .await
        .unwrap();
    let (renamed, closing) = (first.changed[0].id, first.changed[1].id);
    let closed_status = first
        .lookups
        .unwrap()
        .statuses
        .into_iter()
        .find(|s| s.closed)
        .unwrap()
        .id;

    let halo = halo(&sim).await;
    halo.update_ticket(&TicketUpdate {
        summary: Some("Printer on fire".into()),
        id: renamed,
        ..TicketUpdate::default()
    })
    .await
    .unwrap();
    halo.update_ticket(&TicketUpdate {
        status_id: Some(closed_status),
        id: closing,
        ..TicketUpdate::default()
    })
    .await
    .unwrap();

    let delta = test
        .app
        .queue_refresh(QueueRefreshRequest { full: false })
        .await
        .unwrap();
    assert!(!delta.full);
    assert!(delta.lookups.is_none());
    assert!(
        delta.changed.len() < first.changed.len() / 2,
        "{} changed",
        delta.changed.len()
    );
    let row = |id| delta.changed.iter().find(|r| r.id == id).unwrap();
    assert_eq!(row(renamed).summary, "Printer on fire");
    assert!(row(closing).closed);

    let snapshot = test
        .app
        .queue_snapshot(QueueSnapshotRequest {})
        .await
        .unwrap();
    // Closed tickets stay in the cache, marked, so the open views can leave them out.
    let open = snapshot.rows.iter().filter(|r| !r.closed).count();
    assert_eq!(open, first.changed.len() - 1);
    assert!(snapshot.rows.iter().any(|r| r.id == closing && r.closed));
}

#[tokio::test]
async fn the_demo_runs_in_process_and_resets_to_its_first_state() {
    let test = TestApp::new();
    let session = test.app.demo_start(DemoStartRequest {}).await.unwrap();
    assert_eq!(session.profile.method, SignInMethod::Demo);
    assert_eq!(session.agent.name, "Alex Morgan");
    let delta = test
        .app
        .queue_refresh(QueueRefreshRequest { full: false })
        .await
        .unwrap();
    assert!(
        delta.changed.len() > 100,
        "{} demo tickets",
        delta.changed.len()
    );
    assert!(
        test.secrets.names().is_empty(),
        "the demo keeps nothing in the keyring"
    );

    let reset = test.app.demo_reset(DemoResetRequest {}).await.unwrap();
    assert_eq!(reset.profile.id, session.profile.id);
    assert!(
        test.app
            .queue_snapshot(QueueSnapshotRequest {})
            .await
            .unwrap()
            .rows
            .is_empty()
    );
    assert_eq!(
        test.app
            .queue_refresh(QueueRefreshRequest { full: false })
            .await
            .unwrap()
            .changed
            .len(),
        delta.changed.len()
    );
}

#[tokio::test]
async fn saved_filters_belong_to_the_profile_and_replace_by_name() {
    let sim = simulator(10).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    let filter = QueueFilter {
        status_ids: vec![1, 2],
        search: "vpn".into(),
        ..QueueFilter::default()
    };
    let saved = test
        .app
        .filter_save(SaveFilterRequest {
            name: "VPN".into(),
            filter: filter.clone(),
        })
        .await
        .unwrap();
    assert_eq!(saved.filters.len(), 1);
    let replaced = QueueFilter {
        search: "printer".into(),
        ..filter
    };
    let saved = test
        .app
        .filter_save(SaveFilterRequest {
            name: "vpn".into(),
            filter: replaced.clone(),
        })
        .await
        .unwrap();
    assert_eq!(saved.filters.len(), 1);
    assert_eq!(saved.filters[0].filter, replaced);
    assert_eq!(
        test.app
            .queue_snapshot(QueueSnapshotRequest {})
            .await
            .unwrap()
            .saved_filters,
        saved.filters
    );
    let remaining = test
        .app
        .filter_delete(DeleteFilterRequest {
            filter_id: saved.filters[0].id,
        })
        .await
        .unwrap();
    assert!(remaining.filters.is_empty());
}

#[tokio::test]
async fn a_first_start_asked_for_the_demo_opens_it_and_later_starts_resume_as_usual() {
    let test = TestApp::asking_for_the_demo();
    let resumed = test
        .app
        .session_resume(SessionResumeRequest {})
        .await
        .unwrap()
        .session
        .unwrap();
    assert_eq!(resumed.profile.method, SignInMethod::Demo);

    let sim = simulator(10).await;
    let test = test.restart().await;
    let connected = test.connect(&sim).await;
    let test = test.restart().await;
    let resumed = test
        .app
        .session_resume(SessionResumeRequest {})
        .await
        .unwrap()
        .session
        .unwrap();
    assert_eq!(resumed.profile.id, connected.profile.id);

    // Without the flag a first start shows the welcome screen.
    let fresh = TestApp::new();
    assert!(
        fresh
            .app
            .session_resume(SessionResumeRequest {})
            .await
            .unwrap()
            .session
            .is_none()
    );
}
