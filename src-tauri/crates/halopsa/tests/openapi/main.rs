//! The client's requests against Halo's own OpenAPI description ("Halo API v2").
//!
//! The simulator accepts whatever the client sends, so the client's tests alone cannot show
//! that a field name is one Halo knows: a misspelt field is silently ignored by a real instance
//! too. This test records the requests the client really sends, through a proxy in front of the
//! simulator, and checks every query parameter and body field name against the names
//! openapi.json lists for that path.
//!
//! - `extract`: the few paths the client uses, cut out of the 3.6 MB openapi.json into the
//!   committed `halo-requests.json`, and the check that it has not drifted from the full file.
//! - `proxy`: the recording proxy.
//! - `drive`: calls every endpoint of the client with every option, so every name is sent.
//! - `conformance`: the test that ties them together.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod conformance;
mod drive;
mod extract;
mod proxy;
