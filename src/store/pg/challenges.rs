//! http-01 across nodes: a fleet order's key authorizations live in `fleet_challenges`, so the
//! CA's validation request may land on any node behind a load balancer.
//!
//! The node that orders publishes each key authorization ([`publish`]) before telling the CA
//! to validate, and withdraws it afterwards ([`withdraw`]) whatever the outcome; a row also
//! carries an expiry, so a node that died mid-order leaves nothing served for long (expired rows
//! are deleted by the next publish, and never served). Every change to the table notifies the
//! channel `certkeep_challenges` (a trigger, schema migration 2), whoever made it.
//!
//! Each daemon with a responder keeps a [`ChallengeFeed`]: a connection of its own that
//! `LISTEN`s on that channel and reloads the live rows at each notification (so a new token is
//! served within milliseconds), at a short poll interval as a fallback, and after reconnecting
//! (with backoff) when the database went away. A token the cache does not hold yet is looked up
//! in the database directly, a few lookups at a time (the others wait), so a validation that
//! races the notification is still answered.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use tokio::sync::{Notify, Semaphore, watch};

use super::{Credentials, Fleet, FleetError, FleetUrl};

/// How long a published key authorization is served at most (an order's validations end long
/// before; the row outlives a node that died before withdrawing it by no more than this).
pub const CHALLENGE_TTL: Duration = Duration::from_secs(15 * 60);
/// The channel every change to `fleet_challenges` is notified on.
const CHANNEL: &str = "certkeep_challenges";
/// How many cache misses are looked up in the database at once; more wait their turn (within
/// their connection's deadline), so unknown tokens sent in bulk put at most this many queries
/// on the database. A CA validates each token from several places at once (Pebble: 3).
const MISS_LOOKUPS: usize = 4;
/// The longest token looked up (ACME tokens are 43 base64url characters).
const MAX_TOKEN: usize = 128;
/// The first and the longest pause before reconnecting after the database went away.
const FIRST_RETRY: Duration = Duration::from_millis(200);
const MAX_RETRY: Duration = Duration::from_secs(30);

/// Publishes `token`'s key authorization proving the identifier `name` (the row's `name`),
/// served by every node's responder until [`withdraw`]n or [`CHALLENGE_TTL`] has passed;
/// expired rows of any node go in the same statement.
pub(super) async fn publish(
    fleet: &Fleet,
    name: &str,
    token: &str,
    key_authorization: &str,
) -> Result<(), FleetError> {
    let ttl = CHALLENGE_TTL.as_secs_f64();
    fleet
        .deadline(
            "publishing an http-01 challenge",
            fleet.client.execute(
                // The expired row of this very token (a republished one) is not deleted here:
                // a statement may not both delete and update one row.
                "WITH expired AS (
                     DELETE FROM fleet_challenges WHERE expires_at < now() AND token <> $1
                 )
                 INSERT INTO fleet_challenges (token, key_authorization, name, node, expires_at)
                 VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
                 ON CONFLICT (token) DO UPDATE SET key_authorization = EXCLUDED.key_authorization,
                     name = EXCLUDED.name, node = EXCLUDED.node, expires_at = EXCLUDED.expires_at",
                &[&token, &key_authorization, &name, &fleet.node, &ttl],
            ),
        )
        .await?;
    Ok(())
}

/// Stops serving `token` on every node.
pub(super) async fn withdraw(fleet: &Fleet, token: &str) -> Result<(), FleetError> {
    fleet
        .deadline(
            "withdrawing an http-01 challenge",
            fleet
                .client
                .execute("DELETE FROM fleet_challenges WHERE token = $1", &[&token]),
        )
        .await?;
    Ok(())
}

/// The live key authorizations by token.
async fn live(fleet: &Fleet) -> Result<HashMap<String, String>, FleetError> {
    let rows = fleet
        .deadline(
            "reading the http-01 challenges",
            fleet.client.query(
                "SELECT token, key_authorization FROM fleet_challenges WHERE expires_at > now()",
                &[],
            ),
        )
        .await?;
    Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
}

/// `token`'s live key authorization, if any.
async fn lookup(fleet: &Fleet, token: &str) -> Result<Option<String>, FleetError> {
    let row = fleet
        .deadline(
            "reading an http-01 challenge",
            fleet.client.query_opt(
                "SELECT key_authorization FROM fleet_challenges
                 WHERE token = $1 AND expires_at > now()",
                &[&token],
            ),
        )
        .await?;
    Ok(row.map(|row| row.get(0)))
}

/// What a feed shares with its refresh task.
#[derive(Debug)]
struct Shared {
    cache: RwLock<HashMap<String, String>>,
    /// The connection now (`None` while reconnecting), for cache misses.
    fleet: RwLock<Option<Arc<Fleet>>>,
    misses: Semaphore,
    /// Counts reloads of the cache, so a waiter can tell a fresh one.
    reloads: watch::Sender<u64>,
}

/// The fleet's live http-01 key authorizations, kept fresh by LISTEN/NOTIFY with a poll as
/// fallback (module docs). Stops refreshing when dropped.
#[derive(Debug)]
pub struct ChallengeFeed {
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

/// How the feed reaches the database.
#[derive(Debug, Clone)]
pub struct FeedSource {
    /// The fleet database.
    pub url: FleetUrl,
    /// The login.
    pub credentials: Credentials,
    /// This node's name.
    pub node: String,
    /// The deadline of connecting and of each round trip.
    pub deadline: Duration,
}

impl ChallengeFeed {
    /// Starts refreshing on the current runtime: connects (retrying with backoff for as long as
    /// the feed lives), listens, and reloads at each notification and every `poll`.
    pub fn start(source: FeedSource, poll: Duration) -> Self {
        let shared = Arc::new(Shared {
            cache: RwLock::default(),
            fleet: RwLock::default(),
            misses: Semaphore::new(MISS_LOOKUPS),
            reloads: watch::Sender::new(0),
        });
        let task = tokio::spawn(refresh(source, poll, shared.clone()));
        Self { shared, task }
    }

    /// The key authorization to serve for `token`: from the cache, else (a token published a
    /// moment ago) from the database, else `None`.
    pub async fn key_authorization(&self, token: &str) -> Option<String> {
        if let Some(found) = self.cached(token) {
            return Some(found);
        }
        let plausible = !token.is_empty()
            && token.len() <= MAX_TOKEN
            && token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !plausible {
            return None;
        }
        let _permit = self.shared.misses.acquire().await.ok()?;
        // The notification may have brought it in while this waited.
        if let Some(found) = self.cached(token) {
            return Some(found);
        }
        let fleet = self
            .shared
            .fleet
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()?;
        lookup(&fleet, token).await.ok().flatten()
    }

    /// `token`'s key authorization if the cache holds it.
    pub fn cached(&self, token: &str) -> Option<String> {
        self.shared
            .cache
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(token)
            .cloned()
    }

    /// Changes at each reload of the cache (tests and readiness wait on it).
    pub fn reloads(&self) -> watch::Receiver<u64> {
        self.shared.reloads.subscribe()
    }
}

impl Drop for ChallengeFeed {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The feed's task: (re)connect, LISTEN, reload on each wake-up, until aborted.
async fn refresh(source: FeedSource, poll: Duration, shared: Arc<Shared>) {
    let mut retry = FIRST_RETRY;
    loop {
        if listen_and_reload(&source, poll, &shared).await.is_ok() {
            retry = FIRST_RETRY;
        }
        *shared.fleet.write().unwrap_or_else(PoisonError::into_inner) = None;
        tracing::warn!(
            "the http-01 responder lost the fleet database; reconnecting in {} ms",
            retry.as_millis()
        );
        tokio::time::sleep(retry).await;
        retry = (retry * 2).min(MAX_RETRY);
    }
}

/// One connection's life: returns when it failed (`Err` when it never got to listen).
async fn listen_and_reload(
    source: &FeedSource,
    poll: Duration,
    shared: &Shared,
) -> Result<(), FleetError> {
    let notices = Arc::new(Notify::new());
    let fleet = Arc::new(
        Fleet::connect_listening(
            &source.url,
            &source.credentials,
            &source.node,
            source.deadline,
            notices.clone(),
        )
        .await?,
    );
    fleet
        .deadline(
            "listening for http-01 challenges",
            fleet.client.batch_execute(&format!("LISTEN {CHANNEL}")),
        )
        .await?;
    *shared.fleet.write().unwrap_or_else(PoisonError::into_inner) = Some(fleet.clone());
    loop {
        // Listening before this read: a row published meanwhile is in it or notified after.
        let Ok(rows) = live(&fleet).await else {
            return Ok(());
        };
        *shared.cache.write().unwrap_or_else(PoisonError::into_inner) = rows;
        shared.reloads.send_modify(|n| *n += 1);
        if fleet.client.is_closed() {
            return Ok(());
        }
        let _ = tokio::time::timeout(poll, notices.notified()).await;
    }
}
