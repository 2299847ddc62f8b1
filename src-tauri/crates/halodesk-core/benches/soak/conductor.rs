//! The conductor: the simulator and its weather, the plan, the worker started, killed and
//! started again, the final drain and the count.

use std::collections::VecDeque;
use std::path::Path;
use std::time::{Duration, Instant};

use halopsa::{
    ClientOptions, Credentials, HaloClient, InstanceUrl, RateBudget, Secret, TicketQuery,
};
use halopsa_sim::{SimConfig, Simulator};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use crate::count::{Landed, count};
use crate::ledger::Ledger;
use crate::plan::{self, Instance, Plan, Size};
use crate::process::{Report, Worker};
use crate::worker::{ORDERS_FILE, Orders, PLAN_FILE};

const CLIENT_ID: &str = "soak";
const CLIENT_SECRET: &str = "soak-secret-4d1f8a2e";
/// Enough open tickets for a ticket of its own per status change.
const TICKETS: usize = 3_000;
/// The share of requests carried out whose answer is then lost.
const DROP_AFTER_RATE: f64 = 0.3;
/// How many requests in a row a storm answers 429.
const STORM: u32 = 60;
/// How long the instance is away when it restarts.
const RESTART_DOWNTIME: Duration = Duration::from_secs(2);
/// How long the last worker is given to drain before the count goes ahead without it.
const DRAIN_LIMIT: Duration = Duration::from_secs(15 * 60);

/// What wakes the conductor.
enum Next {
    Report(Option<Report>),
    Kill,
}

/// What happens to the instance, at a share of the run's progress.
#[derive(Debug, Clone, Copy)]
enum Weather {
    Storm,
    Restart,
    Revoke,
}

const WEATHER: [(f64, Weather); 8] = [
    (0.10, Weather::Storm),
    (0.30, Weather::Storm),
    (0.35, Weather::Restart),
    (0.50, Weather::Storm),
    (0.55, Weather::Revoke),
    (0.70, Weather::Storm),
    (0.75, Weather::Restart),
    (0.90, Weather::Storm),
];

/// Everything the report prints.
#[derive(Debug)]
pub(crate) struct Figures {
    pub plan: Vec<plan::Item>,
    pub ledger: Ledger,
    pub landed: Landed,
    pub kills: usize,
    pub worker_starts: usize,
    /// Workers that died without being killed.
    pub crashes: usize,
    pub storms: usize,
    pub restarts: usize,
    pub revocations: usize,
    pub answers_429: u64,
    pub dropped_answers: u64,
    pub requests: u64,
    /// From the first start until everything was queued and the last kill done.
    pub queueing: Duration,
    /// From the last start until nothing waited; `None` if it did not within the limit.
    pub drain: Option<Duration>,
    /// What the last worker said was left, or still waited when the limit came.
    pub left: String,
}

pub(crate) async fn run(size: &Size) -> Figures {
    let mut rng = ChaCha8Rng::seed_from_u64(size.seed);
    let folder = tempfile::tempdir().expect("the run's folder");
    let files = folder.path().join("files");
    std::fs::create_dir(&files).expect("the folder of files to upload");
    let mut sim = Simulator::start_on_loopback(SimConfig {
        tickets: TICKETS,
        seed: size.seed,
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        rate_limit: None,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts");
    let halo = halo(&sim).await;
    let instance = instance(&halo).await;
    let plan = Plan {
        instance_url: sim.base_url(),
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        clients: instance.clients.clone(),
        items: plan::draw(size, &instance, &files, &mut rng),
    };
    write_json(&folder.path().join(PLAN_FILE), &plan);
    println!(
        "soak: {} writes and {} uploads, {} kills, seed {}, in {}",
        size.writes,
        size.uploads,
        size.kills,
        size.seed,
        folder.path().display()
    );

    let mut ledger = Ledger::new(&plan.items);
    let mut figures = Weathering::default();
    let total = plan.items.len();
    let mut weather: VecDeque<(usize, Weather)> = WEATHER
        .iter()
        .map(|&(share, what)| ((share * total as f64) as usize, what))
        .collect();
    // The plan is cut in as many stretches as there are kills, at points drawn at random: each
    // worker queues up to the end of its stretch and is killed at a random point of it (or
    // while it delivers, once it reached the end), so every kill lands in the middle of work.
    // The last stretch ends with everything queued; the last start has the backlog to drain.
    let mut cuts: Vec<usize> = (1..size.kills)
        .map(|_| rng.random_range(1..total.max(2)))
        .collect();
    cuts.sort_unstable();
    let mut kill_at: VecDeque<usize> = cuts
        .iter()
        .scan(0, |from, &to| {
            let at = rng.random_range(*from..=to);
            *from = to;
            Some(at)
        })
        .collect();
    let mut kills = 0;
    let faults = json!({ "drop_after_rate": DROP_AFTER_RATE });
    control(&sim, "faults", &faults).await;

    let started = Instant::now();
    let mut worker = start(
        folder.path(),
        &ledger,
        upto(&cuts, kills, total),
        &mut figures,
    );
    let mut armed: Option<tokio::time::Instant> = None;
    // The worker still running when all is queued, if the last kill is not to come.
    let survivor = loop {
        if armed.is_none() && kill_at.front().is_some_and(|&at| ledger.handled() >= at) {
            kill_at.pop_front();
            armed = Some(soon(&mut rng, 1_500));
        }
        let deadline = armed.unwrap_or_else(|| tokio::time::Instant::now() + DRAIN_LIMIT);
        let next = tokio::select! {
            report = worker.next() => Next::Report(report),
            () = tokio::time::sleep_until(deadline), if armed.is_some() => Next::Kill,
        };
        match next {
            Next::Report(Some(report)) => {
                ledger.apply(&report);
                while weather
                    .front()
                    .is_some_and(|&(at, _)| ledger.handled() >= at)
                {
                    if let Some((_, what)) = weather.pop_front() {
                        figures.bring(&mut sim, what, &faults).await;
                    }
                }
                if report == Report::AllQueued && armed.is_none() {
                    if kills == size.kills {
                        break Some(worker);
                    }
                    armed = Some(soon(&mut rng, 2_000));
                }
            }
            Next::Report(None) => {
                // Died by itself: counted, and started again as after a kill.
                figures.crashes += 1;
                ledger.killed();
                worker = start(
                    folder.path(),
                    &ledger,
                    upto(&cuts, kills, total),
                    &mut figures,
                );
            }
            Next::Kill => {
                armed = None;
                for report in worker.kill().await {
                    ledger.apply(&report);
                }
                ledger.killed();
                kills += 1;
                if kills == size.kills && ledger.handled() >= total {
                    break None;
                }
                worker = start(
                    folder.path(),
                    &ledger,
                    upto(&cuts, kills, total),
                    &mut figures,
                );
            }
        }
    };
    let queueing = started.elapsed();

    // HaloPSA healthy again, and the whole backlog to send: by a last start after the last
    // kill, or by the worker still running when no kill was asked for.
    control(&sim, "faults", &json!({})).await;
    let drain_from = Instant::now();
    let mut worker = survivor.unwrap_or_else(|| start(folder.path(), &ledger, total, &mut figures));
    let (drain, left) = drain(&mut worker).await;
    let drain = drain.map(|at| at.duration_since(drain_from));
    let stats = sim.stats().await.expect("the simulator's counters");
    let landed = count(&halo, &plan.items, &instance).await;
    worker.stop();
    sim.shutdown().await.expect("the simulator stops");
    Figures {
        plan: plan.items,
        ledger,
        landed,
        kills,
        worker_starts: figures.starts,
        crashes: figures.crashes,
        storms: figures.storms,
        restarts: figures.restarts,
        revocations: figures.revocations,
        answers_429: stats["by_status"]["429"].as_u64().unwrap_or(0),
        dropped_answers: stats["dropped_answers"].as_u64().unwrap_or(0),
        requests: stats["total"].as_u64().unwrap_or(0),
        queueing,
        drain,
        left,
    }
}

/// What the instance went through, and how often the worker was started.
#[derive(Debug, Default)]
struct Weathering {
    starts: usize,
    crashes: usize,
    storms: usize,
    restarts: usize,
    revocations: usize,
}

impl Weathering {
    async fn bring(&mut self, sim: &mut Simulator, what: Weather, faults: &Value) {
        match what {
            Weather::Storm => {
                let mut storm = faults.clone();
                storm["force_429"] = json!(STORM);
                control(sim, "faults", &storm).await;
                self.storms += 1;
            }
            Weather::Restart => {
                sim.restart(RESTART_DOWNTIME)
                    .await
                    .expect("the simulator restarts");
                self.restarts += 1;
            }
            Weather::Revoke => {
                control(sim, "revoke-tokens", &json!({})).await;
                self.revocations += 1;
            }
        }
    }
}

/// Where the stretch of the worker started after `kills` kills ends.
fn upto(cuts: &[usize], kills: usize, total: usize) -> usize {
    cuts.get(kills).copied().unwrap_or(total)
}

/// Starts a worker that queues the plan up to `upto`, skipping what the ledger says is
/// queued, given up or in doubt.
fn start(folder: &Path, ledger: &Ledger, upto: usize, weathering: &mut Weathering) -> Worker {
    let orders = Orders {
        upto,
        skip: ledger.skip().into_iter().map(str::to_owned).collect(),
    };
    write_json(&folder.join(ORDERS_FILE), &orders);
    weathering.starts += 1;
    Worker::start(folder)
}

/// A moment up to `millis` from now.
fn soon(rng: &mut ChaCha8Rng, millis: u64) -> tokio::time::Instant {
    tokio::time::Instant::now() + Duration::from_millis(rng.random_range(0..=millis))
}

/// Waits for the last worker to have nothing left to send. Answers when it drained, and what
/// was left (or still waited at the limit).
async fn drain(worker: &mut Worker) -> (Option<Instant>, String) {
    let limit = tokio::time::sleep(DRAIN_LIMIT);
    tokio::pin!(limit);
    let mut left = String::new();
    loop {
        tokio::select! {
            report = worker.next() => match report {
                Some(Report::Drained(states)) => return (Some(Instant::now()), states),
                Some(Report::Waiting(states)) => left = states,
                Some(_) => {}
                None => return (None, format!("the worker died while draining; {left}")),
            },
            () = &mut limit => return (None, left),
        }
    }
}

async fn control(sim: &Simulator, name: &str, body: &Value) {
    sim.control(name, body.clone())
        .await
        .unwrap_or_else(|e| panic!("the simulator's {name} control: {e}"));
}

fn write_json(path: &Path, value: &impl serde::Serialize) {
    let bytes = serde_json::to_vec(value).expect("JSON");
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// The conductor's own client of the instance: it reads what the plan needs and, at the end,
/// counts what arrived.
async fn halo(sim: &Simulator) -> HaloClient {
    HaloClient::connect(
        InstanceUrl::parse(&sim.base_url()).expect("the simulator's address"),
        Credentials::ClientSecret {
            client_id: CLIENT_ID.into(),
            client_secret: Secret::new(CLIENT_SECRET),
        },
        ClientOptions {
            budget: RateBudget {
                requests: 100_000,
                window: Duration::from_secs(300),
                share: 1.0,
            },
            ..ClientOptions::default()
        },
    )
    .await
    .expect("the conductor signs in")
}

/// The open tickets whose status neither waits nor is closed, the clients, and the statuses
/// the status changes move to.
async fn instance(halo: &HaloClient) -> Instance {
    let statuses = halo.statuses().await.expect("the statuses");
    let hold = statuses
        .iter()
        .find(|s| !s.is_closed() && s.pauses_sla)
        .expect("a waiting status");
    let resolved = statuses
        .iter()
        .find(|s| s.is_closed())
        .expect("a closed status");
    let tickets = halo
        .all_tickets(&TicketQuery::new().open_only(), 4)
        .await
        .expect("the open tickets");
    let movable = |status: Option<i32>| {
        statuses
            .iter()
            .find(|s| Some(s.id) == status)
            .is_some_and(|s| !s.is_closed() && !s.pauses_sla)
    };
    let mut clients: Vec<i32> = tickets.iter().filter_map(|t| t.client_id).collect();
    clients.sort_unstable();
    clients.dedup();
    Instance {
        open_tickets: tickets
            .iter()
            .filter(|t| movable(t.status_id))
            .map(|t| t.id)
            .collect(),
        clients,
        hold_status: hold.id,
        resolved_status: resolved.id,
    }
}
