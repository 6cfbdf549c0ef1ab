//! The fleet daemon's http-01 responder (`daemon --http-listen ADDR`): certkeep's own small
//! HTTP server ([`crate::challenge::serve_http01`]: bounded request head, a deadline per
//! connection, a bound on connections, 404 for anything unknown) answering
//! `GET /.well-known/acme-challenge/TOKEN` from the fleet's published key authorizations
//! ([`ChallengeFeed`]: LISTEN/NOTIFY, a short poll as fallback). Any node behind a load
//! balancer thus answers the challenges of an order another node placed.
//!
//! It runs on a runtime of its own (one worker thread) for the daemon's whole life, so nothing
//! a renewal round does on the daemon's thread (a blocking store call, a key generation) holds
//! a validation request up; it stops when dropped. Its listeners are bound at start, once the
//! feed has loaded (or the fleet deadline passed), so a busy port is reported at start and an
//! open port means answers are there.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::DaemonError;
use crate::challenge::{self, Answers};
use crate::error::Error;
use crate::store::pg::{ChallengeFeed, FeedSource};

/// How often the responder reloads the published key authorizations when no notification
/// came (a lost notification, a database that restarted).
pub const POLL: Duration = Duration::from_secs(2);

/// The running responder: its runtime, listeners and the feed they answer from.
pub struct Responder {
    runtime: Option<tokio::runtime::Runtime>,
    feed: Arc<FeedAnswers>,
    addrs: Vec<SocketAddr>,
}

/// The feed as the server's [`Answers`].
struct FeedAnswers(ChallengeFeed);

impl Answers for FeedAnswers {
    fn key_authorization<'a>(
        &'a self,
        token: &'a str,
    ) -> Pin<Box<dyn Future<Output = Option<String>> + Send + 'a>> {
        Box::pin(self.0.key_authorization(token))
    }
}

impl Responder {
    /// Starts following the fleet's key authorizations from `source` (reloading at least every
    /// `poll`), then binds every address in `listen` (a busy port is a usage error naming
    /// `given_by`, the flag or config key the addresses came from) and answers.
    pub async fn start(
        listen: &[String],
        given_by: &'static str,
        source: FeedSource,
        poll: Duration,
    ) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("certkeep-http-01")
            .enable_all()
            .build()
            .map_err(DaemonError::Responder)?;
        let loaded_within = source.deadline;
        let feed = {
            let _on = runtime.enter();
            ChallengeFeed::start(source, poll)
        };
        let mut reloads = feed.reloads();
        // A database that does not answer now does not keep the daemon from renewing: the
        // feed goes on connecting in the background.
        if tokio::time::timeout(loaded_within, reloads.wait_for(|n| *n >= 1))
            .await
            .is_err()
        {
            tracing::warn!(
                "the http-01 responder could not load the fleet's challenges yet; answering once it can"
            );
        }
        // From here the responder owns the runtime: an address that cannot be bound returns
        // early, and its drop lets the runtime go without blocking (a bare runtime dropped in
        // this async context would panic).
        let mut responder = Self {
            runtime: Some(runtime),
            feed: Arc::new(FeedAnswers(feed)),
            addrs: Vec::with_capacity(listen.len()),
        };
        for addr in listen {
            let bound = responder.bind(addr, given_by).await?;
            responder.addrs.extend(bound);
        }
        Ok(responder)
    }

    /// Binds `addr` on the responder's runtime and serves it there; the bound address.
    /// `given_by` names where the address came from, for the error's help line.
    async fn bind(&self, addr: &str, given_by: &'static str) -> Result<Option<SocketAddr>, Error> {
        let stopped =
            || DaemonError::Responder(std::io::Error::other("the responder's runtime stopped"));
        let runtime = self.runtime.as_ref().ok_or_else(stopped)?;
        let (bound_tx, bound_rx) = tokio::sync::oneshot::channel();
        let (addr, answers) = (addr.to_owned(), self.feed.clone() as Arc<dyn Answers>);
        runtime.spawn(async move {
            match challenge::bind_http01_for(&addr, "http-01", given_by).await {
                Ok(listener) => {
                    let _ = bound_tx.send(Ok(listener.local_addr().ok()));
                    challenge::serve_http01(listener, answers).await;
                }
                Err(err) => {
                    let _ = bound_tx.send(Err(err));
                }
            }
        });
        bound_rx.await.map_err(|_| stopped())?
    }

    /// The bound addresses.
    pub fn local_addrs(&self) -> &[SocketAddr] {
        &self.addrs
    }

    /// The feed answered from.
    pub fn feed(&self) -> &ChallengeFeed {
        &self.feed.0
    }
}

impl Drop for Responder {
    /// Stops the runtime without blocking (the responder may be dropped inside another
    /// runtime, where a blocking shutdown would panic).
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
