//! Keeps each lineage's renewal information (RFC 9773) fresh: carries out the schedule that
//! [`crate::renewal::ari`] decides (when to ask, what to keep from the answer, when to ask
//! again) by fetching and saving.
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
use crate::renewal::ari::{self, AriAnswer};

/// One lineage whose renewal information is due for a refresh.
pub(super) struct Stale {
    name: CertName,
    account: String,
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
        });
    }
    by_ca
}

/// Refreshes the renewal information of `stale` lineages, every CA at once; returns the
/// lineages whose state was saved, with that state (to be decided about again).
pub(super) async fn refresh(
    ctx: &Context,
    stale: BTreeMap<String, Vec<Stale>>,
    now: OffsetDateTime,
) -> Vec<(CertName, LineageState)> {
    let mut rounds = JoinSet::new();
    for (ca, lineages) in stale {
        rounds.spawn(refresh_ca(ctx.clone(), ca, lineages, now));
    }
    let mut saved = Vec::new();
    while let Some(round) = rounds.join_next().await {
        saved.extend(round.unwrap_or_default());
    }
    saved
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

/// One CA's round; whatever it did not get to once the CA failed or stalled is skipped, keeping
/// its last window and saying why.
async fn refresh_ca(
    ctx: Context,
    ca: String,
    lineages: Vec<Stale>,
    now: OffsetDateTime,
) -> Vec<(CertName, LineageState)> {
    let mut done: HashMap<CertName, LineageState> = HashMap::new();
    let why = match fetch_all(&ctx, &ca, &lineages, now, &mut done).await {
        RoundEnd::Finished => return done.into_iter().collect(),
        RoundEnd::Failed(why) => format!("skipped: {why}"),
        RoundEnd::Stalled => format!(
            "skipped: the CA did not answer within {}s; asked again in an hour",
            ctx.limits.exchange.as_secs()
        ),
    };
    let mut saved: Vec<(CertName, LineageState)> = Vec::with_capacity(lineages.len());
    for lineage in lineages {
        if let Some(state) = done.remove(&lineage.name) {
            saved.push((lineage.name, state));
        } else if let Some(state) = update(&ctx, &lineage.name, AriAnswer::Failed(why.clone()), now)
        {
            saved.push((lineage.name, state));
        }
    }
    saved
}

/// Logs in once per account and fetches every lineage's window, the CA's bound at a time;
/// records in `done` each lineage whose new state is saved. Stops at the first failed fetch,
/// or when the CA gives no answer for one request deadline (`limits.exchange`): a CA that
/// stalls is given up on after that, not after every retry of every request.
async fn fetch_all(
    ctx: &Context,
    ca: &str,
    lineages: &[Stale],
    now: OffsetDateTime,
    done: &mut HashMap<CertName, LineageState>,
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
    // mean ten thousand tasks in memory. Each answer is saved off the runtime's thread (two
    // fsyncs) while the next fetches go on; every save has ended when this returns, so nothing
    // else writes a lineage's state while one of them may.
    let limit = ctx.limits.concurrency.at(ca);
    let mut queue = lineages.iter().filter_map(|lineage| {
        let Some(Some(account)) = accounts.get(lineage.account.as_str()) else {
            return None;
        };
        Some((lineage.name.clone(), account.clone()))
    });
    let mut fetches = JoinSet::new();
    let mut saves = JoinSet::new();
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
        while saves.len() >= SAVES_IN_FLIGHT {
            collect_save(saves.join_next().await, done);
        }
        let ctx = ctx.clone();
        saves.spawn_blocking(move || update(&ctx, &name, answer, now).map(|state| (name, state)));
    };
    while let Some(saved) = saves.join_next().await {
        collect_save(Some(saved), done);
    }
    match end {
        RoundEnd::Finished if failing => {
            RoundEnd::Failed("the CA failed to answer for another certificate in this run".into())
        }
        end => end,
    }
}

/// How many renewal states are saved at once: their fsyncs overlap (the file system commits
/// them together), which is what makes a round over thousands of lineages fast.
const SAVES_IN_FLIGHT: usize = 32;

/// Notes a finished save in `done` when it stored the lineage's new state.
fn collect_save(
    joined: Option<Result<Option<(CertName, LineageState)>, tokio::task::JoinError>>,
    done: &mut HashMap<CertName, LineageState>,
) {
    if let Some(Ok(Some((name, state)))) = joined {
        done.insert(name, state);
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

/// Applies `answer` to the lineage's state as it is now on disk (a deploy hook retried since
/// it was planned may have changed it) and saves it; returns the state saved, or `None` (with a
/// warning) when it cannot be.
fn update(
    ctx: &Context,
    name: &CertName,
    answer: AriAnswer,
    now: OffsetDateTime,
) -> Option<LineageState> {
    let lineage = ctx.store.lineage(name);
    let saved = lineage.load_state().and_then(|mut state| {
        ari::after_fetch(state.ari.as_ref(), answer, now).apply(&mut state);
        lineage.save_ari_state(&state).map(|()| state)
    });
    match saved {
        Ok(state) => Some(state),
        Err(err) => {
            ctx.events.warn(format!(
                "could not save the renewal state of '{name}': {err}"
            ));
            None
        }
    }
}
