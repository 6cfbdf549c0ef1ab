//! What is in the store: `list` (every lineage with its status, damaged ones included and
//! named), `show` (one lineage in detail), and `delete`.

use serde::Serialize;
use time::OffsetDateTime;

use super::Context;
use crate::domain::{CertName, CertRecord, CertSpec, ChallengeSpec};
use crate::error::Error;
use crate::store::{Damage, StoreError};

/// A certificate's state at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertStatus {
    /// More than a third of its lifetime left.
    Valid,
    /// A third of its lifetime or less left: renewal is due.
    Expiring,
    /// Past its expiry.
    Expired,
    /// A spec without an issued certificate yet.
    Pending,
    /// The lineage could not be read or is unsafe (see the report's `damaged`).
    Damaged,
    /// Revoked by `certkeep revoke`; the next renewal replaces it.
    Revoked,
    /// Revoked as `cessationOfOperation`: left alone until `renew NAME --force`.
    Retired,
}

impl CertStatus {
    /// The status of a certificate valid from `not_before` to `not_after`, at `now`.
    pub fn at(now: OffsetDateTime, not_before: OffsetDateTime, not_after: OffsetDateTime) -> Self {
        let lifetime = not_after - not_before;
        let left = not_after - now;
        if left <= time::Duration::ZERO {
            CertStatus::Expired
        } else if left * 3 <= lifetime {
            CertStatus::Expiring
        } else {
            CertStatus::Valid
        }
    }
}

/// One line of `list`.
#[derive(Debug, Clone, Serialize)]
pub struct CertSummary {
    /// Lineage name.
    pub name: String,
    /// Identifiers (from the spec, or the issued certificate).
    pub identifiers: Vec<String>,
    /// Expiry of the current version.
    #[serde(with = "time::serde::rfc3339::option")]
    pub not_after: Option<OffsetDateTime>,
    /// Whole days until expiry (negative when expired).
    pub days_left: Option<i64>,
    /// Status.
    pub status: CertStatus,
    /// The CA directory URL.
    pub ca: Option<String>,
    /// The current version number.
    pub version: Option<u32>,
    /// The revocation of the current version, if it was revoked.
    pub revocation: Option<crate::domain::Revocation>,
}

/// `list`'s report.
#[derive(Debug, Clone, Serialize)]
pub struct ListReport {
    /// Every lineage, soonest expiry first; damaged and pending ones last.
    pub certificates: Vec<CertSummary>,
    /// What is wrong with each damaged lineage (the same list `status` shows), by name.
    pub damaged: Vec<Damage>,
}

/// Lists every lineage.
pub fn list(ctx: &Context) -> ListReport {
    let now = ctx.clock.now();
    let mut damaged = Vec::new();
    let mut certificates: Vec<CertSummary> = Vec::new();
    // One lineage at a time: a store of 10,000 is never held whole, only the summaries.
    ctx.store.for_each_lineage(&mut |entry| {
        let spec = entry.spec.as_ref().ok();
        let mut summary = CertSummary {
            name: entry.name.clone(),
            identifiers: spec
                .map(|s| s.identifiers.iter().map(ToString::to_string).collect())
                .unwrap_or_default(),
            not_after: None,
            days_left: None,
            status: CertStatus::Pending,
            ca: spec.map(|s| s.ca.clone()),
            version: None,
            revocation: None,
        };
        if let Ok(Some(record)) = &entry.current {
            summary.not_after = Some(record.not_after);
            summary.days_left = Some((record.not_after - now).whole_days());
            summary.status = CertStatus::at(now, record.not_before, record.not_after);
            summary.version = Some(record.version);
            // An unreadable state reads as no revocation here (the entry is damaged anyway).
            summary.revocation = entry
                .state
                .as_ref()
                .ok()
                .and_then(|state| state.revocation_of(&record.serial).cloned());
            if let Some(status) = super::revoke::revoked_status(summary.revocation.as_ref()) {
                summary.status = status;
            }
            if summary.identifiers.is_empty() {
                summary.identifiers = record.identifiers.iter().map(ToString::to_string).collect();
            }
        }
        if let Some(damage) = entry.damage() {
            summary.status = CertStatus::Damaged;
            damaged.push(damage);
        }
        certificates.push(summary);
    });
    certificates.sort_unstable_by(|a, b| list_order(a).cmp(&list_order(b)));
    ListReport {
        certificates,
        damaged,
    }
}

/// Where a summary goes in `list`: damaged ones last, then pending ones, soonest expiry first
/// (a key that borrows the name: 10,000 summaries are compared some 130,000 times).
fn list_order(c: &CertSummary) -> (bool, bool, Option<OffsetDateTime>, &str) {
    (
        c.status == CertStatus::Damaged,
        c.not_after.is_none(),
        c.not_after,
        c.name.as_str(),
    )
}

/// `show`'s report.
#[derive(Debug, Clone, Serialize)]
pub struct ShowReport {
    /// Lineage name.
    pub name: String,
    /// Status now.
    pub status: CertStatus,
    /// Whole days until expiry.
    pub days_left: Option<i64>,
    /// The saved spec.
    pub spec: SpecView,
    /// The current version, if any.
    pub current: Option<CertRecord>,
    /// Files of the current version, under `current/` (stable across renewals).
    pub paths: Option<super::obtain::Paths>,
    /// The full chain PEM, with `--pem`.
    pub pem: Option<String>,
}

/// The spec as shown (a flat, stable shape for JSON).
#[derive(Debug, Clone, Serialize)]
pub struct SpecView {
    /// Identifiers.
    pub identifiers: Vec<String>,
    /// Key type.
    pub key_type: String,
    /// CA directory URL.
    pub ca: String,
    /// Account name.
    pub account: String,
    /// `http-01 standalone on ADDR` or `http-01 webroot DIR`.
    pub challenge: String,
    /// Profile.
    pub profile: Option<String>,
    /// Preferred chain.
    pub preferred_chain: Option<String>,
    /// True for a CSR lineage.
    pub use_csr: bool,
}

pub(super) fn spec_view(spec: &CertSpec) -> SpecView {
    SpecView {
        identifiers: spec.identifiers.iter().map(ToString::to_string).collect(),
        key_type: spec.key_type.to_string(),
        ca: spec.ca.clone(),
        account: spec.account.clone(),
        challenge: match &spec.challenge {
            ChallengeSpec::Http01Standalone { listen } => format!("http-01 standalone on {listen}"),
            ChallengeSpec::TlsAlpn01Standalone { listen } => {
                format!("tls-alpn-01 standalone on {listen}")
            }
            ChallengeSpec::Http01Webroot { path } => format!("http-01 webroot {}", path.display()),
            ChallengeSpec::Http01Fleet => "http-01 by the fleet's responders".to_owned(),
            ChallengeSpec::Dns01(dns) => format!("dns-01 via {}", dns.provider.name()),
        },
        profile: spec.profile.clone(),
        preferred_chain: spec.preferred_chain.clone(),
        use_csr: spec.use_csr,
    }
}

fn parse_name(name: &str) -> Result<CertName, Error> {
    name.parse::<CertName>().map_err(Error::from)
}

/// One lineage in detail; `with_pem` adds the full chain.
pub fn show(ctx: &Context, name: &str, with_pem: bool) -> Result<ShowReport, Error> {
    let cert_name = parse_name(name)?;
    let lineage = ctx.store.lineage(&cert_name);
    let entry = ctx
        .store
        .entry(&cert_name)
        .ok_or_else(|| StoreError::NotFound {
            what: crate::store::Missing::Certificate,
            name: name.to_owned(),
        })?;
    // A damaged lineage is an error here (exit 6), with the file and reason `list` shows.
    let (spec, _, current) = entry.into_parts()?;
    let now = ctx.clock.now();
    let paths = current
        .as_ref()
        .map(|_| super::obtain::paths_of(&lineage.current_files(!spec.use_csr)));
    let pem = if with_pem && current.is_some() {
        Some(lineage.read_current_file("fullchain.pem")?)
    } else {
        None
    };
    Ok(ShowReport {
        name: name.to_owned(),
        status: current.as_ref().map_or(CertStatus::Pending, |c| {
            super::revoke::revoked_status(super::revoke::revocation_for(ctx, name, c).as_ref())
                .unwrap_or_else(|| CertStatus::at(now, c.not_before, c.not_after))
        }),
        days_left: current.as_ref().map(|c| (c.not_after - now).whole_days()),
        spec: spec_view(&spec),
        current,
        paths,
        pem,
    })
}

/// `delete`'s report.
#[derive(Debug, Clone, Serialize)]
pub struct DeleteReport {
    /// The deleted lineage.
    pub name: String,
}

/// Deletes a lineage from the store (not revoked: use `revoke --delete` for that).
pub fn delete(ctx: &Context, name: &str) -> Result<DeleteReport, Error> {
    let lineage = ctx.store.lineage(&parse_name(name)?);
    let _lock = ctx.lock()?;
    lineage.delete()?;
    ctx.store.journal_clear(lineage.name())?;
    Ok(DeleteReport {
        name: name.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn status_follows_the_remaining_third() {
        let nb = datetime!(2026-01-01 00:00 UTC);
        let na = datetime!(2026-04-01 00:00 UTC); // 90 days
        let table = [
            (datetime!(2026-01-02 00:00 UTC), CertStatus::Valid), // fresh
            (datetime!(2026-03-01 00:00 UTC), CertStatus::Valid), // 31 of 90 days left
            (datetime!(2026-03-03 00:00 UTC), CertStatus::Expiring), // 29 of 90 days left
            (datetime!(2026-04-01 00:00 UTC), CertStatus::Expired), // at expiry
        ];
        for (now, want) in table {
            assert_eq!(CertStatus::at(now, nb, na), want, "{now}");
        }
    }
}
