//! Calls every endpoint of the client with every option it has, so that every name the client
//! can put in a request goes over the wire at least once. A name only sent when an option is
//! set would otherwise escape the check: each builder method, flag and `Option` field is used.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use halopsa::{
    ActionKind, ActionQuery, CategoryLevel, DateField, EmailDetails, HaloClient, NewAction,
    NewTicket, OutcomeChoice, TicketDetail, TicketOrder, TicketQuery, TicketUpdate, UploadMode,
    UploadRequest,
};

/// The instance's configuration, read through every lookup, and the values a new ticket uses:
/// a client with a site and a user of its own, since Halo rejects a site or user of another
/// client.
struct Choices {
    client_id: i32,
    site_id: i32,
    user_id: i32,
    status_ids: Vec<i32>,
    priority_id: i32,
    ticket_type_id: i32,
    agent_id: i32,
    team_name: String,
}

/// Everything, in the order a technician's session might do it.
pub(crate) async fn every_endpoint(client: &HaloClient, scratch: &Path) {
    let choices = lookups(client).await;
    ticket_lists(client, &choices).await;
    let ticket_id = ticket_writes(client, &choices).await;
    let action_id = actions(client, ticket_id, &choices).await;
    attachments(client, ticket_id, action_id, scratch).await;
    client
        .delete_ticket(ticket_id, "Raised by the OpenAPI conformance test")
        .await
        .expect("delete_ticket");
}

async fn lookups(client: &HaloClient) -> Choices {
    let statuses = client.statuses().await.expect("statuses");
    assert!(statuses.len() >= 3, "three statuses to move between");
    let slas = client.slas().await.expect("slas");
    let first_sla = slas.first().expect("an SLA");
    client.priorities(first_sla.id).await.expect("priorities");
    // A ticket takes its SLA from its client: a priority every SLA has fits any client.
    let priority_id = first_sla
        .policies
        .iter()
        .filter_map(|p| p.priority_id)
        .find(|id| {
            slas.iter()
                .all(|s| s.policies.iter().any(|p| p.priority_id == Some(*id)))
        })
        .expect("a priority every SLA has");
    let ticket_types = client.ticket_types().await.expect("ticket_types");
    let agents = client.agents().await.expect("agents");
    client.me().await.expect("me");
    let teams = client.teams().await.expect("teams");
    client.outcomes().await.expect("outcomes");
    client
        .clients(Some("a"))
        .await
        .expect("clients with a search");

    let mut found = None;
    for candidate in client.clients(None).await.expect("clients") {
        let sites = client.sites(Some(candidate.id)).await.expect("sites");
        let users = client.users(Some(candidate.id), None).await.expect("users");
        if let (Some(site), Some(user)) = (sites.first(), users.first()) {
            found = Some((candidate.id, user.site_id.unwrap_or(site.id), user.id));
            break;
        }
    }
    let (client_id, site_id, user_id) = found.expect("a client with a site and a user");
    client
        .users(Some(client_id), Some("a"))
        .await
        .expect("users with a search");

    Choices {
        client_id,
        site_id,
        user_id,
        status_ids: statuses.iter().map(|s| s.id).collect(),
        priority_id,
        ticket_type_id: ticket_types.first().expect("a ticket type").id,
        agent_id: agents
            .iter()
            .find(|a| !a.disabled)
            .expect("an active agent")
            .id,
        team_name: teams
            .iter()
            .find(|t| !t.inactive)
            .expect("an active team")
            .name
            .clone(),
    }
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a timestamp")
}

/// A query that uses every builder method. It matches nothing, which does not matter: the
/// names are what is checked.
fn every_filter(choices: &Choices) -> TicketQuery {
    TicketQuery::new()
        .client(choices.client_id)
        .site(choices.site_id)
        .user(choices.user_id)
        .agent(choices.agent_id)
        .status(choices.status_ids[0])
        .agents([choices.agent_id, 2])
        .teams([1, 2])
        .statuses([choices.status_ids[0], choices.status_ids[1]])
        .priorities([choices.priority_id])
        .slas([1])
        .ticket_types([choices.ticket_type_id])
        .category(CategoryLevel::First, &["Hardware", "Software"])
        .category(CategoryLevel::Second, &["Hardware>Printer"])
        .category(CategoryLevel::Third, &["Network"])
        .category(CategoryLevel::Fourth, &["Other"])
        .open_only()
        .closed_only()
        .mine()
        .search("printer")
        .search_summary("printer")
        .search_actions()
        .updated_since(at("2026-01-01T00:00:00Z"))
        .updated_until(at("2026-12-31T00:00:00Z"))
        .date_range(
            DateField::Opened,
            at("2026-01-01T00:00:00Z"),
            at("2026-12-31T00:00:00Z"),
        )
        .order_by(TicketOrder::LastUpdate)
        .order_by_descending(TicketOrder::FixBy)
        .with_sla_timer()
        .with_sla_action_date()
        .with_last_action()
}

async fn ticket_lists(client: &HaloClient, choices: &Choices) {
    let query = every_filter(choices);
    client
        .tickets_page(&query, 1, 25)
        .await
        .expect("tickets_page");
    client.all_tickets(&query, 2).await.expect("all_tickets");
    // And a list that has rows, read page by page in the default order.
    let open = client
        .all_tickets(&TicketQuery::new().open_only(), 4)
        .await
        .expect("all_tickets of open tickets");
    assert!(!open.is_empty(), "the simulator has open tickets");
}

/// Creates a ticket with every field set, reads it back in full and changes every field.
async fn ticket_writes(client: &HaloClient, choices: &Choices) -> i32 {
    let new = NewTicket {
        summary: "Printer on floor 2 jams".into(),
        details: Some("Every second page jams since Monday.".into()),
        client_id: choices.client_id,
        site_id: Some(choices.site_id),
        user_id: Some(choices.user_id),
        ticket_type_id: Some(choices.ticket_type_id),
        priority_id: Some(choices.priority_id),
        status_id: Some(choices.status_ids[0]),
        agent_id: Some(choices.agent_id),
        team_name: Some(choices.team_name.clone()),
        categories: ["Hardware", "Printer", "Jam", "Floor 2"]
            .map(String::from)
            .to_vec(),
        reported_by: Some("Front desk".into()),
    };
    let ticket = client.create_ticket(&new).await.expect("create_ticket");
    client
        .ticket(
            ticket.id,
            TicketDetail {
                details: true,
                last_action: true,
            },
        )
        .await
        .expect("ticket with details and last action");
    let update = TicketUpdate {
        id: ticket.id,
        summary: Some("Printer on floor 2 jams on duplex".into()),
        details: Some("Only duplex jobs jam.".into()),
        status_id: Some(choices.status_ids[1]),
        priority_id: Some(choices.priority_id),
        ticket_type_id: Some(choices.ticket_type_id),
        agent_id: Some(choices.agent_id),
        team_name: Some(choices.team_name.clone()),
        site_id: Some(choices.site_id),
        user_id: Some(choices.user_id),
    };
    client.update_ticket(&update).await.expect("update_ticket");
    ticket.id
}

/// Lists with every flag, then adds one action of each kind with every field set. Answers the
/// ID of one of the new actions, for the attachments.
async fn actions(client: &HaloClient, ticket_id: i32, choices: &Choices) -> i32 {
    let every_flag = ActionQuery {
        count: Some(50),
        exclude_system: true,
        exclude_private: true,
        agent_only: true,
        conversation_only: true,
        time_entries_only: true,
        html_notes: true,
        attachments: true,
    };
    client
        .actions(ticket_id, &every_flag)
        .await
        .expect("actions with every flag");

    let outcomes = client.outcomes().await.expect("outcomes");
    let kinds = [
        ActionKind::Note,
        ActionKind::Email,
        ActionKind::PhoneCall,
        ActionKind::SiteVisit,
        ActionKind::TimeEntry,
    ];
    let mut last = None;
    for (i, kind) in kinds.into_iter().enumerate() {
        // The outcome by name and by ID: both are sent as `outcome_id`.
        let outcome = if i % 2 == 0 {
            OutcomeChoice::Name(kind.default_outcome().to_owned())
        } else {
            let id = outcomes
                .iter()
                .find(|o| o.name == kind.default_outcome())
                .expect("the kind's usual outcome")
                .id;
            OutcomeChoice::Id(id)
        };
        let action = NewAction {
            ticket_id,
            kind,
            outcome: Some(outcome),
            note: format!("{kind:?}: checked the printer's rollers."),
            note_html: Some(format!("<p>{kind:?}: checked the printer's rollers.</p>")),
            hidden_from_user: i % 2 == 0,
            important: true,
            time_taken: Some(Duration::from_secs(15 * 60)),
            non_billable_time: Some(Duration::from_secs(5 * 60)),
            travel_time: Some(Duration::from_secs(30 * 60)),
            billable: Some(true),
            new_status_id: Some(choices.status_ids[i % 2 + 1]),
            // Sent only with an email; set on every kind all the same.
            email: Some(EmailDetails {
                to: "user@example.com".into(),
                cc: Some("lead@example.com".into()),
                subject: Some("Your printer".into()),
            }),
        };
        let added = client
            .add_action(&action)
            .await
            .unwrap_or_else(|e| panic!("add_action {kind:?}: {e}"));
        if let Some(halopsa::StatusChange::NotApplied(e)) = &added.status_change {
            panic!("add_action {kind:?}: the status change failed: {e}");
        }
        client
            .action(ticket_id, added.action.id)
            .await
            .expect("action");
        last = Some(added.action.id);
    }
    last.expect("an action was added")
}

/// Uploads in both modes with every option, then lists, reads, downloads and deletes.
async fn attachments(client: &HaloClient, ticket_id: i32, action_id: i32, scratch: &Path) {
    let file = scratch.join("jam.png");
    std::fs::write(&file, b"\x89PNG\r\n\x1a\n not really an image").expect("a file to upload");
    let mut uploaded = Vec::new();
    for mode in [UploadMode::Multipart, UploadMode::Json] {
        let request = UploadRequest {
            action_id: Some(action_id),
            filename: Some(format!("jam-{mode:?}.png")),
            note: Some("The jammed page".into()),
            is_image: Some(true),
            show_for_users: Some(true),
            ..UploadRequest::new(&file, ticket_id, mode)
        };
        let attachment = client
            .upload(&request, |_| {})
            .await
            .unwrap_or_else(|e| panic!("upload {mode:?}: {e}"));
        uploaded.push(attachment.id);
    }
    client
        .attachments(ticket_id, None)
        .await
        .expect("attachments of the ticket");
    client
        .attachments(ticket_id, Some(action_id))
        .await
        .expect("attachments of an action");
    for id in uploaded {
        client.attachment(id).await.expect("attachment");
        client
            .download(id, &scratch.join(format!("copy-{id}.png")))
            .await
            .expect("download");
        client
            .delete_attachment(id)
            .await
            .expect("delete_attachment");
    }
}
