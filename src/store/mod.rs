//! The local store: where accounts, certificate specs and issued versions live on disk
//! (layout in DESIGN.md, "The store").
//!
//! Invariants: every file is written to a random temp name in its own directory, fsynced, renamed
//! and the directory fsynced ([`atomic`]); private keys and account files are created 0600 and
//! their directories 0700 from the first byte; `current` only ever points at a complete version;
//! one writer at a time holds [`StoreLock`]. A corrupt entry is reported by name and never stops
//! the others from loading.
//!
//! Must not import `acme`, `ops` or anything above; it knows files, not protocols.

mod accounts;
pub mod atomic;
mod ca_notes;
mod certs;
mod daemon;
mod error;
mod journal;
mod lock;

use std::path::{Path, PathBuf};

pub use accounts::{AccountRecord, ca_id};
pub use ca_notes::CaNotes;
pub use certs::{Lineage, LineageEntry, NewVersion, VersionFiles};
pub use daemon::DaemonStatus;
pub use error::StoreError;
pub use journal::JournalEntry;
pub use lock::StoreLock;

/// How many versions of a lineage are kept after a new one is stored.
pub const KEEP_VERSIONS: usize = 3;

/// A handle on a store root directory. Cheap; opening does no I/O.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    /// A store rooted at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The store's root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Creates the root (0700) if missing.
    pub fn ensure_root(&self) -> Result<(), StoreError> {
        atomic::create_private_dir_all(&self.root)
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
        StoreLock::acquire(&self.root.join("lock"), wait)
    }
}
