//! `cargo run -p halopsa-sim -- --port 8787`: a simulated HaloPSA instance for demos and
//! manual testing.

use std::net::SocketAddr;

use clap::Parser;
use halopsa_sim::{SimConfig, Simulator};
use tracing_subscriber::EnvFilter;

/// Serve a simulated HaloPSA instance over HTTP on loopback.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Port on 127.0.0.1 to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Play a hosted tenant with this name (announced by /api/authinfo).
    #[arg(long)]
    tenant: Option<String>,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let args = Args::parse();
    let addr = SocketAddr::from(([127, 0, 0, 1], args.port));
    let simulator = Simulator::start(
        addr,
        SimConfig {
            tenant: args.tenant,
        },
    )
    .await?;
    tracing::info!("HaloPSA simulator listening on {}", simulator.base_url());
    tokio::signal::ctrl_c().await?;
    tracing::info!("shutting down");
    simulator.shutdown().await
}
