//! The OS services Halodesk uses, without Tauri: the keyring for secrets, desktop
//! notifications, the clipboard's image, and the default app for a link or a file.
//!
//! Each implements a trait or fills a need that `halodesk-core` owns, so the core builds and
//! tests with no desktop at all, and the shell only plugs these in.

mod clipboard;
mod keyring;
mod notifications;
mod open;

pub use clipboard::paste_image;
pub use keyring::OsKeyring;
pub use notifications::DesktopNotifier;
pub use open::open_outside;
