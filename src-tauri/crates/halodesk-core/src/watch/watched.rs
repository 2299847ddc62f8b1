//! What the watch follows at one instant: the open tickets in its scope, read from the cache
//! with the settings, snoozes and ledger that decide which of their alerts are shown.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, TimeZone, Utc};
use halodesk_sla::{
    Alert, AlertLevel, AtRiskRule, LedgerEntry, QuietSpan, Silence, SlaState, SlaTarget, assess,
    fresh_alerts, is_silenced,
};

use super::tick::at_risk_rule;
use crate::AppError;
use crate::ipc::{Profile, QueueFilter, Snooze, WatchScope, WatchSettings, WatchStatus};
use crate::queue::CachedTicket;
use crate::store::Store;

/// The watched tickets and what the watch knows about them.
#[derive(Debug)]
pub(super) struct Watched {
    settings: WatchSettings,
    paused_until: Option<DateTime<Utc>>,
    tickets: Vec<CachedTicket>,
    /// The instance's closing statuses.
    closed: HashSet<i32>,
    ledger: Vec<LedgerEntry>,
    /// Ticket to the end of its snooze.
    snoozed: HashMap<i32, DateTime<Utc>>,
}

impl Watched {
    /// The open tickets of `profile` in the watch's scope, at `now`.
    pub(super) fn read(
        store: &Store,
        profile: &Profile,
        now: DateTime<Utc>,
    ) -> Result<Self, AppError> {
        let (settings, paused_until) = store.watch_settings(profile.id)?;
        let closed: HashSet<i32> = store
            .lookups(profile.id)?
            .statuses
            .iter()
            .filter(|s| s.closed)
            .map(|s| s.id)
            .collect();
        let filter = match &settings.scope {
            WatchScope::SavedFilter { id } => store
                .saved_filters(profile.id)?
                .into_iter()
                .find(|f| f.id == *id)
                .map(|f| f.filter),
            _ => None,
        };
        let tickets = store
            .cached_tickets(profile.id)?
            .into_iter()
            .filter(|t| t.status_id.is_none_or(|s| !closed.contains(&s)))
            .filter(|t| in_scope(t, &settings.scope, filter.as_ref(), profile))
            .collect();
        Ok(Self {
            paused_until,
            tickets,
            closed,
            ledger: store.sla_ledger(profile.id)?,
            snoozed: store.snoozes(profile.id, now)?,
            settings,
        })
    }

    /// Every watched ticket at risk or breached at `now`.
    pub(super) fn alerts(&self, now: DateTime<Utc>) -> Vec<Alert> {
        let rule = at_risk_rule(&self.settings);
        self.tickets
            .iter()
            .filter_map(|t| {
                let closed = t.status_id.is_some_and(|s| self.closed.contains(&s));
                alert(t, closed, now, &rule)
            })
            .collect()
    }

    /// What the tray and the status bar show.
    pub(super) fn status(&self, alerts: &[Alert], now: DateTime<Utc>) -> WatchStatus {
        let count = |level| alerts.iter().filter(|a| a.level == level).count() as u32;
        WatchStatus {
            watched: self.tickets.len() as u32,
            at_risk: count(AlertLevel::AtRisk),
            breached: count(AlertLevel::Breached),
            paused_until: self.paused_until.filter(|u| *u > now),
            snoozed: self
                .snoozed
                .iter()
                .map(|(ticket_id, until)| Snooze {
                    ticket_id: *ticket_id,
                    until: *until,
                })
                .collect(),
            checked_at: Some(now),
        }
    }

    /// The alerts to show now: not shown before, and not silenced (off, muted, snoozed,
    /// paused or quiet hours on the wall clock of `zone`).
    pub(super) fn due<Tz: TimeZone>(
        &self,
        alerts: Vec<Alert>,
        now: DateTime<Utc>,
        zone: &Tz,
    ) -> Vec<Alert> {
        let quiet = self
            .settings
            .quiet_hours
            .as_ref()
            .and_then(|hours| QuietSpan::parse(&hours.start, &hours.end).ok());
        let silence = Silence {
            enabled: self.settings.enabled,
            muted_priority_ids: &self.settings.muted_priority_ids,
            quiet,
            snoozed: &self.snoozed,
            paused_until: self.paused_until,
            zone,
        };
        fresh_alerts(alerts, &self.ledger)
            .into_iter()
            .filter(|a| !is_silenced(a, &silence, now))
            .collect()
    }
}

/// The alert a ticket raises now, if it is at risk or breached.
fn alert(
    ticket: &CachedTicket,
    closed: bool,
    now: DateTime<Utc>,
    rule: &AtRiskRule,
) -> Option<Alert> {
    let assessment = assess(&ticket.sla_facts(), closed, ticket.opened_at, now, rule);
    let target = assessment.current_target();
    let (level, left) = match assessment.current() {
        SlaState::AtRisk { left } => (AlertLevel::AtRisk, left),
        SlaState::Breached { by } => (AlertLevel::Breached, -by),
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
