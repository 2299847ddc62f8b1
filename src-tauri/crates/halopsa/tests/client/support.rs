use std::time::Duration;

use halopsa::{
    ClientOptions, Credentials, HaloClient, InstanceUrl, NewTicket, RateBudget, RetryPolicy, Secret,
};
use halopsa_sim::{SimConfig, Simulator};

/// An instance without a rate limit, its clock fixed at a known time.
pub(crate) fn quiet() -> SimConfig {
    SimConfig {
        tickets: 300,
        rate_limit: None,
        start: Some("2026-06-01T12:00:00Z".parse().unwrap()),
        ..SimConfig::default()
    }
}

/// Retries quick enough for tests, a budget the tests do not hit unless they mean to.
pub(crate) fn options() -> ClientOptions {
    ClientOptions {
        budget: RateBudget {
            requests: 10_000,
            window: Duration::from_secs(300),
            share: 1.0,
        },
        retry: RetryPolicy {
            attempts: 4,
            base_backoff: Duration::from_millis(20),
            rate_limit_backoff: Duration::from_millis(50),
            max_backoff: Duration::from_millis(200),
            max_rate_limit_wait: Duration::from_secs(10),
        },
    }
}

pub(crate) fn service_credentials() -> Credentials {
    Credentials::ClientSecret {
        client_id: "demo".into(),
        client_secret: Secret::new("demo"),
    }
}

pub(crate) async fn start(config: SimConfig) -> Simulator {
    Simulator::start_on_loopback(config).await.unwrap()
}

pub(crate) async fn connect(sim: &Simulator) -> HaloClient {
    connect_with(sim, options()).await
}

pub(crate) async fn connect_with(sim: &Simulator, options: ClientOptions) -> HaloClient {
    HaloClient::connect(
        InstanceUrl::parse(&sim.base_url()).unwrap(),
        service_credentials(),
        options,
    )
    .await
    .unwrap()
}

/// Connects to whatever answers at `base`, which may not be Halo at all.
pub(crate) async fn connect_as(
    base: &str,
    credentials: Credentials,
) -> halopsa::Result<HaloClient> {
    HaloClient::connect(InstanceUrl::parse(base).unwrap(), credentials, options()).await
}

/// The smallest ticket Halo accepts: a summary and the first client.
pub(crate) async fn minimal_ticket(client: &HaloClient, summary: &str) -> NewTicket {
    NewTicket {
        summary: summary.into(),
        client_id: client.clients(None).await.unwrap()[0].id,
        ..NewTicket::default()
    }
}

/// A simulator with default test settings and a client signed in to it.
pub(crate) async fn session() -> (Simulator, HaloClient) {
    let sim = start(quiet()).await;
    let client = connect(&sim).await;
    (sim, client)
}

/// How many requests a route (`POST /auth/token`, `GET /api/Tickets/{id}`) has had.
pub(crate) async fn route_count(sim: &Simulator, route: &str) -> u64 {
    sim.stats().await.unwrap()["by_route"][route]
        .as_u64()
        .unwrap_or(0)
}

pub(crate) async fn status_count(sim: &Simulator, status: u16) -> u64 {
    sim.stats().await.unwrap()["by_status"][status.to_string()]
        .as_u64()
        .unwrap_or(0)
}
