use std::collections::HashSet;

use futures_util::StreamExt;
use halopsa::{DateField, Error, NewTicket, TicketDetail, TicketOrder, TicketQuery, TicketUpdate};

use crate::support::session;

#[tokio::test]
async fn a_page_is_at_most_a_hundred_rows_with_the_full_count() {
    let (_sim, client) = session().await;
    let page = client
        .tickets_page(&TicketQuery::new(), 2, 500)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 100);
    assert_eq!(page.page_size, 100);
    assert_eq!(page.record_count, 300);
    assert_eq!(page.page_count(), 3);
}

#[tokio::test]
async fn every_page_streams_in_order_and_the_whole_list_has_each_ticket_once() {
    let (_sim, client) = session().await;
    let query = TicketQuery::new().open_only().order_by(TicketOrder::Id);
    let pages: Vec<_> = client.ticket_pages(&query, 3).collect().await;
    let numbers: Vec<u32> = pages.iter().map(|p| p.as_ref().unwrap().page_no).collect();
    assert_eq!(numbers, (1..=numbers.len() as u32).collect::<Vec<_>>());

    let all = client.all_tickets(&query, 3).await.unwrap();
    let ids: HashSet<i32> = all.iter().map(|t| t.id).collect();
    assert_eq!(ids.len(), all.len());
    assert_eq!(all.len() as u32, pages[0].as_ref().unwrap().record_count);
    let closed: HashSet<i32> = client
        .statuses()
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.kind == 1)
        .map(|s| s.id)
        .collect();
    assert!(all.iter().all(|t| !closed.contains(&t.status_id.unwrap())));
}

#[tokio::test]
async fn filters_select_what_they_name() {
    let (_sim, client) = session().await;
    let by_status = client
        .all_tickets(&TicketQuery::new().statuses([2, 3]), 2)
        .await
        .unwrap();
    assert!(!by_status.is_empty());
    assert!(by_status.iter().all(|t| matches!(t.status_id, Some(2 | 3))));

    let mine = client
        .all_tickets(&TicketQuery::new().mine(), 2)
        .await
        .unwrap();
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|t| t.agent_id == Some(1)));

    let from = "2026-05-01T00:00:00Z".parse().unwrap();
    let to = "2026-05-15T00:00:00Z".parse().unwrap();
    let opened = client
        .all_tickets(
            &TicketQuery::new().date_range(DateField::Opened, from, to),
            2,
        )
        .await
        .unwrap();
    assert!(
        opened
            .iter()
            .all(|t| t.opened_at.is_some_and(|at| at >= from && at <= to))
    );

    let word = by_status[0]
        .summary
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let found = client
        .all_tickets(&TicketQuery::new().search_summary(&word), 2)
        .await
        .unwrap();
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|t| t.summary.to_lowercase().contains(&word.to_lowercase()))
    );

    let timed = client
        .tickets_page(&TicketQuery::new().open_only().with_sla_timer(), 1, 20)
        .await
        .unwrap();
    assert!(timed.items.iter().any(|t| t.sla_time_left_hours.is_some()));
}

#[tokio::test]
async fn one_ticket_comes_with_its_policy_and_details() {
    let (_sim, client) = session().await;
    let ticket = client
        .ticket(
            7,
            TicketDetail {
                details: true,
                last_action: true,
            },
        )
        .await
        .unwrap();
    assert_eq!(ticket.id, 7);
    assert!(ticket.details.is_some());
    let policy = ticket.priority.unwrap();
    assert_eq!(policy.priority_id, ticket.priority_id);
    assert!(policy.fix.is_some());
}

#[tokio::test]
async fn a_ticket_is_created_changed_field_by_field_and_deleted() {
    let (_sim, client) = session().await;
    let customer = &client.clients(None).await.unwrap()[0];
    let team = &client.teams().await.unwrap()[0];
    let created = client
        .create_ticket(&NewTicket {
            summary: "Laptop will not charge".into(),
            details: Some("Since this morning.".into()),
            client_id: customer.id,
            team_name: Some(team.name.clone()),
            categories: vec!["Hardware>Laptop".into()],
            ..NewTicket::default()
        })
        .await
        .unwrap();
    assert!(created.id > 0);
    assert_eq!(created.client_id, Some(customer.id));
    assert_eq!(created.team_name, team.name);
    assert_eq!(created.categories, vec!["Hardware>Laptop".to_owned()]);

    let updated = client
        .update_ticket(&TicketUpdate {
            id: created.id,
            status_id: Some(2),
            agent_id: Some(1),
            ..TicketUpdate::default()
        })
        .await
        .unwrap();
    assert_eq!(updated.status_id, Some(2));
    assert_eq!(updated.agent_id, Some(1));
    assert_eq!(
        updated.summary, "Laptop will not charge",
        "unsent fields stay"
    );

    client
        .delete_ticket(created.id, "Raised twice")
        .await
        .unwrap();
    let gone = client
        .ticket(created.id, TicketDetail::default())
        .await
        .unwrap_err();
    assert!(matches!(gone, Error::NotFound { .. }), "{gone:?}");
    assert!(gone.to_string().contains(&format!("Ticket {}", created.id)));
}

#[tokio::test]
async fn validation_errors_name_the_field() {
    let (_sim, client) = session().await;
    let error = client
        .create_ticket(&NewTicket {
            summary: "Printer".into(),
            client_id: 999_999,
            team_name: Some("No Such Team".into()),
            ..NewTicket::default()
        })
        .await
        .unwrap_err();
    let Error::Validation { problems } = &error else {
        panic!("{error:?}");
    };
    let fields: Vec<_> = problems.iter().filter_map(|p| p.field.as_deref()).collect();
    assert!(fields.contains(&"client_id"), "{problems:?}");
    assert!(fields.contains(&"team"), "{problems:?}");
    assert!(
        error
            .to_string()
            .contains("client_id: Client 999999 does not exist.")
    );
}
