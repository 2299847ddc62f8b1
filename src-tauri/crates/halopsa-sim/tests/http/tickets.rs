use serde_json::{Value, json};

use crate::support::{quiet, start};

fn ids(body: &Value) -> Vec<i64> {
    body["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn pages_only_with_pageinate_and_never_more_than_100_rows() {
    let s = start(quiet()).await;
    let page = s
        .json("/api/Tickets?pageinate=true&page_size=500&page_no=2")
        .await;
    assert_eq!(page["page_no"], 2);
    assert_eq!(page["page_size"], 100);
    assert_eq!(page["record_count"], 300);
    assert_eq!(ids(&page).len(), 100);
    assert_eq!(ids(&page)[0], 101);

    // Without pageinate, page_size is ignored and the whole list comes back.
    let unpaged = s.json("/api/Tickets?page_size=10").await;
    assert_eq!(ids(&unpaged).len(), 300);
    assert!(unpaged.get("page_no").is_none());
    // count caps an unpaged list.
    assert_eq!(ids(&s.json("/api/Tickets?count=7").await).len(), 7);
}

#[tokio::test]
async fn booleans_read_as_asp_net_reads_them() {
    let s = start(quiet()).await;
    for flag in ["true", "True", "1"] {
        let page = s
            .json(&format!("/api/Tickets?pageinate={flag}&page_size=5"))
            .await;
        assert_eq!(ids(&page).len(), 5, "pageinate={flag}");
    }
    let off = s.json("/api/Tickets?pageinate=false&page_size=5").await;
    assert_eq!(ids(&off).len(), 300);
}

#[tokio::test]
async fn open_only_and_closed_only_split_the_queue() {
    let s = start(quiet()).await;
    let open = s.json("/api/Tickets?open_only=true").await;
    let closed = s.json("/api/Tickets?closed_only=true").await;
    let total = open["record_count"].as_i64().unwrap() + closed["record_count"].as_i64().unwrap();
    assert_eq!(total, 300);
    assert!(
        open["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status_id"] != 8 && t["status_id"] != 9)
    );
    assert!(
        closed["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status_id"] == 8 || t["status_id"] == 9)
    );
}

#[tokio::test]
async fn filters_by_id_and_comma_lists() {
    let s = start(quiet()).await;
    let by_client = s.json("/api/Tickets?client_id=3").await;
    assert!(
        by_client["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["client_id"] == 3)
    );
    let lists = s
        .json("/api/Tickets?status=1,2&priority=1,2&team=1,2")
        .await;
    assert!(lists["record_count"].as_i64().unwrap() > 0);
    for t in lists["tickets"].as_array().unwrap() {
        assert!([1, 2].contains(&t["status_id"].as_i64().unwrap()));
        assert!([1, 2].contains(&t["priority_id"].as_i64().unwrap()));
        assert!([1, 2].contains(&t["team_id"].as_i64().unwrap()));
    }
    let by_type = s.json("/api/Tickets?requesttype=2").await;
    assert!(
        by_type["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["tickettype_id"] == 2)
    );
    let mine = s.json("/api/Tickets?mine=true").await;
    assert!(mine["record_count"].as_i64().unwrap() > 0);
    assert!(
        mine["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["agent_id"] == 1)
    );
}

#[tokio::test]
async fn search_order_and_dates() {
    let s = start(quiet()).await;
    let found = s.json("/api/Tickets?search=printer").await;
    assert!(found["record_count"].as_i64().unwrap() > 0);
    assert!(found["tickets"].as_array().unwrap().iter().all(|t| {
        t["summary"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("printer")
            || t.get("details").is_none()
    }));

    let newest = s
        .json("/api/Tickets?order=datecreated&orderdesc=true&count=20")
        .await;
    let created: Vec<&str> = newest["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["datecreated"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "{created:?}");

    let recent = s
        .json("/api/Tickets?lastupdatefromdate=2026-05-31T12:00:00")
        .await;
    assert!(
        recent["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["last_update"].as_str().unwrap() >= "2026-05-31T12:00:00")
    );
    assert!(recent["record_count"].as_i64().unwrap() < 300);

    // The opened date is spelled dateoccured in datesearch.
    let opened = s
        .json("/api/Tickets?datesearch=dateoccured&startdate=2026-05-25&enddate=2026-06-01")
        .await;
    let n = opened["record_count"].as_i64().unwrap();
    assert!(n > 0 && n < 300);
    assert!(
        opened["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["dateoccurred"].as_str().unwrap() >= "2026-05-25")
    );
}

#[tokio::test]
async fn list_rows_carry_sla_timers_only_when_asked() {
    let s = start(quiet()).await;
    let plain = s.json("/api/Tickets?count=5").await;
    assert!(plain["tickets"][0].get("slatimeleft").is_none());
    let timed = s.json("/api/Tickets?count=5&includeslatimer=true").await;
    assert!(timed["tickets"][0]["slatimeleft"].is_number());
    assert!(timed["tickets"][0]["slapercused"].is_number());
}

#[tokio::test]
async fn a_single_ticket_is_a_bare_object_with_its_priority_policy() {
    let s = start(quiet()).await;
    let t = s.json("/api/Tickets/5?includedetails=true").await;
    assert_eq!(t["id"], 5);
    assert!(t.get("tickets").is_none());
    assert_eq!(t["priority"]["priorityid"], t["priority_id"]);
    assert_eq!(t["priority"]["slaid"], t["sla_id"]);
    assert!(t["priority"]["fixunits"].is_string());
    assert!(t["details"].as_str().unwrap().contains("<p>"));
    assert_eq!(s.get("/api/Tickets/999999").await.status(), 404);
}

#[tokio::test]
async fn creating_one_ticket_answers_201_with_a_single_object() {
    let s = start(quiet()).await;
    let response = s
        .post("/api/Tickets", &json!([{ "summary": "Laptop will not boot", "details": "<p>Black screen</p>", "client_id": 2 }]))
        .await;
    assert_eq!(response.status(), 201);
    let t: Value = response.json().await.unwrap();
    assert!(t.is_object(), "{t}");
    assert_eq!(t["summary"], "Laptop will not boot");
    assert_eq!(t["status_id"], 1, "new tickets start as New");
    assert_eq!(t["priority_id"], 3, "Medium by default");
    assert_eq!(t["responsedate"], "1900-01-01T00:00:00", "no response yet");
    assert!(t["respondbydate"].as_str().unwrap() > t["datecreated"].as_str().unwrap());

    let several = s
        .post(
            "/api/Tickets",
            &json!([{ "summary": "A", "client_id": 1 }, { "summary": "B", "client_id": 1 }]),
        )
        .await;
    assert_eq!(several.status(), 201);
    assert_eq!(
        several
            .json::<Value>()
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn an_update_changes_only_the_fields_sent() {
    let s = start(quiet()).await;
    let before = s.json("/api/Tickets/7").await;
    let response = s
        .post("/api/Tickets", &json!([{ "id": 7, "agent_id": 4 }]))
        .await;
    assert_eq!(response.status(), 201);
    let after = s.json("/api/Tickets/7").await;
    assert_eq!(after["agent_id"], 4);
    assert_eq!(after["agent_name"], "Grace Okafor");
    for field in [
        "summary",
        "details",
        "client_id",
        "status_id",
        "priority_id",
        "datecreated",
    ] {
        assert_eq!(after[field], before[field], "{field}");
    }
    assert_ne!(after["last_update"], before["last_update"]);
}

#[tokio::test]
async fn validation_errors_come_in_asp_net_shape() {
    let s = start(quiet()).await;
    let response = s
        .post("/api/Tickets", &json!([{ "details": "no summary, no client" }, { "summary": "x", "client_id": 1, "status_id": 77, "priority_id": 99, "tickettype_id": 55 }]))
        .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["title"], "One or more validation errors occurred.");
    let errors = body["errors"].as_object().unwrap();
    for field in [
        "[0].summary",
        "[0].client_id",
        "[1].status_id",
        "[1].priority_id",
        "[1].tickettype_id",
    ] {
        assert!(
            errors[field].as_array().is_some_and(|m| !m.is_empty()),
            "{field}: {body}"
        );
    }
    // Nothing of a rejected batch is written.
    assert_eq!(s.json("/api/Tickets?count=1000").await["record_count"], 300);
}

#[tokio::test]
async fn a_body_that_is_not_an_array_is_refused() {
    let s = start(quiet()).await;
    let response = s
        .post("/api/Tickets", &json!({ "summary": "x", "client_id": 1 }))
        .await;
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn delete_removes_the_ticket() {
    let s = start(quiet()).await;
    let response = s
        .http
        .delete(s.url("/api/Tickets/9?reason=duplicate"))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(s.get("/api/Tickets/9").await.status(), 404);
    let again = s
        .http
        .delete(s.url("/api/Tickets/9"))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);
}

#[tokio::test]
async fn a_repeated_query_sees_writes_made_between_pages() {
    let s = start(quiet()).await;
    let path = "/api/Tickets?open_only=true&pageinate=true&page_size=10&page_no=1";
    let before = s.json(path).await["record_count"].as_i64().unwrap();
    assert_eq!(s.json(path).await["record_count"].as_i64().unwrap(), before);
    s.post(
        "/api/Tickets",
        &json!([{ "summary": "Between pages", "client_id": 1 }]),
    )
    .await;
    assert_eq!(
        s.json(path).await["record_count"].as_i64().unwrap(),
        before + 1
    );
}

#[tokio::test]
async fn search_variants_and_the_optional_columns() {
    let s = start(quiet()).await;
    // The seeded first reply in every worked ticket says "looking into this"; summaries never do.
    let in_summary = s.json("/api/Tickets?search_summary=looking%20into").await;
    assert_eq!(in_summary["record_count"], 0);
    let in_actions = s
        .json("/api/Tickets?search=looking%20into&searchactions=true")
        .await;
    assert!(in_actions["record_count"].as_i64().unwrap() > 0);

    let row = &s
        .json("/api/Tickets?count=1&includelastaction=true&includeslaactiondate=true")
        .await["tickets"][0];
    assert!(row["last_action_note"].is_string());
    assert!(row["slaactiondate"].is_string());

    let until = s
        .json("/api/Tickets?lastupdatetodate=2026-05-01T00:00:00")
        .await;
    assert!(
        until["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["last_update"].as_str().unwrap() <= "2026-05-01T00:00:00")
    );
}

#[tokio::test]
async fn no_value_dates_sent_back_are_read_as_no_value() {
    let s = start(quiet()).await;
    let before = s.json("/api/Tickets/8").await;
    s.post(
        "/api/Tickets",
        &json!([{ "id": 8, "dateoccurred": "1900-01-01T00:00:00" }]),
    )
    .await;
    assert_eq!(
        s.json("/api/Tickets/8").await["dateoccurred"],
        before["dateoccurred"]
    );
}

#[tokio::test]
async fn every_single_and_list_filter_narrows_to_matching_rows() {
    let s = start(quiet()).await;
    let sample = s.json("/api/Tickets/12").await;
    let checks = [
        (format!("site_id={}", sample["site_id"]), "site_id"),
        (format!("user_id={}", sample["user_id"]), "user_id"),
        (format!("status_id={}", sample["status_id"]), "status_id"),
        (format!("sla={}", sample["sla_id"]), "sla_id"),
        ("agent_id=2".to_owned(), "agent_id"),
        ("agent=2,3".to_owned(), "agent_id"),
    ];
    for (query, field) in checks {
        let body = s.json(&format!("/api/Tickets?{query}")).await;
        let rows = body["tickets"].as_array().unwrap();
        assert!(!rows.is_empty(), "{query}");
        let wanted: Vec<&str> = query.split('=').nth(1).unwrap().split(',').collect();
        assert!(
            rows.iter()
                .all(|t| wanted.contains(&t[field].to_string().as_str())),
            "{query}"
        );
    }
    let category = sample["category_1"].as_str().unwrap();
    let by_category = s
        .json(&format!(
            "/api/Tickets?category_1={}",
            category.replace('>', "%3E")
        ))
        .await;
    assert!(by_category["record_count"].as_i64().unwrap() > 0);
    assert!(
        by_category["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["category_1"] == category)
    );
}
