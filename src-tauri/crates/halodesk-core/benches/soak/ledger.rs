//! What the conductor knows of each marker from the workers' reports: queued, refused, given
//! up, or caught by a kill while its command was under way.

use std::collections::{BTreeMap, HashMap};

use crate::plan::{Item, Kind};
use crate::process::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fate {
    /// Not yet asked for.
    Todo,
    /// Its command is under way.
    Started,
    /// Its command returned: the core holds it. Only these can be lost.
    Queued,
    /// The last try was refused; it is tried again.
    Refused,
    GaveUp,
    /// The worker was killed while its command was under way: the click happened, the
    /// command may or may not have stored it. Never queued again, so it may land once or not
    /// at all, and landing twice is a duplicate.
    InDoubt,
}

#[derive(Debug)]
pub(crate) struct Ledger {
    fates: HashMap<String, (Kind, Fate)>,
    /// Markers queued or given up: how far the run has got.
    handled: usize,
    /// Why commands were refused, with how often.
    pub refusals: BTreeMap<String, usize>,
}

impl Ledger {
    pub(crate) fn new(items: &[Item]) -> Self {
        Self {
            fates: items
                .iter()
                .map(|item| (item.marker.clone(), (item.work.kind(), Fate::Todo)))
                .collect(),
            handled: 0,
            refusals: BTreeMap::new(),
        }
    }

    pub(crate) fn handled(&self) -> usize {
        self.handled
    }

    pub(crate) fn apply(&mut self, report: &Report) {
        let (marker, fate) = match report {
            Report::Start(marker) => (marker, Fate::Started),
            Report::Queued(marker) => (marker, Fate::Queued),
            Report::Refused(marker, reason) => {
                *self.refusals.entry(reason.clone()).or_default() += 1;
                (marker, Fate::Refused)
            }
            Report::GaveUp(marker) => (marker, Fate::GaveUp),
            _ => return,
        };
        if let Some((_, known)) = self.fates.get_mut(marker) {
            if matches!(fate, Fate::Queued | Fate::GaveUp) {
                self.handled += 1;
            }
            *known = fate;
        }
    }

    /// The worker is dead: commands under way are in doubt.
    pub(crate) fn killed(&mut self) {
        for (_, fate) in self.fates.values_mut() {
            if *fate == Fate::Started {
                *fate = Fate::InDoubt;
                self.handled += 1;
            }
        }
    }

    /// What the next worker must not queue: everything queued, given up or in doubt.
    pub(crate) fn skip(&self) -> Vec<&str> {
        self.fates
            .iter()
            .filter(|(_, (_, fate))| matches!(fate, Fate::Queued | Fate::GaveUp | Fate::InDoubt))
            .map(|(marker, _)| marker.as_str())
            .collect()
    }

    pub(crate) fn fate(&self, marker: &str) -> Option<(Kind, Fate)> {
        self.fates.get(marker).copied()
    }
}
