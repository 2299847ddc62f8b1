//! `/api/Tickets`: the paged, filtered list; one ticket; create and partial update through one
//! array-taking POST; delete.

use std::cmp::Ordering;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::batch;
use crate::errors;
use crate::model::{Catalog, Ticket};
use crate::query::Params;
use crate::render::{self, TicketOptions, TicketView};
use crate::seed::STATUS_NEW;
use crate::sla;
use crate::state::{Sim, Store};
use crate::wire_time;

/// Pages never hold more rows than this, whatever `page_size` says.
const PAGE_CAP: usize = 100;
/// The page size when `pageinate` comes without one.
const DEFAULT_PAGE_SIZE: usize = 50;
const SUMMARY_MAX: usize = 255;
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

/// The filters of one list request; `None` and `false` mean "not filtered on".
#[derive(Debug, Default)]
struct Filter {
    client_id: Option<i32>,
    site_id: Option<i32>,
    user_id: Option<i32>,
    agent_id: Option<i32>,
    status_id: Option<i32>,
    teams: Option<Vec<i32>>,
    agents: Option<Vec<i32>>,
    statuses: Option<Vec<i32>>,
    priorities: Option<Vec<i32>>,
    slas: Option<Vec<i32>>,
    ticket_types: Option<Vec<i32>>,
    categories: [Option<Vec<String>>; 4],
    open_only: bool,
    closed_only: bool,
    mine: Option<i32>,
    search: Option<String>,
    summary_only: bool,
    search_actions: bool,
    updated_from: Option<Timestamp>,
    updated_to: Option<Timestamp>,
    date_range: Option<(DateField, Option<Timestamp>, Option<Timestamp>)>,
}

#[derive(Debug, Clone, Copy)]
enum DateField {
    Occurred,
    Created,
    RespondBy,
    FixBy,
    Closed,
    LastAction,
}

impl Filter {
    fn from_params(p: &Params, caller: Option<i32>) -> Self {
        let search = p
            .get("search")
            .or(p.get("search_summary"))
            .map(str::to_lowercase);
        let category = |n: &str| {
            p.get(n)
                .map(|v| v.split(',').map(|s| s.trim().to_owned()).collect())
        };
        Self {
            client_id: p.int("client_id"),
            site_id: p.int("site_id"),
            user_id: p.int("user_id"),
            agent_id: p.int("agent_id"),
            status_id: p.int("status_id"),
            teams: p.ids("team"),
            agents: p.ids("agent"),
            statuses: p.ids("status"),
            priorities: p.ids("priority"),
            slas: p.ids("sla"),
            ticket_types: p.ids("requesttype"),
            categories: [
                category("category_1"),
                category("category_2"),
                category("category_3"),
                category("category_4"),
            ],
            open_only: p.flag("open_only"),
            closed_only: p.flag("closed_only"),
            mine: if p.flag("mine") { caller } else { None },
            summary_only: p.get("search").is_none() && p.get("search_summary").is_some(),
            search,
            search_actions: p.flag("searchactions"),
            updated_from: p.date("lastupdatefromdate"),
            updated_to: p.date("lastupdatetodate"),
            date_range: p
                .get("datesearch")
                .and_then(date_field)
                .map(|field| (field, p.date("startdate"), p.date("enddate"))),
        }
    }

    fn is_empty(&self) -> bool {
        self.client_id.is_none()
            && self.site_id.is_none()
            && self.user_id.is_none()
            && self.agent_id.is_none()
            && self.status_id.is_none()
            && self.teams.is_none()
            && self.agents.is_none()
            && self.statuses.is_none()
            && self.priorities.is_none()
            && self.slas.is_none()
            && self.ticket_types.is_none()
            && self.categories.iter().all(Option::is_none)
            && !self.open_only
            && !self.closed_only
            && self.mine.is_none()
            && self.search.is_none()
            && self.updated_from.is_none()
            && self.updated_to.is_none()
            && self.date_range.is_none()
    }

    fn matches(&self, store: &Store, t: &Ticket) -> bool {
        let eq = |want: Option<i32>, have: i32| want.is_none_or(|w| w == have);
        let within =
            |list: &Option<Vec<i32>>, have: i32| list.as_ref().is_none_or(|l| l.contains(&have));
        let closed = store
            .catalog
            .statuses
            .get(&t.status_id)
            .is_some_and(|s| s.is_closed());
        eq(self.client_id, t.client_id)
            && eq(self.site_id, t.site_id)
            && eq(self.user_id, t.user_id)
            && eq(self.agent_id, t.agent_id)
            && eq(self.status_id, t.status_id)
            && eq(self.mine, t.agent_id)
            && within(&self.teams, t.team_id)
            && within(&self.agents, t.agent_id)
            && within(&self.statuses, t.status_id)
            && within(&self.priorities, t.priority_id)
            && within(&self.slas, t.sla_id)
            && within(&self.ticket_types, t.tickettype_id)
            && self
                .categories
                .iter()
                .zip(&t.categories)
                .all(|(want, have)| want.as_ref().is_none_or(|w| w.iter().any(|c| c == have)))
            && !(self.open_only && closed)
            && (!self.closed_only || closed)
            && self.updated_from.is_none_or(|from| t.last_update >= from)
            && self.updated_to.is_none_or(|to| t.last_update <= to)
            && self.date_range.is_none_or(|(field, start, end)| {
                let at = match field {
                    DateField::Occurred => Some(t.dateoccurred),
                    DateField::Created => Some(t.datecreated),
                    DateField::RespondBy => t.respondbydate,
                    DateField::FixBy => t.fixbydate,
                    DateField::Closed => t.dateclosed,
                    DateField::LastAction => Some(t.lastactiondate),
                };
                at.is_some_and(|at| start.is_none_or(|s| at >= s) && end.is_none_or(|e| at <= e))
            })
            && self
                .search
                .as_deref()
                .is_none_or(|q| self.found(store, t, q))
    }

    fn found(&self, store: &Store, t: &Ticket, query: &str) -> bool {
        if query.parse::<i32>() == Ok(t.id) || t.summary.to_lowercase().contains(query) {
            return true;
        }
        if self.summary_only {
            return false;
        }
        t.details.to_lowercase().contains(query)
            || (self.search_actions
                && store.actions.get(&t.id).is_some_and(|actions| {
                    actions
                        .iter()
                        .any(|a| a.note.to_lowercase().contains(query))
                }))
    }
}

/// `datesearch` names a date field; the opened date is spelled `dateoccured` (one r).
fn date_field(name: &str) -> Option<DateField> {
    Some(match name.to_ascii_lowercase().as_str() {
        "dateoccured" => DateField::Occurred,
        "datecreated" => DateField::Created,
        "respondbydate" => DateField::RespondBy,
        "fixbydate" | "deadlinedate" => DateField::FixBy,
        "dateclosed" => DateField::Closed,
        "lastactiondate" => DateField::LastAction,
        _ => return None,
    })
}

fn sort(rows: &mut [&Ticket], catalog: &Catalog, order: Option<&str>, descending: bool) {
    let by: fn(&Ticket, &Ticket, &Catalog) -> Ordering = match order.unwrap_or("id") {
        "datecreated" | "dateoccurred" => |a, b, _| a.datecreated.cmp(&b.datecreated),
        "lastactiondate" => |a, b, _| a.lastactiondate.cmp(&b.lastactiondate),
        "last_update" | "lastupdate" => |a, b, _| a.last_update.cmp(&b.last_update),
        "fixbydate" | "deadlinedate" => |a, b, _| a.fixbydate.cmp(&b.fixbydate),
        "respondbydate" => |a, b, _| a.respondbydate.cmp(&b.respondbydate),
        "priority_id" | "priority" => |a, b, _| a.priority_id.cmp(&b.priority_id),
        "status_id" | "status" => |a, b, _| a.status_id.cmp(&b.status_id),
        "agent_id" => |a, b, _| a.agent_id.cmp(&b.agent_id),
        "summary" => |a, b, _| a.summary.to_lowercase().cmp(&b.summary.to_lowercase()),
        "client_name" => |a, b, c| {
            let name = |t: &Ticket| {
                c.clients
                    .get(&t.client_id)
                    .map(|x| x.name.clone())
                    .unwrap_or_default()
            };
            name(a).cmp(&name(b))
        },
        _ => |a, b, _| a.id.cmp(&b.id),
    };
    rows.sort_by(|a, b| {
        let ord = by(a, b, catalog).then(a.id.cmp(&b.id));
        if descending { ord.reverse() } else { ord }
    });
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

/// One element of the POST body. Absent fields are left as they are on update.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TicketInput {
    id: Option<i32>,
    summary: Option<String>,
    details: Option<String>,
    details_html: Option<String>,
    client_id: Option<i32>,
    site_id: Option<i32>,
    user_id: Option<i32>,
    status_id: Option<i32>,
    priority_id: Option<i32>,
    tickettype_id: Option<i32>,
    agent_id: Option<i32>,
    team_id: Option<i32>,
    category_1: Option<String>,
    category_2: Option<String>,
    category_3: Option<String>,
    category_4: Option<String>,
    reportedby: Option<String>,
    dateoccurred: Option<String>,
    excludefromsla: Option<bool>,
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

fn validate(store: &Store, input: &TicketInput) -> Vec<(String, String)> {
    let c = &store.catalog;
    let mut problems = Vec::new();
    let mut problem = |field: &str, message: String| problems.push((field.to_owned(), message));
    let existing = match input.id {
        Some(id) => match store.tickets.get(id) {
            Some(t) => Some(t),
            None => {
                problem("id", format!("Ticket {id} does not exist."));
                return problems;
            }
        },
        None => None,
    };
    let summary = input.summary.as_deref().map(str::trim);
    if existing.is_none() && summary.is_none_or(str::is_empty) {
        problem("summary", "The Summary field is required.".into());
    }
    if summary.is_some_and(|s| s.chars().count() > SUMMARY_MAX) {
        problem(
            "summary",
            format!("The Summary must be at most {SUMMARY_MAX} characters."),
        );
    }
    let client_id = input.client_id.or(existing.map(|t| t.client_id));
    match client_id {
        None | Some(0) => problem(
            "client_id",
            "A Client must be entered for this Ticket.".into(),
        ),
        Some(id) if !c.clients.contains_key(&id) => {
            problem("client_id", format!("Client {id} does not exist."))
        }
        Some(_) => {}
    }
    if let Some(id) = input.status_id.filter(|id| !c.statuses.contains_key(id)) {
        problem("status_id", format!("Status {id} does not exist."));
    }
    if let Some(id) = input
        .tickettype_id
        .filter(|id| !c.ticket_types.contains_key(id))
    {
        problem("tickettype_id", format!("Ticket type {id} does not exist."));
    }
    if let (Some(priority), Some(client)) = (
        input.priority_id,
        client_id.and_then(|id| c.clients.get(&id)),
    ) {
        let sla_id = existing.map_or(client.sla_id, |t| t.sla_id);
        if !c.policies.contains_key(&(sla_id, priority)) {
            problem(
                "priority_id",
                format!("Priority {priority} does not exist for this SLA."),
            );
        }
    }
    if let Some(id) = input
        .agent_id
        .filter(|&id| id != 0 && !c.agents.contains_key(&id))
    {
        problem("agent_id", format!("Agent {id} does not exist."));
    }
    if let Some(id) = input
        .team_id
        .filter(|&id| id != 0 && !c.teams.contains_key(&id))
    {
        problem("team_id", format!("Team {id} does not exist."));
    }
    if let Some(site) = input.site_id.filter(|&id| id != 0) {
        match c.sites.get(&site) {
            None => problem("site_id", format!("Site {site} does not exist.")),
            Some(s) if Some(s.client_id) != client_id => {
                problem("site_id", format!("Site {site} belongs to another client."))
            }
            Some(_) => {}
        }
    }
    if let Some(user) = input.user_id.filter(|&id| id != 0) {
        match c.users.get(&user) {
            None => problem("user_id", format!("User {user} does not exist.")),
            Some(u) if Some(u.client_id) != client_id => {
                problem("user_id", format!("User {user} belongs to another client."))
            }
            Some(_) => {}
        }
    }
    problems
}

/// Creates or updates one validated ticket and returns its ID.
fn apply(store: &mut Store, input: TicketInput, now: Timestamp) -> i32 {
    let id = match input.id {
        Some(id) => id,
        None => {
            let id = store.take_ticket_id();
            let client_id = input.client_id.unwrap_or_default();
            let sla_id = store
                .catalog
                .clients
                .get(&client_id)
                .map_or(1, |c| c.sla_id);
            store
                .tickets
                .push(Ticket::opened(id, client_id, sla_id, now));
            id
        }
    };
    let Store {
        catalog, tickets, ..
    } = store;
    let Some(t) = tickets.get_mut(id) else {
        return id;
    };
    let is_new = input.id.is_none();
    if let Some(v) = input.summary {
        t.summary = v.trim().to_owned();
    }
    if let Some(v) = input.details_html.or(input.details) {
        t.details = v;
    }
    if let Some(v) = input.client_id {
        t.client_id = v;
    }
    if let Some(v) = input.site_id {
        t.site_id = v;
    }
    if let Some(v) = input.user_id {
        t.user_id = v;
        if t.site_id == 0 {
            t.site_id = catalog.users.get(&v).map_or(0, |u| u.site_id);
        }
    }
    if let Some(v) = input.tickettype_id {
        t.tickettype_id = v;
    }
    if let Some(v) = input.agent_id {
        t.agent_id = v;
    }
    if let Some(v) = input.team_id {
        t.team_id = v;
    }
    for (slot, value) in t.categories.iter_mut().zip([
        input.category_1,
        input.category_2,
        input.category_3,
        input.category_4,
    ]) {
        if let Some(v) = value {
            *slot = v;
        }
    }
    if let Some(v) = input.reportedby {
        t.reportedby = v;
    }
    if let Some(at) = input.dateoccurred.as_deref().and_then(wire_time::parse) {
        t.dateoccurred = at;
    }
    if let Some(v) = input.excludefromsla {
        t.excludefromsla = v;
    }
    let priority_changed = input.priority_id.is_some_and(|p| p != t.priority_id);
    if let Some(v) = input.priority_id {
        t.priority_id = v;
    }
    if (is_new || priority_changed)
        && let Some(policy) = catalog.policies.get(&(t.sla_id, t.priority_id))
    {
        sla::set_deadlines(t, policy);
    }
    if let Some(status) = input.status_id {
        change_status(catalog, t, status, now);
    } else if is_new {
        change_status(catalog, t, STATUS_NEW, now);
    }
    t.last_update = now;
    id
}

/// Moves a ticket to a status, with what that does to the SLA clock: a holding status pauses
/// it, leaving one resumes it, a closed status stops it and reopening starts it again.
pub(crate) fn change_status(catalog: &Catalog, t: &mut Ticket, status_id: i32, now: Timestamp) {
    let Some(status) = catalog.statuses.get(&status_id) else {
        return;
    };
    let (closed, holds) = (status.is_closed(), status.holds_sla());
    if !holds || closed {
        sla::resume(t, now);
    }
    if closed {
        if t.dateclosed.is_none() {
            t.dateclosed = Some(now);
        }
    } else {
        t.dateclosed = None;
        if holds {
            sla::hold(t, now);
        }
    }
    t.status_id = status_id;
}

pub(crate) async fn delete(State(sim): State<Arc<Sim>>, Path(id): Path<i32>) -> Response {
    let mut store = sim.write();
    match store.remove_ticket(id) {
        Some(_) => StatusCode::OK.into_response(),
        None => errors::not_found(&format!("Ticket {id}")),
    }
}
