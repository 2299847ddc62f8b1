//! `cargo bench -p halopsa-sim`: how many ticket-list requests per second the simulator answers,
//! pages of 100 with 100,000 tickets loaded, over real HTTP on loopback. The goal is 5,000 per
//! second on a 2-core machine, so the simulator never limits the client's own benchmarks.
//!
//! The load generator runs in the same process and shares the two cores with the server, so the
//! figure is a floor for what the server alone can do.

#![allow(
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark reports on stdout and stops at the first broken request"
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use halopsa_sim::{SimConfig, Simulator};

const TICKETS: usize = 100_000;
const CONNECTIONS: usize = 16;
const WARMUP: Duration = Duration::from_secs(1);
const MEASURE: Duration = Duration::from_secs(5);
const GOAL_PER_SEC: f64 = 5_000.0;

#[tokio::main]
async fn main() {
    let seeded = Instant::now();
    let config = SimConfig {
        tickets: TICKETS,
        rate_limit: None,
        ..SimConfig::default()
    };
    let sim = Simulator::start_on_loopback(config)
        .await
        .expect("simulator starts");
    println!(
        "seeded {TICKETS} tickets in {:.2} s",
        seeded.elapsed().as_secs_f64()
    );
    let base = sim.base_url();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()
        .expect("client builds");
    let token = token(&http, &base).await;

    for (name, query) in [
        ("all tickets, by page", ""),
        ("open tickets, by page", "&open_only=true"),
        (
            "open tickets with SLA timers",
            "&open_only=true&includeslatimer=true",
        ),
        // 60 distinct queries in turn outrun the result cache: every request scans all rows.
        (
            "a new filter every request",
            "&open_only=true&lastupdatefromdate=2000-01-01T00:00:{n}",
        ),
    ] {
        let rate = run(&http, &base, &token, query).await;
        println!(
            "{name:32} {rate:>8.0} requests/s  ({:.2}x the {GOAL_PER_SEC:.0}/s goal)",
            rate / GOAL_PER_SEC
        );
    }
    sim.shutdown().await.expect("simulator stops");
}

async fn token(http: &reqwest::Client, base: &str) -> String {
    let body: serde_json::Value = http
        .post(format!("{base}/auth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "demo"),
            ("client_secret", "demo"),
            ("scope", "all"),
        ])
        .send()
        .await
        .expect("token request")
        .json()
        .await
        .expect("token body");
    body["access_token"]
        .as_str()
        .expect("access token")
        .to_owned()
}

/// Requests pages 1..=1000 round-robin from `CONNECTIONS` concurrent workers; returns the
/// completed requests per second over the measured window.
async fn run(http: &reqwest::Client, base: &str, token: &str, query: &str) -> f64 {
    let done = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let deadline = start + WARMUP + MEASURE;
    let mut workers = Vec::new();
    for worker in 0..CONNECTIONS {
        let (http, done) = (http.clone(), done.clone());
        let (base, token, query) = (base.to_owned(), token.to_owned(), query.to_owned());
        workers.push(tokio::spawn(async move {
            let mut page = worker;
            while Instant::now() < deadline {
                page = page % 1000 + 1;
                let query = query.replace("{n}", &format!("{:02}", page % 60));
                let url = format!(
                    "{base}/api/Tickets?pageinate=true&page_size=100&page_no={page}{query}"
                );
                let response = http
                    .get(url)
                    .bearer_auth(&token)
                    .send()
                    .await
                    .expect("request");
                assert!(
                    response.status().is_success(),
                    "status {}",
                    response.status()
                );
                let body = response.bytes().await.expect("body");
                assert!(body.len() > 2);
                if start.elapsed() >= WARMUP {
                    done.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for worker in workers {
        worker.await.expect("worker");
    }
    done.load(Ordering::Relaxed) as f64 / MEASURE.as_secs_f64()
}
