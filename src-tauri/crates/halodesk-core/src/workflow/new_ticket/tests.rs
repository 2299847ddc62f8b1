use super::*;
use crate::ipc::{Choice, UserOption};

fn choice(id: i32, name: &str) -> Choice {
    Choice {
        id,
        name: name.to_owned(),
        colour: String::new(),
    }
}

fn priority(id: i32, name: &str, urgency: i32) -> PriorityOption {
    PriorityOption {
        id,
        name: name.to_owned(),
        colour: String::new(),
        urgency,
    }
}

fn user(id: i32, site_id: i32) -> UserOption {
    UserOption {
        id,
        name: format!("User {id}"),
        email: String::new(),
        site_id,
    }
}

fn choices() -> WorkflowChoices {
    WorkflowChoices {
        priorities: vec![priority(1, "Critical", 0), priority(4, "Low", 1)],
        ticket_types: vec![choice(1, "Incident"), choice(3, "Service Request")],
        teams: vec![choice(1, "Service Desk"), choice(2, "Field Engineers")],
        agents: vec![
            AgentOption {
                id: 7,
                name: "Ana".to_owned(),
                team_name: "Field Engineers".to_owned(),
            },
            AgentOption {
                id: 8,
                name: "Teamless".to_owned(),
                team_name: String::new(),
            },
        ],
        ..WorkflowChoices::default()
    }
}

fn client() -> ClientDetails {
    ClientDetails {
        client_id: 12,
        client_name: "Acme".to_owned(),
        sites: vec![choice(100, "Head Office"), choice(101, "Warehouse")],
        users: vec![user(50, 100), user(51, 101), user(52, 0)],
        priorities: vec![
            priority(2, "High", 0),
            priority(3, "Medium", 1),
            priority(5, "Low", 2),
        ],
        default_priority_id: None,
    }
}

fn form() -> NewTicketForm {
    NewTicketForm {
        client_id: Some(12),
        ticket_type_id: Some(1),
        summary: "Printer offline in accounts".to_owned(),
        ..NewTicketForm::default()
    }
}

/// The valid base form with one change.
fn with(change: impl FnOnce(&mut NewTicketForm)) -> NewTicketForm {
    let mut form = form();
    change(&mut form);
    form
}

fn validate(form: &NewTicketForm) -> TicketValidation {
    validate_new_ticket(form, &choices(), Some(&client()), "Service Desk")
}

fn fields(validation: &TicketValidation) -> Vec<&str> {
    validation
        .problems
        .iter()
        .map(|p| p.field.as_str())
        .collect()
}

#[test]
fn a_minimal_form_passes_and_gets_the_routing_defaults() {
    let v = validate(&with(|f| {
        f.summary = "  Printer offline  ".to_owned();
        f.details = "\n It jams.\n".to_owned();
        f.category = " Hardware > Printer ".to_owned();
    }));
    assert_eq!(v.problems, []);
    let expected = with(|f| {
        f.summary = "Printer offline".to_owned();
        f.details = "It jams.".to_owned();
        f.category = "Hardware>Printer".to_owned();
        f.priority_id = Some(3);
        f.team_name = Some("Service Desk".to_owned());
    });
    assert_eq!(v.resolved, expected);
}

#[test]
fn each_problem_names_its_field() {
    let cases: [(NewTicketForm, &[&str]); 16] = [
        (with(|f| f.client_id = None), &["clientId"]),
        (with(|f| f.site_id = Some(999)), &["siteId"]),
        (with(|f| f.user_id = Some(999)), &["userId"]),
        (
            with(|f| (f.user_id, f.site_id) = (Some(51), Some(100))),
            &["userId"],
        ),
        (with(|f| f.ticket_type_id = None), &["ticketTypeId"]),
        (with(|f| f.ticket_type_id = Some(2)), &["ticketTypeId"]),
        // Critical is the instance's, but not under this client's SLA.
        (with(|f| f.priority_id = Some(1)), &["priorityId"]),
        (with(|f| f.category = "A>B>C>D>E".to_owned()), &["category"]),
        (with(|f| f.category = "Hardware>".to_owned()), &["category"]),
        (with(|f| f.category = "> Printer".to_owned()), &["category"]),
        (with(|f| f.summary = " \t ".to_owned()), &["summary"]),
        (with(|f| f.summary = "x".repeat(256)), &["summary"]),
        (
            with(|f| f.team_name = Some("Nobody".to_owned())),
            &["teamName"],
        ),
        (with(|f| f.agent_id = Some(99)), &["agentId"]),
        (
            with(|f| (f.client_id, f.ticket_type_id, f.summary) = (None, None, String::new())),
            &["clientId", "ticketTypeId", "summary"],
        ),
        (
            with(|f| (f.site_id, f.user_id, f.priority_id) = (Some(999), Some(999), Some(1))),
            &["siteId", "userId", "priorityId"],
        ),
    ];
    for (form, expected) in cases {
        assert_eq!(fields(&validate(&form)), expected, "{form:?}");
    }
}

#[test]
fn summaries_are_measured_in_characters_not_bytes() {
    let longest = with(|f| f.summary = "é".repeat(MAX_SUMMARY_CHARS));
    assert_eq!(validate(&longest).problems, []);
    let v = validate(&with(|f| f.summary = "é".repeat(300)));
    assert_eq!(
        v.problems[0].message,
        "The summary is 300 characters long: shorten it to 255 or fewer."
    );
}

#[test]
fn categories_of_up_to_four_levels_pass() {
    let cases = [
        ("", ""),
        ("  ", ""),
        ("Software", "Software"),
        ("A>B>C>D", "A>B>C>D"),
    ];
    for (category, path) in cases {
        let v = validate(&with(|f| f.category = category.to_owned()));
        assert_eq!(v.problems, [], "{category:?}");
        assert_eq!(v.resolved.category, path);
    }
}

#[test]
fn client_details_must_be_loaded_for_the_chosen_client() {
    let other = ClientDetails {
        client_id: 13,
        ..client()
    };
    for details in [None, Some(&other)] {
        let v = validate_new_ticket(&form(), &choices(), details, "");
        assert_eq!(fields(&v), ["clientId"]);
        assert!(
            v.problems[0]
                .message
                .starts_with("The client could not be checked: ")
        );
        // Unchecked client details give no defaults either.
        assert_eq!(v.resolved.priority_id, None);
    }
}

#[test]
fn the_site_follows_the_user_else_the_only_site() {
    let site = |user_id, client: &ClientDetails| {
        let form = with(|f| f.user_id = user_id);
        validate_new_ticket(&form, &choices(), Some(client), "")
            .resolved
            .site_id
    };
    let one_site = ClientDetails {
        sites: vec![choice(100, "Head Office")],
        ..client()
    };
    assert_eq!(site(Some(51), &client()), Some(101));
    assert_eq!(site(None, &client()), None);
    assert_eq!(site(Some(52), &client()), None);
    assert_eq!(site(None, &one_site), Some(100));
    assert_eq!(site(Some(52), &one_site), Some(100));
    // A chosen site stays, and a user without a site fits it.
    let v = validate(&with(|f| (f.site_id, f.user_id) = (Some(101), Some(52))));
    assert_eq!((v.problems.len(), v.resolved.site_id), (0, Some(101)));
}

#[test]
fn the_priority_defaults_to_the_clients_then_medium_then_the_instances() {
    let priority = |client: &ClientDetails, chosen| {
        let form = with(|f| f.priority_id = chosen);
        let v = validate_new_ticket(&form, &choices(), Some(client), "");
        assert_eq!(v.problems, []);
        v.resolved.priority_id
    };
    let own_default = ClientDetails {
        default_priority_id: Some(5),
        ..client()
    };
    let no_sla = ClientDetails {
        priorities: Vec::new(),
        ..client()
    };
    assert_eq!(priority(&client(), None), Some(3));
    assert_eq!(priority(&client(), Some(2)), Some(2));
    assert_eq!(priority(&own_default, None), Some(5));
    assert_eq!(priority(&no_sla, None), Some(4));
    assert_eq!(priority(&no_sla, Some(1)), Some(1));
}

#[test]
fn the_team_is_the_chosen_one_else_the_agents_else_mine() {
    let named = |name: &str| Some(name.to_owned());
    let cases = [
        (
            Some(" service DESK "),
            Some(7),
            "Field Engineers",
            named("Service Desk"),
        ),
        (None, Some(7), "Service Desk", named("Field Engineers")),
        (
            Some("  "),
            Some(7),
            "Service Desk",
            named("Field Engineers"),
        ),
        (None, Some(8), "Service Desk", None),
        (None, Some(99), "Service Desk", None),
        (None, None, " Service Desk ", named("Service Desk")),
        (None, None, "", None),
        (Some("Nobody"), None, "Service Desk", named("Nobody")),
    ];
    for (chosen, agent_id, me_team, expected) in cases {
        let form = with(|f| (f.team_name, f.agent_id) = (chosen.map(str::to_owned), agent_id));
        let team = validate_new_ticket(&form, &choices(), Some(&client()), me_team)
            .resolved
            .team_name;
        assert_eq!(team, expected, "{chosen:?} {agent_id:?} {me_team:?}");
    }
}
