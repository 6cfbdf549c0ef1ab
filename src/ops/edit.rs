//! `edit`: changes how a stored certificate renews (CA, account, key type, profile, preferred
//! chain, challenge). Offline: nothing is ordered and no CA is contacted; the next renewal uses
//! the new settings. The edited spec is checked as `obtain` checks a request
//! ([`super::obtain_input::plan_of`]) and saved in a spec transaction under the store lock, so
//! on any error the lineage stays exactly as it was.
//!
//! A new CA, account or key type also clears the in-flight order in the journal (it cannot be
//! finished with the new settings); a new CA also clears the failure backoff, the old CA's
//! Retry-After and its renewal window (ARI).

use serde::Serialize;

use super::Context;
use super::OpsError;
use super::account::{self, lookup_account};
use super::account_bootstrap::refuse_account_key;
use super::inventory::{SpecView, spec_view};
use super::obtain::request_from_spec;
use super::obtain_input::plan_of;
use super::obtain_plan::{Wanted, changes};
use super::spec_txn::SpecTxn;
use crate::acme::directory;
use crate::domain::{CertName, CertSpec, ChallengeSpec, Dns01Spec, DnsProvider, KeySpec};
use crate::error::Error;
use crate::secrets::NewEntry;
use crate::store::{Missing, StoreError};

/// An optional setting an edit sets, clears or leaves as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Change<T> {
    /// Leave it.
    #[default]
    Keep,
    /// Set it to this.
    Set(T),
    /// Unset it.
    Clear,
}

impl<T: Clone> Change<T> {
    fn apply(&self, setting: &mut Option<T>) {
        match self {
            Change::Keep => {}
            Change::Set(value) => *setting = Some(value.clone()),
            Change::Clear => *setting = None,
        }
    }
}

/// What to change; `None` leaves a setting as it is.
#[derive(Debug, Clone, Default)]
pub struct EditRequest {
    /// The certificate.
    pub name: String,
    /// `--ca`: preset or directory URL.
    pub ca: Option<String>,
    /// `--account`.
    pub account: Option<String>,
    /// `--key-type`.
    pub key_type: Option<KeySpec>,
    /// `--profile`, `--no-profile`.
    pub profile: Change<String>,
    /// `--preferred-chain`, `--no-preferred-chain`.
    pub preferred_chain: Change<String>,
    /// The challenge flags, when given.
    pub challenge: Option<ChallengeSpec>,
    /// A TSIG secret typed on the command line, which the challenge refers to: saved only
    /// once the edit is checked, and never over an entry holding another value.
    pub tsig_secret: Option<NewEntry>,
}

/// `edit`'s result.
#[derive(Debug, Clone, Serialize)]
pub struct EditReport {
    /// The certificate.
    pub name: String,
    /// What changed, one line each (empty: the spec already said so; nothing was written).
    pub changes: Vec<String>,
    /// The spec as it is now.
    pub spec: SpecView,
}

/// Applies the request to the certificate's spec, checked as `obtain` checks its input.
pub fn edit(ctx: &Context, req: &EditRequest) -> Result<EditReport, Error> {
    let name: CertName = req.name.parse().map_err(Error::from)?;
    let _lock = ctx.lock()?;
    let lineage = ctx.store.lineage(&name);
    if !lineage.exists() {
        return Err(StoreError::NotFound {
            what: Missing::Certificate,
            name: name.to_string(),
        }
        .into());
    }
    let old = lineage.load_spec()?;
    let new = edited(ctx, &old, req)?;
    let stored_csr = if new.use_csr {
        Some(lineage.load_csr()?)
    } else {
        None
    };
    // The checks `obtain` makes before any order: the CA URL, the names against the
    // challenge, the profile's spelling.
    let request = request_from_spec(&new, lineage.csr_path(), false);
    let plan = plan_of(&request, stored_csr.as_deref().map(str::as_bytes))?;
    let wanted = Wanted {
        name: &name,
        identifiers: &plan.identifiers,
        ca_url: &plan.ca_url,
        csr_pem: stored_csr.as_deref(),
    };
    let changed = changes(&old, stored_csr.as_deref(), &request, &wanted);
    if let Some(secret) = &req.tsig_secret
        && let Some(note) =
            crate::secrets::store_new_in_keyring(&secret.name, &secret.value, ctx.store.root())?
    {
        ctx.events.warn(note);
    }
    if !changed.is_empty() {
        // The journaled order (and key) goes before the new spec is saved: a crash between
        // the two must not leave a key of the old type for the next renewal to resume with.
        if old.ca != new.ca || old.account != new.account || old.key_type != new.key_type {
            ctx.store.journal_clear(&name)?;
        }
        let txn = SpecTxn::begin(ctx.store.lineage(&name))?.save(&new, None)?;
        match forget_old_ca(ctx, &name, &old, &new) {
            Ok(()) => txn.commit(),
            Err(err) => {
                if let Err(undo) = txn.rollback() {
                    ctx.events
                        .warn(format!("could not restore the spec of '{name}': {undo}"));
                }
                return Err(err);
            }
        }
    }
    Ok(EditReport {
        name: name.to_string(),
        changes: changed,
        spec: spec_view(&new),
    })
}

/// The spec with the request applied; the account resolved (and checked usable) when the CA
/// or the account changes.
fn edited(ctx: &Context, old: &CertSpec, req: &EditRequest) -> Result<CertSpec, Error> {
    let mut new = old.clone();
    if let Some(ca) = &req.ca {
        new.ca = directory::resolve(ca)?.url;
    }
    // `--ca` naming the CA it already renews from, without `--account`, changes nothing (not
    // the account to that CA's default).
    let same_ca_only = req.account.is_none() && new.ca == old.ca;
    if (req.ca.is_some() || req.account.is_some()) && !same_ca_only {
        let record = lookup_account(ctx, req.account.as_deref(), Some(&new.ca))?.ok_or_else(
            || {
                let name_flag = req
                    .account
                    .as_deref()
                    .map(|n| format!(" --name {n}"))
                    .unwrap_or_default();
                OpsError::NoAccountForEdit {
                    name: req.account.clone(),
                    ca: new.ca.clone(),
                    register: format!(
                        "certkeep account register --ca {}{name_flag} --email you@example.org --agree-tos",
                        new.ca
                    ),
                }
            },
        )?;
        account::check_usable(ctx, &record)?;
        // As `obtain` refuses it: a certificate never shares its account's key.
        if old.use_csr {
            let csr = ctx.store.lineage(&old.name).load_csr()?;
            let info = crate::keys::parse_csr(csr.as_bytes())?;
            refuse_account_key(ctx, &record, &info.spki)?;
        }
        new.account = record.name;
    }
    if let Some(key_type) = req.key_type {
        if old.use_csr {
            return Err(OpsError::KeyTypeOfCsr.into());
        }
        new.key_type = key_type;
    }
    for (flag, change) in [
        ("--profile", &req.profile),
        ("--preferred-chain", &req.preferred_chain),
    ] {
        if matches!(change, Change::Set(value) if value.trim().is_empty()) {
            return Err(EditError::Empty { flag }.into());
        }
    }
    req.profile.apply(&mut new.profile);
    req.preferred_chain.apply(&mut new.preferred_chain);
    if let Some(challenge) = &req.challenge {
        new.challenge = match challenge {
            ChallengeSpec::Http01Webroot { path } => ChallengeSpec::Http01Webroot {
                path: std::path::absolute(path).unwrap_or_else(|_| path.clone()),
            },
            other => other.clone(),
        };
        check_challenge(&new.challenge)?;
        if new.challenge == ChallengeSpec::Http01Fleet && !ctx.store.shares_http_challenges() {
            return Err(crate::challenge::ChallengeError::NoFleet.into());
        }
    }
    Ok(new)
}

/// What `edit` refuses on its own: a setting saved now that could only fail at the next
/// renewal, unattended (`obtain` finds these when it binds, runs or writes at once).
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// `--listen` that is not an address and port.
    #[error("'{0}' is not an address to listen on")]
    BadListen(String),
    /// `--webroot` that is not an existing directory.
    #[error("the webroot '{}' is not a directory", .0.display())]
    NoWebroot(std::path::PathBuf),
    /// `--dns-script` that is not an executable regular file.
    #[error("the DNS script '{}' is not an executable file", .0.display())]
    BadScript(std::path::PathBuf),
    /// `--profile ''` or `--preferred-chain ''`.
    #[error("{flag} needs a value")]
    Empty {
        /// The flag.
        flag: &'static str,
    },
}

impl crate::error::Classify for EditError {
    fn kind(&self) -> crate::error::Kind {
        crate::error::Kind::Usage
    }

    fn hint(&self) -> Option<String> {
        Some(
            match self {
                EditError::BadListen(_) => {
                    "give an IP address and port, e.g. --listen 0.0.0.0:80 or --listen [::]:443"
                }
                EditError::NoWebroot(_) => {
                    "give the directory your web server serves the names from"
                }
                EditError::BadScript(_) => "give an existing script, executable (chmod +x)",
                EditError::Empty { flag: "--profile" } => {
                    "name a profile, or use --no-profile for the CA's default"
                }
                EditError::Empty { .. } => {
                    "name the issuer, or use --no-preferred-chain for the CA's default"
                }
            }
            .to_owned(),
        )
    }
}

/// Checks what a renewal would find broken at once: the listen address, the webroot, the DNS
/// script.
fn check_challenge(challenge: &ChallengeSpec) -> Result<(), EditError> {
    use std::os::unix::fs::PermissionsExt;
    match challenge {
        ChallengeSpec::Http01Standalone { listen }
        | ChallengeSpec::TlsAlpn01Standalone { listen } => {
            if listen_address_ok(listen) {
                Ok(())
            } else {
                Err(EditError::BadListen(listen.clone()))
            }
        }
        ChallengeSpec::Http01Webroot { path } => match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Ok(()),
            _ => Err(EditError::NoWebroot(path.clone())),
        },
        ChallengeSpec::Dns01(Dns01Spec {
            provider: DnsProvider::Exec { script },
            ..
        }) => match std::fs::metadata(script) {
            Ok(meta) if meta.is_file() && meta.permissions().mode() & 0o111 != 0 => Ok(()),
            _ => Err(EditError::BadScript(script.clone())),
        },
        ChallengeSpec::Dns01(_) | ChallengeSpec::Http01Fleet => Ok(()),
    }
}

/// True for what the standalone listener can bind: an IP socket address, or `HOST:PORT` with a
/// host name (`localhost:80`, as `obtain --listen` takes it). Checked by shape only: resolving
/// a name here would be a lookup without a deadline.
fn listen_address_ok(listen: &str) -> bool {
    listen.parse::<std::net::SocketAddr>().is_ok()
        || listen.rsplit_once(':').is_some_and(|(host, port)| {
            !host.is_empty()
                && !host.contains(|c: char| c.is_whitespace() || "[]:/".contains(c))
                && port.parse::<u16>().is_ok()
        })
}

/// A new CA drops the failure backoff, the old CA's Retry-After and its
/// renewal window: the same CA's rate limits still apply to another account or key type, so
/// an edit is no way around them. (The journal was cleared before the spec was saved.)
fn forget_old_ca(
    ctx: &Context,
    name: &CertName,
    old: &CertSpec,
    new: &CertSpec,
) -> Result<(), Error> {
    if old.ca != new.ca {
        let lineage = ctx.store.lineage(name);
        let mut state = lineage.load_state()?;
        state.failures = crate::domain::FailureLedger::default();
        state.ari = None;
        state.ari_next_fetch = None;
        state.ari_problem = None;
        lineage.save_state(&state)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::listen_address_ok;

    #[test]
    fn a_listen_address_is_what_obtain_can_bind() {
        for good in [
            "127.0.0.1:80",
            "[::]:443",
            "localhost:5002",
            "web-1.internal:80",
        ] {
            assert!(listen_address_ok(good), "{good}");
        }
        for bad in [
            "nonsense",
            "1.2.3.4:99999",
            ":80",
            "localhost:",
            "a b:80",
            "[::1:80",
            "::1:80",
        ] {
            assert!(!listen_address_ok(bad), "{bad}");
        }
    }
}
