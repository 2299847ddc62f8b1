//! The ticket queue: what the cache keeps, how it is listed, and how it is kept up to date.

mod cached;

pub use cached::CachedTicket;
