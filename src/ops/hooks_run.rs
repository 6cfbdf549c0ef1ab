//! Runs hooks for a use case and reports each as an event; turns failures into the exit-7
//! error. Which hooks run when, and for which certificates, is the hook plan's answer
//! ([`crate::hooks::plan`]); [`run_plan`] carries it out.

use super::Context;
use super::OpsError;
use super::events::Event;
use super::obtain::ObtainReport;
use crate::domain::{CertName, HookSpec, PendingHook};
use crate::error::{Detail, Error};
use crate::hooks::plan::Step;
use crate::hooks::{self, HookCert, HookContext, HookOutcome, Stage};

/// Runs a hook plan's steps in order; `certs[i]` is subject `i` as its hooks see it.
pub(super) async fn run_plan(
    ctx: &Context,
    steps: &[Step],
    certs: &[HookCert],
) -> Vec<HookOutcome> {
    let mut outcomes = Vec::new();
    for step in steps {
        let about: Vec<HookCert> = step
            .certs
            .iter()
            .filter_map(|&i| certs.get(i).cloned())
            .collect();
        // A hook that runs for one certificate is that certificate's event; one that runs
        // once for several (a shared pre or post hook) belongs to none of them.
        let scoped;
        let ctx = match about.as_slice() {
            [one] => {
                scoped = ctx.for_cert(&one.name);
                &scoped
            }
            _ => ctx,
        };
        if step.stage == Stage::Deploy {
            outcomes.extend(run_deploy_tracked(ctx, &step.hook, &about).await);
            continue;
        }
        let failed = step
            .failed
            .iter()
            .filter_map(|&i| certs.get(i).map(|c| c.name.clone()))
            .collect();
        let context = HookContext::new(step.stage, about, failed);
        outcomes
            .extend(run_stage(ctx, step.stage, std::slice::from_ref(&step.hook), &context).await);
    }
    outcomes
}

/// Runs `specs` one after another with `context`, emitting [`Event::HookRan`] for each.
pub(super) async fn run_stage(
    ctx: &Context,
    stage: Stage,
    specs: &[HookSpec],
    context: &HookContext,
) -> Vec<HookOutcome> {
    let mut outcomes = Vec::with_capacity(specs.len());
    for spec in specs {
        let outcome = hooks::run(&ctx.settings.base_env, spec, context).await;
        ctx.events.send(Event::HookRan {
            stage,
            command: outcome.command.clone(),
            ok: outcome.ok(),
            exit_code: outcome.exit_code,
            timed_out: outcome.timed_out,
            error: outcome.error.clone(),
            output: outcome.output_tail.clone(),
        });
        outcomes.push(outcome);
    }
    outcomes
}

/// Runs one deploy hook for `certs`, marked pending in their state while it runs: a process
/// killed before or during the hook leaves the mark, and the next run retries the hook (without
/// a new order). The mark is cleared when the hook succeeds.
async fn run_deploy_tracked(
    ctx: &Context,
    hook: &HookSpec,
    certs: &[HookCert],
) -> Vec<HookOutcome> {
    let names: Vec<&str> = certs.iter().map(|c| c.name.as_str()).collect();
    set_pending(ctx, &names, hook, true);
    crate::failpoint::hit("before-hooks");
    let context = HookContext::new(Stage::Deploy, certs.to_vec(), Vec::new());
    let ran = run_stage(ctx, Stage::Deploy, std::slice::from_ref(hook), &context).await;
    if ran.iter().all(HookOutcome::ok) {
        set_pending(ctx, &names, hook, false);
    }
    ran
}

fn set_pending(ctx: &Context, names: &[&str], hook: &HookSpec, pending: bool) {
    for name in names {
        let Ok(name) = name.parse::<CertName>() else {
            continue;
        };
        let lineage = ctx.store.lineage(&name);
        // A damaged state.json stays as it is (its certificate is reported damaged): replacing
        // it with defaults would wipe its failure ledger and backoff.
        let mut state = match lineage.load_state() {
            Ok(state) => state,
            Err(err) => {
                ctx.events.warn(format!(
                    "could not record the deploy hook of '{name}' as pending: {err}"
                ));
                continue;
            }
        };
        state.pending_hooks.retain(|p| !p.is(hook));
        if pending {
            state.pending_hooks.push(PendingHook::of(hook));
        }
        if let Err(err) = lineage.save_state(&state) {
            ctx.events.warn(format!(
                "could not save the renewal state of '{name}': {err}"
            ));
        }
    }
}

/// The hook's view of a freshly stored certificate.
pub(super) fn hook_cert(ctx: &Context, report: &ObtainReport) -> HookCert {
    let lineage_dir = report
        .name
        .parse::<CertName>()
        .ok()
        .map(|name| ctx.store.lineage(&name).dir().join("current"));
    let paths = report.paths.as_ref();
    HookCert {
        name: report.name.clone(),
        identifiers: report.identifiers.clone(),
        lineage_dir,
        cert: paths.map(|p| p.cert.clone().into()),
        chain: paths.map(|p| p.chain.clone().into()),
        fullchain: paths.map(|p| p.fullchain.clone().into()),
        privkey: paths.and_then(|p| p.privkey.clone().map(Into::into)),
        version: report.version,
        serial: Some(report.serial.clone()),
        not_after: Some(crate::clock::rfc3339(report.not_after)),
        error: None,
    }
}

/// The exit-7 error for failed hooks, with each failure's reason and output tail.
pub(super) fn hook_failure(outcomes: &[HookOutcome]) -> Option<Error> {
    let failed: Vec<&HookOutcome> = outcomes.iter().filter(|o| !o.ok()).collect();
    if failed.is_empty() {
        return None;
    }
    let count = failed.len();
    let mut each = Vec::new();
    for outcome in failed {
        let why = hooks::failure_reason(
            outcome.error.as_deref(),
            outcome.timed_out,
            outcome.exit_code,
        );
        let tail = outcome.output_tail.trim_end();
        let tail = if tail.is_empty() {
            String::new()
        } else {
            format!("; output: {tail}")
        };
        each.push(format!("'{}' {why}{tail}", outcome.command));
    }
    Some(
        OpsError::HooksFailed {
            count,
            each: Detail::lines(each),
        }
        .into(),
    )
}

/// `hooks test`'s report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HooksTestReport {
    /// The lineage.
    pub name: String,
    /// Each hook run, in order.
    pub outcomes: Vec<HookOutcome>,
}

/// Runs the pre, deploy and post hooks of `name` (and the failure hooks when asked) with the
/// current certificate's real paths, without ordering anything.
pub async fn test_hooks(
    ctx: &Context,
    name: &str,
    with_failure: bool,
) -> Result<HooksTestReport, Error> {
    let name: CertName = name
        .parse()
        .map_err(|e: crate::domain::NameError| Error::from(e))?;
    let lineage = ctx.store.lineage(&name);
    let spec = lineage.load_spec()?;
    if spec.hooks.is_empty() {
        return Err(OpsError::NoHooks {
            name: name.to_string(),
        }
        .into());
    }
    let mut cert = HookCert {
        name: name.to_string(),
        identifiers: spec.identifiers.iter().map(ToString::to_string).collect(),
        lineage_dir: Some(lineage.dir().join("current")),
        ..HookCert::default()
    };
    if let Some(record) = lineage.current_record()? {
        let files = lineage.current_files(!spec.use_csr);
        cert.cert = Some(files.cert);
        cert.chain = Some(files.chain);
        cert.fullchain = Some(files.fullchain);
        cert.privkey = files.privkey;
        cert.version = Some(record.version);
        cert.serial = Some(record.serial);
        cert.not_after = Some(crate::clock::rfc3339(record.not_after));
    }
    let names = vec![name.to_string()];
    // Every hook here runs for this one certificate.
    let ctx = &ctx.for_cert(name.as_str());
    let mut outcomes = run_stage(
        ctx,
        Stage::Pre,
        &spec.hooks.pre,
        &HookContext::new(Stage::Pre, vec![cert.clone()], Vec::new()),
    )
    .await;
    outcomes.extend(
        run_stage(
            ctx,
            Stage::Deploy,
            &spec.hooks.deploy,
            &HookContext::new(Stage::Deploy, vec![cert.clone()], Vec::new()),
        )
        .await,
    );
    if with_failure {
        let failed = HookCert {
            error: Some("certkeep hooks test: a simulated failure".into()),
            ..cert.clone()
        };
        outcomes.extend(
            run_stage(
                ctx,
                Stage::Failure,
                &spec.hooks.failure,
                &HookContext::new(Stage::Failure, vec![failed], names.clone()),
            )
            .await,
        );
    }
    outcomes.extend(
        run_stage(
            ctx,
            Stage::Post,
            &spec.hooks.post,
            &HookContext::new(Stage::Post, vec![cert], Vec::new()),
        )
        .await,
    );
    Ok(HooksTestReport {
        name: name.to_string(),
        outcomes,
    })
}

impl HooksTestReport {
    /// The exit-7 error when any hook failed.
    pub fn outcome(&self) -> Option<Error> {
        hook_failure(&self.outcomes)
    }
}
