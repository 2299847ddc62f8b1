//! The SLA watch's state per profile: its settings and pause, snoozed tickets, and the ledger
//! of alerts shown.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use crate::store::{
    SqlContext, Store, StoreError, encode_json, ensure_profile, parse_timestamp, timestamp_text,
};
use halodesk_sla::{AlertLevel, LedgerEntry, SlaTarget};

use super::stored::StoredWatchSettings;
use crate::ipc::WatchSettings;

impl Store {
    /// The profile's watch settings (the defaults until saved) and when a pause ends.
    pub(crate) fn watch_settings(
        &self,
        profile: i32,
    ) -> Result<(WatchSettings, Option<DateTime<Utc>>), StoreError> {
        let row: Option<(String, Option<String>)> = self
            .lock()
            .query_row(
                "SELECT body, paused_until FROM watch_settings WHERE profile_id = ?1",
                [profile],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .doing("read the notification settings")?;
        let Some((body, paused)) = row else {
            return Ok((WatchSettings::default(), None));
        };
        let settings = serde_json::from_str::<StoredWatchSettings>(&body)
            .map(WatchSettings::from)
            .unwrap_or_else(|error| {
                tracing::warn!(profile, %error, "unreadable notification settings: using the defaults");
                WatchSettings::default()
            });
        Ok((settings, parse_timestamp(paused, "paused_until")))
    }

    pub(crate) fn save_watch_settings(
        &self,
        profile: i32,
        settings: &WatchSettings,
    ) -> Result<(), StoreError> {
        let stored = StoredWatchSettings::from(settings);
        let body = encode_json(&stored, "the notification settings")?;
        let conn = self.lock();
        ensure_profile(&conn, profile)?;
        conn.execute(
            "INSERT INTO watch_settings (profile_id, body) VALUES (?1, ?2)
             ON CONFLICT (profile_id) DO UPDATE SET body = excluded.body",
            params![profile, body],
        )
        .doing("save the notification settings")
        .map(drop)
    }

    /// Pauses notifications until `until`, or resumes them (`None`).
    pub(crate) fn pause_watch(
        &self,
        profile: i32,
        until: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        let body = encode_json(&StoredWatchSettings::default(), "the notification settings")?;
        let conn = self.lock();
        ensure_profile(&conn, profile)?;
        conn.execute(
            "INSERT INTO watch_settings (profile_id, body, paused_until) VALUES (?1, ?2, ?3)
             ON CONFLICT (profile_id) DO UPDATE SET paused_until = excluded.paused_until",
            params![profile, body, until.map(timestamp_text)],
        )
        .doing("pause the notifications")
        .map(drop)
    }

    /// Snoozed tickets and when their snooze ends; ended snoozes are left out.
    pub(crate) fn snoozes(
        &self,
        profile: i32,
        now: DateTime<Utc>,
    ) -> Result<HashMap<i32, DateTime<Utc>>, StoreError> {
        const DOING: &str = "read the snoozed tickets";
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached("SELECT ticket_id, until FROM sla_snoozes WHERE profile_id = ?1")
            .doing(DOING)?;
        let rows = stmt
            .query_map([profile], |row| Ok((row.get::<_, i32>(0)?, row.get(1)?)))
            .doing(DOING)?;
        let mut snoozed = HashMap::new();
        for row in rows {
            let (ticket, until) = row.doing(DOING)?;
            if let Some(until) = parse_timestamp(Some(until), "until").filter(|u| *u > now) {
                snoozed.insert(ticket, until);
            }
        }
        Ok(snoozed)
    }

    /// Snoozes a ticket until `until`, or ends its snooze (`None`).
    pub(crate) fn snooze(
        &self,
        profile: i32,
        ticket: i32,
        until: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        let conn = self.lock();
        ensure_profile(&conn, profile)?;
        match until {
            Some(until) => conn.execute(
                "INSERT INTO sla_snoozes (profile_id, ticket_id, until) VALUES (?1, ?2, ?3)
                 ON CONFLICT (profile_id, ticket_id) DO UPDATE SET until = excluded.until",
                params![profile, ticket, timestamp_text(until)],
            ),
            None => conn.execute(
                "DELETE FROM sla_snoozes WHERE profile_id = ?1 AND ticket_id = ?2",
                params![profile, ticket],
            ),
        }
        .doing("snooze the ticket's alerts")
        .map(drop)
    }

    /// Every alert shown for the profile.
    pub(crate) fn sla_ledger(&self, profile: i32) -> Result<Vec<LedgerEntry>, StoreError> {
        const DOING: &str = "read which alerts were shown";
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(
                "SELECT ticket_id, target, state, deadline FROM sla_alerts WHERE profile_id = ?1",
            )
            .doing(DOING)?;
        let rows = stmt
            .query_map([profile], |row| {
                Ok((
                    row.get::<_, i32>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            })
            .doing(DOING)?;
        let mut ledger = Vec::new();
        for row in rows {
            let (ticket_id, target, level, deadline) = row.doing(DOING)?;
            let (Some(target), Some(level)) = (parse_target(&target), parse_level(&level)) else {
                continue;
            };
            ledger.push(LedgerEntry {
                ticket_id,
                target,
                level,
                deadline: parse_timestamp(deadline, "deadline"),
            });
        }
        Ok(ledger)
    }

    /// Records alerts as shown, in one transaction with nothing else: written before the
    /// notification goes out, a crash can lose a notification but never repeat one.
    pub(crate) fn record_alerts(
        &self,
        profile: i32,
        shown: &[LedgerEntry],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        const DOING: &str = "record the alerts shown";
        let mut conn = self.lock();
        ensure_profile(&conn, profile)?;
        let tx = conn.transaction().doing(DOING)?;
        for entry in shown {
            tx.execute(
                "INSERT INTO sla_alerts (profile_id, ticket_id, target, state, deadline, notified_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (profile_id, ticket_id, target, state) DO UPDATE SET
                   deadline = excluded.deadline, notified_at = excluded.notified_at",
                params![
                    profile,
                    entry.ticket_id,
                    target_text(entry.target),
                    level_text(entry.level),
                    entry.deadline.map(timestamp_text),
                    timestamp_text(now)
                ],
            )
            .doing(DOING)?;
        }
        tx.commit().doing(DOING)
    }
}

fn target_text(target: SlaTarget) -> &'static str {
    match target {
        SlaTarget::Response => "response",
        SlaTarget::Resolution => "resolution",
    }
}

fn parse_target(text: &str) -> Option<SlaTarget> {
    [SlaTarget::Response, SlaTarget::Resolution]
        .into_iter()
        .find(|t| target_text(*t) == text)
}

fn level_text(level: AlertLevel) -> &'static str {
    match level {
        AlertLevel::AtRisk => "atRisk",
        AlertLevel::Breached => "breached",
    }
}

fn parse_level(text: &str) -> Option<AlertLevel> {
    [AlertLevel::AtRisk, AlertLevel::Breached]
        .into_iter()
        .find(|l| level_text(*l) == text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::demo;

    #[test]
    fn the_ledger_settings_and_snoozes_survive_reopening() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("halodesk.db");
        let now: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().unwrap();
        let entry = LedgerEntry {
            ticket_id: 7,
            target: SlaTarget::Resolution,
            level: AlertLevel::AtRisk,
            deadline: Some("2026-03-02T10:00:00Z".parse().unwrap()),
        };
        let profile = {
            let store = Store::open(&path, crate::store::Durability::Full).unwrap();
            let profile = store.add_profile(&demo()).unwrap().id;
            store
                .record_alerts(profile, std::slice::from_ref(&entry), now)
                .unwrap();
            store
                .record_alerts(profile, std::slice::from_ref(&entry), now)
                .unwrap();
            let settings = WatchSettings {
                at_risk_minutes: 30,
                ..WatchSettings::default()
            };
            store.save_watch_settings(profile, &settings).unwrap();
            store.pause_watch(profile, Some(now)).unwrap();
            store
                .snooze(profile, 7, Some("2026-03-02T11:00:00Z".parse().unwrap()))
                .unwrap();
            store
                .snooze(profile, 8, Some("2026-03-02T08:00:00Z".parse().unwrap()))
                .unwrap();
            profile
        };
        let store = Store::open(&path, crate::store::Durability::Full).unwrap();
        assert_eq!(store.sla_ledger(profile).unwrap(), [entry]);
        let (settings, paused) = store.watch_settings(profile).unwrap();
        assert_eq!(settings.at_risk_minutes, 30);
        assert_eq!(paused, Some(now));
        let snoozed = store.snoozes(profile, now).unwrap();
        assert_eq!(
            snoozed.keys().copied().collect::<Vec<_>>(),
            [7],
            "8's snooze is over"
        );
        store.snooze(profile, 7, None).unwrap();
        assert!(store.snoozes(profile, now).unwrap().is_empty());
    }
}
