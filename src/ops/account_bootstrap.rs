//! The account an `obtain` runs under: the registered one, else (with `--agree-tos`) a new
//! registration, else a throwaway staging account for a dry run; and the check that a CSR does
//! not reuse the account's key.

use super::OpsError;
use crate::acme::AcmeAccount;
use crate::error::Error;
use crate::keys;
use crate::store::AccountRecord;

use super::Context;
use super::account::{self, DEFAULT_ACCOUNT, find_account, login};
use super::account_register;
use super::obtain::ObtainRequest;

pub(super) async fn account_for(
    ctx: &Context,
    req: &ObtainRequest,
    ca_url: &str,
) -> Result<(AccountRecord, AcmeAccount), Error> {
    if let Some(record) = account::lookup_account(ctx, req.account.as_deref(), Some(ca_url))? {
        let acme = if req.dry_run {
            super::account_key_move::login_for_dry_run(ctx, &record).await?
        } else {
            login(ctx, &record).await?
        };
        return Ok((record, acme));
    }
    let Some((agree_tos, emails)) = req
        .register_if_missing
        .clone()
        .filter(|(agreed, _)| *agreed || req.dry_run)
    else {
        let name_flag = req
            .account
            .as_deref()
            .map(|name| format!(" --name {name}"))
            .unwrap_or_default();
        return Err(OpsError::NoAccount {
            name: req.account.clone(),
            ca: ca_url.to_owned(),
            register: format!(
                "certkeep account register --ca {}{name_flag} --email you@example.org --agree-tos",
                req.ca
            ),
        }
        .into());
    };
    if req.dry_run {
        // A dry run on staging must not leave an account behind: register a throwaway one.
        let ca = ctx.ca(ca_url)?;
        let (acme, registered) = ca
            .register(&account_register::contacts(&emails)?, None)
            .await?;
        let record = AccountRecord {
            name: "dry-run".into(),
            ca: ca_url.to_owned(),
            url: registered.url,
            contact: Vec::new(),
            status: "valid".into(),
            eab_kid: None,
            key_thumbprint: registered.thumbprint,
            created: ctx.clock.now(),
            key_changed: None,
        };
        return Ok((record, acme));
    }
    let request = account_register::RegisterRequest {
        ca: ca_url.to_owned(),
        name: Some(
            req.account
                .clone()
                .unwrap_or_else(|| DEFAULT_ACCOUNT.to_owned()),
        ),
        emails,
        agree_tos,
        eab_kid: None,
        eab_hmac: None,
        replace: false,
    };
    account_register::register_locked(ctx, request).await?;
    let record = find_account(ctx, req.account.as_deref(), Some(ca_url))?;
    let acme = login(ctx, &record).await?;
    Ok((record, acme))
}

/// A certificate must never share the account's key (a leaked server key would then also
/// hand over the account).
pub(super) fn refuse_account_key(
    ctx: &Context,
    record: &AccountRecord,
    csr_spki: &[u8],
) -> Result<(), Error> {
    let Ok((_, key_pem)) = ctx.store.load_account(&record.ca, &record.name) else {
        return Ok(());
    };
    let same = std::str::from_utf8(&key_pem)
        .ok()
        .and_then(|pem| rcgen::KeyPair::from_pem(pem).ok())
        .is_some_and(|pair| keys::spki_der(&pair) == csr_spki);
    if same {
        return Err(OpsError::CsrUsesAccountKey.into());
    }
    Ok(())
}
