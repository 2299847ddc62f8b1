//! Ticket workflows through the app against the simulator: new tickets, the transition rules,
//! notes with time, escalation.

use halodesk_core::ErrorCode;
use halodesk_core::ipc::{
    ActionAddRequest, ClientDetailsRequest, DraftGetRequest, DraftSaveRequest,
    DuplicateCheckRequest, EscalateRequest, NewTicketForm, OutboxState, QueueRefreshRequest,
    QueueSnapshotRequest, StatusMeaning, TicketChangeRequest, TicketCreateRequest,
    TicketOpenRequest, TicketValidateRequest, TimelineKind, TimerListRequest, TimerRequest,
    WorkflowChoicesRequest,
};
use halopsa::{NewTicket, TicketDetail};

use crate::support::{TestApp, halo, note, simulator};

fn change(ticket_id: i32) -> TicketChangeRequest {
    TicketChangeRequest {
        ticket_id,
        ..TicketChangeRequest::default()
    }
}

#[tokio::test]
async fn a_new_ticket_is_checked_routed_and_appears_in_the_queue() {
    let sim = simulator(30).await;
    let test = TestApp::new();
    let session = test.connect(&sim).await;
    let choices = test
        .app
        .workflow_choices(WorkflowChoicesRequest {})
        .await
        .unwrap();
    let details = test
        .app
        .client_details(ClientDetailsRequest { client_id: 3 })
        .await
        .unwrap();
    assert!(!details.sites.is_empty());
    let medium = choices
        .priorities
        .iter()
        .find(|p| p.name == "Medium")
        .unwrap();
    assert_eq!(details.default_priority_id, Some(medium.id));

    let mut form = NewTicketForm {
        client_id: Some(3),
        summary: "   ".into(),
        ..NewTicketForm::default()
    };
    let checked = test
        .app
        .ticket_validate(TicketValidateRequest { form: form.clone() })
        .await
        .unwrap();
    let fields: Vec<_> = checked.problems.iter().map(|p| p.field.as_str()).collect();
    assert!(
        fields.contains(&"summary") && fields.contains(&"ticketTypeId"),
        "{fields:?}"
    );
    let refused = test
        .app
        .ticket_create(TicketCreateRequest {
            form: form.clone(),
            draft_key: None,
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Invalid);

    form.summary = "Outlook disconnected for the sales team".into();
    form.ticket_type_id = Some(choices.ticket_types[0].id);
    form.details = "Since 9am; webmail works.".into();
    form.category = " Email > Outlook ".into();
    let written = test
        .app
        .ticket_create(TicketCreateRequest {
            form,
            draft_key: None,
        })
        .await
        .unwrap();
    assert_eq!(written.state, OutboxState::Delivered, "{written:?}");
    let id = written.ticket_id.unwrap();

    let created = halo(&sim)
        .await
        .ticket(id, TicketDetail::default())
        .await
        .unwrap();
    assert_eq!(created.priority_id, Some(medium.id), "Medium by default");
    assert_eq!(
        created.team_name, session.agent.team_name,
        "routed to my team"
    );
    let new = choices
        .statuses
        .iter()
        .find(|s| s.meaning == StatusMeaning::New)
        .unwrap();
    assert_eq!(created.status_id, Some(new.id));
    assert_eq!(
        created.categories,
        ["Email>Outlook"],
        "the whole path in category_1"
    );

    let queue = test
        .app
        .queue_snapshot(QueueSnapshotRequest {})
        .await
        .unwrap();
    assert!(
        queue.rows.iter().any(|row| row.id == id),
        "in the queue at once"
    );
    let similar = test
        .app
        .ticket_duplicates(DuplicateCheckRequest {
            client_id: 3,
            summary: "Sales team Outlook disconnected".into(),
        })
        .await
        .unwrap();
    assert_eq!(similar.tickets.first().map(|t| t.id), Some(id));
}

#[tokio::test]
async fn resolving_needs_a_resolution_and_in_progress_without_an_agent_asks_first() {
    let sim = simulator(10).await;
    let halo = halo(&sim).await;
    let ticket = halo
        .create_ticket(&NewTicket {
            summary: "VPN drops every hour".into(),
            client_id: 2,
            ..NewTicket::default()
        })
        .await
        .unwrap();
    let test = TestApp::new();
    test.connect(&sim).await;
    let choices = test
        .app
        .workflow_choices(WorkflowChoicesRequest {})
        .await
        .unwrap();
    let status = |meaning| {
        choices
            .statuses
            .iter()
            .find(|s| s.meaning == meaning)
            .unwrap()
            .id
    };

    let refused = test
        .app
        .ticket_change(TicketChangeRequest {
            status_id: Some(status(StatusMeaning::Closed)),
            resolution: "  ".into(),
            ..change(ticket.id)
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Invalid);
    assert!(
        refused.message.contains("A resolution is required"),
        "{}",
        refused.message
    );

    let asked = test
        .app
        .ticket_change(TicketChangeRequest {
            status_id: Some(status(StatusMeaning::InProgress)),
            ..change(ticket.id)
        })
        .await
        .unwrap();
    assert!(
        asked.write.is_none(),
        "nothing sent before the warning is confirmed"
    );
    assert!(
        asked.warnings[0].contains("No agent is assigned"),
        "{:?}",
        asked.warnings
    );
    let unchanged = halo
        .ticket(ticket.id, TicketDetail::default())
        .await
        .unwrap();
    assert_eq!(unchanged.status_id, ticket.status_id);

    let confirmed = test
        .app
        .ticket_change(TicketChangeRequest {
            status_id: Some(status(StatusMeaning::InProgress)),
            confirmed: true,
            ..change(ticket.id)
        })
        .await
        .unwrap();
    assert_eq!(confirmed.write.unwrap().state, OutboxState::Delivered);

    let resolved = test
        .app
        .ticket_change(TicketChangeRequest {
            status_id: Some(status(StatusMeaning::Closed)),
            resolution: "Replaced the VPN client's keepalive setting.".into(),
            ..change(ticket.id)
        })
        .await
        .unwrap();
    assert_eq!(resolved.write.unwrap().state, OutboxState::Delivered);
    let view = test
        .app
        .ticket_open(TicketOpenRequest {
            ticket_id: ticket.id,
        })
        .await
        .unwrap();
    assert_eq!(view.row.status_id, Some(status(StatusMeaning::Closed)));
    let last = view.timeline.last().unwrap();
    assert!(last.note_html.contains("keepalive"), "{last:?}");
    assert!(!last.internal, "the resolution is visible to the client");
}

#[tokio::test]
async fn a_note_with_fifteen_minutes_shows_a_quarter_hour_and_clears_its_draft_and_timer() {
    let sim = simulator(10).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    let ticket = test
        .app
        .queue_refresh(QueueRefreshRequest { full: true })
        .await
        .unwrap()
        .changed[0]
        .id;
    test.app
        .draft_save(DraftSaveRequest {
            key: format!("note:{ticket}"),
            body: r#"{"note":"Swapped the toner"}"#.into(),
        })
        .await
        .unwrap();
    test.app
        .timer_update(TimerRequest {
            ticket_id: ticket,
            op: halodesk_core::ipc::TimerOp::Start,
        })
        .await
        .unwrap();

    let written = test
        .app
        .action_add(ActionAddRequest {
            minutes: 15,
            billable: true,
            from_timer: true,
            draft_key: Some(format!("note:{ticket}")),
            ..note(ticket, "Swapped the toner")
        })
        .await
        .unwrap();
    assert_eq!(written.state, OutboxState::Delivered, "{written:?}");
    assert_eq!(written.label, "Internal note, 15 min");

    let view = test
        .app
        .ticket_open(TicketOpenRequest { ticket_id: ticket })
        .await
        .unwrap();
    let entry = view
        .timeline
        .iter()
        .find(|e| e.note_html.contains("Swapped the toner"))
        .unwrap();
    assert_eq!(entry.hours, 0.25);
    assert!(entry.billable && entry.internal);
    assert_ne!(entry.kind, TimelineKind::StatusChange);
    let draft = test
        .app
        .draft_get(DraftGetRequest {
            key: format!("note:{ticket}"),
        })
        .await
        .unwrap();
    assert!(draft.draft.is_none(), "the draft went out with the note");
    assert!(
        test.app
            .timer_list(TimerListRequest {})
            .await
            .unwrap()
            .timers
            .is_empty(),
        "the timer was logged"
    );
}

#[tokio::test]
async fn an_escalation_reassigns_raises_the_priority_and_records_why() {
    let sim = simulator(10).await;
    let halo = halo(&sim).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    let choices = test
        .app
        .workflow_choices(WorkflowChoicesRequest {})
        .await
        .unwrap();
    let low = choices.priorities.iter().max_by_key(|p| p.urgency).unwrap();
    let critical = choices.priorities.iter().min_by_key(|p| p.urgency).unwrap();
    let ticket = halo
        .create_ticket(&NewTicket {
            summary: "Payroll server down".into(),
            client_id: 4,
            priority_id: Some(low.id),
            ..NewTicket::default()
        })
        .await
        .unwrap();
    let senior = choices
        .agents
        .iter()
        .find(|a| a.team_name == "Escalations")
        .unwrap();
    let request = |priority_id| EscalateRequest {
        ticket_id: ticket.id,
        agent_id: Some(senior.id),
        team_name: Some("Escalations".into()),
        priority_id,
        reason: "Payroll runs at 14:00 and the server is still down".into(),
        manager_email: Some("manager@halodesk-msp.example".into()),
        draft_key: None,
    };
    let lowered = test
        .app
        .ticket_escalate(request(Some(low.id)))
        .await
        .unwrap_err();
    assert!(
        lowered.message.contains("raises the priority"),
        "{}",
        lowered.message
    );

    let written = test
        .app
        .ticket_escalate(request(Some(critical.id)))
        .await
        .unwrap();
    assert_eq!(written.state, OutboxState::Delivered, "{written:?}");
    let after = halo
        .ticket(ticket.id, TicketDetail::default())
        .await
        .unwrap();
    assert_eq!(after.agent_id, Some(senior.id));
    assert_eq!(after.priority_id, Some(critical.id));
    let actions = halo
        .actions(ticket.id, &halopsa::ActionQuery::default())
        .await
        .unwrap();
    let why = actions
        .iter()
        .find(|a| a.note.contains("Payroll runs at 14:00"))
        .unwrap();
    assert_eq!(why.outcome, "Escalation");
    assert_eq!(why.email_to, "manager@halodesk-msp.example");
    assert!(why.hidden_from_user);
}
