//! `/api/Actions`: a ticket's notes, emails, calls and time entries; adding them, with the
//! outcome required, time in hours and `new_status` applied.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::batch;
use crate::errors;
use crate::model::Action;
use crate::query::Params;
use crate::render::{self, ActionView};
use crate::sla;
use crate::state::{Sim, Store};
use crate::ticket_write;
use crate::wire_time;

#[derive(Debug, Serialize)]
struct ActionList<'a> {
    record_count: usize,
    actions: Vec<ActionView<'a>>,
}

pub(crate) async fn list(State(sim): State<Arc<Sim>>, params: Params) -> Response {
    let store = sim.read();
    let html = params.flag("includehtmlnote");
    let with_attachments = params.flag("includeattachments");
    let cap = params
        .int("count")
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(usize::MAX);
    let actions: Vec<ActionView<'_>> = params
        .int("ticket_id")
        .and_then(|id| store.actions.get(&id))
        .into_iter()
        .flatten()
        .filter(|a| !(params.flag("excludesys") && a.system))
        .filter(|a| !(params.flag("excludeprivate") && a.hiddenfromuser))
        .filter(|a| !(params.flag("agentonly") && (a.from_user || a.system)))
        .filter(|a| !(params.flag("conversationonly") && !a.from_user && a.emailto.is_empty()))
        .filter(|a| !(params.flag("timeentriesonly") && a.timetaken <= 0.0))
        .take(cap)
        .map(|a| render::action(&store, a, html, with_attachments))
        .collect();
    Json(ActionList {
        record_count: actions.len(),
        actions,
    })
    .into_response()
}

pub(crate) async fn get(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<i32>,
    params: Params,
) -> Response {
    let store = sim.read();
    let found = params
        .int("ticket_id")
        .and_then(|ticket| store.actions.get(&ticket))
        .and_then(|actions| actions.iter().find(|a| a.id == id));
    match found {
        Some(action) => Json(render::action(&store, action, true, false)).into_response(),
        None => errors::not_found(&format!("Action {id}")),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ActionInput {
    ticket_id: Option<i32>,
    outcome: Option<String>,
    outcome_id: Option<i32>,
    note: Option<String>,
    note_html: Option<String>,
    hiddenfromuser: bool,
    timetaken: f64,
    nonbilltime: f64,
    traveltime: f64,
    chargerate: i32,
    actisbillable: Option<bool>,
    new_status: Option<i32>,
    important: bool,
    sendemail: bool,
    emailto: Option<String>,
    emailsubject: Option<String>,
    who_agentid: Option<i32>,
    actionby_agent_id: Option<i32>,
    datetime: Option<String>,
}

pub(crate) async fn post(
    State(sim): State<Arc<Sim>>,
    caller: Option<Extension<Caller>>,
    body: axum::body::Bytes,
) -> Response {
    let inputs: Vec<ActionInput> = match batch::parse(&body, "actions") {
        Ok(items) => items,
        Err(response) => return *response,
    };
    let caller = caller.map_or(sim.config.agent_id, |Extension(c)| c.agent_id);
    let now = sim.now();
    let mut store = sim.write();
    let mut problems = Vec::new();
    let mut outcomes = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        match input.ticket_id {
            Some(id) if store.tickets.contains(id) => {}
            Some(id) => problems.push((
                format!("[{i}].ticket_id"),
                format!("Ticket {id} does not exist."),
            )),
            None => problems.push((
                format!("[{i}].ticket_id"),
                "A Ticket must be given for this Action.".into(),
            )),
        }
        match outcome_of(&store, input) {
            Some(outcome) => outcomes.push(outcome),
            None => problems.push((
                format!("[{i}].outcome"),
                "An Outcome must be entered for this Action".into(),
            )),
        }
        if let Some(status) = input
            .new_status
            .filter(|s| *s != 0 && !store.catalog.statuses.contains_key(s))
        {
            problems.push((
                format!("[{i}].new_status"),
                format!("Status {status} does not exist."),
            ));
        }
    }
    if !problems.is_empty() {
        return errors::validation(problems);
    }

    let mut created = Vec::with_capacity(inputs.len());
    for (input, (outcome_id, outcome_name, applies_status)) in inputs.into_iter().zip(outcomes) {
        let ticket_id = input.ticket_id.unwrap_or_default();
        let Store {
            catalog,
            tickets,
            actions,
            ..
        } = &mut *store;
        let Some(ticket) = tickets.get_mut(ticket_id) else {
            continue;
        };
        let list = actions.entry(ticket_id).or_default();
        let id = list.last().map_or(1, |a| a.id + 1);
        let new_status = input.new_status.unwrap_or(0);
        if new_status != 0 && applies_status {
            ticket_write::change_status(catalog, ticket, new_status, now);
        }
        // The first action by an agent is the response the SLA measures.
        sla::record_response(ticket, now);
        ticket.timetaken += input.timetaken;
        ticket.lastactiondate = now;
        ticket.last_update = now;
        list.push(Action {
            ticket_id,
            id,
            outcome_id,
            outcome: outcome_name,
            note: input.note_html.or(input.note).unwrap_or_default(),
            hiddenfromuser: input.hiddenfromuser,
            timetaken: input.timetaken,
            nonbilltime: input.nonbilltime,
            traveltime: input.traveltime,
            chargerate: input.chargerate,
            actisbillable: input.actisbillable.unwrap_or(input.timetaken > 0.0),
            important: input.important,
            new_status,
            who_agentid: input
                .who_agentid
                .or(input.actionby_agent_id)
                .unwrap_or(caller),
            system: false,
            from_user: false,
            emailto: if input.sendemail || input.emailto.is_some() {
                input.emailto.unwrap_or_default()
            } else {
                String::new()
            },
            emailsubject: input.emailsubject.unwrap_or_default(),
            datetime: input
                .datetime
                .as_deref()
                .and_then(wire_time::parse)
                .unwrap_or(now),
        });
        created.push((ticket_id, id));
    }

    let views: Vec<ActionView<'_>> = created
        .iter()
        .filter_map(|(ticket, id)| store.actions.get(ticket)?.iter().find(|a| a.id == *id))
        .map(|a| render::action(&store, a, true, false))
        .collect();
    batch::created(views)
}

/// The outcome named by ID or by name (in any case), with whether it applies `new_status`.
fn outcome_of(store: &Store, input: &ActionInput) -> Option<(i32, String, bool)> {
    let outcomes = &store.catalog.outcomes;
    let found = match (
        input.outcome_id.filter(|&id| id != 0),
        input.outcome.as_deref(),
    ) {
        (Some(id), _) => outcomes.get(&id),
        (None, Some(name)) => outcomes
            .values()
            .find(|o| o.outcome.eq_ignore_ascii_case(name.trim())),
        (None, None) => None,
    }?;
    Some((found.id, found.outcome.clone(), found.applies_new_status))
}
