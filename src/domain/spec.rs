//! [`CertSpec`]: what the user asked certkeep to keep. Saved as `certs/<name>/spec.toml` before
//! the first order, so every certificate is renewable the same way later; editable by hand, so
//! unknown fields are an error rather than silently ignored.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{CertName, Hooks, Identifier, InstallGroup, KeySpec, RenewalPolicy};

/// How to prove control of the identifiers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
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
    /// dns-01 through a provider.
    Dns01(Dns01Spec),
    /// http-01 answered by an existing web server serving `webroot`.
    Http01Webroot {
        /// The directory the web server serves; files go below `.well-known/acme-challenge/`.
        path: PathBuf,
    },
    /// http-01 answered by every fleet node's responder (`daemon --http-listen`): the key
    /// authorization is published in the fleet database, not served by this process.
    Http01Fleet,
}

/// dns-01 settings: where the record is written ([`DnsProvider`]) and how its propagation is
/// checked. In `spec.toml` it stays the flat table older versions wrote ([`Dns01Settings`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Dns01Settings", into = "Dns01Settings")]
pub struct Dns01Spec {
    /// Where records are written.
    pub provider: DnsProvider,
    /// Servers to check for propagation (`ADDR[:PORT]`); empty: the zone's NS.
    pub check_servers: Vec<String>,
    /// How long to wait for propagation (seconds, default 120, at most a day).
    pub timeout_secs: Option<u64>,
    /// A fixed extra wait after propagation (seconds, at most a day).
    pub extra_wait_secs: Option<u64>,
}

/// Where dns-01 records are written, each provider with what it needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DnsProvider {
    /// RFC 2136 dynamic update signed with TSIG.
    Rfc2136 {
        /// The primary server, `ADDR[:PORT]`.
        server: String,
        /// The TSIG key name.
        tsig_key_name: String,
        /// A reference to the TSIG secret (`keyring:`, `file:`, `env:`), never the secret.
        tsig_secret: String,
        /// `hmac-sha256` (default), `hmac-sha384` or `hmac-sha512`.
        tsig_algorithm: Option<String>,
        /// The zone, when the SOA lookup should be skipped.
        zone: Option<String>,
    },
    /// acme-dns (credentials are in the keyring).
    AcmeDns {
        /// The API base URL.
        url: String,
    },
    /// A user script: `SCRIPT present|cleanup RECORD VALUE`.
    Exec {
        /// The script.
        script: PathBuf,
    },
    /// The user adds the record by hand (needs a terminal).
    Manual,
}

impl DnsProvider {
    /// The provider's name, as `--dns` and `spec.toml` spell it.
    pub fn name(&self) -> &'static str {
        match self {
            DnsProvider::Rfc2136 { .. } => "rfc2136",
            DnsProvider::AcmeDns { .. } => "acme-dns",
            DnsProvider::Exec { .. } => "exec",
            DnsProvider::Manual => "manual",
        }
    }
}

/// dns-01 settings as flags and `spec.toml` give them: a provider name plus optional fields.
/// Checked into a [`Dns01Spec`] ([`TryFrom`]); the fields another provider does not use are
/// dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dns01Settings {
    /// `rfc2136`, `acme-dns`, `exec` or `manual`.
    pub provider: String,
    /// The script, for `exec`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<PathBuf>,
    /// Servers to check for propagation (`ADDR[:PORT]`); empty: the zone's NS.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check_servers: Vec<String>,
    /// How long to wait for propagation (seconds, default 120, at most a day).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::bounded_secs"
    )]
    pub timeout_secs: Option<u64>,
    /// A fixed extra wait after propagation (seconds, at most a day).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::bounded_secs"
    )]
    pub extra_wait_secs: Option<u64>,
    /// For `rfc2136`: the primary server, `ADDR[:PORT]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// For `rfc2136`: the TSIG key name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tsig_key_name: Option<String>,
    /// For `rfc2136`: a reference to the TSIG secret (`keyring:`, `file:`, `env:`), never the
    /// secret itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tsig_secret: Option<String>,
    /// For `rfc2136`: `hmac-sha256` (default), `hmac-sha384` or `hmac-sha512`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tsig_algorithm: Option<String>,
    /// For `rfc2136`: the zone, when the SOA lookup should be skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// For `acme-dns`: the API base URL (credentials are in the keyring).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acme_dns_url: Option<String>,
}

/// dns-01 settings that name no usable provider.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DnsSpecError {
    /// acme-dns without its URL.
    #[error("--dns acme-dns needs --acme-dns-url URL")]
    AcmeDnsWithoutUrl,
    /// rfc2136 without server, key name or secret.
    #[error("--dns rfc2136 needs --dns-server, --tsig-key-name and --tsig-secret")]
    Rfc2136Incomplete,
    /// exec without a script.
    #[error("--dns exec needs --dns-script SCRIPT")]
    ExecWithoutScript,
    /// A provider certkeep does not know.
    #[error("unknown DNS provider '{0}'")]
    Unknown(String),
}

impl TryFrom<Dns01Settings> for Dns01Spec {
    type Error = DnsSpecError;

    fn try_from(raw: Dns01Settings) -> Result<Self, DnsSpecError> {
        let provider = match raw.provider.as_str() {
            "acme-dns" => DnsProvider::AcmeDns {
                url: raw.acme_dns_url.ok_or(DnsSpecError::AcmeDnsWithoutUrl)?,
            },
            "rfc2136" => {
                let (Some(server), Some(tsig_key_name), Some(tsig_secret)) =
                    (raw.server, raw.tsig_key_name, raw.tsig_secret)
                else {
                    return Err(DnsSpecError::Rfc2136Incomplete);
                };
                DnsProvider::Rfc2136 {
                    server,
                    tsig_key_name,
                    tsig_secret,
                    tsig_algorithm: raw.tsig_algorithm,
                    zone: raw.zone,
                }
            }
            "exec" => DnsProvider::Exec {
                script: raw.script.ok_or(DnsSpecError::ExecWithoutScript)?,
            },
            "manual" => DnsProvider::Manual,
            other => return Err(DnsSpecError::Unknown(other.to_owned())),
        };
        Ok(Dns01Spec {
            provider,
            check_servers: raw.check_servers,
            timeout_secs: raw.timeout_secs,
            extra_wait_secs: raw.extra_wait_secs,
        })
    }
}

impl From<Dns01Spec> for Dns01Settings {
    fn from(spec: Dns01Spec) -> Self {
        let mut raw = Dns01Settings {
            provider: spec.provider.name().to_owned(),
            check_servers: spec.check_servers,
            timeout_secs: spec.timeout_secs,
            extra_wait_secs: spec.extra_wait_secs,
            ..Dns01Settings::default()
        };
        match spec.provider {
            DnsProvider::Rfc2136 {
                server,
                tsig_key_name,
                tsig_secret,
                tsig_algorithm,
                zone,
            } => {
                raw.server = Some(server);
                raw.tsig_key_name = Some(tsig_key_name);
                raw.tsig_secret = Some(tsig_secret);
                raw.tsig_algorithm = tsig_algorithm;
                raw.zone = zone;
            }
            DnsProvider::AcmeDns { url } => raw.acme_dns_url = Some(url),
            DnsProvider::Exec { script } => raw.script = Some(script),
            DnsProvider::Manual => {}
        }
        raw
    }
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
            ChallengeSpec::Http01Standalone { .. }
            | ChallengeSpec::Http01Webroot { .. }
            | ChallengeSpec::Http01Fleet => ChallengeKind::Http01,
            ChallengeSpec::TlsAlpn01Standalone { .. } => ChallengeKind::TlsAlpn01,
            ChallengeSpec::Dns01(_) => ChallengeKind::Dns01,
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
    /// Where the certificate is installed for the services that read it; deployed on every
    /// issuance. Checked when read: a hand edit that would expose a key reads as damaged.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::install::checked_groups"
    )]
    pub install: Vec<InstallGroup>,
    /// When the lineage was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dns-01 spec as certkeep wrote it before providers were typed.
    const RFC2136_SPEC: &str = r#"name = "example.org"
identifiers = [
    "example.org",
    "*.example.org",
]
key_type = "ec-p256"
ca = "https://acme.example/dir"
account = "default"
use_csr = false
created = "2026-01-01T00:00:00Z"

[challenge]
type = "dns01"
provider = "rfc2136"
check_servers = ["192.0.2.53"]
timeout_secs = 300
server = "192.0.2.53:53"
tsig_key_name = "certkeep."
tsig_secret = "keyring:tsig-certkeep"
tsig_algorithm = "hmac-sha512"
zone = "example.org"
"#;

    #[test]
    fn a_dns_spec_written_before_typed_providers_loads_and_saves_the_same() {
        let spec: CertSpec = toml::from_str(RFC2136_SPEC).unwrap();
        let ChallengeSpec::Dns01(dns) = &spec.challenge else {
            panic!("not dns-01: {:?}", spec.challenge);
        };
        assert_eq!(
            dns.provider,
            DnsProvider::Rfc2136 {
                server: "192.0.2.53:53".into(),
                tsig_key_name: "certkeep.".into(),
                tsig_secret: "keyring:tsig-certkeep".into(),
                tsig_algorithm: Some("hmac-sha512".into()),
                zone: Some("example.org".into()),
            }
        );
        assert_eq!(dns.check_servers, ["192.0.2.53"]);
        assert_eq!(dns.timeout_secs, Some(300));
        let written = toml::to_string_pretty(&spec).unwrap();
        assert_eq!(
            toml::from_str::<toml::Value>(&written).unwrap(),
            toml::from_str::<toml::Value>(RFC2136_SPEC).unwrap()
        );
    }

    #[test]
    fn every_dns_provider_keeps_its_flat_table() {
        for (table, provider) in [
            (
                "provider = \"exec\"\nscript = \"/usr/local/bin/dns\"",
                DnsProvider::Exec {
                    script: "/usr/local/bin/dns".into(),
                },
            ),
            ("provider = \"manual\"", DnsProvider::Manual),
            (
                "provider = \"acme-dns\"\nacme_dns_url = \"https://auth.example\"",
                DnsProvider::AcmeDns {
                    url: "https://auth.example".into(),
                },
            ),
        ] {
            let text = format!("type = \"dns01\"\n{table}\n");
            let spec: ChallengeSpec = toml::from_str(&text).unwrap();
            assert_eq!(spec.kind(), ChallengeKind::Dns01);
            let ChallengeSpec::Dns01(dns) = &spec else {
                panic!("not dns-01");
            };
            assert_eq!(dns.provider, provider);
            assert_eq!(toml::to_string(&spec).unwrap(), text);
        }
    }

    #[test]
    fn dns_settings_without_what_the_provider_needs_are_refused() {
        for (table, error) in [
            (
                "provider = \"exec\"",
                "--dns exec needs --dns-script SCRIPT",
            ),
            (
                "provider = \"rfc2136\"\nserver = \"192.0.2.53\"",
                "--dns rfc2136 needs --dns-server, --tsig-key-name and --tsig-secret",
            ),
            (
                "provider = \"acme-dns\"",
                "--dns acme-dns needs --acme-dns-url URL",
            ),
            ("provider = \"route53\"", "unknown DNS provider 'route53'"),
            ("provider = \"manual\"\nbogus = 1", "unknown field `bogus`"),
        ] {
            let text = format!("type = \"dns01\"\n{table}\n");
            let err = toml::from_str::<ChallengeSpec>(&text).unwrap_err();
            assert!(err.to_string().contains(error), "{table}: {err}");
        }
    }

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
