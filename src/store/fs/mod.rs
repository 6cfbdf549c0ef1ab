//! The file store, the embedded default backend of [`Store`](super::Store): the layout in
//! DESIGN.md ("The store").
//!
//! Invariants: every file is written to a random temp name in its own directory, fsynced, renamed
//! and the directory fsynced ([`atomic`]), except the store's `ari.json`, a cache of the CA's
//! renewal windows that is renamed into place unsynced, bound to each `state.json` it applies
//! over and ignored where torn or stale (`ari_cache`); private keys and account files are created 0600 and
//! their directories 0700 from the first byte; `current` only ever points at a complete version;
//! one writer at a time holds [`StoreLock`]. A corrupt entry is reported by name and never stops
//! the others from loading. Nothing is read, written or deleted through a symlink the store did
//! not make, and a store directory that other users could change is refused (`confine`).

mod accounts;
mod ari_cache;
mod backend;
mod ca_notes;
mod certs;
pub(in crate::store) mod confine;
mod daemon;
mod format;
mod index;
mod journal;
mod lock;
mod scan;
mod stamp;

use std::path::{Path, PathBuf};

pub use accounts::{AccountRecord, StoredAccount, ca_id};
pub use ca_notes::CaNotes;
pub use certs::{Lineage as FsLineage, NewVersion, VersionFiles};
pub use daemon::{DaemonState, DaemonStatus};
pub use format::FORMAT;
pub use journal::JournalEntry;
pub use lock::FileLock;

use super::{KEEP_VERSIONS, StoreError, StoreLock, atomic};

/// A file store rooted at a directory. Cheap; opening does no writes.
#[derive(Debug, Clone)]
pub struct FsStore {
    root: PathBuf,
}

impl FsStore {
    /// A store rooted at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The store's root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A store rooted at `root`, refused when it exists but is not a directory, when it (or
    /// `accounts/`, `certs/`, `journal/` in it) is owned by another user or writable by group or
    /// others, or when a newer certkeep wrote it (`store.json`). A missing root is fine: it is
    /// created on first write.
    pub fn open(root: impl Into<PathBuf>) -> Result<Self, StoreError> {
        let store = Self::new(root);
        store.check_root()?;
        Ok(store)
    }

    /// Checks the root as [`FsStore::open`] does.
    pub fn check_root(&self) -> Result<(), StoreError> {
        // The root itself may be a symlink the user made (`/etc/certkeep -> /srv/certkeep`):
        // what it leads to is checked.
        match std::fs::metadata(&self.root) {
            Ok(meta) if !meta.is_dir() => {
                return Err(StoreError::RootNotDir {
                    path: self.root.clone(),
                });
            }
            Ok(meta) => confine::check_dir(&self.root, &meta)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(source) => {
                return Err(StoreError::Io {
                    op: "inspect",
                    path: self.root.clone(),
                    source,
                });
            }
        }
        for sub in ["accounts", "certs", "journal"] {
            confine::real_dir(&self.root.join(sub))?;
        }
        format::read(&self.root).map(|_| ())
    }

    /// Creates the root (0700) if missing, checks it, and records its format (`store.json`)
    /// when that is not there yet.
    pub fn ensure_root(&self) -> Result<(), StoreError> {
        atomic::create_private_dir_all(&self.root)?;
        self.check_root()?;
        format::ensure(&self.root)
    }

    fn accounts_dir(&self) -> PathBuf {
        self.root.join("accounts")
    }

    fn certs_dir(&self) -> PathBuf {
        self.root.join("certs")
    }

    /// Takes the store's write lock, waiting up to `wait` for another holder to let go.
    pub fn lock(&self, wait: std::time::Duration) -> Result<StoreLock, StoreError> {
        self.ensure_root()?;
        FileLock::acquire(&self.root.join("lock"), wait).map(StoreLock::new)
    }
}
