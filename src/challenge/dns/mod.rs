//! dns-01 (RFC 8555 §8.4): the TXT record `_acme-challenge.<name>` holds the base64url SHA-256
//! of the key authorization. A provider writes and removes the record ([`Provider`]); before
//! the CA is told, every authoritative server of the zone (found by NS lookup, or named with
//! `--dns-check-server`) is asked directly until each returns the value, with a timeout and
//! progress, and no blind sleep. A `_acme-challenge` CNAME is followed and the record written
//! at its target (the usual way to keep DNS credentials off web servers).

pub mod acme_dns;
pub mod client;
mod lookup;
pub mod rfc2136;

use std::future::Future;
use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;

use super::{Response, Solver, SolverFuture};
use crate::challenge::ChallengeError;
use crate::domain::{Dns01Spec, DnsProvider};
use crate::error::{Detail, Error};
pub use lookup::{authoritative_servers, default_resolver, follow_cname, txt_at, txt_records};

const PROVIDER_TIMEOUT_SECS: u64 = 120;

/// How long to wait for propagation when the spec does not say.
const PROPAGATION_TIMEOUT_SECS: u64 = 120;

/// Where records are written.
#[derive(Debug)]
#[expect(clippy::large_enum_variant, reason = "one per solver")]
pub enum Provider {
    /// A user script: `SCRIPT present|cleanup RECORD VALUE`.
    Exec {
        /// The script.
        script: PathBuf,
        /// Runs it (handed in by `ops`, which runs it the way it runs hooks).
        runner: ScriptRunner,
    },
    /// The user adds the record by hand (needs a terminal).
    Manual,
    /// RFC 2136 dynamic update with TSIG.
    Rfc2136(rfc2136::Rfc2136),
    /// acme-dns: credentials per name from the keyring (`acme-dns-<name>`).
    AcmeDns {
        /// The acme-dns API base URL.
        url: String,
        /// The HTTP client.
        http: crate::net::http::CaHttp,
        /// Where keyring secrets fall back to files.
        store_root: PathBuf,
    },
}

/// One run of a DNS `exec` script: what [`ScriptRunner`] is asked to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptRun {
    /// The script and its arguments (`SCRIPT present|cleanup RECORD VALUE`).
    pub argv: Vec<String>,
    /// Environment added to the script's (`CERTKEEP_DNS_*`).
    pub env: Vec<(String, String)>,
    /// How long it may run before it is killed.
    pub timeout: Duration,
}

/// What a [`ScriptRunner`] returns: `Err` says why the script failed, with its output.
pub type ScriptFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;

/// Runs DNS `exec` scripts. `challenge` starts no process itself: `ops` hands one in that runs
/// the script as it runs hooks (same environment, timeout and process-group kill).
#[derive(Clone)]
pub struct ScriptRunner(Arc<dyn Fn(ScriptRun) -> ScriptFuture + Send + Sync>);

impl ScriptRunner {
    /// A runner calling `run` for each script run.
    pub fn new(run: impl Fn(ScriptRun) -> ScriptFuture + Send + Sync + 'static) -> Self {
        Self(Arc::new(run))
    }

    /// Runs one script.
    pub async fn run(&self, run: ScriptRun) -> Result<(), String> {
        (self.0)(run).await
    }
}

impl std::fmt::Debug for ScriptRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ScriptRunner")
    }
}

/// What a provider is asked to do with a TXT record; also the script's first argument and
/// `CERTKEEP_DNS_ACTION`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnsAction {
    /// Write the record.
    Present,
    /// Remove it again.
    Cleanup,
}

impl DnsAction {
    /// The name a script sees (`present`, `cleanup`).
    pub fn as_str(self) -> &'static str {
        match self {
            DnsAction::Present => "present",
            DnsAction::Cleanup => "cleanup",
        }
    }
}

impl std::fmt::Display for DnsAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Reports progress: (record name, servers that do not show it yet).
pub type Progress = Arc<dyn Fn(&str, &[String]) + Send + Sync>;

/// The dns-01 solver.
pub struct Dns01 {
    provider: Provider,
    check_servers: Vec<SocketAddr>,
    timeout: Duration,
    extra_wait: Duration,
    progress: Progress,
    /// identifier -> (record name written, value)
    written: Mutex<Vec<(String, String, String)>>,
}

impl std::fmt::Debug for Dns01 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dns01")
            .field("provider", &self.provider)
            .field("check_servers", &self.check_servers)
            .finish_non_exhaustive()
    }
}

/// The dns-01 solver a spec names, its provider wired up (the TSIG secret resolved, the
/// acme-dns client made).
pub fn from_spec(spec: &Dns01Spec, wiring: &super::Wiring<'_>) -> Result<Dns01, Error> {
    let provider = match &spec.provider {
        DnsProvider::AcmeDns { url } => Provider::AcmeDns {
            http: (wiring.acme_dns_http)()?,
            url: url.clone(),
            store_root: wiring.store_root.to_path_buf(),
        },
        DnsProvider::Rfc2136 {
            server,
            tsig_key_name,
            tsig_secret,
            tsig_algorithm,
            zone,
        } => {
            let reference: crate::secrets::SecretRef = tsig_secret
                .parse()
                .unwrap_or_else(|e: std::convert::Infallible| match e {});
            let resolved = crate::secrets::resolve(&reference, wiring.store_root, wiring.vars)?;
            if let Some(note) = resolved.note {
                (wiring.warn)(note);
            }
            Provider::Rfc2136(rfc2136::Rfc2136 {
                server: parse_server(server)?,
                key_name: tsig_key_name.clone(),
                secret: resolved.secret,
                algorithm: rfc2136::TsigAlgorithm::parse(
                    tsig_algorithm.as_deref().unwrap_or("hmac-sha256"),
                )?,
                zone: zone.clone(),
            })
        }
        DnsProvider::Exec { script } => Provider::Exec {
            script: script.clone(),
            runner: wiring.dns_script_runner.clone(),
        },
        DnsProvider::Manual => Provider::Manual,
    };
    let servers = spec
        .check_servers
        .iter()
        .map(|s| parse_server(s))
        .collect::<Result<Vec<_>, _>>()?;
    Dns01::new(
        provider,
        servers,
        Duration::from_secs(spec.timeout_secs.unwrap_or(PROPAGATION_TIMEOUT_SECS)),
        Duration::from_secs(spec.extra_wait_secs.unwrap_or(0)),
        wiring.progress.clone(),
    )
}

/// The TXT value for a key authorization.
pub fn txt_value(key_authorization: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, key_authorization.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest.as_ref())
}

/// The record name for an identifier (a wildcard's `*.` is dropped).
pub fn record_name(identifier: &str) -> String {
    format!(
        "_acme-challenge.{}",
        identifier.strip_prefix("*.").unwrap_or(identifier)
    )
}

/// Parses `ADDR[:PORT]` (port 53 by default).
pub fn parse_server(raw: &str) -> Result<SocketAddr, Error> {
    raw.parse::<SocketAddr>()
        .or_else(|_| raw.parse::<IpAddr>().map(|ip| SocketAddr::new(ip, 53)))
        .map_err(|_| {
            ChallengeError::BadServerAddress {
                raw: raw.to_owned(),
            }
            .into()
        })
}

impl Dns01 {
    /// A solver; the manual provider is refused without a terminal.
    pub fn new(
        provider: Provider,
        check_servers: Vec<SocketAddr>,
        timeout: Duration,
        extra_wait: Duration,
        progress: Progress,
    ) -> Result<Self, Error> {
        if matches!(provider, Provider::Manual) && !std::io::stdin().is_terminal() {
            return Err(ChallengeError::ManualNeedsTerminal.into());
        }
        if let Provider::Exec { script, .. } = &provider
            && !script.is_file()
        {
            return Err(ChallengeError::ScriptMissing {
                script: script.clone(),
            }
            .into());
        }
        Ok(Self {
            provider,
            check_servers,
            timeout,
            extra_wait,
            progress,
            written: Mutex::default(),
        })
    }

    fn resolver(&self) -> Option<SocketAddr> {
        self.check_servers
            .first()
            .copied()
            .or_else(|| self.update_server())
            .or_else(default_resolver)
    }

    fn update_server(&self) -> Option<SocketAddr> {
        match &self.provider {
            Provider::Rfc2136(update) => Some(update.server),
            _ => None,
        }
    }

    /// Follows a `_acme-challenge` CNAME to where the TXT belongs.
    async fn target_of(&self, record: &str) -> String {
        match self.resolver() {
            Some(resolver) => follow_cname(resolver, record).await,
            None => record.to_owned(),
        }
    }

    async fn provider_call(
        &self,
        action: DnsAction,
        record: &str,
        value: &str,
        identifier: &str,
    ) -> Result<(), Error> {
        match &self.provider {
            Provider::Exec { script, runner } => {
                let run = ScriptRun {
                    argv: vec![
                        script.display().to_string(),
                        action.as_str().into(),
                        record.into(),
                        value.into(),
                    ],
                    env: vec![
                        ("CERTKEEP_DNS_ACTION".to_owned(), action.as_str().to_owned()),
                        ("CERTKEEP_DNS_RECORD".to_owned(), record.to_owned()),
                        ("CERTKEEP_DNS_VALUE".to_owned(), value.to_owned()),
                        ("CERTKEEP_DNS_IDENTIFIER".to_owned(), identifier.to_owned()),
                    ],
                    timeout: Duration::from_secs(PROVIDER_TIMEOUT_SECS),
                };
                runner.run(run).await.map_err(|why| {
                    ChallengeError::ScriptFailed {
                        action: action.to_string(),
                        record: record.to_owned(),
                        detail: Detail::new(why),
                    }
                    .into()
                })
            }
            Provider::AcmeDns {
                url,
                http,
                store_root,
            } => {
                if action == DnsAction::Cleanup {
                    // acme-dns keeps only the two newest values; nothing to remove.
                    return Ok(());
                }
                let credentials = acme_dns_credentials(identifier, store_root)?;
                acme_dns::update(http, url, &credentials, value).await
            }
            Provider::Rfc2136(update) => {
                if action == DnsAction::Present {
                    update.add(record, value).await
                } else {
                    update.delete(record, value).await
                }
            }
            Provider::Manual => {
                let verb = if action == DnsAction::Present {
                    "Add"
                } else {
                    "You may now remove"
                };
                (self.progress)(
                    &format!("{verb} the TXT record {record} = \"{value}\", then press Enter"),
                    &[],
                );
                if action == DnsAction::Present {
                    let mut line = String::new();
                    let _ =
                        tokio::task::spawn_blocking(move || std::io::stdin().read_line(&mut line))
                            .await;
                }
                Ok(())
            }
        }
    }

    /// The servers to ask: the named ones, else the zone's authoritative servers.
    async fn servers_for(&self, record: &str) -> Result<Vec<SocketAddr>, Error> {
        if !self.check_servers.is_empty() {
            return Ok(self.check_servers.clone());
        }
        // RFC 2136: the primary the update went to is asked (name the secondaries with
        // --dns-check-server); other providers: the zone's NS, found through the resolver.
        if let Some(server) = self.update_server() {
            return Ok(vec![server]);
        }
        let resolver = default_resolver().ok_or_else(|| lookup::no_servers(record))?;
        authoritative_servers(resolver, record).await
    }

    /// Waits until every server returns `value` at `record`.
    async fn wait_visible(&self, record: &str, value: &str) -> Result<(), Error> {
        let name = client::name(record)?;
        let servers = self.servers_for(record).await?;
        let deadline = tokio::time::Instant::now() + self.timeout;
        let mut delay = Duration::from_millis(100);
        loop {
            let mut behind = Vec::new();
            for server in &servers {
                if !lookup::txt_of(*server, &name)
                    .await
                    .unwrap_or_default()
                    .iter()
                    .any(|text| text == value)
                {
                    behind.push(server.to_string());
                }
            }
            if behind.is_empty() {
                return Ok(());
            }
            (self.progress)(record, &behind);
            if tokio::time::Instant::now() + delay > deadline {
                return Err(ChallengeError::NotPropagated {
                    record: record.to_owned(),
                    timeout: self.timeout,
                    missing: Detail::new(format!("still missing on {}", behind.join(", "))),
                }
                .into());
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(5));
        }
    }
}

fn acme_dns_credentials(
    identifier: &str,
    store_root: &std::path::Path,
) -> Result<acme_dns::Credentials, Error> {
    let name = acme_dns::keyring_name(identifier);
    let resolved = crate::secrets::resolve_keyring(&name, store_root).map_err(|e| {
        e.context(format!("no acme-dns registration for '{identifier}'"))
            .with_hint(format!(
                "register first: certkeep dns acme-dns register --acme-dns-url URL -d {identifier}"
            ))
    })?;
    serde_json::from_str(resolved.secret.expose())
        .map_err(|_| ChallengeError::NotAcmeDnsCredentials { name }.into())
}

impl Solver for Dns01 {
    fn kind(&self) -> crate::domain::ChallengeKind {
        crate::domain::ChallengeKind::Dns01
    }

    fn present<'a>(&'a self, response: &'a Response) -> SolverFuture<'a> {
        Box::pin(async move {
            let record = match &self.provider {
                // acme-dns answers at the registered fulldomain, whatever the CNAME lookup says.
                Provider::AcmeDns { store_root, .. } => {
                    acme_dns_credentials(&response.identifier, store_root)?.fulldomain
                }
                _ => self.target_of(&record_name(&response.identifier)).await,
            };
            // A name the DNS cannot carry fails here, before any provider is asked to write it.
            client::name(&record)?;
            let value = txt_value(&response.key_authorization);
            self.written
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((response.identifier.clone(), record.clone(), value.clone()));
            self.provider_call(DnsAction::Present, &record, &value, &response.identifier)
                .await
        })
    }

    fn settle<'a>(&'a self, _responses: &'a [Response]) -> SolverFuture<'a> {
        Box::pin(async move {
            let written = self
                .written
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone();
            let checks = written
                .iter()
                .map(|(_, record, value)| self.wait_visible(record, value));
            for result in futures_join_all(checks).await {
                result?;
            }
            if !self.extra_wait.is_zero() {
                tokio::time::sleep(self.extra_wait).await;
            }
            Ok(())
        })
    }

    fn cleanup<'a>(&'a self, response: &'a Response) -> SolverFuture<'a> {
        Box::pin(async move {
            let entry = {
                let mut written = self
                    .written
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let at = written
                    .iter()
                    .position(|(id, _, _)| *id == response.identifier);
                at.map(|i| written.remove(i))
            };
            match entry {
                Some((identifier, record, value)) => {
                    self.provider_call(DnsAction::Cleanup, &record, &value, &identifier)
                        .await
                }
                None => Ok(()),
            }
        })
    }
}

/// Runs the futures concurrently and collects their results in order.
async fn futures_join_all<F: std::future::Future>(
    futures: impl IntoIterator<Item = F>,
) -> Vec<F::Output> {
    let mut pinned: Vec<std::pin::Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut results: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, future) in pinned.iter_mut().enumerate() {
            if results[i].is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(out) => results[i] = Some(out),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    results.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_names_and_values_follow_rfc_8555() {
        assert_eq!(record_name("*.example.org"), "_acme-challenge.example.org");
        assert_eq!(
            record_name("www.example.org"),
            "_acme-challenge.www.example.org"
        );
        // RFC 8555 §8.4 example-style check: 43 base64url characters of a SHA-256.
        let value = txt_value("token.thumbprint");
        assert_eq!(value.len(), 43);
        assert!(
            value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(parse_server("192.0.2.53").unwrap().port(), 53);
        assert_eq!(parse_server("127.0.0.1:5353").unwrap().port(), 5353);
        assert!(parse_server("ns1.example.org").is_err());
    }
}
