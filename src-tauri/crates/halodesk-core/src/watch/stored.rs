//! The watch settings as the database keeps them: a shape of their own, every field defaulted,
//! so settings saved by an older Halodesk still load after a field is added, and a change to
//! what the window is sent never touches what is on disk.

use serde::{Deserialize, Serialize};

use crate::ipc::{QuietHours, WatchScope, WatchSettings};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct StoredWatchSettings {
    enabled: bool,
    scope: StoredScope,
    at_risk_minutes: u32,
    at_risk_percent: Option<u32>,
    quiet_hours: Option<StoredQuietHours>,
    muted_priority_ids: Vec<i32>,
    close_to_tray: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum StoredScope {
    #[default]
    Mine,
    MyTeams,
    SavedFilter {
        id: i32,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct StoredQuietHours {
    start: String,
    end: String,
}

impl Default for StoredWatchSettings {
    fn default() -> Self {
        Self::from(&WatchSettings::default())
    }
}

impl From<&WatchSettings> for StoredWatchSettings {
    fn from(settings: &WatchSettings) -> Self {
        Self {
            enabled: settings.enabled,
            scope: match settings.scope {
                WatchScope::Mine => StoredScope::Mine,
                WatchScope::MyTeams => StoredScope::MyTeams,
                WatchScope::SavedFilter { id } => StoredScope::SavedFilter { id },
            },
            at_risk_minutes: settings.at_risk_minutes,
            at_risk_percent: settings.at_risk_percent,
            quiet_hours: settings.quiet_hours.as_ref().map(|hours| StoredQuietHours {
                start: hours.start.clone(),
                end: hours.end.clone(),
            }),
            muted_priority_ids: settings.muted_priority_ids.clone(),
            close_to_tray: settings.close_to_tray,
        }
    }
}

impl From<StoredWatchSettings> for WatchSettings {
    fn from(stored: StoredWatchSettings) -> Self {
        Self {
            enabled: stored.enabled,
            scope: match stored.scope {
                StoredScope::Mine => WatchScope::Mine,
                StoredScope::MyTeams => WatchScope::MyTeams,
                StoredScope::SavedFilter { id } => WatchScope::SavedFilter { id },
            },
            at_risk_minutes: stored.at_risk_minutes,
            at_risk_percent: stored.at_risk_percent,
            quiet_hours: stored.quiet_hours.map(|hours| QuietHours {
                start: hours.start,
                end: hours.end,
            }),
            muted_priority_ids: stored.muted_priority_ids,
            close_to_tray: stored.close_to_tray,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_saved_before_a_field_was_added_still_load() {
        // Written by the first Halodesk with a watch: no share rule, no tray setting yet.
        let old = r#"{"enabled":false,"scope":{"kind":"savedFilter","id":4},"atRiskMinutes":30,
            "quietHours":{"start":"22:00","end":"07:00"},"mutedPriorityIds":[4]}"#;
        let stored: StoredWatchSettings = serde_json::from_str(old).unwrap();
        let settings = WatchSettings::from(stored);
        assert!(!settings.enabled);
        assert_eq!(settings.scope, WatchScope::SavedFilter { id: 4 });
        assert_eq!(settings.at_risk_minutes, 30);
        assert_eq!(settings.at_risk_percent, None);
        assert_eq!(settings.muted_priority_ids, [4]);
        assert!(
            !settings.close_to_tray,
            "a field the old file lacks takes its default"
        );
    }

    #[test]
    fn what_is_saved_reads_back_the_same() {
        let settings = WatchSettings {
            at_risk_percent: Some(75),
            close_to_tray: true,
            ..WatchSettings::default()
        };
        let text = serde_json::to_string(&StoredWatchSettings::from(&settings)).unwrap();
        let stored: StoredWatchSettings = serde_json::from_str(&text).unwrap();
        assert_eq!(WatchSettings::from(stored), settings);
    }
}
