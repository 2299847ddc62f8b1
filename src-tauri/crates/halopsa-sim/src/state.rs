//! The simulated instance: its clock, data, tokens, rate window, faults and counters.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use jiff::Timestamp;

use crate::SimConfig;
use crate::auth::AuthState;
use crate::clock::SimClock;
use crate::control::{Faults, Stats};
use crate::guard::RateWindow;
use crate::model::{Action, Attachment, Catalog, Ticket};
use crate::seed::{self, Dataset};

#[derive(Debug)]
pub(crate) struct Sim {
    pub config: SimConfig,
    pub base_url: String,
    pub clock: SimClock,
    /// The clock's reading when the data was seeded; `reset` re-seeds relative to it.
    seeded_at: Timestamp,
    store: RwLock<Store>,
    auth: Mutex<AuthState>,
    rate: Mutex<RateWindow>,
    faults: Mutex<Faults>,
    stats: Mutex<Stats>,
}

/// The instance's records.
#[derive(Debug)]
pub(crate) struct Store {
    pub catalog: Catalog,
    pub tickets: BTreeMap<i32, Ticket>,
    /// Each ticket's actions, in order.
    pub actions: HashMap<i32, Vec<Action>>,
    pub attachments: BTreeMap<i32, Attachment>,
    next_ticket_id: i32,
    next_attachment_id: i32,
}

impl Store {
    fn seeded(data: Dataset) -> Self {
        let tickets: BTreeMap<i32, Ticket> = data.tickets.into_iter().map(|t| (t.id, t)).collect();
        let mut actions: HashMap<i32, Vec<Action>> = HashMap::new();
        for action in data.actions {
            actions.entry(action.ticket_id).or_default().push(action);
        }
        let attachments: BTreeMap<i32, Attachment> =
            data.attachments.into_iter().map(|a| (a.id, a)).collect();
        Self {
            next_ticket_id: tickets.keys().next_back().copied().unwrap_or(0) + 1,
            next_attachment_id: attachments.keys().next_back().copied().unwrap_or(0) + 1,
            catalog: data.catalog,
            tickets,
            actions,
            attachments,
        }
    }

    pub(crate) fn take_ticket_id(&mut self) -> i32 {
        let id = self.next_ticket_id;
        self.next_ticket_id += 1;
        id
    }

    pub(crate) fn take_attachment_id(&mut self) -> i32 {
        let id = self.next_attachment_id;
        self.next_attachment_id += 1;
        id
    }

    pub(crate) fn attachment_count(&self, ticket_id: i32) -> usize {
        self.attachments
            .values()
            .filter(|a| a.ticket_id == ticket_id)
            .count()
    }
}

impl Sim {
    pub(crate) fn new(base_url: String, config: SimConfig) -> Self {
        let start = config.start.unwrap_or_else(Timestamp::now);
        let clock = SimClock::starting_at(start);
        let store = Store::seeded(seed::generate(config.seed, config.tickets, start));
        Self {
            rate: Mutex::new(RateWindow::new(config.rate_limit)),
            config,
            base_url,
            clock,
            seeded_at: start,
            store: RwLock::new(store),
            auth: Mutex::new(AuthState::default()),
            faults: Mutex::new(Faults::default()),
            stats: Mutex::new(Stats::default()),
        }
    }

    pub(crate) fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn auth(&self) -> MutexGuard<'_, AuthState> {
        lock(&self.auth)
    }

    pub(crate) fn rate(&self) -> MutexGuard<'_, RateWindow> {
        lock(&self.rate)
    }

    pub(crate) fn faults(&self) -> MutexGuard<'_, Faults> {
        lock(&self.faults)
    }

    pub(crate) fn stats(&self) -> MutexGuard<'_, Stats> {
        lock(&self.stats)
    }

    /// Back to the seeded data, no tokens, no faults, an empty rate window and zero counters.
    /// The clock keeps running: the data is re-seeded relative to when it was first seeded.
    pub(crate) fn reset(&self) {
        let data = seed::generate(self.config.seed, self.config.tickets, self.seeded_at);
        *self.write() = Store::seeded(data);
        *self.auth() = AuthState::default();
        *self.faults() = Faults::default();
        *self.rate() = RateWindow::new(self.config.rate_limit);
        *self.stats() = Stats::default();
    }
}

/// Every guarded value is plain data, so a panic elsewhere cannot leave it half-written.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
