//! Keeps the app inside its share of the tenant's request budget. Hosted tenants allow 300
//! requests per rolling 5 minutes for every integration together, so the app holds back
//! before Halo has to say 429, keeps a reserve for what the technician is waiting on, and
//! stops everything for as long as a 429 asks.

use std::collections::VecDeque;
use std::sync::Mutex;
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
        while self.sent.front().is_some_and(|&at| at + self.length <= now) {
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
        let frees_at = self.sent.get(index).copied().unwrap_or(now) + self.length;
        Err(Wait::Until(frees_at))
    }
}

impl Governor {
    pub(crate) fn new(budget: RateBudget) -> Self {
        let capacity = budget.capacity();
        let reserve = ((capacity as f64) * INTERACTIVE_RESERVE).ceil() as usize;
        Self {
            window: Mutex::new(Window {
                length: budget.window + ARRIVAL_MARGIN,
                capacity,
                background_capacity: capacity.saturating_sub(reserve).max(1),
                sent: VecDeque::new(),
                paused_until: None,
                interactive_waiting: 0,
            }),
            changed: Notify::new(),
        }
    }

    /// Waits until a request of this priority fits the budget, and counts it.
    pub(crate) async fn acquire(&self, priority: Priority) {
        let _waiting = (priority == Priority::Interactive).then(|| InteractiveWaiting::new(self));
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let admitted = self.lock().admit(Instant::now(), priority);
            match admitted {
                Ok(()) => return,
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

    /// Halo said 429: nobody sends anything for `wait`.
    pub(crate) fn pause(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut window = self.lock();
        window.paused_until = Some(window.paused_until.map_or(until, |u| u.max(until)));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Window> {
        // The window holds counters only: one poisoned by a panic elsewhere is still usable.
        self.window
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
            governor.acquire(Priority::Interactive).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        governor.acquire(Priority::Interactive).await;
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
            governor.acquire(Priority::Interactive).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        governor.acquire(Priority::Interactive).await;
        assert_eq!(start.elapsed(), Duration::from_secs(300) + ARRIVAL_MARGIN);
    }

    #[tokio::test(start_paused = true)]
    async fn background_work_leaves_a_reserve_for_the_technician() {
        let governor = Governor::new(budget(10, 60));
        for _ in 0..8 {
            governor.acquire(Priority::Background).await;
        }
        let start = Instant::now();
        governor.acquire(Priority::Interactive).await;
        governor.acquire(Priority::Interactive).await;
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "the reserve serves at once"
        );
        governor.acquire(Priority::Background).await;
        assert_eq!(start.elapsed(), Duration::from_secs(60) + ARRIVAL_MARGIN);
    }

    #[tokio::test(start_paused = true)]
    async fn interactive_requests_go_before_waiting_background_ones() {
        let governor = Arc::new(Governor::new(budget(2, 10)));
        governor.acquire(Priority::Interactive).await;
        governor.acquire(Priority::Interactive).await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let background = tokio::spawn({
            let (governor, order) = (governor.clone(), order.clone());
            async move {
                governor.acquire(Priority::Background).await;
                order.lock().unwrap().push("background");
            }
        });
        tokio::task::yield_now().await;
        let interactive = tokio::spawn({
            let (governor, order) = (governor.clone(), order.clone());
            async move {
                governor.acquire(Priority::Interactive).await;
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
        governor.acquire(Priority::Interactive).await;
        assert_eq!(start.elapsed(), Duration::from_secs(7));
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_interactive_wait_does_not_block_background_work() {
        let governor = Governor::new(budget(1, 10));
        governor.acquire(Priority::Interactive).await;
        let gave_up = tokio::time::timeout(
            Duration::from_secs(1),
            governor.acquire(Priority::Interactive),
        )
        .await;
        assert!(gave_up.is_err());
        let start = Instant::now();
        governor.acquire(Priority::Background).await;
        assert_eq!(start.elapsed(), Duration::from_secs(9) + ARRIVAL_MARGIN);
    }
}
