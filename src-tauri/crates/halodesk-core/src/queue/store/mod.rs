//! The queue's tables: the cached tickets with the instance's lookups and the sync state, and
//! the saved filters.

mod filters;
mod tickets;

pub(crate) use tickets::SyncBatch;
