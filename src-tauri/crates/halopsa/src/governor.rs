//! Keeps the app inside its share of the tenant's request budget. Hosted tenants allow 300
//! requests per rolling 5 minutes for every integration together, so the app holds back
//! before Halo has to say 429, keeps a reserve for what the technician is waiting on, and
//! stops everything for as long as a 429 asks.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, LazyLock, Mutex, PoisonError, Weak};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// The tenant's budget and the share of it this app may use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateBudget {
    /// Requests the tenant allows per window (300 on hosted tenants).
    pub requests: u32,
    pub window: Duration,
    /// The fraction of it this app may spend, 0 to 1; other integrations need the rest.
    pub share: f64,
}

impl Default for RateBudget {
    fn default() -> Self {
        Self {
            requests: 300,
            window: Duration::from_secs(300),
            share: 0.5,
        }
    }
}

impl RateBudget {
    fn capacity(&self) -> usize {
        let share = if self.share.is_finite() {
            self.share.clamp(0.0, 1.0)
        } else {
            0.5
        };
        // At least one request a window, or nothing could ever be sent.
        ((f64::from(self.requests) * share).floor() as usize).max(1)
    }
}

/// Who is waiting for a request: the technician, or a sync running behind the scenes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Priority {
    #[default]
    Interactive,
    Background,
}

/// The part of each window kept for interactive requests: background work stops short of it.
const INTERACTIVE_RESERVE: f64 = 0.2;

/// The longest pause a 429 can impose; a larger `Retry-After` is read as this.
const LONGEST_PAUSE: Duration = Duration::from_secs(24 * 3_600);

/// Added to the window: Halo counts a request when it arrives, a little after the client sent
/// it, so the client's window must roll a little later than Halo's.
const ARRIVAL_MARGIN: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub(crate) struct Governor {
    window: Mutex<Window>,
    changed: Notify,
}

#[derive(Debug)]
struct Window {
    length: Duration,
    capacity: usize,
    background_capacity: usize,
    sent: VecDeque<Instant>,
    paused_until: Option<Instant>,
    interactive_waiting: usize,
}

/// Why a request must wait, and until when if that is known.
#[derive(Debug, PartialEq, Eq)]
enum Wait {
    Until(Instant),
    /// Until an interactive request has gone.
    ForInteractive,
}

impl Window {
    fn admit(&mut self, now: Instant, priority: Priority) -> Result<(), Wait> {
        if let Some(until) = self.paused_until {
            if now < until {
                return Err(Wait::Until(until));
            }
            self.paused_until = None;
        }
        while self
            .sent
            .front()
            .is_some_and(|&at| later(at, self.length) <= now)
        {
            self.sent.pop_front();
        }
        let limit = match priority {
            Priority::Interactive => self.capacity,
            Priority::Background if self.interactive_waiting > 0 => {
                return Err(Wait::ForInteractive);
            }
            Priority::Background => self.background_capacity,
        };
        if self.sent.len() < limit {
            self.sent.push_back(now);
            return Ok(());
        }
        // The window frees up as its oldest requests age out; this one needs
        // `len - limit + 1` of them gone.
        let index = self.sent.len() - limit;
        let frees_at = later(self.sent.get(index).copied().unwrap_or(now), self.length);
        Err(Wait::Until(frees_at))
    }
}

/// `at + by`, held at a year ahead where the sum would leave `Instant`'s range.
fn later(at: Instant, by: Duration) -> Instant {
    at.checked_add(by.min(Duration::from_secs(365 * 86_400)))
        .unwrap_or(at)
}

/// One governor per instance, shared by every client of it: a reconnect or a second client
/// must not start with a fresh budget, nor forget a pause Halo asked for.
static BY_INSTANCE: LazyLock<Mutex<HashMap<String, Weak<Governor>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The governor of `instance`, made with `budget` if no client of it is alive.
pub(crate) fn for_instance(instance: &str, budget: RateBudget) -> Arc<Governor> {
    let mut governors = BY_INSTANCE.lock().unwrap_or_else(PoisonError::into_inner);
    governors.retain(|_, governor| governor.strong_count() > 0);
    if let Some(governor) = governors.get(instance).and_then(Weak::upgrade) {
        return governor;
    }
    let governor = Arc::new(Governor::new(budget));
    governors.insert(instance.to_owned(), Arc::downgrade(&governor));
    governor
}

impl Governor {
    pub(crate) fn new(budget: RateBudget) -> Self {
        let capacity = budget.capacity();
        let reserve = ((capacity as f64) * INTERACTIVE_RESERVE).ceil() as usize;
        Self {
            window: Mutex::new(Window {
                length: budget.window.saturating_add(ARRIVAL_MARGIN),
                capacity,
                background_capacity: capacity.saturating_sub(reserve).max(1),
                sent: VecDeque::new(),
                paused_until: None,
                interactive_waiting: 0,
            }),
            changed: Notify::new(),
        }
    }

    /// Waits until a request of this priority fits the budget, and counts it. When that is
    /// further away than `longest_wait`, answers how far instead of waiting.
    pub(crate) async fn acquire(
        &self,
        priority: Priority,
        longest_wait: Duration,
    ) -> Result<(), Duration> {
        let _waiting = (priority == Priority::Interactive).then(|| InteractiveWaiting::new(self));
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let now = Instant::now();
            let admitted = self.lock().admit(now, priority);
            match admitted {
                Ok(()) => return Ok(()),
                Err(Wait::Until(at)) if at.duration_since(now) > longest_wait => {
                    return Err(at.duration_since(now));
                }
                Err(Wait::Until(at)) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(at) => {}
                        () = &mut notified => {}
                    }
                }
                Err(Wait::ForInteractive) => notified.await,
            }
        }
    }

    /// Halo said 429: nobody sends anything for `wait` (at most a day).
    pub(crate) fn pause(&self, wait: Duration) {
        let until = later(Instant::now(), wait.min(LONGEST_PAUSE));
        let mut window = self.lock();
        window.paused_until = Some(window.paused_until.map_or(until, |u| u.max(until)));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Window> {
        // The window holds counters only: one poisoned by a panic elsewhere is still usable.
        self.window.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Counts an interactive request as waiting for as long as it waits, even if its future is
/// dropped, so background work never stalls on a request that went away.
struct InteractiveWaiting<'a>(&'a Governor);

impl<'a> InteractiveWaiting<'a> {
    fn new(governor: &'a Governor) -> Self {
        governor.lock().interactive_waiting += 1;
        Self(governor)
    }
}

impl Drop for InteractiveWaiting<'_> {
    fn drop(&mut self) {
        self.0.lock().interactive_waiting -= 1;
        self.0.changed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    const FOREVER: Duration = Duration::MAX;

    fn budget(requests: u32, secs: u64) -> RateBudget {
        RateBudget {
            requests,
            window: Duration::from_secs(secs),
            share: 1.0,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn requests_past_the_budget_wait_for_the_window_to_roll() {
        let governor = Governor::new(budget(3, 10));
        let start = Instant::now();
        for _ in 0..3 {
            governor
                .acquire(Priority::Interactive, FOREVER)
                .await
                .unwrap();
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        governor
            .acquire(Priority::Interactive, FOREVER)
            .await
            .unwrap();
        assert_eq!(start.elapsed(), Duration::from_secs(10) + ARRIVAL_MARGIN);
    }

    #[tokio::test(start_paused = true)]
    async fn the_share_leaves_the_rest_of_the_tenant_budget_alone() {
        let governor = Governor::new(RateBudget {
            share: 0.5,
            ..budget(300, 300)
        });
        let start = Instant::now();
        for _ in 0..150 {
            governor
                .acquire(Priority::Interactive, FOREVER)
                .await
                .unwrap();
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        governor
            .acquire(Priority::Interactive, FOREVER)
            .await
            .unwrap();
        assert_eq!(start.elapsed(), Duration::from_secs(300) + ARRIVAL_MARGIN);
    }

    #[tokio::test(start_paused = true)]
    async fn background_work_leaves_a_reserve_for_the_technician() {
        let governor = Governor::new(budget(10, 60));
        for _ in 0..8 {
            governor
                .acquire(Priority::Background, FOREVER)
                .await
                .unwrap();
        }
        let start = Instant::now();
        governor
            .acquire(Priority::Interactive, FOREVER)
            .await
            .unwrap();
        governor
            .acquire(Priority::Interactive, FOREVER)
            .await
            .unwrap();
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "the reserve serves at once"
        );
        governor
            .acquire(Priority::Background, FOREVER)
            .await
            .unwrap();
        assert_eq!(start.elapsed(), Duration::from_secs(60) + ARRIVAL_MARGIN);
    }

    #[tokio::test(start_paused = true)]
    async fn interactive_requests_go_before_waiting_background_ones() {
        let governor = Arc::new(Governor::new(budget(2, 10)));
        governor
            .acquire(Priority::Interactive, FOREVER)
            .await
            .unwrap();
        governor
            .acquire(Priority::Interactive, FOREVER)
            .await
            .unwrap();
        let order = Arc::new(Mutex::new(Vec::new()));
        let background = tokio::spawn({
            let (governor, order) = (governor.clone(), order.clone());
            async move {
                governor
                    .acquire(Priority::Background, FOREVER)
                    .await
                    .unwrap();
                order.lock().unwrap().push("background");
            }
        });
        tokio::task::yield_now().await;
        let interactive = tokio::spawn({
            let (governor, order) = (governor.clone(), order.clone());
            async move {
                governor
                    .acquire(Priority::Interactive, FOREVER)
                    .await
                    .unwrap();
                order.lock().unwrap().push("interactive");
            }
        });
        background.await.unwrap();
        interactive.await.unwrap();
        assert_eq!(*order.lock().unwrap(), ["interactive", "background"]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_stops_every_request_until_it_ends() {
        let governor = Governor::new(budget(100, 10));
        governor.pause(Duration::from_secs(7));
        let start = Instant::now();
        governor
            .acquire(Priority::Interactive, FOREVER)
            .await
            .unwrap();
        assert_eq!(start.elapsed(), Duration::from_secs(7));
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_interactive_wait_does_not_block_background_work() {
        let governor = Governor::new(budget(1, 10));
        governor
            .acquire(Priority::Interactive, FOREVER)
            .await
            .unwrap();
        let gave_up = tokio::time::timeout(
            Duration::from_secs(1),
            governor.acquire(Priority::Interactive, FOREVER),
        )
        .await;
        assert!(gave_up.is_err());
        let start = Instant::now();
        governor
            .acquire(Priority::Background, FOREVER)
            .await
            .unwrap();
        assert_eq!(start.elapsed(), Duration::from_secs(9) + ARRIVAL_MARGIN);
    }

    #[tokio::test(start_paused = true)]
    async fn a_wait_longer_than_the_caller_accepts_is_answered_not_waited() {
        let governor = Governor::new(budget(100, 10));
        governor.pause(Duration::from_secs(600));
        let start = Instant::now();
        let wait = governor
            .acquire(Priority::Interactive, Duration::from_secs(120))
            .await
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(600));
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn absurd_pauses_and_windows_do_not_overflow() {
        let governor = Governor::new(RateBudget {
            window: Duration::MAX,
            ..budget(1, 1)
        });
        governor.pause(Duration::MAX);
        governor
            .acquire(Priority::Interactive, FOREVER)
            .await
            .unwrap();
        let wait = governor
            .acquire(Priority::Interactive, Duration::ZERO)
            .await
            .unwrap_err();
        assert!(wait >= LONGEST_PAUSE);
    }

    #[test]
    fn clients_of_one_instance_share_its_governor() {
        let first = for_instance("https://a.example", budget(10, 10));
        let again = for_instance("https://a.example", budget(99, 99));
        let other = for_instance("https://b.example", budget(10, 10));
        assert!(Arc::ptr_eq(&first, &again));
        assert!(!Arc::ptr_eq(&first, &other));
    }
}
