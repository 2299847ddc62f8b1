//! `cargo bench -p halodesk-core --bench queued_write`: what a queued write costs the
//! technician with the database's commits synced to the disk (`synchronous=FULL`, the app's)
//! and without (`NORMAL`, what it ran with before), on this machine's disk.
//!
//! Each run opens the app on a fresh data folder in the temp dir, connects it to a simulator
//! and then stops the simulator, so every note the bench adds is stored and stays queued (the
//! first one is tried, fails and holds the rest in order): the time measured is the
//! `action_add` command as the window calls it, the outbox's commits included, and no network.
//! The two settings alternate, twice each, so a busy moment of the machine falls on both.
//! Nothing is asserted; it prints figures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark reports on stdout and stops at the first broken step"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "../tests/app/support.rs"]
#[allow(
    dead_code,
    reason = "the app tests' support; the bench uses its desktop, note and client options"
)]
mod support;

use halodesk_core::ipc::{OutboxListRequest, WorkflowChoicesRequest};
use halodesk_core::{Durability, Halodesk, MemorySecrets, Parts};

/// Writes measured per run, after [`WARM_UP`] that are not.
const WRITES: usize = 150;
const WARM_UP: usize = 10;
const ROUNDS: usize = 2;

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime starts");
    let mut normal = Vec::new();
    let mut full = Vec::new();
    for _ in 0..ROUNDS {
        normal.extend(runtime.block_on(queue_notes(Durability::Normal)));
        full.extend(runtime.block_on(queue_notes(Durability::Full)));
    }
    println!(
        "queued writes (action_add, SQLite in {}), {} measured per setting:",
        std::env::temp_dir().display(),
        normal.len()
    );
    let normal = Summary::of(&mut normal);
    let full = Summary::of(&mut full);
    normal.print("synchronous=NORMAL");
    full.print("synchronous=FULL");
    println!(
        "  FULL / NORMAL: mean x{:.2}, p95 x{:.2}",
        full.mean.as_secs_f64() / normal.mean.as_secs_f64(),
        full.p95.as_secs_f64() / normal.p95.as_secs_f64()
    );
}

/// The time of each of [`WRITES`] notes queued on a fresh data folder.
async fn queue_notes(durability: Durability) -> Vec<Duration> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let sim = support::simulator(5).await;
    let parts = Parts {
        options: support::options(),
        durability,
        ..Parts::new(
            Arc::new(MemorySecrets::default()),
            Arc::new(support::TestDesktop::new()),
        )
    };
    let app = Arc::new(Halodesk::open(dir.path(), parts).expect("the app opens"));
    let worker = tokio::spawn(app.clone().run_outbox());
    app.connect_client_secret(support::connect_request(&sim, support::SECRET))
        .await
        .expect("signs in");
    app.workflow_choices(WorkflowChoicesRequest {})
        .await
        .expect("picklists load");
    sim.shutdown().await.expect("the simulator stops");

    let mut times = Vec::with_capacity(WRITES);
    for n in 0..WARM_UP + WRITES {
        let request = support::note(1 + (n % 5) as i32, &format!("Checked the backup, run {n}"));
        let started = Instant::now();
        app.action_add(request).await.expect("the note is queued");
        if n >= WARM_UP {
            times.push(started.elapsed());
        }
    }
    let queued = app.outbox_list(OutboxListRequest {}).await.unwrap().pending;
    assert_eq!(
        queued as usize,
        WARM_UP + WRITES,
        "every note waits in the outbox"
    );
    worker.abort();
    let _ = worker.await;
    times
}

struct Summary {
    mean: Duration,
    p95: Duration,
}

impl Summary {
    fn of(times: &mut [Duration]) -> Self {
        times.sort();
        let total: Duration = times.iter().sum();
        Self {
            mean: total / u32::try_from(times.len()).unwrap(),
            p95: times[(times.len() * 95).div_ceil(100) - 1],
        }
    }

    fn print(&self, label: &str) {
        println!(
            "  {label:<19} mean {:>7.3} ms   p95 {:>7.3} ms",
            self.mean.as_secs_f64() * 1e3,
            self.p95.as_secs_f64() * 1e3
        );
    }
}
