//! The OS keyring behind halodesk-core's `SecretStore`: Secret Service on Linux, Keychain on
//! macOS, Credential Manager on Windows. Entries are named after the app identifier, so a test
//! build never reads or replaces a real installation's secrets.

use halodesk_core::{SecretError, SecretStore};
use halopsa::Secret;
use keyring::Entry;

/// The OS keyring, as the app's secret store.
#[derive(Debug)]
pub struct OsKeyring {
    service: String,
}

impl OsKeyring {
    /// Entries under `service`: the app identifier.
    pub fn new(service: &str) -> Self {
        Self {
            service: service.to_owned(),
        }
    }

    fn entry(&self, name: &str) -> Result<Entry, SecretError> {
        Entry::new(&self.service, name).map_err(unavailable)
    }
}

impl SecretStore for OsKeyring {
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretError> {
        match self.entry(name)?.get_password() {
            Ok(secret) => Ok(Some(Secret::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(unavailable(error)),
        }
    }

    fn set(&self, name: &str, secret: &Secret) -> Result<(), SecretError> {
        self.entry(name)?
            .set_password(secret.expose())
            .map_err(unavailable)
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }
}

/// The keyring's own error names the failing platform call; the technician needs to know
/// which keyring and what to try.
fn unavailable(error: keyring::Error) -> SecretError {
    let keyring = if cfg!(target_os = "macos") {
        "the macOS Keychain"
    } else if cfg!(windows) {
        "Windows Credential Manager"
    } else {
        "the desktop keyring (Secret Service, e.g. GNOME Keyring or KWallet)"
    };
    SecretError(format!(
        "Halodesk keeps sign-in secrets only in {keyring}, which could not be used ({error}). Unlock it or start it, then try again."
    ))
}
