//! Keeps each lineage's renewal information (RFC 9773) fresh: carries out the schedule that
//! [`crate::renewal::ari`] decides (when to ask, what to keep from the answer, when to ask
//! again) by fetching and saving. After one failed fetch the CA is not asked again in this
//! run: a CA that stalls costs one bounded wait, not one per certificate while the store lock
//! is held.

use std::collections::{HashMap, HashSet};

use time::OffsetDateTime;

use super::Context;
use super::account::{find_account, login};
use crate::acme::AcmeAccount;
use crate::renewal::ari::{self, AriAnswer};

/// Refreshes the renewal information of every lineage (or the named ones) that is due for it.
pub(super) async fn refresh(ctx: &Context, only: &[String], now: OffsetDateTime) {
    let mut accounts: HashMap<(String, String), Option<AcmeAccount>> = HashMap::new();
    let mut failing: HashSet<String> = HashSet::new();
    for entry in ctx.store.list_lineages() {
        if !only.is_empty() && !only.contains(&entry.name) {
            continue;
        }
        let (Ok(spec), Ok(mut state), Ok(Some(_))) = (entry.spec, entry.state, entry.current)
        else {
            continue;
        };
        let lineage = ctx.store.lineage(&spec.name);
        if !ari::fetch_due(&state, now) {
            continue;
        }
        if failing.contains(&spec.ca) {
            let why = "skipped: the CA failed to answer for another certificate in this run";
            ari::after_fetch(state.ari.as_ref(), AriAnswer::Failed(why.into()), now)
                .apply(&mut state);
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
        let answer = match account.renewal_info(&cert_der).await {
            Ok(Some(window)) => AriAnswer::Window {
                start: window.start,
                end: window.end,
                explanation_url: window.explanation_url,
                refresh_after: window.refresh_after,
                // Used only for a window not seen before; `None` when the OS source fails.
                random: getrandom::u64().ok(),
            },
            Ok(None) => AriAnswer::NotOffered,
            Err(err) => {
                failing.insert(spec.ca.clone());
                AriAnswer::Failed(format!("could not fetch the renewal information: {err}"))
            }
        };
        ari::after_fetch(state.ari.as_ref(), answer, now).apply(&mut state);
        if let Err(err) = lineage.save_state(&state) {
            ctx.events.warn(format!(
                "could not save the renewal state of '{}': {err}",
                spec.name
            ));
        }
    }
}
