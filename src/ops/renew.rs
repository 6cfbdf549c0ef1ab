//! `renew`: renews every certificate that is due (or the named ones; `--force` renews them
//! regardless), concurrently up to a limit, under the store lock so cron, the daemon and a
//! human never renew the same certificate twice. Hooks: pre once before the first order, deploy
//! per renewed certificate (identical deploy hooks of several certificates run once), failure per
//! failed certificate, post once after the run. Deploy hooks that failed earlier are retried
//! without a new order. Failures go to each lineage's ledger, so later runs back off. The CAs'
//! renewal information is refreshed beside the orders already due ([`super::ari`]); the
//! lineages it makes due are ordered in a second wave ([`super::renew_orders`]).

use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;
use tokio::task::JoinSet;

use super::Context;
use super::OpsError;
use super::deploy::{self, DeployReport};
use super::events::Event;
use super::hooks_run::{hook_cert, hook_failure, run_stage};
use super::obtain::ObtainReport;
use crate::domain::{CertName, CertRecord, CertSpec, HookSpec};
use crate::error::{Detail, Error, Kind};
use crate::hooks::plan::Outcome;
use crate::hooks::{HookCert, HookContext, HookOutcome, Stage};
use crate::renewal::{self, Decision, LineageState, Validity};
use crate::store::{Damage, LineageEntry};

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
    /// How to fix it, when the code that failed knows.
    pub hint: Option<String>,
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

/// A certificate left to another node of the fleet: it holds the renewal lease, or it stored a
/// new version since this node read the certificate. Not a failure.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// Lineage.
    pub name: String,
    /// Which node, and why.
    pub reason: String,
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
    /// Due, but left to another node of the fleet (never on a single host).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
    /// Hooks that failed, with why.
    pub hooks_failed: Vec<String>,
    /// True for `--dry-run`.
    pub dry_run: bool,
    /// What was deployed to install targets (renewed certificates, and earlier deploys that
    /// failed).
    #[serde(skip_serializing_if = "DeployReport::is_empty")]
    pub deploy: DeployReport,
}

impl RenewReport {
    /// The error that decides the exit code, if the run was not wholly fine: `partial_failure`
    /// when some renewed and some failed, the failure's own kind when all failed, `hook_failed`
    /// when only hooks failed.
    pub fn outcome(&self) -> Option<Error> {
        if let Some(first) = self.failed.first() {
            let names: Vec<&str> = self.failed.iter().map(|f| f.name.as_str()).collect();
            let names = names
                .iter()
                .map(|n| format!("'{n}'"))
                .collect::<Vec<_>>()
                .join(", ");
            // One fix for every failure (an account they all use, say) is the run's help line;
            // otherwise each failure's own fix follows its line.
            let shared = self
                .failed
                .iter()
                .map(|f| f.hint.as_deref())
                .reduce(|a, b| if a == b { a } else { None })
                .flatten();
            let each =
                Detail::lines(
                    self.failed
                        .iter()
                        .map(|failed| match (&failed.hint, shared) {
                            (Some(hint), None) => {
                                format!("{}: {} (help: {hint})", failed.name, failed.message)
                            }
                            _ => format!("{}: {}", failed.name, failed.message),
                        }),
                );
            let retry_at = self.failed.iter().filter_map(|f| f.retry_after).max();
            let err = if self.renewed.is_empty() {
                OpsError::RenewFailed {
                    names,
                    first: first.kind,
                    retry_at,
                    each,
                }
            } else {
                OpsError::RenewPartlyFailed {
                    names,
                    retry_at,
                    each,
                }
            };
            let err = Error::from(err);
            return Some(match shared {
                Some(hint) => err.with_hint(hint),
                None => err,
            });
        }
        if !self.hooks_failed.is_empty() {
            let each = Detail::lines(self.hooks_failed.iter().map(ToString::to_string));
            return Some(OpsError::RenewHooksFailed { each }.into());
        }
        None
    }
}

/// A hint written for `obtain`'s flags, said for a stored certificate: its settings change
/// with `certkeep edit NAME`, not with flags to `renew`.
fn for_renewal(hint: &str, name: &str) -> String {
    let flags: Vec<&str> = [
        ("--webroot", "--webroot DIR"),
        ("--listen", "--listen ADDR"),
    ]
    .into_iter()
    .filter(|(flag, _)| hint.contains(flag))
    .map(|(_, usage)| usage)
    .collect();
    if flags.is_empty() {
        return hint.to_owned();
    }
    format!(
        "{hint} (this certificate's setting: change it with 'certkeep edit {name} {}')",
        flags
            .join("' or 'certkeep edit {name} ")
            .replace("{name}", name)
    )
}

/// One lineage with what [`renewal::decide`] said about it.
#[derive(Clone)]
pub struct Planned {
    /// The spec.
    pub spec: CertSpec,
    /// The state.
    pub state: LineageState,
    /// The decision.
    pub decision: Decision,
    /// The current version's record, read with the spec and state (`None`: nothing issued).
    pub current: Option<CertRecord>,
    /// An earlier run left an order in the journal (read with the rest, decided with it).
    pub interrupted: bool,
    /// Another fleet node took the renewal over (or holds it): this node's copy of the state
    /// is older than the holder's, and saving it would undo the holder's.
    pub superseded: bool,
}

impl Planned {
    /// Decides again with `state` (the planned one with the ARI refresh's answer applied),
    /// everything else as planned: the lineage need not be read again (ten thousand of them
    /// would be read and checked twice a run). One that comes out due is read again before it
    /// is ordered (`renew_orders::next_wave`).
    pub(super) fn decide_again(&mut self, state: LineageState, force: bool, now: OffsetDateTime) {
        self.state = state;
        self.decision = decide(
            &self.spec,
            &self.state,
            self.current.as_ref(),
            force,
            self.interrupted,
            now,
        );
    }
}

/// Reads every lineage (or the named ones) and decides about each; damaged ones come back as
/// such, never planned. Shared by `renew`, `status` and the daemon.
pub fn plan_all(
    ctx: &Context,
    names: &[String],
    force: bool,
    now: OffsetDateTime,
) -> Result<(Vec<Planned>, Vec<Damage>), Error> {
    let mut planned = Vec::new();
    let mut damaged = Vec::new();
    plan_each(ctx, names, force, now, &mut |item| match item {
        Ok(item) => planned.push(item),
        Err(damage) => damaged.push(damage),
    })?;
    Ok((planned, damaged))
}

/// As [`plan_all`], handing each lineage to `each` as it is read, so that a caller that keeps
/// less than the whole plan (`status`) never holds it all.
pub(super) fn plan_each(
    ctx: &Context,
    names: &[String],
    force: bool,
    now: OffsetDateTime,
    each: &mut dyn FnMut(Result<Planned, Damage>),
) -> Result<(), Error> {
    let wanted = wanted_lineages(ctx, names)?;
    ctx.store.for_each_lineage(&mut |entry| {
        if wanted.is_empty() || wanted.iter().any(|w| w.as_str() == entry.name) {
            each(plan_entry(ctx, entry, force, now));
        }
    });
    Ok(())
}

/// The lineages `names` asks for (all when empty), each checked to exist.
fn wanted_lineages(ctx: &Context, names: &[String]) -> Result<Vec<CertName>, Error> {
    let wanted: Vec<CertName> = names
        .iter()
        .map(|n| n.parse::<CertName>().map_err(Error::from))
        .collect::<Result<_, _>>()?;
    for name in &wanted {
        if !ctx.store.lineage(name).exists() {
            return Err(crate::store::StoreError::NotFound {
                what: crate::store::Missing::Certificate,
                name: name.to_string(),
            }
            .into());
        }
    }
    Ok(wanted)
}

/// Decides about one lineage; a damaged one comes back as its damage.
fn plan_entry(
    ctx: &Context,
    entry: LineageEntry,
    force: bool,
    now: OffsetDateTime,
) -> Result<Planned, Damage> {
    // The listing saw whether a journal is there: only then is it read.
    let journaled = matches!(entry.journal, Ok(true));
    let (spec, state, current) = entry.healthy()?;
    let interrupted = journaled && ctx.store.journal_load(&spec.name).ok().flatten().is_some();
    let decision = decide(&spec, &state, current.as_ref(), force, interrupted, now);
    Ok(Planned {
        spec,
        state,
        decision,
        current,
        interrupted,
        superseded: false,
    })
}

/// [`renewal::decide`] over one lineage's spec, state and current version.
fn decide(
    spec: &CertSpec,
    state: &LineageState,
    current: Option<&CertRecord>,
    force: bool,
    interrupted: bool,
    now: OffsetDateTime,
) -> Decision {
    renewal::decide(&renewal::Inputs {
        now,
        current: current.map(validity_of),
        policy: spec.renewal,
        ari: state.ari.as_ref(),
        failures: &state.failures,
        revocation: current.and_then(|c| state.revocation_of(&c.serial)),
        force,
        interrupted,
    })
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
    let (planned, damaged, settled) = plan_run(ctx, &req, now)?;
    let mut report = empty_report(damaged, req.dry_run);
    let (due, mut waiting): (Vec<Planned>, Vec<Planned>) =
        planned.into_iter().partition(|p| p.decision.is_due());
    let hook_retries: Vec<CertSpec> = waiting
        .iter()
        .filter(|p| !req.dry_run && !p.state.pending_hooks.is_empty())
        .filter(|p| !matches!(p.decision, Decision::Retired { .. }))
        .map(|p| p.spec.clone())
        .collect();
    // Earlier deploys that failed (or a version never deployed) are done again, no new order.
    let deploy_retries: Vec<CertName> = waiting
        .iter()
        .filter(|p| !req.dry_run && !matches!(p.decision, Decision::Retired { .. }))
        .filter(|p| {
            p.current
                .as_ref()
                .is_some_and(|c| deploy::needs_deploy(&p.spec, &p.state, c.version))
        })
        .map(|p| p.spec.name.clone())
        .collect();
    let mut outcomes = retry_deploy_hooks(ctx, &hook_retries).await;
    // The renewal information of the lineages not due yet is refreshed beside the orders
    // (a CA that stalls delays no renewal); the ones it makes due are ordered in a second wave.
    let mut refreshed = JoinSet::new();
    let stale = super::ari::stale(&waiting, now);
    if !req.dry_run && !stale.is_empty() {
        let ctx = ctx.clone();
        // The windows saved leave every lineage's files, and so the store's summary index, as
        // they were; the decisions need no new pass over the store either (`decide_again`).
        refreshed.spawn(async move { super::ari::refresh(&ctx, stale, now).await });
    }
    outcomes.extend(
        super::renew_orders::renew_due(
            ctx,
            &req,
            now,
            due,
            (&mut refreshed, &mut waiting),
            deploy_retries,
            &mut report,
        )
        .await,
    );
    let mut not_due = Vec::new();
    for item in waiting {
        match &item.decision {
            Decision::NotDue { until, reason } | Decision::BackingOff { until, reason } => {
                not_due.push(NotDue {
                    name: item.spec.name.to_string(),
                    next: *until,
                    reason: reason.clone(),
                    backing_off: matches!(item.decision, Decision::BackingOff { .. }),
                });
            }
            Decision::Retired { .. } => report.retired.push(item.spec.name.to_string()),
            Decision::RenewNow { .. } => {}
        }
    }
    report.not_due = merge_by_name(settled, not_due);
    report.hooks_failed = hook_failure(&outcomes)
        .map(|e| e.causes)
        .unwrap_or_default();
    report.hooks_failed.extend(report.deploy.failures());
    Ok(report)
}

/// A run's report before anything is done: the damaged lineages are its first failures.
fn empty_report(damaged: Vec<Damage>, dry_run: bool) -> RenewReport {
    RenewReport {
        renewed: Vec::new(),
        failed: damaged
            .into_iter()
            .map(|damage| Failed {
                kind: Kind::Storage,
                message: format!("damaged: {damage}"),
                name: damage.name,
                retry_after: None,
                hint: None,
            })
            .collect(),
        not_due: Vec::new(),
        retired: Vec::new(),
        skipped: Vec::new(),
        hooks_failed: Vec::new(),
        dry_run,
        deploy: DeployReport::default(),
    }
}

/// What [`plan_run`] gives: lineages to act on, damaged ones, `not_due` lines.
type RunPlan = (Vec<Planned>, Vec<Damage>, Vec<NotDue>);

/// The plan of one run: the lineages to act on, the damaged ones, and the `not_due` lines of
/// those that only wait. A lineage that only waits becomes its report line as it is read: of
/// 10,000 mostly waiting ones, only those there is something to do about are held whole.
fn plan_run(ctx: &Context, req: &RenewRequest, now: OffsetDateTime) -> Result<RunPlan, Error> {
    let mut planned = Vec::new();
    let mut damaged = Vec::new();
    let mut settled = Vec::new();
    plan_each(ctx, &req.names, req.force, now, &mut |item| match item {
        Ok(item) => match only_waiting(&item, now) {
            Some(line) => settled.push(line),
            None => planned.push(item),
        },
        Err(damage) => damaged.push(damage),
    })?;
    Ok((planned, damaged, settled))
}

/// The `not_due` line of a lineage there is nothing to do about in this run: not due, no
/// failed hooks or deploy to retry, no renewal information to fetch.
fn only_waiting(item: &Planned, now: OffsetDateTime) -> Option<NotDue> {
    let (Decision::NotDue { until, reason } | Decision::BackingOff { until, reason }) =
        &item.decision
    else {
        return None;
    };
    let idle = item.state.pending_hooks.is_empty()
        && item.current.as_ref().is_none_or(|c| {
            !deploy::needs_deploy(&item.spec, &item.state, c.version)
                && !crate::renewal::ari::fetch_due(&item.state, now)
        });
    idle.then(|| NotDue {
        name: item.spec.name.to_string(),
        next: *until,
        reason: reason.clone(),
        backing_off: matches!(item.decision, Decision::BackingOff { .. }),
    })
}

/// Two lists of `not_due` lines, each in listing (name) order, as one in that order.
fn merge_by_name(settled: Vec<NotDue>, others: Vec<NotDue>) -> Vec<NotDue> {
    let mut merged = Vec::with_capacity(settled.len() + others.len());
    let mut others = others.into_iter().peekable();
    for line in settled {
        while let Some(other) = others.next_if(|o| o.name < line.name) {
            merged.push(other);
        }
        merged.push(line);
    }
    merged.extend(others);
    merged
}

async fn random_delay(ctx: &Context, max: Duration) -> Result<(), Error> {
    let random = getrandom::u64().map_err(OpsError::RandomDelay)?;
    let millis = random % u64::try_from(max.as_millis()).unwrap_or(u64::MAX).max(1);
    let wait = Duration::from_millis(millis);
    ctx.events.send(Event::Waiting {
        seconds: wait.as_secs(),
        reason: "random delay, so not every host asks the CA at the same moment (--no-random-delay skips it)".into(),
    });
    tokio::time::sleep(wait).await;
    Ok(())
}

/// Records one lineage's outcome in its ledger and the report and saves the ledger; returns
/// how it ended and the certificate as its hooks see it.
pub(super) fn record(
    ctx: &Context,
    req: &RenewRequest,
    item: Planned,
    result: Result<ObtainReport, Error>,
    report: &mut RenewReport,
) -> (Outcome, HookCert) {
    let (ended, item) = note(ctx, item, result, report);
    if !req.dry_run {
        save_ledger(ctx, &item);
    }
    ended
}

/// As [`record`], without saving the ledger: returns the lineage with its updated ledger, for
/// [`save_ledger`] off the runtime's thread.
pub(super) fn note(
    ctx: &Context,
    mut item: Planned,
    result: Result<ObtainReport, Error>,
    report: &mut RenewReport,
) -> ((Outcome, HookCert), Planned) {
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
            item.superseded = lost_to_another_node(&err);
            // An interruption says nothing about the CA or the host: no backoff for it; nor
            // does another node's taking the renewal over.
            if !err.kind.is_cancellation() && !item.superseded {
                item.state
                    .failures
                    .fail(now, err.to_string(), err.retry_after);
            }
            ctx.events.for_cert(&name).send(Event::RenewFailed {
                message: err.to_string(),
            });
            report.failed.push(Failed {
                name: name.clone(),
                kind: err.kind,
                message: err.to_string(),
                retry_after: err.retry_after,
                hint: err.hint.as_deref().map(|hint| for_renewal(hint, &name)),
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
    (ended, item)
}

/// True when `err` says another fleet node holds, or took over, the certificate's renewal
/// lease ([`crate::store::StoreError::is_lease_elsewhere`]).
fn lost_to_another_node(err: &Error) -> bool {
    err.find::<crate::store::StoreError>()
        .is_some_and(crate::store::StoreError::is_lease_elsewhere)
}

/// Saves the lineage's ledger (its state), warning when it cannot be; not when another fleet
/// node took the renewal over (its state is the newer one).
pub(super) fn save_ledger(ctx: &Context, item: &Planned) {
    if item.superseded {
        return;
    }
    let name = &item.spec.name;
    if let Err(err) = ctx.store.lineage(name).save_state(&item.state) {
        ctx.events.warn(format!(
            "could not save the renewal state of '{name}': {err}"
        ));
    }
}

pub(super) fn stub(spec: &CertSpec) -> HookCert {
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
            &ctx.for_cert(spec.name.as_str()),
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

#[cfg(test)]
#[path = "renew_tests.rs"]
mod tests;
