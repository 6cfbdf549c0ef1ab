//! The store: where accounts, certificate specs, issued versions, renewal state and the journal
//! of orders in flight live. [`Store`] is what `ops` sees; [`FsStore`] (the files under one
//! directory, layout in DESIGN.md) is its embedded default, and a database backend for fleets
//! implements the same trait.
//!
//! Must not import `acme`, `ops` or anything above; it knows files and records, not protocols.

pub mod atomic;
mod entry;
mod error;
pub mod fs;
pub mod pg;

use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use entry::{Damage, LineageEntry};
pub use error::{Missing, StoreError};
pub use fs::{
    AccountRecord, CaNotes, DaemonState, DaemonStatus, FsStore, JournalEntry, NewVersion,
    StoredAccount, VersionFiles, ca_id,
};

use crate::domain::{CertName, CertRecord, CertSpec, LineageState};

/// How many versions of a lineage are kept after a new one is stored.
pub const KEEP_VERSIONS: usize = 3;

/// Proof that this process is the store's only writer; released on drop. What holds it depends
/// on the backend (an OS file lock for [`FsStore`]).
#[derive(Debug)]
pub struct StoreLock {
    _held: Box<dyn Debug + Send + Sync>,
}

impl StoreLock {
    /// Wraps whatever a backend holds while it is the only writer.
    pub fn new(held: impl Debug + Send + Sync + 'static) -> Self {
        Self {
            _held: Box::new(held),
        }
    }

    /// Takes the OS file lock at `path`, waiting up to `wait` for another holder to let go
    /// (the store's `lock`, the daemon's single-instance lock).
    pub fn acquire(path: &Path, wait: Duration) -> Result<Self, StoreError> {
        fs::FileLock::acquire(path, wait).map(Self::new)
    }
}

/// What [`Store::claim_renewal`] got: whether this process may renew a certificate now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This process is the certificate's only renewer until it stores a version or lets go.
    Taken,
    /// Another node holds the certificate's renewal lease.
    HeldElsewhere {
        /// The node holding it (`None` when it is busy committing right now).
        holder: Option<String>,
        /// Seconds until its lease runs out.
        expires_in_secs: Option<i64>,
    },
    /// Another node stored a new version since this process read the certificate: the
    /// renewal this process planned is already done.
    RenewedElsewhere {
        /// The node that stored the version now current.
        node: String,
    },
    /// The store of record has no such certificate: this host's copy was never pushed, or
    /// another node deleted it.
    NotInFleet,
}

/// Everything `ops` asks of a store. Lineages are addressed by name; [`Lineage`] is a handle
/// that keeps call sites short. Paths returned are local: where the backend keeps (or, for a
/// remote backend, materializes) the files that servers and hooks use.
pub trait Store: Debug + Send + Sync {
    /// The local directory of this store (secrets, DNS record state, the daemon's files, the
    /// materialized certificates).
    fn root(&self) -> &Path;
    /// Creates the local directory when missing, and checks it.
    fn ensure_root(&self) -> Result<(), StoreError>;
    /// Takes the store's write lock, waiting up to `wait` for another holder to let go.
    fn lock(&self, wait: Duration) -> Result<StoreLock, StoreError>;

    /// Every lineage, damaged ones included (each reports its own damage), by name.
    fn list_lineages(&self) -> Vec<LineageEntry>;
    /// Calls `each` with every lineage in turn, as [`Store::list_lineages`] lists them. A
    /// backend that can read them one at a time overrides it, so that a listing of a large
    /// store never holds every lineage in memory at once.
    fn for_each_lineage(&self, each: &mut dyn FnMut(LineageEntry)) {
        self.list_lineages().into_iter().for_each(each);
    }
    /// The lineage `name` read whole, or `None` when the store has no such lineage.
    fn entry(&self, name: &CertName) -> Option<LineageEntry>;
    /// True when the lineage has a spec.
    fn lineage_exists(&self, name: &CertName) -> bool;
    /// True when the lineage has any trace (a directory, even without a spec).
    fn lineage_present(&self, name: &CertName) -> bool;
    /// The local directory of the lineage (its `current` link is what hooks get).
    fn lineage_dir(&self, name: &CertName) -> PathBuf;
    /// Reads the spec; a spec whose `name` is not `name` is damaged.
    fn load_spec(&self, name: &CertName) -> Result<CertSpec, StoreError>;
    /// Writes the spec of lineage `name`.
    fn save_spec(&self, name: &CertName, spec: &CertSpec) -> Result<(), StoreError>;
    /// Removes the spec (undoing a failed first obtain where the lineage was already there).
    fn remove_spec(&self, name: &CertName) -> Result<(), StoreError>;
    /// Reads the renewal state; none stored is the empty state.
    fn load_state(&self, name: &CertName) -> Result<LineageState, StoreError>;
    /// Writes the renewal state.
    fn save_state(&self, name: &CertName, state: &LineageState) -> Result<(), StoreError>;
    /// Writes the renewal information (`ari`, `ari_next_fetch`, `ari_problem`) of `state` after
    /// an ARI refresh, over the lineage's stored state as it is now (the rest of `state` is not
    /// saved): a cache the CA can always be asked for again, so a backend may keep it less
    /// durably than [`Store::save_state`] (never torn, and never at the cost of the rest of
    /// the state). By default the same as [`Store::save_state`].
    fn save_ari_state(&self, name: &CertName, state: &LineageState) -> Result<(), StoreError> {
        self.save_state(name, state)
    }
    /// [`Store::save_ari_state`] for a whole refresh round at once (a backend can then write
    /// them together). Returns the lineages whose renewal information was not saved, with why;
    /// an error when none was. By default one [`Store::save_ari_state`] each.
    fn save_ari_states(
        &self,
        states: &[(CertName, LineageState)],
    ) -> Result<Vec<(CertName, StoreError)>, StoreError> {
        Ok(states
            .iter()
            .filter_map(|(name, state)| {
                self.save_ari_state(name, state)
                    .err()
                    .map(|err| (name.clone(), err))
            })
            .collect())
    }
    /// Where the saved CSR of a CSR lineage is.
    fn csr_path(&self, name: &CertName) -> PathBuf;
    /// Saves the user's CSR for renewals.
    fn save_csr(&self, name: &CertName, pem: &str) -> Result<(), StoreError>;
    /// Reads the saved CSR.
    fn load_csr(&self, name: &CertName) -> Result<String, StoreError>;
    /// The record of the current version (`None`: nothing issued yet).
    fn current_record(&self, name: &CertName) -> Result<Option<CertRecord>, StoreError>;
    /// The number of the current version (`None`: nothing issued yet); a backend may read it
    /// more cheaply than the whole record.
    fn current_version(&self, name: &CertName) -> Result<Option<u32>, StoreError> {
        Ok(self.current_record(name)?.map(|record| record.version))
    }
    /// One PEM file of the current version (`cert.pem`, `fullchain.pem` ...).
    fn read_current_file(&self, name: &CertName, file: &str) -> Result<String, StoreError>;
    /// Stores a complete new version and makes it current; on error nothing changed.
    fn write_version(
        &self,
        name: &CertName,
        files: &NewVersion<'_>,
        record: &mut CertRecord,
    ) -> Result<VersionFiles, StoreError>;
    /// The stable paths that always name the current version's files.
    fn current_files(&self, name: &CertName, has_key: bool) -> VersionFiles;
    /// The paths of version `n`'s files.
    fn version_files(&self, name: &CertName, n: u32, has_key: bool) -> VersionFiles;
    /// Removes the whole lineage.
    fn delete_lineage(&self, name: &CertName) -> Result<(), StoreError>;

    /// The journaled order of `name` and its key, if a run was interrupted.
    fn journal_load(
        &self,
        name: &CertName,
    ) -> Result<Option<(JournalEntry, Option<String>)>, StoreError>;
    /// Records an attempt: the key first, then the entry that refers to it.
    fn journal_begin(
        &self,
        name: &CertName,
        entry: &JournalEntry,
        key_pem: Option<&str>,
    ) -> Result<(), StoreError>;
    /// Rewrites the journal entry (e.g. with the order URL).
    fn journal_write(&self, name: &CertName, entry: &JournalEntry) -> Result<(), StoreError>;
    /// Forgets the attempt.
    fn journal_clear(&self, name: &CertName) -> Result<(), StoreError>;

    /// Saves an account's record and, when given, its new key (kept secret).
    fn save_account(
        &self,
        record: &AccountRecord,
        key_pem: Option<&[u8]>,
    ) -> Result<(), StoreError>;
    /// Drops the pre-rollover key (and a pending one) once the CA confirmed the new key.
    fn forget_previous_account_key(&self, ca: &str, name: &str) -> Result<(), StoreError>;
    /// Stores, 0600, the key a key change is about to ask the CA for, before it is asked.
    fn save_pending_account_key(
        &self,
        ca: &str,
        name: &str,
        key_pem: &[u8],
    ) -> Result<(), StoreError>;
    /// The key of a key change that was started and never confirmed, if any.
    fn load_pending_account_key(&self, ca: &str, name: &str)
    -> Result<Option<Vec<u8>>, StoreError>;
    /// Keeps the other nodes of a fleet from changing this account's key until
    /// [`Store::end_account_key_move`]; refused while another node does. One host needs
    /// nothing more than the store lock, hence the default.
    fn begin_account_key_move(&self, _ca: &str, _name: &str) -> Result<(), StoreError> {
        Ok(())
    }
    /// Ends what [`Store::begin_account_key_move`] began.
    fn end_account_key_move(&self, _ca: &str, _name: &str) -> Result<(), StoreError> {
        Ok(())
    }
    /// An account's record and its key PEM.
    fn load_account(&self, ca: &str, name: &str) -> Result<(AccountRecord, Vec<u8>), StoreError>;
    /// Whether the account exists; `Err` when it exists but is damaged.
    fn account_exists(&self, ca: &str, name: &str) -> Result<bool, StoreError>;
    /// Moves an account aside (kept for recovery) so a new one can take its name.
    fn retire_account(
        &self,
        ca: &str,
        name: &str,
        stamp: i64,
    ) -> Result<Option<PathBuf>, StoreError>;
    /// Where an account's key is (for messages).
    fn account_key_path(&self, ca: &str, name: &str) -> PathBuf;
    /// Every account; a damaged one carries its error.
    fn list_accounts(&self) -> Vec<StoredAccount>;
    /// The readable accounts of one CA.
    fn accounts_for_ca(&self, ca: &str) -> Vec<AccountRecord>;
    /// Saves an extra trusted root for a CA's HTTPS endpoint.
    fn save_ca_root(&self, ca: &str, pem: &[u8]) -> Result<PathBuf, StoreError>;
    /// The saved extra trusted root of a CA, if any.
    fn ca_root(&self, ca: &str) -> Option<PathBuf>;
    /// What certkeep learned about the CA at directory URL `ca` (see [`CaNotes`]).
    fn ca_notes(&self, ca: &str) -> CaNotes;
    /// Records that the CA at `ca` does not honour ARI `replaces` (kept from the first time).
    fn note_replaces_ignored(&self, ca: &str, now: time::OffsetDateTime) -> Result<(), StoreError>;

    /// Claims the renewal of `name` for this process, given the serial of the current version
    /// it planned from (`None`: nothing issued). Until [`Store::release_renewal`], a version of
    /// `name` is stored only while the claim still holds. The default fits a store with one
    /// writer: the store lock already makes this process the only renewer.
    fn claim_renewal(
        &self,
        _name: &CertName,
        _seen_serial: Option<&str>,
    ) -> Result<Claim, StoreError> {
        Ok(Claim::Taken)
    }
    /// Lets go of a claim that stored no version (a failed renewal), so another node may try.
    /// Storing a version lets go by itself.
    fn release_renewal(&self, _name: &CertName) -> Result<(), StoreError> {
        Ok(())
    }

    /// True when every node's responder answers what [`Store::publish_http_challenge`]
    /// publishes (the fleet store).
    fn shares_http_challenges(&self) -> bool {
        false
    }
    /// Publishes the http-01 key authorization proving `identifier` for every node's
    /// responder. Only a store that [`Store::shares_http_challenges`] can.
    fn publish_http_challenge(
        &self,
        _identifier: &str,
        _token: &str,
        _key_authorization: &str,
    ) -> Result<(), StoreError> {
        Err(pg::FleetError::NotFleet.into())
    }
    /// Withdraws what [`Store::publish_http_challenge`] published (nothing to do elsewhere).
    fn withdraw_http_challenge(&self, _token: &str) -> Result<(), StoreError> {
        Ok(())
    }
    /// Brings this store up to its store of record before a renewal round, or says why it
    /// cannot (renewal is then paused; what is stored locally stays in place). The default fits
    /// a store that is its own record.
    fn refresh(&self) -> Result<(), StoreError> {
        Ok(())
    }
    /// How long a daemon may sleep without bringing this store up to its store of record,
    /// whatever is due (`None`: the store is its own record).
    fn sync_every(&self) -> Option<Duration> {
        None
    }

    /// Records the daemon's status.
    fn save_daemon_status(&self, status: &DaemonStatus) -> Result<(), StoreError>;
    /// The daemon's last status, if it ever ran.
    fn daemon_status(&self) -> Option<DaemonStatus>;
}

/// A handle on one lineage of a [`Store`] (no I/O until used).
#[derive(Debug, Clone)]
pub struct Lineage<'a> {
    store: &'a dyn Store,
    name: CertName,
}

impl dyn Store + '_ {
    /// The handle for lineage `name`.
    pub fn lineage(&self, name: &CertName) -> Lineage<'_> {
        Lineage {
            store: self,
            name: name.clone(),
        }
    }
}

impl Lineage<'_> {
    /// The lineage's name.
    pub fn name(&self) -> &CertName {
        &self.name
    }
    /// The local lineage directory.
    pub fn dir(&self) -> PathBuf {
        self.store.lineage_dir(&self.name)
    }
    /// True when the lineage has a spec.
    pub fn exists(&self) -> bool {
        self.store.lineage_exists(&self.name)
    }
    /// True when the lineage has any trace (a directory, even without a spec).
    pub fn present(&self) -> bool {
        self.store.lineage_present(&self.name)
    }
    /// See [`Store::load_spec`].
    pub fn load_spec(&self) -> Result<CertSpec, StoreError> {
        self.store.load_spec(&self.name)
    }
    /// See [`Store::save_spec`].
    pub fn save_spec(&self, spec: &CertSpec) -> Result<(), StoreError> {
        self.store.save_spec(&self.name, spec)
    }
    /// See [`Store::remove_spec`].
    pub fn remove_spec(&self) -> Result<(), StoreError> {
        self.store.remove_spec(&self.name)
    }
    /// See [`Store::load_state`].
    pub fn load_state(&self) -> Result<LineageState, StoreError> {
        self.store.load_state(&self.name)
    }
    /// See [`Store::save_state`].
    pub fn save_state(&self, state: &LineageState) -> Result<(), StoreError> {
        self.store.save_state(&self.name, state)
    }
    /// See [`Store::save_ari_state`].
    pub fn save_ari_state(&self, state: &LineageState) -> Result<(), StoreError> {
        self.store.save_ari_state(&self.name, state)
    }
    /// See [`Store::csr_path`].
    pub fn csr_path(&self) -> PathBuf {
        self.store.csr_path(&self.name)
    }
    /// See [`Store::save_csr`].
    pub fn save_csr(&self, pem: &str) -> Result<(), StoreError> {
        self.store.save_csr(&self.name, pem)
    }
    /// See [`Store::load_csr`].
    pub fn load_csr(&self) -> Result<String, StoreError> {
        self.store.load_csr(&self.name)
    }
    /// See [`Store::current_record`].
    pub fn current_record(&self) -> Result<Option<CertRecord>, StoreError> {
        self.store.current_record(&self.name)
    }
    /// See [`Store::current_version`].
    pub fn current_version(&self) -> Result<Option<u32>, StoreError> {
        self.store.current_version(&self.name)
    }
    /// See [`Store::read_current_file`].
    pub fn read_current_file(&self, file: &str) -> Result<String, StoreError> {
        self.store.read_current_file(&self.name, file)
    }
    /// See [`Store::write_version`].
    pub fn write_version(
        &self,
        files: &NewVersion<'_>,
        record: &mut CertRecord,
    ) -> Result<VersionFiles, StoreError> {
        self.store.write_version(&self.name, files, record)
    }
    /// See [`Store::current_files`].
    pub fn current_files(&self, has_key: bool) -> VersionFiles {
        self.store.current_files(&self.name, has_key)
    }
    /// See [`Store::version_files`].
    pub fn version_files(&self, n: u32, has_key: bool) -> VersionFiles {
        self.store.version_files(&self.name, n, has_key)
    }
    /// See [`Store::delete_lineage`].
    pub fn delete(&self) -> Result<(), StoreError> {
        self.store.delete_lineage(&self.name)
    }
}
