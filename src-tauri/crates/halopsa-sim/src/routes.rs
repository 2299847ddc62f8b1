//! The simulator's paths: Halo's own behind the gate (counters, faults, rate limit, bearer
//! check), and `/_sim/` beside them unless they are left out.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::middleware;
use axum::routing::{get, post};
use serde::Serialize;

use crate::state::Sim;
use crate::{actions, attachments, auth, control, guard, lookups, tickets};

/// Ticket and action bodies carry HTML notes, sometimes with inline images.
const WRITE_BODY_LIMIT: usize = 32 * 1024 * 1024;

/// Halo's routes, with the `/_sim/` controls when `with_controls`; without them a control's
/// path answers 404 like any path Halo does not have.
pub(crate) fn router(sim: Arc<Sim>, with_controls: bool) -> Router {
    // base64 grows a file by a third; leave room for the JSON around it.
    let json_upload_limit = sim.config.max_upload_bytes / 3 * 4 + 64 * 1024;
    let halo = Router::new()
        .route("/api/authinfo", get(authinfo))
        .route(
            "/api/Tickets",
            get(tickets::list)
                .post(tickets::post)
                .layer(DefaultBodyLimit::max(WRITE_BODY_LIMIT)),
        )
        .route(
            "/api/Tickets/{id}",
            get(tickets::get).delete(tickets::delete),
        )
        .route(
            "/api/Actions",
            get(actions::list)
                .post(actions::post)
                .layer(DefaultBodyLimit::max(WRITE_BODY_LIMIT)),
        )
        .route("/api/Actions/{id}", get(actions::get))
        .route(
            "/api/Attachment",
            get(attachments::list)
                .post(attachments::upload_json)
                .layer(DefaultBodyLimit::max(json_upload_limit)),
        )
        .route(
            "/api/Attachment/image",
            // The handler counts the streamed part against the limit itself.
            post(attachments::upload_multipart).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/api/Attachment/{id}",
            get(attachments::get).delete(attachments::delete),
        )
        .route("/api/Status", get(lookups::statuses))
        .route("/api/Priority", get(lookups::priorities))
        .route("/api/SLA", get(lookups::slas))
        .route("/api/TicketType", get(lookups::ticket_types))
        .route("/api/Agent", get(lookups::agents))
        .route("/api/Agent/me", get(lookups::me))
        .route("/api/Agent/{id}", get(lookups::agent))
        .route("/api/Team", get(lookups::teams))
        .route("/api/Client", get(lookups::clients))
        .route("/api/Site", get(lookups::sites))
        .route("/api/Users", get(lookups::users))
        .route("/api/Outcome", get(lookups::outcomes))
        .route("/auth/token", post(auth::token))
        .route("/auth/authorize", get(auth::authorize))
        .route_layer(middleware::from_fn_with_state(sim.clone(), guard::gate));

    let controls = Router::new()
        .route(
            "/_sim/clock",
            get(control::clock).post(control::change_clock),
        )
        .route(
            "/_sim/faults",
            get(control::faults)
                .post(control::set_faults)
                .delete(control::clear_faults),
        )
        .route("/_sim/rate-limit", post(control::set_rate_limit))
        .route("/_sim/revoke-tokens", post(control::revoke_tokens))
        .route("/_sim/stats", get(control::stats))
        .route("/_sim/reset", post(control::reset));

    if with_controls {
        halo.merge(controls).with_state(sim)
    } else {
        halo.with_state(sim)
    }
}

/// `GET /api/authinfo`: where clients find the auth server. Self-hosted instances answer their
/// own `/auth`; the tenant is empty unless the simulator plays a hosted tenant.
#[derive(Debug, Serialize)]
struct AuthInfo {
    auth_url: String,
    tenant_id: String,
}

async fn authinfo(State(sim): State<Arc<Sim>>) -> Json<AuthInfo> {
    Json(AuthInfo {
        auth_url: format!("{}/auth", sim.base_url),
        tenant_id: sim.config.tenant.clone().unwrap_or_default(),
    })
}
