//! The outbox against the simulator: lost answers never make a second note, writes made
//! offline go out when the instance returns, and nothing is lost across a restart.

use std::time::Duration;

use halodesk_core::ipc::{
    ActionAddRequest, DemoResetRequest, DemoStartRequest, DraftGetRequest, DraftSaveRequest, Event,
    OutboxDiscardRequest, OutboxList, OutboxListRequest, OutboxRetryRequest, OutboxState,
    ProfileListRequest, QueueRefreshRequest, SessionResumeRequest, SignOutRequest,
    TimerListRequest, TimerRequest, WorkflowChoicesRequest,
};
use halopsa::ActionQuery;
use halopsa_sim::{SimConfig, Simulator};
use serde_json::json;

use halodesk_core::{ErrorCode, Events};

use crate::support::{SECRET, TestApp, halo, note, simulator};

/// Waits until nothing is left to send.
async fn drained(test: &TestApp) {
    for _ in 0..300 {
        let list = test.app.outbox_list(OutboxListRequest {}).await.unwrap();
        if list.pending == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the outbox did not drain: {:?}",
        test.app.outbox_list(OutboxListRequest {}).await.unwrap()
    );
}

/// How many of the ticket's actions carry exactly this note.
async fn copies(sim: &Simulator, ticket: i32, text: &str) -> usize {
    halo(sim)
        .await
        .actions(ticket, &ActionQuery::default())
        .await
        .unwrap()
        .iter()
        .filter(|a| a.note == text)
        .count()
}

#[tokio::test]
async fn notes_whose_answers_are_lost_land_exactly_once() {
    let sim = simulator(5).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    test.app
        .workflow_choices(WorkflowChoicesRequest {})
        .await
        .unwrap();
    sim.control(
        "faults",
        json!({ "drop_after_rate": 0.5, "routes": ["POST /api/Actions"] }),
    )
    .await
    .unwrap();
    let texts: Vec<String> = (1..=20)
        .map(|n| format!("Checked backup job {n}"))
        .collect();
    // All at once, so the worker meets the lost answers with writes queued behind them.
    let mut sends = tokio::task::JoinSet::new();
    for text in &texts {
        let (app, request) = (test.app.clone(), note(1, text));
        sends.spawn(async move { app.action_add(request).await.unwrap() });
    }
    sends.join_all().await;
    drained(&test).await;
    let stats = sim.stats().await.unwrap();
    let looks = stats.to_string().matches("GET /api/Actions").count();
    assert!(looks > 0, "lost answers were looked for: {stats}");
    for text in &texts {
        assert_eq!(copies(&sim, 1, text).await, 1, "{text}");
    }
}

#[tokio::test]
async fn a_note_written_while_the_instance_is_down_goes_out_when_it_returns() {
    let sim = simulator(5).await;
    let addr = sim.addr();
    let test = TestApp::new();
    test.connect(&sim).await;
    test.app
        .workflow_choices(WorkflowChoicesRequest {})
        .await
        .unwrap();
    sim.shutdown().await.unwrap();

    let written = test
        .app
        .action_add(note(2, "Left a voicemail"))
        .await
        .unwrap();
    assert_eq!(written.state, OutboxState::Retrying, "{written:?}");
    assert!(written.last_error.is_some());
    assert_eq!(
        test.app
            .outbox_list(OutboxListRequest {})
            .await
            .unwrap()
            .pending,
        1
    );

    let sim = Simulator::start(
        addr,
        SimConfig {
            tickets: 5,
            rate_limit: None,
            client_secret: SECRET.into(),
            ..SimConfig::default()
        },
    )
    .await
    .unwrap();
    // The queue's next refresh finds the instance back and wakes the outbox.
    test.app
        .queue_refresh(QueueRefreshRequest { full: false })
        .await
        .unwrap();
    drained(&test).await;
    assert_eq!(copies(&sim, 2, "Left a voicemail").await, 1);
}

#[tokio::test]
async fn a_lost_write_is_checked_after_a_restart_before_it_is_sent_again() {
    let sim = simulator(5).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    test.app
        .workflow_choices(WorkflowChoicesRequest {})
        .await
        .unwrap();
    // Every answer lost, and every look for it too: the note stays unknown.
    sim.control("faults", json!({ "drop_after_rate": 1.0, "drop_rate": 1.0, "routes": ["POST /api/Actions", "GET /api/Actions"] })).await.unwrap();
    let written = test
        .app
        .action_add(note(3, "Rebuilt the print spooler"))
        .await
        .unwrap();
    assert!(
        matches!(written.state, OutboxState::Unknown | OutboxState::Sending),
        "{written:?}"
    );

    let test = test.restart().await;
    reqwest::Client::new()
        .delete(format!("{}/_sim/faults", sim.base_url()))
        .send()
        .await
        .unwrap();
    test.app
        .session_resume(SessionResumeRequest {})
        .await
        .unwrap();
    test.app
        .outbox_retry(OutboxRetryRequest { id: written.id })
        .await
        .unwrap();
    drained(&test).await;
    assert_eq!(copies(&sim, 3, "Rebuilt the print spooler").await, 1);
}

#[tokio::test]
async fn a_refused_write_waits_and_discarding_it_gives_the_text_back() {
    let sim = simulator(5).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    test.app
        .workflow_choices(WorkflowChoicesRequest {})
        .await
        .unwrap();
    test.app
        .draft_save(DraftSaveRequest {
            key: "note:999999".into(),
            body: r#"{"note":"For a ticket that is gone"}"#.into(),
        })
        .await
        .unwrap();
    let written = test
        .app
        .action_add(ActionAddRequest {
            draft_key: Some("note:999999".into()),
            ..note(999_999, "For a ticket that is gone")
        })
        .await
        .unwrap();
    assert_eq!(written.state, OutboxState::Rejected, "{written:?}");
    assert!(
        test.app
            .draft_get(DraftGetRequest {
                key: "note:999999".into()
            })
            .await
            .unwrap()
            .draft
            .is_none()
    );

    // A refused write holds nothing up.
    let next = test.app.action_add(note(1, "Still works")).await.unwrap();
    assert_eq!(next.state, OutboxState::Delivered);

    let refused = test
        .app
        .sign_out(SignOutRequest {
            profile_id: test
                .app
                .profile_list(ProfileListRequest {})
                .await
                .unwrap()
                .active_id
                .unwrap(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        refused.code,
        ErrorCode::Invalid,
        "signing out would lose the refused write"
    );

    let list = test
        .app
        .outbox_discard(OutboxDiscardRequest { id: written.id })
        .await
        .unwrap();
    assert_eq!(list.pending, 0);
    let back = test
        .app
        .draft_get(DraftGetRequest {
            key: "note:999999".into(),
        })
        .await
        .unwrap()
        .draft
        .unwrap();
    assert!(back.body.contains("For a ticket that is gone"));
}

#[tokio::test]
async fn drafts_and_timers_survive_a_restart() {
    let sim = simulator(5).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    test.app
        .draft_save(DraftSaveRequest {
            key: "new-ticket".into(),
            body: r#"{"summary":"Half-typed"}"#.into(),
        })
        .await
        .unwrap();
    test.app
        .timer_update(TimerRequest {
            ticket_id: 4,
            op: halodesk_core::ipc::TimerOp::Start,
        })
        .await
        .unwrap();
    let test = test.restart().await;
    test.app
        .session_resume(SessionResumeRequest {})
        .await
        .unwrap();
    let draft = test
        .app
        .draft_get(DraftGetRequest {
            key: "new-ticket".into(),
        })
        .await
        .unwrap()
        .draft
        .unwrap();
    assert_eq!(draft.body, r#"{"summary":"Half-typed"}"#);
    let timers = test
        .app
        .timer_list(TimerListRequest {})
        .await
        .unwrap()
        .timers;
    assert_eq!(timers.len(), 1);
    assert_eq!(timers[0].ticket_id, 4);
    assert!(
        timers[0].running_since.is_some(),
        "still running after the restart"
    );
}

/// The outbox lists the window hears, until one shows write `id` delivered.
async fn lists_until_delivered(events: &mut Events, id: i32) -> Vec<OutboxList> {
    let mut lists = Vec::new();
    let heard = tokio::time::timeout(Duration::from_secs(15), async {
        while let Some(event) = events.recv().await {
            if let Event::OutboxChanged(list) = event {
                let delivered = list
                    .items
                    .iter()
                    .any(|item| item.id == id && item.state == OutboxState::Delivered);
                lists.push(list);
                if delivered {
                    return;
                }
            }
        }
    })
    .await;
    assert!(heard.is_ok(), "never heard write {id} delivered: {lists:?}");
    lists
}

#[tokio::test]
async fn the_window_hears_each_change_of_the_outbox_in_order() {
    let sim = simulator(5).await;
    let test = TestApp::new();
    let session = test.connect(&sim).await;
    let mut events = test.app.events();
    // Offline first: the write waits, and the window hears it waiting.
    sim.control(
        "faults",
        json!({ "drop_rate": 1.0, "routes": ["POST /api/Actions"] }),
    )
    .await
    .unwrap();
    let written = test
        .app
        .action_add(note(3, "Swapped the toner"))
        .await
        .unwrap();
    assert_ne!(written.state, OutboxState::Delivered);
    let waiting = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            if let Some(Event::OutboxChanged(list)) = events.recv().await
                && list.pending == 1
            {
                return list;
            }
        }
    })
    .await
    .expect("the waiting write was heard");
    assert_eq!(waiting.profile_id, session.profile.id);

    sim.control("faults", json!({})).await.unwrap();
    test.app
        .outbox_retry(OutboxRetryRequest { id: written.id })
        .await
        .unwrap();
    let lists = lists_until_delivered(&mut events, written.id).await;
    assert!(
        lists
            .iter()
            .all(|list| list.profile_id == session.profile.id),
        "every list names its connection"
    );
    // Lists come in the order they were read: once delivered, the write is never heard
    // waiting again.
    assert_eq!(lists.last().unwrap().pending, 0);
    let after = tokio::time::timeout(Duration::from_millis(600), events.recv()).await;
    if let Ok(Some(Event::OutboxChanged(list))) = after {
        assert_eq!(list.pending, 0, "a stale list came after the delivered one");
    }
}

#[tokio::test]
async fn a_demo_reset_empties_the_outbox_the_window_shows() {
    let test = TestApp::new();
    let session = test.app.demo_start(DemoStartRequest {}).await.unwrap();
    let mut events = test.app.events();
    test.app.demo_reset(DemoResetRequest {}).await.unwrap();
    let emptied = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            if let Some(Event::OutboxChanged(list)) = events.recv().await
                && list.profile_id == session.profile.id
            {
                return list;
            }
        }
    })
    .await
    .expect("the reset was announced");
    assert!(emptied.items.is_empty());
}
