//! `cargo bench -p halopsa --bench sync_and_upload`: what the client costs against the HaloPSA
//! simulator over real loopback HTTP.
//!
//! 1. A full sync of more than 5,000 open tickets with the app's real client options: wall time,
//!    the requests the simulator counted, and the peak memory growth of this process.
//! 2. A 200 MiB upload in each mode (multipart and JSON with base64), as throughput, as a ratio
//!    to `curl` sending the same file to the same simulator (goal ≥ 0.9), and as the peak memory
//!    growth of this process (goal < 32 MiB: the file must stream, not sit in memory).
//!
//! The simulator keeps every upload in memory, so it runs in a child process (this binary again,
//! with `HALOPSA_BENCH_ROLE=simulator`): the memory figures are the client's alone. Nothing is
//! asserted about timings; the bench prints figures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on stdout and stops at the first broken request"
)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use halopsa::{
    ClientOptions, Credentials, HaloClient, InstanceUrl, Secret, TicketQuery, UploadMode,
    UploadRequest,
};
use halopsa_sim::{RateLimit, SimConfig, Simulator};
use rand::{RngCore, SeedableRng};
use tokio::runtime::Runtime;

/// Set to `simulator` in the child process that serves the simulator.
const ROLE: &str = "HALOPSA_BENCH_ROLE";
/// Seed 1 leaves 5,137 of 8,000 seeded tickets open.
const TICKETS: usize = 8_000;
const MIN_OPEN: usize = 5_000;
const SYNC_CONCURRENCY: usize = 4;
const UPLOAD_BYTES: u64 = 200 * 1024 * 1024;
/// Both the client's and curl's uploads carry this name, so leftovers are easy to find.
const FILENAME: &str = "big.bin";
/// The simulator's 300 requests per 5 minutes hold three syncs of 54 requests (sign-in included).
const SYNC_RUNS: usize = 3;
/// Uploads are cheap to repeat, and single runs swing widely: the simulator buffering 200 MiB
/// shares the two cores with the client.
const UPLOAD_RUNS: usize = 5;
const RATIO_GOAL: f64 = 0.9;
const RSS_GOAL_MIB: f64 = 32.0;
const MIB: f64 = 1024.0 * 1024.0;

fn main() {
    if std::env::var(ROLE).as_deref() == Ok("simulator") {
        serve_simulator();
    } else {
        run_benchmark();
    }
}

/// The child's side: serve a simulator, announce its base URL on stdout, and stop when the
/// parent closes our stdin (or kills us).
fn serve_simulator() {
    let runtime = Runtime::new().expect("runtime starts");
    runtime.block_on(async {
        let config = SimConfig {
            tickets: TICKETS,
            // The hosted tenants' 300 requests per 5 minutes, as the app meets it in the field.
            rate_limit: Some(RateLimit::default()),
            max_upload_bytes: 256 * 1024 * 1024,
            ..SimConfig::default()
        };
        let sim = Simulator::start_on_loopback(config)
            .await
            .expect("simulator starts");
        let mut stdout = std::io::stdout();
        writeln!(stdout, "{}", sim.base_url()).expect("announce the base URL");
        stdout.flush().expect("announce the base URL");
        let _ = tokio::task::spawn_blocking(|| {
            std::io::copy(&mut std::io::stdin(), &mut std::io::sink())
        })
        .await;
        sim.shutdown().await.expect("simulator stops");
    });
}

/// The simulator's process, killed and reaped when dropped, also when the bench panics.
struct SimProcess {
    child: Child,
    /// Kept open so the child never writes to a closed pipe.
    _stdout: BufReader<ChildStdout>,
    base_url: String,
}

impl SimProcess {
    fn spawn() -> Self {
        let mut child = Command::new(std::env::current_exe().expect("own path"))
            .env(ROLE, "simulator")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("simulator process starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("child stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("simulator announces");
        let base_url = line.trim().to_owned();
        assert!(
            base_url.starts_with("http://"),
            "simulator said {line:?} instead of its URL"
        );
        Self {
            child,
            _stdout: stdout,
            base_url,
        }
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run_benchmark() {
    let seeded = Instant::now();
    let sim = SimProcess::spawn();
    let base = sim.base_url.clone();
    println!(
        "simulator (pid {}) at {base}: {TICKETS} tickets seeded, ready in {:.2} s",
        sim.child.id(),
        seeded.elapsed().as_secs_f64()
    );
    let runtime = Runtime::new().expect("runtime starts");
    let control = reqwest::Client::new();

    let sync = runtime.block_on(bench_sync(&control, &base));

    // The limit has done its part; the uploads' figures should not depend on what the sync
    // and earlier runs spent of it.
    runtime.block_on(post_json(
        &control,
        &format!("{base}/_sim/rate-limit"),
        serde_json::json!({ "enabled": false }),
    ));
    let dir = tempfile::tempdir().expect("temporary directory");
    let files = write_upload_files(dir.path(), sync.ticket_id);
    let curl = Curl::find(&runtime, &control, &base);
    let client = runtime.block_on(connect(&base));
    let uploads = [UploadMode::Multipart, UploadMode::Json].map(|mode| {
        bench_upload(
            &runtime,
            &client,
            curl.as_ref(),
            &files,
            sync.ticket_id,
            mode,
        )
    });

    print_summary(&sync, &uploads, curl.is_some());
    drop(sim);
}

async fn connect(base: &str) -> HaloClient {
    HaloClient::connect(
        InstanceUrl::parse(base).expect("loopback URL"),
        Credentials::ClientSecret {
            client_id: "demo".into(),
            client_secret: Secret::new("demo"),
        },
        ClientOptions::default(),
    )
    .await
    .expect("client signs in")
}

// ---------------------------------------------------------------------------------------------
// Sync

struct SyncFigures {
    open: usize,
    /// An open ticket to attach the uploads to.
    ticket_id: i32,
    times: Vec<Duration>,
    requests: u64,
    by_route: BTreeMap<String, u64>,
    /// Worst of the runs.
    peak_rss: Option<u64>,
}

async fn bench_sync(control: &reqwest::Client, base: &str) -> SyncFigures {
    let options = ClientOptions::default();
    println!(
        "\nsync: all open tickets, {SYNC_CONCURRENCY} pages in flight, ClientOptions::default(): \
         {} requests / {} s at share {} ({} for the app), retry {} attempts",
        options.budget.requests,
        options.budget.window.as_secs(),
        options.budget.share,
        (f64::from(options.budget.requests) * options.budget.share).floor(),
        options.retry.attempts,
    );
    let mut figures = SyncFigures {
        open: 0,
        ticket_id: 0,
        times: Vec::new(),
        requests: 0,
        by_route: BTreeMap::new(),
        peak_rss: None,
    };
    for run in 1..=SYNC_RUNS {
        // A fresh client each run: one client's background share (120 requests per 5 minutes)
        // holds two syncs, and a third would wait out the window rather than sync.
        let client = connect(base).await;
        let before = stats(control, base).await;
        let rss = PeakRss::start();
        let started = Instant::now();
        let tickets = client
            .background()
            .all_tickets(&TicketQuery::new().open_only(), SYNC_CONCURRENCY)
            .await
            .expect("sync");
        let elapsed = started.elapsed();
        let growth = rss.growth();
        if let Some(first) = tickets.first() {
            figures.ticket_id = first.id;
        }
        figures.open = tickets.len();
        drop(tickets);
        let after = stats(control, base).await;
        figures.requests = after.total - before.total;
        figures.by_route = after.since(&before);
        figures.times.push(elapsed);
        figures.peak_rss = figures.peak_rss.max(growth);
        println!(
            "  run {run}: {} tickets in {:.3} s, {} requests, peak RSS growth {}",
            figures.open,
            elapsed.as_secs_f64(),
            figures.requests,
            mib(growth),
        );
    }
    if figures.open < MIN_OPEN {
        println!(
            "  WARNING: only {} open tickets; raise TICKETS",
            figures.open
        );
    }
    println!("  requests by route: {:?}", figures.by_route);
    figures
}

/// The simulator's request counters (`GET /_sim/stats`), which its own `/_sim/` paths skip.
struct Stats {
    total: u64,
    by_route: BTreeMap<String, u64>,
}

impl Stats {
    /// The requests per route counted since `earlier`.
    fn since(&self, earlier: &Stats) -> BTreeMap<String, u64> {
        self.by_route
            .iter()
            .map(|(route, n)| (route, n - earlier.by_route.get(route).copied().unwrap_or(0)))
            .filter(|(_, n)| *n > 0)
            .map(|(route, n)| (route.clone(), n))
            .collect()
    }
}

async fn stats(control: &reqwest::Client, base: &str) -> Stats {
    let body: serde_json::Value = control
        .get(format!("{base}/_sim/stats"))
        .send()
        .await
        .expect("stats request")
        .json()
        .await
        .expect("stats body");
    Stats {
        total: body["total"].as_u64().expect("total"),
        by_route: body["by_route"]
            .as_object()
            .expect("by_route")
            .iter()
            .map(|(route, n)| (route.clone(), n.as_u64().expect("count")))
            .collect(),
    }
}

async fn post_json(control: &reqwest::Client, url: &str, body: serde_json::Value) {
    let response = control
        .post(url)
        .json(&body)
        .send()
        .await
        .expect("control request");
    assert!(
        response.status().is_success(),
        "{url}: {}",
        response.status()
    );
}

// ---------------------------------------------------------------------------------------------
// Uploads

struct UploadFiles {
    /// The file itself, named like the upload.
    raw: PathBuf,
    /// The JSON body of the same file for curl, built once: `[{..,"data_base64":"..."}]`.
    json: PathBuf,
}

/// Writes [`UPLOAD_BYTES`] of random (incompressible) data, and its JSON body for curl, a chunk
/// at a time so neither sits in memory.
fn write_upload_files(dir: &Path, ticket_id: i32) -> UploadFiles {
    // A multiple of 3, so every chunk but the last encodes without padding and they join.
    const CHUNK: usize = 3 * 256 * 1024;
    let started = Instant::now();
    let files = UploadFiles {
        raw: dir.join(FILENAME),
        json: dir.join("body.json"),
    };
    let mut raw = std::io::BufWriter::new(std::fs::File::create(&files.raw).expect("file"));
    let mut json = std::io::BufWriter::new(std::fs::File::create(&files.json).expect("file"));
    write!(
        json,
        r#"[{{"ticket_id":{ticket_id},"filename":"{FILENAME}","isimage":false,"data_base64":""#
    )
    .expect("write");
    let mut rng = rand::rngs::SmallRng::seed_from_u64(7);
    let mut chunk = vec![0u8; CHUNK];
    let mut left = UPLOAD_BYTES as usize;
    while left > 0 {
        let chunk = &mut chunk[..left.min(CHUNK)];
        rng.fill_bytes(chunk);
        raw.write_all(chunk).expect("write");
        json.write_all(STANDARD.encode(&*chunk).as_bytes())
            .expect("write");
        left -= chunk.len();
    }
    json.write_all(br#""}]"#).expect("write");
    raw.flush().expect("write");
    json.flush().expect("write");
    println!(
        "\nwrote {FILENAME} ({:.0} MiB) and its JSON body ({:.0} MiB) in {:.2} s",
        UPLOAD_BYTES as f64 / MIB,
        std::fs::metadata(&files.json).expect("body").len() as f64 / MIB,
        started.elapsed().as_secs_f64()
    );
    files
}

/// `curl` uploading the same files, for a baseline of what the loopback and the simulator allow.
struct Curl {
    base: String,
    token: String,
}

impl Curl {
    /// `None` when curl is not on PATH.
    fn find(runtime: &Runtime, control: &reqwest::Client, base: &str) -> Option<Self> {
        let found = Command::new("curl")
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            println!("curl is not on PATH: the ratios to curl cannot be measured");
            return None;
        }
        let token = runtime.block_on(token(control, base));
        Some(Self {
            base: base.to_owned(),
            token,
        })
    }

    /// One upload, timed from launch to exit (process start-up is a few milliseconds).
    fn upload(&self, mode: UploadMode, files: &UploadFiles, ticket_id: i32) -> Duration {
        let mut command = Command::new("curl");
        command.args(["-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H"]);
        command.arg(format!("Authorization: Bearer {}", self.token));
        match mode {
            UploadMode::Multipart => command
                .arg("-F")
                .arg(format!("file=@{};filename={FILENAME}", files.raw.display()))
                .arg(format!(
                    "{}/api/Attachment/image?ticket_id={ticket_id}",
                    self.base
                )),
            // `-T` streams the body from disk; `--data-binary @file` would read it all into
            // memory first, a slower baseline than the client deserves.
            UploadMode::Json => command
                .args(["-X", "POST", "-H", "Content-Type: application/json", "-T"])
                .arg(&files.json)
                .arg(format!("{}/api/Attachment", self.base)),
        };
        let started = Instant::now();
        let output = command.output().expect("curl runs");
        let elapsed = started.elapsed();
        let status = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && status.starts_with('2'),
            "curl {mode:?}: HTTP {status}, {}",
            String::from_utf8_lossy(&output.stderr)
        );
        elapsed
    }
}

async fn token(control: &reqwest::Client, base: &str) -> String {
    let body: serde_json::Value = control
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

struct UploadFigures {
    mode: UploadMode,
    client: Vec<Duration>,
    curl: Vec<Duration>,
    /// CPU seconds per upload; the server's work is not in them, so they are steadier than
    /// the wall times.
    client_cpu: Vec<f64>,
    curl_cpu: Vec<f64>,
    /// Worst of the client's runs.
    peak_rss: Option<u64>,
}

/// Alternates the client and curl, so drift on the machine touches both alike.
fn bench_upload(
    runtime: &Runtime,
    client: &HaloClient,
    curl: Option<&Curl>,
    files: &UploadFiles,
    ticket_id: i32,
    mode: UploadMode,
) -> UploadFigures {
    println!("\n{mode:?} upload of {FILENAME} to ticket {ticket_id}:");
    let mut figures = UploadFigures {
        mode,
        client: Vec::new(),
        curl: Vec::new(),
        client_cpu: Vec::new(),
        curl_cpu: Vec::new(),
        peak_rss: None,
    };
    for run in 1..=UPLOAD_RUNS {
        let request = UploadRequest::new(&files.raw, ticket_id, mode);
        let rss = PeakRss::start();
        let cpu = cpu_seconds(Whose::Own);
        let started = Instant::now();
        let attachment = runtime
            .block_on(client.upload(&request, |_| {}))
            .expect("client upload");
        let elapsed = started.elapsed();
        let cpu = cpu_seconds(Whose::Own)
            .zip(cpu)
            .map(|(after, before)| after - before);
        let growth = rss.growth();
        assert_eq!(
            attachment.size_bytes, UPLOAD_BYTES,
            "the whole file arrived"
        );
        figures.client.push(elapsed);
        figures.client_cpu.extend(cpu);
        figures.peak_rss = figures.peak_rss.max(growth);
        // The simulator holds every upload in memory: keep only one at a time.
        runtime
            .block_on(client.delete_attachment(attachment.id))
            .expect("delete");
        print!(
            "  run {run}: client {:>7.1} MiB/s, CPU {}, peak RSS growth {}",
            throughput(elapsed),
            seconds(cpu),
            mib(growth)
        );
        if let Some(curl) = curl {
            let cpu = cpu_seconds(Whose::Children);
            let elapsed = curl.upload(mode, files, ticket_id);
            let cpu = cpu_seconds(Whose::Children)
                .zip(cpu)
                .map(|(after, before)| after - before);
            figures.curl.push(elapsed);
            figures.curl_cpu.extend(cpu);
            runtime.block_on(delete_leftovers(client, ticket_id));
            print!(
                "; curl {:>7.1} MiB/s, CPU {}",
                throughput(elapsed),
                seconds(cpu)
            );
        }
        println!();
    }
    figures
}

/// Deletes curl's upload, which answers nothing the bench keeps.
async fn delete_leftovers(client: &HaloClient, ticket_id: i32) {
    let attachments = client.attachments(ticket_id, None).await.expect("list");
    for attachment in attachments.iter().filter(|a| a.filename == FILENAME) {
        client
            .delete_attachment(attachment.id)
            .await
            .expect("delete");
    }
}

/// The file's MiB per second (for JSON, the file's bytes, not the larger base64 on the wire).
fn throughput(elapsed: Duration) -> f64 {
    UPLOAD_BYTES as f64 / MIB / elapsed.as_secs_f64()
}

// ---------------------------------------------------------------------------------------------
// Memory

/// The peak resident memory of this process over a phase, on Linux: the kernel's high-water
/// mark (`VmHWM`), reset at the start by writing 5 to `/proc/self/clear_refs`, less the
/// resident size then (`VmRSS`). Other systems have no such counter: `None`, shown as "n/a".
struct PeakRss {
    start_kib: Option<u64>,
}

impl PeakRss {
    fn start() -> Self {
        let reset =
            cfg!(target_os = "linux") && std::fs::write("/proc/self/clear_refs", "5").is_ok();
        Self {
            start_kib: reset.then(|| status_kib("VmRSS")).flatten(),
        }
    }

    /// Bytes the peak rose above the start.
    fn growth(&self) -> Option<u64> {
        Some(status_kib("VmHWM")?.saturating_sub(self.start_kib?) * 1024)
    }
}

/// A `Field:   1234 kB` line of `/proc/self/status`.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| {
        let value = line.strip_prefix(field)?.strip_prefix(':')?.trim();
        value.strip_suffix("kB")?.trim().parse().ok()
    })
}

/// Whose CPU time [`cpu_seconds`] reads.
#[derive(Clone, Copy)]
enum Whose {
    /// This process, all its threads.
    Own,
    /// Its children already waited for: each finished curl (the simulator is reaped last).
    Children,
}

/// CPU time used so far, user and system, from `/proc/self/stat`; `None` off Linux.
fn cpu_seconds(whose: Whose) -> Option<f64> {
    // USER_HZ, the unit of these fields, is 100 on every Linux architecture.
    const TICKS_PER_SECOND: f64 = 100.0;
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which may hold spaces: state (field 3) comes first, so
    // utime, stime, cutime and cstime (fields 14 to 17) are at 11 to 14.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let at = match whose {
        Whose::Own => 11,
        Whose::Children => 13,
    };
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    Some((ticks(at)? + ticks(at + 1)?) as f64 / TICKS_PER_SECOND)
}

fn seconds(cpu: Option<f64>) -> String {
    cpu.map_or_else(|| "n/a".to_owned(), |s| format!("{s:.2} s"))
}

fn mib(bytes: Option<u64>) -> String {
    bytes.map_or_else(
        || "n/a".to_owned(),
        |b| format!("{:.1} MiB", b as f64 / MIB),
    )
}

// ---------------------------------------------------------------------------------------------
// Summary

fn print_summary(sync: &SyncFigures, uploads: &[UploadFigures], curl_found: bool) {
    println!(
        "\nsummary (sync: median of {SYNC_RUNS} runs; uploads: best of {UPLOAD_RUNS} for speed and \
         CPU, worst of {UPLOAD_RUNS} for memory)"
    );
    let row = |what: &str, result: String, goal: &str, met: &str| {
        println!("  {what:<40} {result:>16}  {goal:>10}  {met}");
    };
    row("measurement", "result".into(), "goal", "met");
    row(
        &format!("sync of {} open tickets: wall time", sync.open),
        format!("{:.3} s", median(&sync.times).as_secs_f64()),
        "-",
        "",
    );
    row("sync: HTTP requests", sync.requests.to_string(), "-", "");
    row("sync: peak RSS growth", mib(sync.peak_rss), "-", "");
    for upload in uploads {
        let mode = format!("{:?} upload", upload.mode);
        let client = best(&upload.client);
        row(
            &format!("{mode}: client"),
            format!("{:.1} MiB/s", throughput(client)),
            "-",
            "",
        );
        if curl_found {
            let curl = best(&upload.curl);
            let ratio = curl.as_secs_f64() / client.as_secs_f64();
            row(
                &format!("{mode}: curl"),
                format!("{:.1} MiB/s", throughput(curl)),
                "-",
                "",
            );
            row(
                &format!("{mode}: CPU, client | curl"),
                format!(
                    "{} | {}",
                    seconds(least(&upload.client_cpu)),
                    seconds(least(&upload.curl_cpu))
                ),
                "-",
                "",
            );
            row(
                &format!("{mode}: client / curl"),
                format!("{ratio:.2}x"),
                &format!(">= {RATIO_GOAL:.2}x"),
                yes_no(ratio >= RATIO_GOAL),
            );
        } else {
            row(
                &format!("{mode}: client / curl"),
                "not measured".into(),
                &format!(">= {RATIO_GOAL:.2}x"),
                "n/a (no curl)",
            );
        }
        let growth = upload.peak_rss.map(|b| b as f64 / MIB);
        row(
            &format!("{mode}: peak RSS growth"),
            mib(upload.peak_rss),
            &format!("< {RSS_GOAL_MIB:.0} MiB"),
            growth.map_or("n/a", |g| yes_no(g < RSS_GOAL_MIB)),
        );
    }
}

fn yes_no(met: bool) -> &'static str {
    if met { "yes" } else { "NO" }
}

fn best(times: &[Duration]) -> Duration {
    times.iter().copied().min().unwrap_or_default()
}

fn least(values: &[f64]) -> Option<f64> {
    values.iter().copied().reduce(f64::min)
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}
