//! The instance's lookups, each in the envelope real instances use: bare arrays for statuses,
//! priorities, SLAs, ticket types, agents, teams and outcomes; `{record_count, ...}` for
//! clients, sites and users.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

use crate::auth::Caller;
use crate::errors;
use crate::model::{Policy, Sla};
use crate::query::Params;
use crate::state::Sim;

pub(crate) async fn statuses(State(sim): State<Arc<Sim>>) -> Response {
    Json(sim.read().catalog.statuses.values().collect::<Vec<_>>()).into_response()
}

/// `/Priority?slaid=`: priorities belong to SLAs.
pub(crate) async fn priorities(State(sim): State<Arc<Sim>>, params: Params) -> Response {
    let store = sim.read();
    let sla = params.int("slaid");
    let policies: Vec<&Policy> = store
        .catalog
        .policies
        .values()
        .filter(|p| sla.is_none_or(|s| p.slaid == s))
        .collect();
    Json(policies).into_response()
}

#[derive(Debug, Serialize)]
struct SlaView<'a> {
    #[serde(flatten)]
    sla: &'a Sla,
    #[serde(skip_serializing_if = "Option::is_none")]
    priorities: Option<Vec<&'a Policy>>,
}

pub(crate) async fn slas(State(sim): State<Arc<Sim>>, params: Params) -> Response {
    let store = sim.read();
    let with_priorities = params.flag("showpriorities");
    let slas: Vec<SlaView<'_>> = store
        .catalog
        .slas
        .values()
        .map(|sla| SlaView {
            sla,
            priorities: with_priorities.then(|| {
                store
                    .catalog
                    .policies
                    .values()
                    .filter(|p| p.slaid == sla.id)
                    .collect()
            }),
        })
        .collect();
    Json(slas).into_response()
}

pub(crate) async fn ticket_types(State(sim): State<Arc<Sim>>) -> Response {
    Json(sim.read().catalog.ticket_types.values().collect::<Vec<_>>()).into_response()
}

pub(crate) async fn agents(State(sim): State<Arc<Sim>>, params: Params) -> Response {
    let store = sim.read();
    let team = params.int("team_id");
    let agents: Vec<_> = store
        .catalog
        .agents
        .values()
        .filter(|a| team.is_none_or(|t| a.team_id == t))
        .collect();
    Json(agents).into_response()
}

/// `/Agent/me`: the agent the token acts as.
pub(crate) async fn me(State(sim): State<Arc<Sim>>, caller: Option<Extension<Caller>>) -> Response {
    let id = caller.map_or(sim.config.agent_id, |Extension(c)| c.agent_id);
    agent_response(&sim, id)
}

pub(crate) async fn agent(State(sim): State<Arc<Sim>>, Path(id): Path<i32>) -> Response {
    agent_response(&sim, id)
}

fn agent_response(sim: &Sim, id: i32) -> Response {
    match sim.read().catalog.agents.get(&id) {
        Some(agent) => Json(agent).into_response(),
        None => errors::not_found(&format!("Agent {id}")),
    }
}

pub(crate) async fn teams(State(sim): State<Arc<Sim>>) -> Response {
    Json(sim.read().catalog.teams.values().collect::<Vec<_>>()).into_response()
}

pub(crate) async fn outcomes(State(sim): State<Arc<Sim>>) -> Response {
    Json(sim.read().catalog.outcomes.values().collect::<Vec<_>>()).into_response()
}

pub(crate) async fn clients(State(sim): State<Arc<Sim>>, params: Params) -> Response {
    let store = sim.read();
    let search = params.get("search").map(str::to_lowercase);
    let clients: Vec<_> = store
        .catalog
        .clients
        .values()
        .filter(|c| {
            search
                .as_deref()
                .is_none_or(|q| c.name.to_lowercase().contains(q))
        })
        .collect();
    Json(json!({ "record_count": clients.len(), "clients": clients })).into_response()
}

pub(crate) async fn sites(State(sim): State<Arc<Sim>>, params: Params) -> Response {
    let store = sim.read();
    let client = params.int("client_id");
    let sites: Vec<_> = store
        .catalog
        .sites
        .values()
        .filter(|s| client.is_none_or(|c| s.client_id == c))
        .collect();
    Json(json!({ "record_count": sites.len(), "sites": sites })).into_response()
}

pub(crate) async fn users(State(sim): State<Arc<Sim>>, params: Params) -> Response {
    let store = sim.read();
    let client = params.int("client_id");
    let site = params.int("site_id");
    let search = params.get("search").map(str::to_lowercase);
    let users: Vec<_> = store
        .catalog
        .users
        .values()
        .filter(|u| client.is_none_or(|c| u.client_id == c))
        .filter(|u| site.is_none_or(|s| u.site_id == s))
        .filter(|u| {
            search.as_deref().is_none_or(|q| {
                u.name.to_lowercase().contains(q) || u.emailaddress.to_lowercase().contains(q)
            })
        })
        .collect();
    Json(json!({ "record_count": users.len(), "users": users })).into_response()
}
