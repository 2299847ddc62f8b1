//! Uploads: files dropped, pasted or picked onto a ticket are stored before anything is sent,
//! sent two at a time with progress, looked for on the ticket before any resend, and taught
//! by the instance (multipart or JSON, the largest size it takes).

mod commands;
mod failure;
mod identity;
mod inspect;
pub(crate) mod ipc;
mod send;
mod store;
mod worker;

pub(crate) use commands::pasted_folder;
pub(crate) use worker::UploadSignals;
