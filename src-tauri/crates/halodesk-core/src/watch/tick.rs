//! The SLA watch: once a minute, by the wall clock, it reads what changed on the instance (one
//! request), classifies every watched ticket against its deadlines, and shows each new
//! transition to at risk or breached once, grouped when several come together.

use std::sync::Arc;
use std::time::Duration;

use chrono::Local;
use chrono::{DateTime, TimeDelta, Utc};
use halodesk_sla::{Alert, AtRiskRule, notes};

use super::notifier::{NoteAction, Notifier};
use super::watched::Watched;
use crate::ipc::{Event, OpenTicketEvent, Profile, WatchSettings, WatchStatus};
use crate::{AppError, ErrorCode, Halodesk};

/// How often deadlines are checked, and at most how often the instance is asked.
const TICK: Duration = Duration::from_secs(60);
/// The longest wait between polls while the instance is away or pushing back.
const MAX_POLL_BACKOFF: Duration = Duration::from_secs(15 * 60);

/// Where the watch's polling stands between ticks.
#[derive(Debug, Default)]
pub(crate) struct PollState {
    next_poll: Option<DateTime<Utc>>,
    backoff: Duration,
}

impl Halodesk {
    /// The watch. Runs for the life of the app; the shell spawns it with its notifier.
    pub async fn run_watch(self: Arc<Self>, notifier: Arc<dyn Notifier>) {
        loop {
            match self.watch_tick(notifier.as_ref()).await {
                // Nobody signed in yet: nothing to watch.
                Err(error) if error.code == ErrorCode::NoSession => {}
                Err(error) => tracing::warn!(%error, "the SLA watch could not check the deadlines"),
                Ok(_) => {}
            }
            // To the next minute of the wall clock; a sleep cut short by suspend, or stretched
            // by it, is caught up by the next tick, which reads the time afresh.
            let now = self.clock.now();
            let into_minute = now.timestamp_millis().rem_euclid(60_000) as u64;
            let wait = Duration::from_millis(60_000 - into_minute).min(TICK);
            tokio::time::sleep(wait).await;
        }
    }

    /// One check: poll if due, classify, notify. Tests call it with the clock where they
    /// want it.
    pub async fn watch_tick(&self, notifier: &dyn Notifier) -> Result<WatchStatus, AppError> {
        self.check_deadlines(Some(notifier)).await
    }

    /// Classifies the watched tickets now. With a notifier, polls first and shows (and
    /// records) the new alerts; without one, only counts, leaving the alerts to the tick.
    pub(super) async fn check_deadlines(
        &self,
        notifier: Option<&dyn Notifier>,
    ) -> Result<WatchStatus, AppError> {
        let profile = self.active_profile().await?;
        let now = self.clock.now();
        if notifier.is_some() {
            self.poll_if_due(&profile, now).await;
        }
        let profile_id = profile.id;
        let watched = self
            .blocking(move |store, _| Watched::read(store, &profile, now))
            .await?;
        let alerts = watched.alerts(now);
        let status = watched.status(&alerts, now);
        let due = watched.due(alerts, now, &Local);
        if let Some(notifier) = notifier
            && !due.is_empty()
        {
            self.notify(notifier, profile_id, &due, now).await?;
        }
        self.announce(Event::SlaStatus(status.clone()));
        Ok(status)
    }

    /// Shows the alerts, recorded first: a crash between the two loses a notification, never
    /// repeats one.
    async fn notify(
        &self,
        notifier: &dyn Notifier,
        profile_id: i32,
        due: &[Alert],
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let shown: Vec<_> = due.iter().map(Alert::ledger_entry).collect();
        self.blocking(move |store, _| Ok(store.record_alerts(profile_id, &shown, now)?))
            .await?;
        for note in notes(due) {
            let clicks = self.clicks.clone();
            let ticket_id = note.ticket_id;
            notifier.show(
                &note,
                Box::new(move |action| {
                    let _ = clicks.send(Event::SlaOpenTicket(OpenTicketEvent {
                        ticket_id,
                        escalate: action == NoteAction::Escalate,
                    }));
                }),
            );
        }
        Ok(())
    }

    /// Reads what changed since the last sync, unless the queue did so within the minute or
    /// the instance asked for a pause. At steady state: one request a minute.
    async fn poll_if_due(&self, profile: &Profile, now: DateTime<Utc>) {
        let profile_id = profile.id;
        let synced_at = self
            .blocking(move |store, _| Ok(store.sync_state(profile_id)?.synced_at))
            .await
            .ok()
            .flatten();
        let fresh =
            synced_at.is_some_and(|at| now.signed_duration_since(at) < TimeDelta::seconds(55));
        let mut poll = self.watch_poll.lock().await;
        if fresh || poll.next_poll.is_some_and(|next| next > now) {
            return;
        }
        match self.refresh_queue(false).await {
            Ok(_) => {
                poll.backoff = Duration::ZERO;
                poll.next_poll = None;
            }
            Err(error) => {
                poll.backoff = match error.code {
                    ErrorCode::RateLimited | ErrorCode::Offline | ErrorCode::Server => {
                        (poll.backoff * 2).clamp(TICK * 2, MAX_POLL_BACKOFF)
                    }
                    _ => MAX_POLL_BACKOFF,
                };
                poll.next_poll = Some(now + TimeDelta::from_std(poll.backoff).unwrap_or_default());
                tracing::info!(%error, wait = ?poll.backoff, "the SLA watch polls again later");
            }
        }
    }
}

/// The technician's at-risk threshold: the watch and the queue's badges use the same one.
pub(crate) fn at_risk_rule(settings: &WatchSettings) -> AtRiskRule {
    AtRiskRule {
        within: Duration::from_secs(u64::from(settings.at_risk_minutes) * 60),
        share: settings.at_risk_percent.map(|p| f64::from(p) / 100.0),
    }
}
