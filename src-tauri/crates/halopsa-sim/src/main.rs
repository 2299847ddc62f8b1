//! `cargo run -p halopsa-sim -- --port 8787 --tickets 5000 --seed 1`: a simulated HaloPSA
//! instance for demos, manual testing and benchmarks.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;
use halopsa_sim::{RateLimit, SimConfig, Simulator};
use tracing_subscriber::EnvFilter;

/// Serve a simulated HaloPSA instance over HTTP on loopback.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Port on 127.0.0.1 to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Number of seeded tickets.
    #[arg(long, default_value_t = 500)]
    tickets: usize,
    /// Seed of the generated data; the same seed gives the same instance.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Play a hosted tenant with this name (announced by /api/authinfo).
    #[arg(long)]
    tenant: Option<String>,
    /// Client ID of the client-credentials application.
    #[arg(long, default_value = "demo")]
    client_id: String,
    /// Client secret of the client-credentials application.
    #[arg(long, default_value = "demo")]
    client_secret: String,
    /// Seconds an access token lives.
    #[arg(long, default_value_t = 3600)]
    token_lifetime: u64,
    /// Answer each refresh with a new refresh token and retire the old one.
    #[arg(long)]
    rotate_refresh_tokens: bool,
    /// Requests allowed per rolling 5 minutes; 0 turns the rate limit off.
    #[arg(long, default_value_t = 300)]
    rate_limit: usize,
    /// Largest upload accepted, in MiB; larger ones answer 413.
    #[arg(long, default_value_t = 256)]
    max_upload_mib: usize,
    /// Answer 404 to multipart uploads, as instances that take only JSON uploads do.
    #[arg(long)]
    json_uploads_only: bool,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let args = Args::parse();
    let config = SimConfig {
        tenant: args.tenant,
        seed: args.seed,
        tickets: args.tickets,
        client_id: args.client_id,
        client_secret: args.client_secret,
        token_lifetime: Duration::from_secs(args.token_lifetime),
        rotate_refresh_tokens: args.rotate_refresh_tokens,
        rate_limit: (args.rate_limit > 0).then(|| RateLimit {
            requests: args.rate_limit,
            ..RateLimit::default()
        }),
        max_upload_bytes: args.max_upload_mib * 1024 * 1024,
        multipart_uploads: !args.json_uploads_only,
        ..SimConfig::default()
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], args.port));
    let simulator = Simulator::start(addr, config).await?;
    tracing::info!(
        "HaloPSA simulator listening on {} (client id and secret: as given; demo/demo by default)",
        simulator.base_url()
    );
    tokio::signal::ctrl_c().await?;
    tracing::info!("shutting down");
    simulator.shutdown().await
}
