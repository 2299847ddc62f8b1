//! Creating and updating tickets: validation in ASP.NET's shape before anything is written,
//! then only the fields sent change, with what a status or priority change does to the SLA.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::model::{Catalog, Ticket};
use crate::seed::STATUS_NEW;
use crate::sla;
use crate::state::Store;
use crate::wire_time;

const SUMMARY_MAX: usize = 255;

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
    /// The team by name: Halo's request schema names the team, not its ID.
    team: Option<String>,
    category_1: Option<String>,
    category_2: Option<String>,
    category_3: Option<String>,
    category_4: Option<String>,
    reportedby: Option<String>,
    dateoccurred: Option<String>,
    excludefromsla: Option<bool>,
}

pub(crate) fn validate(store: &Store, input: &TicketInput) -> Vec<(String, String)> {
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
    if let Some(name) = input.team.as_deref().filter(|n| !n.trim().is_empty())
        && team_by_name(c, name).is_none()
    {
        problem("team", format!("Team \"{name}\" does not exist."));
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

fn team_by_name(catalog: &Catalog, name: &str) -> Option<i32> {
    let name = name.trim();
    catalog
        .teams
        .values()
        .find(|t| t.name.eq_ignore_ascii_case(name))
        .map(|t| t.id)
}

/// Creates or updates one validated ticket and returns its ID.
pub(crate) fn apply(store: &mut Store, input: TicketInput, now: DateTime<Utc>) -> i32 {
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
    if let Some(name) = &input.team {
        // An empty name takes the ticket off its team.
        t.team_id = team_by_name(catalog, name).unwrap_or_default();
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
pub(crate) fn change_status(catalog: &Catalog, t: &mut Ticket, status_id: i32, now: DateTime<Utc>) {
    let Some(status) = catalog.statuses.get(&status_id) else {
        return;
    };
    let (closed, holds) = (status.is_closed(), status.holds_sla());
    if closed {
        sla::resume(t, now);
        if t.dateclosed.is_none() {
            t.dateclosed = Some(now);
        }
    } else {
        if let Some(closed_at) = t.dateclosed.take() {
            // Time spent closed does not count against the SLA of a reopened ticket.
            t.hold_started = Some(closed_at);
        }
        if holds {
            sla::hold(t, now);
        } else {
            sla::resume(t, now);
        }
    }
    t.status_id = status_id;
}
