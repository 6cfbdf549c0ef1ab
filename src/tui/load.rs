//! What the runtime reads from the store for the TUI: every certificate as a [`Row`], from the
//! same use case the CLI runs (`status`, which reads the summary index, with what `list` shows
//! alongside: nothing per certificate, so the first frame with 10,000 certificates is quick);
//! one certificate's [`Detail`] when it is selected (`show`, and its spec and state for what
//! `show` leaves out: hooks, install targets, the failure ledger, the last deploy, older
//! versions); and a cheap fingerprint of the store so that changes by another process (the
//! daemon, a cron `renew`) show without a keypress.

use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use super::model::{AccountLine, ChainLink, DaemonLine, Detail, Row, VersionLine};
use crate::domain::CertName;
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

/// Reads the table from one `status` pass over the store's summary index (the renewal plan,
/// with what `list` shows alongside), nothing per certificate; the detail of one certificate is
/// [`detail`]'s job, when it is selected.
pub(super) fn snapshot(ctx: &Context) -> Result<Snapshot, Error> {
    let now = ctx.clock.now();
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
    let mut rows: Vec<Row> = status
        .certificates
        .into_iter()
        .map(|status| {
            let mut row = Row::named(&status.name, status.status);
            row.identifiers = status.summary.identifiers;
            row.ca = Some(status.summary.ca);
            row.key_type = Some(status.summary.key_type);
            row.version = status.summary.version;
            row.not_after = status.not_after;
            row.days_left = status.not_after.map(|at| (at - now).whole_days());
            row.next_renewal = status.next_renewal;
            row.reason = status.reason;
            row.backing_off = status.backing_off;
            row.failures = status.failures;
            row.last_error = status.last_error;
            row.last_success = status.last_success;
            row.ari_window = status.ari_window_start.zip(status.ari_window_end);
            row.pending_hooks = status.pending_hooks;
            row
        })
        .collect();
    // A damaged lineage has nothing more to show in the table; its detail says what is wrong.
    rows.extend(
        status
            .damaged
            .iter()
            .map(|damage| Row::named(&damage.name, ops::CertStatus::Damaged)),
    );
    Ok(Snapshot {
        rows,
        accounts,
        daemon,
    })
}

/// How many older versions the detail lists (the store keeps three by default).
const VERSIONS_SHOWN: u32 = 10;

/// Reads one certificate in full for the detail pane: `show` (the current version and its
/// chain), its spec (hooks, install targets) and its state (ARI, failures, the last deploy).
pub(super) fn detail(ctx: &Context, name: &str) -> Result<Detail, Error> {
    let show = ops::show(ctx, name, true)?;
    let cert_name: CertName = name.parse()?;
    let lineage = ctx.store.lineage(&cert_name);
    let spec = lineage.load_spec()?;
    let state = lineage.load_state()?;
    let chain = show.pem.as_deref().map(chain_of).unwrap_or_default();
    let mut versions = Vec::new();
    if let Some(current) = &show.current {
        versions.push(VersionLine {
            version: current.version,
            serial: current.serial.clone(),
            not_after: current.not_after,
        });
        let oldest = current.version.saturating_sub(VERSIONS_SHOWN).max(1);
        for n in (oldest..current.version).rev() {
            let files = lineage.version_files(n, !spec.use_csr);
            if let Some(line) = version_of(n, &files.cert) {
                versions.push(line);
            }
        }
    }
    let hooks = [
        ("pre", &spec.hooks.pre),
        ("post", &spec.hooks.post),
        ("deploy", &spec.hooks.deploy),
        ("failure", &spec.hooks.failure),
    ]
    .into_iter()
    .flat_map(|(stage, hooks)| {
        hooks
            .iter()
            .map(move |hook| format!("{stage}: {}", hook.command.join(" ")))
    })
    .collect();
    let targets = spec
        .install
        .iter()
        .flat_map(|group| {
            group.targets.iter().map(|t| {
                let mut line = format!("{} {}", t.kind.as_str(), t.path.display());
                if let Some(preset) = &group.preset {
                    let _ = write!(line, " ({preset})");
                }
                if let Some(verify) = &group.verify {
                    let _ = write!(line, ", verified at {}", verify.address);
                }
                line
            })
        })
        .collect();
    let ari = state.ari.as_ref();
    Ok(Detail {
        name: name.to_owned(),
        serial: show.current.as_ref().map(|c| c.serial.clone()),
        issuer: show.current.as_ref().map(|c| c.issuer.clone()),
        not_before: show.current.as_ref().map(|c| c.not_before),
        key_type: show.spec.key_type,
        challenge: show.spec.challenge,
        profile: show.spec.profile,
        account: show.spec.account,
        chain,
        ari_explanation_url: ari.and_then(|a| a.explanation_url.clone()),
        ari_problem: state.ari_problem.clone(),
        last_failure: state.failures.last_failure,
        retry_after: state.failures.retry_after,
        hooks,
        targets,
        deploy: state.deploy.clone(),
        versions,
    })
}

/// The subject and issuer of each certificate in a PEM chain, leaf first.
fn chain_of(pem: &str) -> Vec<ChainLink> {
    let Ok(blocks) = pem::parse_many(pem) else {
        return Vec::new();
    };
    blocks
        .iter()
        .filter_map(|block| {
            let (_, cert) = x509_parser::parse_x509_certificate(block.contents()).ok()?;
            Some(ChainLink {
                subject: cert.subject().to_string(),
                issuer: cert.issuer().to_string(),
            })
        })
        .collect()
}

/// An older version's serial and expiry, read from its certificate (`None`: pruned).
fn version_of(version: u32, cert: &Path) -> Option<VersionLine> {
    let bytes = crate::bounded::read_file(cert, crate::bounded::FILE_LIMIT).ok()?;
    let block = pem::parse(&bytes).ok()?;
    let (_, cert) = x509_parser::parse_x509_certificate(block.contents()).ok()?;
    Some(VersionLine {
        version,
        serial: crate::keys::hex(cert.raw_serial()),
        not_after: cert.validity().not_after.to_datetime(),
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
