//! What a challenge solver could not do ([`ChallengeError`]): listen, write the webroot, build a
//! tls-alpn-01 certificate, or publish and see a DNS record. One DNS exchange has its own
//! [`super::dns::client::DnsError`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::error::{Classify, Detail, Kind};

/// Something a solver could not do.
#[derive(Debug, thiserror::Error)]
pub enum ChallengeError {
    /// A bound listener has no address (the OS refused to say).
    #[error("no local address")]
    NoLocalAddr(#[source] std::io::Error),
    /// The challenge port could not be bound.
    #[error("could not listen on '{listen}' for {challenge}")]
    Listen {
        /// The address as given.
        listen: String,
        /// Which challenge (`http-01`, `tls-alpn-01`).
        challenge: String,
        /// The flag the address came from (`--listen`, the daemon's `--http-listen`).
        flag: &'static str,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// http-01 through the fleet's responders without a fleet.
    #[error("http-01 through the fleet's responders ('--http-fleet') needs the fleet store")]
    NoFleet,
    /// `--webroot` names something that is not a directory.
    #[error("the webroot '{}' is not a directory", root.display())]
    WebrootNotDir {
        /// The path as given.
        root: PathBuf,
    },
    /// `--webroot` cannot be inspected.
    #[error("the webroot '{}' cannot be used", root.display())]
    WebrootUnusable {
        /// The path as given.
        root: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A path below the webroot that certkeep would write through is a symlink or a file.
    #[error("refusing to write below '{}'", dir.display())]
    WebrootUnsafe {
        /// The path.
        dir: PathBuf,
        /// What it is instead.
        #[source]
        why: Detail,
    },
    /// A file-system call in the webroot failed.
    #[error("could not {op} '{}'", path.display())]
    WebrootIo {
        /// What was being done.
        op: &'static str,
        /// To which path.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// rustls refused the protocol versions (a build problem).
    #[error("could not set up TLS")]
    TlsSetup(#[source] rustls::Error),
    /// The self-signed tls-alpn-01 certificate could not be made.
    #[error("could not build the tls-alpn-01 certificate")]
    AlpnCertificate(#[source] Detail),
    /// The acme-dns API answered with an error or nonsense.
    #[error("acme-dns at '{url}' could not {what}")]
    AcmeDnsApi {
        /// The API base URL.
        url: String,
        /// What was asked (`register`, `update the record`).
        what: &'static str,
        /// What came back.
        #[source]
        detail: Detail,
    },
    /// The acme-dns API refused the stored credentials.
    #[error("acme-dns at '{url}' refused the credentials for '{fulldomain}'")]
    AcmeDnsRefused {
        /// The API base URL.
        url: String,
        /// The registration's domain.
        fulldomain: String,
    },
    /// The keyring entry is not an acme-dns registration.
    #[error("the keyring entry '{name}' is not acme-dns credentials")]
    NotAcmeDnsCredentials {
        /// The keyring entry.
        name: String,
    },
    /// No resolver could name the zone's authoritative servers.
    #[error("could not find the authoritative DNS servers for '{record}'")]
    NoAuthoritativeServers {
        /// The record to check.
        record: String,
    },
    /// A `--dns-server`/`--dns-check-server` that is not an address.
    #[error("'{raw}' is not a DNS server address")]
    BadServerAddress {
        /// The value as given.
        raw: String,
    },
    /// `--dns manual` without a terminal to wait on.
    #[error("--dns manual needs a terminal to wait for you")]
    ManualNeedsTerminal,
    /// `--dns-script` names no file.
    #[error("the DNS script '{}' does not exist", script.display())]
    ScriptMissing {
        /// The path as given.
        script: PathBuf,
    },
    /// The DNS script failed.
    #[error("the DNS script could not {action} '{record}'")]
    ScriptFailed {
        /// `add` or `delete`.
        action: String,
        /// The record.
        record: String,
        /// Why, with the end of its output.
        #[source]
        detail: Detail,
    },
    /// The record did not show on every authoritative server in time.
    #[error("the TXT record '{record}' did not appear on every authoritative server within {} s", timeout.as_secs())]
    NotPropagated {
        /// The record.
        record: String,
        /// How long certkeep waited.
        timeout: Duration,
        /// The servers that still lack it.
        #[source]
        missing: Detail,
    },
    /// `--tsig-algorithm` names no algorithm certkeep supports.
    #[error("unsupported TSIG algorithm '{name}'")]
    TsigAlgorithm {
        /// The name as given.
        name: String,
    },
    /// The TSIG secret does not decode.
    #[error("the TSIG secret is not base64")]
    TsigSecret,
    /// The TSIG algorithm is known but the crypto library refused it.
    #[error("the TSIG algorithm '{algorithm}' is not available")]
    TsigUnavailable {
        /// The algorithm.
        algorithm: &'static str,
        /// The library's error.
        #[source]
        source: hickory_proto::dnssec::DnsSecError,
    },
    /// The update server does not serve the record's zone.
    #[error("the DNS server {server} is not authoritative for '{record}'")]
    NotAuthoritative {
        /// The server.
        server: SocketAddr,
        /// The record.
        record: String,
    },
    /// The record lies outside `--dns-zone`.
    #[error("'{record}' is not in the zone '{zone}'")]
    OutsideZone {
        /// The record.
        record: String,
        /// The zone.
        zone: String,
    },
    /// NOTAUTH: the server refused the key.
    #[error(
        "the DNS server {server} rejected the update of '{zone}' signed with the key '{key_name}'"
    )]
    UpdateRejected {
        /// The server.
        server: SocketAddr,
        /// The zone.
        zone: String,
        /// The TSIG key name.
        key_name: String,
        /// The TSIG error, explained.
        #[source]
        why: Detail,
    },
    /// REFUSED: the policy does not let this key update the zone.
    #[error("the DNS server {server} refused the update of '{record}'")]
    UpdateRefused {
        /// The server.
        server: SocketAddr,
        /// The record.
        record: String,
        /// The response code.
        #[source]
        code: Detail,
    },
    /// Another response code (SERVFAIL ...): may work later.
    #[error("the DNS server {server} failed the update of '{record}'")]
    UpdateFailed {
        /// The server.
        server: SocketAddr,
        /// The record.
        record: String,
        /// The response code.
        #[source]
        code: Detail,
    },
}

impl Classify for ChallengeError {
    fn kind(&self) -> Kind {
        match self {
            ChallengeError::NoLocalAddr(_)
            | ChallengeError::TlsSetup(_)
            | ChallengeError::AlpnCertificate(_) => Kind::Internal,
            ChallengeError::Listen { .. }
            | ChallengeError::NoFleet
            | ChallengeError::WebrootNotDir { .. }
            | ChallengeError::WebrootUnusable { .. }
            | ChallengeError::AcmeDnsRefused { .. }
            | ChallengeError::NotAcmeDnsCredentials { .. }
            | ChallengeError::NoAuthoritativeServers { .. }
            | ChallengeError::BadServerAddress { .. }
            | ChallengeError::ManualNeedsTerminal
            | ChallengeError::ScriptMissing { .. }
            | ChallengeError::TsigAlgorithm { .. }
            | ChallengeError::TsigSecret
            | ChallengeError::TsigUnavailable { .. }
            | ChallengeError::NotAuthoritative { .. }
            | ChallengeError::OutsideZone { .. }
            | ChallengeError::UpdateRejected { .. }
            | ChallengeError::UpdateRefused { .. } => Kind::Usage,
            ChallengeError::WebrootUnsafe { .. } => Kind::Security,
            ChallengeError::WebrootIo { .. } => Kind::Storage,
            ChallengeError::AcmeDnsApi { .. } | ChallengeError::UpdateFailed { .. } => {
                Kind::Transient
            }
            ChallengeError::ScriptFailed { .. } | ChallengeError::NotPropagated { .. } => {
                Kind::ValidationFailed
            }
        }
    }

    fn hint(&self) -> Option<String> {
        let hint = match self {
            ChallengeError::Listen {
                source,
                flag: "--listen",
                ..
            } => match source.kind() {
                std::io::ErrorKind::AddrInUse => {
                    "another program (a web server?) uses this port: stop it, use --webroot DIR with that web server instead, or pick another address with --listen"
                }
                std::io::ErrorKind::PermissionDenied => {
                    "ports below 1024 need root or CAP_NET_BIND_SERVICE; or use --webroot DIR with your web server"
                }
                _ => "check the --listen address (HOST:PORT)",
            },
            ChallengeError::Listen { source, flag, .. } => {
                return Some(match source.kind() {
                    std::io::ErrorKind::AddrInUse => format!(
                        "another program (a web server?) uses this port: stop it, or give {flag} another address (where the load balancer sends port 80)"
                    ),
                    std::io::ErrorKind::PermissionDenied => {
                        "ports below 1024 need root or CAP_NET_BIND_SERVICE (AmbientCapabilities= in the unit)".into()
                    }
                    _ => format!("check the address given by {flag} (HOST:PORT)"),
                });
            }
            ChallengeError::NoFleet => {
                "give --fleet postgresql://USER@HOST/DATABASE (every node's 'daemon --http-listen' answers), or choose another challenge with 'certkeep edit NAME'"
            }
            ChallengeError::WebrootUnusable { .. } => {
                "pass the directory your web server serves for this site, e.g. --webroot /var/www/html"
            }
            ChallengeError::WebrootUnsafe { .. } => {
                "remove it (certkeep creates the directory itself), then run again"
            }
            ChallengeError::WebrootIo { .. } => "check that certkeep may write to the webroot",
            ChallengeError::AcmeDnsRefused { .. } => {
                "register again with 'certkeep dns acme-dns register'"
            }
            ChallengeError::NoAuthoritativeServers { .. } => {
                "name the servers to check with --dns-check-server ADDR[:PORT] (private zones, split DNS)"
            }
            ChallengeError::BadServerAddress { .. } => {
                "give an IP address, optionally with :PORT, e.g. 192.0.2.53 or [2001:db8::53]:5353"
            }
            ChallengeError::ManualNeedsTerminal => {
                "use --dns exec --dns-script SCRIPT (or another provider) for unattended runs"
            }
            ChallengeError::ScriptFailed { .. } => {
                "run the script by hand with the same arguments to see what fails"
            }
            ChallengeError::NotPropagated { .. } => {
                "check that the DNS provider really published it (and in the right zone); raise --dns-timeout for slow providers"
            }
            ChallengeError::TsigAlgorithm { .. } => "use hmac-sha256, hmac-sha384 or hmac-sha512",
            ChallengeError::TsigSecret => {
                "copy the secret exactly as tsig-keygen or keymgr printed it"
            }
            ChallengeError::NotAuthoritative { .. } => {
                "check --dns-server, or give the zone with --dns-zone"
            }
            ChallengeError::OutsideZone { .. } => {
                "give the zone that holds the record with --dns-zone"
            }
            ChallengeError::UpdateRejected { .. } => {
                "check --tsig-key-name, --tsig-secret and --tsig-algorithm against the server's key, and that the key may update the zone (BIND update-policy, Knot acl action: update)"
            }
            ChallengeError::UpdateRefused { .. } => {
                "allow this key to update the zone (BIND update-policy, Knot acl action: update)"
            }
            ChallengeError::NoLocalAddr(_)
            | ChallengeError::WebrootNotDir { .. }
            | ChallengeError::TlsSetup(_)
            | ChallengeError::AlpnCertificate(_)
            | ChallengeError::AcmeDnsApi { .. }
            | ChallengeError::NotAcmeDnsCredentials { .. }
            | ChallengeError::ScriptMissing { .. }
            | ChallengeError::TsigUnavailable { .. }
            | ChallengeError::UpdateFailed { .. } => return None,
        };
        Some(hint.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    #[expect(clippy::too_many_lines, reason = "one row per variant")]
    fn each_challenge_error_has_its_exit_code() {
        let io = |kind| std::io::Error::from(kind);
        let server: SocketAddr = "192.0.2.53:53".parse().unwrap();
        let d = || Detail::new("x");
        let s = || "x".to_owned();
        let table = [
            (
                ChallengeError::NoLocalAddr(io(std::io::ErrorKind::Other)),
                1,
            ),
            (
                ChallengeError::Listen {
                    listen: s(),
                    challenge: s(),
                    flag: "--listen",
                    source: io(std::io::ErrorKind::AddrInUse),
                },
                2,
            ),
            (
                ChallengeError::WebrootNotDir {
                    root: PathBuf::new(),
                },
                2,
            ),
            (
                ChallengeError::WebrootUnusable {
                    root: PathBuf::new(),
                    source: io(std::io::ErrorKind::NotFound),
                },
                2,
            ),
            (
                ChallengeError::WebrootUnsafe {
                    dir: PathBuf::new(),
                    why: d(),
                },
                9,
            ),
            (
                ChallengeError::WebrootIo {
                    op: "write",
                    path: PathBuf::new(),
                    source: io(std::io::ErrorKind::Other),
                },
                6,
            ),
            (ChallengeError::TlsSetup(rustls::Error::General(s())), 1),
            (ChallengeError::AlpnCertificate(d()), 1),
            (
                ChallengeError::AcmeDnsApi {
                    url: s(),
                    what: "register",
                    detail: d(),
                },
                4,
            ),
            (
                ChallengeError::AcmeDnsRefused {
                    url: s(),
                    fulldomain: s(),
                },
                2,
            ),
            (ChallengeError::NotAcmeDnsCredentials { name: s() }, 2),
            (ChallengeError::NoAuthoritativeServers { record: s() }, 2),
            (ChallengeError::BadServerAddress { raw: s() }, 2),
            (ChallengeError::ManualNeedsTerminal, 2),
            (
                ChallengeError::ScriptMissing {
                    script: PathBuf::new(),
                },
                2,
            ),
            (
                ChallengeError::ScriptFailed {
                    action: s(),
                    record: s(),
                    detail: d(),
                },
                5,
            ),
            (
                ChallengeError::NotPropagated {
                    record: s(),
                    timeout: Duration::from_secs(1),
                    missing: d(),
                },
                5,
            ),
            (ChallengeError::TsigAlgorithm { name: s() }, 2),
            (ChallengeError::TsigSecret, 2),
            (
                ChallengeError::TsigUnavailable {
                    algorithm: "hmac-sha256",
                    source: "x".into(),
                },
                2,
            ),
            (
                ChallengeError::NotAuthoritative {
                    server,
                    record: s(),
                },
                2,
            ),
            (
                ChallengeError::OutsideZone {
                    record: s(),
                    zone: s(),
                },
                2,
            ),
            (
                ChallengeError::UpdateRejected {
                    server,
                    zone: s(),
                    key_name: s(),
                    why: d(),
                },
                2,
            ),
            (
                ChallengeError::UpdateRefused {
                    server,
                    record: s(),
                    code: d(),
                },
                2,
            ),
            (
                ChallengeError::UpdateFailed {
                    server,
                    record: s(),
                    code: d(),
                },
                4,
            ),
        ];
        for (err, code) in table {
            let name = format!("{err:?}");
            assert_eq!(Error::from(err).exit_code(), code, "{name}");
        }
    }

    #[test]
    fn a_busy_port_says_what_to_do() {
        let err = Error::from(ChallengeError::Listen {
            listen: "[::]:80".into(),
            challenge: "http-01".into(),
            flag: "--listen",
            source: std::io::Error::from(std::io::ErrorKind::AddrInUse),
        });
        assert!(
            err.hint
                .as_deref()
                .is_some_and(|h| h.contains("another program"))
        );
        assert!(
            err.find::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::AddrInUse)
        );
    }
}
