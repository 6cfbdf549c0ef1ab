//! `renew`: renews every certificate that is due (or the named ones; `--force` renews them
//! regardless), concurrently up to a limit, under the store lock so cron, the daemon and a
//! human never renew the same certificate twice. Hooks: pre once before the first order, deploy
//! per renewed certificate (identical deploy hooks of several certificates run once), failure per
//! failed certificate, post once after the run. Deploy hooks that failed earlier are retried
//! without a new order. Failures go to each lineage's ledger, so later runs back off.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;

use super::Context;
use super::events::Event;
use super::hooks_run::{hook_cert, hook_failure, run_plan, run_stage};
use super::obtain::{ObtainReport, issue_for_lineage, request_from_spec};
use crate::challenge::Solver;
use crate::domain::{CertName, CertRecord, CertSpec, ChallengeSpec, HookSpec, Hooks};
use crate::error::{Error, Kind};
use crate::hooks::plan::{self as hook_plan, Outcome, Subject};
use crate::hooks::{HookCert, HookContext, HookOutcome, Stage};
use crate::renewal::{self, Decision, LineageState, Validity};
use crate::store::{Damage, LineageEntry};

/// Default number of orders in flight at once.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// What `renew` needs.
#[derive(Debug, Clone)]
pub struct RenewRequest {
    /// Only these lineages (all when empty).
    pub names: Vec<String>,
    /// Renew even when not due.
    pub force: bool,
    /// Against staging, storing nothing and running no deploy hook.
    pub dry_run: bool,
    /// Wait a random time up to this before the first order (cron jitter).
    pub max_delay: Duration,
    /// Orders in flight at once.
    pub concurrency: usize,
}

/// A renewed certificate.
#[derive(Debug, Clone, Serialize)]
pub struct Renewed {
    /// Lineage.
    pub name: String,
    /// New serial.
    pub serial: String,
    /// New expiry.
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    /// New version (`null` on a dry run).
    pub version: Option<u32>,
}

/// A certificate that could not be renewed (or read).
#[derive(Debug, Clone, Serialize)]
pub struct Failed {
    /// Lineage.
    pub name: String,
    /// The error kind (as JSON `error.kind`).
    pub kind: Kind,
    /// What went wrong.
    pub message: String,
    /// The CA's Retry-After, if any.
    #[serde(with = "time::serde::rfc3339::option")]
    pub retry_after: Option<OffsetDateTime>,
}

/// A certificate left alone.
#[derive(Debug, Clone, Serialize)]
pub struct NotDue {
    /// Lineage.
    pub name: String,
    /// When it is next looked at.
    #[serde(with = "time::serde::rfc3339")]
    pub next: OffsetDateTime,
    /// Why.
    pub reason: String,
    /// True when waiting because of earlier failures or the CA's Retry-After.
    pub backing_off: bool,
}

/// `renew`'s report.
#[derive(Debug, Clone, Serialize)]
pub struct RenewReport {
    /// Renewed in this run.
    pub renewed: Vec<Renewed>,
    /// Failed in this run (damaged lineages included).
    pub failed: Vec<Failed>,
    /// Not due.
    pub not_due: Vec<NotDue>,
    /// Left alone: revoked as `cessationOfOperation` (renewed only with `--force`).
    pub retired: Vec<String>,
    /// Hooks that failed, with why.
    pub hooks_failed: Vec<String>,
    /// True for `--dry-run`.
    pub dry_run: bool,
}

impl RenewReport {
    /// The error that decides the exit code, if the run was not wholly fine: `partial_failure`
    /// when some renewed and some failed, the failure's own kind when all failed, `hook_failed`
    /// when only hooks failed.
    pub fn outcome(&self) -> Option<Error> {
        if let Some(first) = self.failed.first() {
            let names: Vec<&str> = self.failed.iter().map(|f| f.name.as_str()).collect();
            let kind = if self.renewed.is_empty() {
                first.kind
            } else {
                Kind::PartialFailure
            };
            let mut err = Error::new(
                kind,
                format!(
                    "could not renew {}",
                    names
                        .iter()
                        .map(|n| format!("'{n}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            for failed in &self.failed {
                err = err.caused_by(format!("{}: {}", failed.name, failed.message));
            }
            err.retry_after = self.failed.iter().filter_map(|f| f.retry_after).max();
            return Some(err.with_hint("'certkeep status' shows each certificate's failures and when it will be tried again"));
        }
        if !self.hooks_failed.is_empty() {
            let mut err = Error::new(
                Kind::HookFailed,
                "certificates were stored, but hooks failed",
            );
            for hook in &self.hooks_failed {
                err = err.caused_by(hook);
            }
            return Some(err.with_hint(
                "fix the hook, then run 'certkeep hooks test NAME'; the next run retries it",
            ));
        }
        None
    }
}

/// One lineage with what [`renewal::decide`] said about it.
pub struct Planned {
    /// The spec.
    pub spec: CertSpec,
    /// The state.
    pub state: LineageState,
    /// The decision.
    pub decision: Decision,
    /// The current version's record, read with the spec and state (`None`: nothing issued).
    pub current: Option<CertRecord>,
}

/// Reads every lineage (or the named ones) and decides about each; damaged ones come back as
/// such, never planned. Shared by `renew`, `status` and the daemon.
pub fn plan_all(
    ctx: &Context,
    names: &[String],
    force: bool,
    now: OffsetDateTime,
) -> Result<(Vec<Planned>, Vec<Damage>), Error> {
    let wanted = wanted_lineages(ctx, names)?;
    Ok(plan_entries(
        ctx,
        ctx.store.list_lineages(),
        &wanted,
        force,
        now,
    ))
}

/// The lineages `names` asks for (all when empty), each checked to exist.
fn wanted_lineages(ctx: &Context, names: &[String]) -> Result<Vec<CertName>, Error> {
    let wanted: Vec<CertName> = names
        .iter()
        .map(|n| {
            n.parse::<CertName>()
                .map_err(|e| Error::usage(e.to_string()))
        })
        .collect::<Result<_, _>>()?;
    for name in &wanted {
        if !ctx.store.lineage(name).exists() {
            return Err(crate::store::StoreError::NotFound {
                what: "certificate",
                name: name.to_string(),
            }
            .into());
        }
    }
    Ok(wanted)
}

/// Decides about each of `entries` that is `wanted` (all when empty).
fn plan_entries(
    ctx: &Context,
    entries: Vec<LineageEntry>,
    wanted: &[CertName],
    force: bool,
    now: OffsetDateTime,
) -> (Vec<Planned>, Vec<Damage>) {
    let mut planned = Vec::new();
    let mut damaged = Vec::new();
    for entry in entries {
        if !wanted.is_empty() && !wanted.iter().any(|w| w.as_str() == entry.name) {
            continue;
        }
        // The listing saw whether a journal is there: only then is it read.
        let journaled = matches!(entry.journal, Ok(true));
        match entry.healthy() {
            Ok((spec, state, current)) => {
                let interrupted =
                    journaled && ctx.store.journal_load(&spec.name).ok().flatten().is_some();
                let decision = renewal::decide(&renewal::Inputs {
                    now,
                    current: current.as_ref().map(validity_of),
                    policy: spec.renewal,
                    ari: state.ari.as_ref(),
                    failures: &state.failures,
                    revocation: current
                        .as_ref()
                        .and_then(|c| state.revocation_of(&c.serial)),
                    force,
                    interrupted,
                });
                planned.push(Planned {
                    spec,
                    state,
                    decision,
                    current,
                });
            }
            Err(damage) => damaged.push(damage),
        }
    }
    (planned, damaged)
}

/// The validity [`renewal::decide`] looks at, from a stored version's record.
pub(super) fn validity_of(record: &CertRecord) -> Validity {
    Validity {
        not_before: record.not_before,
        not_after: record.not_after,
        issued_at: record.issued_at,
    }
}

/// Renews what is due.
pub async fn renew(ctx: &Context, req: RenewRequest) -> Result<RenewReport, Error> {
    // The cron jitter happens before the lock is taken, so a sleeping run never blocks the
    // daemon or a human; the plan is made again under the lock.
    if !req.max_delay.is_zero() {
        let (planned, _) = plan_all(ctx, &req.names, req.force, ctx.clock.now())?;
        if planned.iter().any(|p| p.decision.is_due()) {
            ctx.cancel.run(random_delay(ctx, req.max_delay)).await?;
        }
    }
    ctx.cancel.check()?;
    let _lock = if req.dry_run {
        None
    } else {
        Some(ctx.lock_or_stop().await?)
    };
    let now = ctx.clock.now();
    let wanted = wanted_lineages(ctx, &req.names)?;
    // One listing serves the ARI refresh and the plan, unless the refresh wrote states: then
    // the store is listed again, which also brings its index up to date for the next command.
    let mut entries = ctx.store.list_lineages();
    if !req.dry_run && super::ari::refresh(ctx, &entries, &req.names, now).await {
        entries = ctx.store.list_lineages();
    }
    let (planned, damaged) = plan_entries(ctx, entries, &wanted, req.force, now);
    let mut report = RenewReport {
        renewed: Vec::new(),
        failed: damaged
            .into_iter()
            .map(|damage| Failed {
                kind: Kind::Storage,
                message: format!("damaged: {damage}"),
                name: damage.name,
                retry_after: None,
            })
            .collect(),
        not_due: Vec::new(),
        retired: Vec::new(),
        hooks_failed: Vec::new(),
        dry_run: req.dry_run,
    };
    let mut due = Vec::new();
    let mut hook_retries = Vec::new();
    for item in planned {
        match &item.decision {
            Decision::RenewNow { reason } => {
                ctx.events.send(Event::Renewing {
                    name: item.spec.name.to_string(),
                    reason: reason.clone(),
                });
                due.push(item);
            }
            Decision::NotDue { until, reason } | Decision::BackingOff { until, reason } => {
                if !item.state.pending_hooks.is_empty() && !req.dry_run {
                    hook_retries.push(item.spec.clone());
                }
                report.not_due.push(NotDue {
                    name: item.spec.name.to_string(),
                    next: *until,
                    reason: reason.clone(),
                    backing_off: matches!(item.decision, Decision::BackingOff { .. }),
                });
            }
            Decision::Retired { .. } => report.retired.push(item.spec.name.to_string()),
        }
    }
    let mut outcomes = retry_deploy_hooks(ctx, &hook_retries).await;
    if !due.is_empty() {
        outcomes.extend(renew_due(ctx, &req, due, &mut report).await);
    }
    report.hooks_failed = hook_failure(&outcomes)
        .map(|e| e.causes)
        .unwrap_or_default();
    Ok(report)
}

async fn random_delay(ctx: &Context, max: Duration) -> Result<(), Error> {
    let random = getrandom::u64().map_err(|e| {
        Error::internal("could not draw the random delay before renewing")
            .caused_by(e)
            .with_hint("the OS random source failed; --no-random-delay skips the delay")
    })?;
    let millis = random % u64::try_from(max.as_millis()).unwrap_or(u64::MAX).max(1);
    let wait = Duration::from_millis(millis);
    ctx.events.send(Event::Waiting {
        seconds: wait.as_secs(),
        reason: "random delay, so not every host asks the CA at the same moment (--no-random-delay skips it)".into(),
    });
    tokio::time::sleep(wait).await;
    Ok(())
}

async fn solvers_for(
    ctx: &Context,
    due: &[Planned],
) -> HashMap<ChallengeSpec, Result<Arc<dyn Solver>, Error>> {
    let mut solvers = HashMap::new();
    for item in due {
        let key = item.spec.challenge.clone();
        if solvers.contains_key(&key) {
            continue;
        }
        let solver = super::obtain::build_solver(ctx, &key).await;
        solvers.insert(key, solver);
    }
    solvers
}

type Joined = (Planned, Result<ObtainReport, Error>);

async fn renew_due(
    ctx: &Context,
    req: &RenewRequest,
    due: Vec<Planned>,
    report: &mut RenewReport,
) -> Vec<HookOutcome> {
    // Dry runs run no hooks: their subjects carry none.
    let none = Hooks::default();
    let hooks_of = |spec: &CertSpec| -> Hooks {
        if req.dry_run {
            none.clone()
        } else {
            spec.hooks.clone()
        }
    };
    let pre_hooks: Vec<Hooks> = due.iter().map(|p| hooks_of(&p.spec)).collect();
    let pre_subjects: Vec<Subject<'_>> = pre_hooks
        .iter()
        .map(|hooks| Subject {
            hooks,
            outcome: Outcome::Issued,
        })
        .collect();
    let stubs: Vec<HookCert> = due.iter().map(|p| stub(&p.spec)).collect();
    let mut outcomes = run_plan(ctx, &hook_plan::before(&pre_subjects), &stubs).await;

    // Damaged lineages are already reported failed: post hooks name them too.
    let mut ended: Vec<(Hooks, Outcome, HookCert)> = report
        .failed
        .iter()
        .map(|f| {
            let cert = HookCert {
                name: f.name.clone(),
                ..HookCert::default()
            };
            (none.clone(), Outcome::Stopped, cert)
        })
        .collect();
    let mut tasks = spawn_orders(ctx, req, due).await;
    while let Some(joined) = tasks.join_next().await {
        let Ok((item, result)) = joined else { continue };
        let hooks = hooks_of(&item.spec);
        let (outcome, cert) = record(ctx, req, item, result, report);
        ended.push((hooks, outcome, cert));
    }
    // Completion order is arbitrary; hooks and reports list certificates by name.
    ended.sort_by(|a, b| a.2.name.cmp(&b.2.name));
    report.renewed.sort_by(|a, b| a.name.cmp(&b.name));
    report.failed.sort_by(|a, b| a.name.cmp(&b.name));
    let subjects: Vec<Subject<'_>> = ended
        .iter()
        .map(|(hooks, outcome, _)| Subject {
            hooks,
            outcome: *outcome,
        })
        .collect();
    let certs: Vec<HookCert> = ended.iter().map(|(_, _, cert)| cert.clone()).collect();
    outcomes.extend(run_plan(ctx, &hook_plan::after(&subjects), &certs).await);
    outcomes
}

/// Starts one order per due lineage, at most `concurrency` at a time; lineages sharing a
/// challenge listener share one solver.
async fn spawn_orders(
    ctx: &Context,
    req: &RenewRequest,
    due: Vec<Planned>,
) -> tokio::task::JoinSet<Joined> {
    let solvers = solvers_for(ctx, &due).await;
    let limit = Arc::new(tokio::sync::Semaphore::new(req.concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for item in due {
        let solver = match solvers.get(&item.spec.challenge) {
            Some(Ok(solver)) => solver.clone(),
            Some(Err(err)) => {
                tasks.spawn(std::future::ready((item, Err(err.clone()))));
                continue;
            }
            None => continue,
        };
        let (ctx, limit, dry_run) = (ctx.clone(), limit.clone(), req.dry_run);
        tasks.spawn(async move {
            let _permit = limit.acquire_owned().await;
            let lineage = ctx.store.lineage(&item.spec.name);
            let mut request = request_from_spec(&item.spec, lineage.csr_path(), dry_run);
            if item.state.ari.is_some() {
                // The CA speaks ARI: name the certificate this order replaces.
                request.replaces = lineage
                    .read_current_file("cert.pem")
                    .ok()
                    .and_then(|pem| crate::acme::validate::certificates_from_pem(&pem).ok())
                    .and_then(|ders| ders.into_iter().next());
            }
            let result = issue_for_lineage(&ctx, &request, solver).await;
            (item, result)
        });
    }
    tasks
}

/// Records one lineage's outcome in its ledger and the report; returns how it ended and the
/// certificate as its hooks see it.
fn record(
    ctx: &Context,
    req: &RenewRequest,
    mut item: Planned,
    result: Result<ObtainReport, Error>,
    report: &mut RenewReport,
) -> (Outcome, HookCert) {
    let name = item.spec.name.to_string();
    let now = ctx.clock.now();
    item.state.last_attempt = Some(now);
    let ended = match result {
        Ok(obtained) => {
            item.state.issued(now);
            report.renewed.push(renewed_of(&obtained));
            (Outcome::Issued, hook_cert(ctx, &obtained))
        }
        Err(err) => {
            // An interruption says nothing about the CA or the host: no backoff for it.
            if !err.kind.is_cancellation() {
                item.state
                    .failures
                    .fail(now, err.to_string(), err.retry_after);
            }
            ctx.events.send(Event::RenewFailed {
                name: name.clone(),
                message: err.to_string(),
            });
            report.failed.push(Failed {
                name: name.clone(),
                kind: err.kind,
                message: err.to_string(),
                retry_after: err.retry_after,
            });
            // A run stopped by a signal did not fail: no failure hooks while stopping.
            let outcome = if err.kind.is_cancellation() {
                Outcome::Stopped
            } else {
                Outcome::Failed
            };
            let cert = HookCert {
                error: Some(err.to_string()),
                ..stub(&item.spec)
            };
            (outcome, cert)
        }
    };
    if !req.dry_run
        && let Err(err) = ctx.store.lineage(&item.spec.name).save_state(&item.state)
    {
        ctx.events.warn(format!(
            "could not save the renewal state of '{name}': {err}"
        ));
    }
    ended
}

fn stub(spec: &CertSpec) -> HookCert {
    HookCert {
        name: spec.name.to_string(),
        identifiers: spec.identifiers.iter().map(ToString::to_string).collect(),
        ..HookCert::default()
    }
}

fn renewed_of(report: &ObtainReport) -> Renewed {
    Renewed {
        name: report.name.clone(),
        serial: report.serial.clone(),
        not_after: report.not_after,
        version: report.version,
    }
}

/// Deploy hooks that failed after an earlier issuance run again (no new order); cleared when
/// they pass.
async fn retry_deploy_hooks(ctx: &Context, specs: &[CertSpec]) -> Vec<HookOutcome> {
    let mut outcomes = Vec::new();
    for spec in specs {
        let lineage = ctx.store.lineage(&spec.name);
        let Ok(mut state) = lineage.load_state() else {
            continue;
        };
        let Ok(Some(record)) = lineage.current_record() else {
            continue;
        };
        let files = lineage.current_files(!spec.use_csr);
        let cert = HookCert {
            lineage_dir: Some(lineage.dir().join("current")),
            cert: Some(files.cert),
            chain: Some(files.chain),
            fullchain: Some(files.fullchain),
            privkey: files.privkey,
            version: Some(record.version),
            serial: Some(record.serial.clone()),
            not_after: Some(crate::clock::rfc3339(record.not_after)),
            ..stub(spec)
        };
        let hooks: Vec<HookSpec> = spec
            .hooks
            .deploy
            .iter()
            .filter(|h| state.pending_hooks.iter().any(|p| p.is(h)))
            .cloned()
            .collect();
        let ran = run_stage(
            ctx,
            Stage::Deploy,
            &hooks,
            &HookContext::new(Stage::Deploy, vec![cert], Vec::new()),
        )
        .await;
        state.pending_hooks.retain(|pending| {
            hooks
                .iter()
                .zip(&ran)
                .any(|(hook, outcome)| pending.is(hook) && !outcome.ok())
        });
        let _ = lineage.save_state(&state);
        outcomes.extend(ran);
    }
    outcomes
}
