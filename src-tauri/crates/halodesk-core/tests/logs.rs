//! The log support is sent, written as the app writes it (`start_logging`) but at TRACE for
//! every crate, reqwest's and hyper's included, while a technician connects with a client
//! secret, signs in through the browser, and works a ticket against the simulator over real
//! HTTP. No secret may reach a log line or any file of the data folder, the database included.
//!
//! A binary of its own: the log is the process's one global subscriber.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "app/support.rs"]
#[allow(
    dead_code,
    reason = "shared with the app tests; this uses only part of it"
)]
mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use halodesk_core::ipc::{
    BrowserSignInFinishRequest, BrowserSignInRequest, OutboxState, QueueRefreshRequest,
    StatusMeaning, TicketChangeRequest, WorkflowChoicesRequest,
};
use halodesk_core::{LOG_FOLDER, SecretStore, start_logging};
use halopsa_sim::SimConfig;
use serde_json::json;

use support::{SECRET, TestApp, files_contain, note, simulator_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_the_log_or_any_file_of_the_data_folder() {
    let sim = simulator_with(SimConfig {
        tickets: 20,
        rotate_refresh_tokens: true,
        ..SimConfig::default()
    })
    .await;
    let test = TestApp::new();
    start_logging(test.dir.path(), "trace").unwrap();
    let mut secrets = BTreeSet::from([SECRET.to_owned()]);

    // A client secret, and a ticket worked with it: a note and a status change.
    test.connect(&sim).await;
    secrets.extend(sim.issued_tokens());
    let ticket = test
        .app
        .queue_refresh(QueueRefreshRequest { full: true })
        .await
        .unwrap()
        .changed[0]
        .id;
    let noted = test
        .app
        .action_add(note(ticket, "Replaced the toner; printing again."))
        .await
        .unwrap();
    assert_eq!(noted.state, OutboxState::Delivered);
    let choices = test
        .app
        .workflow_choices(WorkflowChoicesRequest {})
        .await
        .unwrap();
    let waiting = choices
        .statuses
        .iter()
        .find(|s| s.meaning == StatusMeaning::Waiting)
        .unwrap()
        .id;
    let changed = test
        .app
        .ticket_change(TicketChangeRequest {
            ticket_id: ticket,
            status_id: Some(waiting),
            confirmed: true,
            ..TicketChangeRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(changed.write.unwrap().state, OutboxState::Delivered);

    // A browser sign-in, whose refresh token is renewed (and rotated) once the hour is up.
    let started = test
        .app
        .browser_sign_in_start(BrowserSignInRequest {
            instance_url: sim.base_url(),
            tenant: None,
            client_id: "halodesk".into(),
            name: None,
        })
        .await
        .unwrap();
    let browser = tokio::spawn(reqwest::get(started.authorize_url));
    let session = test
        .app
        .browser_sign_in_finish(BrowserSignInFinishRequest {})
        .await
        .unwrap();
    browser.await.unwrap().unwrap();
    secrets.extend(sim.issued_tokens());
    let entry = format!("profile-{}/refresh-token", session.profile.id);
    let first_refresh = test.secrets.get(&entry).unwrap().unwrap();
    sim.control("clock", json!({ "advance_secs": 7200 }))
        .await
        .unwrap();
    test.app
        .action_add(note(ticket, "Signed in as myself now."))
        .await
        .unwrap();
    secrets.extend(sim.issued_tokens());
    // The rotated token reaches the keyring (and only the keyring).
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while test.secrets.get(&entry).unwrap().unwrap() == first_refresh {
        assert!(std::time::Instant::now() < deadline, "no rotation kept");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    secrets.insert(
        test.secrets
            .get(&entry)
            .unwrap()
            .unwrap()
            .expose()
            .to_owned(),
    );
    secrets.insert(first_refresh.expose().to_owned());
    test.app.shutdown();

    let logs = test.dir.path().join(LOG_FOLDER);
    let text: String = std::fs::read_dir(&logs)
        .unwrap()
        .map(|file| std::fs::read_to_string(file.unwrap().path()).unwrap())
        .collect();
    assert!(
        text.contains("hyper") && text.contains("reqwest"),
        "the HTTP stack logged at TRACE"
    );
    assert!(text.lines().count() > 100, "{} lines", text.lines().count());
    // Access tokens (client secret and browser), refresh tokens and the secret.
    assert!(secrets.len() >= 5, "{} secrets", secrets.len());
    for secret in &secrets {
        let lines: Vec<&str> = text.lines().filter(|l| l.contains(secret)).collect();
        assert!(lines.is_empty(), "a secret was logged: {lines:#?}");
        let files = files_contain(test.dir.path(), secret);
        assert!(files.is_empty(), "a secret is in {files:?}");
    }
}
