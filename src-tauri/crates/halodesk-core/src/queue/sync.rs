//! Keeping the cache up to date: a full read of the open tickets the first time (and when the
//! technician asks), then only what changed since the newest `last_update` seen.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use halopsa::{HaloClient, TicketQuery};

use super::store::SyncBatch;
use crate::ipc::{Choice, QueueLookups, StatusChoice};
use crate::queue::CachedTicket;
use crate::store::Store;
use crate::{AppError, ErrorCode};

/// Pages fetched at once during a full sync: quick, and well inside the rate budget.
const PAGE_CONCURRENCY: usize = 4;

/// How far before the high-water mark an incremental sync starts reading. Halo compares
/// `last_update` at its own precision and a ticket saved in the same instant as the newest one
/// seen could otherwise be missed; reading one twice only replaces it with itself.
const OVERLAP: TimeDelta = TimeDelta::seconds(2);

/// A full sync also happens when the last one is older than this, so tickets deleted in Halo
/// (which an incremental read cannot see) leave the cache.
const FULL_SYNC_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// What a sync brought: the batch the store applied.
#[derive(Debug)]
pub(crate) struct Synced {
    pub batch: SyncBatch,
}

pub(crate) async fn sync(
    client: &HaloClient,
    store: &Arc<Store>,
    profile: i32,
    full_requested: bool,
    now: DateTime<Utc>,
) -> Result<Synced, AppError> {
    let state = store.sync_state(profile)?;
    let stale = state.full_synced_at.is_none_or(|at| {
        now.signed_duration_since(at)
            > TimeDelta::from_std(FULL_SYNC_EVERY).unwrap_or(TimeDelta::MAX)
    });
    let since = state.high_water.filter(|_| !full_requested && !stale);
    let cached_lookups = store.lookups(profile)?;
    let reload_lookups = since.is_none() || cached_lookups.statuses.is_empty();

    let query = match since {
        // Closed tickets too: a ticket closed since the last sync must leave the open views.
        Some(since) => {
            TicketQuery::new().updated_since(since.checked_sub_signed(OVERLAP).unwrap_or(since))
        }
        None => TicketQuery::new().open_only(),
    };
    let (tickets, lookups) = if reload_lookups {
        let (tickets, lookups) = tokio::try_join!(
            client.all_tickets(&query, PAGE_CONCURRENCY),
            lookups(client)
        )?;
        (tickets, Some(lookups))
    } else {
        (client.all_tickets(&query, PAGE_CONCURRENCY).await?, None)
    };

    let tickets: Vec<CachedTicket> = tickets.iter().map(CachedTicket::from).collect();
    let high_water = tickets.iter().filter_map(|t| t.updated_at).max();
    let batch = SyncBatch {
        tickets,
        removed_ids: Vec::new(),
        full: since.is_none(),
        high_water: high_water.or(state.high_water),
        synced_at: now,
        lookups,
    };
    // Writing thousands of rows takes a while: off the async workers.
    let writer = store.clone();
    tokio::task::spawn_blocking(move || writer.apply_sync(profile, &batch).map(|()| batch))
        .await
        .map_err(|error| {
            AppError::new(
                ErrorCode::Storage,
                format!("Saving the tickets stopped unexpectedly ({error})."),
            )
        })?
        .map(|batch| Synced { batch })
        .map_err(AppError::from)
}

/// The picklists the queue draws and filters with.
async fn lookups(client: &HaloClient) -> Result<QueueLookups, halopsa::Error> {
    let (statuses, slas, teams, agents) = tokio::try_join!(
        client.statuses(),
        client.slas(),
        client.teams(),
        client.agents()
    )?;
    let mut priority_choices: Vec<Choice> = Vec::new();
    for policy in slas.into_iter().flat_map(|sla| sla.policies) {
        let Some(id) = policy.priority_id else {
            continue;
        };
        // The same priority appears once per SLA; the queue filters by priority, not policy.
        if priority_choices.iter().all(|p| p.id != id) {
            priority_choices.push(Choice {
                id,
                name: policy.name,
                colour: policy.colour,
            });
        }
    }
    priority_choices.sort_by_key(|p| p.id);
    Ok(QueueLookups {
        statuses: statuses
            .into_iter()
            .map(|s| StatusChoice {
                closed: s.is_closed(),
                id: s.id,
                name: s.name,
                colour: s.colour,
            })
            .collect(),
        priorities: priority_choices,
        teams: teams
            .into_iter()
            .filter(|t| !t.inactive)
            .map(|t| Choice {
                id: t.id,
                name: t.name,
                colour: String::new(),
            })
            .collect(),
        agents: agents
            .into_iter()
            .filter(|a| !a.disabled)
            .map(|a| Choice {
                id: a.id,
                name: a.name,
                colour: String::new(),
            })
            .collect(),
    })
}
