//! The ticket queue: what the cache keeps, how it is listed, and how it is kept up to date.

mod cached;
mod filter;
mod rows;
mod sync;

pub use cached::CachedTicket;
pub(crate) use rows::queue_row;
pub(crate) use sync::sync;
