//! Profiles and sign-in: saved connections to HaloPSA instances, tested before they are kept,
//! signed in with a client secret or through the browser, switched and signed out, and the
//! demo, whose instance is the simulator running inside the app. A profile goes to the
//! database and its secret to the keyring, never the reverse.

mod browser;
mod commands;
mod demo;
mod forget_files;
pub(crate) mod ipc;
pub(crate) mod secrets;
pub(crate) mod store;

pub(crate) use browser::PendingBrowser;
pub(crate) use demo::Demo;
