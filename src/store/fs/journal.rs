//! The journal of orders in flight (`<store>/journal/<name>/`): the certificate key (0600) and
//! the order URL are written before they are used, so a run killed at any step is picked up by
//! the next one with the same key and, if the CA still holds it, the same order: never a second
//! order for a crash, never a key that was sent to the CA but lost.

use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::atomic::{self, PRIVATE_FILE};
use super::{FsStore, StoreError, confine};
use crate::domain::{CertName, Identifier};

const ENTRY_FILE: &str = "order.json";
const KEY_FILE: &str = "privkey.pem";

/// One order in flight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// The CA directory URL.
    pub ca: String,
    /// The identifiers ordered.
    pub identifiers: Vec<Identifier>,
    /// The order URL, once the CA created it.
    pub order_url: Option<String>,
    /// When a `newOrder` was sent whose answer is not recorded yet: the CA may hold an order
    /// the journal does not name, so the next attempt looks in the account's orders list
    /// before placing another.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub order_requested: Option<OffsetDateTime>,
    /// When the attempt started.
    #[serde(with = "time::serde::rfc3339")]
    pub started: OffsetDateTime,
}

impl FsStore {
    fn journal_dir(&self, name: &CertName) -> PathBuf {
        self.root().join("journal").join(name.as_str())
    }

    /// The journaled order of `name` and its key, if a run was interrupted.
    pub fn journal_load(
        &self,
        name: &CertName,
    ) -> Result<Option<(JournalEntry, Option<String>)>, StoreError> {
        // Nothing there is the common case: one lookup, which reads nothing through whatever
        // `journal/` may be; anything there is checked in full.
        if fs::symlink_metadata(self.journal_dir(name))
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
            || !self.journal_check(name)?
        {
            return Ok(None);
        }
        let dir = self.journal_dir(name);
        let path = dir.join(ENTRY_FILE);
        let bytes = match atomic::read_regular(&path) {
            Ok(bytes) => bytes,
            Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                return Ok(None);
            }
            Err(err) => return Err(err),
        };
        let entry = serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
            path,
            reason: e.to_string(),
        })?;
        let key = atomic::read_regular(&dir.join(KEY_FILE))
            .ok()
            .and_then(|k| String::from_utf8(k).ok());
        Ok(Some((entry, key)))
    }

    /// Records an attempt: the key (0600) and the entry that refers to it, durable together
    /// when this returns (one directory fsync for both: nothing is sent to the CA before then,
    /// so a crash in between loses nothing that was used).
    pub fn journal_begin(
        &self,
        name: &CertName,
        entry: &JournalEntry,
        key_pem: Option<&str>,
    ) -> Result<(), StoreError> {
        // Created level by level and checked, so the key is never written through a symlink.
        let dir = self.journal_dir(name);
        if let Some(parent) = dir.parent() {
            confine::ensure_dir(parent)?;
        }
        confine::ensure_dir(&dir)?;
        let Some(key) = key_pem else {
            return self.journal_write(name, entry);
        };
        let (key_path, entry_path) = (dir.join(KEY_FILE), dir.join(ENTRY_FILE));
        let json = entry_json(&entry_path, entry)?;
        atomic::write_files_in(
            &dir,
            &[
                (&key_path, key.as_bytes(), PRIVATE_FILE),
                (&entry_path, &json, PRIVATE_FILE),
            ],
        )
    }

    /// Rewrites the entry (e.g. with the order URL).
    pub fn journal_write(&self, name: &CertName, entry: &JournalEntry) -> Result<(), StoreError> {
        self.journal_check(name)?;
        let path = self.journal_dir(name).join(ENTRY_FILE);
        let json = entry_json(&path, entry)?;
        atomic::write_file(&path, &json, PRIVATE_FILE)
    }

    /// Forgets the attempt once its certificate is stored (or it can no longer be resumed).
    pub fn journal_clear(&self, name: &CertName) -> Result<(), StoreError> {
        // `remove_dir_all` removes a symlink found at `journal/<name>`, never what it points at;
        // `journal/` itself must be checked, or the path would lead through it.
        if !confine::real_dir(&self.root().join("journal"))? {
            return Ok(());
        }
        let dir = self.journal_dir(name);
        match fs::remove_dir_all(&dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::Io {
                op: "remove",
                path: dir,
                source: e,
            }),
            _ => Ok(()),
        }
    }
}

/// The entry as stored at `path` (pretty JSON).
fn entry_json(path: &std::path::Path, entry: &JournalEntry) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec_pretty(entry).map_err(|e| StoreError::Corrupt {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}
