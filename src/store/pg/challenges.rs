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
//! (with backoff) when the database went away. A token the cache does not hold yet waits for
//! the next reload (a validation that races its notification is still answered), and misses
//! bring a reload forward at most once every [`MISS_RELOAD_INTERVAL`]: unknown tokens sent in
//! bulk to port 80 cost the database one read a second, not one each.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use tokio::sync::{Notify, watch};

use super::{Credentials, Fleet, FleetError, FleetUrl};

/// How long a published key authorization is served at most (an order's validations end long
/// before; the row outlives a node that died before withdrawing it by no more than this).
pub const CHALLENGE_TTL: Duration = Duration::from_secs(15 * 60);
/// The channel every change to `fleet_challenges` is notified on.
const CHANNEL: &str = "certkeep_challenges";
/// The least time between the starts of two reloads brought forward by cache misses (a
/// notification or the poll reloads regardless).
const MISS_RELOAD_INTERVAL: Duration = Duration::from_secs(1);
/// How long a cache miss waits for the reload that may bring its token in.
const MISS_WAIT: Duration = Duration::from_secs(3);
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

/// What a feed shares with its refresh task.
#[derive(Debug)]
struct Shared {
    cache: RwLock<HashMap<String, String>>,
    /// How many reloads were started (each one database read); a reload's number.
    started: AtomicU64,
    /// The number of the latest reload done, so a waiter can tell one started after it came.
    reloads: watch::Sender<u64>,
    /// Cache misses asking for a reload.
    missed: Notify,
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
            started: AtomicU64::new(0),
            reloads: watch::Sender::new(0),
            missed: Notify::new(),
        });
        let task = tokio::spawn(refresh(source, poll, shared.clone()));
        Self { shared, task }
    }

    /// The key authorization to serve for `token`: from the cache, else (a token published a
    /// moment ago) from the next reload, else `None`.
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
        // A reload under way may have read the table before the token was published: only one
        // started after this miss surely holds it.
        let after = self.shared.started.load(Ordering::SeqCst) + 1;
        let mut reloads = self.shared.reloads.subscribe();
        self.shared.missed.notify_one();
        let _ = tokio::time::timeout(MISS_WAIT, reloads.wait_for(|done| *done >= after)).await;
        self.cached(token)
    }

    /// How many times the feed has read the table (each a database round trip).
    pub fn database_reads(&self) -> u64 {
        self.shared.started.load(Ordering::SeqCst)
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
        let mut reloaded = false;
        let cause = match listen_and_reload(&source, poll, &shared, &mut reloaded).await {
            Ok(()) => "the connection closed".to_owned(),
            Err(err) => causes(&err),
        };
        // Only a connection that served a reload counts as recovered: one that listens and
        // then fails to read keeps backing off.
        if reloaded {
            retry = FIRST_RETRY;
        }
        tracing::warn!(
            "the http-01 responder lost the fleet database ({cause}); reconnecting in {} ms",
            retry.as_millis()
        );
        tokio::time::sleep(retry).await;
        retry = (retry * 2).min(MAX_RETRY);
    }
}

/// `err` and its sources on one line (the driver's errors name no password).
fn causes(err: &FleetError) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// One connection's life: returns when it failed (`Ok` when it closed without an error);
/// `reloaded` is set once the cache was loaded from it.
async fn listen_and_reload(
    source: &FeedSource,
    poll: Duration,
    shared: &Shared,
    reloaded: &mut bool,
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
    loop {
        let number = shared.started.fetch_add(1, Ordering::SeqCst) + 1;
        let started_at = tokio::time::Instant::now();
        // Listening before this read: a row published meanwhile is in it or notified after.
        let rows = live(&fleet).await?;
        *shared.cache.write().unwrap_or_else(PoisonError::into_inner) = rows;
        shared.reloads.send_replace(number);
        *reloaded = true;
        if fleet.client.is_closed() {
            return Ok(());
        }
        tokio::select! {
            () = notices.notified() => {}
            () = tokio::time::sleep(poll) => {}
            () = shared.missed.notified() => {
                // A miss brings the reload forward, but not closer than the interval to the
                // last one; a notification meanwhile reloads at once.
                tokio::select! {
                    () = notices.notified() => {}
                    () = tokio::time::sleep_until(started_at + MISS_RELOAD_INTERVAL) => {}
                }
            }
        }
    }
}
