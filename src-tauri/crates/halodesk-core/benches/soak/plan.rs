//! What the run does: how big it is, and the work the worker queues, each piece carrying a
//! marker of its own so the simulator's records can be counted.

use std::path::{Path, PathBuf};

use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// The size of a run, from the environment; the run by default.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Size {
    /// Notes, time entries, status changes and new tickets queued in all.
    pub writes: usize,
    pub uploads: usize,
    /// How many times the worker is SIGKILLed.
    pub kills: usize,
    /// Seeds every draw: the plan, the moments of the kills and the simulator's faults.
    pub seed: u64,
}

impl Size {
    pub(crate) fn from_env() -> Self {
        Self {
            writes: number("HALODESK_SOAK_WRITES", 1_000),
            uploads: number("HALODESK_SOAK_UPLOADS", 50),
            kills: number("HALODESK_SOAK_KILLS", 20),
            seed: number("HALODESK_SOAK_SEED", 16),
        }
    }
}

fn number<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {text:?}")),
        Err(_) => default,
    }
}

/// Everything the worker needs, written by the conductor as `plan.json` in the run's folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Plan {
    pub instance_url: String,
    pub client_id: String,
    pub client_secret: String,
    /// The clients new tickets are logged for: the worker loads their details first, as
    /// choosing the client in the form does.
    pub clients: Vec<i32>,
    /// In the order the worker queues them.
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Item {
    /// `soak-00042`: in the note, the resolution, the summary or the file's name.
    pub marker: String,
    pub work: Work,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub(crate) enum Work {
    Note {
        ticket_id: i32,
    },
    TimeEntry {
        ticket_id: i32,
        minutes: u32,
    },
    /// A status change that closes the ticket, recorded with a resolution action.
    Resolve {
        ticket_id: i32,
        status_id: i32,
    },
    /// A status change to a waiting status: a ticket update and nothing else, so only the
    /// ticket's final status shows it arrived.
    Hold {
        ticket_id: i32,
        status_id: i32,
    },
    NewTicket {
        client_id: i32,
    },
    Upload {
        ticket_id: i32,
        path: PathBuf,
    },
}

/// The kinds the report counts apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    Note,
    TimeEntry,
    Resolve,
    Hold,
    NewTicket,
    Upload,
}

impl Kind {
    pub(crate) const ALL: [Self; 6] = [
        Self::Note,
        Self::TimeEntry,
        Self::Resolve,
        Self::Hold,
        Self::NewTicket,
        Self::Upload,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Note => "notes",
            Self::TimeEntry => "time entries",
            Self::Resolve => "status changes: resolve",
            Self::Hold => "status changes: on hold",
            Self::NewTicket => "new tickets",
            Self::Upload => "uploads",
        }
    }

    pub(crate) fn is_write(self) -> bool {
        self != Self::Upload
    }
}

impl Work {
    pub(crate) fn kind(&self) -> Kind {
        match self {
            Self::Note { .. } => Kind::Note,
            Self::TimeEntry { .. } => Kind::TimeEntry,
            Self::Resolve { .. } => Kind::Resolve,
            Self::Hold { .. } => Kind::Hold,
            Self::NewTicket { .. } => Kind::NewTicket,
            Self::Upload { .. } => Kind::Upload,
        }
    }
}

/// The open tickets and statuses of the instance, read before the run.
#[derive(Debug)]
pub(crate) struct Instance {
    /// Open tickets not yet waiting: a status change to a waiting or closed status applies.
    pub open_tickets: Vec<i32>,
    pub clients: Vec<i32>,
    pub hold_status: i32,
    pub resolved_status: i32,
}

/// How many tickets notes, time entries and uploads are spread over.
const WORKED_TICKETS: usize = 60;
/// How many clients new tickets are logged for.
const CLIENTS: usize = 5;

/// Draws the plan: of the writes, 40% notes, 25% time entries, 20% status changes (each on a
/// ticket of its own, half resolving it, half putting it on hold) and 15% new tickets, in a
/// shuffled order; the uploads spread evenly among them. The files to upload are written in
/// `files`, between 1 KiB and 256 KiB each.
pub(crate) fn draw(
    size: &Size,
    instance: &Instance,
    files: &Path,
    rng: &mut ChaCha8Rng,
) -> Vec<Item> {
    let mut tickets = instance.open_tickets.clone();
    tickets.shuffle(rng);
    let changes = size.writes / 5;
    assert!(
        tickets.len() >= changes + WORKED_TICKETS,
        "the instance has {} open tickets; this run needs {}",
        tickets.len(),
        changes + WORKED_TICKETS
    );
    let (changed, rest) = tickets.split_at(changes);
    let worked = &rest[..WORKED_TICKETS];
    let notes = size.writes * 2 / 5;
    let time_entries = size.writes / 4;
    let new_tickets = size.writes - notes - time_entries - changes;
    let mut works: Vec<Work> = Vec::with_capacity(size.writes);
    let pick = |rng: &mut ChaCha8Rng| worked[rng.random_range(0..worked.len())];
    for _ in 0..notes {
        works.push(Work::Note {
            ticket_id: pick(rng),
        });
    }
    for _ in 0..time_entries {
        works.push(Work::TimeEntry {
            ticket_id: pick(rng),
            minutes: rng.random_range(5..=90),
        });
    }
    for (n, &ticket_id) in changed.iter().enumerate() {
        works.push(if n % 2 == 0 {
            Work::Resolve {
                ticket_id,
                status_id: instance.resolved_status,
            }
        } else {
            Work::Hold {
                ticket_id,
                status_id: instance.hold_status,
            }
        });
    }
    let clients = &instance.clients[..CLIENTS.min(instance.clients.len())];
    for _ in 0..new_tickets {
        works.push(Work::NewTicket {
            client_id: clients[rng.random_range(0..clients.len())],
        });
    }
    works.shuffle(rng);
    let every = (size.writes / size.uploads.max(1)).max(1);
    let mut items = Vec::with_capacity(size.writes + size.uploads);
    let mut uploads = 0;
    for (n, work) in works.into_iter().enumerate() {
        if n % every == 0 && uploads < size.uploads {
            items.push(upload(items.len(), pick(rng), files, rng));
            uploads += 1;
        }
        items.push(Item {
            marker: marker(items.len()),
            work,
        });
    }
    while uploads < size.uploads {
        items.push(upload(items.len(), pick(rng), files, rng));
        uploads += 1;
    }
    items
}

fn marker(index: usize) -> String {
    format!("soak-{:05}", index + 1)
}

fn upload(index: usize, ticket_id: i32, files: &Path, rng: &mut ChaCha8Rng) -> Item {
    let marker = marker(index);
    let path = files.join(format!("{marker}.bin"));
    let mut bytes = vec![0u8; rng.random_range(1024..=256 * 1024)];
    rng.fill(&mut bytes[..]);
    std::fs::write(&path, bytes).expect("the file to upload is written");
    Item {
        marker,
        work: Work::Upload { ticket_id, path },
    }
}
