//! Hooks and renewal policy as saved in a certificate's spec: plain data. Running hooks is
//! `hooks/`'s job, deciding with the policy `renewal/`'s.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Default time a hook may run before its process group is killed.
pub const DEFAULT_HOOK_TIMEOUT: Duration = Duration::from_secs(120);

/// One hook as saved in a certificate's spec.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HookSpec {
    /// The argv (or, with `shell`, a single shell command line).
    pub command: Vec<String>,
    /// Run through `/bin/sh -c` (only when asked for).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shell: bool,
    /// Timeout in seconds (default 120).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<u64>,
}

impl HookSpec {
    /// The timeout to apply.
    pub fn timeout(&self) -> Duration {
        self.timeout_secs
            .map_or(DEFAULT_HOOK_TIMEOUT, Duration::from_secs)
    }

    /// A short description for messages.
    pub fn display(&self) -> String {
        self.command.join(" ")
    }
}

/// The hooks of one certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hooks {
    /// Before the first order of a run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pre: Vec<HookSpec>,
    /// After the run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub post: Vec<HookSpec>,
    /// After the certificate is stored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deploy: Vec<HookSpec>,
    /// After the certificate failed to renew.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failure: Vec<HookSpec>,
}

impl Hooks {
    /// True when no hook is set.
    pub fn is_empty(&self) -> bool {
        self.pre.is_empty()
            && self.post.is_empty()
            && self.deploy.is_empty()
            && self.failure.is_empty()
    }
}

/// A lineage's renewal settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewalPolicy {
    /// Renew this long before expiry, overriding ARI and the lifetime rule (seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renew_before_secs: Option<u64>,
}

impl RenewalPolicy {
    /// True when nothing is overridden.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}
