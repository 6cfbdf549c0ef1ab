//! Keeps each lineage's renewal information (RFC 9773) fresh: asks the CA when the lineage's
//! `ari_next_fetch` has come (at least twice a day, as the CA's Retry-After says), picks a
//! random moment inside a new window and keeps it while the window stays the same. A CA without
//! ARI is asked again only after 12 hours; a failed fetch after an hour, keeping the old window.
//! After one failed fetch the CA is not asked again in this run: a CA that stalls costs one
//! bounded wait, not one per certificate while the store lock is held.

use std::collections::{HashMap, HashSet};

use time::{Duration, OffsetDateTime};

use super::Context;
use super::account::{find_account, login};
use crate::acme::AcmeAccount;
use crate::renewal::{AriState, pick_in_window};
use crate::store::LineageEntry;

const NO_ARI_RECHECK: Duration = Duration::hours(12);
const FAILED_FETCH_RECHECK: Duration = Duration::hours(1);
const UNUSABLE_WINDOW_RECHECK: Duration = Duration::hours(6);

/// Refreshes the renewal information of every lineage of `entries` (the store as just listed,
/// or the named ones) that is due for it. True when it wrote any state: `entries` is then out
/// of date.
pub(super) async fn refresh(
    ctx: &Context,
    entries: &[LineageEntry],
    only: &[String],
    now: OffsetDateTime,
) -> bool {
    let mut accounts: HashMap<(String, String), Option<AcmeAccount>> = HashMap::new();
    let mut failing: HashSet<String> = HashSet::new();
    let mut wrote = false;
    for entry in entries {
        if !only.is_empty() && !only.contains(&entry.name) {
            continue;
        }
        let (Ok(spec), Ok(state), Ok(Some(_))) = (&entry.spec, &entry.state, &entry.current) else {
            continue;
        };
        let mut state = state.clone();
        let lineage = ctx.store.lineage(&spec.name);
        if state.ari_next_fetch.is_some_and(|at| at > now) {
            continue;
        }
        if failing.contains(&spec.ca) {
            state.ari_next_fetch = Some(now + FAILED_FETCH_RECHECK);
            wrote = true;
            if let Err(err) = lineage.save_state(&state) {
                ctx.events.warn(format!(
                    "could not save the renewal state of '{}': {err}",
                    spec.name
                ));
            }
            continue;
        }
        let key = (spec.ca.clone(), spec.account.clone());
        if !accounts.contains_key(&key) {
            let account = match find_account(ctx, Some(&spec.account), Some(&spec.ca)) {
                Ok(record) => match login(ctx, &record).await {
                    Ok(account) => Some(account),
                    Err(err) => {
                        if err.kind == crate::error::Kind::Transient {
                            failing.insert(spec.ca.clone());
                        }
                        None
                    }
                },
                Err(_) => None,
            };
            accounts.insert(key.clone(), account);
        }
        let Some(Some(account)) = accounts.get(&key) else {
            continue;
        };
        let Some(cert_der) = lineage
            .read_current_file("cert.pem")
            .ok()
            .and_then(|pem| crate::acme::validate::certificates_from_pem(&pem).ok())
            .and_then(|ders| ders.into_iter().next())
        else {
            continue;
        };
        match account.renewal_info(&cert_der).await {
            Ok(Some(window)) if window.end > window.start => {
                let refresh =
                    Duration::try_from(window.refresh_after).unwrap_or(Duration::hours(6));
                match moment_in(state.ari.as_ref(), window.start, window.end) {
                    Ok(chosen) => {
                        state.ari = Some(AriState {
                            window_start: window.start,
                            window_end: window.end,
                            chosen,
                            explanation_url: window.explanation_url,
                            next_fetch: now + refresh,
                        });
                        state.ari_next_fetch = Some(now + refresh);
                    }
                    // The OS random source failed: the old state stays, fetched again in an hour.
                    Err(err) => {
                        let name = &spec.name;
                        ctx.events.warn(format!("could not pick a moment in the renewal window of '{name}': the OS random source failed: {err}"));
                        state.ari_next_fetch = Some(now + FAILED_FETCH_RECHECK);
                    }
                }
            }
            Ok(Some(_)) => {
                state.ari = None;
                state.ari_next_fetch = Some(now + UNUSABLE_WINDOW_RECHECK);
            }
            Ok(None) => {
                state.ari = None;
                state.ari_next_fetch = Some(now + NO_ARI_RECHECK);
            }
            Err(_) => {
                failing.insert(spec.ca.clone());
                state.ari_next_fetch = Some(now + FAILED_FETCH_RECHECK);
            }
        }
        wrote = true;
        if let Err(err) = lineage.save_state(&state) {
            ctx.events.warn(format!(
                "could not save the renewal state of '{}': {err}",
                spec.name
            ));
        }
    }
    wrote
}

/// The moment to renew inside `[start, end]`: the one picked before while the window is the
/// same, else a random one (an error when the OS random source fails, never a fixed pick).
fn moment_in(
    old: Option<&AriState>,
    start: OffsetDateTime,
    end: OffsetDateTime,
) -> Result<OffsetDateTime, getrandom::Error> {
    match old {
        Some(old) if old.window_start == start && old.window_end == end => Ok(old.chosen),
        _ => getrandom::u64().map(|random| pick_in_window(start, end, random)),
    }
}
