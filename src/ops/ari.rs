//! Keeps each lineage's renewal information (RFC 9773) fresh: carries out the schedule that
//! [`crate::renewal::ari`] decides (when to ask, what to keep from the answer, when to ask
//! again) by fetching and saving. A round's answers are saved together
//! ([`crate::store::Store::save_ari_states`]), every few seconds and when it has ended: over ten
//! thousand lineages, the file store then writes one cache file a few times, not one file per
//! lineage.
//!
//! A CA that does not answer must never slow the rest: every CA is asked at once, each with
//! at most its bound (`limits.concurrency`, 8 unless the config says otherwise) requests in
//! flight. A CA that gives no answer for one request
//! deadline (`limits.exchange`, account login included), or fails a fetch, is skipped for the
//! rest of the run: its lineages keep their last window and record why (`status` shows it).
//! So a dead CA costs one deadline per run, not one per lineage, and nothing for the other
//! CAs; `renew` runs this beside the orders that are already due.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedSender;
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
    /// Its state as planned: what the answer is applied to.
    state: LineageState,
    /// The version current when planned: the certificate the answer is about.
    version: u32,
}

/// One answer applied to its lineage's planned state, with the version it is about.
type Answered = (CertName, LineageState, u32);

/// The lineages among `planned` whose renewal information is due at `now`, by CA.
pub(super) fn stale(planned: &[Planned], now: OffsetDateTime) -> BTreeMap<String, Vec<Stale>> {
    let mut by_ca: BTreeMap<String, Vec<Stale>> = BTreeMap::new();
    for item in planned {
        let Some(current) = &item.current else {
            continue;
        };
        if !ari::fetch_due(&item.state, now) {
            continue;
        }
        by_ca.entry(item.spec.ca.clone()).or_default().push(Stale {
            name: item.spec.name.clone(),
            account: item.spec.account.clone(),
            state: item.state.clone(),
            version: current.version,
        });
    }
    by_ca
}

/// How long answers wait in memory before they are saved: a round over thousands of
/// lineages at a remote CA takes minutes, and a run stopped or killed meanwhile (a daemon
/// restarted, a cron job's timeout) loses at most this much of it, not the whole round. A
/// round shorter than this is saved once, at its end.
const SAVE_EVERY: Duration = Duration::from_secs(10);

/// Refreshes the renewal information of `stale` lineages, every CA at once, saving the answers
/// as they come: each at most [`SAVE_EVERY`] after it came, and what is left when every CA's
/// round has ended. Returns every lineage answered about, with its state and the answer
/// applied (to be decided about again), whether or not its save succeeded.
pub(super) async fn refresh(
    ctx: &Context,
    stale: BTreeMap<String, Vec<Stale>>,
    now: OffsetDateTime,
) -> Vec<(CertName, LineageState)> {
    let (sender, mut answers) = tokio::sync::mpsc::unbounded_channel();
    let mut rounds = JoinSet::new();
    for (ca, lineages) in stale {
        rounds.spawn(refresh_ca(ctx.clone(), ca, lineages, now, sender.clone()));
    }
    // The channel closes when the last round has ended (and dropped its sender).
    drop(sender);
    let mut refreshed = Vec::new();
    let mut unsaved = Vec::new();
    // The oldest unsaved answer waits at most SAVE_EVERY, however slowly the next ones come.
    let mut save_by = tokio::time::Instant::now();
    loop {
        let next = if unsaved.is_empty() {
            answers.recv().await
        } else if let Ok(next) = tokio::time::timeout_at(save_by, answers.recv()).await {
            next
        } else {
            refreshed.extend(save(ctx, std::mem::take(&mut unsaved)).await);
            continue;
        };
        let Some(answered) = next else {
            break;
        };
        if unsaved.is_empty() {
            save_by = tokio::time::Instant::now() + SAVE_EVERY;
        }
        unsaved.push(answered);
    }
    while rounds.join_next().await.is_some() {}
    if !unsaved.is_empty() {
        refreshed.extend(save(ctx, unsaved).await);
    }
    refreshed
}

/// Saves the renewal information of `answered`, except for a lineage whose current version is
/// no longer the one asked about (renewed since, here or, in a fleet, on another node and
/// materialized here): that window is about the old certificate and would schedule the new
/// one. Returns the states to decide again with: the saved ones and those that could not be
/// saved (the answer holds for this run; a warning says why, and the CA is asked again next
/// run).
async fn save(ctx: &Context, answered: Vec<Answered>) -> Vec<(CertName, LineageState)> {
    let saving = ctx.blocking(move |ctx| {
        let states = about_current_versions(ctx.store.as_ref(), answered);
        let saved = ctx.store.save_ari_states(&states);
        Ok((states, saved))
    });
    match saving.await {
        Ok((states, Ok(failed))) => {
            for (name, err) in &failed {
                ctx.events.warn(format!(
                    "could not save the renewal state of '{name}': {err}"
                ));
            }
            states
        }
        Ok((states, Err(err))) => {
            ctx.events.warn(format!(
                "could not save the renewal information just fetched ({} certificates; the CA \
                 is asked again next run): {err}",
                states.len()
            ));
            states
        }
        Err(err) => {
            ctx.events.warn(format!(
                "could not save the renewal information just fetched: {err}"
            ));
            Vec::new()
        }
    }
}

/// The answers about the version still current in `store` (one that cannot be read counts as
/// replaced).
fn about_current_versions(
    store: &dyn crate::store::Store,
    answered: Vec<Answered>,
) -> Vec<(CertName, LineageState)> {
    answered
        .into_iter()
        .filter(|(name, _, version)| {
            store.lineage(name).current_version().ok().flatten() == Some(*version)
        })
        .map(|(name, state, _)| (name, state))
        .collect()
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

/// One CA's round: sends each lineage's planned state with the answer about it applied to
/// `answered` as the answer comes; whatever it did not get to once the CA failed or stalled
/// is skipped, keeping its last window and saying why.
async fn refresh_ca(
    ctx: Context,
    ca: String,
    lineages: Vec<Stale>,
    now: OffsetDateTime,
    answered: UnboundedSender<Answered>,
) {
    let mut asked = vec![false; lineages.len()];
    let send = |lineage: &Stale, answer: AriAnswer| {
        let mut state = lineage.state.clone();
        ari::after_fetch(state.ari.as_ref(), answer, now).apply(&mut state);
        // Nobody receives only once `refresh` was dropped (the run is stopping).
        let _ = answered.send((lineage.name.clone(), state, lineage.version));
    };
    let end = fetch_all(&ctx, &ca, &lineages, &mut |index, answer| {
        asked[index] = true;
        send(&lineages[index], answer);
    })
    .await;
    let why = match end {
        RoundEnd::Finished => return,
        RoundEnd::Failed(why) => format!("skipped: {why}"),
        RoundEnd::Stalled => format!(
            "skipped: the CA did not answer within {}s; asked again in an hour",
            ctx.limits.exchange.as_secs()
        ),
    };
    for (lineage, _) in lineages.iter().zip(&asked).filter(|(_, asked)| !**asked) {
        send(lineage, AriAnswer::Failed(why.clone()));
    }
}

/// Logs in once per account and fetches every lineage's window, the CA's bound at a time;
/// hands each answer to `on_answer` with the lineage's index in `lineages`. Stops at the first
/// failed fetch, or when the CA gives no answer for one request deadline (`limits.exchange`):
/// a CA that stalls is given up on after that, not after every retry of every request.
async fn fetch_all(
    ctx: &Context,
    ca: &str,
    lineages: &[Stale],
    on_answer: &mut impl FnMut(usize, AriAnswer),
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
    let mut queue = lineages.iter().enumerate().filter_map(|(index, lineage)| {
        let Some(Some(account)) = accounts.get(lineage.account.as_str()) else {
            return None;
        };
        Some((index, lineage.name.clone(), account.clone()))
    });
    let mut fetches = JoinSet::new();
    let mut failing = false;
    let end = loop {
        while !failing && fetches.len() < limit {
            let Some((index, name, account)) = queue.next() else {
                break;
            };
            let ctx = ctx.clone();
            fetches.spawn(async move {
                let answer = fetch(&ctx, &account, &name).await;
                (index, answer)
            });
        }
        // Dropping the set on a stall aborts the fetches still in flight.
        let (index, answer) = match tokio::time::timeout(deadline, fetches.join_next()).await {
            Err(_) => break RoundEnd::Stalled,
            Ok(None) => break RoundEnd::Finished,
            Ok(Some(Ok((index, Some(answer))))) => (index, answer),
            Ok(Some(_)) => continue,
        };
        failing |= matches!(answer, AriAnswer::Failed(_));
        on_answer(index, answer);
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

#[cfg(test)]
mod tests {
    use crate::domain::{CertName, CertRecord, LineageState};
    use crate::store::{FsStore, NewVersion, Store};

    fn record(name: &CertName) -> CertRecord {
        CertRecord {
            version: 0,
            serial: "01".into(),
            identifiers: vec![name.as_str().parse().unwrap()],
            not_before: time::macros::datetime!(2026-11-26 08:00 UTC),
            not_after: time::macros::datetime!(2027-02-24 08:00 UTC),
            issuer: "CN=test".into(),
            key_type: None,
            issued_at: time::macros::datetime!(2026-11-26 08:00 UTC),
            order_url: None,
            ca: "https://ca.test/dir".into(),
        }
    }

    #[test]
    fn an_answer_about_a_version_since_replaced_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let names: Vec<CertName> = ["kept.test", "renewed.test", "never.test"]
            .iter()
            .map(|n| n.parse().unwrap())
            .collect();
        for name in &names {
            std::fs::create_dir_all(dir.path().join("certs").join(name.as_str())).unwrap();
        }
        for name in &names[..2] {
            let files = NewVersion {
                cert: "cert",
                chain: "chain",
                fullchain: "fullchain",
                privkey: Some("key"),
            };
            let mut record = record(name);
            Store::write_version(&store, name, &files, &mut record).unwrap();
        }
        // renewed.test got version 2 while the CA was asked about version 1.
        let files = NewVersion {
            cert: "cert 2",
            chain: "chain",
            fullchain: "fullchain",
            privkey: Some("key"),
        };
        let mut record = record(&names[1]);
        Store::write_version(&store, &names[1], &files, &mut record).unwrap();
        let answered = names
            .iter()
            .map(|name| (name.clone(), LineageState::default(), 1))
            .collect();
        let kept = super::about_current_versions(&store, answered);
        let kept: Vec<&str> = kept.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(kept, ["kept.test"]);
    }
}
