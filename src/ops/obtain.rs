//! `obtain`: from names (or a CSR) to a stored, checked certificate. Order of work:
//! validate all input, take the store lock and bind the challenge listener (nothing sent yet) → save the spec (so the
//! certificate is renewable) → key → order → present every challenge → tell the CA → wait →
//! finalize → download → check → store the version and flip `current`. Every presented challenge
//! is cleaned up whatever happens, Ctrl-C included.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use instant_acme::ChallengeType;
use serde::Serialize;
use time::OffsetDateTime;

use super::Context;
use super::account::{self, DEFAULT_ACCOUNT, find_account, login};
use super::events::Event;
use super::hooks_run::{hook_cert, hook_failure, run_deploy_tracked, run_stage};
use crate::acme::validate::{self, CheckedChain};
use crate::acme::{AcmeAccount, Downloaded, OrderSession, directory};
use crate::challenge::{self, Solver};
use crate::domain::{
    CertName, CertRecord, CertSpec, ChallengeSpec, Identifier, KeySpec, parse_identifiers,
};
use crate::domain::{Hooks, RenewalPolicy};
use crate::error::{Error, Kind};
use crate::failpoint;
use crate::hooks::{HookCert, HookContext, Stage};
use crate::keys;
use crate::store::JournalEntry;
use crate::store::{AccountRecord, NewVersion, VersionFiles};

/// How long to wait for the CA to validate, and again to issue.
const ORDER_STEP_LIMIT: Duration = Duration::from_secs(180);

/// What `obtain` needs.
#[derive(Debug, Clone)]
pub struct ObtainRequest {
    /// `-d`, as typed.
    pub domains: Vec<String>,
    /// `--name`.
    pub name: Option<String>,
    /// `--ca` (preset or URL).
    pub ca: String,
    /// `--account`.
    pub account: Option<String>,
    /// `--key-type`.
    pub key_type: KeySpec,
    /// `--csr`.
    pub csr: Option<PathBuf>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--preferred-chain`.
    pub preferred_chain: Option<String>,
    /// The challenge.
    pub challenge: ChallengeSpec,
    /// `--dry-run`.
    pub dry_run: bool,
    /// `--agree-tos` and `--email`: register an account first when there is none.
    pub register_if_missing: Option<(bool, Vec<String>)>,
    /// Hooks to save in the spec (and run on this and every later issuance).
    pub hooks: Hooks,
    /// Renewal settings to save in the spec.
    pub renewal: RenewalPolicy,
    /// The certificate (DER) this order replaces, sent as ARI `replaces` (renewals only).
    pub replaces: Option<Vec<u8>>,
    /// `--force`: issue even when the stored certificate already matches and is not due.
    pub force: bool,
}

/// Paths of the stored files, under the lineage's `current/` (stable across renewals).
#[derive(Debug, Clone, Serialize)]
pub struct Paths {
    /// Leaf certificate.
    pub cert: String,
    /// Intermediates.
    pub chain: String,
    /// Leaf + intermediates.
    pub fullchain: String,
    /// Private key (0600); `null` for a CSR lineage.
    pub privkey: Option<String>,
}

/// `obtain`'s result.
#[derive(Debug, Clone, Serialize)]
pub struct ObtainReport {
    /// The lineage name.
    pub name: String,
    /// The identifiers.
    pub identifiers: Vec<String>,
    /// Serial, lowercase hex.
    pub serial: String,
    /// Validity start.
    #[serde(with = "time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    /// Validity end.
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    /// The issuer DN.
    pub issuer: String,
    /// The key type (`null` when a CSR's key is of a kind certkeep does not name).
    pub key_type: Option<KeySpec>,
    /// The version stored; `null` on a dry run.
    pub version: Option<u32>,
    /// The CA directory URL used.
    pub ca: String,
    /// The account used.
    pub account: String,
    /// The order URL.
    pub order_url: String,
    /// The stored files; `null` on a dry run.
    pub paths: Option<Paths>,
    /// True for `--dry-run` (nothing was written).
    pub dry_run: bool,
    /// False when the stored certificate already matched the request and was not due: nothing
    /// was ordered and the fields describe the stored certificate.
    pub issued: bool,
    /// What differed from the stored spec (empty for a new or unchanged certificate).
    pub changes: Vec<String>,
    /// When the certificate is due for renewal (`null`: now, or on a dry run).
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_renewal: Option<OffsetDateTime>,
    /// Settings that do not fit the certificate, and what happens instead.
    pub warnings: Vec<String>,
}

/// Everything checked before the CA hears from us.
struct Plan {
    name: CertName,
    identifiers: Vec<Identifier>,
    csr: Option<(keys::CsrInfo, String)>,
    ca_url: String,
}

fn plan(req: &ObtainRequest) -> Result<Plan, Error> {
    let ca = directory::resolve(&req.ca)?;
    let ca_url = if req.dry_run {
        ca.staging_url()
    } else {
        ca.url.clone()
    };
    let csr = match &req.csr {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                Error::usage(format!("could not read the CSR '{}'", path.display())).caused_by(e)
            })?;
            let info = keys::parse_csr(&bytes)?;
            let pem = keys::pem_encode("CERTIFICATE REQUEST", &info.der);
            Some((info, pem))
        }
        None => None,
    };
    let identifiers = match (&csr, req.domains.is_empty()) {
        (Some((info, _)), true) => info.identifiers.clone(),
        (csr, _) => {
            let ids = parse_identifiers(&req.domains).map_err(|e| {
                Error::usage(e.to_string()).with_hint(
                    "give each name with -d NAME: letters, digits, '-' and '.', or an IP address",
                )
            })?;
            if let Some((info, _)) = csr {
                let mut a = ids.clone();
                let mut b = info.identifiers.clone();
                a.sort();
                b.sort();
                if a != b {
                    return Err(
                        Error::usage("the names given with -d differ from the CSR's")
                            .with_hint("drop -d to use the CSR's names"),
                    );
                }
            }
            ids
        }
    };
    if req.challenge.kind() == "dns-01" {
        if let Some(ip) = identifiers
            .iter()
            .find(|id| matches!(id, Identifier::Ip(_)))
        {
            return Err(Error::usage(format!(
                "the IP address '{ip}' cannot be validated with dns-01"
            ))
            .with_hint("IP addresses need http-01 or tls-alpn-01 (RFC 8738)"));
        }
    } else if let Some(wild) = identifiers.iter().find(|id| id.is_wildcard()) {
        return Err(Error::usage(format!(
            "the wildcard '{wild}' cannot be validated with {}",
            req.challenge.kind()
        ))
        .with_hint("wildcards need the dns-01 challenge; list the exact names instead"));
    }
    let name = match &req.name {
        Some(raw) => raw
            .parse::<CertName>()
            .map_err(|e| Error::usage(e.to_string()))?,
        None => CertName::from_identifier(&identifiers[0]),
    };
    if let Some(profile) = &req.profile
        && (profile.is_empty()
            || !profile
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
    {
        return Err(Error::usage(format!(
            "'{}' is not a valid profile name",
            profile.escape_debug()
        )));
    }
    Ok(Plan {
        name,
        identifiers,
        csr,
        ca_url,
    })
}

/// Starts the solver for a challenge setting: binds listeners now, so a busy port is reported
/// before any order.
pub(super) async fn build_solver(
    ctx: &Context,
    spec: &ChallengeSpec,
) -> Result<Arc<dyn Solver>, Error> {
    Ok(match spec {
        ChallengeSpec::Dns01 {
            provider,
            script,
            check_servers,
            timeout_secs,
            extra_wait_secs,
            server,
            tsig_key_name,
            tsig_secret,
            tsig_algorithm,
            zone,
            acme_dns_url,
        } => {
            let provider = match (provider.as_str(), script) {
                ("acme-dns", _) => {
                    let url = acme_dns_url
                        .clone()
                        .ok_or_else(|| Error::usage("--dns acme-dns needs --acme-dns-url URL"))?;
                    challenge::dns::Provider::AcmeDns {
                        http: super::dns::acme_dns_http(ctx)?,
                        url,
                        store_root: ctx.store.root().to_path_buf(),
                    }
                }
                ("rfc2136", _) => {
                    let (Some(server), Some(key_name), Some(secret)) =
                        (server, tsig_key_name, tsig_secret)
                    else {
                        return Err(Error::usage(
                            "--dns rfc2136 needs --dns-server, --tsig-key-name and --tsig-secret",
                        ));
                    };
                    let reference: crate::secrets::SecretRef = secret
                        .parse()
                        .unwrap_or_else(|e: std::convert::Infallible| match e {});
                    let resolved = crate::secrets::resolve(&reference, ctx.store.root())?;
                    if let Some(note) = resolved.note {
                        ctx.events.warn(note);
                    }
                    challenge::dns::Provider::Rfc2136(challenge::dns::rfc2136::Rfc2136 {
                        server: challenge::dns::parse_server(server)?,
                        key_name: key_name.clone(),
                        secret: resolved.secret,
                        algorithm: challenge::dns::rfc2136::TsigAlgorithm::parse(
                            tsig_algorithm.as_deref().unwrap_or("hmac-sha256"),
                        )?,
                        zone: zone.clone(),
                    })
                }
                ("exec", Some(script)) => challenge::dns::Provider::Exec {
                    script: script.clone(),
                },
                ("exec", None) => return Err(Error::usage("--dns exec needs --dns-script SCRIPT")),
                ("manual", _) => challenge::dns::Provider::Manual,
                (other, _) => {
                    return Err(Error::usage(format!("unknown DNS provider '{other}'"))
                        .with_hint("use rfc2136, acme-dns, exec or manual"));
                }
            };
            let servers = check_servers
                .iter()
                .map(|s| challenge::dns::parse_server(s))
                .collect::<Result<Vec<_>, _>>()?;
            let events = ctx.events.clone();
            let progress: challenge::dns::Progress =
                Arc::new(move |record: &str, servers: &[String]| {
                    events.send(Event::DnsPending {
                        record: record.to_owned(),
                        servers: servers.to_vec(),
                    });
                });
            Arc::new(challenge::dns::Dns01::new(
                provider,
                servers,
                Duration::from_secs(timeout_secs.unwrap_or(120)),
                Duration::from_secs(extra_wait_secs.unwrap_or(0)),
                progress,
            )?) as Arc<dyn Solver>
        }
        ChallengeSpec::Http01Standalone { listen } => {
            Arc::new(challenge::Standalone::bind(listen).await?) as Arc<dyn Solver>
        }
        ChallengeSpec::Http01Webroot { path } => Arc::new(challenge::Webroot::new(path)?),
        ChallengeSpec::TlsAlpn01Standalone { listen } => {
            Arc::new(challenge::TlsAlpnStandalone::bind(listen).await?)
        }
    })
}

async fn account_for(
    ctx: &Context,
    req: &ObtainRequest,
    ca_url: &str,
) -> Result<(AccountRecord, AcmeAccount), Error> {
    if let Some(record) = account::lookup_account(ctx, req.account.as_deref(), Some(ca_url))? {
        let acme = login(ctx, &record).await?;
        return Ok((record, acme));
    }
    let Some((agree_tos, emails)) = req
        .register_if_missing
        .clone()
        .filter(|(agreed, _)| *agreed || req.dry_run)
    else {
        return Err(Error::usage(format!("no account is registered with '{ca_url}'"))
            .with_hint(format!("register one with 'certkeep account register --ca {} --email you@example.org --agree-tos', or add --agree-tos --email ... to this command", req.ca)));
    };
    if req.dry_run {
        // A dry run on staging must not leave an account behind: register a throwaway one.
        let ca = ctx.ca(ca_url)?;
        let (acme, registered) = ca.register(&account::contacts(&emails)?, None).await?;
        let record = AccountRecord {
            name: "dry-run".into(),
            ca: ca_url.to_owned(),
            url: registered.url,
            contact: Vec::new(),
            status: "valid".into(),
            eab_kid: None,
            key_thumbprint: registered.thumbprint,
            created: ctx.clock.now(),
            key_changed: None,
        };
        return Ok((record, acme));
    }
    let request = account::RegisterRequest {
        ca: ca_url.to_owned(),
        name: Some(
            req.account
                .clone()
                .unwrap_or_else(|| DEFAULT_ACCOUNT.to_owned()),
        ),
        emails,
        agree_tos,
        eab_kid: None,
        eab_hmac: None,
        replace: false,
    };
    account::register_locked(ctx, request).await?;
    let record = find_account(ctx, req.account.as_deref(), Some(ca_url))?;
    let acme = login(ctx, &record).await?;
    Ok((record, acme))
}

/// Obtains a certificate and stores it (or, with `dry_run`, only proves it could), running the
/// request's pre, deploy or failure, and post hooks around it (none on a dry run).
pub async fn obtain(ctx: &Context, req: ObtainRequest) -> Result<ObtainReport, Error> {
    let plan = plan(&req)?;
    // The lock before the listener: a second obtain on the same port then waits for the lock
    // (--wait-lock) or exits "locked", instead of failing to bind.
    let _lock = if req.dry_run { None } else { Some(ctx.lock()?) };
    // Under the lock, so that two identical obtains run one after the other issue once.
    let wanted = super::obtain_plan::Wanted {
        name: &plan.name,
        identifiers: &plan.identifiers,
        ca_url: &plan.ca_url,
        csr_pem: plan.csr.as_ref().map(|(_, pem)| pem.as_str()),
    };
    let changes = match super::obtain_plan::check(ctx, &req, &wanted) {
        super::obtain_plan::Check::Unchanged(report) => return Ok(*report),
        super::obtain_plan::Check::Issue(changes) => changes,
    };
    let solver = build_solver(ctx, &req.challenge).await?;
    let hooks = if req.dry_run {
        Hooks::default()
    } else {
        req.hooks.clone()
    };
    let names = vec![plan.name.to_string()];
    let stub = HookCert {
        name: plan.name.to_string(),
        identifiers: plan.identifiers.iter().map(ToString::to_string).collect(),
        ..HookCert::default()
    };
    let mut outcomes = run_stage(
        ctx,
        Stage::Pre,
        &hooks.pre,
        &HookContext::new(Stage::Pre, vec![stub.clone()], vec![]),
    )
    .await;
    let result = obtain_planned(ctx, &req, &plan, solver)
        .await
        .map(|report| super::obtain_plan::finish(ctx, report, changes));
    // The dropped solver's listener task ends at the next scheduling point: let it, so the port
    // is free before the lock is (a waiting obtain binds it next).
    tokio::task::yield_now().await;
    let (renewed, failed) = match &result {
        Ok(report) => {
            let cert = hook_cert(ctx, report);
            for hook in &hooks.deploy {
                outcomes.extend(run_deploy_tracked(ctx, hook, std::slice::from_ref(&cert)).await);
            }
            (vec![cert], vec![])
        }
        Err(err) => {
            let cert = HookCert {
                error: Some(err.to_string()),
                ..stub
            };
            outcomes.extend(
                run_stage(
                    ctx,
                    Stage::Failure,
                    &hooks.failure,
                    &HookContext::new(Stage::Failure, vec![cert], names.clone()),
                )
                .await,
            );
            (vec![], names)
        }
    };
    outcomes.extend(
        run_stage(
            ctx,
            Stage::Post,
            &hooks.post,
            &HookContext::new(Stage::Post, renewed, failed),
        )
        .await,
    );
    let report = result?;
    match hook_failure(&outcomes) {
        Some(err) => Err(err.context(format!(
            "certificate '{}' was stored as version {}, but a hook failed",
            report.name,
            report.version.unwrap_or(0)
        ))),
        None => Ok(report),
    }
}

/// Issues for an existing lineage under a lock the caller holds, with a solver the caller
/// shares between lineages; runs no hooks (the renewal run orchestrates them).
pub(super) async fn issue_for_lineage(
    ctx: &Context,
    req: &ObtainRequest,
    solver: Arc<dyn Solver>,
) -> Result<ObtainReport, Error> {
    // A renewal queued behind others does not start once the run is cancelled.
    ctx.cancel.check()?;
    let plan = plan(req)?;
    obtain_planned(ctx, req, &plan, solver).await
}

/// The ACME request for an existing lineage, as its spec says.
pub(super) fn request_from_spec(
    spec: &CertSpec,
    csr_path: PathBuf,
    dry_run: bool,
) -> ObtainRequest {
    ObtainRequest {
        domains: spec.identifiers.iter().map(ToString::to_string).collect(),
        name: Some(spec.name.to_string()),
        ca: spec.ca.clone(),
        account: Some(spec.account.clone()),
        key_type: spec.key_type,
        csr: spec.use_csr.then_some(csr_path),
        profile: spec.profile.clone(),
        preferred_chain: spec.preferred_chain.clone(),
        challenge: spec.challenge.clone(),
        dry_run,
        // A dry run on a preset's staging twin may need a throwaway staging account.
        register_if_missing: dry_run.then(|| (false, Vec::new())),
        hooks: spec.hooks.clone(),
        renewal: spec.renewal,
        replaces: None,
        force: false,
    }
}

async fn obtain_planned(
    ctx: &Context,
    req: &ObtainRequest,
    plan: &Plan,
    solver: Arc<dyn Solver>,
) -> Result<ObtainReport, Error> {
    let (record, account) = account_for(ctx, req, &plan.ca_url).await?;
    if let Some((csr, _)) = &plan.csr {
        refuse_account_key(ctx, &record, &csr.spki)?;
    }
    if let Some(profile) = &req.profile {
        let offered = account.profiles();
        if !offered.is_empty() && !offered.contains(profile) {
            return Err(
                Error::usage(format!("the CA does not offer the profile '{profile}'"))
                    .with_hint(format!("offered: {}", offered.join(", "))),
            );
        }
    }
    let lineage = ctx.store.lineage(&plan.name);
    // A failed obtain puts the spec back as it was: a typo'd name must not linger as a
    // lineage that later renewal runs keep failing on.
    let previous_spec = if req.dry_run || !lineage.exists() {
        None
    } else {
        Some(lineage.load_spec()?)
    };
    // Only a directory this run makes is removed again on failure: one that was there without
    // a spec (damaged) keeps what it holds.
    let made_dir = !lineage.present();
    let undo = || match &previous_spec {
        Some(spec) => lineage.save_spec(spec),
        None if made_dir => lineage.delete(),
        None => lineage.remove_spec(),
    };
    if !req.dry_run {
        let spec = CertSpec {
            name: plan.name.clone(),
            identifiers: plan.identifiers.clone(),
            key_type: req.key_type,
            ca: plan.ca_url.clone(),
            account: record.name.clone(),
            challenge: match &req.challenge {
                ChallengeSpec::Http01Webroot { path } => ChallengeSpec::Http01Webroot {
                    path: std::path::absolute(path).unwrap_or_else(|_| path.clone()),
                },
                other => other.clone(),
            },
            profile: req.profile.clone(),
            preferred_chain: req.preferred_chain.clone(),
            use_csr: plan.csr.is_some(),
            hooks: req.hooks.clone(),
            renewal: req.renewal,
            created: previous_spec
                .as_ref()
                .map_or_else(|| ctx.clock.now(), |s| s.created),
        };
        let saved = plan
            .csr
            .as_ref()
            .map_or(Ok(()), |(_, pem)| lineage.save_csr(pem))
            .and_then(|()| lineage.save_spec(&spec));
        if let Err(err) = saved {
            // A full disk must not leave a half-made certificate directory behind.
            let _ = undo();
            return Err(err.into());
        }
    }
    let result = obtain_with_spec(ctx, req, plan, &record, &account, solver.as_ref())
        .await
        .map_err(|err| account::if_forgotten(err, &record));
    if let Err(err) = &result
        && !req.dry_run
    {
        // A journaled order is only worth keeping when the CA may still finish it (a timeout,
        // an interruption); after a refusal or failed validation the store goes back to how it
        // was.
        if !(err.kind == Kind::Transient || err.kind.is_cancellation()) {
            let _ = ctx.store.journal_clear(&plan.name);
        }
        if let Err(err) = undo() {
            ctx.events.warn(format!(
                "could not restore the store entry of '{}': {err}",
                plan.name
            ));
        }
    }
    result
}

/// The certificate key for this attempt: a journaled one when an interrupted run left it (so
/// the journaled order's CSR still matches), else a fresh one; `None` for a CSR lineage. The
/// key and the attempt are journaled before anything is sent. Returns the journaled order URL
/// to resume, if any. Dry runs neither read nor write the journal.
async fn prepare_key(
    ctx: &Context,
    req: &ObtainRequest,
    plan: &Plan,
) -> Result<(Option<keys::CertKey>, Option<String>), Error> {
    let journaled = if req.dry_run {
        None
    } else {
        ctx.store.journal_load(&plan.name).unwrap_or(None)
    };
    let journaled = journaled
        .filter(|(entry, _)| entry.ca == plan.ca_url && entry.identifiers == plan.identifiers);
    let resume_url = journaled
        .as_ref()
        .and_then(|(entry, _)| entry.order_url.clone());
    let journaled_key = journaled
        .as_ref()
        .and_then(|(_, key)| key.as_deref())
        .and_then(|pem| {
            let pair = rcgen::KeyPair::from_pem(pem).ok()?;
            Some(keys::CertKey {
                pair,
                pem: pem.to_owned(),
            })
        });
    let key = match (&plan.csr, journaled_key) {
        (Some(_), _) => None,
        (None, Some(key)) => Some(key),
        (None, None) => {
            let spec = req.key_type;
            Some(
                tokio::task::spawn_blocking(move || keys::generate(spec))
                    .await
                    .map_err(|e| Error::internal("key generation stopped").caused_by(e))??,
            )
        }
    };
    if !req.dry_run {
        let entry = JournalEntry {
            ca: plan.ca_url.clone(),
            identifiers: plan.identifiers.clone(),
            order_url: resume_url.clone(),
            started: ctx.clock.now(),
        };
        ctx.store
            .journal_begin(&plan.name, &entry, key.as_ref().map(|k| k.pem.as_str()))?;
        failpoint::hit("after-key");
    }
    Ok((key, resume_url))
}

/// Stores the checked certificate as a new version (or recognizes it as already stored by a
/// killed run) and clears the journal; returns the version and its paths.
fn store_issued(
    ctx: &Context,
    plan: &Plan,
    key: Option<&keys::CertKey>,
    checked: &CheckedChain,
    meta: &mut CertRecord,
    resumed: bool,
) -> Result<(u32, Paths), Error> {
    let lineage = ctx.store.lineage(&plan.name);
    if resumed
        && let Ok(Some(current)) = lineage.current_record()
        && current.serial == checked.serial
    {
        ctx.store.journal_clear(&plan.name)?;
        return Ok((
            current.version,
            paths_of(&lineage.current_files(key.is_some())),
        ));
    }
    let files = NewVersion {
        cert: &checked.cert,
        chain: &checked.chain,
        fullchain: &checked.fullchain,
        privkey: key.map(|k| k.pem.as_str()),
    };
    lineage.write_version(&files, meta)?;
    ctx.events.send(Event::Stored {
        version: meta.version,
    });
    // Stored: the attempt is over. Should clearing fail, the next run finds the same serial
    // already current and stores nothing twice.
    if let Err(err) = ctx.store.journal_clear(&plan.name) {
        ctx.events.warn(format!(
            "could not clear the order journal of '{}': {err}",
            plan.name
        ));
    }
    // Paths under `current/`, which stay valid across renewals (what a server config names).
    Ok((
        meta.version,
        paths_of(&lineage.current_files(key.is_some())),
    ))
}

async fn obtain_with_spec(
    ctx: &Context,
    req: &ObtainRequest,
    plan: &Plan,
    record: &AccountRecord,
    account: &AcmeAccount,
    solver: &dyn Solver,
) -> Result<ObtainReport, Error> {
    let (key, resume_url) = prepare_key(ctx, req, plan).await?;
    let (csr_der, spki) = match (&plan.csr, &key) {
        (Some((info, _)), _) => (info.der.clone(), info.spki.clone()),
        (None, Some(key)) => (
            keys::csr_der(&plan.identifiers, &key.pair)?,
            keys::spki_der(&key.pair),
        ),
        (None, None) => unreachable!("a key is generated whenever there is no CSR"),
    };
    let job = Issue {
        ctx,
        account,
        plan,
        req,
        solver,
        csr_der: &csr_der,
        spki: &spki,
        resume_url: resume_url.as_deref(),
    };
    let (order_url, checked) = issue(&job).await?;
    failpoint::hit("after-download");
    let key_type = match &plan.csr {
        Some((info, _)) => info.key_type,
        None => Some(req.key_type),
    };
    let (version, paths) = if req.dry_run {
        (None, None)
    } else {
        let mut meta = CertRecord {
            version: 0,
            serial: checked.serial.clone(),
            identifiers: plan.identifiers.clone(),
            not_before: checked.not_before,
            not_after: checked.not_after,
            issuer: checked.issuer.clone(),
            key_type,
            issued_at: ctx.clock.now(),
            order_url: Some(order_url.clone()),
            ca: plan.ca_url.clone(),
        };
        let (version, paths) = store_issued(
            ctx,
            plan,
            key.as_ref(),
            &checked,
            &mut meta,
            resume_url.is_some(),
        )?;
        (Some(version), Some(paths))
    };
    Ok(ObtainReport {
        name: plan.name.to_string(),
        identifiers: plan.identifiers.iter().map(ToString::to_string).collect(),
        serial: checked.serial,
        not_before: checked.not_before,
        not_after: checked.not_after,
        issuer: checked.issuer,
        key_type,
        version,
        ca: plan.ca_url.clone(),
        account: record.name.clone(),
        order_url,
        paths,
        dry_run: req.dry_run,
        issued: true,
        changes: Vec::new(),
        next_renewal: None,
        warnings: Vec::new(),
    })
}

/// A certificate must never share the account's key (a leaked server key would then also
/// hand over the account).
fn refuse_account_key(ctx: &Context, record: &AccountRecord, csr_spki: &[u8]) -> Result<(), Error> {
    let Ok((_, key_pem)) = ctx.store.load_account(&record.ca, &record.name) else {
        return Ok(());
    };
    let same = std::str::from_utf8(&key_pem)
        .ok()
        .and_then(|pem| rcgen::KeyPair::from_pem(pem).ok())
        .is_some_and(|pair| keys::spki_der(&pair) == csr_spki);
    if same {
        return Err(Error::usage("the CSR uses the ACME account's key")
            .with_hint("make a separate key for the certificate, e.g. 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256'"));
    }
    Ok(())
}

pub(super) fn paths_of(files: &VersionFiles) -> Paths {
    Paths {
        cert: files.cert.display().to_string(),
        chain: files.chain.display().to_string(),
        fullchain: files.fullchain.display().to_string(),
        privkey: files.privkey.as_ref().map(|p| p.display().to_string()),
    }
}

/// What one issuance needs, borrowed from `obtain`.
struct Issue<'a> {
    ctx: &'a Context,
    account: &'a AcmeAccount,
    plan: &'a Plan,
    req: &'a ObtainRequest,
    solver: &'a dyn Solver,
    csr_der: &'a [u8],
    spki: &'a [u8],
    /// A journaled order to pick up instead of placing a new one.
    resume_url: Option<&'a str>,
}

/// The ACME part, stopped by the context's cancellation token; every challenge answer that was
/// presented is removed again whatever happens (success, failure, cancellation).
async fn issue(job: &Issue<'_>) -> Result<(String, CheckedChain), Error> {
    let presented = std::sync::Mutex::new(Vec::new());
    let outcome = job
        .ctx
        .cancel
        .run(order_and_download(job, &presented))
        .await;
    let left = std::mem::take(
        &mut *presented
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    cleanup(job, &left).await;
    outcome
}

async fn cleanup(job: &Issue<'_>, responses: &[challenge::Response]) {
    for response in responses {
        if let Err(err) = job.solver.cleanup(response).await {
            job.ctx.events.send(Event::CleanupFailed {
                identifier: response.identifier.clone(),
                message: err.to_string(),
            });
        }
    }
}

/// The journaled order when the CA still holds it, else a new one (journaled at once).
async fn open_order(job: &Issue<'_>) -> Result<OrderSession, Error> {
    let Issue {
        ctx,
        account,
        plan,
        req,
        ..
    } = *job;
    if let Some(url) = job.resume_url
        && let Some(order) = account.resume_order(url).await
    {
        return Ok(order);
    }
    let order = account
        .new_order(
            &plan.identifiers,
            req.profile.as_deref(),
            req.replaces.as_deref(),
        )
        .await?;
    if !req.dry_run {
        let entry = JournalEntry {
            ca: plan.ca_url.clone(),
            identifiers: plan.identifiers.clone(),
            order_url: Some(order.url().to_owned()),
            started: ctx.clock.now(),
        };
        ctx.store.journal_write(&plan.name, &entry)?;
    }
    Ok(order)
}

/// Checks the default chain and, when the user prefers another root, the alternates; returns
/// the one to store.
async fn choose_chain(
    job: &Issue<'_>,
    order: &OrderSession,
    downloaded: &Downloaded,
) -> Result<CheckedChain, Error> {
    let Issue { ctx, plan, req, .. } = *job;
    let now = ctx.clock.now();
    let default_chain =
        validate::check_chain(&downloaded.default_chain, job.spki, &plan.identifiers, now)?;
    let leads_to = |chain: &CheckedChain, want: &str| {
        chain
            .chain_names
            .iter()
            .any(|n| n.eq_ignore_ascii_case(want))
    };
    let Some(want) = req
        .preferred_chain
        .as_deref()
        .filter(|want| !leads_to(&default_chain, want))
    else {
        return Ok(default_chain);
    };
    let mut chains = vec![default_chain];
    for url in &downloaded.alternates {
        let pem = order.download_alternate(url).await?;
        chains.push(validate::check_chain(
            &pem,
            job.spki,
            &plan.identifiers,
            now,
        )?);
    }
    if !chains.iter().any(|c| leads_to(c, want)) {
        ctx.events.warn(format!(
            "no chain from the CA leads to '{want}'; keeping the default chain"
        ));
    }
    validate::pick_chain(chains, Some(want)).ok_or_else(|| Error::internal("no chain"))
}

async fn order_and_download(
    job: &Issue<'_>,
    presented: &std::sync::Mutex<Vec<challenge::Response>>,
) -> Result<(String, CheckedChain), Error> {
    let Issue { ctx, solver, .. } = *job;
    let mut order = open_order(job).await?;
    failpoint::hit("after-order");
    let kind = match solver.kind() {
        "tls-alpn-01" => ChallengeType::TlsAlpn01,
        "dns-01" => ChallengeType::Dns01,
        _ => ChallengeType::Http01,
    };
    let tasks = order.challenges(kind).await?;
    ctx.events.send(Event::OrderCreated {
        url: order.url().to_owned(),
        pending: tasks.len(),
    });
    for task in &tasks {
        let response = challenge::Response {
            identifier: task.identifier.clone(),
            token: task.token.clone(),
            key_authorization: task.key_authorization.clone(),
        };
        // Recorded before presenting: a half-done present is cleaned up too.
        presented
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(response.clone());
        solver.present(&response).await?;
        ctx.events.send(Event::ChallengePresented {
            identifier: response.identifier.clone(),
            challenge: solver.kind().to_owned(),
        });
    }
    let all: Vec<challenge::Response> = presented
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    solver.settle(&all).await?;
    failpoint::hit("after-challenge");
    if !tasks.is_empty() {
        order.set_ready(&tasks).await?;
        ctx.events
            .send(Event::ValidationStarted { count: tasks.len() });
    }
    failpoint::hit("after-ready");
    let validated = order.wait_ready(ORDER_STEP_LIMIT).await;
    let done = std::mem::take(
        &mut *presented
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    cleanup(job, &done).await;
    validated?;
    ctx.events.send(Event::AuthorizationsValid);

    ctx.events.send(Event::Finalizing);
    let downloaded = order
        .finalize_and_download(job.csr_der, ORDER_STEP_LIMIT)
        .await?;
    let checked = choose_chain(job, &order, &downloaded).await?;
    ctx.events.send(Event::CertificateIssued {
        serial: checked.serial.clone(),
        not_after: checked.not_after,
    });
    Ok((order.url().to_owned(), checked))
}
