//! The renewal leases a node holds while its orders run, and the heartbeat that keeps them
//! alive. A claim lasts a short lease ([`DEFAULT_LEASE`], or the hidden
//! `CERTKEEP_FLEET_LEASE_SECS` setting in tests); while the order is in flight the heartbeat
//! extends every lease this node still holds each third of the lease, so a slow order (a CA
//! that takes minutes to validate) keeps its certificate, and a node that dies stops beating and
//! frees it within one lease. A lease whose token moved on (another node took it over) is never
//! extended again: the extension matches holder and token, and tokens only grow.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::bridge::Bridge;
use super::lease;

/// How long a claim lasts without a heartbeat: long enough to ride out a missed beat or two
/// (a slow round trip), short enough that the certificates of a node that died mid-order are
/// taken over, and their journaled orders resumed, two minutes later.
pub(super) const DEFAULT_LEASE: Duration = Duration::from_secs(120);

/// A lease this node holds: its fencing token, and the number the database gave the next
/// version when it was claimed (what the version's sealed key is bound to).
#[derive(Debug, Clone, Copy)]
struct Held {
    token: i64,
    next_version: Option<i32>,
}

/// The fencing token of each lease this node claimed and has not let go, by certificate.
#[derive(Debug, Clone)]
pub(super) struct HeldLeases {
    tokens: Arc<Mutex<HashMap<String, Held>>>,
    /// How long each claim, and each extension, lasts.
    pub(super) duration: Duration,
}

impl HeldLeases {
    pub(super) fn new(duration: Duration) -> Self {
        Self {
            tokens: Arc::new(Mutex::new(HashMap::new())),
            duration,
        }
    }

    /// The map (a panicked holder of it left it whole: plain inserts and removes).
    fn tokens(&self) -> MutexGuard<'_, HashMap<String, Held>> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Notes that this node holds the lease of `name` with `token`; the database numbers its
    /// next version `next_version`.
    pub(super) fn hold(&self, name: &str, token: i64, next_version: Option<i32>) {
        self.tokens().insert(
            name.to_owned(),
            Held {
                token,
                next_version,
            },
        );
    }

    /// The token of this node's lease on `name`, if it holds one.
    pub(super) fn token(&self, name: &str) -> Option<i64> {
        self.tokens().get(name).map(|held| held.token)
    }

    /// The number of the next version of `name` as the database had it when this node claimed
    /// its lease (no other node stores one while the lease holds).
    pub(super) fn next_version(&self, name: &str) -> Option<i32> {
        self.tokens().get(name).and_then(|held| held.next_version)
    }

    /// Forgets this node's lease on `name`, returning its token.
    pub(super) fn take(&self, name: &str) -> Option<i64> {
        self.tokens().remove(name).map(|held| held.token)
    }

    /// Every lease held now, as (certificate, token).
    fn all(&self) -> Vec<(String, i64)> {
        self.tokens()
            .iter()
            .map(|(name, held)| (name.clone(), held.token))
            .collect()
    }

    /// Starts the heartbeat on the bridge's runtime: each third of the lease, every lease held
    /// is extended by a whole lease in one statement. It ends with the bridge. A failed beat is
    /// not fatal: the next one tries again, and a lease that ran out meanwhile is decided at
    /// the commit, by its token.
    pub(super) fn start_heartbeat(&self, bridge: &Bridge) {
        let held = self.clone();
        let fleet = bridge.connection();
        let period = (self.duration / 3).max(Duration::from_millis(200));
        bridge.spawn(async move {
            let mut beat = tokio::time::interval(period);
            beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // The first tick is at once; the claim itself just set the expiry.
            beat.tick().await;
            loop {
                beat.tick().await;
                let leases = held.all();
                if leases.is_empty() {
                    continue;
                }
                // Never connects: a node that cannot reach the database lets its leases run
                // out, and the commit's token check decides.
                if let Some(fleet) = fleet.lock().await.as_ref()
                    && !fleet.client.is_closed()
                {
                    let _ = lease::extend(fleet, &leases, held.duration).await;
                }
            }
        });
    }
}
