use std::time::Duration;

use halopsa::{
    ActionKind, ActionQuery, EmailDetails, Error, NewAction, OutcomeChoice, StatusChange,
    TicketDetail,
};
use serde_json::json;

use crate::support::{route_count, session};

#[tokio::test]
async fn a_note_is_added_and_listed() {
    let (_sim, client) = session().await;
    let added = client
        .add_action(&NewAction::new(5, ActionKind::Note, "Rebooted the switch."))
        .await
        .unwrap();
    assert_eq!(added.action.outcome, "Private Note");
    assert!(added.action.hidden_from_user);
    assert!(added.status_change.is_none());
    let actions = client.actions(5, &ActionQuery::default()).await.unwrap();
    assert!(
        actions
            .iter()
            .any(|a| a.id == added.action.id && a.note == "Rebooted the switch.")
    );
    let read = client.action(5, added.action.id).await.unwrap();
    assert_eq!(read.note, "Rebooted the switch.");
}

#[tokio::test]
async fn time_is_sent_in_decimal_hours() {
    let (_sim, client) = session().await;
    let mut entry = NewAction::new(5, ActionKind::TimeEntry, "Remote session.");
    entry.time_taken = Some(Duration::from_secs(15 * 60));
    let added = client.add_action(&entry).await.unwrap();
    assert_eq!(added.action.outcome, "Time Entry");
    assert_eq!(added.action.time_taken_hours, 0.25);

    let only_time = client
        .actions(
            5,
            &ActionQuery {
                time_entries_only: true,
                ..ActionQuery::default()
            },
        )
        .await
        .unwrap();
    assert!(only_time.iter().any(|a| a.id == added.action.id));
}

#[tokio::test]
async fn an_outcome_is_chosen_by_name_or_id() {
    let (_sim, client) = session().await;
    let mut call = NewAction::new(6, ActionKind::PhoneCall, "Called the user back.");
    call.outcome = Some(OutcomeChoice::Name("site visit".into()));
    assert_eq!(
        client.add_action(&call).await.unwrap().action.outcome,
        "Site Visit"
    );

    let phone = client
        .outcomes()
        .await
        .unwrap()
        .iter()
        .find(|o| o.name == "Phone Call")
        .unwrap()
        .id;
    call.outcome = Some(OutcomeChoice::Id(phone));
    assert_eq!(
        client.add_action(&call).await.unwrap().action.outcome,
        "Phone Call"
    );

    call.outcome = Some(OutcomeChoice::Name("Carrier Pigeon".into()));
    let error = client.add_action(&call).await.unwrap_err();
    assert!(matches!(error, Error::Invalid { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("no outcome called \"Carrier Pigeon\"")
    );
}

#[tokio::test]
async fn a_status_change_the_instance_ignores_is_completed_with_a_ticket_update() {
    let (_sim, client) = session().await;
    let mut note = NewAction::new(8, ActionKind::Note, "Waiting on the vendor.");
    note.new_status_id = Some(6);
    let added = client.add_action(&note).await.unwrap();
    assert!(matches!(
        added.status_change,
        Some(StatusChange::ByTicketUpdate)
    ));
    let ticket = client.ticket(8, TicketDetail::default()).await.unwrap();
    assert_eq!(ticket.status_id, Some(6));

    let mut visit = NewAction::new(8, ActionKind::SiteVisit, "On site now.");
    visit.new_status_id = Some(2);
    visit.travel_time = Some(Duration::from_secs(30 * 60));
    let added = client.add_action(&visit).await.unwrap();
    assert!(matches!(
        added.status_change,
        Some(StatusChange::WithAction)
    ));
    assert_eq!(added.action.travel_hours, 0.5);
}

#[tokio::test]
async fn an_email_needs_a_recipient_and_a_time_entry_needs_time() {
    let (_sim, client) = session().await;
    let mut email = NewAction::new(9, ActionKind::Email, "Your laptop is ready.");
    let error = client.add_action(&email).await.unwrap_err();
    assert_eq!(error.to_string(), "An email needs a recipient.");
    email.email = Some(EmailDetails {
        to: "user@example.com".into(),
        cc: None,
        subject: Some("Ready".into()),
    });
    let sent = client.add_action(&email).await.unwrap();
    assert_eq!(sent.action.outcome, "Email User");
    assert_eq!(sent.action.email_to, "user@example.com");

    let entry = NewAction::new(9, ActionKind::TimeEntry, "No time given.");
    assert!(client.add_action(&entry).await.is_err());
}

#[tokio::test]
async fn a_saved_action_whose_status_change_fails_is_reported_as_saved() {
    let (sim, client) = session().await;
    // Reading the ticket back fails, after the note went in.
    sim.control(
        "faults",
        json!({ "error_rate": 1.0, "error_status": 503, "routes": ["GET /api/Tickets/{id}"] }),
    )
    .await
    .unwrap();
    let mut note = NewAction::new(10, ActionKind::Note, "Parts ordered.");
    note.new_status_id = Some(3);
    let added = client.add_action(&note).await.unwrap();
    assert!(added.action.id > 0, "the note is saved");
    let Some(StatusChange::NotApplied(error)) = added.status_change else {
        panic!("{:?}", added.status_change);
    };
    assert!(
        matches!(error, Error::Server { status: 503, .. }),
        "{error:?}"
    );
    assert_eq!(route_count(&sim, "POST /api/Actions").await, 1, "sent once");
}
