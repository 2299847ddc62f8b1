//! Which tickets a list request matches, and in what order: Halo's filters, from single IDs
//! and comma lists to `datesearch` and text search, and its `order` / `orderdesc`.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use crate::model::{Catalog, Ticket};
use crate::query::Params;
use crate::state::Store;

/// The filters of one list request; `None` and `false` mean "not filtered on".
#[derive(Debug, Default)]
pub(crate) struct Filter {
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
    updated_from: Option<DateTime<Utc>>,
    updated_to: Option<DateTime<Utc>>,
    date_range: Option<DateRange>,
}

/// `datesearch`: which date, from `startdate` to `enddate`, either end open.
type DateRange = (DateField, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

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
    pub(crate) fn from_params(p: &Params, caller: Option<i32>) -> Self {
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

    pub(crate) fn is_empty(&self) -> bool {
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

    pub(crate) fn matches(&self, store: &Store, t: &Ticket) -> bool {
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

pub(crate) fn sort(rows: &mut [&Ticket], catalog: &Catalog, order: Option<&str>, descending: bool) {
    let by: fn(&Ticket, &Ticket, &Catalog) -> Ordering = match order.unwrap_or("id") {
        "datecreated" => |a, b, _| a.datecreated.cmp(&b.datecreated),
        "dateoccurred" => |a, b, _| a.dateoccurred.cmp(&b.dateoccurred),
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
