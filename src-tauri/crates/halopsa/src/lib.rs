//! A typed client for the HaloPSA REST API: the only code in Halodesk that knows Halo's wire
//! format.
//!
//! - [`HaloClient::connect`] signs in with client credentials or a refresh token;
//!   [`HaloClient::begin_sign_in`] runs the browser sign-in (authorization code with PKCE).
//! - Every request shares one rate budget per instance ([`RateBudget`]), goes before or after
//!   others by [`Priority`], and is retried only where that is safe ([`RetryPolicy`]).
//! - Decoding is tolerant: unknown fields, loose types, both date forms and Halo's "no value"
//!   sentinels all read, and nothing panics on a malformed answer.

mod actions;
mod attachments;
mod auth;
mod client;
mod discovery;
mod error;
mod governor;
mod instance;
mod lookups;
mod models;
mod problem;
mod retry;
mod secret;
mod ticket_query;
mod tickets;
mod timestamp;
mod transport;
mod upload;
mod wire;

pub use actions::{
    ActionKind, ActionQuery, AddedAction, EmailDetails, NewAction, OutcomeChoice, StatusChange,
    hours,
};
pub use auth::{BrowserSignIn, Credentials, LoopbackRedirect};
pub use client::{ClientOptions, HaloClient, PendingSignIn};
pub use discovery::AuthServer;
pub use error::{Error, FieldProblem, Result};
pub use governor::{Priority, RateBudget};
pub use instance::{InstanceUrl, InstanceUrlError};
pub use models::*;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use ticket_query::{CategoryLevel, DateField, TicketOrder, TicketQuery};
pub use tickets::{MAX_PAGE_SIZE, NewTicket, Page, TicketDetail, TicketUpdate};
pub use timestamp::Rfc3339;
pub use upload::{UploadMode, UploadProgress, UploadRequest, looks_like_image};

#[cfg(test)]
mod decoding_never_panics;
