//! Drafts saved as the technician types, and per-ticket timers.

use chrono::{DateTime, Utc};

use super::timer::Timer;
use crate::ipc::{
    Done, DraftClearRequest, DraftFound, DraftGetRequest, DraftSaveRequest, TimerList,
    TimerListRequest, TimerOp, TimerRequest, TimerView,
};
use crate::{AppError, ErrorCode, Halodesk};

/// A draft key names a form and its ticket; anything longer is not one of the UI's.
const MAX_KEY_CHARS: usize = 100;
/// Far above any note a technician types, far below what would slow the database.
const MAX_DRAFT_BYTES: usize = 1 << 20;

impl Halodesk {
    /// Saves what is typed in a form, as the technician types.
    pub async fn draft_save(&self, request: DraftSaveRequest) -> Result<Done, AppError> {
        let DraftSaveRequest { key, body } = request;
        let key = checked_key(key)?;
        if body.len() > MAX_DRAFT_BYTES {
            return Err(AppError::new(
                ErrorCode::Invalid,
                "This draft is over 1 MB and was not saved; attach long logs as a file instead.",
            ));
        }
        let (profile, now) = (self.active_profile().await?, self.clock.now());
        self.blocking(move |store, _| Ok(store.save_draft(profile.id, &key, &body, now)?))
            .await?;
        Ok(Done {})
    }

    /// The form's draft, if one was saved.
    pub async fn draft_get(&self, request: DraftGetRequest) -> Result<DraftFound, AppError> {
        let DraftGetRequest { key } = request;
        let key = checked_key(key)?;
        let profile = self.active_profile().await?;
        let draft = self
            .blocking(move |store, _| Ok(store.draft(profile.id, &key)?))
            .await?;
        Ok(DraftFound { draft })
    }

    /// Forgets a form's draft: the form was sent or emptied.
    pub async fn draft_clear(&self, request: DraftClearRequest) -> Result<Done, AppError> {
        let DraftClearRequest { key } = request;
        let key = checked_key(key)?;
        let profile = self.active_profile().await?;
        self.blocking(move |store, _| Ok(store.clear_draft(profile.id, &key)?))
            .await?;
        Ok(Done {})
    }

    /// Starts, pauses or resets a ticket's timer.
    pub async fn timer_update(&self, request: TimerRequest) -> Result<TimerList, AppError> {
        let TimerRequest { ticket_id, op } = request;
        let (profile, now) = (self.active_profile().await?, self.clock.now());
        self.blocking(move |store, _| {
            let mut timer = store.timer(profile.id, ticket_id)?;
            match op {
                TimerOp::Start => timer.start(now),
                TimerOp::Pause => timer.pause(now),
                TimerOp::Reset => timer = Timer::default(),
            }
            store.put_timer(profile.id, ticket_id, &timer)?;
            Ok(timer_list(store.timers(profile.id)?, now))
        })
        .await
    }

    /// Every ticket's timer, as of now.
    pub async fn timer_list(&self, request: TimerListRequest) -> Result<TimerList, AppError> {
        let TimerListRequest {} = request;
        let (profile, now) = (self.active_profile().await?, self.clock.now());
        self.blocking(move |store, _| Ok(timer_list(store.timers(profile.id)?, now)))
            .await
    }
}

fn checked_key(key: String) -> Result<String, AppError> {
    let key = key.trim().to_owned();
    if key.is_empty() || key.chars().count() > MAX_KEY_CHARS {
        return Err(AppError::new(
            ErrorCode::Invalid,
            "A draft needs a short name for its form.",
        ));
    }
    Ok(key)
}

fn timer_list(timers: Vec<(i32, Timer)>, now: DateTime<Utc>) -> TimerList {
    TimerList {
        timers: timers
            .into_iter()
            .map(|(ticket_id, timer)| TimerView {
                ticket_id,
                elapsed_ms: timer.elapsed(now).num_milliseconds(),
                running_since: timer.running_since,
            })
            .collect(),
    }
}
