//! The SLA watch: once a minute, by the wall clock, it reads what changed on the instance (one
//! request), classifies every watched ticket against its deadlines, and shows each new
//! transition to at risk or breached once, grouped when several come together.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use halodesk_sla::{
    Alert, AlertLevel, AtRiskRule, QuietSpan, Silence, SlaState, SlaTarget, assess, fresh_alerts,
    is_silenced, notes,
};

use super::notifier::{NoteAction, Notifier};
use crate::ipc::{
    Event, OpenTicketEvent, Profile, QueueFilter, Snooze, WatchScope, WatchSettings, WatchStatus,
};
use crate::queue::CachedTicket;
use crate::{AppError, ErrorCode, Halodesk};

/// How often deadlines are checked, and at most how often the instance is asked.
const TICK: Duration = Duration::from_secs(60);
/// The longest wait between polls while the instance is away or pushing back.
const MAX_POLL_BACKOFF: Duration = Duration::from_secs(15 * 60);

/// Where the watch's polling stands between ticks.
#[derive(Debug, Default)]
pub(crate) struct PollState {
    next_poll: Option<Timestamp>,
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
            let into_minute = now.as_millisecond().rem_euclid(60_000) as u64;
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
        let (settings, paused_until, tickets, closed, ledger, snoozed) = self
            .blocking(move |store, _| {
                let (settings, paused) = store.watch_settings(profile_id)?;
                let lookups = store.lookups(profile_id)?;
                let closed: HashSet<i32> = lookups
                    .statuses
                    .iter()
                    .filter(|s| s.closed)
                    .map(|s| s.id)
                    .collect();
                let filter = match &settings.scope {
                    WatchScope::SavedFilter { id } => store
                        .saved_filters(profile_id)?
                        .into_iter()
                        .find(|f| f.id == *id)
                        .map(|f| f.filter),
                    _ => None,
                };
                let tickets: Vec<CachedTicket> = store
                    .cached_tickets(profile_id)?
                    .into_iter()
                    .filter(|t| t.status_id.is_none_or(|s| !closed.contains(&s)))
                    .filter(|t| in_scope(t, &settings.scope, filter.as_ref(), &profile))
                    .collect();
                Ok((
                    settings,
                    paused,
                    tickets,
                    closed,
                    store.sla_ledger(profile_id)?,
                    store.snoozes(profile_id, now)?,
                ))
            })
            .await?;
        let rule = at_risk_rule(&settings);
        let alerts: Vec<Alert> = tickets
            .iter()
            .filter_map(|t| {
                alert(
                    t,
                    t.status_id.is_some_and(|s| closed.contains(&s)),
                    now,
                    &rule,
                )
            })
            .collect();
        let status = WatchStatus {
            watched: tickets.len() as u32,
            at_risk: alerts
                .iter()
                .filter(|a| a.level == AlertLevel::AtRisk)
                .count() as u32,
            breached: alerts
                .iter()
                .filter(|a| a.level == AlertLevel::Breached)
                .count() as u32,
            paused_until: paused_until.filter(|u| *u > now).map(|u| u.to_string()),
            snoozed: snoozed
                .iter()
                .map(|(ticket_id, until)| Snooze {
                    ticket_id: *ticket_id,
                    until: until.to_string(),
                })
                .collect(),
            checked_at: Some(now.to_string()),
        };
        let quiet = settings
            .quiet_hours
            .as_ref()
            .and_then(|hours| QuietSpan::parse(&hours.start, &hours.end).ok());
        let zone = TimeZone::system();
        let silence = Silence {
            enabled: settings.enabled,
            muted_priority_ids: &settings.muted_priority_ids,
            quiet,
            snoozed: &snoozed,
            paused_until,
            zone: &zone,
        };
        let due: Vec<Alert> = fresh_alerts(alerts, &ledger)
            .into_iter()
            .filter(|a| !is_silenced(a, &silence, now))
            .collect();
        if let Some(notifier) = notifier
            && !due.is_empty()
        {
            // Recorded before they are shown: a crash between the two loses a notification,
            // never repeats one.
            let shown: Vec<_> = due.iter().map(Alert::ledger_entry).collect();
            self.blocking(move |store, _| Ok(store.record_alerts(profile_id, &shown, now)?))
                .await?;
            for note in notes(&due) {
                let events = self.events.clone();
                let ticket_id = note.ticket_id;
                notifier.show(
                    &note,
                    Box::new(move |action| {
                        let _ = events.send(Event::SlaOpenTicket(OpenTicketEvent {
                            ticket_id,
                            escalate: action == NoteAction::Escalate,
                        }));
                    }),
                );
            }
        }
        self.announce(Event::SlaStatus(status.clone()));
        Ok(status)
    }

    /// Reads what changed since the last sync, unless the queue did so within the minute or
    /// the instance asked for a pause. At steady state: one request a minute.
    async fn poll_if_due(&self, profile: &Profile, now: Timestamp) {
        let profile_id = profile.id;
        let synced_at = self
            .blocking(move |store, _| Ok(store.sync_state(profile_id)?.synced_at))
            .await
            .ok()
            .flatten();
        let fresh =
            synced_at.is_some_and(|at| now.duration_since(at) < SignedDuration::from_secs(55));
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
                poll.next_poll =
                    Some(now + SignedDuration::try_from(poll.backoff).unwrap_or_default());
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

/// The alert a ticket raises now, if it is at risk or breached.
fn alert(ticket: &CachedTicket, closed: bool, now: Timestamp, rule: &AtRiskRule) -> Option<Alert> {
    let assessment = assess(&ticket.sla_facts(), closed, ticket.opened_at, now, rule);
    let target = assessment.current_target();
    let (level, left) = match assessment.current() {
        SlaState::AtRisk { left } => (AlertLevel::AtRisk, left),
        SlaState::Breached { by } => (
            AlertLevel::Breached,
            SignedDuration::ZERO.saturating_sub(by),
        ),
        _ => return None,
    };
    let deadline = match target {
        SlaTarget::Response => ticket.respond_by,
        SlaTarget::Resolution => ticket.fix_by,
    };
    Some(Alert {
        ticket_id: ticket.id,
        target,
        level,
        deadline,
        left,
        summary: ticket.summary.clone(),
        client_name: ticket.client_name.clone(),
        priority_id: ticket.priority_id,
    })
}

fn in_scope(
    ticket: &CachedTicket,
    scope: &WatchScope,
    filter: Option<&QueueFilter>,
    profile: &Profile,
) -> bool {
    let Some(me) = &profile.agent else {
        return false;
    };
    match scope {
        WatchScope::Mine => ticket.agent_id == Some(me.id),
        WatchScope::MyTeams => {
            ticket.agent_id == Some(me.id)
                || (!me.team_name.is_empty()
                    && ticket.team_name.eq_ignore_ascii_case(&me.team_name))
        }
        // A saved filter that was deleted watches nothing, rather than everything.
        WatchScope::SavedFilter { .. } => filter.is_some_and(|f| f.matches(ticket)),
    }
}
