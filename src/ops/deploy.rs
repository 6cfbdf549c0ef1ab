//! Deploying the current version of certificates to their install targets, for `install`,
//! `deploy`, `obtain`, `renew` and the daemon alike: every certificate's files are written as a
//! set, then per service (the distinct reload command) its config tests run once, its reload
//! runs once for all the certificates of the run, and each verification checks what the
//! service serves. A failed config test or reload puts the previous files of that service's
//! certificates back (and, after a failed reload, reloads with them); the stored certificate is
//! never touched, and the failed deploy is done again by the next run.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

use super::Context;
use super::cancel::{Cancel, Reason};
use super::events::Event;
use crate::domain::{
    CertName, CertSpec, DEFAULT_VERIFY_SECS, DeployState, HookSpec, InstallGroup, Verified,
};
use crate::error::Error;
use crate::hooks::{self, HookCert, HookContext, HookOutcome, Stage};
use crate::install::{self, Backup, Material, Written};
use crate::secrets::SecretRef;

/// One certificate's deploy (`result.certificates[]`).
#[derive(Debug, Clone, Serialize)]
pub struct CertDeploy {
    /// Lineage.
    pub name: String,
    /// The version deployed.
    pub version: u32,
    /// Its serial.
    pub serial: String,
    /// Each target as written.
    pub targets: Vec<Written>,
    /// What each verification saw.
    pub verified: Vec<Verified>,
    /// True when everything went through.
    pub ok: bool,
    /// Why not.
    pub error: Option<String>,
}

/// One service's config test and reload (`result.reloads[]`).
#[derive(Debug, Clone, Serialize)]
pub struct ReloadReport {
    /// The reload command (`null`: the targets have none).
    pub command: Option<String>,
    /// The certificates it was for.
    pub certificates: Vec<String>,
    /// False when a config test or the reload failed.
    pub ok: bool,
    /// True when the previous files were put back.
    pub rolled_back: bool,
    /// Why it failed.
    pub error: Option<String>,
}

/// What a deploy did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DeployReport {
    /// Per certificate.
    pub certificates: Vec<CertDeploy>,
    /// Per service.
    pub reloads: Vec<ReloadReport>,
    /// Set when the run was stopped (SIGTERM ...) while verifications were waiting.
    #[serde(skip)]
    pub stopped: Option<Reason>,
}

impl DeployReport {
    /// True when nothing was deployed.
    pub fn is_empty(&self) -> bool {
        self.certificates.is_empty()
    }

    /// The failures, one line each (`NAME: why`).
    pub fn failures(&self) -> Vec<String> {
        self.certificates
            .iter()
            .filter(|c| !c.ok)
            .map(|c| {
                format!(
                    "deploy of '{}': {}",
                    c.name,
                    c.error.as_deref().unwrap_or("failed")
                )
            })
            .collect()
    }

    /// The exit-7 error when a deploy failed (the stop's own error, and exit code, when the
    /// run was stopped while verifying).
    pub fn outcome(&self) -> Option<Error> {
        let failures = self.failures();
        if failures.is_empty() {
            return None;
        }
        let mut err = match self.stopped {
            Some(reason) => reason.error().with_hint(
                "the files are written; the next run, or 'certkeep deploy' now, reloads and checks again",
            ),
            None => Error::from(install::InstallError::DeployFailed),
        };
        for failure in failures {
            err = err.caused_by(failure);
        }
        Some(err)
    }
}

/// True when `spec`'s targets do not have the current version yet (never deployed, an older
/// version, or the last deploy failed).
pub(super) fn needs_deploy(
    spec: &CertSpec,
    state: &crate::domain::LineageState,
    version: u32,
) -> bool {
    !spec.install.is_empty()
        && !state
            .deploy
            .as_ref()
            .is_some_and(|d| d.ok && d.version == version)
}

/// How many certificates' files are written at the same time.
const PARALLEL_WRITES: usize = 8;

struct Prepared {
    spec: CertSpec,
    report: CertDeploy,
    /// Per install group: what its files replaced (to put back when its service fails) and
    /// where its targets are in `report.targets`.
    groups: Vec<(Option<Backup>, std::ops::Range<usize>)>,
    /// True unless the last recorded deploy put this very version everywhere: a run that was
    /// stopped between writing the files and reloading must reload even though the files are
    /// already right.
    retry: bool,
}

/// Deploys the current version of each named certificate to its targets. Holds no lock itself:
/// the caller holds the store lock. Certificates without targets are skipped.
pub(super) async fn deploy(ctx: &Context, names: &[CertName]) -> DeployReport {
    // Several certificates' files are written at once: their fsyncs share the file system's
    // journal commits, which is most of the time a deploy of many certificates takes.
    let mut done: Vec<(usize, Result<Prepared, Box<CertDeploy>>)> = Vec::with_capacity(names.len());
    let mut tasks = tokio::task::JoinSet::new();
    for (i, name) in names.iter().cloned().enumerate() {
        if tasks.len() >= PARALLEL_WRITES
            && let Some(Ok(one)) = tasks.join_next().await
        {
            done.extend(one);
        }
        let ctx = ctx.clone();
        tasks.spawn_blocking(move || prepare(&ctx, &name).map(|p| (i, p)));
    }
    while let Some(joined) = tasks.join_next().await {
        if let Ok(one) = joined {
            done.extend(one);
        }
    }
    done.sort_by_key(|(i, _)| *i);
    let (ready, unreadable): (Vec<_>, Vec<_>) =
        done.into_iter().map(|(_, p)| p).partition(Result::is_ok);
    let mut prepared: Vec<Prepared> = ready.into_iter().filter_map(Result::ok).collect();
    let mut reloads = Vec::new();
    for (reload, members) in services(&prepared) {
        // A service whose files are all as they were, after a deploy of this version that went
        // through, already serves them: no config test, no reload (`deploy` of an unchanged
        // store reloads nothing).
        let changed = members.iter().any(|&(c, g)| {
            let one = &prepared[c];
            one.retry
                || one
                    .groups
                    .get(g)
                    .is_some_and(|(backup, _)| backup.as_ref().is_some_and(|b| !b.is_empty()))
        });
        if changed {
            reloads.push(run_service(ctx, &mut prepared, reload, &members).await);
        }
    }
    verify_all(&ctx.cancel, &mut prepared).await;
    let now = ctx.clock.now();
    record_all(ctx, &prepared, now).await;
    for one in &prepared {
        if !one.report.ok {
            // A certificate the service does not serve is a failure the user must hear of:
            // the certificate's failure hooks run, about it, with why.
            let cert = HookCert {
                error: one.report.error.clone(),
                ..hook_cert(one)
            };
            let context =
                HookContext::new(Stage::Failure, vec![cert], vec![one.report.name.clone()]);
            for hook in &one.spec.hooks.failure {
                run(ctx, Stage::Failure, hook, &context).await;
            }
        }
    }
    DeployReport {
        certificates: unreadable
            .into_iter()
            .filter_map(Result::err)
            .map(|broken| *broken)
            .chain(prepared.into_iter().map(|p| p.report))
            .collect(),
        reloads,
        stopped: ctx.cancel.reason(),
    }
}

/// Loads the current version and writes its files; a failure here is that certificate's.
/// `None`: the certificate has no targets; `Some(Err)`: its spec cannot be read (damaged), which
/// is its failed deploy.
fn prepare(ctx: &Context, name: &CertName) -> Option<Result<Prepared, Box<CertDeploy>>> {
    let lineage = ctx.store.lineage(name);
    let spec = match lineage.load_spec() {
        Ok(spec) => spec,
        Err(err) => {
            return Some(Err(Box::new(CertDeploy {
                name: name.to_string(),
                version: 0,
                serial: String::new(),
                targets: Vec::new(),
                verified: Vec::new(),
                ok: false,
                error: Some(Error::from(err).to_string()),
            })));
        }
    };
    if spec.install.is_empty() {
        return None;
    }
    let mut report = CertDeploy {
        name: name.to_string(),
        version: 0,
        serial: String::new(),
        targets: Vec::new(),
        verified: Vec::new(),
        ok: false,
        error: None,
    };
    let mut retry = true;
    let written = (|| -> Result<Vec<(Vec<Written>, Backup)>, Error> {
        let record = lineage
            .current_record()?
            .ok_or_else(|| install::InstallError::NotIssued(name.to_string()))?;
        report.version = record.version;
        report.serial.clone_from(&record.serial);
        retry = !lineage.load_state().is_ok_and(|state| {
            state
                .deploy
                .is_some_and(|d| d.ok && d.version == record.version)
        });
        let cert = lineage.read_current_file("cert.pem")?;
        let chain = lineage.read_current_file("chain.pem")?;
        let key = if spec.use_csr {
            None
        } else {
            Some(lineage.read_current_file("privkey.pem")?)
        };
        let material = Material {
            cert: &cert,
            chain: &chain,
            key: key.as_deref(),
        };
        let password = |reference: &str| -> Result<String, Error> {
            let reference: SecretRef = reference
                .parse()
                .unwrap_or_else(|e: std::convert::Infallible| match e {});
            if reference.is_raw() {
                return Err(install::InstallError::RawPassword.into());
            }
            let resolved =
                crate::secrets::resolve(&reference, ctx.store.root(), &ctx.settings.vars)?;
            Ok(resolved.secret.expose().to_owned())
        };
        let mut planned = Vec::with_capacity(spec.install.len());
        for group in &spec.install {
            planned.push(install::plan_group(group, material, &password)?);
        }
        // One set per certificate: when a group fails, the groups written before it are put
        // back too; each group keeps its own backup for its service's config test and reload.
        let mut written: Vec<(Vec<Written>, Backup)> = Vec::with_capacity(planned.len());
        for files in &planned {
            match install::write_set(files) {
                Ok(done) => written.push(done),
                Err(err) => {
                    for (_, backup) in written.into_iter().rev() {
                        let _ = backup.restore();
                    }
                    return Err(err.into());
                }
            }
        }
        Ok(written)
    })();
    let mut groups = Vec::new();
    match written {
        Ok(sets) => {
            for (targets, backup) in sets {
                let start = report.targets.len();
                report.targets.extend(targets);
                groups.push((Some(backup), start..report.targets.len()));
            }
            report.ok = true;
        }
        Err(err) => report.error = Some(err.to_string()),
    }
    Some(Ok(Prepared {
        spec,
        report,
        groups,
        retry,
    }))
}

/// A reload command (`None`: none) with the (certificate, group) pairs whose files it reloads.
type Service = (Option<HookSpec>, Vec<(usize, usize)>);

/// The distinct reload commands, first-seen order, each with the (certificate, group) pairs
/// whose files it reloads. Certificates whose files could not be written are left out.
fn services(prepared: &[Prepared]) -> Vec<Service> {
    let mut order: Vec<Option<HookSpec>> = Vec::new();
    let mut members: HashMap<Option<HookSpec>, Vec<(usize, usize)>> = HashMap::new();
    for (c, one) in prepared.iter().enumerate().filter(|(_, p)| p.report.ok) {
        for (g, group) in one.spec.install.iter().enumerate() {
            if !members.contains_key(&group.reload) {
                order.push(group.reload.clone());
            }
            members
                .entry(group.reload.clone())
                .or_default()
                .push((c, g));
        }
    }
    order
        .into_iter()
        .map(|reload| {
            let list = members.remove(&reload).unwrap_or_default();
            (reload, list)
        })
        .collect()
}

/// Config tests (each distinct one once), then the reload once, for one service.
async fn run_service(
    ctx: &Context,
    prepared: &mut [Prepared],
    reload: Option<HookSpec>,
    members: &[(usize, usize)],
) -> ReloadReport {
    let mut certs: Vec<usize> = members.iter().map(|&(c, _)| c).collect();
    certs.dedup();
    let mut report = ReloadReport {
        command: reload.as_ref().map(HookSpec::display),
        certificates: certs
            .iter()
            .map(|&c| prepared[c].report.name.clone())
            .collect(),
        ok: true,
        rolled_back: false,
        error: None,
    };
    let context = HookContext::new(
        Stage::Deploy,
        certs.iter().map(|&c| hook_cert(&prepared[c])).collect(),
        Vec::new(),
    );
    let mut tests: Vec<&HookSpec> = Vec::new();
    for &(c, g) in members {
        if let Some(test) = &prepared[c].spec.install[g].config_test
            && !tests.contains(&test)
        {
            tests.push(test);
        }
    }
    let tests: Vec<HookSpec> = tests.into_iter().cloned().collect();
    for test in &tests {
        let outcome = run(ctx, Stage::Deploy, test, &context).await;
        if !outcome.ok() {
            let why = format!(
                "the config test '{}' failed: {}",
                test.display(),
                failure(&outcome)
            );
            rollback(prepared, members, &why, &mut report);
            return report;
        }
    }
    if let Some(reload) = &reload {
        let outcome = run(ctx, Stage::Deploy, reload, &context).await;
        if !outcome.ok() {
            let why = format!(
                "the reload '{}' failed: {}",
                reload.display(),
                failure(&outcome)
            );
            rollback(prepared, members, &why, &mut report);
            // The service may have half-reloaded: reload it with the old files.
            let _ = run(ctx, Stage::Deploy, reload, &context).await;
        }
    }
    report
}

/// Puts back the files of this service's groups (only those: a certificate's files for
/// another service stay as that service loaded them) and marks their certificates failed.
fn rollback(
    prepared: &mut [Prepared],
    members: &[(usize, usize)],
    why: &str,
    report: &mut ReloadReport,
) {
    report.ok = false;
    report.rolled_back = true;
    report.error = Some(why.to_owned());
    for &(c, g) in members {
        let one = &mut prepared[c];
        one.report.ok = false;
        let mut error = why.to_owned();
        if let Some((backup, targets)) = one.groups.get_mut(g) {
            if let Some(backup) = backup.take()
                && let Err(err) = backup.restore()
            {
                let _ = write!(error, "; putting the previous files back failed: {err}");
            }
            for target in &mut one.report.targets[targets.clone()] {
                target.written = false;
            }
        }
        one.report.error = Some(error);
    }
}

/// Verifies every group with a `verify` of every certificate still fine, concurrently. A stop
/// (SIGTERM ...) ends the waiting at once: the check counts as failed, so the next run does the
/// deploy again.
async fn verify_all(cancel: &Cancel, prepared: &mut [Prepared]) {
    let mut checks = tokio::task::JoinSet::new();
    for (c, one) in prepared.iter().enumerate().filter(|(_, p)| p.report.ok) {
        for group in &one.spec.install {
            let Some(verify) = group.verify.clone() else {
                continue;
            };
            let sni = verify.sni.clone().unwrap_or_else(|| default_sni(&one.spec));
            let serial = one.report.serial.clone();
            let timeout = Duration::from_secs(verify.timeout_secs.unwrap_or(DEFAULT_VERIFY_SECS));
            let cancel = cancel.clone();
            checks.spawn(async move {
                let seen = tokio::select! {
                    seen = install::verify::verify(&verify.address, &sni, &serial, timeout) => seen,
                    reason = cancel.cancelled() => Verified {
                        address: verify.address.clone(),
                        sni,
                        served_serial: None,
                        expected_serial: serial,
                        ok: false,
                        error: Some(format!("the check was stopped: {reason}")),
                    },
                };
                (c, seen)
            });
        }
    }
    while let Some(joined) = checks.join_next().await {
        let Ok((c, seen)) = joined else { continue };
        let one = &mut prepared[c];
        if !seen.ok {
            one.report.ok = false;
            one.report.error = Some(format!(
                "{} does not serve the new certificate (serial {}): {}",
                seen.address,
                seen.expected_serial,
                seen.error.as_deref().unwrap_or("another serial")
            ));
        }
        one.report.verified.push(seen);
    }
}

/// The SNI a verification sends when none is given: the first identifier that is not a
/// wildcard; for a certificate of wildcards only, a name the first one covers (`www.`).
fn default_sni(spec: &CertSpec) -> String {
    let names: Vec<String> = spec.identifiers.iter().map(ToString::to_string).collect();
    names
        .iter()
        .find(|n| !n.starts_with("*."))
        .cloned()
        .or_else(|| {
            names
                .first()
                .and_then(|n| n.strip_prefix("*."))
                .map(|rest| format!("www.{rest}"))
        })
        .unwrap_or_default()
}

/// Saves each certificate's deploy outcome in its state, several at once (each save is a
/// synced write).
async fn record_all(ctx: &Context, prepared: &[Prepared], now: time::OffsetDateTime) {
    let mut tasks = tokio::task::JoinSet::new();
    for one in prepared {
        while tasks.len() >= PARALLEL_WRITES && tasks.join_next().await.is_some() {}
        let ctx = ctx.clone();
        let name = one.spec.name.clone();
        let report = one.report.clone();
        tasks.spawn_blocking(move || record(&ctx, &name, &report, now));
    }
    while tasks.join_next().await.is_some() {}
}

fn record(ctx: &Context, name: &CertName, report: &CertDeploy, now: time::OffsetDateTime) {
    let lineage = ctx.store.lineage(name);
    let Ok(mut state) = lineage.load_state() else {
        return;
    };
    let outcome = DeployState {
        version: report.version,
        at: now,
        ok: report.ok,
        error: report.error.clone(),
        verified: report.verified.clone(),
    };
    // The same outcome as last time is not written again (`at` says since when it holds):
    // a deploy of many unchanged certificates then costs no fsync per certificate.
    if state.deploy.as_ref().is_some_and(|old| {
        DeployState {
            at: now,
            ..old.clone()
        } == outcome
    }) {
        return;
    }
    state.deploy = Some(outcome);
    if let Err(err) = lineage.save_state(&state) {
        ctx.events
            .warn(format!("could not record the deploy of '{name}': {err}"));
    }
}

async fn run(ctx: &Context, stage: Stage, spec: &HookSpec, context: &HookContext) -> HookOutcome {
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
    outcome
}

fn failure(outcome: &HookOutcome) -> String {
    hooks::failure_reason(
        outcome.error.as_deref(),
        outcome.timed_out,
        outcome.exit_code,
    )
}

fn hook_cert(one: &Prepared) -> HookCert {
    HookCert {
        name: one.spec.name.to_string(),
        identifiers: one
            .spec
            .identifiers
            .iter()
            .map(ToString::to_string)
            .collect(),
        version: Some(one.report.version),
        serial: Some(one.report.serial.clone()),
        ..HookCert::default()
    }
}

/// Adds `group`'s targets to `spec`: into the group with the same reload command when there is
/// one (a target already saved under the same path is replaced), else as a new group.
pub(super) fn merge_group(spec: &mut CertSpec, group: InstallGroup) {
    for existing in &mut spec.install {
        existing
            .targets
            .retain(|t| !group.targets.iter().any(|n| n.path == t.path));
    }
    match spec
        .install
        .iter_mut()
        .find(|g| g.reload == group.reload && g.reload.is_some())
    {
        Some(existing) => {
            existing.targets.extend(group.targets);
            existing.config_test = group.config_test.or(existing.config_test.take());
            existing.verify = group.verify.or(existing.verify.take());
            existing.preset = group.preset.or(existing.preset.take());
        }
        None => spec.install.push(group),
    }
    spec.install.retain(|g| !g.targets.is_empty());
}

#[cfg(test)]
#[path = "deploy_tests.rs"]
mod tests;
