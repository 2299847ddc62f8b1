//! Alerts: a watched ticket at risk or breached now, whether it was already shown, and whether
//! it may be shown at this moment.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use crate::{QuietSpan, SlaTarget};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertLevel {
    AtRisk,
    Breached,
}

/// A watched ticket that is at risk or breached now, with what a notification says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub ticket_id: i32,
    pub target: SlaTarget,
    pub level: AlertLevel,
    pub deadline: Option<DateTime<Utc>>,
    /// Time left; negative once breached.
    pub left: TimeDelta,
    pub summary: String,
    pub client_name: String,
    pub priority_id: Option<i32>,
}

/// An alert that was shown: the ledger keeps one per ticket, target and level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    pub ticket_id: i32,
    pub target: SlaTarget,
    pub level: AlertLevel,
    pub deadline: Option<DateTime<Utc>>,
}

impl Alert {
    pub fn ledger_entry(&self) -> LedgerEntry {
        LedgerEntry {
            ticket_id: self.ticket_id,
            target: self.target,
            level: self.level,
            deadline: self.deadline,
        }
    }
}

/// The alerts not shown yet: never shown, or shown about a deadline that has since moved (a
/// hold that ended, a new priority), which makes it a new warning.
pub fn fresh_alerts(current: Vec<Alert>, ledger: &[LedgerEntry]) -> Vec<Alert> {
    current
        .into_iter()
        .filter(|alert| {
            !ledger.iter().any(|shown| {
                shown.ticket_id == alert.ticket_id
                    && shown.target == alert.target
                    && shown.level == alert.level
                    && shown.deadline == alert.deadline
            })
        })
        .collect()
}

/// What keeps an alert from being shown right now. A silenced alert is not recorded as shown:
/// if the ticket is still at risk when the silence ends, it is shown then.
#[derive(Debug, Clone)]
pub struct Silence<'a, Tz: TimeZone> {
    /// The watch's own switch: off silences everything.
    pub enabled: bool,
    /// Tickets of these priorities never notify.
    pub muted_priority_ids: &'a [i32],
    pub quiet: Option<QuietSpan>,
    /// Ticket to the end of its snooze.
    pub snoozed: &'a HashMap<i32, DateTime<Utc>>,
    pub paused_until: Option<DateTime<Utc>>,
    /// The computer's time zone, in which quiet hours are read.
    pub zone: &'a Tz,
}

pub fn is_silenced<Tz: TimeZone>(
    alert: &Alert,
    silence: &Silence<'_, Tz>,
    now: DateTime<Utc>,
) -> bool {
    let muted = alert
        .priority_id
        .is_some_and(|p| silence.muted_priority_ids.contains(&p));
    let snoozed = silence
        .snoozed
        .get(&alert.ticket_id)
        .is_some_and(|until| *until > now);
    let paused = silence.paused_until.is_some_and(|until| until > now);
    let quiet = silence
        .quiet
        .is_some_and(|span| span.contains(now, silence.zone));
    !silence.enabled || muted || snoozed || paused || quiet
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn alert(ticket_id: i32, level: AlertLevel, deadline: &str) -> Alert {
        Alert {
            ticket_id,
            target: SlaTarget::Resolution,
            level,
            deadline: Some(at(deadline)),
            left: TimeDelta::minutes(30),
            summary: "Printer on fire".into(),
            client_name: "Acme".into(),
            priority_id: Some(2),
        }
    }

    #[test]
    fn an_alert_is_fresh_once_per_level_and_again_when_its_deadline_moves() {
        let shown = [alert(1, AlertLevel::AtRisk, "2026-03-02T10:00:00Z").ledger_entry()];
        let now = vec![
            alert(1, AlertLevel::AtRisk, "2026-03-02T10:00:00Z"),
            alert(2, AlertLevel::AtRisk, "2026-03-02T10:00:00Z"),
        ];
        let fresh: Vec<_> = fresh_alerts(now, &shown)
            .iter()
            .map(|a| a.ticket_id)
            .collect();
        assert_eq!(fresh, [2]);

        let breached = vec![alert(1, AlertLevel::Breached, "2026-03-02T10:00:00Z")];
        assert_eq!(
            fresh_alerts(breached, &shown).len(),
            1,
            "breaching is a new transition"
        );

        let resumed = vec![alert(1, AlertLevel::AtRisk, "2026-03-02T12:00:00Z")];
        assert_eq!(fresh_alerts(resumed, &shown).len(), 1, "the deadline moved");
    }

    #[test]
    fn muted_snoozed_paused_and_quiet_alerts_wait() {
        let muted = [4];
        let now = at("2026-03-02T09:00:00Z");
        let snoozed = HashMap::from([(7, at("2026-03-02T09:30:00Z"))]);
        let zone = Utc;
        let silence = Silence {
            enabled: true,
            muted_priority_ids: &muted,
            quiet: None,
            snoozed: &snoozed,
            paused_until: None,
            zone: &zone,
        };
        let mut a = alert(1, AlertLevel::AtRisk, "2026-03-02T10:00:00Z");
        assert!(!is_silenced(&a, &silence, now));
        a.priority_id = Some(4);
        assert!(is_silenced(&a, &silence, now), "muted priority");
        let snoozed_alert = alert(7, AlertLevel::AtRisk, "2026-03-02T10:00:00Z");
        assert!(is_silenced(&snoozed_alert, &silence, now));
        assert!(
            !is_silenced(&snoozed_alert, &silence, at("2026-03-02T09:30:00Z")),
            "the snooze is over"
        );
        let paused = Silence {
            paused_until: Some(at("2026-03-02T10:00:00Z")),
            ..silence.clone()
        };
        assert!(is_silenced(
            &alert(1, AlertLevel::AtRisk, "2026-03-02T10:00:00Z"),
            &paused,
            now
        ));
        let quiet = Silence {
            quiet: Some(QuietSpan::parse("08:00", "12:00").unwrap()),
            ..silence.clone()
        };
        assert!(is_silenced(
            &alert(1, AlertLevel::AtRisk, "2026-03-02T10:00:00Z"),
            &quiet,
            now
        ));
        let disabled = Silence {
            enabled: false,
            ..silence
        };
        assert!(is_silenced(
            &alert(1, AlertLevel::AtRisk, "2026-03-02T10:00:00Z"),
            &disabled,
            now
        ));
    }
}
