//! Finding the auth server: `/api/authinfo` announces it (hosted tenants may use another
//! host); instances that do not answer it use `{base}/auth`. This first request is also where
//! an address that is not a Halo instance is caught.

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use url::Url;

use crate::error::{Error, Result};
use crate::governor::Priority;
use crate::instance::{InstanceUrl, secure_url};
use crate::problem;
use crate::transport::{Call, Payload, Reading, Transport};
use crate::wire::Text;

/// Where tokens come from, and the hosted tenant they are asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthServer {
    pub url: Url,
    pub tenant: Option<String>,
}

impl AuthServer {
    /// `{auth}/token`, with `?tenant=` for hosted tenants.
    pub(crate) fn token_url(&self) -> Url {
        self.endpoint("token")
    }

    /// `{auth}/authorize`, where the browser signs in.
    pub(crate) fn authorize_url(&self) -> Url {
        self.endpoint("authorize")
    }

    fn endpoint(&self, name: &str) -> Url {
        let mut url = self.url.clone();
        let path = format!("{}/{name}", url.path().trim_end_matches('/'));
        url.set_path(&path);
        url.set_query(None);
        if let Some(tenant) = &self.tenant {
            url.query_pairs_mut().append_pair("tenant", tenant);
        }
        url
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AuthInfo {
    auth_url: Text,
    tenant_id: Text,
}

pub(crate) async fn discover(transport: &Transport, instance: &InstanceUrl) -> Result<AuthServer> {
    let mut url = instance.api();
    url.set_path(&format!("{}/authinfo", url.path()));
    let payload = Payload::Empty;
    let reply = transport
        .send(&Call {
            method: Method::GET,
            url,
            payload: &payload,
            bearer: None,
            priority: Priority::Interactive,
            reading: Reading::Whole,
        })
        .await?;
    let not_halo = |reason: &str| Error::NotHalo {
        url: instance.to_string(),
        reason: reason.to_owned(),
    };
    let named = instance.tenant().map(str::to_owned);
    let fallback = AuthServer {
        url: instance.auth(),
        tenant: named.clone(),
    };
    match reply.status {
        StatusCode::OK if problem::looks_like_html(&reply.body) => {
            Err(not_halo("it answered with a web page, not the HaloPSA API"))
        }
        StatusCode::OK => {
            let info: AuthInfo = serde_json::from_slice(&reply.body)
                .map_err(|_| not_halo("its answer to /api/authinfo is not HaloPSA's"))?;
            // The tenant the technician named wins over the one the host announces.
            let announced_tenant =
                Some(info.tenant_id.0.trim().to_owned()).filter(|t| !t.is_empty());
            let tenant = named.or(announced_tenant);
            let announced = info.auth_url.0.trim();
            if announced.is_empty() {
                return Ok(AuthServer { tenant, ..fallback });
            }
            let url = secure_url(announced).map_err(|_| {
                not_halo("it announced an auth server that is not a secure address")
            })?;
            Ok(AuthServer { url, tenant })
        }
        // Older and self-hosted instances may not have authinfo: try the usual place.
        StatusCode::NOT_FOUND => Ok(fallback),
        // Halo is there but unwell, or busy: say that, not that it is something else.
        status if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() => Err(
            problem::classify(reply.status, reply.retry_after, &reply.body, "authinfo"),
        ),
        status => Err(not_halo(&format!("it answered HTTP {}", status.as_u16()))),
    }
}
