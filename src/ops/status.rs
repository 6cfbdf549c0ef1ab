//! `status`: per certificate, when it renews next and why, its last attempt, failures and
//! backoff, the CA's renewal window; and what the daemon last wrote to the store. Uses the same
//! plan as `renew`, so the two never disagree.

use serde::Serialize;
use time::OffsetDateTime;

use super::Context;
use super::inventory::CertStatus;
use super::renew::plan_each;
use crate::domain::Revocation;
use crate::error::Error;
use crate::renewal::{self, Decision};
use crate::store::DaemonState;

/// One certificate's renewal status.
#[derive(Debug, Clone, Serialize)]
pub struct CertRenewalStatus {
    /// Lineage.
    pub name: String,
    /// Validity status now (`revoked` or `retired` after `certkeep revoke`).
    pub status: CertStatus,
    /// The revocation of the current certificate, if it was revoked.
    pub revocation: Option<Revocation>,
    /// Settings that do not apply to this certificate, and what happens instead.
    pub warnings: Vec<String>,
    /// Expiry of the current version.
    #[serde(with = "time::serde::rfc3339::option")]
    pub not_after: Option<OffsetDateTime>,
    /// When it will be renewed (`null`: it is due now).
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_renewal: Option<OffsetDateTime>,
    /// Why then.
    pub reason: String,
    /// True when waiting after failures or for the CA's Retry-After.
    pub backing_off: bool,
    /// Consecutive failures.
    pub failures: u32,
    /// The last error.
    pub last_error: Option<String>,
    /// The last attempt.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_attempt: Option<OffsetDateTime>,
    /// The last success.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_success: Option<OffsetDateTime>,
    /// The CA's suggested window (ARI): start.
    #[serde(with = "time::serde::rfc3339::option")]
    pub ari_window_start: Option<OffsetDateTime>,
    /// The CA's suggested window (ARI): end.
    #[serde(with = "time::serde::rfc3339::option")]
    pub ari_window_end: Option<OffsetDateTime>,
    /// The CA's explanation for its window.
    pub ari_explanation_url: Option<String>,
    /// True when the certificate's CA is known not to honour ARI `replaces` (RFC 9773): its
    /// renewals are ordered without it.
    pub ari_replaces_ignored: bool,
    /// Why the CA's window was not refreshed when it was due (the CA failed, or missed its
    /// deadline and was skipped for the rest of that run); the last window is kept meanwhile.
    pub ari_problem: Option<String>,
    /// Deploy hooks that failed and will be retried.
    pub pending_hooks: Vec<String>,
    /// The last deploy to the install targets (`null`: none yet, or no targets).
    pub deploy: Option<crate::domain::DeployState>,
    /// What `list` also shows (identifiers, CA, key type, version), for a front end that
    /// shows both from this one pass over the store (the TUI's table); not in the JSON.
    #[serde(skip)]
    pub summary: StatusSummary,
}

/// The part of `list`'s line that `status` reads anyway (see [`CertRenewalStatus::summary`]).
#[derive(Debug, Clone, Default)]
pub struct StatusSummary {
    /// The spec's identifiers.
    pub identifiers: Vec<String>,
    /// The CA directory URL.
    pub ca: String,
    /// The spec's key type.
    pub key_type: String,
    /// The current version number.
    pub version: Option<u32>,
}

/// `status`'s report.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    /// Every certificate, next renewal first.
    pub certificates: Vec<CertRenewalStatus>,
    /// Lineages that are damaged (the same list `list` shows), by name; never renewed.
    pub damaged: Vec<crate::store::Damage>,
    /// What the daemon last recorded, if it ever ran on this store.
    pub daemon: Option<crate::store::DaemonStatus>,
}

/// Builds the status of every (or the named) certificate.
pub fn status(ctx: &Context, names: &[String]) -> Result<StatusReport, Error> {
    let now = ctx.clock.now();
    // Read once per CA, not once per certificate (10,000 certificates, one or two CAs).
    let mut replaces_ignored = std::collections::HashMap::new();
    let mut certificates = Vec::new();
    let mut damaged = Vec::new();
    // Each certificate's status is made as it is read: the plan is never held whole.
    plan_each(ctx, names, false, now, &mut |item| {
        let item = match item {
            Ok(item) => item,
            Err(damage) => return damaged.push(damage),
        };
        if !replaces_ignored.contains_key(&item.spec.ca) {
            let ignored = ctx
                .store
                .ca_notes(&item.spec.ca)
                .replaces_ignored_since
                .is_some();
            replaces_ignored.insert(item.spec.ca.clone(), ignored);
        }
        let ari_replaces_ignored = replaces_ignored
            .get(&item.spec.ca)
            .copied()
            .unwrap_or_default();
        let current = item.current;
        let (next_renewal, reason, backing_off) = match &item.decision {
            Decision::RenewNow { reason } | Decision::Retired { reason, .. } => {
                (None, reason.clone(), false)
            }
            Decision::NotDue { until, reason } => (Some(*until), reason.clone(), false),
            Decision::BackingOff { until, reason } => (Some(*until), reason.clone(), true),
        };
        let ari = item.state.ari.as_ref();
        let revocation = current
            .as_ref()
            .and_then(|c| item.state.revocation_of(&c.serial))
            .cloned();
        let validity = current.as_ref().map(super::renew::validity_of);
        certificates.push(CertRenewalStatus {
            name: item.spec.name.to_string(),
            status: current.as_ref().map_or(CertStatus::Pending, |c| {
                super::revoke::revoked_status(revocation.as_ref())
                    .unwrap_or_else(|| CertStatus::at(now, c.not_before, c.not_after))
            }),
            revocation,
            warnings: renewal::policy_warning(validity, item.spec.renewal)
                .into_iter()
                .collect(),
            not_after: current.as_ref().map(|c| c.not_after),
            next_renewal,
            reason,
            backing_off,
            failures: item.state.failures.count,
            last_error: item.state.failures.last_error.clone(),
            last_attempt: item.state.last_attempt,
            last_success: item.state.last_success,
            ari_window_start: ari.map(|a| a.window_start),
            ari_window_end: ari.map(|a| a.window_end),
            ari_explanation_url: ari.and_then(|a| a.explanation_url.clone()),
            ari_replaces_ignored,
            ari_problem: item.state.ari_problem.clone(),
            pending_hooks: item
                .state
                .pending_hooks
                .iter()
                .map(|p| p.as_str().to_owned())
                .collect(),
            deploy: item.state.deploy.clone(),
            summary: StatusSummary {
                identifiers: item
                    .spec
                    .identifiers
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
                ca: item.spec.ca.clone(),
                key_type: item.spec.key_type.to_string(),
                version: current.as_ref().map(|c| c.version),
            },
        });
    })?;
    certificates.sort_unstable_by(|a, b| status_order(a).cmp(&status_order(b)));
    Ok(StatusReport {
        certificates,
        damaged,
        daemon: ctx.store.daemon_status().map(checked_daemon),
    })
}

/// Where a certificate goes in `status`: due now first, then by next renewal and name (a key
/// that borrows the name: 10,000 are compared some 130,000 times).
fn status_order(c: &CertRenewalStatus) -> (bool, Option<OffsetDateTime>, &str) {
    (c.next_renewal.is_some(), c.next_renewal, c.name.as_str())
}

/// The daemon's own record, unless its process is gone: a daemon killed with SIGKILL (or by
/// the OOM killer) never writes "stopped", and `status` must not say "running" for ever.
fn checked_daemon(mut daemon: crate::store::DaemonStatus) -> crate::store::DaemonStatus {
    if daemon.state == DaemonState::Running && !process_alive(daemon.pid) {
        daemon.state = DaemonState::Stopped;
        daemon.next_wake = None;
        daemon.last_round = format!(
            "the daemon (pid {}) ended without saying so (killed?); last it said: {}",
            daemon.pid, daemon.last_round
        );
    }
    daemon
}

/// True when a process with `pid` exists (signal 0 checks without sending anything; EPERM
/// means it exists but belongs to someone else).
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    match nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None) {
        Ok(()) | Err(nix::errno::Errno::EPERM) => true,
        Err(_) => false,
    }
}
