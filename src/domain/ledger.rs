//! The per-lineage renewal state kept in `certs/<name>/state.json`: the ARI window and the time
//! picked inside it, the failure ledger (for backoff), the last attempt and success. Plain data;
//! `store` reads and writes it, `renewal::decide` reads it.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

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
    /// The earliest time another attempt is allowed, if any restriction applies.
    pub fn not_before(&self) -> Option<OffsetDateTime> {
        let backoff = self.last_failure.map(|at| at + backoff_after(self.count));
        match (backoff, self.retry_after) {
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
    /// The last attempt's start.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub last_attempt: Option<OffsetDateTime>,
    /// The last success.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub last_success: Option<OffsetDateTime>,
    /// Hooks that failed after the last issuance, to be retried without a new order.
    #[serde(default)]
    pub pending_hooks: Vec<String>,
}
