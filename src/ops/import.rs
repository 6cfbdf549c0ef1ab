//! `import`: applies an [`ImportPlan`] (another client's accounts and certificates) to the
//! store, through the [`crate::store::Store`] trait only. Offline: no CA is contacted. The
//! source directory is only read (by [`crate::import::plan`]); everything is written in the
//! store. A second import of the same source adds nothing: an account already there with the
//! same URL is reused, a certificate name already in the store is skipped with the reason.

use std::path::PathBuf;

use serde::Serialize;
use time::OffsetDateTime;

use super::Context;
use crate::domain::{
    CertRecord, CertSpec, ChallengeSpec, Identifier, InstallGroup, InstallTarget, KeySpec,
    TargetKind,
};
use crate::error::Error;
use crate::import::{Client, ImportPlan, PlannedAccount, PlannedCert, PlannedChallenge, Skipped};
use crate::store::{AccountRecord, NewVersion};

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    /// The client whose state it is.
    pub client: Client,
    /// Its state directory.
    pub dir: PathBuf,
    /// Only plan: write nothing.
    pub dry_run: bool,
    /// Make the paths services read today certkeep's install targets.
    pub take_over: bool,
    /// Put before every certificate name.
    pub name_prefix: String,
}

/// The result of `import` (and, with `dry_run`, what it would do).
#[derive(Debug, Serialize)]
pub struct ImportReport {
    /// True when nothing was written.
    pub dry_run: bool,
    /// The client read.
    pub client: Client,
    /// The directory read.
    pub source: PathBuf,
    /// Accounts imported (or that would be).
    pub accounts: Vec<ImportedAccount>,
    /// Certificates imported (or that would be).
    pub imported: Vec<ImportedCert>,
    /// What was found and not imported, with the reason.
    pub skipped: Vec<Skipped>,
    /// Files services read today, and what happens to them.
    pub take_over: Vec<TakeOverView>,
    /// The commands that stop the old client's own renewals (certkeep runs none of them).
    pub disable_old: Vec<String>,
}

/// One account as imported.
#[derive(Debug, Serialize)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent yes/no facts of the JSON document, not states"
)]
pub struct ImportedAccount {
    /// certkeep's name for it (per CA).
    pub name: String,
    /// The CA's directory URL.
    pub ca: String,
    /// True when the old client did not record the directory URL and it was inferred.
    pub ca_inferred: bool,
    /// The account URL.
    pub url: String,
    /// Contact URIs.
    pub contact: Vec<String>,
    /// The account key's type (`ec-p256`, `rsa-2048` ...), when known.
    pub key_type: Option<KeySpec>,
    /// False when certkeep cannot use this key as an account key.
    pub can_sign: bool,
    /// True when the key (RSA or P-384) is moved to a fresh P-256 key at the account's first
    /// use (RFC 8555 key change: the account URL stays, the old client loses the account).
    pub moves_to_p256: bool,
    /// Where it was found, relative to the source directory.
    pub source: String,
    /// True when the store already held it (nothing written).
    pub existing: bool,
}

/// One certificate as imported.
#[derive(Debug, Serialize)]
pub struct ImportedCert {
    /// certkeep's name.
    pub name: String,
    /// The old client's name, when it differs (a prefix or a collision renamed it).
    pub renamed_from: Option<String>,
    /// Where it was found, relative to the source directory.
    pub source: String,
    /// The identifiers, in the certificate's SAN order.
    pub identifiers: Vec<Identifier>,
    /// The current certificate's serial, lowercase hex.
    pub serial: String,
    /// The current certificate's end of validity.
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    /// The key type for new keys.
    pub key_type: KeySpec,
    /// How many versions it gets (the old client's kept generations).
    pub versions: usize,
    /// The CA's directory URL.
    pub ca: String,
    /// certkeep's account name it renews with, when its account was imported.
    pub account: Option<String>,
    /// The challenge setting, or `null` when the user must choose one.
    pub challenge: Option<ChallengeSpec>,
    /// What the old client used, when certkeep has no equivalent.
    pub needs_challenge_choice: Option<String>,
}

/// A file a service reads today.
#[derive(Debug, Serialize)]
pub struct TakeOverView {
    /// The certificate it belongs to.
    pub name: String,
    /// `cert`, `chain`, `fullchain` or `key`.
    pub file: &'static str,
    /// The path.
    pub path: PathBuf,
    /// certkeep's stable path of the same file (what to point the service at meanwhile).
    pub certkeep_path: PathBuf,
    /// True when certkeep writes it from now on (`--take-over`); false when the user must
    /// point the service at certkeep's path instead.
    pub taken_over: bool,
}

/// Reads the source and, unless `dry_run`, writes its accounts and certificates to the store.
pub fn import(ctx: &Context, request: &ImportRequest) -> Result<ImportReport, Error> {
    let plan = crate::import::plan(request.client, &request.dir, &request.name_prefix)?;
    let _lock = if request.dry_run {
        None
    } else {
        ctx.store.ensure_root()?;
        Some(ctx.lock()?)
    };
    let mut report = ImportReport {
        dry_run: request.dry_run,
        client: plan.client,
        source: plan.source.clone(),
        accounts: Vec::new(),
        imported: Vec::new(),
        skipped: plan.skipped.clone(),
        take_over: Vec::new(),
        disable_old: if request.take_over {
            plan.client.disable_commands()
        } else {
            Vec::new()
        },
    };
    let accounts = import_accounts(ctx, &plan, request.dry_run, &mut report)?;
    for cert in &plan.certificates {
        let Some(name) = &cert.name else { continue };
        if ctx.store.lineage_present(name) {
            report.skipped.push(Skipped {
                source: cert.source.clone(),
                reason: format!("the store already holds a certificate named '{name}'"),
            });
            continue;
        }
        let account = cert
            .account_url
            .as_ref()
            .and_then(|url| accounts.iter().find(|(u, _)| u == url))
            .map(|(_, name)| name.clone());
        // With --take-over, the files services read today that certkeep may write (regular
        // files in directories others cannot write) become the lineage's install targets.
        let group = request
            .take_over
            .then(|| take_over_group(request.client.as_str(), &cert.take_over));
        if !request.dry_run {
            write_cert(ctx, cert, account.as_deref(), group.clone())?;
        }
        report.imported.push(view(cert, account));
        let ours = ctx.store.current_files(name, true);
        report.take_over.extend(cert.take_over.iter().map(|t| {
            TakeOverView {
                name: name.to_string(),
                file: t.file,
                path: t.path.clone(),
                certkeep_path: match t.file {
                    "cert" => ours.cert.clone(),
                    "chain" => ours.chain.clone(),
                    "fullchain" => ours.fullchain.clone(),
                    _ => ours.privkey.clone().unwrap_or_default(),
                },
                taken_over: group
                    .as_ref()
                    .is_some_and(|g| g.targets.iter().any(|target| target.path == t.path)),
            }
        }));
    }
    Ok(report)
}

/// Saves each account unless the store has it; returns (account URL, certkeep name) pairs.
fn import_accounts(
    ctx: &Context,
    plan: &ImportPlan,
    dry_run: bool,
    report: &mut ImportReport,
) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    for account in &plan.accounts {
        let existing = ctx
            .store
            .accounts_for_ca(&account.ca)
            .into_iter()
            .find(|a| a.url == account.url);
        let name = match &existing {
            Some(record) => record.name.clone(),
            None => free_account_name(ctx, account, &report.accounts)?,
        };
        if existing.is_none() && !dry_run {
            save_account(ctx, account, &name)?;
        }
        report.accounts.push(ImportedAccount {
            name: name.clone(),
            ca: account.ca.clone(),
            ca_inferred: account.ca_inferred,
            url: account.url.clone(),
            contact: account.contact.clone(),
            key_type: account.key.key_type,
            can_sign: account.key.signs_acme_requests(),
            moves_to_p256: account.key.moves_to_p256(),
            source: account.source.clone(),
            existing: existing.is_some(),
        });
        out.push((account.url.clone(), name));
    }
    Ok(out)
}

/// The client's account name, or `-2`, `-3` ... when the store (or this import: certbot can
/// hold several accounts at one CA) already uses it for another account.
fn free_account_name(
    ctx: &Context,
    account: &PlannedAccount,
    this_import: &[ImportedAccount],
) -> Result<String, Error> {
    let mut candidate = account.name.clone();
    for n in 2.. {
        let used_here = this_import
            .iter()
            .any(|a| a.ca == account.ca && a.name == candidate);
        if !used_here && !ctx.store.account_exists(&account.ca, &candidate)? {
            break;
        }
        candidate = format!("{}-{n}", account.name);
    }
    Ok(candidate)
}

fn save_account(ctx: &Context, account: &PlannedAccount, name: &str) -> Result<(), Error> {
    let record = AccountRecord {
        name: name.to_owned(),
        ca: account.ca.clone(),
        url: account.url.clone(),
        contact: account.contact.clone(),
        status: "valid".into(),
        eab_kid: None,
        key_thumbprint: account.key.thumbprint().unwrap_or_default(),
        created: ctx.clock.now(),
        key_changed: None,
    };
    ctx.store
        .save_account(&record, Some(account.key.pkcs8_pem().as_bytes()))?;
    Ok(())
}

/// Writes the spec, then each generation oldest first, so the current one ends up current.
fn write_cert(
    ctx: &Context,
    cert: &PlannedCert,
    account: Option<&str>,
    install: Option<InstallGroup>,
) -> Result<(), Error> {
    let Some(name) = &cert.name else {
        return Ok(());
    };
    let now = ctx.clock.now();
    let spec = CertSpec {
        name: name.clone(),
        identifiers: cert.identifiers().to_vec(),
        key_type: cert.key_type,
        ca: cert.ca.clone(),
        account: account.unwrap_or("default").to_owned(),
        challenge: match &cert.challenge {
            PlannedChallenge::Spec(spec) => spec.clone(),
            // A placeholder the user is told to replace; http-01 on port 80 is what every
            // client defaults to.
            PlannedChallenge::NeedsChoice { .. } => ChallengeSpec::Http01Standalone {
                listen: "0.0.0.0:80".into(),
            },
        },
        profile: None,
        preferred_chain: cert.preferred_chain.clone(),
        use_csr: false,
        hooks: cert.hooks.clone(),
        renewal: crate::domain::RenewalPolicy::default(),
        install: install
            .into_iter()
            .filter(|g| !g.targets.is_empty())
            .collect(),
        created: now,
    };
    if let Some(secret) = &cert.secret {
        let offer = if ctx.settings.session_bus {
            crate::secrets::Offer::SessionBus
        } else {
            crate::secrets::Offer::FilesOnly
        };
        crate::secrets::save(&secret.name, &secret.value, ctx.store.root(), offer)?;
    }
    ctx.store.save_spec(name, &spec)?;
    for generation in &cert.generations {
        let key_pem = generation.key.pkcs8_pem();
        let fullchain = generation.fullchain_pem();
        let files = NewVersion {
            cert: &generation.cert_pem,
            chain: &generation.chain_pem,
            fullchain: &fullchain,
            privkey: Some(&key_pem),
        };
        let mut record = CertRecord {
            version: 0,
            serial: generation.serial.clone(),
            identifiers: generation.identifiers.clone(),
            not_before: generation.not_before,
            not_after: generation.not_after,
            issuer: generation.issuer.clone(),
            key_type: generation.key_type,
            issued_at: generation.not_before,
            order_url: None,
            ca: cert.ca.clone(),
        };
        ctx.store.write_version(name, &files, &mut record)?;
    }
    Ok(())
}

fn view(cert: &PlannedCert, account: Option<String>) -> ImportedCert {
    let name = cert
        .name
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let current = cert.current();
    let (challenge, needs_choice) = match &cert.challenge {
        PlannedChallenge::Spec(spec) => (Some(spec.clone()), None),
        PlannedChallenge::NeedsChoice { recorded } => (None, Some(recorded.clone())),
    };
    ImportedCert {
        renamed_from: (name != cert.wanted_name).then(|| cert.wanted_name.clone()),
        name,
        source: cert.source.clone(),
        identifiers: cert.identifiers().to_vec(),
        serial: current.map(|g| g.serial.clone()).unwrap_or_default(),
        not_after: current.map_or(OffsetDateTime::UNIX_EPOCH, |g| g.not_after),
        key_type: cert.key_type,
        versions: cert.generations.len(),
        ca: cert.ca.clone(),
        account,
        challenge,
        needs_challenge_choice: needs_choice,
    }
}

/// The install group that takes over the files a service reads today: each one certkeep may
/// write as an install target (a regular file in a directory others cannot write, or certbot's
/// `live/` link into its own `archive/`, which the first deploy replaces by a regular file),
/// with the group and mode it has now (for certbot's link, its archive file's), so the
/// service keeps reading it. Any other symlink is left out, and the report says to point the
/// service at certkeep's path instead.
fn take_over_group(client: &str, files: &[crate::import::TakeOver]) -> InstallGroup {
    use std::os::unix::fs::MetadataExt;
    // One target per path: a key and a certificate in one file is haproxy's combined PEM;
    // otherwise the fuller shape wins (fullchain over cert over chain).
    let mut by_path: Vec<(&std::path::Path, TargetKind)> = Vec::new();
    for t in files {
        let kind = match t.file {
            "cert" => TargetKind::Cert,
            "chain" => TargetKind::Chain,
            "fullchain" => TargetKind::Fullchain,
            "key" => TargetKind::Key,
            _ => continue,
        };
        match by_path.iter_mut().find(|(p, _)| *p == t.path.as_path()) {
            None => by_path.push((t.path.as_path(), kind)),
            Some((_, seen)) => *seen = merged_kind(*seen, kind),
        }
    }
    let targets = by_path
        .into_iter()
        .filter(|(path, _)| crate::install::files::check_target(path, client == "certbot").is_ok())
        .map(|(path, kind)| {
            let now = if crate::install::files::is_certbot_live_link(path) {
                std::fs::metadata(path)
            } else {
                std::fs::symlink_metadata(path)
            }
            .ok();
            // The group and mode services rely on are kept (never readable or writable by
            // others); the owner is whoever runs certkeep.
            let mode = now.as_ref().map(|m| {
                let mode = m.mode() & 0o775;
                if kind.holds_key() { mode & 0o770 } else { mode }
            });
            InstallTarget {
                path: path.to_owned(),
                kind,
                owner: None,
                group: now.as_ref().map(|m| m.gid().to_string()),
                mode: mode.map(|m| format!("{m:04o}")),
                pkcs12_password: None,
            }
        })
        .collect();
    InstallGroup {
        // For certbot, the marker that lets the deploy replace its links (and only these).
        preset: Some(format!("{client} take-over")),
        targets,
        ..InstallGroup::default()
    }
}

/// The one shape for a file named twice by the old client.
fn merged_kind(a: TargetKind, b: TargetKind) -> TargetKind {
    use TargetKind::{Cert, Chain, Combined, Fullchain, Key};
    match (a, b) {
        (Key, Key) => Key,
        (Key | Combined, _) | (_, Key | Combined) => Combined,
        (Fullchain, _) | (_, Fullchain) | (Cert, Chain) | (Chain, Cert) => Fullchain,
        (Cert, _) => Cert,
        (Chain, _) => Chain,
        (other, _) => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_the_old_client_named_twice_is_one_target_of_the_fuller_shape() {
        use TargetKind::{Cert, Chain, Combined, Fullchain, Key};
        for (a, b, merged) in [
            (Cert, Fullchain, Fullchain),
            (Fullchain, Cert, Fullchain),
            (Cert, Chain, Fullchain),
            (Key, Fullchain, Combined),
            (Cert, Key, Combined),
            (Key, Key, Key),
            (Chain, Chain, Chain),
        ] {
            assert_eq!(merged_kind(a, b), merged, "{a:?} + {b:?}");
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(
            dir.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o755),
        )
        .unwrap();
        let web = dir.path().join("web.pem");
        let files: Vec<crate::import::TakeOver> =
            [("cert", &web), ("fullchain", &web), ("key", &web)]
                .into_iter()
                .map(|(file, path)| crate::import::TakeOver {
                    file,
                    path: path.clone(),
                })
                .collect();
        let group = take_over_group("acme.sh", &files);
        assert_eq!(group.targets.len(), 1);
        assert_eq!(group.targets[0].kind, Combined);
        assert!(crate::domain::check_groups(&[group]).is_ok());
    }
}
