//! The worker's keyring: the product keeps secrets in the OS keyring, which a process started by
//! `cargo bench` on a headless machine may not reach, and the worker must find its client
//! secret again after a SIGKILL. So, for this bench only, a JSON file in the run's temporary
//! folder holding the simulator's made-up secret, written whole and renamed into place so a
//! kill leaves the old file or the new one.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use halodesk_core::{SecretError, SecretStore};
use halopsa::Secret;

#[derive(Debug)]
pub(crate) struct FileSecrets {
    path: PathBuf,
    /// One change at a time: each reads the file, changes it and writes it back.
    changing: Mutex<()>,
}

impl FileSecrets {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self {
            path,
            changing: Mutex::new(()),
        }
    }

    fn read(&self) -> Result<BTreeMap<String, String>, SecretError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| SecretError(format!("the secrets file does not read: {e}"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(SecretError(format!("the secrets file cannot be read: {e}"))),
        }
    }

    fn change(&self, edit: impl FnOnce(&mut BTreeMap<String, String>)) -> Result<(), SecretError> {
        let _one_at_a_time = self.changing.lock().unwrap_or_else(PoisonError::into_inner);
        let mut entries = self.read()?;
        edit(&mut entries);
        let written = self.path.with_extension("new");
        let failed = |e: std::io::Error| SecretError(format!("the secrets file: {e}"));
        let bytes = serde_json::to_vec(&entries).map_err(|e| SecretError(e.to_string()))?;
        std::fs::write(&written, bytes).map_err(failed)?;
        std::fs::rename(&written, &self.path).map_err(failed)
    }
}

impl SecretStore for FileSecrets {
    fn get(&self, entry: &str) -> Result<Option<Secret>, SecretError> {
        Ok(self.read()?.get(entry).map(Secret::new))
    }

    fn set(&self, entry: &str, secret: &Secret) -> Result<(), SecretError> {
        self.change(|entries| {
            entries.insert(entry.to_owned(), secret.expose().to_owned());
        })
    }

    fn delete(&self, entry: &str) -> Result<(), SecretError> {
        self.change(|entries| {
            entries.remove(entry);
        })
    }
}
