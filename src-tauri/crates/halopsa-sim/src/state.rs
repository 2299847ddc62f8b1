//! The simulated instance: its clock, data, tokens, rate window, faults and counters.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono::{DateTime, Utc};

use crate::SimConfig;
use crate::auth::AuthState;
use crate::clock::SimClock;
use crate::control::{Faults, Stats};
use crate::guard::RateWindow;
use crate::model::{Action, Attachment, Catalog, Ticket};
use crate::seed::{self, Dataset};
use crate::ticket_table::TicketTable;

#[derive(Debug)]
pub(crate) struct Sim {
    pub config: SimConfig,
    pub base_url: String,
    pub clock: SimClock,
    /// The clock's reading when the data was seeded; `reset` re-seeds relative to it.
    seeded_at: DateTime<Utc>,
    store: RwLock<Store>,
    auth: Mutex<AuthState>,
    rate: Mutex<RateWindow>,
    faults: Mutex<Faults>,
    stats: Mutex<Stats>,
    list_cache: Mutex<ListCache>,
}

/// The results of recent list queries. A client paging through a queue asks the same query
/// once per page; a real instance answers those from database indexes.
#[derive(Debug, Default)]
struct ListCache {
    entries: VecDeque<(String, u64, Arc<Vec<usize>>)>,
}

impl ListCache {
    const CAPACITY: usize = 32;

    fn get(&self, key: &str, version: u64) -> Option<Arc<Vec<usize>>> {
        self.entries
            .iter()
            .find(|(k, v, _)| k == key && *v == version)
            .map(|(_, _, rows)| rows.clone())
    }

    /// Keeps the newest results; entries from older versions of the data are dropped.
    fn put(&mut self, key: &str, version: u64, rows: Arc<Vec<usize>>) {
        self.entries.retain(|(k, v, _)| k != key && *v == version);
        if self.entries.len() == Self::CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back((key.to_owned(), version, rows));
    }
}

/// The instance's records.
#[derive(Debug)]
pub(crate) struct Store {
    pub catalog: Catalog,
    pub tickets: TicketTable,
    /// Each ticket's actions, in order.
    pub actions: HashMap<i32, Vec<Action>>,
    pub attachments: BTreeMap<i32, Attachment>,
    /// How many attachments each ticket has: list rows show it, and counting by scanning every
    /// attachment for every row would dominate a page of 100.
    attachment_counts: HashMap<i32, usize>,
    /// Bumped by every write, so cached query results know when they are stale.
    version: u64,
    next_ticket_id: i32,
    next_attachment_id: i32,
}

impl Store {
    fn seeded(data: Dataset) -> Self {
        let tickets = TicketTable::new(data.tickets);
        let mut actions: HashMap<i32, Vec<Action>> = HashMap::new();
        for action in data.actions {
            actions.entry(action.ticket_id).or_default().push(action);
        }
        let attachments: BTreeMap<i32, Attachment> =
            data.attachments.into_iter().map(|a| (a.id, a)).collect();
        let mut attachment_counts: HashMap<i32, usize> = HashMap::new();
        for attachment in attachments.values() {
            *attachment_counts.entry(attachment.ticket_id).or_default() += 1;
        }
        Self {
            attachment_counts,
            version: 0,
            next_ticket_id: tickets.last_id() + 1,
            next_attachment_id: attachments.keys().next_back().copied().unwrap_or(0) + 1,
            catalog: data.catalog,
            tickets,
            actions,
            attachments,
        }
    }

    pub(crate) fn version(&self) -> u64 {
        self.version
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
        self.attachment_counts.get(&ticket_id).copied().unwrap_or(0)
    }

    pub(crate) fn add_attachment(&mut self, attachment: Attachment) {
        *self
            .attachment_counts
            .entry(attachment.ticket_id)
            .or_default() += 1;
        self.attachments.insert(attachment.id, attachment);
    }

    pub(crate) fn remove_attachment(&mut self, id: i32) -> Option<Attachment> {
        let removed = self.attachments.remove(&id)?;
        if let Some(count) = self.attachment_counts.get_mut(&removed.ticket_id) {
            *count = count.saturating_sub(1);
        }
        Some(removed)
    }

    /// Deletes a ticket with its actions and attachments.
    pub(crate) fn remove_ticket(&mut self, id: i32) -> Option<Ticket> {
        let removed = self.tickets.remove(id)?;
        self.actions.remove(&id);
        self.attachments.retain(|_, a| a.ticket_id != id);
        self.attachment_counts.remove(&id);
        Some(removed)
    }
}

impl Sim {
    pub(crate) fn new(base_url: String, config: SimConfig) -> Self {
        #[expect(
            clippy::disallowed_methods,
            reason = "a simulated instance starts at the wall clock unless told otherwise"
        )]
        let start = config.start.unwrap_or_else(Utc::now);
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
            list_cache: Mutex::new(ListCache::default()),
        }
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, Store> {
        let mut store = self.store.write().unwrap_or_else(|p| p.into_inner());
        store.version += 1;
        store
    }

    /// The rows (indices into the ticket table) matching the query `key` at `version`,
    /// computed by `compute` when not cached.
    pub(crate) fn cached_matches(
        &self,
        key: &str,
        version: u64,
        compute: impl FnOnce() -> Vec<usize>,
    ) -> Arc<Vec<usize>> {
        if let Some(hit) = lock(&self.list_cache).get(key, version) {
            return hit;
        }
        let matched = Arc::new(compute());
        lock(&self.list_cache).put(key, version, matched.clone());
        matched
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
        let mut store = self.write();
        let version = store.version;
        *store = Store::seeded(data);
        // Versions only grow, so no cached result of the old data can match the new.
        store.version = version;
        drop(store);
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
