//! The queue: the cached snapshot first, then what changed on the instance.

use super::Halodesk;
use super::sla_watch::at_risk_rule;
use crate::AppError;
use crate::api::{QueueDelta, QueueFilter, QueueSnapshot, SavedFilters};
use crate::queue::{self, queue_row};

impl Halodesk {
    /// The cached queue, without going online: what the technician sees at once.
    pub async fn queue_snapshot(&self) -> Result<QueueSnapshot, AppError> {
        let profile = self.active_profile().await?;
        let now = self.clock.now();
        self.blocking(move |store, _| {
            let lookups = store.lookups(profile.id)?;
            let rule = at_risk_rule(&store.watch_settings(profile.id)?.0);
            let rows = store
                .cached_tickets(profile.id)?
                .iter()
                .map(|ticket| queue_row(ticket, &lookups, now, &rule))
                .collect();
            Ok(QueueSnapshot {
                rows,
                saved_filters: store.saved_filters(profile.id)?,
                synced_at: store
                    .sync_state(profile.id)?
                    .synced_at
                    .map(|at| at.to_string()),
                lookups,
            })
        })
        .await
    }

    /// Brings the cache up to date and returns what changed.
    pub async fn queue_refresh(&self, full: bool) -> Result<QueueDelta, AppError> {
        let _one_at_a_time = self.syncing.lock().await;
        let (profile, client) = self.client().await?;
        let now = self.clock.now();
        let synced = queue::sync(&client, &self.store, profile.id, full, now).await?;
        // HaloPSA answers again: writes waiting for it need not wait out their backoff.
        self.outbox_reconnected(profile.id).await;
        let batch = synced.batch;
        let lookups = match &batch.lookups {
            Some(lookups) => lookups.clone(),
            None => self.store.lookups(profile.id)?,
        };
        let rule = at_risk_rule(&self.store.watch_settings(profile.id)?.0);
        Ok(QueueDelta {
            changed: batch
                .tickets
                .iter()
                .map(|ticket| queue_row(ticket, &lookups, now, &rule))
                .collect(),
            removed_ids: batch.removed_ids,
            lookups: batch.lookups,
            full: batch.full,
            synced_at: Some(now.to_string()),
        })
    }

    pub async fn filter_save(
        &self,
        name: String,
        filter: QueueFilter,
    ) -> Result<SavedFilters, AppError> {
        let profile = self.active_profile().await?;
        self.blocking(move |store, _| {
            store.save_filter(profile.id, &name, &filter)?;
            Ok(SavedFilters {
                filters: store.saved_filters(profile.id)?,
            })
        })
        .await
    }

    pub async fn filter_delete(&self, filter_id: i32) -> Result<SavedFilters, AppError> {
        let profile = self.active_profile().await?;
        self.blocking(move |store, _| {
            store.delete_filter(profile.id, filter_id)?;
            Ok(SavedFilters {
                filters: store.saved_filters(profile.id)?,
            })
        })
        .await
    }
}
