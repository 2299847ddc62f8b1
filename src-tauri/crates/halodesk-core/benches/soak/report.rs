//! The figures, as a table per kind of work and the run's weather below it.

use std::fmt::Write as _;
use std::time::Duration;

use crate::conductor::Figures;
use crate::ledger::Fate;
use crate::plan::{Kind, Size};

/// One row of the table.
#[derive(Debug, Default, Clone, Copy)]
struct Row {
    planned: usize,
    queued: usize,
    in_doubt: usize,
    in_doubt_landed: usize,
    gave_up: usize,
    lost: usize,
    duplicated: usize,
    extra_copies: usize,
}

impl Row {
    fn add(&mut self, other: &Row) {
        self.planned += other.planned;
        self.queued += other.queued;
        self.in_doubt += other.in_doubt;
        self.in_doubt_landed += other.in_doubt_landed;
        self.gave_up += other.gave_up;
        self.lost += other.lost;
        self.duplicated += other.duplicated;
        self.extra_copies += other.extra_copies;
    }
}

pub(crate) fn print(size: &Size, figures: &Figures) {
    let mut rows = Kind::ALL.map(|kind| (kind, Row::default()));
    let mut lost = Vec::new();
    let mut duplicated = Vec::new();
    for item in &figures.plan {
        let Some((kind, fate)) = figures.ledger.fate(&item.marker) else {
            continue;
        };
        let copies = figures.landed.get(&item.marker).copied().unwrap_or(0);
        let Some((_, row)) = rows.iter_mut().find(|(k, _)| *k == kind) else {
            continue;
        };
        row.planned += 1;
        match fate {
            Fate::Queued => {
                row.queued += 1;
                if copies == 0 {
                    row.lost += 1;
                    lost.push(format!("{} ({})", item.marker, kind.name()));
                }
            }
            Fate::InDoubt => {
                row.in_doubt += 1;
                row.in_doubt_landed += usize::from(copies > 0);
            }
            Fate::GaveUp => row.gave_up += 1,
            Fate::Todo | Fate::Started | Fate::Refused => {}
        }
        if copies > 1 {
            row.duplicated += 1;
            row.extra_copies += copies - 1;
            duplicated.push(format!(
                "{} ({}, {copies} copies)",
                item.marker,
                kind.name()
            ));
        }
    }
    let mut writes = Row::default();
    for (kind, row) in &rows {
        if kind.is_write() {
            writes.add(row);
        }
    }

    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nsoak: {} writes, {} uploads, {} kills, seed {}",
        size.writes, size.uploads, size.kills, size.seed
    );
    let _ = writeln!(
        out,
        "{:<26} {:>7} {:>7} {:>9} {:>7} {:>5} {:>10}",
        "", "planned", "queued", "in doubt", "gave up", "lost", "duplicated"
    );
    for (kind, row) in &rows {
        if *kind == Kind::Upload {
            line(&mut out, "all writes", &writes, true);
        }
        line(&mut out, kind.name(), row, *kind != Kind::Hold);
    }
    let _ = writeln!(
        out,
        "  queued: the command returned it queued. In doubt: the worker was killed while its \
         command ran (landed {} of {}); never queued again, not counted as lost. On hold is a \
         ticket update that repeats harmlessly: it lands or not, a copy cannot be seen.",
        rows.iter()
            .map(|(_, row)| row.in_doubt_landed)
            .sum::<usize>(),
        rows.iter().map(|(_, row)| row.in_doubt).sum::<usize>(),
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "worker: {} SIGKILLs, {} starts on the same data folder, {} deaths without a kill",
        figures.kills, figures.worker_starts, figures.crashes
    );
    let _ = writeln!(
        out,
        "instance: {} restarts, {} token revocation(s), {} 429 storms; {} answers 429, {} answers \
         dropped after the work was done, {} requests in all",
        figures.restarts,
        figures.revocations,
        figures.storms,
        figures.answers_429,
        figures.dropped_answers,
        figures.requests
    );
    let _ = writeln!(
        out,
        "time to queue everything (kills included): {}",
        seconds(figures.queueing)
    );
    match figures.drain {
        Some(drain) => {
            let _ = writeln!(
                out,
                "time to drain after the last restart (faults off): {}",
                seconds(drain)
            );
        }
        None => {
            let _ = writeln!(out, "did not drain after the last restart; still waiting:");
        }
    }
    let left = if figures.left.is_empty() {
        "nothing"
    } else {
        &figures.left
    };
    let _ = writeln!(out, "left for the technician: {left}");
    if !figures.ledger.refusals.is_empty() {
        let _ = writeln!(out, "commands refused (then tried again):");
        for (reason, n) in &figures.ledger.refusals {
            let _ = writeln!(out, "  {n:>5}  {reason}");
        }
    }
    for (what, markers) in [("lost", &lost), ("duplicated", &duplicated)] {
        if !markers.is_empty() {
            let _ = writeln!(out, "{what}: {}", markers.join(", "));
        }
    }
    print!("{out}");
}

fn line(out: &mut String, name: &str, row: &Row, copies_seen: bool) {
    let duplicated = if copies_seen {
        row.duplicated.to_string()
    } else {
        "n/a".to_owned()
    };
    let _ = writeln!(
        out,
        "{name:<26} {:>7} {:>7} {:>9} {:>7} {:>5} {:>10}",
        row.planned, row.queued, row.in_doubt, row.gave_up, row.lost, duplicated
    );
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}
