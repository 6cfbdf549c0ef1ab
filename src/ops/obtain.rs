//! `obtain`: from names (or a CSR) to a stored, checked certificate. Order of work: validate
//! all input ([`super::obtain_input`]), take the store lock and bind the challenge listener
//! (nothing sent yet) → the account ([`super::account_bootstrap`]) → save the spec, undone on
//! failure ([`super::spec_txn`]) → the ACME pipeline ([`super::issuance`]: key → order →
//! present every challenge → tell the CA → wait → finalize → download → check → store the
//! version and flip `current`). Every presented challenge is cleaned up whatever happens,
//! Ctrl-C included.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;

use super::Context;
use super::OpsError;
use super::account;
use super::account_bootstrap::{account_for, refuse_account_key};
use super::events::Event;
use super::hooks_run::{hook_cert, hook_failure, run_plan};
use super::issuance::obtain_with_spec;
use super::obtain_input::{Plan, plan};
use super::spec_txn::SpecTxn;
use crate::challenge::{self, Solver};
use crate::domain::{CertSpec, ChallengeSpec, Hooks, KeySpec, RenewalPolicy};
use crate::error::{Error, Kind};
use crate::hooks::HookCert;
use crate::hooks::plan::{self as hook_plan, Outcome, Subject};
use crate::store::VersionFiles;

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

/// Starts the solver for a challenge setting ([`challenge::from_spec`]), its progress and
/// warnings sent as events.
pub(super) async fn build_solver(
    ctx: &Context,
    spec: &ChallengeSpec,
) -> Result<Arc<dyn Solver>, Error> {
    let events = ctx.events.clone();
    let progress: challenge::dns::Progress = Arc::new(move |record: &str, servers: &[String]| {
        events.send(Event::DnsPending {
            record: record.to_owned(),
            servers: servers.to_vec(),
        });
    });
    let wiring = challenge::Wiring {
        store_root: ctx.store.root(),
        acme_dns_http: &|| super::dns::acme_dns_http(ctx),
        progress,
        warn: &|note| ctx.events.warn(note),
        vars: &ctx.settings.vars,
        dns_script_runner: &super::dns::script_runner(ctx),
        fleet_board: ctx
            .store
            .shares_http_challenges()
            .then(|| Arc::new(StoreBoard(ctx.store.clone())) as Arc<dyn challenge::ChallengeBoard>),
    };
    challenge::from_spec(spec, &wiring).await
}

/// The fleet store as the board of http-01 answers every node's responder serves; each row is
/// named after the identifier its token proves.
struct StoreBoard(Arc<dyn crate::store::Store>);

impl challenge::ChallengeBoard for StoreBoard {
    fn publish(&self, response: &challenge::Response) -> Result<(), Error> {
        Ok(self.0.publish_http_challenge(
            &response.identifier,
            &response.token,
            &response.key_authorization,
        )?)
    }
    fn withdraw(&self, response: &challenge::Response) -> Result<(), Error> {
        Ok(self.0.withdraw_http_challenge(&response.token)?)
    }
}

/// Obtains a certificate and stores it (or, with `dry_run`, only proves it could), running the
/// request's pre, deploy or failure, and post hooks around it (none on a dry run).
pub async fn obtain(ctx: &Context, req: ObtainRequest) -> Result<ObtainReport, Error> {
    let plan = plan(&req)?;
    let ctx = &ctx.for_cert(plan.name.as_str());
    ctx.start_blocking_pool();
    // The lock before the listener: a second obtain on the same port then waits for the lock
    // (--wait-lock) or exits "locked", instead of failing to bind.
    let _lock = if req.dry_run {
        None
    } else {
        Some(ctx.lock_or_stop().await?)
    };
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
    let stub = HookCert {
        name: plan.name.to_string(),
        identifiers: plan.identifiers.iter().map(ToString::to_string).collect(),
        ..HookCert::default()
    };
    let before = hook_plan::before(&[Subject {
        hooks: &hooks,
        outcome: Outcome::Issued,
    }]);
    let mut outcomes = run_plan(ctx, &before, std::slice::from_ref(&stub)).await;
    // Boxed: the issuance pipeline's state is large, and this future sits in every caller's.
    let result = Box::pin(obtain_planned(ctx, &req, &plan, solver))
        .await
        .map(|report| super::obtain_plan::finish(ctx, report, changes));
    // The dropped solver's listener task ends at the next scheduling point: let it, so the port
    // is free before the lock is (a waiting obtain binds it next).
    tokio::task::yield_now().await;
    let (outcome, cert) = match &result {
        Ok(report) => (Outcome::Issued, hook_cert(ctx, report)),
        Err(err) => (
            Outcome::Failed,
            HookCert {
                error: Some(err.to_string()),
                ..stub
            },
        ),
    };
    // Install targets saved by `install` get the new version before the deploy hooks run.
    let deployed = match &result {
        Ok(report) if report.issued && !req.dry_run => {
            super::deploy::deploy(ctx, std::slice::from_ref(&plan.name)).await
        }
        _ => super::deploy::DeployReport::default(),
    };
    let after = hook_plan::after(&[Subject {
        hooks: &hooks,
        outcome,
    }]);
    outcomes.extend(run_plan(ctx, &after, &[cert]).await);
    let report = result?;
    if let Some(err) = deployed.outcome() {
        return Err(err.context(format!(
            "certificate '{}' was stored as version {}, but deploying it failed",
            report.name,
            report.version.unwrap_or(0)
        )));
    }
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
            return Err(OpsError::ProfileNotOffered {
                profile: profile.clone(),
                offered: offered.join(", "),
            }
            .into());
        }
    }
    let txn = if req.dry_run {
        None
    } else {
        let txn = SpecTxn::begin(ctx.store.lineage(&plan.name))?;
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
            // Install targets are the `install` command's: obtaining again keeps them.
            install: txn
                .previous()
                .map(|s| s.install.clone())
                .unwrap_or_default(),
            created: txn
                .previous()
                .map_or_else(|| ctx.clock.now(), |s| s.created),
        };
        Some(txn.save(&spec, plan.csr.as_ref().map(|(_, pem)| pem.as_str()))?)
    };
    let result = obtain_with_spec(ctx, req, plan, &record, &account, solver.as_ref())
        .await
        .map_err(|err| account::if_forgotten(err, &record));
    let Some(txn) = txn else {
        return result;
    };
    match &result {
        Ok(_) => txn.commit(),
        Err(err) => {
            // A journaled order is only worth keeping when the CA may still finish it (a
            // timeout, an interruption); after a refusal or failed validation the store goes
            // back to how it was.
            if !(err.kind == Kind::Transient || err.kind.is_cancellation()) {
                let _ = ctx.store.journal_clear(&plan.name);
            }
            if let Err(err) = txn.rollback() {
                ctx.events.warn(format!(
                    "could not restore the store entry of '{}': {err}",
                    plan.name
                ));
            }
        }
    }
    result
}

pub(super) fn paths_of(files: &VersionFiles) -> Paths {
    Paths {
        cert: files.cert.display().to_string(),
        chain: files.chain.display().to_string(),
        fullchain: files.fullchain.display().to_string(),
        privkey: files.privkey.as_ref().map(|p| p.display().to_string()),
    }
}
