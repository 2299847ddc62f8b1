use serde_json::Value;

use crate::support::{quiet, start};

#[tokio::test]
async fn bare_array_lookups() {
    let s = start(quiet()).await;
    let statuses = s.json("/api/Status?type=ticket").await;
    let statuses = statuses.as_array().unwrap();
    assert_eq!(statuses.len(), 8);
    let hold = statuses.iter().find(|x| x["name"] == "On Hold").unwrap();
    assert_eq!(hold["slaaction"], "H");
    assert!(
        hold["type"].is_number() && hold["colour"].is_string() && hold["shortname"].is_string()
    );

    let priorities = s.json("/api/Priority?slaid=1").await;
    let priorities = priorities.as_array().unwrap();
    assert_eq!(priorities.len(), 4);
    let critical = priorities.iter().find(|p| p["name"] == "Critical").unwrap();
    assert_eq!(
        (
            critical["responsetime"].as_f64(),
            critical["responseunits"].as_str()
        ),
        (Some(15.0), Some("M"))
    );
    assert_eq!(
        (critical["fixtime"].as_f64(), critical["fixunits"].as_str()),
        (Some(1.0), Some("H"))
    );

    let slas = s.json("/api/SLA?showpriorities=true").await;
    assert_eq!(slas[0]["priorities"].as_array().unwrap().len(), 4);
    assert!(s.json("/api/SLA").await[0].get("priorities").is_none());

    for path in ["/api/TicketType", "/api/Agent", "/api/Team", "/api/Outcome"] {
        assert!(
            s.json(path).await.as_array().is_some_and(|a| !a.is_empty()),
            "{path}"
        );
    }
    let outcomes = s.json("/api/Outcome").await;
    assert!(
        outcomes
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["outcome"] == "Phone Call")
    );
}

#[tokio::test]
async fn enveloped_lookups_and_agent_me() {
    let s = start(quiet()).await;
    for (path, key) in [
        ("/api/Client", "clients"),
        ("/api/Site?client_id=1", "sites"),
        ("/api/Users?client_id=1", "users"),
    ] {
        let body: Value = s.json(path).await;
        let rows = body[key].as_array().unwrap();
        assert_eq!(
            body["record_count"].as_u64().unwrap() as usize,
            rows.len(),
            "{path}"
        );
        assert!(!rows.is_empty(), "{path}");
    }
    let users = s.json("/api/Users?client_id=1").await;
    assert!(
        users["users"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["client_id"] == 1)
    );
    let me = s.json("/api/Agent/me").await;
    assert_eq!(me["id"], 1);
    assert_eq!(me["name"], "Alex Morgan");
}
