//! The ticket view: a ticket's fields, its sanitized details and timeline, and its attachments
//! saved or opened from the instance; links in it leave the app only once checked.

mod attachments;
mod commands;
mod file_names;
pub(crate) mod ipc;
mod links;
mod sanitize;
mod store;
mod timeline;
