//! What certkeep learned about a CA's behaviour (`accounts/<ca-id>/ca.json`), shared by every
//! account and certificate on that CA. Today one fact: the CA does not reflect (or refuses) the
//! ARI `replaces` field (RFC 9773 §5), so renewals there are ordered without it instead of
//! leaving an orphan order behind each time. A missing or unreadable file means "nothing
//! learned": the worst case is one more order with `replaces`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::atomic::{self, PUBLIC_FILE};
use super::{FsStore, StoreError};

const NOTES_FILE: &str = "ca.json";

/// The facts learned about one CA.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaNotes {
    /// Since when the CA is known not to honour ARI `replaces` (`None`: it does, or unknown).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub replaces_ignored_since: Option<OffsetDateTime>,
}

impl FsStore {
    /// What is known about the CA at directory URL `ca`.
    pub fn ca_notes(&self, ca: &str) -> CaNotes {
        let path = self.accounts_dir().join(super::ca_id(ca)).join(NOTES_FILE);
        atomic::read_regular(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Records that the CA at `ca` does not honour ARI `replaces` (kept from the first time).
    pub fn note_replaces_ignored(&self, ca: &str, now: OffsetDateTime) -> Result<(), StoreError> {
        let mut notes = self.ca_notes(ca);
        if notes.replaces_ignored_since.is_some() {
            return Ok(());
        }
        notes.replaces_ignored_since = Some(now);
        let dir = self.accounts_dir().join(super::ca_id(ca));
        self.ensure_account_dirs(&dir)?;
        let path = dir.join(NOTES_FILE);
        let json = serde_json::to_vec_pretty(&notes).map_err(|e| StoreError::Corrupt {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        atomic::write_file(&path, &json, PUBLIC_FILE)
    }
}
