//! Where secrets are kept: the OS keyring in the app, a map in tests. Only the client secret and
//! the refresh token of each profile; never in the database, a log or the UI.

use std::collections::HashMap;
use std::sync::Mutex;

use halopsa::Secret;

/// Which secret of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SecretKind {
    ClientSecret,
    RefreshToken,
}

impl SecretKind {
    pub(crate) const ALL: [Self; 2] = [Self::ClientSecret, Self::RefreshToken];

    /// The keyring entry's user name, e.g. `profile-3/client-secret`.
    pub(crate) fn entry_name(self, profile_id: i32) -> String {
        let kind = match self {
            Self::ClientSecret => "client-secret",
            Self::RefreshToken => "refresh-token",
        };
        format!("profile-{profile_id}/{kind}")
    }
}

/// Why the keyring could not be used; the message says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SecretError(pub String);

/// A credential store keyed by entry name. Implementations block: call them off the async
/// runtime's worker threads (`spawn_blocking`).
pub trait SecretStore: Send + Sync + std::fmt::Debug {
    fn get(&self, entry: &str) -> Result<Option<Secret>, SecretError>;
    fn set(&self, entry: &str, secret: &Secret) -> Result<(), SecretError>;
    /// Deleting an entry that does not exist succeeds.
    fn delete(&self, entry: &str) -> Result<(), SecretError>;
}

/// Secrets in memory, for tests and for the demo, which has nothing worth keeping.
#[derive(Debug, Default)]
pub struct MemorySecrets(Mutex<HashMap<String, Secret>>);

impl MemorySecrets {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The names of the entries held, for tests to check what was stored or removed.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.entries().keys().cloned().collect();
        names.sort();
        names
    }
}

impl SecretStore for MemorySecrets {
    fn get(&self, entry: &str) -> Result<Option<Secret>, SecretError> {
        Ok(self.entries().get(entry).cloned())
    }

    fn set(&self, entry: &str, secret: &Secret) -> Result<(), SecretError> {
        self.entries().insert(entry.to_owned(), secret.clone());
        Ok(())
    }

    fn delete(&self, entry: &str) -> Result<(), SecretError> {
        self.entries().remove(entry);
        Ok(())
    }
}

impl From<SecretError> for crate::AppError {
    fn from(error: SecretError) -> Self {
        Self::new(crate::ErrorCode::Keyring, error.0)
    }
}
