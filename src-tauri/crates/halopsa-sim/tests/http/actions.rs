use serde_json::{Value, json};

use crate::support::{quiet, start};

#[tokio::test]
async fn the_list_comes_in_its_envelope_with_filters() {
    let s = start(quiet()).await;
    let all = s.json("/api/Actions?ticket_id=4").await;
    let count = all["record_count"].as_u64().unwrap();
    assert_eq!(all["actions"].as_array().unwrap().len() as u64, count);
    assert!(count >= 1);
    let public = s.json("/api/Actions?ticket_id=4&excludeprivate=true").await;
    assert!(
        public["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["hiddenfromuser"] == false)
    );
    let one = s.json("/api/Actions/1?ticket_id=4").await;
    assert_eq!(one["id"], 1);
    assert_eq!(one["ticket_id"], 4);
}

#[tokio::test]
async fn an_outcome_is_required() {
    let s = start(quiet()).await;
    let response = s
        .post(
            "/api/Actions",
            &json!([{ "ticket_id": 4, "note": "hello" }]),
        )
        .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"]["[0].outcome"][0],
        "An Outcome must be entered for this Action"
    );
}

#[tokio::test]
async fn a_time_entry_is_in_hours_and_updates_the_ticket() {
    let s = start(quiet()).await;
    s.sim
        .control("clock", json!({ "freeze": true }))
        .await
        .unwrap();
    let ticket = s
        .create_ticket(json!({ "summary": "Timed", "client_id": 1 }))
        .await;
    let id = ticket["id"].as_i64().unwrap();
    s.sim
        .control("clock", json!({ "advance_secs": 600 }))
        .await
        .unwrap();

    let response = s
        .post("/api/Actions", &json!([{ "ticket_id": id, "outcome": "investigation", "note": "Checked logs", "timetaken": 0.25, "hiddenfromuser": true }]))
        .await;
    assert_eq!(response.status(), 201);
    let action: Value = response.json().await.unwrap();
    assert!(action.is_object());
    assert_eq!(action["outcome"], "Investigation");
    assert_eq!(action["timetaken"], 0.25);
    assert_eq!(action["hiddenfromuser"], true);
    assert_eq!(action["who_agentid"], 1);

    let after = s.json(&format!("/api/Tickets/{id}")).await;
    assert_eq!(after["timetaken"], 0.25);
    assert_eq!(after["lastactiondate"], action["datetime"]);
    assert_ne!(
        after["responsedate"], "1900-01-01T00:00:00",
        "the first agent action is the response"
    );
    assert_eq!(after["slaresponsestate"], "I");
}

#[tokio::test]
async fn new_status_is_applied_except_where_the_instance_ignores_it() {
    let s = start(quiet()).await;
    let ticket = s
        .create_ticket(json!({ "summary": "Status", "client_id": 1 }))
        .await;
    let id = ticket["id"].as_i64().unwrap();
    let applied = s
        .post(
            "/api/Actions",
            &json!([{ "ticket_id": id, "outcome_id": 5, "note": "On it", "new_status": 2 }]),
        )
        .await;
    assert_eq!(applied.status(), 201);
    assert_eq!(s.json(&format!("/api/Tickets/{id}")).await["status_id"], 2);

    // This instance, like some real ones, ignores new_status on a private note.
    let ignored = s
        .post(
            "/api/Actions",
            &json!([{ "ticket_id": id, "outcome": "Private Note", "note": "x", "new_status": 3 }]),
        )
        .await;
    assert_eq!(ignored.status(), 201);
    assert_eq!(s.json(&format!("/api/Tickets/{id}")).await["status_id"], 2);
}

#[tokio::test]
async fn action_filters_narrow_the_timeline() {
    let s = start(quiet()).await;
    let ticket = s
        .create_ticket(json!({ "summary": "Filters", "client_id": 1 }))
        .await;
    let id = ticket["id"].as_i64().unwrap();
    s.post(
        "/api/Actions",
        &json!([
            { "ticket_id": id, "outcome": "Phone Call", "note": "Called the user", "timetaken": 0.5 },
            { "ticket_id": id, "outcome": "Email User", "note": "Update sent", "emailto": "user@example.com", "sendemail": true },
            { "ticket_id": id, "outcome": "Private Note", "note": "Internal", "hiddenfromuser": true }
        ]),
    )
    .await;
    let count = |body: Value| body["record_count"].as_u64().unwrap();
    assert_eq!(
        count(s.json(&format!("/api/Actions?ticket_id={id}")).await),
        3
    );
    assert_eq!(
        count(
            s.json(&format!("/api/Actions?ticket_id={id}&timeentriesonly=true"))
                .await
        ),
        1
    );
    assert_eq!(
        count(
            s.json(&format!(
                "/api/Actions?ticket_id={id}&conversationonly=true"
            ))
            .await
        ),
        1
    );
    assert_eq!(
        count(
            s.json(&format!("/api/Actions?ticket_id={id}&excludeprivate=true"))
                .await
        ),
        2
    );
    assert_eq!(
        count(
            s.json(&format!("/api/Actions?ticket_id={id}&count=2"))
                .await
        ),
        2
    );
}
