use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::SimConfig;

/// What every handler may read about the instance being simulated.
#[derive(Debug)]
pub(crate) struct Instance {
    base_url: String,
    config: SimConfig,
}

impl Instance {
    pub(crate) fn new(addr: SocketAddr, config: SimConfig) -> Arc<Self> {
        Arc::new(Self {
            base_url: format!("http://{addr}"),
            config,
        })
    }
}

pub(crate) fn router(instance: Arc<Instance>) -> Router {
    Router::new()
        .route("/api/authinfo", get(authinfo))
        .with_state(instance)
}

/// `GET /api/authinfo`: where clients find the auth server. Self-hosted instances answer their
/// own `/auth`; the tenant is empty unless the simulator plays a hosted tenant.
#[derive(Debug, Serialize)]
struct AuthInfo {
    auth_url: String,
    tenant_id: String,
}

async fn authinfo(State(instance): State<Arc<Instance>>) -> Json<AuthInfo> {
    Json(AuthInfo {
        auth_url: format!("{}/auth", instance.base_url),
        tenant_id: instance.config.tenant.clone().unwrap_or_default(),
    })
}
