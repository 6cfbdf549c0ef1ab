//! [`FleetStore`]: the [`Store`] of a node in fleet mode. The database is the truth; the node's
//! ordinary local store is its materialization. Opening the store brings the local copy up to
//! the database (accounts, specs, state, the current version of each certificate written with
//! the file store's atomic layout, journaled orders), so every read is a local read and hooks,
//! servers and install targets keep using local paths. Every write goes to the database first
//! and then to the local copy: if the local write fails the database still holds it, and the
//! next open materializes it. Private keys cross the wire only sealed under the fleet key.
//!
//! A renewal claims the certificate's lease first ([`Store::claim_renewal`], `lease.rs`); this
//! node keeps the fencing token it got (`held.rs`, whose heartbeat extends the lease while the
//! order runs) and stores the version only while the token holds. An order a node left in the
//! journal (killed mid-order) is materialized on every node, so whichever claims the lease next
//! resumes that same order, under its own token.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::bridge::Bridge;
use super::challenges;
use super::held::{DEFAULT_LEASE, HeldLeases};
use super::lease;
use super::rows::{self, VersionRow};
use super::upload::{account_row, pending_key_row, version_row_name};
use super::{Credentials, FleetError, FleetKey, FleetUrl};
use crate::domain::{CertName, CertRecord, CertSpec, LineageState};
use crate::store::{
    AccountRecord, CaNotes, Claim, DaemonStatus, FsStore, JournalEntry, LineageEntry, NewVersion,
    Store, StoreError, StoreLock, StoredAccount, VersionFiles,
};

/// A node's view of the fleet store.
#[derive(Debug)]
pub struct FleetStore {
    pub(super) local: FsStore,
    pub(super) db: Bridge,
    pub(super) key: Option<FleetKey>,
    /// The leases this node claimed and has not let go, kept alive by a heartbeat.
    leases: HeldLeases,
    /// Why the database could not be reached when the store was opened (then it serves this
    /// host's local copy, as last materialized).
    unreachable: Option<FleetError>,
    /// Certificates whose journal storing their version cleared in the database (in the same
    /// statement, fenced): clearing it next is local only, a round trip fewer per renewal.
    journal_cleared: Mutex<HashSet<String>>,
}

fn to_json(value: &impl serde::Serialize, what: &str) -> Result<serde_json::Value, FleetError> {
    serde_json::to_value(value).map_err(|e| FleetError::Corrupt {
        what: what.to_owned(),
        why: crate::error::Detail::new(e),
    })
}

pub(super) fn from_json<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    what: &str,
) -> Result<T, FleetError> {
    serde_json::from_value(value).map_err(|e| FleetError::Corrupt {
        what: what.to_owned(),
        why: crate::error::Detail::new(e),
    })
}

impl FleetStore {
    /// Connects to the fleet and brings the local store `local` up to it. Renewal leases last
    /// `lease` (default two minutes) between heartbeats. A database that cannot be reached
    /// leaves the local store as it is, for reading: every write, and [`Store::refresh`], tries
    /// to connect again.
    pub fn open(
        local: FsStore,
        url: &FleetUrl,
        credentials: &Credentials,
        node: &str,
        key: Option<FleetKey>,
        (deadline, lease): (Duration, Option<Duration>),
    ) -> Result<Self, StoreError> {
        let (db, unreachable) = Bridge::connect(url, credentials, node, deadline)?;
        let leases = HeldLeases::new(lease.unwrap_or(DEFAULT_LEASE));
        leases.start_heartbeat(&db);
        let me = Self {
            local,
            db,
            key,
            leases,
            unreachable,
            journal_cleared: Mutex::default(),
        };
        if me.unreachable.is_none() {
            me.materialize()?;
        }
        Ok(me)
    }

    /// Why the database could not be reached when the store was opened, if it could not: what
    /// the store then shows is this host's local copy.
    pub fn unreachable(&self) -> Option<&FleetError> {
        self.unreachable.as_ref()
    }

    fn journal_cleared(&self) -> MutexGuard<'_, HashSet<String>> {
        // A panicked holder left a whole set (plain inserts and removes).
        self.journal_cleared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn key(&self) -> Result<&FleetKey, FleetError> {
        self.key.as_ref().ok_or(FleetError::NoFleetKey)
    }
}

/// How often a fleet node's daemon brings its store up to the database when nothing is due.
const FLEET_SYNC: Duration = Duration::from_secs(5 * 60);

pub(super) fn version_number(number: i32) -> u32 {
    u32::try_from(number).unwrap_or_default()
}

impl Store for FleetStore {
    fn root(&self) -> &Path {
        self.local.root()
    }
    fn ensure_root(&self) -> Result<(), StoreError> {
        self.local.ensure_root()
    }
    fn lock(&self, wait: Duration) -> Result<StoreLock, StoreError> {
        self.local.lock(wait)
    }
    fn list_lineages(&self) -> Vec<LineageEntry> {
        Store::list_lineages(&self.local)
    }
    fn entry(&self, name: &CertName) -> Option<LineageEntry> {
        Store::entry(&self.local, name)
    }
    fn lineage_exists(&self, name: &CertName) -> bool {
        Store::lineage_exists(&self.local, name)
    }
    fn lineage_present(&self, name: &CertName) -> bool {
        Store::lineage_present(&self.local, name)
    }
    fn lineage_dir(&self, name: &CertName) -> PathBuf {
        Store::lineage_dir(&self.local, name)
    }
    fn load_spec(&self, name: &CertName) -> Result<CertSpec, StoreError> {
        Store::load_spec(&self.local, name)
    }
    /// A spec the same as this node's copy is not written again (a renewal saves its spec): the
    /// database already has it, or another node changed it since, which is not undone.
    fn save_spec(&self, name: &CertName, spec: &CertSpec) -> Result<(), StoreError> {
        if Store::load_spec(&self.local, name).is_ok_and(|have| have == *spec) {
            return Ok(());
        }
        let text = toml::to_string_pretty(spec).map_err(|e| FleetError::Corrupt {
            what: format!("spec of '{name}'"),
            why: crate::error::Detail::new(e),
        })?;
        let owned = name.to_string();
        self.db.call("saving a spec", move |fleet| {
            Box::pin(async move { rows::save_spec(fleet, &owned, &text).await })
        })?;
        Store::save_spec(&self.local, name, spec)
    }
    fn remove_spec(&self, name: &CertName) -> Result<(), StoreError> {
        let owned = name.to_string();
        self.db.call("removing a spec", move |fleet| {
            Box::pin(async move { rows::delete_cert(fleet, &owned).await })
        })?;
        Store::remove_spec(&self.local, name)
    }
    fn load_state(&self, name: &CertName) -> Result<LineageState, StoreError> {
        Store::load_state(&self.local, name)
    }
    fn save_state(&self, name: &CertName, state: &LineageState) -> Result<(), StoreError> {
        // This host's deploy and owed hooks stay here: every node deploys for itself.
        let json = to_json(&state.shared_part(), "renewal state")?;
        let owned = name.to_string();
        self.db.call("saving renewal state", move |fleet| {
            Box::pin(async move { rows::set_state(fleet, &owned, &json).await })
        })?;
        Store::save_state(&self.local, name, state)
    }
    // Only the renewal-information fields go to the database, merged: every node refreshes
    // every certificate's window, and a whole state written back would undo what another node
    // saved meanwhile (its failure ledger and Retry-After, a revocation, a renewal).
    fn save_ari_state(&self, name: &CertName, state: &LineageState) -> Result<(), StoreError> {
        self.merge_ari(name, state)?;
        Store::save_ari_state(&self.local, name, state)
    }
    // Merged in the database one by one, then saved locally together. A database that cannot
    // be reached (each call waits its own deadline) ends the merging at the first such error:
    // the rest are not saved and asked for again next run, rather than ten thousand deadlines
    // in a row holding up the run and its stop.
    fn save_ari_states(
        &self,
        states: &[(CertName, LineageState)],
    ) -> Result<Vec<(CertName, StoreError)>, StoreError> {
        let mut failed = Vec::new();
        let mut merged = Vec::with_capacity(states.len());
        for (name, state) in states {
            match self.merge_ari(name, state) {
                Ok(()) => merged.push((name.clone(), state.clone())),
                Err(err) => {
                    let unreachable =
                        crate::error::Classify::kind(&err) == crate::error::Kind::Transient;
                    failed.push((name.clone(), err));
                    if unreachable {
                        break;
                    }
                }
            }
        }
        failed.extend(Store::save_ari_states(&self.local, &merged)?);
        Ok(failed)
    }
    fn csr_path(&self, name: &CertName) -> PathBuf {
        Store::csr_path(&self.local, name)
    }
    fn save_csr(&self, name: &CertName, pem: &str) -> Result<(), StoreError> {
        let (owned, csr) = (name.to_string(), pem.to_owned());
        self.db.call("saving a CSR", move |fleet| {
            Box::pin(async move { rows::set_csr(fleet, &owned, &csr).await })
        })?;
        Store::save_csr(&self.local, name, pem)
    }
    fn load_csr(&self, name: &CertName) -> Result<String, StoreError> {
        Store::load_csr(&self.local, name)
    }
    fn current_record(&self, name: &CertName) -> Result<Option<CertRecord>, StoreError> {
        Store::current_record(&self.local, name)
    }
    fn current_version(&self, name: &CertName) -> Result<Option<u32>, StoreError> {
        Store::current_version(&self.local, name)
    }
    fn read_current_file(&self, name: &CertName, file: &str) -> Result<String, StoreError> {
        Store::read_current_file(&self.local, name, file)
    }
    /// The database numbers the version (it is the truth); the local copy then stores it under
    /// its own next number, as materializing does.
    fn write_version(
        &self,
        name: &CertName,
        files: &NewVersion<'_>,
        record: &mut CertRecord,
    ) -> Result<VersionFiles, StoreError> {
        let key_sealed = match files.privkey {
            Some(pem) => {
                // The row is named by the database's number, known only inside the insert;
                // seal for the next number (the claim read it) and let the insert check it is
                // that one.
                let next = match self.leases.next_version(name.as_str()) {
                    Some(next) => version_number(next),
                    None => self.next_version(name)?,
                };
                Some((
                    next,
                    self.key()?
                        .seal(&version_row_name(name.as_str(), next), pem.as_bytes())?,
                ))
            }
            None => None,
        };
        let expected = key_sealed.as_ref().map(|(n, _)| *n);
        let mut db_record = record.clone();
        if let Some(n) = expected {
            db_record.version = n;
        }
        let row = VersionRow {
            number: 0,
            record: to_json(&db_record, "certificate record")?,
            cert: files.cert.to_owned(),
            chain: files.chain.to_owned(),
            fullchain: files.fullchain.to_owned(),
            key_sealed: key_sealed.map(|(_, sealed)| sealed),
        };
        let owned = name.to_string();
        let expected_number = expected.and_then(|n| i32::try_from(n).ok());
        let fencing = self.leases.token(name.as_str());
        self.db.call("storing a version", move |fleet| {
            Box::pin(async move {
                rows::insert_version(fleet, &owned, &row, expected_number, fencing).await
            })
        })?;
        // Storing the version let go of the lease, and cleared the journal in the database.
        self.leases.take(name.as_str());
        self.journal_cleared().insert(name.to_string());
        Store::write_version(&self.local, name, files, record)
    }
    fn current_files(&self, name: &CertName, has_key: bool) -> VersionFiles {
        Store::current_files(&self.local, name, has_key)
    }
    fn version_files(&self, name: &CertName, n: u32, has_key: bool) -> VersionFiles {
        Store::version_files(&self.local, name, n, has_key)
    }
    fn delete_lineage(&self, name: &CertName) -> Result<(), StoreError> {
        let owned = name.to_string();
        self.db.call("deleting a certificate", move |fleet| {
            Box::pin(async move { rows::delete_cert(fleet, &owned).await })
        })?;
        Store::delete_lineage(&self.local, name)
    }
    fn journal_load(
        &self,
        name: &CertName,
    ) -> Result<Option<(JournalEntry, Option<String>)>, StoreError> {
        Store::journal_load(&self.local, name)
    }
    fn journal_begin(
        &self,
        name: &CertName,
        entry: &JournalEntry,
        key_pem: Option<&str>,
    ) -> Result<(), StoreError> {
        let json = to_json(entry, "journal entry")?;
        let sealed = match key_pem {
            Some(pem) => Some(
                self.key()?
                    .seal(&format!("journal/{name}"), pem.as_bytes())?,
            ),
            None => None,
        };
        let owned = name.to_string();
        self.journal_cleared().remove(name.as_str());
        let fencing = self.leases.token(name.as_str());
        self.db.call("journaling an order", move |fleet| {
            Box::pin(async move {
                rows::write_journal(fleet, &owned, &json, sealed.as_deref(), fencing).await
            })
        })?;
        Store::journal_begin(&self.local, name, entry, key_pem)
    }
    fn journal_write(&self, name: &CertName, entry: &JournalEntry) -> Result<(), StoreError> {
        let json = to_json(entry, "journal entry")?;
        self.journal_cleared().remove(name.as_str());
        let owned = name.to_string();
        let fencing = self.leases.token(name.as_str());
        self.db.call("journaling an order", move |fleet| {
            Box::pin(async move { rows::write_journal(fleet, &owned, &json, None, fencing).await })
        })?;
        Store::journal_write(&self.local, name, entry)
    }
    fn journal_clear(&self, name: &CertName) -> Result<(), StoreError> {
        if !self.journal_cleared().remove(name.as_str()) {
            let owned = name.to_string();
            let fencing = self.leases.token(name.as_str());
            self.db.call("clearing a journal", move |fleet| {
                Box::pin(async move { rows::clear_journal(fleet, &owned, fencing).await })
            })?;
        }
        Store::journal_clear(&self.local, name)
    }
    fn save_account(
        &self,
        record: &AccountRecord,
        key_pem: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        let json = to_json(record, "account record")?;
        let sealed = match key_pem {
            Some(pem) => Some(
                self.key()?
                    .seal(&account_row(&record.ca, &record.name), pem)?,
            ),
            None => None,
        };
        let (ca, name) = (record.ca.clone(), record.name.clone());
        self.db.call("saving an account", move |fleet| {
            Box::pin(async move {
                rows::save_account(fleet, &ca, &name, &json, sealed.as_deref()).await
            })
        })?;
        Store::save_account(&self.local, record, key_pem)
    }
    fn forget_previous_account_key(&self, ca: &str, name: &str) -> Result<(), StoreError> {
        let (owned_ca, owned_name) = (ca.to_owned(), name.to_owned());
        self.db
            .call("forgetting the pending account key", move |fleet| {
                Box::pin(
                    async move { rows::clear_pending_key(fleet, &owned_ca, &owned_name).await },
                )
            })?;
        Store::forget_previous_account_key(&self.local, ca, name)
    }
    // Shared before the CA is asked: a node that dies after the CA switched to this key (its
    // disk with it) leaves it to the next node, which materializes it and finishes the change.
    fn save_pending_account_key(
        &self,
        ca: &str,
        name: &str,
        key_pem: &[u8],
    ) -> Result<(), StoreError> {
        let sealed = self.key()?.seal(&pending_key_row(ca, name), key_pem)?;
        let (owned_ca, owned_name) = (ca.to_owned(), name.to_owned());
        let saved = self
            .db
            .call("saving the pending account key", move |fleet| {
                Box::pin(async move {
                    rows::save_pending_key(fleet, &owned_ca, &owned_name, &sealed).await
                })
            })?;
        let why = match saved {
            Some(true) => return Store::save_pending_account_key(&self.local, ca, name, key_pem),
            Some(false) => "holds another pending key",
            None => "has no row",
        };
        Err(FleetError::PendingKeyNotShared {
            name: name.to_owned(),
            why,
        }
        .into())
    }
    // The fleet's pending key was materialized when this store opened.
    fn load_pending_account_key(
        &self,
        ca: &str,
        name: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        Store::load_pending_account_key(&self.local, ca, name)
    }
    // The pending key is shared (see save_pending_account_key); the lock keeps a second node
    // from starting a change while one is under way.
    fn begin_account_key_move(&self, ca: &str, name: &str) -> Result<(), StoreError> {
        let row = account_row(ca, name);
        let taken = self
            .db
            .call("locking an account key change", move |fleet| {
                Box::pin(async move { rows::try_lock_key_move(fleet, &row).await })
            })?;
        if !taken {
            return Err(FleetError::KeyMoveElsewhere {
                name: name.to_owned(),
            }
            .into());
        }
        Ok(())
    }
    fn end_account_key_move(&self, ca: &str, name: &str) -> Result<(), StoreError> {
        let row = account_row(ca, name);
        self.db
            .call("unlocking an account key change", move |fleet| {
                Box::pin(async move { rows::unlock_key_move(fleet, &row).await })
            })?;
        Ok(())
    }
    fn load_account(&self, ca: &str, name: &str) -> Result<(AccountRecord, Vec<u8>), StoreError> {
        Store::load_account(&self.local, ca, name)
    }
    fn account_exists(&self, ca: &str, name: &str) -> Result<bool, StoreError> {
        Store::account_exists(&self.local, ca, name)
    }
    fn retire_account(
        &self,
        ca: &str,
        name: &str,
        stamp: i64,
    ) -> Result<Option<PathBuf>, StoreError> {
        let (owned_ca, owned_name) = (ca.to_owned(), name.to_owned());
        self.db.call("retiring an account", move |fleet| {
            Box::pin(async move { rows::delete_account(fleet, &owned_ca, &owned_name).await })
        })?;
        Store::retire_account(&self.local, ca, name, stamp)
    }
    fn account_key_path(&self, ca: &str, name: &str) -> PathBuf {
        Store::account_key_path(&self.local, ca, name)
    }
    fn list_accounts(&self) -> Vec<StoredAccount> {
        Store::list_accounts(&self.local)
    }
    fn accounts_for_ca(&self, ca: &str) -> Vec<AccountRecord> {
        Store::accounts_for_ca(&self.local, ca)
    }
    fn save_ca_root(&self, ca: &str, pem: &[u8]) -> Result<PathBuf, StoreError> {
        let (owned, text) = (ca.to_owned(), String::from_utf8_lossy(pem).into_owned());
        self.db.call("saving a CA root", move |fleet| {
            Box::pin(async move { rows::save_ca_root(fleet, &owned, &text).await })
        })?;
        Store::save_ca_root(&self.local, ca, pem)
    }
    fn ca_root(&self, ca: &str) -> Option<PathBuf> {
        Store::ca_root(&self.local, ca)
    }
    fn ca_notes(&self, ca: &str) -> CaNotes {
        Store::ca_notes(&self.local, ca)
    }
    fn note_replaces_ignored(&self, ca: &str, now: time::OffsetDateTime) -> Result<(), StoreError> {
        Store::note_replaces_ignored(&self.local, ca, now)
    }
    fn claim_renewal(
        &self,
        name: &CertName,
        seen_serial: Option<&str>,
    ) -> Result<Claim, StoreError> {
        let (owned, seen) = (name.to_string(), seen_serial.map(str::to_owned));
        let duration = self.leases.duration;
        let claimed = self.db.call("claiming a renewal lease", move |fleet| {
            Box::pin(async move { lease::claim(fleet, &owned, seen.as_deref(), duration).await })
        })?;
        if let Some(fencing) = claimed.fencing {
            self.leases
                .hold(name.as_str(), fencing, claimed.next_version);
        }
        Ok(claimed.claim)
    }
    fn release_renewal(&self, name: &CertName) -> Result<(), StoreError> {
        let Some(fencing) = self.leases.take(name.as_str()) else {
            return Ok(());
        };
        let owned = name.to_string();
        self.db
            .call("letting go of the renewal lease", move |fleet| {
                Box::pin(async move { lease::release(fleet, &owned, fencing).await })
            })?;
        Ok(())
    }
    fn shares_http_challenges(&self) -> bool {
        true
    }
    fn publish_http_challenge(
        &self,
        identifier: &str,
        token: &str,
        key_authorization: &str,
    ) -> Result<(), StoreError> {
        let (name, token, key_authorization) = (
            identifier.to_owned(),
            token.to_owned(),
            key_authorization.to_owned(),
        );
        self.db
            .call("publishing an http-01 challenge", move |fleet| {
                Box::pin(async move {
                    challenges::publish(fleet, &name, &token, &key_authorization).await
                })
            })?;
        Ok(())
    }
    fn withdraw_http_challenge(&self, token: &str) -> Result<(), StoreError> {
        let token = token.to_owned();
        self.db
            .call("withdrawing an http-01 challenge", move |fleet| {
                Box::pin(async move { challenges::withdraw(fleet, &token).await })
            })?;
        Ok(())
    }
    /// Connects again if it must, and materializes what other nodes stored since. When that
    /// fails with the database reachable (a row this node cannot read, a newer schema), the
    /// reason is noted on this node's row for `fleet status`.
    // Another node's new version reaches this host's files, install targets and deploy hooks
    // within this, not at the next renewal due here (up to 12 hours away).
    fn sync_every(&self) -> Option<Duration> {
        Some(FLEET_SYNC)
    }
    fn refresh(&self) -> Result<(), StoreError> {
        let refreshed = self.materialize();
        if let Err(StoreError::Fleet(err)) = &refreshed
            && !matches!(
                **err,
                FleetError::Connect { .. } | FleetError::Deadline { .. }
            )
        {
            let reason = err.to_string();
            let _ = self.db.call("noting that renewal is paused", move |fleet| {
                Box::pin(async move { rows::note_paused(fleet, &reason).await })
            });
        }
        refreshed
    }
    fn save_daemon_status(&self, status: &DaemonStatus) -> Result<(), StoreError> {
        Store::save_daemon_status(&self.local, status)
    }
    fn daemon_status(&self) -> Option<DaemonStatus> {
        Store::daemon_status(&self.local)
    }
}

impl FleetStore {
    /// The number the database will give the next version of `name`.
    fn next_version(&self, name: &CertName) -> Result<u32, FleetError> {
        let owned = name.to_string();
        let next: i32 = self.db.call("numbering a version", move |fleet| {
            Box::pin(async move {
                fleet
                    .deadline(
                        "numbering a version",
                        fleet.client.query_typed_one(
                            "SELECT coalesce(max(version), 0) + 1 FROM fleet_versions WHERE name = $1",
                            &[(&owned, tokio_postgres::types::Type::TEXT)],
                        ),
                    )
                    .await
                    .map(|row| row.get(0))
            })
        })?;
        Ok(version_number(next))
    }

    /// Merges the renewal information of `state` into the database's state of `name`, only
    /// while its current version is the one the local store has.
    fn merge_ari(&self, name: &CertName, state: &LineageState) -> Result<(), StoreError> {
        let full = to_json(state, "renewal state")?;
        let ari: serde_json::Map<String, serde_json::Value> =
            ["ari", "ari_next_fetch", "ari_problem"]
                .into_iter()
                .map(|key| (key.to_owned(), full.get(key).cloned().unwrap_or_default()))
                .collect();
        let version = Store::current_version(&self.local, name)?
            .and_then(|number| i32::try_from(number).ok());
        let owned = name.to_string();
        self.db.call("saving renewal information", move |fleet| {
            Box::pin(async move {
                rows::merge_ari(fleet, &owned, version, &serde_json::Value::Object(ari)).await
            })
        })?;
        Ok(())
    }
}
