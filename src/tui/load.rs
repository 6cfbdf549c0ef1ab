//! What the runtime reads from the store for the TUI: every certificate as a [`Row`], from the
//! same use cases the CLI runs (`list`, `status`, `show`), and a cheap fingerprint of the store
//! so that changes by another process (the daemon, a cron `renew`) show without a keypress.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use super::model::{AccountLine, DaemonLine, Row};
use crate::error::Error;
use crate::ops::{self, Context};

/// What one load reads: the certificates, the accounts and the daemon's record.
pub(super) struct Snapshot {
    /// Every certificate, damaged ones included (as `list` shows them).
    pub(super) rows: Vec<Row>,
    /// Every readable account.
    pub(super) accounts: Vec<AccountLine>,
    /// The daemon's record, if a daemon ever ran on this store.
    pub(super) daemon: Option<DaemonLine>,
}

/// Reads the store.
pub(super) fn snapshot(ctx: &Context) -> Result<Snapshot, Error> {
    let list = ops::list(ctx);
    let status = ops::status(ctx, &[])?;
    let daemon = status.daemon.map(|d| DaemonLine {
        pid: d.pid,
        state: format!("{:?}", d.state).to_lowercase(),
        next_wake: d.next_wake,
        last_round: d.last_round,
    });
    let accounts = ops::list_accounts(ctx)
        .accounts
        .into_iter()
        .map(|a| AccountLine {
            name: a.name,
            ca: a.ca,
            contact: a.contact,
            status: a.status,
            key_thumbprint: a.key_thumbprint,
            eab_kid: a.eab_kid,
        })
        .collect();
    let mut renewal: HashMap<String, ops::CertRenewalStatus> = status
        .certificates
        .into_iter()
        .map(|c| (c.name.clone(), c))
        .collect();
    let rows = list
        .certificates
        .into_iter()
        .map(|summary| {
            let mut row = Row::named(&summary.name, summary.status);
            row.identifiers = summary.identifiers;
            row.ca = summary.ca;
            row.not_after = summary.not_after;
            row.days_left = summary.days_left;
            row.version = summary.version;
            if let Some(status) = renewal.remove(&summary.name) {
                row.next_renewal = status.next_renewal;
                row.reason = status.reason;
                row.backing_off = status.backing_off;
                row.failures = status.failures;
                row.last_error = status.last_error;
                row.last_success = status.last_success;
                row.ari_window = status.ari_window_start.zip(status.ari_window_end);
                row.pending_hooks = status.pending_hooks;
            }
            // A damaged lineage has no detail to show; the table already says so.
            if let Ok(show) = ops::show(ctx, &summary.name, false) {
                row.key_type = Some(show.spec.key_type);
                row.challenge = Some(show.spec.challenge);
                row.profile = show.spec.profile;
                if let Some(current) = show.current {
                    row.serial = Some(current.serial);
                    row.issuer = Some(current.issuer);
                }
            }
            row
        })
        .collect();
    Ok(Snapshot {
        rows,
        accounts,
        daemon,
    })
}

/// A hash of the names, sizes and modification times of the store's top three levels
/// (`certs/NAME/FILE`, `accounts/...`, the index): any renewal, obtain, delete or revoke
/// changes it, and computing it reads no file.
pub(super) fn fingerprint(root: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    hash_tree(root, 3, &mut hasher);
    hasher.finish()
}

fn hash_tree(dir: &Path, depth: u32, hasher: &mut DefaultHasher) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        entry.file_name().hash(hasher);
        meta.len().hash(hasher);
        meta.modified().ok().hash(hasher);
        if meta.is_dir() && depth > 1 {
            hash_tree(&entry.path(), depth - 1, hasher);
        }
    }
}
