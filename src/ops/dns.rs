//! `dns check`, `dns persist-record` and `dns persist-check`: where a dns-01 record goes (CNAME
//! followed), which servers are authoritative and what they hold; and the standing TXT record
//! of dns-persist-01 (draft-ietf-acme-dns-persist), `_validation-persist.<name>` =
//! `<CA's CAA identity>; accounturi=<account URL>[; policy=wildcard][; persistUntil=<unix s>]`.

use std::fmt::Write as _;
use std::net::SocketAddr;

use serde::Serialize;
use time::OffsetDateTime;

use super::Context;
use super::OpsError;
use super::account::find_account;
use crate::challenge::dns::{self, default_resolver};
use crate::domain::Identifier;
use crate::error::{Detail, Error};

/// One server's view of a record.
#[derive(Debug, Clone, Serialize)]
pub struct ServerView {
    /// The server.
    pub server: String,
    /// The TXT values it returns.
    pub txt: Vec<String>,
}

/// `dns check`'s report.
#[derive(Debug, Clone, Serialize)]
pub struct DnsCheckReport {
    /// The name checked.
    pub name: String,
    /// `_acme-challenge.<name>`.
    pub record: String,
    /// Where the TXT record must be written (after CNAMEs).
    pub target: String,
    /// True when a CNAME delegates the record.
    pub delegated: bool,
    /// The servers asked and what they hold at `target`.
    pub servers: Vec<ServerView>,
}

fn parse_name(raw: &str) -> Result<String, Error> {
    match raw.parse::<Identifier>() {
        Ok(Identifier::Dns(name)) => Ok(name.trim_start_matches("*.").to_owned()),
        Ok(Identifier::Ip(_)) => Err(OpsError::IpHasNoDnsRecord.into()),
        Err(e) => Err(e.into()),
    }
}

async fn servers(
    explicit: &[String],
    name: &str,
) -> Result<(Option<SocketAddr>, Vec<SocketAddr>), Error> {
    let explicit: Vec<SocketAddr> = explicit
        .iter()
        .map(|s| dns::parse_server(s))
        .collect::<Result<_, _>>()?;
    let resolver = explicit.first().copied().or_else(default_resolver);
    if !explicit.is_empty() {
        return Ok((resolver, explicit));
    }
    let resolver_addr = resolver.ok_or(OpsError::NoResolver)?;
    Ok((
        resolver,
        dns::authoritative_servers(resolver_addr, name).await?,
    ))
}

async fn views(servers: &[SocketAddr], record: &str) -> Vec<ServerView> {
    let mut out = Vec::with_capacity(servers.len());
    for server in servers {
        out.push(ServerView {
            server: server.to_string(),
            txt: dns::txt_at(*server, record).await,
        });
    }
    out
}

/// Where the challenge record for `name` goes and what the servers hold there.
pub async fn dns_check(name: &str, check_servers: &[String]) -> Result<DnsCheckReport, Error> {
    let name = parse_name(name)?;
    let record = dns::record_name(&name);
    let (resolver, _) = servers(check_servers, &name)
        .await
        .unwrap_or((None, Vec::new()));
    let target = match resolver {
        Some(resolver) => dns::follow_cname(resolver, &record).await,
        None => record.clone(),
    };
    let (_, servers) = servers(check_servers, &target).await?;
    Ok(DnsCheckReport {
        delegated: target != record,
        servers: views(&servers, &target).await,
        name,
        record,
        target,
    })
}

/// `dns persist-record`'s report (and `persist-check`'s).
#[derive(Debug, Clone, Serialize)]
pub struct PersistReport {
    /// `_validation-persist.<name>`.
    pub record: String,
    /// The TXT value to publish.
    pub value: String,
    /// The servers asked and what they hold (`persist-check` only).
    pub servers: Vec<ServerView>,
}

/// What `persist-record` needs.
#[derive(Debug, Clone)]
pub struct PersistRequest {
    /// The name.
    pub name: String,
    /// Cover `*.name` too.
    pub wildcard: bool,
    /// Until when the permission stands.
    pub persist_until: Option<OffsetDateTime>,
    /// The account (default: the only one).
    pub account: Option<String>,
    /// The CA.
    pub ca: Option<String>,
}

/// The dns-persist-01 TXT record for the account.
pub async fn persist_record(ctx: &Context, req: &PersistRequest) -> Result<PersistReport, Error> {
    let name = parse_name(&req.name)?;
    let account = find_account(ctx, req.account.as_deref(), req.ca.as_deref())?;
    let meta = ctx.ca(&account.ca)?.directory_meta().await?;
    let issuer = meta
        .caa_identities
        .first()
        .cloned()
        .ok_or_else(|| OpsError::NoCaaIdentity {
            ca: account.ca.clone(),
        })?;
    let mut value = format!("{issuer}; accounturi={}", account.url);
    if req.wildcard {
        value.push_str("; policy=wildcard");
    }
    if let Some(until) = req.persist_until {
        let _ = write!(value, "; persistUntil={}", until.unix_timestamp());
    }
    Ok(PersistReport {
        record: format!("_validation-persist.{name}"),
        value,
        servers: Vec::new(),
    })
}

/// Checks that every authoritative server (or each named one) publishes the record.
pub async fn persist_check(
    ctx: &Context,
    req: &PersistRequest,
    check_servers: &[String],
) -> Result<(PersistReport, Option<Error>), Error> {
    let mut report = persist_record(ctx, req).await?;
    let name = parse_name(&req.name)?;
    let (_, servers) = servers(check_servers, &name).await?;
    report.servers = views(&servers, &report.record).await;
    let missing: Vec<&str> = report
        .servers
        .iter()
        .filter(|v| !v.txt.contains(&report.value))
        .map(|v| v.server.as_str())
        .collect();
    let outcome = (!missing.is_empty()).then(|| {
        OpsError::NotPublished {
            record: report.record.clone(),
            missing: Detail::new(format!("missing or different on {}", missing.join(", "))),
        }
        .into()
    });
    Ok((report, outcome))
}

/// Runs DNS `exec` scripts as hooks run: from the environment `cli` captured, under the
/// script's timeout, its process group killed when that passes; a failure says why, with the
/// tail of its output.
pub(super) fn script_runner(ctx: &Context) -> dns::ScriptRunner {
    let base_env = ctx.settings.base_env.clone();
    dns::ScriptRunner::new(move |run: dns::ScriptRun| {
        let base_env = base_env.clone();
        Box::pin(async move {
            let spec = crate::domain::HookSpec {
                command: run.argv,
                shell: false,
                timeout_secs: Some(run.timeout.as_secs()),
            };
            let outcome = crate::hooks::run_command(&base_env, &spec, run.env, Vec::new()).await;
            if outcome.ok() {
                return Ok(());
            }
            let why = crate::hooks::failure_reason(
                outcome.error.as_deref(),
                outcome.timed_out,
                outcome.exit_code,
            );
            Err(format!("{why}; output: {}", outcome.output_tail.trim_end()))
        })
    })
}

/// The HTTP client for acme-dns: trusts `--ca-root` when given, else the system's roots.
pub(super) fn acme_dns_http(ctx: &Context) -> Result<crate::net::http::CaHttp, Error> {
    let root = match &ctx.ca_root {
        Some(path) => Some(
            crate::bounded::read_file(path, crate::bounded::FILE_LIMIT).map_err(|source| {
                OpsError::ReadInput {
                    what: super::error::Input::File,
                    path: path.clone(),
                    source,
                }
            })?,
        ),
        None => None,
    };
    crate::net::http::CaHttp::new(
        root.as_deref(),
        ctx.clock.clone(),
        std::time::Duration::from_secs(30),
    )
}

/// `dns acme-dns register`'s report (never the credentials themselves).
#[derive(Debug, Clone, Serialize)]
pub struct AcmeDnsReport {
    /// The name registered for.
    pub name: String,
    /// The CNAME to create: its owner...
    pub cname_record: String,
    /// ...and its target.
    pub cname_target: String,
    /// Where the credentials are kept.
    pub credentials: String,
}

/// Registers `name` with acme-dns and keeps the credentials in the keyring.
pub async fn acme_dns_register(
    ctx: &Context,
    url: &str,
    name: &str,
) -> Result<AcmeDnsReport, Error> {
    let name = parse_name(name)?;
    let http = acme_dns_http(ctx)?;
    let credentials = dns::acme_dns::register(&http, url).await?;
    let entry = dns::acme_dns::keyring_name(&name);
    let json = serde_json::to_string(&credentials).map_err(OpsError::EncodeCredentials)?;
    if let Some(note) = crate::secrets::store_in_keyring(
        &entry,
        &crate::secrets::Secret::new(json),
        ctx.store.root(),
    )? {
        ctx.events.warn(note);
    }
    Ok(AcmeDnsReport {
        cname_record: dns::record_name(&name),
        cname_target: credentials.fulldomain,
        credentials: format!("keyring:{entry}"),
        name,
    })
}
