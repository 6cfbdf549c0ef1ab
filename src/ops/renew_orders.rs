//! `renew`'s orders: the lineages already due are ordered at once, at most the CA's bound
//! (`limits.concurrency`) at a time at each CA, while the ARI refresh runs beside them; the lineages it makes due follow in a second
//! wave. One hook plan covers both waves: each distinct pre hook once before the first order
//! that needs it, the failure, deploy and post hooks once at the end. Each lineage is claimed
//! from the store before its wave's hooks and orders ([`claim_wave`]): in a fleet, another
//! node may be its renewer.

use std::collections::HashMap;
use std::sync::Arc;

use time::OffsetDateTime;
use tokio::task::JoinSet;

use super::Context;
use super::events::Event;
use super::hooks_run::run_plan;
use super::obtain::{ObtainReport, issue_for_lineage, request_from_spec};
use super::renew::{Planned, RenewReport, RenewRequest, Skipped, note, record, save_ledger, stub};
use crate::challenge::Solver;
use crate::domain::{CertName, CertSpec, ChallengeSpec, Hooks};
use crate::error::Error;
use crate::hooks::HookCert;
use crate::hooks::HookOutcome;
use crate::hooks::plan::{self as hook_plan, Outcome, Step, Subject};
use crate::renewal::{Decision, LineageState};
use crate::store::Claim;

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

/// The second wave's source: the lineages whose state the ARI refresh saved, with that state.
pub(super) type Refreshed = JoinSet<Vec<(CertName, LineageState)>>;

/// Orders the `due` lineages at once, then those the ARI refresh (`refreshed`, running beside
/// them) makes due, deciding again at `now` (the plan's); the others it refreshed are updated
/// in `waiting`. Pre hooks run before each wave's orders (each distinct one once per run), the
/// failure, deploy and post hooks once after both.
pub(super) async fn renew_due(
    ctx: &Context,
    req: &RenewRequest,
    now: OffsetDateTime,
    due: Vec<Planned>,
    (refreshed, waiting): (&mut Refreshed, &mut [Planned]),
    mut to_deploy: Vec<CertName>,
    report: &mut RenewReport,
) -> Vec<HookOutcome> {
    if !due.is_empty() {
        ctx.start_blocking_pool();
    }
    // Dry runs run no hooks: their subjects carry none.
    let none = Hooks::default();
    let hooks_of = |spec: &CertSpec| -> Hooks {
        if req.dry_run {
            none.clone()
        } else {
            spec.hooks.clone()
        }
    };
    // Damaged lineages are already reported failed: post hooks name them too.
    let damaged: Vec<(Hooks, Outcome, HookCert)> = report
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
    let mut outcomes = Vec::new();
    let mut pre_run: Vec<Step> = Vec::new();
    let mut ended: Vec<(Hooks, Outcome, HookCert)> = Vec::new();
    let mut wave = due;
    let mut ledgers = JoinSet::new();
    for last in [false, true] {
        if !req.dry_run {
            wave = claim_wave(ctx, req, wave, report, &mut ended);
        }
        if !wave.is_empty() {
            for item in &wave {
                if let Decision::RenewNow { reason } = &item.decision {
                    ctx.events
                        .for_cert(item.spec.name.as_str())
                        .send(Event::Renewing {
                            reason: reason.clone(),
                        });
                }
            }
            let pre_hooks: Vec<Hooks> = wave.iter().map(|p| hooks_of(&p.spec)).collect();
            let pre_subjects: Vec<Subject<'_>> = pre_hooks
                .iter()
                .map(|hooks| Subject {
                    hooks,
                    outcome: Outcome::Issued,
                })
                .collect();
            let stubs: Vec<HookCert> = wave.iter().map(|p| stub(&p.spec)).collect();
            let steps: Vec<Step> = hook_plan::before(&pre_subjects)
                .into_iter()
                .filter(|step| !pre_run.iter().any(|ran| ran.hook == step.hook))
                .collect();
            outcomes.extend(run_plan(ctx, &steps, &stubs).await);
            pre_run.extend(steps);
            let mut tasks = spawn_orders(ctx, req, std::mem::take(&mut wave)).await;
            while let Some(joined) = tasks.join_next().await {
                let Ok((item, result)) = joined else { continue };
                let hooks = hooks_of(&item.spec);
                let installs =
                    (!item.spec.install.is_empty() && !req.dry_run).then(|| item.spec.name.clone());
                let ((outcome, cert), item) = note(ctx, item, result, report);
                // Every save ends before the deploy and the hooks below.
                save_and_release(&mut ledgers, ctx, req.dry_run, item);
                if outcome == Outcome::Issued {
                    to_deploy.extend(installs);
                }
                ended.push((hooks, outcome, cert));
            }
        }
        if !last {
            wave = next_wave(ctx, refreshed, waiting, (req.force, now)).await;
        }
    }
    while ledgers.join_next().await.is_some() {}
    // All files of the run first, one reload per service, then the deploy hooks.
    to_deploy.sort();
    to_deploy.dedup();
    if !to_deploy.is_empty() {
        report.deploy = super::deploy::deploy(ctx, &to_deploy).await;
    }
    if ended.is_empty() {
        return outcomes;
    }
    ended.extend(damaged);
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

/// Claims each lineage of `wave` from the store and keeps the ones this process renews. One
/// that another node of the fleet holds, or renewed since it was read, is reported skipped (not
/// a failure); one that could not be claimed failed.
fn claim_wave(
    ctx: &Context,
    req: &RenewRequest,
    wave: Vec<Planned>,
    report: &mut RenewReport,
    ended: &mut Vec<(Hooks, Outcome, HookCert)>,
) -> Vec<Planned> {
    let mut mine = Vec::with_capacity(wave.len());
    for item in wave {
        let seen = item.current.as_ref().map(|c| c.serial.clone());
        let reason = match ctx.store.claim_renewal(&item.spec.name, seen.as_deref()) {
            Ok(Claim::Taken) => {
                mine.push(item);
                continue;
            }
            Ok(Claim::HeldElsewhere {
                holder: Some(holder),
                expires_in_secs,
            }) => format!(
                "node '{holder}' holds its renewal lease ({}s left)",
                expires_in_secs.unwrap_or(0)
            ),
            Ok(Claim::HeldElsewhere { holder: None, .. }) => {
                "another node is claiming or storing it right now".to_owned()
            }
            Ok(Claim::RenewedElsewhere { node }) => {
                format!("node '{node}' renewed it since this node read it")
            }
            Ok(Claim::NotInFleet) => "the fleet database has no such certificate (never pushed, \
                or deleted on another node): push it with 'certkeep --fleet URL fleet push', or \
                remove this host's copy with 'certkeep delete NAME'"
                .replace("NAME", item.spec.name.as_str()),
            Err(err) => {
                let hooks = item.spec.hooks.clone();
                let (outcome, cert) = record(ctx, req, item, Err(err.into()), report);
                ended.push((hooks, outcome, cert));
                continue;
            }
        };
        report.skipped.push(Skipped {
            name: item.spec.name.to_string(),
            reason,
        });
    }
    mine
}

/// Saves the lineage's ledger (unless a dry run) and lets go of its claim, off the runtime's
/// thread: the save's fsyncs would hold back the orders still in flight.
fn save_and_release(ledgers: &mut JoinSet<()>, ctx: &Context, dry_run: bool, item: Planned) {
    let ctx = ctx.clone();
    ledgers.spawn_blocking(move || {
        if !dry_run {
            save_ledger(&ctx, &item);
        }
        release(&ctx, &item.spec.name);
    });
}

/// Lets go of the claim on `name` once its renewal ended (a stored version already did).
fn release(ctx: &Context, name: &CertName) {
    if let Err(err) = ctx.store.release_renewal(name) {
        ctx.events.warn(format!(
            "could not let go of the renewal lease of '{name}' (it runs out by itself): {err}"
        ));
    }
}

/// Waits for the ARI refresh's saved states and decides again (`force` at `now`) about each
/// lineage it refreshed: the due ones come back as the next wave, the others are updated in
/// `waiting`.
async fn next_wave(
    ctx: &Context,
    refreshed: &mut Refreshed,
    waiting: &mut [Planned],
    (force, now): (bool, OffsetDateTime),
) -> Vec<Planned> {
    // A stop signal ends the wait: the refresh is dropped (aborted) with the set.
    let joined = ctx
        .cancel
        .run(async { Ok(refreshed.join_next().await) })
        .await;
    let mut saved: HashMap<CertName, LineageState> = match joined {
        Ok(Some(Ok(saved))) => saved.into_iter().collect(),
        _ => HashMap::new(),
    };
    let mut wave = Vec::new();
    for slot in waiting.iter_mut() {
        let Some(state) = saved.remove(&slot.spec.name) else {
            continue;
        };
        slot.decide_again(state, force, now);
        if slot.decision.is_due() {
            // Ordered now (no longer among the waiting ones) with its state as it is now: a
            // deploy hook retried since the plan saved it without the hooks that passed, and
            // the order's own saves must not bring them back.
            let name = slot.spec.name.clone();
            let current = ctx.blocking(move |ctx| Ok(ctx.store.lineage(&name).load_state()?));
            if let Ok(mut state) = current.await {
                state.ari = slot.state.ari.take();
                state.ari_next_fetch = slot.state.ari_next_fetch;
                state.ari_problem = slot.state.ari_problem.take();
                slot.decide_again(state, force, now);
            }
            if slot.decision.is_due() {
                wave.push(slot.clone());
            }
        }
    }
    wave
}

/// Starts one order per due lineage, at most the CA's bound (`limits.concurrency`) at a time
/// at each CA, so a slow CA holds back only its own lineages; lineages sharing a challenge
/// listener share one solver.
async fn spawn_orders(
    ctx: &Context,
    req: &RenewRequest,
    due: Vec<Planned>,
) -> tokio::task::JoinSet<Joined> {
    let solvers = solvers_for(ctx, &due).await;
    let mut limits: HashMap<String, Arc<tokio::sync::Semaphore>> = HashMap::new();
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
        // Every event of this order names its certificate: several are in flight at once.
        let ctx = ctx.for_cert(item.spec.name.as_str());
        let limit = limits
            .entry(item.spec.ca.clone())
            .or_insert_with_key(|ca| {
                Arc::new(tokio::sync::Semaphore::new(ctx.limits.concurrency.at(ca)))
            })
            .clone();
        let dry_run = req.dry_run;
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
