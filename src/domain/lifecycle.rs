//! Hooks and renewal policy as saved in a certificate's spec: plain data. Running hooks is
//! `hooks/`'s job, deciding with the policy `renewal/`'s.

use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize};

/// Default time a hook may run before its process group is killed.
pub const DEFAULT_HOOK_TIMEOUT: Duration = Duration::from_secs(120);

/// The longest wait a spec or a flag may ask for (a hook's timeout, a DNS wait): one day. A
/// longer one is a typo, and it would hold a renewal round (and the store lock) for as long.
pub const MAX_WAIT_SECS: u64 = 86_400;

/// The longest renewal margin `obtain --renew-before` accepts: ten years, longer than any
/// certificate lifetime a public or private ACME CA hands out.
pub const MAX_RENEW_BEFORE_SECS: u64 = 3650 * 86_400;

/// Reads an optional number of seconds from a spec, refusing more than [`MAX_WAIT_SECS`]: the
/// spec then reads as damaged, naming the field, instead of a wait that never ends.
pub fn bounded_secs<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    match Option::<u64>::deserialize(deserializer)? {
        Some(secs) if secs > MAX_WAIT_SECS => Err(serde::de::Error::custom(format!(
            "{secs} seconds is longer than the one day ({MAX_WAIT_SECS} s) certkeep allows"
        ))),
        other => Ok(other),
    }
}

/// One hook as saved in a certificate's spec.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HookSpec {
    /// The argv (or, with `shell`, a single shell command line).
    pub command: Vec<String>,
    /// Run through `/bin/sh -c` (only when asked for).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shell: bool,
    /// Timeout in seconds (default 120, at most [`MAX_WAIT_SECS`]).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "bounded_secs"
    )]
    pub timeout_secs: Option<u64>,
}

impl HookSpec {
    /// The timeout to apply.
    pub fn timeout(&self) -> Duration {
        self.timeout_secs.map_or(DEFAULT_HOOK_TIMEOUT, |secs| {
            Duration::from_secs(secs.min(MAX_WAIT_SECS))
        })
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
    /// Renew this long before expiry, overriding ARI and the lifetime rule (seconds). Any value
    /// is accepted here: one that leaves the certificate in service for less than a third of its
    /// lifetime falls back to the lifetime rule (see `renewal::decide`), with a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renew_before_secs: Option<u64>,
}

impl RenewalPolicy {
    /// True when nothing is overridden.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hook_timeout_over_a_day_makes_the_spec_unreadable() {
        let err = toml::from_str::<HookSpec>(
            "command = [\"true\"]\ntimeout_secs = 18446744073709551615\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("one day"), "{err}");
        let ok: HookSpec = toml::from_str("command = [\"true\"]\ntimeout_secs = 60\n").unwrap();
        assert_eq!(ok.timeout(), Duration::from_secs(60));
    }
}
