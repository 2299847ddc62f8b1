//! `/api/Tickets`: the paged, filtered list; one ticket; create and partial update through one
//! array-taking POST; delete.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::auth::Caller;
use crate::batch;
use crate::errors;
use crate::model::Ticket;
use crate::query::Params;
use crate::render::{self, TicketOptions, TicketView};
use crate::state::Sim;
use crate::ticket_query::{Filter, sort};
use crate::ticket_write::{TicketInput, apply, validate};

/// Pages never hold more rows than this, whatever `page_size` says.
const PAGE_CAP: usize = 100;
/// The page size when `pageinate` comes without one.
const DEFAULT_PAGE_SIZE: usize = 50;
/// About the size of one list row in JSON.
const ROW_BYTES: usize = 1_536;
/// Parameters that choose a page or the columns of a row, not which tickets match.
const PAGE_PARAMS: &[&str] = &[
    "pageinate",
    "page_size",
    "page_no",
    "count",
    "includedetails",
    "includeslatimer",
    "includeslaactiondate",
    "includelastaction",
];

#[derive(Debug, Serialize)]
struct TicketList<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    page_no: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_size: Option<usize>,
    record_count: usize,
    tickets: Vec<TicketView<'a>>,
}

pub(crate) async fn list(
    State(sim): State<Arc<Sim>>,
    caller: Option<Extension<Caller>>,
    params: Params,
) -> Response {
    let now = sim.now();
    let store = sim.read();
    let caller = caller.map(|Extension(c)| c.agent_id);
    let filter = Filter::from_params(&params, caller);
    let options = TicketOptions {
        details: params.flag("includedetails"),
        sla_timer: params.flag("includeslatimer"),
        sla_action_date: params.flag("includeslaactiondate"),
        last_action: params.flag("includelastaction"),
        policy: false,
    };

    let (skip, take, page) = if params.flag("pageinate") {
        let size = params
            .int("page_size")
            .and_then(|n| usize::try_from(n).ok())
            .filter(|&n| n > 0)
            .unwrap_or(DEFAULT_PAGE_SIZE)
            .min(PAGE_CAP);
        let page_no = params
            .int("page_no")
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(1)
            .max(1);
        ((page_no - 1) * size, size, Some((page_no, size)))
    } else {
        let cap = params
            .int("count")
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(usize::MAX);
        (0, cap, None)
    };

    let order = params.get("order").map(str::to_ascii_lowercase);
    let descending = params.flag("orderdesc");
    let all = store.tickets.rows();
    let (record_count, rows): (usize, Vec<&Ticket>) = if filter.is_empty() && order.is_none() {
        // The common request (a page of everything) is a slice of the table.
        let rows: Vec<&Ticket> = if descending {
            all.iter().rev().skip(skip).take(take).collect()
        } else {
            all.iter().skip(skip).take(take).collect()
        };
        (all.len(), rows)
    } else {
        // A client pages through one query: match and sort once per version of the data.
        let key = format!(
            "{}|{}",
            params.canonical_except(PAGE_PARAMS),
            caller.unwrap_or(0)
        );
        let matched = sim.cached_matches(&key, store.version(), || {
            let mut matched: Vec<&Ticket> =
                all.iter().filter(|t| filter.matches(&store, t)).collect();
            sort(&mut matched, &store.catalog, order.as_deref(), descending);
            matched
                .iter()
                .filter_map(|t| store.tickets.index_of(t.id))
                .collect()
        });
        let rows = matched
            .iter()
            .skip(skip)
            .take(take)
            .map(|&at| &all[at])
            .collect();
        (matched.len(), rows)
    };

    let tickets = rows
        .into_iter()
        .map(|t| render::ticket(&store, t, now, options))
        .collect();
    let list = TicketList {
        page_no: page.map(|(n, _)| n),
        page_size: page.map(|(_, s)| s),
        record_count,
        tickets,
    };
    // Sized up front: a page of rows is over 100 KB, and growing a small buffer copies it often.
    let mut body = Vec::with_capacity(list.tickets.len() * ROW_BYTES + 128);
    match serde_json::to_writer(&mut body, &list) {
        Ok(()) => (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(e) => errors::message(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

pub(crate) async fn get(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<i32>,
    params: Params,
) -> Response {
    let now = sim.now();
    let store = sim.read();
    let Some(ticket) = store.tickets.get(id) else {
        return errors::not_found(&format!("Ticket {id}"));
    };
    let options = TicketOptions {
        // A single ticket always carries its details; the flag is accepted for fidelity.
        details: true,
        sla_timer: true,
        sla_action_date: true,
        last_action: params.flag("includelastaction"),
        policy: true,
    };
    Json(render::ticket(&store, ticket, now, options)).into_response()
}

pub(crate) async fn post(State(sim): State<Arc<Sim>>, body: axum::body::Bytes) -> Response {
    let inputs: Vec<TicketInput> = match batch::parse(&body, "tickets") {
        Ok(items) => items,
        Err(response) => return *response,
    };
    let now = sim.now();
    let mut store = sim.write();
    let problems: Vec<(String, String)> = inputs
        .iter()
        .enumerate()
        .flat_map(|(i, input)| {
            validate(&store, input)
                .into_iter()
                .map(move |(f, m)| (format!("[{i}].{f}"), m))
        })
        .collect();
    if !problems.is_empty() {
        return errors::validation(problems);
    }
    let mut ids = Vec::with_capacity(inputs.len());
    for input in inputs {
        ids.push(apply(&mut store, input, now));
    }
    let options = TicketOptions {
        details: true,
        sla_timer: false,
        sla_action_date: false,
        last_action: false,
        policy: false,
    };
    let views: Vec<TicketView<'_>> = ids
        .iter()
        .filter_map(|&id| store.tickets.get(id))
        .map(|t| render::ticket(&store, t, now, options))
        .collect();
    // One ticket in, one object out: not an array, not an envelope.
    batch::created(views)
}

pub(crate) async fn delete(State(sim): State<Arc<Sim>>, Path(id): Path<i32>) -> Response {
    let mut store = sim.write();
    match store.remove_ticket(id) {
        Some(_) => StatusCode::OK.into_response(),
        None => errors::not_found(&format!("Ticket {id}")),
    }
}
