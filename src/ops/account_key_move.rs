//! Moving an account whose key instant-acme cannot sign with (RSA, P-384: most accounts
//! imported from certbot, lego and acme.sh) to a fresh P-256 key before its first use, with
//! RFC 8555 §7.3.5's key change ([`crate::acme::legacy_key`] signs it). The account keeps its
//! URL, so its certificates renew on the same account and ARI's `replaces` still holds.
//!
//! No step can lose the account. The new key is stored (`pending.key.pem`, 0600) before the CA
//! is asked and the old key stays `account.key.pem` until the CA has answered; then the record
//! switches to the new key. A run that died in between finds the pending key next time and asks
//! again with the old key; when the CA no longer takes the old key, the pending one is looked up
//! (`onlyReturnExisting`), and if it is this account the switch is recorded. A dry run never
//! moves a key: the change is for good, so it is refused with the way out.

use super::Context;
use super::account::{check_usable, key_type_of_pem, login_with};
use crate::acme::AcmeAccount;
use crate::acme::legacy_key::SigningKey;
use crate::domain::KeySpec;
use crate::error::Error;
use crate::store::AccountRecord;

/// One key change at a time in this process: the orders and the renewal-information fetches of
/// a run log in concurrently, and each must find the change done, not start another. (Other
/// processes are kept out by the store lock every writing command holds, other fleet nodes by
/// [`crate::store::Store::begin_account_key_move`].)
static MOVING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The record and key PEM to log in with: `key` itself when it is P-256 and no change is
/// pending; otherwise the account is moved to a P-256 key first and that key is returned, with
/// the record as stored then (the CA may have given the account another URL).
pub(super) async fn p256_key(
    ctx: &Context,
    record: &AccountRecord,
    key: Vec<u8>,
) -> Result<(AccountRecord, Vec<u8>), Error> {
    let pending = ctx
        .store
        .load_pending_account_key(&record.ca, &record.name)?;
    // A key that does not load at all is left to the login, which reports it damaged.
    if pending.is_none() && SigningKey::from_pem(&key).map_or(true, |k| k.is_p256()) {
        return Ok((record.clone(), key));
    }
    let _one_at_a_time = MOVING.lock().await;
    // Read again under the mutex: another task of this run may have finished the change.
    let (mut record, key) = ctx.store.load_account(&record.ca, &record.name)?;
    let old = SigningKey::from_pem(&key)?;
    let pending = ctx
        .store
        .load_pending_account_key(&record.ca, &record.name)?;
    if old.is_p256() {
        // The switch was recorded and only the clean-up is left; a run that died inside
        // `save_account` (new key written, record not) left the record naming the old key.
        let thumbprint = old.thumbprint();
        if pending.is_some() && record.key_thumbprint != thumbprint {
            record.key_thumbprint = thumbprint;
            record.key_changed = Some(ctx.clock.now());
            ctx.store.save_account(&record, None)?;
        }
        if pending.is_some() {
            ctx.store
                .forget_previous_account_key(&record.ca, &record.name)?;
        }
        return Ok((record, key));
    }
    let (ca, name) = (record.ca.clone(), record.name.clone());
    ctx.store.begin_account_key_move(&ca, &name)?;
    let moved = move_to_p256(ctx, record, &old, pending).await;
    // Unlocking can only fail with the fleet connection, and its end lets go of the lock too.
    let _ = ctx.store.end_account_key_move(&ca, &name);
    moved
}

/// Moves the account from `old` to the `pending` key, or to a new one stored as pending
/// first, and records the switch.
async fn move_to_p256(
    ctx: &Context,
    mut record: AccountRecord,
    old: &SigningKey,
    pending: Option<Vec<u8>>,
) -> Result<(AccountRecord, Vec<u8>), Error> {
    let (new, new_pem) = if let Some(pem) = pending {
        // An earlier run stored this key and died before the switch was recorded.
        let new = SigningKey::from_pem(&pem)?;
        if !new.is_p256() {
            return Err(super::OpsError::PendingKeyNotP256 {
                path: ctx
                    .store
                    .account_key_path(&record.ca, &record.name)
                    .with_file_name("pending.key.pem"),
                key_type: new.describe(),
            }
            .into());
        }
        (new, String::from_utf8_lossy(&pem).into_owned())
    } else {
        let (new, pem) = SigningKey::generate_p256()?;
        ctx.store
            .save_pending_account_key(&record.ca, &record.name, pem.as_bytes())?;
        (new, pem)
    };
    crate::failpoint::hit(crate::failpoint::KEY_CHANGE_POINTS[0]);
    let ca = ctx.ca(&record.ca)?;
    if let Err(err) = ca.change_key(&record.url, old, &new).await {
        // Refused: perhaps the CA switched already and the answer never got recorded (a run
        // killed after sending), so it no longer takes the old key. Ask it about the new one.
        let refused = err
            .find::<crate::acme::AcmeError>()
            .is_some_and(|e| e.problem_type().is_some());
        // The pending key was made by certkeep for this account alone, so an account the CA
        // knows it by is this one, even under another URL than the imported one (certbot
        // 1.x's `/acme/reg/N`, a trailing slash, a host alias): the CA's URL is recorded.
        let found = if refused {
            ca.account_of_key(&new).await?
        } else {
            None
        };
        let Some(url) = found else {
            return Err(super::account::if_forgotten(err, &record).context(format!(
                "could not move the account '{}' from its {} key to a P-256 key (instant-acme signs with P-256 only)",
                record.name,
                old.describe()
            )));
        };
        if url != record.url {
            ctx.events.warn(format!(
                "account '{}': the CA knows it as '{url}', not as the imported '{}'; recording the CA's URL",
                record.name, record.url
            ));
            record.url = url;
        }
    }
    crate::failpoint::hit(crate::failpoint::KEY_CHANGE_POINTS[1]);
    record.key_thumbprint = new.thumbprint();
    record.key_changed = Some(ctx.clock.now());
    ctx.store.save_account(&record, Some(new_pem.as_bytes()))?;
    ctx.store
        .forget_previous_account_key(&record.ca, &record.name)?;
    ctx.events.warn(format!(
        "account '{}': key rolled over from {} to P-256 (instant-acme signs with P-256 only); the old client can no longer use this account",
        record.name,
        old.describe()
    ));
    Ok((record, new_pem.into_bytes()))
}

/// The login of a dry run: an account whose key would be rolled over to P-256 first is refused,
/// as the rollover changes the account at the CA for good.
pub(super) async fn login_for_dry_run(
    ctx: &Context,
    record: &AccountRecord,
) -> Result<AcmeAccount, Error> {
    let key = check_usable(ctx, record)?;
    if let Some(key_type) = key_type_of_pem(&key).filter(|t| *t != KeySpec::EcP256) {
        return Err(super::OpsError::AccountKeyMovesFirst {
            name: record.name.clone(),
            key_type: key_type.as_str().to_owned(),
        }
        .into());
    }
    login_with(ctx, record, &key).await
}
