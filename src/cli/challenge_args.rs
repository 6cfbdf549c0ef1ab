//! The challenge flags `obtain` and `edit` share (`--http-standalone`, `--listen`, `--webroot`,
//! `--http-fleet`, `--tls-alpn-standalone`, `--dns` and its settings), and their reading into a
//! [`ChallengeSpec`]. A TSIG secret typed on the command line is referred to as a keyring
//! entry, so no spec ever holds one; the caller saves it ([`Chosen::secret`]) once the command
//! is checked.

use std::path::PathBuf;

use clap::Args;

use crate::domain::{ChallengeSpec, Dns01Settings, DnsSpecError, MAX_WAIT_SECS};
use crate::error::Error;
use crate::output::Output;
use crate::secrets::{NewEntry, SecretRef};

/// How to prove control of the names.
#[derive(Debug, Default, Args)]
pub struct ChallengeArgs {
    /// Answer http-01 with certkeep's own HTTP server
    #[arg(long, conflicts_with = "webroot")]
    pub http_standalone: bool,
    /// Answer tls-alpn-01 with certkeep's own TLS responder (port 443)
    #[arg(long, conflicts_with_all = ["webroot", "http_standalone"])]
    pub tls_alpn_standalone: bool,
    /// Address for the standalone responder (implies --http-standalone unless
    /// --tls-alpn-standalone) [default: [::]:80, or [::]:443 for tls-alpn-01; IPv4 and IPv6]
    #[arg(long, value_name = "ADDR", conflicts_with = "webroot")]
    pub listen: Option<String>,
    /// Answer http-01 by writing files below DIR/.well-known/acme-challenge/ for your web server
    #[arg(long, value_name = "DIR")]
    pub webroot: Option<PathBuf>,
    /// Answer http-01 through the fleet (with --fleet): the key authorization goes into the
    /// fleet database and every node's 'daemon --http-listen' answers it
    #[arg(long, conflicts_with_all = ["webroot", "http_standalone", "tls_alpn_standalone", "listen"])]
    pub http_fleet: bool,
    /// Answer dns-01 (wildcards too) through a provider: exec (your script) or manual
    #[arg(long, value_name = "PROVIDER", value_parser = ["rfc2136", "acme-dns", "exec", "manual"], conflicts_with_all = ["webroot", "http_standalone", "tls_alpn_standalone", "listen", "http_fleet"], help_heading = "dns-01")]
    pub dns: Option<String>,
    /// For --dns exec: run as `SCRIPT present|cleanup RECORD VALUE`, with the same in environment variables
    #[arg(long, value_name = "SCRIPT", requires = "dns", help_heading = "dns-01")]
    pub dns_script: Option<PathBuf>,
    /// For --dns rfc2136: the primary server to send updates to, ADDR[:PORT]
    #[arg(
        long,
        value_name = "ADDR[:PORT]",
        requires = "dns",
        help_heading = "dns-01"
    )]
    pub dns_server: Option<String>,
    /// For --dns rfc2136: the TSIG key name
    #[arg(long, value_name = "NAME", requires = "dns", help_heading = "dns-01")]
    pub tsig_key_name: Option<String>,
    /// For --dns rfc2136: the TSIG secret (base64), as keyring:NAME, file:PATH or env:VAR
    #[expect(
        clippy::doc_markdown,
        reason = "the help shows secret references literally"
    )]
    #[arg(long, value_name = "SECRET", requires = "dns", help_heading = "dns-01")]
    pub tsig_secret: Option<String>,
    /// For --dns rfc2136: hmac-sha256, hmac-sha384 or hmac-sha512 [default: hmac-sha256]
    #[arg(
        long,
        value_name = "ALGORITHM",
        requires = "dns",
        help_heading = "dns-01"
    )]
    pub tsig_algorithm: Option<String>,
    /// For --dns acme-dns: the acme-dns API URL (register each name first with
    /// 'certkeep dns acme-dns register')
    #[arg(long, value_name = "URL", requires = "dns", help_heading = "dns-01")]
    pub acme_dns_url: Option<String>,
    /// The zone to update [default: found by SOA lookup]
    #[arg(long, value_name = "ZONE", requires = "dns", help_heading = "dns-01")]
    pub dns_zone: Option<String>,
    /// Ask this server whether the record is visible (repeatable) [default: the zone's NS; for
    /// rfc2136 the primary]
    #[arg(
        long,
        value_name = "ADDR[:PORT]",
        requires = "dns",
        help_heading = "dns-01"
    )]
    pub dns_check_server: Vec<String>,
    /// Give up when the record is not visible on every server within SECS (1 to 86400)
    /// [default: 120]
    #[arg(long, value_name = "SECS", requires = "dns", help_heading = "dns-01", value_parser = seconds(1))]
    pub dns_timeout: Option<u64>,
    /// Wait SECS more once the record is visible everywhere (0 to 86400) [default: 0]
    #[arg(long, value_name = "SECS", requires = "dns", help_heading = "dns-01", value_parser = seconds(0))]
    pub dns_wait: Option<u64>,
}

/// The ids of the flags that choose a challenge (the others only refine `--dns`).
pub(super) const CHOOSERS: [&str; 6] = [
    "http_standalone",
    "tls_alpn_standalone",
    "listen",
    "webroot",
    "http_fleet",
    "dns",
];

/// A number of seconds from `min` up to a day ([`MAX_WAIT_SECS`]).
pub(super) fn seconds(min: u64) -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(min..=MAX_WAIT_SECS)
}

impl ChallengeArgs {
    /// True when a flag chooses a challenge.
    pub(super) fn given(&self) -> bool {
        self.http_standalone
            || self.tls_alpn_standalone
            || self.listen.is_some()
            || self.webroot.is_some()
            || self.http_fleet
            || self.dns.is_some()
    }

    /// The challenge the flags choose (`--listen` alone means http-01 standalone). A TSIG
    /// secret given as a value is referred to as a keyring entry, returned to be saved.
    pub(super) fn into_spec(self, output: &Output) -> Result<Chosen, Error> {
        let (tsig_secret, secret) =
            keep_secret_out_of_spec(self.tsig_secret, self.tsig_key_name.as_deref(), output);
        let spec = match (self.webroot, self.tls_alpn_standalone) {
            _ if self.dns.is_some() => ChallengeSpec::Dns01(
                Dns01Settings {
                    provider: self.dns.unwrap_or_default(),
                    script: self
                        .dns_script
                        .map(|p| std::path::absolute(&p).unwrap_or(p)),
                    check_servers: self.dns_check_server,
                    timeout_secs: self.dns_timeout,
                    extra_wait_secs: self.dns_wait,
                    server: self.dns_server,
                    tsig_key_name: self.tsig_key_name.clone(),
                    tsig_secret,
                    tsig_algorithm: self.tsig_algorithm,
                    zone: self.dns_zone,
                    acme_dns_url: self.acme_dns_url,
                }
                .try_into()
                .map_err(|e: DnsSpecError| Error::from(e))?,
            ),
            _ if self.http_fleet => ChallengeSpec::Http01Fleet,
            (Some(path), _) => ChallengeSpec::Http01Webroot { path },
            (None, true) => ChallengeSpec::TlsAlpn01Standalone {
                listen: self.listen.unwrap_or_else(|| "[::]:443".into()),
            },
            (None, false) => ChallengeSpec::Http01Standalone {
                listen: self.listen.unwrap_or_else(|| "[::]:80".into()),
            },
        };
        Ok(Chosen { spec, secret })
    }
}

/// The challenge the flags choose, and the TSIG secret its spec refers to when it was typed on
/// the command line.
#[derive(Debug)]
pub(super) struct Chosen {
    /// The challenge.
    pub spec: ChallengeSpec,
    /// The secret to save under the entry the spec names (nothing is saved yet).
    pub secret: Option<NewEntry>,
}

/// A TSIG secret typed on the command line is referred to as the keyring entry
/// `tsig-KEYNAME`, so the spec saves a reference, never the secret; the entry is returned for
/// the caller to save.
fn keep_secret_out_of_spec(
    secret: Option<String>,
    key_name: Option<&str>,
    output: &Output,
) -> (Option<String>, Option<NewEntry>) {
    let Some(raw) = secret else {
        return (None, None);
    };
    let reference: SecretRef = raw
        .parse()
        .unwrap_or_else(|e: std::convert::Infallible| match e {});
    let SecretRef::Raw(value) = reference else {
        return (Some(raw), None);
    };
    output.warning("the TSIG secret was given on the command line, where other users can see it; prefer file:PATH, env:VAR or keyring:NAME");
    let name = format!(
        "tsig-{}",
        key_name
            .unwrap_or("key")
            .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_")
    );
    (
        Some(format!("keyring:{name}")),
        Some(NewEntry { name, value }),
    )
}
