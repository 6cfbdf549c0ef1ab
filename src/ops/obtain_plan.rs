//! `obtain` is idempotent: before anything is bound or sent, [`check`] compares the request
//! with the lineage already in the store. Same names and settings and not due: nothing is
//! ordered and the report says until when the certificate is good. Otherwise `obtain` issues,
//! and the report names what changed ([`finish`] fills it in, with the next renewal and any
//! setting that does not fit the new certificate).
//!
//! A provisioning tool (Ansible, cloud-init) that runs the same `obtain` on every converge thus
//! gets one certificate, not one per run (which a CA's duplicate-certificate limit punishes).

use std::collections::BTreeSet;

use super::Context;
use super::obtain::{ObtainReport, ObtainRequest, paths_of};
use super::renew::validity_of;
use crate::domain::{CertName, CertRecord, CertSpec, ChallengeSpec, Identifier};
use crate::renewal::{self, Decision};

/// What `obtain` is about to ask for, as planned (names resolved, CA URL chosen).
pub(super) struct Wanted<'a> {
    /// The lineage.
    pub name: &'a CertName,
    /// The identifiers.
    pub identifiers: &'a [Identifier],
    /// The CA directory URL.
    pub ca_url: &'a str,
    /// The CSR (PEM), for a CSR lineage.
    pub csr_pem: Option<&'a str>,
}

/// What [`check`] found.
pub(super) enum Check {
    /// Issue a certificate; the changes against the stored spec (empty for a new lineage).
    Issue(Vec<String>),
    /// The stored certificate already is what was asked for and is not due.
    Unchanged(Box<ObtainReport>),
}

/// Compares the request with the stored lineage. Reads only; contacts nobody.
pub(super) fn check(ctx: &Context, req: &ObtainRequest, wanted: &Wanted<'_>) -> Check {
    let lineage = ctx.store.lineage(wanted.name);
    if req.dry_run || !lineage.exists() {
        return Check::Issue(Vec::new());
    }
    let Ok(spec) = lineage.load_spec() else {
        return Check::Issue(Vec::new());
    };
    let stored_csr = lineage.load_csr().ok();
    let changes = changes(&spec, stored_csr.as_deref(), req, wanted);
    if req.force || !changes.is_empty() {
        return Check::Issue(changes);
    }
    // Read whole, as `list` reads it: a damaged current version (a missing key, a garbage or
    // foreign file) is not "good until", the user asked for a certificate.
    let Some(Ok((_, state, Some(record)))) = ctx
        .store
        .entry(wanted.name)
        .map(crate::store::LineageEntry::into_parts)
    else {
        return Check::Issue(changes);
    };
    let decision = renewal::decide(&renewal::Inputs {
        now: ctx.clock.now(),
        current: Some(validity_of(&record)),
        policy: spec.renewal,
        ari: state.ari.as_ref(),
        failures: &state.failures,
        revocation: state.revocation_of(&record.serial),
        force: false,
        interrupted: ctx.store.journal_load(wanted.name).ok().flatten().is_some(),
    });
    match decision {
        Decision::NotDue { until, .. } => {
            let mut report = report_of(ctx, &spec, &record);
            report.next_renewal = Some(until);
            report.warnings = warnings(&spec, &record);
            Check::Unchanged(Box::new(report))
        }
        // Due, waiting after failures, revoked or retired: the user asked for a certificate.
        _ => Check::Issue(changes),
    }
}

/// Completes the report of an issuance: what changed, when it renews next, settings that do
/// not fit it; and, the new certificate being current, forgets the previous one's failures
/// and CA window.
pub(super) fn finish(
    ctx: &Context,
    mut report: ObtainReport,
    changes: Vec<String>,
) -> ObtainReport {
    report.changes = changes;
    let Ok(name) = report.name.parse::<CertName>() else {
        return report;
    };
    let lineage = ctx.store.lineage(&name);
    let (false, Ok(spec), Ok(Some(record))) = (
        report.dry_run,
        lineage.load_spec(),
        lineage.current_record(),
    ) else {
        return report;
    };
    let now = ctx.clock.now();
    // A damaged state.json stays as it is (its certificate is reported damaged until someone
    // looks): replacing it with defaults would hide what happened to it.
    let state = match lineage.load_state() {
        Ok(mut state) => {
            state.issued(now);
            if let Err(err) = lineage.save_state(&state) {
                ctx.events.warn(format!(
                    "could not save the renewal state of '{name}': {err}"
                ));
            }
            state
        }
        Err(err) => {
            ctx.events.warn(format!(
                "left the renewal state of '{name}' as it is: {err}"
            ));
            crate::domain::LineageState::default()
        }
    };
    report.warnings = warnings(&spec, &record);
    for warning in &report.warnings {
        ctx.events.warn(warning.clone());
    }
    report.next_renewal = renewal::decide(&renewal::Inputs {
        now,
        current: Some(validity_of(&record)),
        policy: spec.renewal,
        ari: None,
        failures: &state.failures,
        revocation: None,
        force: false,
        interrupted: false,
    })
    .next_time();
    report
}

fn warnings(spec: &CertSpec, record: &CertRecord) -> Vec<String> {
    renewal::policy_warning(Some(validity_of(record)), spec.renewal)
        .into_iter()
        .collect()
}

fn report_of(ctx: &Context, spec: &CertSpec, record: &CertRecord) -> ObtainReport {
    let lineage = ctx.store.lineage(&spec.name);
    ObtainReport {
        name: spec.name.to_string(),
        identifiers: record.identifiers.iter().map(ToString::to_string).collect(),
        serial: record.serial.clone(),
        not_before: record.not_before,
        not_after: record.not_after,
        issuer: record.issuer.clone(),
        key_type: record.key_type,
        version: Some(record.version),
        ca: spec.ca.clone(),
        account: spec.account.clone(),
        order_url: record.order_url.clone().unwrap_or_default(),
        // `current/`, like every path certkeep shows: one pasted into a server's config must
        // still be right after the next renewal.
        paths: Some(paths_of(&lineage.current_files(!spec.use_csr))),
        dry_run: false,
        issued: false,
        changes: Vec::new(),
        next_renewal: None,
        warnings: Vec::new(),
    }
}

fn sorted(ids: &[Identifier]) -> BTreeSet<String> {
    ids.iter().map(ToString::to_string).collect()
}

fn listed(ids: &[Identifier]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn or_none(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_owned(), |v| format!("'{v}'"))
}

/// The settings of `req` that differ from the stored `spec`, one line each (`edit` words its
/// report with it too).
pub(super) fn changes(
    spec: &CertSpec,
    stored_csr: Option<&str>,
    req: &ObtainRequest,
    wanted: &Wanted<'_>,
) -> Vec<String> {
    let mut out = Vec::new();
    if sorted(&spec.identifiers) != sorted(wanted.identifiers) {
        out.push(format!(
            "names: {} -> {}",
            listed(&spec.identifiers),
            listed(wanted.identifiers)
        ));
    }
    if spec.ca != wanted.ca_url {
        out.push(format!("CA: '{}' -> '{}'", spec.ca, wanted.ca_url));
    }
    if let Some(account) = req.account.as_deref().filter(|a| *a != spec.account) {
        out.push(format!("account: '{}' -> '{account}'", spec.account));
    }
    match (spec.use_csr, wanted.csr_pem) {
        (false, None) if spec.key_type != req.key_type => out.push(format!(
            "key type: {} -> {}",
            spec.key_type.as_str(),
            req.key_type.as_str()
        )),
        (true, Some(pem)) if stored_csr.map(str::trim) != Some(pem.trim()) => {
            out.push("CSR: a different CSR".to_owned());
        }
        (true, None) => out.push("CSR: none (a generated key instead)".to_owned()),
        (false, Some(_)) => out.push("CSR: the given CSR instead of a generated key".to_owned()),
        _ => {}
    }
    let challenge = match &req.challenge {
        ChallengeSpec::Http01Webroot { path } => ChallengeSpec::Http01Webroot {
            path: std::path::absolute(path).unwrap_or_else(|_| path.clone()),
        },
        other => other.clone(),
    };
    if challenge != spec.challenge {
        out.push(format!("challenge: {} settings changed", challenge.kind()));
    }
    if spec.profile != req.profile {
        out.push(format!(
            "profile: {} -> {}",
            or_none(spec.profile.as_deref()),
            or_none(req.profile.as_deref())
        ));
    }
    if spec.preferred_chain != req.preferred_chain {
        out.push(format!(
            "preferred chain: {} -> {}",
            or_none(spec.preferred_chain.as_deref()),
            or_none(req.preferred_chain.as_deref())
        ));
    }
    if spec.hooks != req.hooks {
        out.push("hooks changed".to_owned());
    }
    if spec.renewal != req.renewal {
        let secs = |p: crate::domain::RenewalPolicy| {
            p.renew_before_secs
                .map_or_else(|| "not set".to_owned(), |s| format!("{s} s"))
        };
        out.push(format!(
            "renew_before: {} -> {}",
            secs(spec.renewal),
            secs(req.renewal)
        ));
    }
    out
}
