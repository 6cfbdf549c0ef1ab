//! Account use cases: register (with EAB), list, show, key rollover, deactivate; plus the
//! account lookup `obtain` and `revoke` share.

use serde::Serialize;
use time::OffsetDateTime;

use super::Context;
use super::events::Event;
use crate::acme::{AcmeAccount, Eab, directory};
use crate::domain::CertName;
use crate::error::{Error, Kind};
use crate::secrets::{self, SecretRef};
use crate::store::{AccountRecord, StoreError};

/// The name an account gets when none is given.
pub(super) const DEFAULT_ACCOUNT: &str = "default";

/// What `account register` needs.
#[derive(Debug, Clone)]
pub struct RegisterRequest {
    /// `--ca`: preset or directory URL.
    pub ca: String,
    /// `--name`: local account name.
    pub name: Option<String>,
    /// `--email`, repeatable.
    pub emails: Vec<String>,
    /// `--agree-tos`.
    pub agree_tos: bool,
    /// `--eab-kid`.
    pub eab_kid: Option<String>,
    /// `--eab-hmac-key`: a secret reference.
    pub eab_hmac: Option<SecretRef>,
}

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

fn report(ctx: &Context, record: &AccountRecord) -> AccountReport {
    AccountReport {
        name: record.name.clone(),
        ca: record.ca.clone(),
        url: record.url.clone(),
        contact: record.contact.clone(),
        status: record.status.clone(),
        eab_kid: record.eab_kid.clone(),
        key_thumbprint: record.key_thumbprint.clone(),
        created: record.created,
        key_path: ctx
            .store
            .account_key_path(&record.ca, &record.name)
            .display()
            .to_string(),
    }
}

fn check_account_name(name: &str) -> Result<(), Error> {
    name.parse::<CertName>().map(|_| ()).map_err(|_| {
        Error::usage(format!(
            "'{}' is not a valid account name",
            name.escape_debug()
        ))
        .with_hint("use letters, digits, '.', '_' or '-'")
    })
}

/// Turns `--email` values into `mailto:` contacts, refusing anything that is not one address.
pub(super) fn contacts(emails: &[String]) -> Result<Vec<String>, Error> {
    emails
        .iter()
        .map(|email| {
            let email = email.trim();
            let valid = email.split('@').count() == 2
                && !email.starts_with('@')
                && !email.ends_with('@')
                && !email.contains(|c: char| {
                    c.is_whitespace() || c.is_control() || matches!(c, ',' | '<' | '>' | '"')
                });
            if valid {
                Ok(format!("mailto:{email}"))
            } else {
                Err(Error::usage(format!(
                    "'{}' is not an e-mail address",
                    email.escape_debug()
                )))
            }
        })
        .collect()
}

/// Registers a new account with the CA and stores it.
pub async fn register(ctx: &Context, req: RegisterRequest) -> Result<AccountReport, Error> {
    if !req.agree_tos {
        return Err(tos_error());
    }
    let _lock = ctx.lock()?;
    register_locked(ctx, req).await
}

fn tos_error() -> Error {
    Error::usage("the CA's terms of service must be agreed to").with_hint(
        "read the CA's terms (its directory's meta.termsOfService), then pass --agree-tos",
    )
}

/// [`register`] for a caller that already holds the store lock.
pub(super) async fn register_locked(
    ctx: &Context,
    req: RegisterRequest,
) -> Result<AccountReport, Error> {
    let ca_choice = directory::resolve(&req.ca)?;
    let name = req
        .name
        .clone()
        .unwrap_or_else(|| DEFAULT_ACCOUNT.to_owned());
    check_account_name(&name)?;
    let contact = contacts(&req.emails)?;
    if !req.agree_tos {
        return Err(tos_error());
    }
    let eab = match (req.eab_kid.clone(), req.eab_hmac.clone()) {
        (Some(kid), Some(reference)) => {
            let resolved = secrets::resolve(&reference, ctx.store.root())?;
            if let Some(note) = resolved.note {
                ctx.events.warn(note);
            }
            Some(Eab {
                kid,
                hmac: resolved.secret,
            })
        }
        (None, None) => None,
        _ => {
            return Err(Error::usage(
                "External Account Binding needs both --eab-kid and --eab-hmac-key",
            ));
        }
    };
    if ctx.store.load_account(&ca_choice.url, &name).is_ok() {
        return Err(Error::usage(format!(
            "an account named '{name}' is already registered with '{}'",
            ca_choice.url
        ))
        .with_hint(
            "pick another name with --name, or use the existing account ('certkeep account show')",
        ));
    }
    let ca = ctx.ca(&ca_choice.url)?;
    let meta = ca.directory_meta().await?;
    if meta.external_account_required && eab.is_none() {
        return Err(Error::new(Kind::CaRefused, "this CA requires External Account Binding")
            .with_hint("get an EAB key id and HMAC key from the CA's dashboard, then pass --eab-kid KID --eab-hmac-key file:PATH"));
    }
    let (account, registered) = ca.register(&contact, eab.as_ref()).await?;
    if let Some(root) = &ctx.ca_root {
        let pem = std::fs::read(root).map_err(|e| {
            Error::usage(format!("could not read '{}'", root.display())).caused_by(e)
        })?;
        ctx.store.save_ca_root(&ca_choice.url, &pem)?;
    }
    let record = AccountRecord {
        name,
        ca: ca_choice.url.clone(),
        url: account.url().to_owned(),
        contact,
        status: "valid".into(),
        eab_kid: eab.map(|e| e.kid),
        key_thumbprint: registered.thumbprint,
        created: ctx.clock.now(),
        key_changed: None,
    };
    ctx.store
        .save_account(&record, Some(registered.key_pem.as_bytes()))?;
    ctx.events.send(Event::AccountRegistered {
        url: record.url.clone(),
    });
    Ok(report(ctx, &record))
}

/// Every account in the store.
pub fn list_accounts(ctx: &Context) -> AccountSummary {
    let mut accounts = Vec::new();
    let mut errors = Vec::new();
    for entry in ctx.store.list_accounts() {
        match entry {
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
    let ca_url = ca.map(directory::resolve).transpose()?.map(|c| c.url);
    let mut candidates: Vec<AccountRecord> = ctx
        .store
        .list_accounts()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|r| ca_url.as_deref().is_none_or(|ca| r.ca == ca))
        .filter(|r| name.is_none_or(|n| r.name == n))
        .collect();
    if name.is_none() && candidates.len() > 1 {
        let valid: Vec<AccountRecord> = candidates
            .iter()
            .filter(|r| r.status == "valid")
            .cloned()
            .collect();
        if let Some(default) = valid.iter().find(|r| r.name == DEFAULT_ACCOUNT)
            && valid.iter().all(|r| r.ca == default.ca)
        {
            return Ok(default.clone());
        }
        candidates = valid;
    }
    match candidates.len() {
        1 => Ok(candidates.remove(0)),
        0 => Err(StoreError::NotFound {
            what: "account",
            name: match (name, ca_url) {
                (Some(n), Some(ca)) => format!("{n}' for CA '{ca}"),
                (Some(n), None) => n.to_owned(),
                (None, Some(ca)) => format!("(any)' for CA '{ca}"),
                (None, None) => "(any)".to_owned(),
            },
        }
        .into()),
        _ => Err(Error::usage("more than one account matches")
            .caused_by(
                candidates
                    .iter()
                    .map(|r| format!("'{}' at '{}'", r.name, r.ca))
                    .collect::<Vec<_>>()
                    .join(", "),
            )
            .with_hint("pick one with --account NAME and/or --ca CA")),
    }
}

/// The CA a command uses when `--ca` is not given: the config's default, else the CA of the
/// registered accounts when they all share one, else Let's Encrypt.
pub fn default_ca(ctx: &Context, configured: Option<&str>) -> String {
    if let Some(ca) = configured {
        return ca.to_owned();
    }
    let cas: std::collections::BTreeSet<String> = ctx
        .store
        .list_accounts()
        .into_iter()
        .filter_map(Result::ok)
        .map(|r| r.ca)
        .collect();
    match cas.len() {
        1 => cas.into_iter().next().unwrap_or_default(),
        _ => "letsencrypt".to_owned(),
    }
}

/// Loads an account and connects it to its CA.
pub(super) async fn login(ctx: &Context, record: &AccountRecord) -> Result<AcmeAccount, Error> {
    if record.status != "valid" {
        return Err(Error::usage(format!(
            "the account '{}' is {}",
            record.name, record.status
        ))
        .with_hint("register a new account with 'certkeep account register'"));
    }
    let (_, key) = ctx.store.load_account(&record.ca, &record.name)?;
    let ca = ctx.ca(&record.ca)?;
    ca.login(&record.url, &key).await.map_err(|e| {
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
    let _lock = ctx.lock()?;
    let mut record = find_account(ctx, name, ca)?;
    let mut account = login(ctx, &record).await?;
    let old = record.key_thumbprint.clone();
    let key_pem = account.rollover().await?;
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
    let _lock = ctx.lock()?;
    let mut record = find_account(ctx, Some(name), ca)?;
    let account = login(ctx, &record).await?;
    account.deactivate(&record.contact).await?;
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
    fn emails_become_mailto_and_junk_is_refused() {
        assert_eq!(
            contacts(&["ops@example.org".into()]).unwrap(),
            vec!["mailto:ops@example.org"]
        );
        for bad in [
            "ops",
            "@example.org",
            "a@b@c",
            "ops@example.org, evil@x",
            "ops @example.org",
        ] {
            assert!(contacts(&[bad.into()]).is_err(), "{bad}");
        }
    }
}
