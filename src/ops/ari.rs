//! Keeps each lineage's renewal information (RFC 9773) fresh: asks the CA when the lineage's
//! `ari_next_fetch` has come (at least twice a day, as the CA's Retry-After says), picks a
//! random moment inside a new window and keeps it while the window stays the same. A CA without
//! ARI is asked again only after 12 hours; a failed fetch after an hour, keeping the old window.

use std::collections::HashMap;

use time::{Duration, OffsetDateTime};

use super::Context;
use super::account::{find_account, login};
use crate::acme::AcmeAccount;
use crate::renewal::{AriState, pick_in_window};

const NO_ARI_RECHECK: Duration = Duration::hours(12);
const FAILED_FETCH_RECHECK: Duration = Duration::hours(1);
const UNUSABLE_WINDOW_RECHECK: Duration = Duration::hours(6);

/// A random `u64` from the OS.
pub(super) fn random_u64() -> u64 {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 8];
    let _ = ring::rand::SystemRandom::new().fill(&mut bytes);
    u64::from_le_bytes(bytes)
}

/// Refreshes the renewal information of every lineage (or the named ones) that is due for it.
pub(super) async fn refresh(ctx: &Context, only: &[String], now: OffsetDateTime) {
    let mut accounts: HashMap<(String, String), Option<AcmeAccount>> = HashMap::new();
    for entry in ctx.store.list_lineages() {
        if !only.is_empty() && !only.contains(&entry.name) {
            continue;
        }
        let (Ok(spec), Ok(mut state), Ok(Some(_))) = (entry.spec, entry.state, entry.current)
        else {
            continue;
        };
        let lineage = ctx.store.lineage(&spec.name);
        if state.ari_next_fetch.is_some_and(|at| at > now) {
            continue;
        }
        let key = (spec.ca.clone(), spec.account.clone());
        if !accounts.contains_key(&key) {
            let account = match find_account(ctx, Some(&spec.account), Some(&spec.ca)) {
                Ok(record) => login(ctx, &record).await.ok(),
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
                let same = state.ari.as_ref().is_some_and(|old| {
                    old.window_start == window.start && old.window_end == window.end
                });
                let chosen = match (&state.ari, same) {
                    (Some(old), true) => old.chosen,
                    _ => pick_in_window(window.start, window.end, random_u64()),
                };
                state.ari = Some(AriState {
                    window_start: window.start,
                    window_end: window.end,
                    chosen,
                    explanation_url: window.explanation_url,
                    next_fetch: now + refresh,
                });
                state.ari_next_fetch = Some(now + refresh);
            }
            Ok(Some(_)) => {
                state.ari = None;
                state.ari_next_fetch = Some(now + UNUSABLE_WINDOW_RECHECK);
            }
            Ok(None) => {
                state.ari = None;
                state.ari_next_fetch = Some(now + NO_ARI_RECHECK);
            }
            Err(_) => state.ari_next_fetch = Some(now + FAILED_FETCH_RECHECK),
        }
        if let Err(err) = lineage.save_state(&state) {
            ctx.events.warn(format!(
                "could not save the renewal state of '{}': {err}",
                spec.name
            ));
        }
    }
}
