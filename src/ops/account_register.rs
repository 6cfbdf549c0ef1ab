//! `account register`: the checks a registration must pass before the CA hears from us (shared
//! with the TUI's form through [`check_register`]), the CA's terms, and the registration itself.

use super::Context;
use super::OpsError;
use super::account::{AccountReport, DEFAULT_ACCOUNT, damaged, report};
use super::events::Event;
use crate::acme::{Eab, directory};
use crate::domain::CertName;
use crate::error::Error;
use crate::secrets::{self, SecretRef};
use crate::store::AccountRecord;

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
    /// `--replace`: register anew even when an account of this name exists (or is damaged);
    /// the old one is moved aside, not deleted.
    pub replace: bool,
}

fn check_account_name(name: &str) -> Result<(), Error> {
    name.parse::<CertName>().map(|_| ()).map_err(|_| {
        OpsError::InvalidAccountName {
            name: name.escape_debug().to_string(),
        }
        .into()
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
                Err(OpsError::NotAnEmail {
                    email: email.escape_debug().to_string(),
                }
                .into())
            }
        })
        .collect()
}

/// Registers a new account with the CA and stores it.
pub async fn register(ctx: &Context, req: RegisterRequest) -> Result<AccountReport, Error> {
    if !req.agree_tos {
        return Err(tos_error());
    }
    let _lock = ctx.lock_or_stop().await?;
    register_locked(ctx, req).await
}

fn tos_error() -> Error {
    OpsError::TermsNotAgreed.into()
}

/// What a CA asks of a new account, as its directory says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaTerms {
    /// The CA's directory URL.
    pub ca: String,
    /// The terms of service the user agrees to by registering.
    pub terms_of_service: Option<String>,
    /// True when the CA registers accounts only with External Account Binding.
    pub eab_required: bool,
}

/// Reads the CA's directory for what registering there asks: its terms and whether it needs
/// External Account Binding. For a front end that shows them before the user agrees (the TUI).
pub async fn ca_terms(ctx: &Context, ca: &str) -> Result<CaTerms, Error> {
    let ca_choice = directory::resolve(ca)?;
    let meta = ctx.ca(&ca_choice.url)?.directory_meta().await?;
    Ok(CaTerms {
        ca: ca_choice.url,
        terms_of_service: meta.terms_of_service,
        eab_required: meta.external_account_required,
    })
}

/// Checks a registration as `register` does before the CA hears from us, reading nothing:
/// the CA's directory URL, or the error `register` would stop with. `eab_required`: what the
/// CA's directory said ([`ca_terms`]). For a front end that checks a form as the user types
/// (the TUI), so the rules live here only.
pub fn check_register(req: &RegisterRequest, eab_required: bool) -> Result<String, Error> {
    let (ca_choice, _, _) = checked(req)?;
    if eab_required && req.eab_kid.is_none() {
        return Err(OpsError::EabRequired.into());
    }
    Ok(ca_choice.url)
}

/// The checks of a registration that need no I/O: the CA, the account name, the contacts, the
/// terms agreed and both EAB values or neither.
fn checked(req: &RegisterRequest) -> Result<(directory::CaChoice, String, Vec<String>), Error> {
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
    if req.eab_kid.is_some() != req.eab_hmac.is_some() {
        return Err(OpsError::EabIncomplete.into());
    }
    Ok((ca_choice, name, contact))
}

/// [`register`] for a caller that already holds the store lock.
pub(super) async fn register_locked(
    ctx: &Context,
    req: RegisterRequest,
) -> Result<AccountReport, Error> {
    let (ca_choice, name, contact) = checked(&req)?;
    let eab = match (req.eab_kid.clone(), req.eab_hmac.clone()) {
        (Some(kid), Some(reference)) => {
            let resolved = secrets::resolve(&reference, ctx.store.root(), &ctx.settings.vars)?;
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
            return Err(OpsError::EabIncomplete.into());
        }
    };
    if !req.replace {
        let exists = ctx
            .store
            .account_exists(&ca_choice.url, &name)
            .map_err(|err| damaged(err, &name, &ca_choice.url))?;
        if exists {
            return Err(OpsError::AccountExists {
                name: name.clone(),
                ca: ca_choice.url.clone(),
            }
            .into());
        }
    }
    let ca = ctx.ca(&ca_choice.url)?;
    let meta = ca.directory_meta().await?;
    if meta.external_account_required && eab.is_none() {
        return Err(OpsError::EabRequired.into());
    }
    let (account, registered) = ca.register(&contact, eab.as_ref()).await?;
    if let Some(root) = &ctx.ca_root {
        let pem =
            crate::bounded::read_file(root, crate::bounded::FILE_LIMIT).map_err(|source| {
                OpsError::ReadInput {
                    what: super::error::Input::File,
                    path: root.clone(),
                    source,
                }
            })?;
        ctx.store.save_ca_root(&ca_choice.url, &pem)?;
    }
    if req.replace
        && let Some(aside) =
            ctx.store
                .retire_account(&ca_choice.url, &name, ctx.clock.now().unix_timestamp())?
    {
        ctx.events.warn(format!(
            "the previous account '{name}' was moved to '{}'",
            aside.display()
        ));
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
