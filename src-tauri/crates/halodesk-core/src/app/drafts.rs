//! Drafts saved as the technician types, and per-ticket timers.

use jiff::Timestamp;

use super::Halodesk;
use crate::api::{Done, DraftFound, TimerList, TimerOp, TimerView};
use crate::workflow::Timer;
use crate::{AppError, ErrorCode};

/// A draft key names a form and its ticket; anything longer is not one of the UI's.
const MAX_KEY_CHARS: usize = 100;
/// Far above any note a technician types, far below what would slow the database.
const MAX_DRAFT_BYTES: usize = 1 << 20;

impl Halodesk {
    pub async fn draft_save(&self, key: String, body: String) -> Result<Done, AppError> {
        let key = checked_key(key)?;
        if body.len() > MAX_DRAFT_BYTES {
            return Err(AppError::new(
                ErrorCode::Invalid,
                "This draft is over 1 MB and was not saved; attach long logs as a file instead.",
            ));
        }
        let profile = self.active_profile().await?;
        self.blocking(move |store, _| {
            Ok(store.save_draft(profile.id, &key, &body, Timestamp::now())?)
        })
        .await?;
        Ok(Done {})
    }

    pub async fn draft_get(&self, key: String) -> Result<DraftFound, AppError> {
        let key = checked_key(key)?;
        let profile = self.active_profile().await?;
        let draft = self
            .blocking(move |store, _| Ok(store.draft(profile.id, &key)?))
            .await?;
        Ok(DraftFound { draft })
    }

    pub async fn draft_clear(&self, key: String) -> Result<Done, AppError> {
        let key = checked_key(key)?;
        let profile = self.active_profile().await?;
        self.blocking(move |store, _| Ok(store.clear_draft(profile.id, &key)?))
            .await?;
        Ok(Done {})
    }

    pub async fn timer_update(&self, ticket_id: i32, op: TimerOp) -> Result<TimerList, AppError> {
        let profile = self.active_profile().await?;
        self.blocking(move |store, _| {
            let now = Timestamp::now();
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

    pub async fn timer_list(&self) -> Result<TimerList, AppError> {
        let profile = self.active_profile().await?;
        self.blocking(move |store, _| Ok(timer_list(store.timers(profile.id)?, Timestamp::now())))
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

fn timer_list(timers: Vec<(i32, Timer)>, now: Timestamp) -> TimerList {
    TimerList {
        timers: timers
            .into_iter()
            .map(|(ticket_id, timer)| TimerView {
                ticket_id,
                elapsed_ms: timer.elapsed(now).as_millis() as i64,
                running_since: timer.running_since.map(|at| at.to_string()),
            })
            .collect(),
    }
}
