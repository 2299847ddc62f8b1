//! The queue: the cached snapshot first, then what changed on the instance.

use super::queue_row;
use super::sync::sync;
use crate::ipc::{
    DeleteFilterRequest, QueueDelta, QueueRefreshRequest, QueueSnapshot, QueueSnapshotRequest,
    SaveFilterRequest, SavedFilters,
};
use crate::watch::at_risk_rule;
use crate::{AppError, Halodesk};

impl Halodesk {
    /// The cached queue, without going online: what the technician sees at once.
    pub async fn queue_snapshot(
        &self,
        request: QueueSnapshotRequest,
    ) -> Result<QueueSnapshot, AppError> {
        let QueueSnapshotRequest {} = request;
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
                synced_at: store.sync_state(profile.id)?.synced_at,
                lookups,
            })
        })
        .await
    }

    /// Brings the cache up to date and returns what changed; `full` reloads every open ticket.
    pub async fn queue_refresh(
        &self,
        request: QueueRefreshRequest,
    ) -> Result<QueueDelta, AppError> {
        let QueueRefreshRequest { full } = request;
        self.refresh_queue(full).await
    }

    /// What the refresh command and the SLA watch's poll share: one sync at a time.
    pub(crate) async fn refresh_queue(&self, full: bool) -> Result<QueueDelta, AppError> {
        let _one_at_a_time = self.syncing.lock().await;
        let (profile, client) = self.client().await?;
        let now = self.clock.now();
        let synced = sync(&client, &self.store, profile.id, full, now).await?;
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
            synced_at: Some(now),
        })
    }

    /// Saves the filter under its name, replacing one of the same name.
    pub async fn filter_save(&self, request: SaveFilterRequest) -> Result<SavedFilters, AppError> {
        let SaveFilterRequest { name, filter } = request;
        let profile = self.active_profile().await?;
        self.blocking(move |store, _| {
            store.save_filter(profile.id, &name, &filter)?;
            Ok(SavedFilters {
                filters: store.saved_filters(profile.id)?,
            })
        })
        .await
    }

    /// Deletes a saved filter.
    pub async fn filter_delete(
        &self,
        request: DeleteFilterRequest,
    ) -> Result<SavedFilters, AppError> {
        let DeleteFilterRequest { filter_id } = request;
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
