//! The ticket view: a ticket's fields, its sanitized details and timeline, and its attachments
//! saved or opened from the instance; links in it leave the app only once checked.

mod attachments;
mod commands;
mod file_names;
pub(crate) mod ipc;
mod links;
mod mailto;
mod runs_code;
mod sanitize;
mod store;
mod timeline;

pub(crate) use attachments::{OPENED_KEPT, opened_folder, opened_root};
