//! Account use cases: list, show, key rollover, deactivate (register, with EAB, is in
//! `account_register`); plus the account lookup `obtain` and `revoke` share.
//!
//! A damaged account is reported as damaged (naming its file), never treated as missing, and
//! `register` replaces an existing account only when asked (`--replace`). When the CA has
//! forgotten an account, the hint is the `register --replace` command that brings it back.

use serde::Serialize;
use time::OffsetDateTime;

use super::Context;
use super::OpsError;
use crate::acme::{AcmeAccount, directory};
use crate::error::{Detail, Error, Kind};
use crate::store::{AccountRecord, StoreError, ca_id};

/// The name an account gets when none is given.
pub(super) const DEFAULT_ACCOUNT: &str = "default";

/// An account as shown to the user (no key material).
#[derive(Debug, Clone, Serialize)]
pub struct AccountReport {
    /// Local name.
    pub name: String,
    /// The CA's directory URL.
    pub ca: String,
    /// The account URL.
    pub url: String,
    /// Contacts.
    pub contact: Vec<String>,
    /// `valid` or `deactivated`.
    pub status: String,
    /// The EAB key id used, if any.
    pub eab_kid: Option<String>,
    /// RFC 7638 thumbprint of the account key.
    pub key_thumbprint: String,
    /// The account key's type (`ec-p256`, `ec-p384`, `rsa-2048` ...; `unknown` when the key
    /// does not load). Any but `ec-p256` is moved to a P-256 key at the account's first use.
    pub key_type: String,
    /// Registration time.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// The key file (0600).
    pub key_path: String,
}

/// `account list`'s report.
#[derive(Debug, Clone, Serialize)]
pub struct AccountSummary {
    /// The readable accounts.
    pub accounts: Vec<AccountReport>,
    /// Entries that could not be read, each with its path and problem.
    pub errors: Vec<String>,
}

/// `account rollover`'s report.
#[derive(Debug, Clone, Serialize)]
pub struct RollOverReport {
    /// The account.
    pub account: AccountReport,
    /// The thumbprint before the change.
    pub old_key_thumbprint: String,
}

/// `account deactivate`'s report.
#[derive(Debug, Clone, Serialize)]
pub struct DeactivateReport {
    /// The account, now `deactivated`.
    pub account: AccountReport,
}

pub(super) fn report(ctx: &Context, record: &AccountRecord) -> AccountReport {
    AccountReport {
        name: record.name.clone(),
        ca: record.ca.clone(),
        url: record.url.clone(),
        contact: record.contact.clone(),
        status: record.status.clone(),
        eab_kid: record.eab_kid.clone(),
        key_thumbprint: record.key_thumbprint.clone(),
        key_type: ctx
            .store
            .load_account(&record.ca, &record.name)
            .ok()
            .and_then(|(_, key)| key_type_of_pem(&key))
            .map_or_else(|| "unknown".to_owned(), |t| t.as_str().to_owned()),
        created: record.created,
        key_path: ctx
            .store
            .account_key_path(&record.ca, &record.name)
            .display()
            .to_string(),
    }
}

/// Every account in the store.
pub fn list_accounts(ctx: &Context) -> AccountSummary {
    let mut accounts = Vec::new();
    let mut errors = Vec::new();
    for entry in ctx.store.list_accounts() {
        match entry.record {
            Ok(record) => accounts.push(report(ctx, &record)),
            Err(err) => errors.push(err.to_string()),
        }
    }
    AccountSummary { accounts, errors }
}

/// Finds one stored account: by name (and CA, when given), or the only one for the CA.
pub(super) fn find_account(
    ctx: &Context,
    name: Option<&str>,
    ca: Option<&str>,
) -> Result<AccountRecord, Error> {
    lookup_account(ctx, name, ca)?.ok_or_else(|| {
        let ca_url = ca.and_then(|ca| directory::resolve(ca).ok()).map(|c| c.url);
        StoreError::NotFound {
            what: crate::store::Missing::Account,
            name: match (name, ca_url) {
                (Some(n), Some(ca)) => format!("{n}' for CA '{ca}"),
                (Some(n), None) => n.to_owned(),
                (None, Some(ca)) => format!("(any)' for CA '{ca}"),
                (None, None) => "(any)".to_owned(),
            },
        }
        .into()
    })
}

/// [`find_account`], with `None` when no account matches (a damaged one that could match is
/// an error, never `None`).
pub(super) fn lookup_account(
    ctx: &Context,
    name: Option<&str>,
    ca: Option<&str>,
) -> Result<Option<AccountRecord>, Error> {
    let ca_url = ca.map(directory::resolve).transpose()?.map(|c| c.url);
    let wanted_ca = ca_url.as_deref().map(ca_id);
    let mut candidates: Vec<AccountRecord> = Vec::new();
    for entry in ctx.store.list_accounts() {
        match entry.record {
            Ok(r) => {
                if ca_url.as_deref().is_none_or(|ca| r.ca == ca) && name.is_none_or(|n| r.name == n)
                {
                    candidates.push(r);
                }
            }
            // A damaged account that could be the one asked for is reported, never skipped:
            // skipped, it would read as "no account" and be registered over.
            // (An entry without a name is a whole CA directory that cannot be read: it could
            // hold any of that CA's accounts.)
            Err(err)
                if wanted_ca.as_deref().is_none_or(|id| entry.ca_id == id)
                    && name.is_none_or(|n| entry.name.is_empty() || entry.name == n) =>
            {
                return Err(damaged(err, &entry.name, ca_url.as_deref().unwrap_or("CA")));
            }
            Err(_) => {}
        }
    }
    if name.is_none() && candidates.len() > 1 {
        let valid: Vec<AccountRecord> = candidates
            .iter()
            .filter(|r| r.status == "valid")
            .cloned()
            .collect();
        if let Some(default) = valid.iter().find(|r| r.name == DEFAULT_ACCOUNT)
            && valid.iter().all(|r| r.ca == default.ca)
        {
            return Ok(Some(default.clone()));
        }
        candidates = valid;
    }
    match candidates.len() {
        1 => Ok(Some(candidates.remove(0))),
        0 => Ok(None),
        _ => Err(OpsError::AmbiguousAccount {
            candidates: Detail::new(
                candidates
                    .iter()
                    .map(|r| format!("'{}' at '{}'", r.name, r.ca))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        }
        .into()),
    }
}

/// The CA a command uses when `--ca` is not given: the config's default, else the CA of the
/// registered accounts when they all share one, else Let's Encrypt.
pub fn default_ca(ctx: &Context, configured: Option<&str>) -> String {
    if let Some(ca) = configured {
        return ca.to_owned();
    }
    let mut cas = std::collections::BTreeSet::new();
    for entry in ctx.store.list_accounts() {
        match entry.record {
            Ok(record) => {
                cas.insert(record.ca);
            }
            // Its CA is unknown, so it cannot vote; say so rather than pick a CA silently.
            Err(err) => ctx.events.warn(format!(
                "{err}; the damaged account '{}' was not considered when choosing the CA (pass --ca)",
                entry.name
            )),
        }
    }
    match cas.len() {
        1 => cas.into_iter().next().unwrap_or_default(),
        _ => "letsencrypt".to_owned(),
    }
}

/// The error for a damaged account file: storage (exit 6), naming the file, with the way out.
pub(super) fn damaged(err: StoreError, name: &str, ca: &str) -> Error {
    Error::from(err)
        .context(format!("the account '{name}' is damaged"))
        .with_hint(format!(
            "restore its files from a backup, or register a new account in its place (the damaged one is kept aside): {}",
            register_command(name, ca, &[], None)
        ))
}

/// The `account register --replace` command that recreates `name` at `ca`.
fn register_command(name: &str, ca: &str, contact: &[String], eab_kid: Option<&str>) -> String {
    let mut args: Vec<&str> = vec![
        "certkeep",
        "account",
        "register",
        "--replace",
        "--ca",
        ca,
        "--name",
        name,
    ];
    for email in contact.iter().filter_map(|c| c.strip_prefix("mailto:")) {
        args.extend(["--email", email]);
    }
    if let Some(kid) = eab_kid {
        args.extend(["--eab-kid", kid, "--eab-hmac-key", "keyring:NAME"]);
    }
    args.push("--agree-tos");
    shell_words::join(args)
}

/// Replaces the hint of an `accountDoesNotExist` problem with the command that registers the
/// account again under its name (the CA forgot it: deactivated elsewhere, or a test CA
/// restarted); any other error passes unchanged.
pub(super) fn if_forgotten(err: Error, record: &AccountRecord) -> Error {
    let forgotten = err
        .find::<crate::acme::AcmeError>()
        .and_then(crate::acme::AcmeError::problem_type)
        == Some("accountDoesNotExist");
    if !forgotten {
        return err;
    }
    let command = register_command(
        &record.name,
        &record.ca,
        &record.contact,
        record.eab_kid.as_deref(),
    );
    err.with_hint(format!(
        "the CA no longer knows the account '{}'; after reading the CA's terms, register it again under the same name: {command}",
        record.name
    ))
}

/// Refuses an account certkeep cannot order with: one that is not valid, or one whose key
/// cannot sign even the key change to P-256 (RSA 2048 to 4096 bits and P-384 can: see
/// [`super::account_key_move`]). Returns the key PEM.
pub(super) fn check_usable(ctx: &Context, record: &AccountRecord) -> Result<Vec<u8>, Error> {
    if record.status != "valid" {
        return Err(OpsError::AccountNotValid {
            name: record.name.clone(),
            status: record.status.clone(),
            register: register_command(
                &record.name,
                &record.ca,
                &record.contact,
                record.eab_kid.as_deref(),
            ),
        }
        .into());
    }
    let (_, key) = ctx.store.load_account(&record.ca, &record.name)?;
    // A key that does not load at all is left to the login, which reports it damaged.
    let movable = crate::acme::legacy_key::SigningKey::from_pem(&key).is_ok();
    if let Some(key_type) = key_type_of_pem(&key)
        .filter(|t| *t != crate::domain::KeySpec::EcP256)
        .filter(|_| !movable)
    {
        let suggested = format!("{}-ec", record.name);
        let mut register = register_command(&suggested, &record.ca, &record.contact, None);
        register = register.replacen(" --replace", "", 1);
        return Err(OpsError::AccountKeyCannotSign {
            name: record.name.clone(),
            key_type: key_type.as_str().to_owned(),
            suggested,
            register,
        }
        .into());
    }
    Ok(key)
}

/// The type of a PKCS#8 PEM key, when it loads and is one certkeep names.
pub(super) fn key_type_of_pem(pem: &[u8]) -> Option<crate::domain::KeySpec> {
    use x509_parser::prelude::FromDer;
    let pair = rcgen::KeyPair::from_pem(std::str::from_utf8(pem).ok()?).ok()?;
    let spki = rcgen::PublicKeyData::subject_public_key_info(&pair);
    let (_, info) = x509_parser::x509::SubjectPublicKeyInfo::from_der(&spki).ok()?;
    crate::keys::key_type_of(&info)
}

/// Loads an account and connects it to its CA; an account with an RSA or P-384 key is moved to
/// a P-256 key first (the one kind instant-acme signs with).
pub(super) async fn login(ctx: &Context, record: &AccountRecord) -> Result<AcmeAccount, Error> {
    let key = check_usable(ctx, record)?;
    let (record, key) = super::account_key_move::p256_key(ctx, record, key).await?;
    login_with(ctx, &record, &key).await
}

/// Connects an account with `key` (its usable key PEM) to its CA.
pub(super) async fn login_with(
    ctx: &Context,
    record: &AccountRecord,
    key: &[u8],
) -> Result<AcmeAccount, Error> {
    let ca = ctx.ca(&record.ca)?;
    ca.login(&record.url, key).await.map_err(|e| {
        if e.kind == Kind::Storage {
            e.context(format!(
                "the account key '{}' is damaged",
                ctx.store
                    .account_key_path(&record.ca, &record.name)
                    .display()
            ))
        } else {
            e
        }
    })
}

/// One account's details.
pub fn show_account(
    ctx: &Context,
    name: Option<&str>,
    ca: Option<&str>,
) -> Result<AccountReport, Error> {
    Ok(report(ctx, &find_account(ctx, name, ca)?))
}

/// Rolls the account key over (RFC 8555 §7.3.5).
pub async fn rollover(
    ctx: &Context,
    name: Option<&str>,
    ca: Option<&str>,
) -> Result<RollOverReport, Error> {
    let _lock = ctx.lock_or_stop().await?;
    let mut record = find_account(ctx, name, ca)?;
    let mut account = login(ctx, &record).await?;
    // The login may have moved an RSA or P-384 key to P-256: the key being replaced is that.
    let old = account.thumbprint().to_owned();
    let key_pem = account
        .rollover()
        .await
        .map_err(|e| if_forgotten(e, &record))?;
    record.key_thumbprint = account.thumbprint().to_owned();
    record.key_changed = Some(ctx.clock.now());
    // The CA already uses the new key: store it before anything else can fail.
    ctx.store.save_account(&record, Some(key_pem.as_bytes()))?;
    account.confirm(&record.contact).await.map_err(|e| {
        e.context("the new account key was stored, but the CA did not accept a request signed with it")
            .or_hint("the previous key is kept as previous.key.pem beside the account; run 'certkeep account show' and retry")
    })?;
    ctx.store
        .forget_previous_account_key(&record.ca, &record.name)?;
    Ok(RollOverReport {
        account: report(ctx, &record),
        old_key_thumbprint: old,
    })
}

/// Deactivates the account at the CA (confirmed) and marks it so in the store.
pub async fn deactivate(
    ctx: &Context,
    name: &str,
    ca: Option<&str>,
) -> Result<DeactivateReport, Error> {
    let _lock = ctx.lock_or_stop().await?;
    let mut record = find_account(ctx, Some(name), ca)?;
    let account = login(ctx, &record).await?;
    // The record saved below names the key the login used (it may have moved it to P-256).
    record.key_thumbprint = account.thumbprint().to_owned();
    account
        .deactivate(&record.contact)
        .await
        .map_err(|e| if_forgotten(e, &record))?;
    record.status = "deactivated".into();
    ctx.store.save_account(&record, None)?;
    Ok(DeactivateReport {
        account: report(ctx, &record),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forgotten_account_hint_is_a_register_replace_command() {
        let record = AccountRecord {
            name: "default".into(),
            ca: "https://127.0.0.1:14000/dir".into(),
            url: "https://127.0.0.1:14000/my-account/1".into(),
            contact: vec!["mailto:ops@example.org".into()],
            status: "valid".into(),
            eab_kid: None,
            key_thumbprint: String::new(),
            created: OffsetDateTime::UNIX_EPOCH,
            key_changed: None,
        };
        let err = Error::from(crate::acme::AcmeError::Problem {
            stage: crate::acme::problem::Stage::Account,
            problem: crate::error::AcmeProblem {
                kind: Some("urn:ietf:params:acme:error:accountDoesNotExist".into()),
                ..Default::default()
            },
            retry_at: None,
            detail: Detail::new("gone"),
        });
        let hint = if_forgotten(err, &record).hint.unwrap();
        assert!(
            hint.ends_with("certkeep account register --replace --ca https://127.0.0.1:14000/dir --name default --email ops@example.org --agree-tos"),
            "{hint}"
        );
        let other = if_forgotten(OpsError::NoChain.into(), &record);
        assert_eq!(other.hint, None);
    }
}
