//! A typed client for the HaloPSA REST API.
//!
//! This crate is the only place in Halodesk that knows Halo's wire format. It starts with the
//! instance address a technician types in; the endpoints, auth and models build on it.

mod instance;

pub use instance::{InstanceUrl, InstanceUrlError};
