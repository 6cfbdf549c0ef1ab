//! `revoke` (RFC 8555 §7.6): revokes a lineage's current certificate with the account that
//! issued it, optionally deleting the lineage afterwards.

use serde::Serialize;

use super::Context;
use super::account::{find_account, login};
use crate::domain::CertName;
use crate::error::{Error, Kind};

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
        .map_err(|e: crate::domain::NameError| Error::usage(e.to_string()))?;
    let _lock = ctx.lock()?;
    let lineage = ctx.store.lineage(&name);
    let spec = lineage.load_spec()?;
    let record = lineage.current_record()?.ok_or_else(|| {
        Error::usage(format!("'{name}' has no issued certificate to revoke"))
            .with_hint("delete it with 'certkeep delete NAME'")
    })?;
    let pem = lineage.read_current_file("cert.pem")?;
    let der = crate::acme::validate::certificates_from_pem(&pem)
        .map_err(|e| {
            Error::new(
                Kind::Storage,
                format!("the stored certificate of '{name}' is damaged"),
            )
            .caused_by(e)
        })?
        .into_iter()
        .next()
        .ok_or_else(|| Error::new(Kind::Storage, "no certificate in cert.pem"))?;
    let account_record = find_account(ctx, Some(&spec.account), Some(&spec.ca))?;
    let account = login(ctx, &account_record).await?;
    let reason = req.reason.map(|r| match r {
        RevokeReason::Unspecified => instant_acme::RevocationReason::Unspecified,
        RevokeReason::KeyCompromise => instant_acme::RevocationReason::KeyCompromise,
        RevokeReason::Superseded => instant_acme::RevocationReason::Superseded,
        RevokeReason::CessationOfOperation => instant_acme::RevocationReason::CessationOfOperation,
    });
    account.revoke(&der, reason).await?;
    if req.delete {
        lineage.delete()?;
    }
    Ok(RevokeReport {
        name: name.to_string(),
        serial: record.serial,
        reason: req.reason,
        deleted: req.delete,
    })
}
