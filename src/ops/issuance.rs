//! The ACME issuance pipeline for one planned certificate: the key (journaled before anything
//! is sent), the order (resumed from the journal when the CA still holds it), every challenge
//! presented and cleaned up whatever happens, validation, finalization, the chain choice, the
//! checks, and the new version stored.

use std::time::Duration;

use instant_acme::ChallengeType;

use super::Context;
use super::OpsError;
use super::events::Event;
use super::obtain::{ObtainReport, ObtainRequest, Paths, paths_of};
use super::obtain_input::Plan;
use crate::acme::validate::{self, CheckedChain};
use crate::acme::{AcmeAccount, Downloaded, OrderSession};
use crate::challenge::{self, Solver};
use crate::domain::{CertName, CertRecord, ChallengeKind};
use crate::error::Error;
use crate::failpoint;
use crate::keys;
use crate::store::{AccountRecord, JournalEntry, NewVersion};

/// How long to wait for the CA to validate, and again to issue.
const ORDER_STEP_LIMIT: Duration = Duration::from_secs(180);

/// The certificate key for this attempt: a journaled one when an interrupted run left it (so
/// the journaled order's CSR still matches), else a fresh one; `None` for a CSR lineage. The
/// key and the attempt are journaled before anything is sent. Returns what the journal says
/// about the order to resume. Dry runs neither read nor write the journal.
async fn prepare_key(
    ctx: &Context,
    req: &ObtainRequest,
    plan: &Plan,
) -> Result<(Option<keys::CertKey>, Journaled), Error> {
    let journaled = if req.dry_run {
        None
    } else {
        // An unreadable journal cannot be resumed: a new order it is, but said aloud, since an
        // order the CA may still hold is being left behind (the next save replaces the file).
        ctx.store.journal_load(&plan.name).unwrap_or_else(|err| {
            ctx.events.warn(format!(
                "the journal of '{}' cannot be read, so its order is not resumed: {err}",
                plan.name
            ));
            None
        })
    };
    let journaled = journaled.filter(|(entry, key)| {
        journal_fits(
            entry,
            key.as_deref(),
            &plan.ca_url,
            &plan.identifiers,
            req.key_type,
        )
    });
    let resume_url = journaled
        .as_ref()
        .and_then(|(entry, _)| entry.order_url.clone());
    let order_requested = journaled
        .as_ref()
        .and_then(|(entry, _)| entry.order_requested);
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
        // An EC key takes microseconds: made here, not handed to a thread that must first be
        // started or woken. RSA takes up to seconds, which would stall every other task.
        (None, None) if req.key_type.rsa_bits().is_none() => Some(keys::generate(req.key_type)?),
        (None, None) => {
            let spec = req.key_type;
            Some(
                tokio::task::spawn_blocking(move || keys::generate(spec))
                    .await
                    .map_err(OpsError::KeyGeneration)??,
            )
        }
    };
    // With no order to resume or look for, the next request is a `newOrder`: it is journaled as
    // sent in this same write, one sync fewer before it (killed before it goes out, the next
    // run looks for it at the CA and finds none).
    let order_noted = !req.dry_run && resume_url.is_none() && order_requested.is_none();
    if !req.dry_run {
        let now = ctx.clock.now();
        let entry = JournalEntry {
            ca: plan.ca_url.clone(),
            identifiers: plan.identifiers.clone(),
            order_url: resume_url.clone(),
            order_requested: if order_noted {
                Some(now)
            } else {
                order_requested
            },
            started: now,
        };
        let name = plan.name.clone();
        let key_pem = key.as_ref().map(|k| k.pem.clone());
        ctx.blocking(move |ctx| Ok(ctx.store.journal_begin(&name, &entry, key_pem.as_deref())?))
            .await?;
        failpoint::hit("after-key");
    }
    Ok((
        key,
        Journaled {
            url: resume_url,
            lost_order: order_requested.is_some(),
            order_noted,
        },
    ))
}

/// True when an interrupted run's order can be resumed by this one: the same CA and names, and
/// a journaled key of the type asked for now (an `edit --key-type` since then means a new key,
/// so a new order).
fn journal_fits(
    entry: &JournalEntry,
    key_pem: Option<&str>,
    ca_url: &str,
    identifiers: &[crate::domain::Identifier],
    key_type: crate::domain::KeySpec,
) -> bool {
    use x509_parser::prelude::FromDer;
    let key_fits = key_pem.is_none_or(|pem| {
        let Ok(pair) = rcgen::KeyPair::from_pem(pem) else {
            return false;
        };
        let spki = keys::spki_der(&pair);
        x509_parser::x509::SubjectPublicKeyInfo::from_der(&spki)
            .ok()
            .and_then(|(_, info)| keys::key_type_of(&info))
            == Some(key_type)
    });
    entry.ca == ca_url && entry.identifiers == identifiers && key_fits
}

/// The order an interrupted run left in the journal.
#[derive(Default)]
struct Journaled {
    /// Its URL, when the CA's answer was recorded.
    url: Option<String>,
    /// A `newOrder` was sent but its answer never recorded: look for it at the CA.
    lost_order: bool,
    /// This run's journal entry already says a `newOrder` is sent.
    order_noted: bool,
}

/// Stores the checked certificate as a new version (or recognizes it as already stored by a
/// killed run) and clears the journal; returns the version and its paths. Blocking (fsyncs):
/// run through [`Context::blocking`].
fn store_issued(
    ctx: &Context,
    name: &CertName,
    privkey: Option<&str>,
    checked: &CheckedChain,
    meta: &mut CertRecord,
    resumed: bool,
) -> Result<(u32, Paths), Error> {
    let lineage = ctx.store.lineage(name);
    if resumed
        && let Ok(Some(current)) = lineage.current_record()
        && current.serial == checked.serial
    {
        ctx.store.journal_clear(name)?;
        return Ok((
            current.version,
            paths_of(&lineage.current_files(privkey.is_some())),
        ));
    }
    let files = NewVersion {
        cert: &checked.cert,
        chain: &checked.chain,
        fullchain: &checked.fullchain,
        privkey,
    };
    lineage.write_version(&files, meta)?;
    let events = match &meta.order_url {
        Some(url) => ctx.events.with_order(url),
        None => ctx.events.clone(),
    };
    events.send(Event::Stored {
        version: meta.version,
    });
    // Stored: the attempt is over. Should clearing fail, the next run finds the same serial
    // already current and stores nothing twice.
    if let Err(err) = ctx.store.journal_clear(name) {
        ctx.events.warn(format!(
            "could not clear the order journal of '{name}': {err}"
        ));
    }
    // Paths under `current/`, which stay valid across renewals (what a server config names).
    Ok((
        meta.version,
        paths_of(&lineage.current_files(privkey.is_some())),
    ))
}

pub(super) async fn obtain_with_spec(
    ctx: &Context,
    req: &ObtainRequest,
    plan: &Plan,
    record: &AccountRecord,
    account: &AcmeAccount,
    solver: &dyn Solver,
) -> Result<ObtainReport, Error> {
    let (key, journaled) = prepare_key(ctx, req, plan).await?;
    let resume_url = journaled.url.clone();
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
        journaled: &journaled,
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
        let name = plan.name.clone();
        let privkey = key.as_ref().map(|k| k.pem.clone());
        let resumed = resume_url.is_some();
        let stored = checked.clone();
        let (version, paths) = ctx
            .blocking(move |ctx| {
                store_issued(ctx, &name, privkey.as_deref(), &stored, &mut meta, resumed)
            })
            .await?;
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
    journaled: &'a Journaled,
}

/// The ACME part, stopped by the context's cancellation token; every challenge answer that was
/// presented is removed again whatever happens (success, failure, cancellation).
async fn issue(job: &Issue<'_>) -> Result<(String, CheckedChain), Error> {
    let presented = std::sync::Mutex::new(Vec::new());
    let limit = job.ctx.limits.order;
    let bounded = async {
        tokio::time::timeout(limit, order_and_download(job, &presented))
            .await
            .unwrap_or_else(|_| Err(OpsError::OrderDeadline { limit }.into()))
    };
    let outcome = job.ctx.cancel.run(bounded).await;
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

/// The journal write of a new order's URL, still running (see [`open_order`]).
type Noting = Option<tokio::task::JoinHandle<Result<(), Error>>>;

/// The journaled order when the CA still holds it, else a new one (journaled at once). A
/// `newOrder` is journaled as sent before it goes out: when its answer is lost, this run or the
/// next finds the order in the account's orders list instead of placing a second one. So the
/// new order's URL only spares that look: its journal write is returned still running, to go
/// on beside the validation.
async fn open_order(job: &Issue<'_>) -> Result<(OrderSession, Noting), Error> {
    let Issue {
        ctx,
        account,
        plan,
        req,
        ..
    } = *job;
    if let Some(url) = &job.journaled.url
        && let Some(order) = account.resume_order(url).await
    {
        return Ok((order, None));
    }
    let mut entry = JournalEntry {
        ca: plan.ca_url.clone(),
        identifiers: plan.identifiers.clone(),
        order_url: None,
        order_requested: None,
        started: ctx.clock.now(),
    };
    let found = if job.journaled.lost_order {
        account.find_order(&plan.identifiers).await?
    } else {
        None
    };
    let order = if let Some(order) = found {
        order
    } else {
        if !req.dry_run && !job.journaled.order_noted {
            entry.order_requested = Some(ctx.clock.now());
            journal_write(ctx, plan, &entry).await?;
        }
        // ARI `replaces` only where the CA is not known to ignore it.
        let replaces = req.replaces.as_deref().filter(|_| {
            ctx.store
                .ca_notes(&plan.ca_url)
                .replaces_ignored_since
                .is_none()
        });
        account
            .new_order(&plan.identifiers, req.profile.as_deref(), replaces)
            .await?
    };
    if order.replaces_ignored() && !req.dry_run {
        ctx.events.warn(format!(
            "the CA '{}' does not honour ARI 'replaces'; its renewals are ordered without it from now on",
            plan.ca_url
        ));
        if let Err(err) = ctx
            .store
            .note_replaces_ignored(&plan.ca_url, ctx.clock.now())
        {
            ctx.events.warn(format!("could not record that: {err}"));
        }
    }
    let noting = (!req.dry_run).then(|| {
        entry.order_url = Some(order.url().to_owned());
        entry.order_requested = None;
        let (ctx, name) = (ctx.clone(), plan.name.clone());
        tokio::task::spawn_blocking(move || Ok(ctx.store.journal_write(&name, &entry)?))
    });
    Ok((order, noting))
}

/// Rewrites the journal entry of `plan`'s lineage, off the runtime's thread.
async fn journal_write(ctx: &Context, plan: &Plan, entry: &JournalEntry) -> Result<(), Error> {
    let (name, entry) = (plan.name.clone(), entry.clone());
    ctx.blocking(move |ctx| Ok(ctx.store.journal_write(&name, &entry)?))
        .await
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
    validate::pick_chain(chains, Some(want)).ok_or_else(|| OpsError::NoChain.into())
}

async fn order_and_download(
    job: &Issue<'_>,
    presented: &std::sync::Mutex<Vec<challenge::Response>>,
) -> Result<(String, CheckedChain), Error> {
    let (mut order, mut noting) = open_order(job).await?;
    // "after-order" means ordered and journaled: a run killed there must leave the order's URL
    // on record (in a real crash before the write lands, the next run finds the order in the
    // account's orders list instead).
    if failpoint::armed("after-order")
        && let Some(noting) = noting.take()
    {
        noting.await.map_err(OpsError::StoreTask)??;
    }
    failpoint::hit("after-order");
    let validated = validate(job, &mut order, presented).await;
    // Done before going on or giving up: a run that failed clears the journal, and this write
    // must not come after that.
    if let Some(noting) = noting {
        noting.await.map_err(OpsError::StoreTask)??;
    }
    validated?;
    let events = job.ctx.events.with_order(order.url());
    events.send(Event::Finalizing);
    let downloaded = order
        .finalize_and_download(job.csr_der, ORDER_STEP_LIMIT)
        .await?;
    let checked = choose_chain(job, &order, &downloaded).await?;
    events.send(Event::CertificateIssued {
        serial: checked.serial.clone(),
        not_after: checked.not_after,
    });
    Ok((order.url().to_owned(), checked))
}

/// Presents every challenge of the order, has the CA validate them, and removes the answers
/// again.
async fn validate(
    job: &Issue<'_>,
    order: &mut OrderSession,
    presented: &std::sync::Mutex<Vec<challenge::Response>>,
) -> Result<(), Error> {
    let Issue { ctx, solver, .. } = *job;
    let kind = match solver.kind() {
        ChallengeKind::Http01 => ChallengeType::Http01,
        ChallengeKind::TlsAlpn01 => ChallengeType::TlsAlpn01,
        ChallengeKind::Dns01 => ChallengeType::Dns01,
    };
    let tasks = order.challenges(kind).await?;
    // From here on every event names the order too.
    let events = ctx.events.with_order(order.url());
    events.send(Event::OrderCreated {
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
        events.send(Event::ChallengePresented {
            identifier: response.identifier.clone(),
            challenge: solver.kind(),
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
        events.send(Event::ValidationStarted { count: tasks.len() });
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
    events.send(Event::AuthorizationsValid);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Identifier, KeySpec};

    #[test]
    fn a_journaled_key_of_another_type_is_not_resumed() {
        let identifiers = vec!["example.org".parse::<Identifier>().unwrap()];
        let entry = JournalEntry {
            ca: "https://ca.test/dir".into(),
            identifiers: identifiers.clone(),
            order_url: Some("https://ca.test/order/1".into()),
            order_requested: None,
            started: time::macros::datetime!(2026-11-30 00:00 UTC),
        };
        let key = keys::generate(KeySpec::EcP256).unwrap();
        let fits = |pem: Option<&str>, ca: &str, key_type| {
            journal_fits(&entry, pem, ca, &identifiers, key_type)
        };
        assert!(fits(Some(&key.pem), "https://ca.test/dir", KeySpec::EcP256));
        assert!(!fits(
            Some(&key.pem),
            "https://ca.test/dir",
            KeySpec::EcP384
        ));
        assert!(!fits(
            Some(&key.pem),
            "https://other.test/dir",
            KeySpec::EcP256
        ));
        // A CSR lineage journals no key.
        assert!(fits(None, "https://ca.test/dir", KeySpec::EcP384));
    }
}
