//! [`CertSpec`]: what the user asked certkeep to keep. Saved as `certs/<name>/spec.toml` before
//! the first order, so every certificate is renewable the same way later; editable by hand, so
//! unknown fields are an error rather than silently ignored.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{CertName, Hooks, Identifier, KeySpec, RenewalPolicy};

/// How to prove control of the identifiers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
#[expect(
    clippy::large_enum_variant,
    reason = "one per lineage, read from a small TOML file"
)]
pub enum ChallengeSpec {
    /// http-01 answered by certkeep's own small HTTP server.
    Http01Standalone {
        /// The address to listen on, e.g. `0.0.0.0:80`.
        listen: String,
    },
    /// tls-alpn-01 answered by certkeep's own TLS responder.
    TlsAlpn01Standalone {
        /// The address to listen on, e.g. `[::]:443`.
        listen: String,
    },
    /// dns-01 through a provider: `exec` (a script) or `manual`.
    Dns01 {
        /// `exec` or `manual`.
        provider: String,
        /// The script, for `exec`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        script: Option<PathBuf>,
        /// Servers to check for propagation (`ADDR[:PORT]`); empty: the zone's NS.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        check_servers: Vec<String>,
        /// How long to wait for propagation (seconds, default 120, at most a day).
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "super::bounded_secs"
        )]
        timeout_secs: Option<u64>,
        /// A fixed extra wait after propagation (seconds, at most a day).
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "super::bounded_secs"
        )]
        extra_wait_secs: Option<u64>,
        /// For `rfc2136`: the primary server, `ADDR[:PORT]`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<String>,
        /// For `rfc2136`: the TSIG key name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tsig_key_name: Option<String>,
        /// For `rfc2136`: a reference to the TSIG secret (`keyring:`, `file:`, `env:`), never the
        /// secret itself.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tsig_secret: Option<String>,
        /// For `rfc2136`: `hmac-sha256` (default), `hmac-sha384` or `hmac-sha512`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tsig_algorithm: Option<String>,
        /// The zone, when the SOA lookup should be skipped.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        zone: Option<String>,
        /// For `acme-dns`: the API base URL (credentials are in the keyring).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        acme_dns_url: Option<String>,
    },
    /// http-01 answered by an existing web server serving `webroot`.
    Http01Webroot {
        /// The directory the web server serves; files go below `.well-known/acme-challenge/`.
        path: PathBuf,
    },
}

/// An ACME challenge type (RFC 8555 §8, RFC 8737), named as the CA names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChallengeKind {
    /// `http-01`.
    #[serde(rename = "http-01")]
    Http01,
    /// `tls-alpn-01`.
    #[serde(rename = "tls-alpn-01")]
    TlsAlpn01,
    /// `dns-01`.
    #[serde(rename = "dns-01")]
    Dns01,
}

impl ChallengeKind {
    /// The type's name as the CA spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeKind::Http01 => "http-01",
            ChallengeKind::TlsAlpn01 => "tls-alpn-01",
            ChallengeKind::Dns01 => "dns-01",
        }
    }
}

impl std::fmt::Display for ChallengeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ChallengeSpec {
    /// The ACME challenge type this setting answers.
    pub fn kind(&self) -> ChallengeKind {
        match self {
            ChallengeSpec::Http01Standalone { .. } | ChallengeSpec::Http01Webroot { .. } => {
                ChallengeKind::Http01
            }
            ChallengeSpec::TlsAlpn01Standalone { .. } => ChallengeKind::TlsAlpn01,
            ChallengeSpec::Dns01 { .. } => ChallengeKind::Dns01,
        }
    }
}

/// One certificate lineage's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertSpec {
    /// The lineage name (its directory).
    pub name: CertName,
    /// The identifiers, in the order given.
    pub identifiers: Vec<Identifier>,
    /// The key type for new keys (ignored with a CSR).
    pub key_type: KeySpec,
    /// The CA's directory URL.
    pub ca: String,
    /// The account name under that CA.
    pub account: String,
    /// How to prove control.
    pub challenge: ChallengeSpec,
    /// The ACME profile to request, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The issuer common name of the preferred chain's root, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_chain: Option<String>,
    /// True when the certificate is issued from the user's CSR (kept as `csr.pem` beside this).
    #[serde(default)]
    pub use_csr: bool,
    /// Hooks run on every issuance of this lineage.
    #[serde(default, skip_serializing_if = "Hooks::is_empty")]
    pub hooks: Hooks,
    /// Renewal settings.
    #[serde(default, skip_serializing_if = "RenewalPolicy::is_default")]
    pub renewal: RenewalPolicy,
    /// When the lineage was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenge_kinds_keep_the_names_the_ca_uses() {
        for (kind, name) in [
            (ChallengeKind::Http01, "http-01"),
            (ChallengeKind::TlsAlpn01, "tls-alpn-01"),
            (ChallengeKind::Dns01, "dns-01"),
        ] {
            assert_eq!(kind.as_str(), name);
            assert_eq!(kind.to_string(), name);
            assert_eq!(serde_json::to_value(kind).unwrap(), name);
            assert_eq!(
                serde_json::from_value::<ChallengeKind>(name.into()).unwrap(),
                kind
            );
        }
    }
}
