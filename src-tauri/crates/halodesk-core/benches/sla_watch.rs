//! `cargo bench -p halodesk-core --bench sla_watch`: what the SLA watch costs over an hour with
//! about 5,000 watched tickets, in requests to the instance and CPU time of the app.
//!
//! The simulator runs as its own process (the release `halopsa-sim`, which `npm run bench`
//! builds first), so its work is not counted as the app's. The app runs here, on a clock moved
//! with the simulator's: it signs in, watches a saved filter without conditions (every open
//! ticket), does a full sync, then lives one simulated hour as the shell's watch does: a tick
//! every minute, 60 of them. The bench counts the simulator's requests on Halo's paths during
//! the hour and the CPU time this process spends in the ticks. Nothing is asserted; it prints
//! figures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark reports on stdout and stops at the first broken step"
)]

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "../tests/app/support.rs"]
#[allow(
    dead_code,
    reason = "the app tests' support; the bench uses its test desktop"
)]
mod support;

use chrono::{DateTime, Utc};
use halodesk_core::ipc::{
    ConnectRequest, QueueFilter, QueueRefreshRequest, SaveFilterRequest, WatchScope, WatchSettings,
    WatchSettingsSaveRequest,
};
use halodesk_core::{Clock, Halodesk, MemorySecrets, NoteAction, Notifier, Parts};
use halodesk_sla::DesktopNote;
use halopsa::{ClientOptions, RateBudget};
use serde_json::{Value, json};

/// Seeded tickets; seed 1 leaves a little over 5,000 of them open.
const TICKETS: usize = 7_800;
const SEED: u64 = 1;
/// One simulated hour of the watch: a tick a minute.
const TICKS: usize = 60;
const TICK_SECS: f64 = 60.0;

fn main() {
    let sim = SimProcess::spawn();
    println!(
        "halopsa-sim (pid {}) at {}: {TICKETS} tickets seeded (seed {SEED})",
        sim.child.id(),
        sim.base_url
    );
    let runtime = tokio::runtime::Runtime::new().expect("runtime starts");
    let figures = runtime.block_on(run(&sim.base_url));
    figures.print();
    drop(sim);
}

/// The app's clock, moved to wherever the simulator's is.
#[derive(Debug)]
struct SimTime(Mutex<DateTime<Utc>>);

impl Clock for SimTime {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// Counts what the watch would show; the desktop's own work is not the watch's.
#[derive(Debug, Default)]
struct Counting(Mutex<(usize, usize)>);

impl Notifier for Counting {
    fn show(&self, note: &DesktopNote, _: Box<dyn Fn(NoteAction) + Send + Sync>) {
        let mut counts = self.0.lock().unwrap();
        counts.0 += 1;
        counts.1 += note.count;
    }
}

struct Figures {
    watched: u32,
    sync_wall: Duration,
    sync_requests: u64,
    first_tick_wall: Duration,
    first_tick_cpu: Duration,
    /// At risk and breached after the first tick.
    alerting: (u32, u32),
    /// Per tick of the hour.
    cpu: Vec<Duration>,
    wall: Vec<Duration>,
    /// The whole process over the hour, the bench's own clock moves included, from
    /// `/proc/self/stat` (threads that ended count too).
    process_cpu: Duration,
    /// Every request to Halo's paths (the API and sign-in) during the hour, by route.
    requests: BTreeMap<String, u64>,
    /// Their answers, by status.
    statuses: BTreeMap<String, u64>,
    notifications: (usize, usize),
}

async fn run(base: &str) -> Figures {
    let control = reqwest::Client::new();
    // The simulator's clock, stopped: it moves only when the bench moves it.
    let reading = post(&control, base, "clock", json!({ "freeze": true })).await;
    let clock = Arc::new(SimTime(Mutex::new(timestamp(&reading))));

    let dir = tempfile::tempdir().expect("temporary directory");
    let parts = Parts {
        clock: clock.clone(),
        options: options(),
        ..Parts::new(
            Arc::new(MemorySecrets::default()),
            Arc::new(support::TestDesktop::new()),
        )
    };
    let app = Halodesk::open(dir.path(), parts).expect("the app opens");
    app.connect_client_secret(ConnectRequest {
        instance_url: base.to_owned(),
        tenant: None,
        client_id: "demo".into(),
        client_secret: "demo".into(),
        name: None,
    })
    .await
    .expect("signs in");
    let everything = app
        .filter_save(SaveFilterRequest {
            name: "All open".into(),
            filter: QueueFilter::default(),
        })
        .await
        .expect("filter saved")
        .filters[0]
        .id;
    app.watch_settings_save(WatchSettingsSaveRequest {
        settings: WatchSettings {
            scope: WatchScope::SavedFilter { id: everything },
            ..WatchSettings::default()
        },
    })
    .await
    .expect("settings saved");

    let before_sync = stats(&control, base).await["total"].as_u64().unwrap_or(0);
    let started = Instant::now();
    app.queue_refresh(QueueRefreshRequest { full: true })
        .await
        .expect("full sync");
    let sync_wall = started.elapsed();
    let sync_requests = stats(&control, base).await["total"].as_u64().unwrap_or(0) - before_sync;

    // The watch's first look, as the app starts: every ticket already at risk or breached is
    // new to the ledger. Not part of the hour.
    let notifier = Counting::default();
    let threads = thread_cpu();
    let started = Instant::now();
    let first = app.watch_tick(&notifier).await.expect("first tick");
    let first_tick_wall = started.elapsed();
    let first_tick_cpu = cpu_since(&threads);
    *notifier.0.lock().unwrap() = (0, 0);

    let before = stats(&control, base).await;
    let process_before = process_cpu();
    let mut cpu = Vec::with_capacity(TICKS);
    let mut wall = Vec::with_capacity(TICKS);
    for _ in 0..TICKS {
        let reading = post(
            &control,
            base,
            "clock",
            json!({ "advance_secs": TICK_SECS, "freeze": true }),
        )
        .await;
        *clock.0.lock().unwrap() = timestamp(&reading);
        let threads = thread_cpu();
        let started = Instant::now();
        app.watch_tick(&notifier).await.expect("tick");
        wall.push(started.elapsed());
        cpu.push(cpu_since(&threads));
    }
    let process_cpu = process_cpu().saturating_sub(process_before);
    let after = stats(&control, base).await;
    let requests = counts_since(&before, &after, "by_route");
    let statuses = counts_since(&before, &after, "by_status");
    let notifications = *notifier.0.lock().unwrap();
    Figures {
        watched: first.watched,
        sync_wall,
        sync_requests,
        first_tick_wall,
        first_tick_cpu,
        alerting: (first.at_risk, first.breached),
        cpu,
        wall,
        process_cpu,
        requests,
        statuses,
        notifications,
    }
}

impl Figures {
    fn print(&self) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let api: u64 = self
            .requests
            .iter()
            .filter(|(route, _)| route.contains(" /api/"))
            .map(|(_, n)| n)
            .sum();
        let cpu_hour: Duration = self.cpu.iter().sum();
        println!(
            "full sync: {} open tickets cached in {:.0} ms, {} requests",
            self.watched,
            ms(self.sync_wall),
            self.sync_requests
        );
        println!(
            "first tick: {} at risk, {} breached; {:.1} ms CPU, {:.1} ms wall",
            self.alerting.0,
            self.alerting.1,
            ms(self.first_tick_cpu),
            ms(self.first_tick_wall)
        );
        println!();
        println!("SLA watch, one simulated hour ({TICKS} ticks a minute apart)");
        println!("  {:<34} {:>10}", "watched tickets", self.watched);
        println!("  {:<34} {:>10}", "requests/hour (Halo's /api/)", api);
        for (route, n) in &self.requests {
            println!("    {route:<32} {n:>10}");
        }
        let statuses: Vec<String> = self
            .statuses
            .iter()
            .map(|(status, n)| format!("{n} × {status}"))
            .collect();
        println!("    {:<32} {:>10}", "answers", statuses.join(", "));
        println!(
            "  {:<34} {:>10.1}",
            "CPU ms/hour (in the ticks)",
            ms(cpu_hour)
        );
        println!(
            "  {:<34} {:>10.1}",
            "CPU ms/hour (whole process)",
            ms(self.process_cpu)
        );
        println!(
            "  {:<34} {:>10.2}",
            "CPU ms/tick, mean",
            ms(cpu_hour) / self.cpu.len() as f64
        );
        println!(
            "  {:<34} {:>10.2}",
            "CPU ms/tick, p95",
            ms(percentile(&self.cpu, 0.95))
        );
        println!(
            "  {:<34} {:>10.2}",
            "wall ms/tick, mean",
            ms(self.wall.iter().sum::<Duration>()) / self.wall.len() as f64
        );
        println!(
            "  {:<34} {:>10.2}",
            "wall ms/tick, p95",
            ms(percentile(&self.wall, 0.95))
        );
        println!(
            "  {:<34} {:>10}",
            "notifications (tickets in them)",
            format!("{} ({})", self.notifications.0, self.notifications.1)
        );
    }
}

/// The app's client options, but with a request budget the compressed hour cannot reach: it
/// counts in real time, and the hour passes in seconds. The simulator still enforces the
/// hosted tenants' 300 requests per 5 minutes, on its own clock.
fn options() -> ClientOptions {
    ClientOptions {
        budget: RateBudget {
            requests: 100_000,
            ..RateBudget::default()
        },
        ..ClientOptions::default()
    }
}

fn percentile(values: &[Duration], share: f64) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort();
    let rank = ((sorted.len() as f64 * share).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn timestamp(reading: &Value) -> DateTime<Utc> {
    reading["now"]
        .as_str()
        .expect("the clock says the time")
        .parse()
        .expect("a timestamp")
}

async fn post(control: &reqwest::Client, base: &str, what: &str, body: Value) -> Value {
    let response = control
        .post(format!("{base}/_sim/{what}"))
        .json(&body)
        .send()
        .await
        .expect("simulator answers");
    assert!(
        response.status().is_success(),
        "{what}: {}",
        response.status()
    );
    response.json().await.expect("JSON")
}

async fn stats(control: &reqwest::Client, base: &str) -> Value {
    control
        .get(format!("{base}/_sim/stats"))
        .send()
        .await
        .expect("simulator answers")
        .json()
        .await
        .expect("JSON")
}

/// What the simulator counted on Halo's paths between two readings of `/_sim/stats`, by
/// `key` (`by_route` or `by_status`).
fn counts_since(before: &Value, after: &Value, key: &str) -> BTreeMap<String, u64> {
    let count = |stats: &Value, name: &str| stats[key][name].as_u64().unwrap_or(0);
    after[key]
        .as_object()
        .expect("counts")
        .keys()
        .map(|name| (name.clone(), count(after, name) - count(before, name)))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Time on the CPU of each of this process's threads, in nanoseconds (the first field of
/// `/proc/self/task/*/schedstat`): precise enough for a single tick.
fn thread_cpu() -> HashMap<String, u64> {
    std::fs::read_dir("/proc/self/task")
        .expect("Linux /proc")
        .filter_map(|task| {
            let task = task.ok()?;
            let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
            let ns = stat.split_whitespace().next()?.parse().ok()?;
            Some((task.file_name().to_string_lossy().into_owned(), ns))
        })
        .collect()
}

/// CPU time of this process's threads since `before`: threads started since count whole;
/// one that ended meanwhile loses what it did in between (the ticks start none).
fn cpu_since(before: &HashMap<String, u64>) -> Duration {
    let ns: u64 = thread_cpu()
        .iter()
        .map(|(tid, now)| now.saturating_sub(before.get(tid).copied().unwrap_or(0)))
        .sum();
    Duration::from_nanos(ns)
}

/// User plus system time of the whole process, threads that ended included
/// (`/proc/self/stat`, fields 14 and 15, in Linux's 100 ticks a second).
fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("Linux /proc");
    // The command name, in parentheses, may hold spaces: count fields after it.
    let fields: Vec<&str> = stat[stat.rfind(')').expect("stat format") + 1..]
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10)
}

/// `halopsa-sim` in its own process, killed and reaped when dropped, also when the bench panics.
struct SimProcess {
    child: Child,
    base_url: String,
}

impl SimProcess {
    fn spawn() -> Self {
        let binary = simulator_binary();
        let mut child = Command::new(&binary)
            .args(["--port", "0", "--seed", &SEED.to_string()])
            .args(["--tickets", &TICKETS.to_string()])
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|error| panic!("{} does not start: {error}", binary.display()));
        let mut lines = BufReader::new(child.stdout.take().expect("child stdout")).lines();
        // It logs its address once it listens: "… listening on http://127.0.0.1:PORT (…".
        let base_url = loop {
            let line = lines
                .next()
                .expect("the simulator stopped before listening")
                .expect("the simulator's log");
            if let Some(at) = line.find("http://") {
                break line[at..]
                    .split_whitespace()
                    .next()
                    .expect("an address")
                    .to_owned();
            }
        };
        // Whatever it logs later goes nowhere, and never fills the pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Self { child, base_url }
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `target/release/halopsa-sim`, beside this bench's own `target/release/deps/`.
fn simulator_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("own path");
    let release = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the bench runs from target/<profile>/deps");
    let binary = release.join("halopsa-sim");
    assert!(
        binary.is_file(),
        "{} is missing: build it first with `cargo build --release -p halopsa-sim` (npm run bench does)",
        binary.display()
    );
    binary
}
