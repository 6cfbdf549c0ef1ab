//! A node's materialization of the fleet: the database's accounts, CA roots, certificates
//! (spec, state, CSR, current version) and journaled orders written into the node's ordinary
//! local store, with the file store's atomic layout, whenever the store is opened or refreshed
//! (the daemon does so each round). Only what differs is written. The certificates are read a
//! page at a time, without their versions' files: those of the versions this node does not
//! have yet are read afterwards, a page's worth in one round trip. So what a node holds at once
//! is bounded by a page however large the fleet (the idle daemon's size), and a round over an
//! unchanged fleet moves no certificate files over the wire.
//!
//! What is the host's own stays: its deploy state and owed deploy hooks are kept when the shared
//! state is written over them, and a version another node stored owes this host its deploy
//! hooks. An account key change another node started comes down as this node's pending key.

use super::FleetError;
use super::fleet_store::{FleetStore, from_json, version_number};
use super::rows::{self, CertRow, VersionRow};
use super::upload::{account_row, pending_key_row, version_row_name};
use crate::domain::{CertName, CertRecord, CertSpec, HookSpec, LineageState, PendingHook};
use crate::store::{AccountRecord, JournalEntry, NewVersion, Store, StoreError};

/// How many certificates are read in one round trip (bounds what is held at once).
const PAGE: usize = 128;

impl FleetStore {
    /// Writes the database's accounts, certificates and journals into the local store.
    pub(super) fn materialize(&self) -> Result<(), StoreError> {
        let snapshot = self.db.call("reading the fleet", |fleet| {
            Box::pin(async move {
                rows::seen(fleet).await?;
                rows::snapshot(fleet).await
            })
        })?;
        self.local.ensure_root()?;
        for (ca, pem) in &snapshot.ca_roots {
            let have = Store::ca_root(&self.local, ca).and_then(|path| std::fs::read(path).ok());
            if have.as_deref() != Some(pem.as_bytes()) {
                Store::save_ca_root(&self.local, ca, pem.as_bytes())?;
            }
        }
        for account in snapshot.accounts {
            let record: AccountRecord = from_json(account.record, "account")?;
            let have = self
                .local
                .load_account(&record.ca, &record.name)
                .ok()
                .map(|(have, _)| have);
            if have.as_ref() != Some(&record) {
                let row = account_row(&record.ca, &record.name);
                let key = self.key()?.open(&row, &account.key_sealed)?;
                self.local.save_account(&record, Some(&key))?;
            }
            // A key change another node started (and may have died in): this node can finish
            // it. A pending key this node has already is never replaced.
            if let Some(sealed) = &account.pending_sealed
                && self
                    .local
                    .load_pending_account_key(&record.ca, &record.name)?
                    .is_none()
            {
                let row = pending_key_row(&record.ca, &record.name);
                let key = self.key()?.open(&row, sealed)?;
                self.local
                    .save_pending_account_key(&record.ca, &record.name, &key)?;
            }
        }
        let mut after: Option<String> = None;
        loop {
            let from = after.clone();
            let page = self.db.call("reading the certificates", move |fleet| {
                Box::pin(async move {
                    rows::cert_page(fleet, from.as_deref(), i64::try_from(PAGE).unwrap_or(128))
                        .await
                })
            })?;
            let full = page.len() == PAGE;
            after = page.last().map(|cert| cert.name.clone());
            self.materialize_page(page)?;
            if !full {
                return Ok(());
            }
        }
    }

    /// Materializes one page of certificates.
    fn materialize_page(&self, page: Vec<CertRow>) -> Result<(), StoreError> {
        // The current versions this node does not have, by certificate, with its deploy hooks.
        let mut missing: Vec<(CertName, i32, Vec<HookSpec>)> = Vec::new();
        for cert in page {
            let name: CertName = cert.name.parse().map_err(|e| FleetError::Corrupt {
                what: format!("certificate name '{}'", cert.name),
                why: crate::error::Detail::chain(&e),
            })?;
            let lineage = self.local.lineage(&name);
            let spec: CertSpec = toml::from_str(&cert.spec).map_err(|e| FleetError::Corrupt {
                what: format!("spec of '{name}'"),
                why: crate::error::Detail::new(e.message()),
            })?;
            if lineage.load_spec().ok().as_ref() != Some(&spec) {
                lineage.save_spec(&spec)?;
            }
            let shared: LineageState = from_json(cert.state, "renewal state")?;
            let here = lineage.load_state().ok();
            let state = shared.with_host_part_of(&here.clone().unwrap_or_default());
            if here.as_ref() != Some(&state) {
                lineage.save_state(&state)?;
            }
            if let Some(csr) = &cert.csr
                && lineage.load_csr().ok().as_ref() != Some(csr)
            {
                lineage.save_csr(csr)?;
            }
            if let Some((number, record)) = cert.current {
                let record: CertRecord = from_json(record, "certificate record")?;
                if !self.has_current(&name, &record) {
                    missing.push((name.clone(), number, spec.hooks.deploy.clone()));
                }
            }
            self.materialize_journal(&name, cert.journal)?;
        }
        if missing.is_empty() {
            return Ok(());
        }
        let wanted: Vec<(String, i32)> = missing
            .iter()
            .map(|(name, number, _)| (name.to_string(), *number))
            .collect();
        let mut versions = self.db.call("reading certificate versions", move |fleet| {
            Box::pin(async move { rows::versions(fleet, &wanted).await })
        })?;
        for (name, _, deploy_hooks) in &missing {
            // Gone since the page was read (deleted): the next refresh sees that.
            if let Some(version) = versions.remove(name.as_str()) {
                self.materialize_version(name, version)?;
                self.owe_deploy_hooks(name, deploy_hooks)?;
            }
        }
        Ok(())
    }

    /// A version another node stored is this host's now: its deploy hooks (reloading this
    /// host's services) are owed here, and the next renewal round runs them, as it retries a
    /// failed one. Its install targets follow from the deploy state, which is this host's own.
    fn owe_deploy_hooks(&self, name: &CertName, hooks: &[HookSpec]) -> Result<(), StoreError> {
        if hooks.is_empty() {
            return Ok(());
        }
        let lineage = self.local.lineage(name);
        let mut state = lineage.load_state().unwrap_or_default();
        let before = state.pending_hooks.len();
        for hook in hooks {
            if !state.pending_hooks.iter().any(|owed| owed.is(hook)) {
                state.pending_hooks.push(PendingHook::of(hook));
            }
        }
        if state.pending_hooks.len() == before {
            return Ok(());
        }
        lineage.save_state(&state)
    }

    /// True when this node's current version of `name` is the one `record` describes.
    fn has_current(&self, name: &CertName, record: &CertRecord) -> bool {
        self.local
            .lineage(name)
            .current_record()
            .ok()
            .flatten()
            .is_some_and(|have| have.serial == record.serial)
    }

    /// Makes the journal of `name` on this node what the database holds (`None`: no order in
    /// flight).
    fn materialize_journal(
        &self,
        name: &CertName,
        journal: Option<(serde_json::Value, Option<Vec<u8>>)>,
    ) -> Result<(), StoreError> {
        match journal {
            Some((entry, key_sealed)) => {
                let entry: JournalEntry = from_json(entry, "journal entry")?;
                let key = match key_sealed {
                    Some(sealed) => Some(
                        String::from_utf8(self.key()?.open(&format!("journal/{name}"), &sealed)?)
                            .map_err(|_| FleetError::Unseal {
                            what: format!("journal/{name}"),
                        })?,
                    ),
                    None => None,
                };
                if self.local.journal_load(name).ok().flatten().map(|(e, _)| e)
                    != Some(entry.clone())
                {
                    self.local.journal_begin(name, &entry, key.as_deref())?;
                }
            }
            None => {
                if self.local.journal_load(name).ok().flatten().is_some() {
                    self.local.journal_clear(name)?;
                }
            }
        }
        Ok(())
    }

    /// Makes the database's `version` of `name` the local current one, unless it is.
    fn materialize_version(&self, name: &CertName, version: VersionRow) -> Result<(), StoreError> {
        let mut record: CertRecord = from_json(version.record, "certificate record")?;
        if self.has_current(name, &record) {
            return Ok(());
        }
        let key = match &version.key_sealed {
            Some(sealed) => {
                let row = version_row_name(name.as_str(), version_number(version.number));
                let plain = self.key()?.open(&row, sealed)?;
                Some(String::from_utf8(plain).map_err(|_| FleetError::Unseal { what: row })?)
            }
            None => None,
        };
        self.local.lineage(name).write_version(
            &NewVersion {
                cert: &version.cert,
                chain: &version.chain,
                fullchain: &version.fullchain,
                privkey: key.as_deref(),
            },
            &mut record,
        )?;
        Ok(())
    }
}
