//! The watch's commands: its settings, the counts now, a ticket snoozed, every notification
//! paused.

use chrono::TimeDelta;
use halodesk_sla::QuietSpan;

use crate::ipc::{
    PauseNotificationsRequest, SnoozeRequest, WatchSettings, WatchSettingsRequest,
    WatchSettingsSaveRequest, WatchStatus, WatchStatusRequest,
};
use crate::{AppError, ErrorCode, Halodesk};

impl Halodesk {
    /// The watch's settings for the connection in use.
    pub async fn watch_settings(
        &self,
        request: WatchSettingsRequest,
    ) -> Result<WatchSettings, AppError> {
        let WatchSettingsRequest {} = request;
        let profile = self.active_profile().await?;
        self.blocking(move |store, _| Ok(store.watch_settings(profile.id)?.0))
            .await
    }

    /// Checks and saves the watch's settings.
    pub async fn watch_settings_save(
        &self,
        request: WatchSettingsSaveRequest,
    ) -> Result<WatchSettings, AppError> {
        let WatchSettingsSaveRequest { settings } = request;
        let profile = self.active_profile().await?;
        check_settings(&settings)?;
        let saved = settings.clone();
        self.blocking(move |store, _| Ok(store.save_watch_settings(profile.id, &saved)?))
            .await?;
        Ok(settings)
    }

    /// The counts as of now, from the cache: no request, and no alert shown or used up.
    pub async fn watch_status(&self, request: WatchStatusRequest) -> Result<WatchStatus, AppError> {
        let WatchStatusRequest {} = request;
        self.check_deadlines(None).await
    }

    /// Silences one ticket for a while, or ends its snooze.
    pub async fn watch_snooze(&self, request: SnoozeRequest) -> Result<WatchStatus, AppError> {
        let SnoozeRequest { ticket_id, minutes } = request;
        let profile = self.active_profile().await?;
        let until =
            (minutes > 0).then(|| self.clock.now() + TimeDelta::minutes(i64::from(minutes)));
        self.blocking(move |store, _| Ok(store.snooze(profile.id, ticket_id, until)?))
            .await?;
        self.check_deadlines(None).await
    }

    /// Pauses every notification for a while, or resumes them.
    pub async fn watch_pause(
        &self,
        request: PauseNotificationsRequest,
    ) -> Result<WatchStatus, AppError> {
        let PauseNotificationsRequest { minutes } = request;
        let profile = self.active_profile().await?;
        let until = minutes.map(|m| self.clock.now() + TimeDelta::minutes(i64::from(m)));
        self.blocking(move |store, _| Ok(store.pause_watch(profile.id, until)?))
            .await?;
        self.check_deadlines(None).await
    }
}

fn check_settings(settings: &WatchSettings) -> Result<(), AppError> {
    let invalid = |message: &str| Err(AppError::new(ErrorCode::Invalid, message));
    if !(1..=1440).contains(&settings.at_risk_minutes) {
        return invalid("\"At risk\" is between 1 minute and 24 hours before the deadline.");
    }
    if settings
        .at_risk_percent
        .is_some_and(|p| !(1..=99).contains(&p))
    {
        return invalid("The share of the target is a percentage between 1 and 99.");
    }
    if let Some(hours) = &settings.quiet_hours
        && let Err(error) = QuietSpan::parse(&hours.start, &hours.end)
    {
        return Err(AppError::new(ErrorCode::Invalid, error.to_string()));
    }
    Ok(())
}
