//! `fleet push`: one host's local store uploaded into the fleet database in one transaction —
//! accounts (keys sealed), every readable certificate's spec, state, saved CSR and current
//! version (key sealed), and a journaled order in flight. Rows already there are updated (the
//! local host's copy wins); a version number already in the database is left as it is, and the
//! database's current version only moves forward. Damaged local entries are skipped and
//! counted, as every other command treats them.

use serde::Serialize;
use tokio_postgres::types::ToSql;

use super::{Fleet, FleetError, FleetKey};
use crate::domain::CertName;
use crate::store::Store;

/// What `fleet push` uploaded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PushCounts {
    /// Accounts uploaded.
    pub accounts: usize,
    /// Certificates whose spec and state were uploaded.
    pub certificates: usize,
    /// Issued versions uploaded (the current one of each certificate).
    pub versions: usize,
    /// Journaled orders in flight uploaded.
    pub journals: usize,
    /// Local entries skipped because they are damaged (named by `list` and `status`).
    pub skipped: Vec<String>,
}

/// Uploads `local` into the fleet. Private keys are sealed with `key`; without one, a store
/// holding any private key is refused before anything is written.
pub async fn push(
    fleet: &mut Fleet,
    local: &dyn Store,
    key: Option<&FleetKey>,
) -> Result<PushCounts, FleetError> {
    let upload = collect(local, key)?;
    let deadline = fleet.deadline_duration();
    let node = fleet.node.clone();
    let send = async {
        let tx = fleet
            .client
            .transaction()
            .await
            .map_err(FleetError::query("starting the upload"))?;
        tx.execute(
            "INSERT INTO fleet_nodes (node, certkeep_version) VALUES ($1, $2)
             ON CONFLICT (node) DO UPDATE SET last_seen = now(), certkeep_version = $2",
            &[&node, &env!("CARGO_PKG_VERSION")],
        )
        .await
        .map_err(FleetError::query("registering this node"))?;
        send_accounts(&tx, &upload).await?;
        for cert in &upload.certs {
            tx.execute(
                "INSERT INTO fleet_certs (name, spec, state, csr) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (name) DO UPDATE
                 SET spec = $2, state = $3, csr = $4, updated_at = now()",
                &[&cert.name, &cert.spec, &cert.state, &cert.csr],
            )
            .await
            .map_err(FleetError::query("uploading a certificate"))?;
            tx.execute(
                "INSERT INTO fleet_leases (name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
                &[&cert.name],
            )
            .await
            .map_err(FleetError::query("creating a lease"))?;
            if let Some(version) = &cert.version {
                let params: [&(dyn ToSql + Sync); 8] = [
                    &cert.name,
                    &version.number,
                    &version.record,
                    &version.cert,
                    &version.chain,
                    &version.fullchain,
                    &version.key_sealed,
                    &node,
                ];
                tx.execute(
                    "INSERT INTO fleet_versions
                        (name, version, record, cert_pem, chain_pem, fullchain_pem, key_sealed, node)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                     ON CONFLICT (name, version) DO NOTHING",
                    &params,
                )
                .await
                .map_err(FleetError::query("uploading a version"))?;
                tx.execute(
                    "UPDATE fleet_certs SET current_version = $2
                     WHERE name = $1 AND (current_version IS NULL OR current_version < $2)",
                    &[&cert.name, &version.number],
                )
                .await
                .map_err(FleetError::query("moving the current version"))?;
            }
            if let Some(journal) = &cert.journal {
                tx.execute(
                    "INSERT INTO fleet_journal (name, entry, key_sealed, node) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (name) DO UPDATE
                     SET entry = $2, key_sealed = $3, node = $4, updated_at = now()",
                    &[&cert.name, &journal.entry, &journal.key_sealed, &node],
                )
                .await
                .map_err(FleetError::query("uploading a journaled order"))?;
            }
        }
        tx.commit()
            .await
            .map_err(FleetError::query("committing the upload"))
    };
    tokio::time::timeout(deadline * 4, send)
        .await
        .map_err(|_| FleetError::Deadline {
            doing: "uploading the local store",
            deadline: deadline * 4,
        })??;
    Ok(upload.counts)
}

/// Inserts or updates the accounts and their CAs' roots.
async fn send_accounts(
    tx: &tokio_postgres::Transaction<'_>,
    upload: &Upload,
) -> Result<(), FleetError> {
    for account in &upload.accounts {
        tx.execute(
            "INSERT INTO fleet_accounts (ca, name, record, key_sealed) VALUES ($1, $2, $3, $4)
             ON CONFLICT (ca, name) DO UPDATE
             SET record = $3, key_sealed = $4, updated_at = now()",
            &[
                &account.ca,
                &account.name,
                &account.record,
                &account.key_sealed,
            ],
        )
        .await
        .map_err(FleetError::query("uploading an account"))?;
    }
    for (ca, pem) in &upload.ca_roots {
        tx.execute(
            "INSERT INTO fleet_ca_roots (ca, pem) VALUES ($1, $2)
             ON CONFLICT (ca) DO UPDATE SET pem = $2",
            &[ca, pem],
        )
        .await
        .map_err(FleetError::query("uploading a CA root"))?;
    }
    Ok(())
}

/// The rows to upload, read and sealed before the first statement.
struct Upload {
    accounts: Vec<AccountRow>,
    /// The extra trusted roots of the accounts' CAs: (CA directory URL, PEM).
    ca_roots: Vec<(String, String)>,
    certs: Vec<CertRow>,
    counts: PushCounts,
}

struct AccountRow {
    ca: String,
    name: String,
    record: serde_json::Value,
    key_sealed: Vec<u8>,
}

struct CertRow {
    name: String,
    spec: String,
    state: serde_json::Value,
    csr: Option<String>,
    version: Option<VersionRow>,
    journal: Option<JournalRow>,
}

struct VersionRow {
    number: i32,
    record: serde_json::Value,
    cert: String,
    chain: String,
    fullchain: String,
    key_sealed: Option<Vec<u8>>,
}

struct JournalRow {
    entry: serde_json::Value,
    key_sealed: Option<Vec<u8>>,
}

fn sealed(key: Option<&FleetKey>, row: &str, pem: &str) -> Result<Vec<u8>, FleetError> {
    key.ok_or(FleetError::NoFleetKey)?.seal(row, pem.as_bytes())
}

fn json(what: &str, value: &impl Serialize) -> Result<serde_json::Value, FleetError> {
    serde_json::to_value(value).map_err(|e| FleetError::Corrupt {
        what: what.to_owned(),
        why: crate::error::Detail::new(e),
    })
}

fn local(name: &str) -> impl FnOnce(crate::store::StoreError) -> FleetError {
    let name = name.to_owned();
    move |err| FleetError::Local {
        name,
        source: Box::new(err.into()),
    }
}

fn collect(local_store: &dyn Store, key: Option<&FleetKey>) -> Result<Upload, FleetError> {
    let mut upload = Upload {
        accounts: Vec::new(),
        ca_roots: Vec::new(),
        certs: Vec::new(),
        counts: PushCounts::default(),
    };
    for stored in local_store.list_accounts() {
        let Ok(record) = stored.record else {
            upload
                .counts
                .skipped
                .push(format!("account {}/{}", stored.ca_id, stored.name));
            continue;
        };
        let (record, key_pem) = local_store
            .load_account(&record.ca, &record.name)
            .map_err(local(&record.name))?;
        let pem = String::from_utf8_lossy(&key_pem);
        if let Some(path) = local_store.ca_root(&record.ca)
            && !upload.ca_roots.iter().any(|(ca, _)| *ca == record.ca)
        {
            let pem =
                crate::bounded::read_text(&path, crate::bounded::FILE_LIMIT).map_err(|e| {
                    FleetError::Local {
                        name: record.ca.clone(),
                        source: Box::new(crate::store::StoreError::io("read", &path)(e).into()),
                    }
                })?;
            upload.ca_roots.push((record.ca.clone(), pem));
        }
        let row = account_row(&record.ca, &record.name);
        upload.accounts.push(AccountRow {
            key_sealed: sealed(key, &row, &pem)?,
            record: json("account record", &record)?,
            ca: record.ca,
            name: record.name,
        });
    }
    upload.counts.accounts = upload.accounts.len();
    for entry in local_store.list_lineages() {
        let name = entry.name.clone();
        let Ok((spec, state, current)) = entry.into_parts() else {
            upload.counts.skipped.push(name);
            continue;
        };
        let cert_name = spec.name.clone();
        let csr = if local_store.csr_path(&cert_name).is_file() {
            Some(local_store.load_csr(&cert_name).map_err(local(&name))?)
        } else {
            None
        };
        let version = match current {
            Some(record) => Some(version_row(local_store, &cert_name, &record, key)?),
            None => None,
        };
        let journal = journal_row(local_store, &cert_name, key)?;
        upload.counts.versions += usize::from(version.is_some());
        upload.counts.journals += usize::from(journal.is_some());
        upload.certs.push(CertRow {
            spec: toml::to_string_pretty(&spec).map_err(|e| FleetError::Corrupt {
                what: format!("spec of '{name}'"),
                why: crate::error::Detail::new(e),
            })?,
            state: json("renewal state", &state.shared_part())?,
            csr,
            version,
            journal,
            name,
        });
    }
    upload.counts.certificates = upload.certs.len();
    Ok(upload)
}

fn version_row(
    store: &dyn Store,
    name: &CertName,
    record: &crate::domain::CertRecord,
    key: Option<&FleetKey>,
) -> Result<VersionRow, FleetError> {
    let read = |file| {
        store
            .read_current_file(name, file)
            .map_err(local(name.as_str()))
    };
    let has_key = store
        .current_files(name, true)
        .privkey
        .is_some_and(|p| p.is_file());
    let key_sealed = if has_key {
        let row = version_row_name(name.as_str(), record.version);
        Some(sealed(key, &row, &read("privkey.pem")?)?)
    } else {
        None
    };
    Ok(VersionRow {
        number: i32::try_from(record.version).map_err(|e| FleetError::Corrupt {
            what: format!("version of '{name}'"),
            why: crate::error::Detail::new(e),
        })?,
        record: json("certificate record", record)?,
        cert: read("cert.pem")?,
        chain: read("chain.pem")?,
        fullchain: read("fullchain.pem")?,
        key_sealed,
    })
}

fn journal_row(
    store: &dyn Store,
    name: &CertName,
    key: Option<&FleetKey>,
) -> Result<Option<JournalRow>, FleetError> {
    let Some((entry, key_pem)) = store.journal_load(name).map_err(local(name.as_str()))? else {
        return Ok(None);
    };
    let key_sealed = match key_pem {
        Some(pem) => Some(sealed(key, &format!("journal/{name}"), &pem)?),
        None => None,
    };
    Ok(Some(JournalRow {
        entry: json("journal entry", &entry)?,
        key_sealed,
    }))
}

/// The associated data that binds a sealed account key to its row.
pub(super) fn account_row(ca: &str, name: &str) -> String {
    format!("account/{ca}/{name}")
}

/// The associated data that binds the sealed pending key of a key change to its account (not
/// interchangeable with the account's key: the two are different keys of one account).
pub(super) fn pending_key_row(ca: &str, name: &str) -> String {
    format!("pending-key/{ca}/{name}")
}

/// The associated data that binds a sealed certificate key to its row.
pub(super) fn version_row_name(name: &str, version: u32) -> String {
    format!("version/{name}/{version}")
}
