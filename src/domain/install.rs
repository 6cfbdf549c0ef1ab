//! Where a certificate is installed for the services that read it ([`InstallGroup`]): the target
//! files with their shape, owner, group and mode, and the service's config test, reload and
//! verification. Saved in the certificate's spec (`[[install]]`), so every renewal deploys the
//! same way; checked when read, so a hand edit cannot make a key readable by others.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::HookSpec;

/// The most a verification may wait for the service to serve the new certificate.
pub const MAX_VERIFY_SECS: u64 = 600;
/// How long a verification waits by default.
pub const DEFAULT_VERIFY_SECS: u64 = 30;

/// The shape of one installed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetKind {
    /// The leaf certificate alone.
    Cert,
    /// The intermediates.
    Chain,
    /// Leaf and intermediates.
    Fullchain,
    /// The private key.
    Key,
    /// Key, leaf and intermediates in one PEM (haproxy, some appliances).
    Combined,
    /// PKCS#12 (AES-256-CBC with PBKDF2), the password from a secret reference.
    Pkcs12,
}

impl TargetKind {
    /// The name as flags, JSON and `spec.toml` spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Cert => "cert",
            TargetKind::Chain => "chain",
            TargetKind::Fullchain => "fullchain",
            TargetKind::Key => "key",
            TargetKind::Combined => "combined",
            TargetKind::Pkcs12 => "pkcs12",
        }
    }

    /// True when the file holds the private key (never readable by others).
    pub fn holds_key(self) -> bool {
        matches!(
            self,
            TargetKind::Key | TargetKind::Combined | TargetKind::Pkcs12
        )
    }

    /// The mode used when none is given: 0600 for files with the key, 0644 otherwise.
    pub fn default_mode(self) -> u32 {
        if self.holds_key() { 0o600 } else { 0o644 }
    }
}

/// Why an install setting is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstallSpecError {
    /// Not an octal mode.
    #[error("'{0}' is not a file mode (octal, e.g. 0640)")]
    BadMode(String),
    /// A key file others could read.
    #[error(
        "mode {mode:04o} would let every user read the private key in '{}'",
        path.display()
    )]
    KeyReadableByOthers {
        /// The target.
        path: PathBuf,
        /// The refused mode.
        mode: u32,
    },
    /// A mode that lets other users write the file the service loads.
    #[error("mode {mode:04o} would let every user replace '{}'", path.display())]
    WritableByOthers {
        /// The target.
        path: PathBuf,
        /// The refused mode.
        mode: u32,
    },
    /// A path with `..` in it (two spellings of one file would escape the duplicate check).
    #[error("'{}' has '..' in it", .0.display())]
    NotNormal(PathBuf),
    /// A relative target path.
    #[error("'{}' is not an absolute path", .0.display())]
    RelativePath(PathBuf),
    /// PKCS#12 without a password reference.
    #[error("the PKCS#12 target '{}' needs --pkcs12-password SECRET_REF", .0.display())]
    Pkcs12WithoutPassword(PathBuf),
    /// A verification wait over the limit.
    #[error("a verify timeout of {0} s is not between 1 and {MAX_VERIFY_SECS} s")]
    VerifyTimeout(u64),
    /// One path named twice.
    #[error("'{}' is named by two install targets", .0.display())]
    Duplicate(PathBuf),
    /// A verify address that is not `HOST`, `HOST:PORT`, `[IPV6]` or `[IPV6]:PORT`.
    #[error("'{address}' is not a verify address: {why}")]
    VerifyAddress {
        /// As given.
        address: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// A verify SNI that is not a DNS name.
    #[error("'{0}' is not a DNS name to send as SNI")]
    VerifySni(String),
}

/// One installed file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstallTarget {
    /// Where the file goes (absolute; the directory must exist).
    pub path: PathBuf,
    /// What goes in it.
    pub kind: TargetKind,
    /// The owner (user name or uid), when not the user running certkeep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The group (name or gid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The mode, octal as text (`"0640"`); default by kind ([`TargetKind::default_mode`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// For PKCS#12: a reference to the password (`keyring:`, `file:`, `env:`), never the
    /// password itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pkcs12_password: Option<String>,
}

impl InstallTarget {
    /// The mode to write with, checked: a key file is never readable by others.
    pub fn checked_mode(&self) -> Result<u32, InstallSpecError> {
        let mode = match &self.mode {
            None => return Ok(self.kind.default_mode()),
            Some(text) => parse_mode(text)?,
        };
        if mode & 0o002 != 0 {
            return Err(InstallSpecError::WritableByOthers {
                path: self.path.clone(),
                mode,
            });
        }
        if self.kind.holds_key() && mode & 0o007 != 0 {
            return Err(InstallSpecError::KeyReadableByOthers {
                path: self.path.clone(),
                mode,
            });
        }
        Ok(mode)
    }

    /// Checks everything that can be checked without touching the file system.
    pub fn check(&self) -> Result<(), InstallSpecError> {
        if !self.path.is_absolute() {
            return Err(InstallSpecError::RelativePath(self.path.clone()));
        }
        if self
            .path
            .components()
            .any(|c| c == std::path::Component::ParentDir)
        {
            return Err(InstallSpecError::NotNormal(self.path.clone()));
        }
        if self.kind == TargetKind::Pkcs12 && self.pkcs12_password.is_none() {
            return Err(InstallSpecError::Pkcs12WithoutPassword(self.path.clone()));
        }
        self.checked_mode().map(drop)
    }
}

/// Parses an octal mode such as `0640` or `640` (permission bits only).
pub fn parse_mode(text: &str) -> Result<u32, InstallSpecError> {
    let digits = text.strip_prefix("0o").unwrap_or(text);
    match u32::from_str_radix(digits, 8) {
        Ok(mode) if !digits.is_empty() && mode <= 0o777 => Ok(mode),
        _ => Err(InstallSpecError::BadMode(text.to_owned())),
    }
}

/// How to check that the service serves the new certificate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifySpec {
    /// `HOST[:PORT]` to connect to (port 443 when none is given).
    pub address: String,
    /// The SNI to send (default: the certificate's first identifier).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sni: Option<String>,
    /// How long to keep trying (default 30 s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<u64>,
}

impl VerifySpec {
    /// Checks the address and the SNI as the user typed them, so a typo fails when the target
    /// is saved rather than at the first renewal. (Not applied when a spec is read: a saved
    /// `::1` keeps meaning `[::1]:443`, and a bad SNI fails its verification, not the renewal.)
    pub fn check_input(&self) -> Result<(), InstallSpecError> {
        let bad = |why| InstallSpecError::VerifyAddress {
            address: self.address.clone(),
            why,
        };
        let address = self.address.as_str();
        let port = if let Some(rest) = address.strip_prefix('[') {
            let (host, after) = rest
                .split_once(']')
                .ok_or_else(|| bad("the '[' has no ']'"))?;
            if host.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(bad("the part in brackets is not an IPv6 address"));
            }
            match after {
                "" => None,
                _ => Some(
                    after
                        .strip_prefix(':')
                        .ok_or_else(|| bad("only ':PORT' may follow the ']'"))?,
                ),
            }
        } else if address.matches(':').count() > 1 {
            // `::1:8443` is both the address ::1:8443 and ::1 port 8443.
            return Err(bad(
                "write an IPv6 address in brackets, e.g. [::1]:8443 (or [::1] for port 443)",
            ));
        } else {
            let (host, port) = match address.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (address, None),
            };
            if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '/') {
                return Err(bad("the host is empty or not a host name"));
            }
            port
        };
        if let Some(port) = port
            && !port.parse::<u16>().is_ok_and(|p| p != 0)
        {
            return Err(bad("the port is not a number from 1 to 65535"));
        }
        if let Some(sni) = &self.sni
            && rustls_pki_types::DnsName::try_from(sni.as_str()).is_err()
        {
            return Err(InstallSpecError::VerifySni(sni.clone()));
        }
        Ok(())
    }
}

/// Targets that one service reads, with that service's config test, reload and verification.
/// Each `certkeep install` adds to the group with the same reload command (or a new one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstallGroup {
    /// The preset it was made from, for display (`nginx`, `haproxy` ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// The files.
    #[serde(default)]
    pub targets: Vec<InstallTarget>,
    /// Run after writing; if it fails, the previous files are put back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_test: Option<HookSpec>,
    /// Run once per run after all files of all certificates are written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reload: Option<HookSpec>,
    /// Checked after the reload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify: Option<VerifySpec>,
}

/// The preset `import certbot --take-over` gives the group it makes from certbot's `live/`
/// files: the one group whose targets may be certbot's links (`--preset` accepts only
/// services, so no other group carries it).
const CERTBOT_TAKE_OVER: &str = "certbot take-over";

impl InstallGroup {
    /// True for the group `import certbot --take-over` made: its targets may be certbot's
    /// `live/` links, which the first deploy replaces by regular files.
    pub fn takes_over_certbot_links(&self) -> bool {
        self.preset.as_deref() == Some(CERTBOT_TAKE_OVER)
    }

    /// Checks the targets and the verify timeout.
    pub fn check(&self) -> Result<(), InstallSpecError> {
        for target in &self.targets {
            target.check()?;
        }
        if let Some(secs) = self.verify.as_ref().and_then(|v| v.timeout_secs)
            && !(1..=MAX_VERIFY_SECS).contains(&secs)
        {
            return Err(InstallSpecError::VerifyTimeout(secs));
        }
        Ok(())
    }
}

/// Checks every group of a spec, and that no path is named twice.
pub fn check_groups(groups: &[InstallGroup]) -> Result<(), InstallSpecError> {
    let mut seen = std::collections::HashSet::new();
    for group in groups {
        group.check()?;
        for target in &group.targets {
            if !seen.insert(&target.path) {
                return Err(InstallSpecError::Duplicate(target.path.clone()));
            }
        }
    }
    Ok(())
}

/// What one verification saw (`result.verified[]` in JSON; kept in `state.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verified {
    /// `HOST:PORT` connected to.
    pub address: String,
    /// The SNI sent.
    pub sni: String,
    /// The serial the service served last (lowercase hex), if a handshake succeeded.
    pub served_serial: Option<String>,
    /// The serial that should be served.
    pub expected_serial: String,
    /// True when they match.
    pub ok: bool,
    /// Why the last attempt failed, when it did.
    pub error: Option<String>,
}

/// How the last deploy of a lineage went (in `state.json`): a deploy that failed, or one of an
/// older version, is done again by the next run without a new order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeployState {
    /// The version deployed (or tried).
    pub version: u32,
    /// Since when this outcome holds (a deploy with the same outcome does not rewrite it).
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// True when every target was written, tested, reloaded and verified.
    pub ok: bool,
    /// Why not, when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What each verification saw.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verified: Vec<Verified>,
}

/// Reads the `[[install]]` groups of a spec and checks them (serde `deserialize_with`).
pub(super) fn checked_groups<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<InstallGroup>, D::Error> {
    let groups = Vec::<InstallGroup>::deserialize(deserializer)?;
    check_groups(&groups).map_err(serde::de::Error::custom)?;
    Ok(groups)
}

/// A service whose usual config test, reload and file shape certkeep knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// nginx: separate fullchain and key.
    Nginx,
    /// Apache httpd.
    Apache,
    /// `HAProxy`: one combined PEM.
    Haproxy,
    /// Postfix.
    Postfix,
    /// Dovecot.
    Dovecot,
}

impl Preset {
    /// Every preset, for help texts and parsing.
    pub const ALL: [Preset; 5] = [
        Preset::Nginx,
        Preset::Apache,
        Preset::Haproxy,
        Preset::Postfix,
        Preset::Dovecot,
    ];

    /// The name as `--preset` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Nginx => "nginx",
            Preset::Apache => "apache",
            Preset::Haproxy => "haproxy",
            Preset::Postfix => "postfix",
            Preset::Dovecot => "dovecot",
        }
    }

    /// The preset named `name`.
    pub fn parse(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The config test command.
    pub fn config_test(self) -> Vec<&'static str> {
        match self {
            Preset::Nginx => vec!["nginx", "-t"],
            Preset::Apache => vec!["apachectl", "configtest"],
            Preset::Haproxy => vec!["haproxy", "-c", "-f", "/etc/haproxy/haproxy.cfg"],
            Preset::Postfix => vec!["postfix", "check"],
            Preset::Dovecot => vec!["doveconf", "-n"],
        }
    }

    /// The reload command.
    pub fn reload(self) -> Vec<&'static str> {
        match self {
            Preset::Nginx => vec!["systemctl", "reload", "nginx"],
            Preset::Apache => vec!["systemctl", "reload", "apache2"],
            Preset::Haproxy => vec!["systemctl", "reload", "haproxy"],
            Preset::Postfix => vec!["postfix", "reload"],
            Preset::Dovecot => vec!["doveadm", "reload"],
        }
    }

    /// True when the service reads key and certificates from one file.
    pub fn wants_combined(self) -> bool {
        self == Preset::Haproxy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(kind: TargetKind, mode: Option<&str>) -> InstallTarget {
        InstallTarget {
            path: "/etc/ssl/x.pem".into(),
            kind,
            owner: None,
            group: None,
            mode: mode.map(str::to_owned),
            pkcs12_password: Some("env:P".into()),
        }
    }

    #[test]
    fn key_files_default_to_0600_and_refuse_a_mode_others_can_read() {
        assert_eq!(target(TargetKind::Key, None).checked_mode(), Ok(0o600));
        assert_eq!(
            target(TargetKind::Fullchain, None).checked_mode(),
            Ok(0o644)
        );
        assert_eq!(
            target(TargetKind::Key, Some("0640")).checked_mode(),
            Ok(0o640)
        );
        for kind in [TargetKind::Key, TargetKind::Combined, TargetKind::Pkcs12] {
            assert!(matches!(
                target(kind, Some("0644")).checked_mode(),
                Err(InstallSpecError::KeyReadableByOthers { mode: 0o644, .. })
            ));
        }
        assert_eq!(
            target(TargetKind::Cert, Some("0644")).checked_mode(),
            Ok(0o644)
        );
    }

    #[test]
    fn modes_are_octal_permission_bits_only() {
        for good in ["0640", "640", "0o600", "0"] {
            assert!(parse_mode(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "0o",
            "999",
            "4755",
            "rw-r--r--",
            "-1",
            "0x1a4",
            "77777777777777",
        ] {
            assert!(parse_mode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_path_named_twice_or_relative_is_refused() {
        let group = InstallGroup {
            targets: vec![
                target(TargetKind::Cert, None),
                target(TargetKind::Key, None),
            ],
            ..InstallGroup::default()
        };
        assert!(matches!(
            check_groups(&[group]),
            Err(InstallSpecError::Duplicate(_))
        ));
        let mut relative = target(TargetKind::Cert, None);
        relative.path = "x.pem".into();
        assert!(matches!(
            relative.check(),
            Err(InstallSpecError::RelativePath(_))
        ));
    }

    #[test]
    fn a_group_round_trips_through_toml() {
        let group = InstallGroup {
            preset: Some("nginx".into()),
            targets: vec![target(TargetKind::Fullchain, Some("0644"))],
            config_test: Some(HookSpec {
                command: vec!["nginx".into(), "-t".into()],
                shell: false,
                timeout_secs: None,
            }),
            reload: None,
            verify: Some(VerifySpec {
                address: "127.0.0.1:443".into(),
                sni: None,
                timeout_secs: Some(5),
            }),
        };
        let text = toml::to_string(&group).unwrap();
        assert_eq!(toml::from_str::<InstallGroup>(&text).unwrap(), group);
    }

    #[test]
    fn a_verify_address_must_say_where_its_port_is() {
        let spec = |address: &str, sni: Option<&str>| VerifySpec {
            address: address.into(),
            sni: sni.map(str::to_owned),
            timeout_secs: None,
        };
        for good in [
            "127.0.0.1",
            "127.0.0.1:8443",
            "example.org",
            "[::1]",
            "[::1]:8443",
        ] {
            assert_eq!(
                spec(good, Some("a.example")).check_input(),
                Ok(()),
                "{good}"
            );
        }
        for bad in [
            "::1:8443",
            "::1",
            "[::1",
            "[example.org]:443",
            "[::1]8443",
            "127.0.0.1:",
            "127.0.0.1:0",
            "127.0.0.1:70000",
            ":443",
            "",
            "a b:443",
        ] {
            assert!(
                matches!(
                    spec(bad, None).check_input(),
                    Err(InstallSpecError::VerifyAddress { .. })
                ),
                "{bad}"
            );
        }
        for bad_sni in ["", "a b.example", "127.0.0.1", "-x-.example."] {
            assert!(
                matches!(
                    spec("127.0.0.1", Some(bad_sni)).check_input(),
                    Err(InstallSpecError::VerifySni(_))
                ),
                "{bad_sni}"
            );
        }
    }
}
