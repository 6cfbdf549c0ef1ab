//! The per-lineage renewal state kept in `certs/<name>/state.json`: the ARI window and the time
//! picked inside it, the failure ledger (for backoff), the last attempt and success, and the
//! revocation of the current certificate. Plain data; `store` reads and writes it,
//! `renewal::decide` reads it.
//!
//! Every time computed here is total: values come from a file a user (or a broken disk) may
//! have edited, so arithmetic saturates and implausible values are ignored, never a panic.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::HookSpec;

/// A failure recorded further in the future than this is a clock that went back (or an edited
/// file): it is not a reason to wait.
pub const MAX_CLOCK_SKEW: Duration = Duration::days(1);

/// The longest a CA's Retry-After is honoured after the failure that brought it; a longer one
/// would let a certificate expire while waiting.
pub const MAX_RETRY_AFTER: Duration = Duration::days(7);

/// Backoff after `count` consecutive failures: 1 min, 10 min, 100 min, then daily.
pub fn backoff_after(count: u32) -> Duration {
    match count {
        0 => Duration::ZERO,
        1 => Duration::minutes(1),
        2 => Duration::minutes(10),
        3 => Duration::minutes(100),
        _ => Duration::days(1),
    }
}

/// Consecutive failures of one lineage; reset by a success.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureLedger {
    /// Consecutive failed attempts.
    pub count: u32,
    /// When the last one failed.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub last_failure: Option<OffsetDateTime>,
    /// The last error, for `status`.
    #[serde(default)]
    pub last_error: Option<String>,
    /// The CA's Retry-After, if it sent one.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub retry_after: Option<OffsetDateTime>,
}

impl FailureLedger {
    /// The earliest time another attempt is allowed at `now`, if any restriction applies.
    /// A last failure more than [`MAX_CLOCK_SKEW`] in the future is ignored, and a Retry-After
    /// counts for at most [`MAX_RETRY_AFTER`] after the failure (or after `now` without one), so
    /// no stored value can postpone renewal for good.
    pub fn not_before(&self, now: OffsetDateTime) -> Option<OffsetDateTime> {
        let latest_plausible = now.saturating_add(MAX_CLOCK_SKEW);
        let anchor = self.last_failure.filter(|at| *at <= latest_plausible);
        let backoff = anchor.map(|at| at.saturating_add(backoff_after(self.count)));
        let retry_after = self.retry_after.and_then(|at| match anchor {
            Some(failed) => Some(at.min(failed.saturating_add(MAX_RETRY_AFTER))),
            None => (at <= now.saturating_add(MAX_RETRY_AFTER)).then_some(at),
        });
        match (backoff, retry_after) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// Records a failure.
    pub fn fail(&mut self, at: OffsetDateTime, error: String, retry_after: Option<OffsetDateTime>) {
        self.count = self.count.saturating_add(1);
        self.last_failure = Some(at);
        self.last_error = Some(error);
        self.retry_after = retry_after;
    }
}

/// The CA's renewal information for the current certificate (RFC 9773).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AriState {
    /// Suggested window start.
    #[serde(with = "time::serde::rfc3339")]
    pub window_start: OffsetDateTime,
    /// Suggested window end.
    #[serde(with = "time::serde::rfc3339")]
    pub window_end: OffsetDateTime,
    /// The random moment picked inside the window (kept, so runs agree).
    #[serde(with = "time::serde::rfc3339")]
    pub chosen: OffsetDateTime,
    /// The CA's explanation, shown to the user.
    #[serde(default)]
    pub explanation_url: Option<String>,
    /// When to ask the CA again.
    #[serde(with = "time::serde::rfc3339")]
    pub next_fetch: OffsetDateTime,
}

impl AriState {
    /// The chosen time, unless the window is unusable (end not after start).
    pub fn usable_choice(&self) -> Option<OffsetDateTime> {
        (self.window_end > self.window_start).then_some(self.chosen)
    }
}

/// Why a certificate was revoked (RFC 5280 §5.3.1), as certkeep records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RevocationReason {
    /// No reason given.
    #[serde(rename = "unspecified")]
    Unspecified,
    /// The private key leaked.
    #[serde(rename = "keyCompromise")]
    KeyCompromise,
    /// Replaced by another certificate.
    #[serde(rename = "superseded")]
    Superseded,
    /// The names are no longer in use: the lineage is retired.
    #[serde(rename = "cessationOfOperation")]
    CessationOfOperation,
}

impl RevocationReason {
    /// The RFC 5280 name (`keyCompromise`).
    pub fn as_str(self) -> &'static str {
        match self {
            RevocationReason::Unspecified => "unspecified",
            RevocationReason::KeyCompromise => "keyCompromise",
            RevocationReason::Superseded => "superseded",
            RevocationReason::CessationOfOperation => "cessationOfOperation",
        }
    }
}

/// The revocation of one issued certificate (by serial), as `certkeep revoke` recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    /// The revoked certificate's serial (lowercase hex); a newer version is not revoked.
    pub serial: String,
    /// The reason sent to the CA, if any.
    #[serde(default)]
    pub reason: Option<RevocationReason>,
    /// When the CA confirmed the revocation.
    #[serde(with = "time::serde::rfc3339")]
    pub revoked_at: OffsetDateTime,
}

impl Revocation {
    /// True when the lineage is retired (revoked as `cessationOfOperation`): renewal leaves it
    /// alone until forced.
    pub fn retires(&self) -> bool {
        self.reason == Some(RevocationReason::CessationOfOperation)
    }
}

/// A deploy hook still owed to the current certificate (it failed, or the process died while
/// it ran). Stored as its command line ([`HookSpec::display`]), as before; compared with a
/// spec's hooks through [`PendingHook::is`], never as text elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PendingHook(String);

impl PendingHook {
    /// The mark for `hook`.
    pub fn of(hook: &HookSpec) -> Self {
        Self(hook.display())
    }

    /// True when this mark is `hook`'s.
    pub fn is(&self, hook: &HookSpec) -> bool {
        self.0 == hook.display()
    }

    /// The command line, for reports.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Everything in `state.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineageState {
    /// Failures since the last success.
    #[serde(default)]
    pub failures: FailureLedger,
    /// The CA's renewal information, when it offers it.
    #[serde(default)]
    pub ari: Option<AriState>,
    /// When to ask the CA for renewal information next (also when it had none to give).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub ari_next_fetch: Option<OffsetDateTime>,
    /// Why the renewal information is not fresh (the last fetch failed, or the CA was skipped
    /// after missing its deadline), shown by `status`; cleared by the next good fetch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ari_problem: Option<String>,
    /// The last attempt's start.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub last_attempt: Option<OffsetDateTime>,
    /// The last success.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub last_success: Option<OffsetDateTime>,
    /// Hooks that failed after the last issuance, to be retried without a new order.
    #[serde(default)]
    pub pending_hooks: Vec<PendingHook>,
    /// The last revocation, when `certkeep revoke` revoked a certificate of this lineage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation: Option<Revocation>,
    /// The last deploy to the install targets, when the spec has any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deploy: Option<super::DeployState>,
}

impl LineageState {
    /// What hosts sharing a store of record share of this state: all but this host's own
    /// deploy (its install targets) and the deploy hooks it still owes, which every host
    /// keeps for itself ([`LineageState::with_host_part_of`]).
    #[must_use]
    pub fn shared_part(&self) -> Self {
        Self {
            deploy: None,
            pending_hooks: Vec::new(),
            ..self.clone()
        }
    }

    /// This shared state with `host`'s own deploy and owed deploy hooks.
    #[must_use]
    pub fn with_host_part_of(self, host: &Self) -> Self {
        Self {
            deploy: host.deploy.clone(),
            pending_hooks: host.pending_hooks.clone(),
            ..self
        }
    }

    /// The revocation of the certificate with `serial`, if that one was revoked.
    pub fn revocation_of(&self, serial: &str) -> Option<&Revocation> {
        self.revocation
            .as_ref()
            .filter(|r| r.serial.eq_ignore_ascii_case(serial))
    }

    /// Forgets what belonged to the previous certificate after a new one was issued: failures,
    /// the CA's window for the old certificate (fetched again for the new one).
    pub fn issued(&mut self, at: OffsetDateTime) {
        self.failures = FailureLedger::default();
        self.ari = None;
        self.ari_next_fetch = None;
        self.ari_problem = None;
        self.last_success = Some(at);
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn pending_hooks_keep_their_on_disk_form() {
        let hook = HookSpec {
            command: vec!["systemctl".into(), "reload".into(), "nginx".into()],
            shell: false,
            timeout_secs: None,
        };
        let state: LineageState =
            serde_json::from_str(r#"{"pending_hooks": ["systemctl reload nginx"]}"#).unwrap();
        assert!(state.pending_hooks[0].is(&hook));
        assert_eq!(
            serde_json::to_value(&state).unwrap()["pending_hooks"],
            serde_json::json!(["systemctl reload nginx"])
        );
        assert_eq!(PendingHook::of(&hook), state.pending_hooks[0]);
    }

    #[test]
    fn a_failure_far_in_the_future_does_not_postpone_renewal() {
        let now = datetime!(2026-03-01 00:00 UTC);
        let ledger = FailureLedger {
            count: 3,
            last_failure: Some(datetime!(9999-12-31 23:59 UTC)),
            ..FailureLedger::default()
        };
        assert_eq!(ledger.not_before(now), None);
    }

    #[test]
    fn a_retry_after_counts_for_a_week_at_most() {
        let failed = datetime!(2026-03-01 00:00 UTC);
        let ledger = FailureLedger {
            count: 1,
            last_failure: Some(failed),
            retry_after: Some(datetime!(2030-01-01 00:00 UTC)),
            ..FailureLedger::default()
        };
        assert_eq!(ledger.not_before(failed), Some(failed + MAX_RETRY_AFTER));
    }

    #[test]
    fn revocation_applies_to_its_serial_only() {
        let state = LineageState {
            revocation: Some(Revocation {
                serial: "0abc".into(),
                reason: Some(RevocationReason::CessationOfOperation),
                revoked_at: datetime!(2026-03-01 00:00 UTC),
            }),
            ..LineageState::default()
        };
        assert!(state.revocation_of("0ABC").is_some_and(Revocation::retires));
        assert!(state.revocation_of("0abd").is_none());
    }
}
