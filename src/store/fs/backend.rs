//! [`FsStore`] as a [`Store`]: each operation forwards to the file store's own method.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{FsStore, StoreError, StoreLock};
use crate::domain::{CertName, CertRecord, CertSpec, LineageState};
use crate::store::{
    AccountRecord, CaNotes, DaemonStatus, JournalEntry, LineageEntry, NewVersion, Store,
    StoredAccount, VersionFiles,
};

impl Store for FsStore {
    fn root(&self) -> &Path {
        FsStore::root(self)
    }
    fn ensure_root(&self) -> Result<(), StoreError> {
        FsStore::ensure_root(self)
    }
    fn lock(&self, wait: Duration) -> Result<StoreLock, StoreError> {
        FsStore::lock(self, wait)
    }

    fn list_lineages(&self) -> Vec<LineageEntry> {
        FsStore::list_lineages(self)
    }
    fn for_each_lineage(&self, each: &mut dyn FnMut(LineageEntry)) {
        FsStore::for_each_lineage(self, each);
    }
    fn entry(&self, name: &CertName) -> Option<LineageEntry> {
        FsStore::entry(self, name)
    }
    fn lineage_exists(&self, name: &CertName) -> bool {
        self.lineage(name).exists()
    }
    fn lineage_present(&self, name: &CertName) -> bool {
        std::fs::symlink_metadata(self.lineage(name).dir()).is_ok()
    }
    fn lineage_dir(&self, name: &CertName) -> PathBuf {
        self.lineage(name).dir().to_path_buf()
    }
    fn load_spec(&self, name: &CertName) -> Result<CertSpec, StoreError> {
        self.lineage(name).load_spec()
    }
    fn save_spec(&self, name: &CertName, spec: &CertSpec) -> Result<(), StoreError> {
        self.lineage(name).save_spec(spec)
    }
    fn remove_spec(&self, name: &CertName) -> Result<(), StoreError> {
        self.lineage(name).remove_spec()
    }
    fn load_state(&self, name: &CertName) -> Result<LineageState, StoreError> {
        self.lineage(name).load_state()
    }
    fn save_state(&self, name: &CertName, state: &LineageState) -> Result<(), StoreError> {
        self.lineage(name).save_state(state)
    }
    fn save_ari_state(&self, name: &CertName, state: &LineageState) -> Result<(), StoreError> {
        self.lineage(name).save_ari_state(state)
    }
    fn save_ari_states(
        &self,
        states: &[(CertName, LineageState)],
    ) -> Result<Vec<(CertName, StoreError)>, StoreError> {
        FsStore::save_ari_states(self, states)
    }
    fn csr_path(&self, name: &CertName) -> PathBuf {
        self.lineage(name).csr_path()
    }
    fn save_csr(&self, name: &CertName, pem: &str) -> Result<(), StoreError> {
        self.lineage(name).save_csr(pem)
    }
    fn load_csr(&self, name: &CertName) -> Result<String, StoreError> {
        self.lineage(name).load_csr()
    }
    fn current_record(&self, name: &CertName) -> Result<Option<CertRecord>, StoreError> {
        self.lineage(name).current_record()
    }
    fn current_version(&self, name: &CertName) -> Result<Option<u32>, StoreError> {
        self.lineage(name).current_version()
    }
    fn read_current_file(&self, name: &CertName, file: &str) -> Result<String, StoreError> {
        self.lineage(name).read_current_file(file)
    }
    fn write_version(
        &self,
        name: &CertName,
        files: &NewVersion<'_>,
        record: &mut CertRecord,
    ) -> Result<VersionFiles, StoreError> {
        self.lineage(name).write_version(files, record)
    }
    fn current_files(&self, name: &CertName, has_key: bool) -> VersionFiles {
        self.lineage(name).current_files(has_key)
    }
    fn version_files(&self, name: &CertName, n: u32, has_key: bool) -> VersionFiles {
        self.lineage(name).version_files(n, has_key)
    }
    fn delete_lineage(&self, name: &CertName) -> Result<(), StoreError> {
        self.lineage(name).delete()
    }

    fn journal_load(
        &self,
        name: &CertName,
    ) -> Result<Option<(JournalEntry, Option<String>)>, StoreError> {
        FsStore::journal_load(self, name)
    }
    fn journal_begin(
        &self,
        name: &CertName,
        entry: &JournalEntry,
        key_pem: Option<&str>,
    ) -> Result<(), StoreError> {
        FsStore::journal_begin(self, name, entry, key_pem)
    }
    fn journal_write(&self, name: &CertName, entry: &JournalEntry) -> Result<(), StoreError> {
        FsStore::journal_write(self, name, entry)
    }
    fn journal_clear(&self, name: &CertName) -> Result<(), StoreError> {
        FsStore::journal_clear(self, name)
    }

    fn save_account(
        &self,
        record: &AccountRecord,
        key_pem: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        FsStore::save_account(self, record, key_pem)
    }
    fn forget_previous_account_key(&self, ca: &str, name: &str) -> Result<(), StoreError> {
        FsStore::forget_previous_account_key(self, ca, name)
    }
    fn save_pending_account_key(
        &self,
        ca: &str,
        name: &str,
        key_pem: &[u8],
    ) -> Result<(), StoreError> {
        FsStore::save_pending_account_key(self, ca, name, key_pem)
    }
    fn load_pending_account_key(
        &self,
        ca: &str,
        name: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        FsStore::load_pending_account_key(self, ca, name)
    }
    fn load_account(&self, ca: &str, name: &str) -> Result<(AccountRecord, Vec<u8>), StoreError> {
        FsStore::load_account(self, ca, name)
    }
    fn account_exists(&self, ca: &str, name: &str) -> Result<bool, StoreError> {
        FsStore::account_exists(self, ca, name)
    }
    fn retire_account(
        &self,
        ca: &str,
        name: &str,
        stamp: i64,
    ) -> Result<Option<PathBuf>, StoreError> {
        FsStore::retire_account(self, ca, name, stamp)
    }
    fn account_key_path(&self, ca: &str, name: &str) -> PathBuf {
        FsStore::account_key_path(self, ca, name)
    }
    fn list_accounts(&self) -> Vec<StoredAccount> {
        FsStore::list_accounts(self)
    }
    fn accounts_for_ca(&self, ca: &str) -> Vec<AccountRecord> {
        FsStore::accounts_for_ca(self, ca)
    }
    fn save_ca_root(&self, ca: &str, pem: &[u8]) -> Result<PathBuf, StoreError> {
        FsStore::save_ca_root(self, ca, pem)
    }
    fn ca_root(&self, ca: &str) -> Option<PathBuf> {
        FsStore::ca_root(self, ca)
    }
    fn ca_notes(&self, ca: &str) -> CaNotes {
        FsStore::ca_notes(self, ca)
    }
    fn note_replaces_ignored(&self, ca: &str, now: time::OffsetDateTime) -> Result<(), StoreError> {
        FsStore::note_replaces_ignored(self, ca, now)
    }

    fn save_daemon_status(&self, status: &DaemonStatus) -> Result<(), StoreError> {
        FsStore::save_daemon_status(self, status)
    }
    fn daemon_status(&self) -> Option<DaemonStatus> {
        FsStore::daemon_status(self)
    }
}
