//! `revoke` (RFC 8555 §7.6): revokes a lineage's current certificate with the account that
//! issued it, optionally deleting the lineage afterwards. A kept lineage records the revocation
//! in its `state.json`: `list` and `status` show it, and `renew` replaces the certificate (or,
//! for `cessationOfOperation`, leaves the retired lineage alone until `--force`).

use serde::Serialize;

use super::Context;
use super::OpsError;
use super::account::{find_account, login};
use super::inventory::CertStatus;
use crate::domain::{CertName, CertRecord, Revocation, RevocationReason};
use crate::error::Error;
use crate::store::Claim;

/// Revocation reasons certkeep offers (RFC 5280 §5.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
pub enum RevokeReason {
    /// No reason given.
    #[value(name = "unspecified")]
    #[serde(rename = "unspecified")]
    Unspecified,
    /// The private key leaked.
    #[value(name = "keyCompromise")]
    #[serde(rename = "keyCompromise")]
    KeyCompromise,
    /// Replaced by another certificate.
    #[value(name = "superseded")]
    #[serde(rename = "superseded")]
    Superseded,
    /// The names are no longer in use.
    #[value(name = "cessationOfOperation")]
    #[serde(rename = "cessationOfOperation")]
    CessationOfOperation,
}

impl From<RevokeReason> for RevocationReason {
    fn from(reason: RevokeReason) -> Self {
        match reason {
            RevokeReason::Unspecified => RevocationReason::Unspecified,
            RevokeReason::KeyCompromise => RevocationReason::KeyCompromise,
            RevokeReason::Superseded => RevocationReason::Superseded,
            RevokeReason::CessationOfOperation => RevocationReason::CessationOfOperation,
        }
    }
}

/// The status a revocation gives a certificate: `retired` for `cessationOfOperation`, else
/// `revoked`; `None` when it was not revoked.
pub(super) fn revoked_status(revocation: Option<&Revocation>) -> Option<CertStatus> {
    revocation.map(|r| {
        if r.retires() {
            CertStatus::Retired
        } else {
            CertStatus::Revoked
        }
    })
}

/// The revocation recorded for `record` (the current version of lineage `name`), if any; an
/// unreadable state reads as none here (`status` reports it).
pub(super) fn revocation_for(ctx: &Context, name: &str, record: &CertRecord) -> Option<Revocation> {
    let name: CertName = name.parse().ok()?;
    let state = ctx.store.lineage(&name).load_state().ok()?;
    state.revocation_of(&record.serial).cloned()
}

/// What `revoke` needs.
#[derive(Debug, Clone)]
pub struct RevokeRequest {
    /// The lineage.
    pub name: String,
    /// The reason, if any.
    pub reason: Option<RevokeReason>,
    /// Delete the lineage after revoking.
    pub delete: bool,
}

/// `revoke`'s report.
#[derive(Debug, Clone, Serialize)]
pub struct RevokeReport {
    /// The lineage.
    pub name: String,
    /// The revoked certificate's serial.
    pub serial: String,
    /// The reason sent.
    pub reason: Option<RevokeReason>,
    /// True when the lineage was deleted too.
    pub deleted: bool,
}

/// Revokes the current certificate of a lineage.
pub async fn revoke(ctx: &Context, req: RevokeRequest) -> Result<RevokeReport, Error> {
    let name: CertName = req
        .name
        .parse()
        .map_err(|e: crate::domain::NameError| Error::from(e))?;
    let _lock = ctx.lock_or_stop().await?;
    let lineage = ctx.store.lineage(&name);
    let spec = lineage.load_spec()?;
    let record = lineage
        .current_record()?
        .ok_or_else(|| OpsError::NothingToRevoke {
            name: name.to_string(),
        })?;
    let pem = lineage.read_current_file("cert.pem")?;
    let der = crate::acme::validate::certificates_from_pem(&pem)
        .map_err(|source| OpsError::StoredCertificateDamaged {
            name: name.to_string(),
            source,
        })?
        .into_iter()
        .next()
        .ok_or(OpsError::NoStoredCertificate)?;
    // In a fleet, revoking takes the renewal lease as a renewal does, before the CA is asked: a
    // node renewing the certificate right now would store its replacement over the revocation
    // (a retiring one included) and could resume a journaled order on a compromised key.
    claim_for_revoke(ctx, &name, &record.serial)?;
    let revoked = revoke_claimed(ctx, &req, &name, &spec, &record, &der).await;
    if let Err(err) = ctx.store.release_renewal(&name) {
        ctx.events.warn(format!(
            "could not let go of the renewal lease of '{name}' (it runs out by itself): {err}"
        ));
    }
    revoked
}

/// Takes `name`'s renewal lease (always granted outside a fleet), or says which node has it.
fn claim_for_revoke(ctx: &Context, name: &CertName, serial: &str) -> Result<(), Error> {
    let what = match ctx.store.claim_renewal(name, Some(serial))? {
        Claim::Taken => return Ok(()),
        Claim::HeldElsewhere {
            holder: Some(holder),
            ..
        } => format!("node '{holder}' is renewing it right now"),
        Claim::HeldElsewhere { holder: None, .. } => {
            "another node is storing a renewal of it right now".to_owned()
        }
        Claim::RenewedElsewhere { node } => {
            format!("node '{node}' renewed it since this host read it")
        }
        Claim::NotInFleet => "the fleet database has no such certificate".to_owned(),
    };
    Err(OpsError::RenewingElsewhere {
        name: name.to_string(),
        what,
    }
    .into())
}

/// The revocation itself, under the lease.
async fn revoke_claimed(
    ctx: &Context,
    req: &RevokeRequest,
    name: &CertName,
    spec: &crate::domain::CertSpec,
    record: &CertRecord,
    der: &[u8],
) -> Result<RevokeReport, Error> {
    let lineage = ctx.store.lineage(name);
    let account_record = find_account(ctx, Some(&spec.account), Some(&spec.ca))?;
    let account = login(ctx, &account_record).await?;
    let reason = req.reason.map(|r| match r {
        RevokeReason::Unspecified => instant_acme::RevocationReason::Unspecified,
        RevokeReason::KeyCompromise => instant_acme::RevocationReason::KeyCompromise,
        RevokeReason::Superseded => instant_acme::RevocationReason::Superseded,
        RevokeReason::CessationOfOperation => instant_acme::RevocationReason::CessationOfOperation,
    });
    account.revoke(der, reason).await?;
    if req.delete {
        lineage.delete()?;
    } else {
        // Revocation is a state: `status` and `list` show it, and the next renewal replaces the
        // certificate at once, on a new key, unless it retires the lineage. Earlier failures
        // and a journaled order (whose key may be the revoked one) no longer apply.
        let mut state = lineage.load_state().unwrap_or_default();
        state.revocation = Some(Revocation {
            serial: record.serial.clone(),
            reason: req.reason.map(RevocationReason::from),
            revoked_at: ctx.clock.now(),
        });
        state.failures = crate::domain::FailureLedger::default();
        lineage.save_state(&state)?;
        ctx.store.journal_clear(name)?;
    }
    Ok(RevokeReport {
        name: name.to_string(),
        serial: record.serial.clone(),
        reason: req.reason,
        deleted: req.delete,
    })
}
