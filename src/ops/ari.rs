//! Keeps each lineage's renewal information (RFC 9773) fresh: carries out the schedule that
//! [`crate::renewal::ari`] decides (when to ask, what to keep from the answer, when to ask
//! again) by fetching and saving. A round's answers are saved together when it has ended
//! ([`crate::store::Store::save_ari_states`]): over ten thousand lineages, the file store then
//! writes one cache file, not one per lineage.
//!
//! A CA that does not answer must never slow the rest: every CA is asked at once, each with
//! at most its bound (`limits.concurrency`, 8 unless the config says otherwise) requests in
//! flight. A CA that gives no answer for one request
//! deadline (`limits.exchange`, account login included), or fails a fetch, is skipped for the
//! rest of the run: its lineages keep their last window and record why (`status` shows it).
//! So a dead CA costs one deadline per run, not one per lineage, and nothing for the other
//! CAs; `renew` runs this beside the orders that are already due.

use std::collections::{BTreeMap, HashMap};

use time::OffsetDateTime;
use tokio::task::JoinSet;

use super::Context;
use super::account::{find_account, login};
use super::renew::Planned;
use crate::acme::AcmeAccount;
use crate::domain::{CertName, LineageState};
use crate::error::Error;
use crate::renewal::ari::{self, AriAnswer};

/// One lineage whose renewal information is due for a refresh.
pub(super) struct Stale {
    name: CertName,
    account: String,
    /// Its state as planned: what the answer is applied to.
    state: LineageState,
}

/// The lineages among `planned` whose renewal information is due at `now`, by CA.
pub(super) fn stale(planned: &[Planned], now: OffsetDateTime) -> BTreeMap<String, Vec<Stale>> {
    let mut by_ca: BTreeMap<String, Vec<Stale>> = BTreeMap::new();
    for item in planned {
        if item.current.is_none() || !ari::fetch_due(&item.state, now) {
            continue;
        }
        by_ca.entry(item.spec.ca.clone()).or_default().push(Stale {
            name: item.spec.name.clone(),
            account: item.spec.account.clone(),
            state: item.state.clone(),
        });
    }
    by_ca
}

/// Refreshes the renewal information of `stale` lineages, every CA at once, and saves it all
/// together once every CA's round has ended (under the store lock, so nothing else writes a
/// lineage's state meanwhile but this run's own deploys, whose `state.json` the windows are
/// saved over); returns the lineages whose state was saved, with that state (to be decided
/// about again).
pub(super) async fn refresh(
    ctx: &Context,
    stale: BTreeMap<String, Vec<Stale>>,
    now: OffsetDateTime,
) -> Vec<(CertName, LineageState)> {
    let mut rounds = JoinSet::new();
    for (ca, lineages) in stale {
        rounds.spawn(refresh_ca(ctx.clone(), ca, lineages, now));
    }
    let mut refreshed = Vec::new();
    while let Some(round) = rounds.join_next().await {
        refreshed.extend(round.unwrap_or_default());
    }
    if refreshed.is_empty() {
        return refreshed;
    }
    let saving = ctx.blocking(move |ctx| {
        let failed = ctx.store.save_ari_states(&refreshed).map_err(Error::from)?;
        Ok((refreshed, failed))
    });
    match saving.await {
        Ok((mut saved, failed)) => {
            for (name, err) in &failed {
                ctx.events.warn(format!(
                    "could not save the renewal state of '{name}': {err}"
                ));
            }
            saved.retain(|(name, _)| !failed.iter().any(|(not_saved, _)| not_saved == name));
            saved
        }
        Err(err) => {
            ctx.events.warn(format!(
                "could not save the renewal states just fetched: {err}"
            ));
            Vec::new()
        }
    }
}

/// How a CA's round ended.
enum RoundEnd {
    /// Every lineage was asked about.
    Finished,
    /// A fetch or the login failed (why): the CA is not asked again in this run.
    Failed(String),
    /// Nothing came back for one request deadline.
    Stalled,
}

/// One CA's round: each lineage's state with the answer about it applied; whatever it did not
/// get to once the CA failed or stalled is skipped, keeping its last window and saying why.
async fn refresh_ca(
    ctx: Context,
    ca: String,
    lineages: Vec<Stale>,
    now: OffsetDateTime,
) -> Vec<(CertName, LineageState)> {
    let mut answers: HashMap<CertName, AriAnswer> = HashMap::new();
    let why = match fetch_all(&ctx, &ca, &lineages, &mut answers).await {
        RoundEnd::Finished => None,
        RoundEnd::Failed(why) => Some(format!("skipped: {why}")),
        RoundEnd::Stalled => Some(format!(
            "skipped: the CA did not answer within {}s; asked again in an hour",
            ctx.limits.exchange.as_secs()
        )),
    };
    let mut refreshed = Vec::with_capacity(answers.len());
    for Stale {
        name, mut state, ..
    } in lineages
    {
        let Some(answer) = answers
            .remove(&name)
            .or_else(|| why.clone().map(AriAnswer::Failed))
        else {
            continue;
        };
        ari::after_fetch(state.ari.as_ref(), answer, now).apply(&mut state);
        refreshed.push((name, state));
    }
    refreshed
}

/// Logs in once per account and fetches every lineage's window, the CA's bound at a time;
/// records each answer in `answers`. Stops at the first failed fetch, or when the CA gives no
/// answer for one request deadline (`limits.exchange`): a CA that stalls is given up on after
/// that, not after every retry of every request.
async fn fetch_all(
    ctx: &Context,
    ca: &str,
    lineages: &[Stale],
    answers: &mut HashMap<CertName, AriAnswer>,
) -> RoundEnd {
    let deadline = ctx.limits.exchange;
    let mut accounts: HashMap<&str, Option<AcmeAccount>> = HashMap::new();
    for lineage in lineages {
        if accounts.contains_key(lineage.account.as_str()) {
            continue;
        }
        // An account that cannot be used (gone, deactivated) leaves its lineages as they are:
        // `renew` reports it when they are due.
        let Ok(record) = find_account(ctx, Some(&lineage.account), Some(ca)) else {
            accounts.insert(&lineage.account, None);
            continue;
        };
        let account = match tokio::time::timeout(deadline, login(ctx, &record)).await {
            Err(_) => return RoundEnd::Stalled,
            Ok(Err(err)) if err.kind == crate::error::Kind::Transient => {
                return RoundEnd::Failed(format!("could not log in to the CA: {err}"));
            }
            Ok(account) => account.ok(),
        };
        accounts.insert(&lineage.account, account);
    }
    // Fetches are started as slots free up, never all at once: ten thousand lineages must not
    // mean ten thousand tasks in memory.
    let limit = ctx.limits.concurrency.at(ca);
    let mut queue = lineages.iter().filter_map(|lineage| {
        let Some(Some(account)) = accounts.get(lineage.account.as_str()) else {
            return None;
        };
        Some((lineage.name.clone(), account.clone()))
    });
    let mut fetches = JoinSet::new();
    let mut failing = false;
    let end = loop {
        while !failing && fetches.len() < limit {
            let Some((name, account)) = queue.next() else {
                break;
            };
            let ctx = ctx.clone();
            fetches.spawn(async move {
                let answer = fetch(&ctx, &account, &name).await;
                (name, answer)
            });
        }
        // Dropping the set on a stall aborts the fetches still in flight.
        let (name, answer) = match tokio::time::timeout(deadline, fetches.join_next()).await {
            Err(_) => break RoundEnd::Stalled,
            Ok(None) => break RoundEnd::Finished,
            Ok(Some(Ok((name, Some(answer))))) => (name, answer),
            Ok(Some(_)) => continue,
        };
        failing |= matches!(answer, AriAnswer::Failed(_));
        answers.insert(name, answer);
    };
    match end {
        RoundEnd::Finished if failing => {
            RoundEnd::Failed("the CA failed to answer for another certificate in this run".into())
        }
        end => end,
    }
}

/// Asks the CA about the lineage's current certificate (`None`: it has none that can be read).
async fn fetch(ctx: &Context, account: &AcmeAccount, name: &CertName) -> Option<AriAnswer> {
    let cert_der = ctx
        .store
        .lineage(name)
        .read_current_file("cert.pem")
        .ok()
        .and_then(|pem| crate::acme::validate::certificates_from_pem(&pem).ok())
        .and_then(|ders| ders.into_iter().next())?;
    Some(match account.renewal_info(&cert_der).await {
        Ok(Some(window)) => AriAnswer::Window {
            start: window.start,
            end: window.end,
            explanation_url: window.explanation_url,
            refresh_after: window.refresh_after,
            // Used only for a window not seen before; `None` when the OS source fails.
            random: getrandom::u64().ok(),
        },
        Ok(None) => AriAnswer::NotOffered,
        Err(err) => AriAnswer::Failed(format!("could not fetch the renewal information: {err}")),
    })
}
