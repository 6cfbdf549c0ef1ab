//! The ACME adapter over instant-acme (RFC 8555): directory presets, accounts (EAB, key rollover,
//! deactivation), orders (new, resume by URL, finalize, download, alternate chains) and revocation.
//! It speaks ACME and returns artifacts; it never saves them (that is `store`'s job, driven by
//! `ops`).
//!
//! Everything the CA sends is treated as hostile until checked: challenge tokens must be
//! base64url before anyone uses them ([`check_token`]); issued certificates are verified against
//! our key and the requested identifiers ([`validate`]). The HTTP layer ([`crate::net`]) adds
//! deadlines, retries of idempotent requests and header sanitizing. Must not import `store`,
//! `challenge`, `ops` or anything above.

mod account;
pub mod ari;
pub mod directory;
mod error;
pub use crate::net::http;
pub mod legacy_key;
mod order;
mod place;
pub mod problem;
pub mod validate;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

pub use account::{AcmeAccount, DirectoryMeta, Eab, Registered};
pub use error::AcmeError;
pub use order::{ChallengeTask, Downloaded, OrderSession};

use crate::clock::Clock;
use crate::error::{Detail, Error};

/// How long certkeep waits on a CA, and how hard it presses one. Every wait has a bound: an
/// exchange that never completes and an order that never finishes end as transient errors, so
/// the store lock is released.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// One HTTP exchange: connecting, the headers and the whole body.
    pub exchange: Duration,
    /// One order, from placing it to the downloaded chain (challenge waits included).
    pub order: Duration,
    /// Orders, and renewal-information requests, in flight at once at each CA.
    pub concurrency: Concurrency,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            exchange: Duration::from_secs(30),
            order: Duration::from_secs(30 * 60),
            concurrency: Concurrency::default(),
        }
    }
}

/// How many orders, and how many renewal-information requests, may be in flight at once at
/// one CA: a default for every CA and overrides for some, keyed by directory URL. A CA is
/// bounded on its own, so a slow one holds back only its own lineages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concurrency {
    every_ca: usize,
    by_ca: Arc<BTreeMap<String, usize>>,
}

impl Default for Concurrency {
    fn default() -> Self {
        Self::uniform(crate::config::DEFAULT_CONCURRENCY)
    }
}

impl Concurrency {
    /// The same bound at every CA (at least 1).
    pub fn uniform(limit: usize) -> Self {
        Self::new(limit, BTreeMap::new())
    }

    /// `every_ca` at each CA but those in `by_ca` (directory URL -> bound); a bound of 0
    /// counts as 1, so nothing ever waits on a semaphore without permits.
    pub fn new(every_ca: usize, by_ca: BTreeMap<String, usize>) -> Self {
        let by_ca = by_ca.into_iter().map(|(url, n)| (url, n.max(1))).collect();
        Self {
            every_ca: every_ca.max(1),
            by_ca: Arc::new(by_ca),
        }
    }

    /// The bound at the CA whose directory is `url`.
    pub fn at(&self, url: &str) -> usize {
        self.by_ca.get(url).copied().unwrap_or(self.every_ca)
    }
}

/// A connection to one CA: its directory URL, the HTTP client and the clock.
#[derive(Clone)]
pub struct Ca {
    /// The directory URL.
    pub url: String,
    /// The HTTP client (shared by every account and order on this CA).
    pub http: http::CaHttp,
    clock: Arc<dyn Clock>,
}

impl Ca {
    /// Prepares a connection (no request is sent yet). `extra_root` is a PEM root to trust
    /// instead of the system's, for private CAs and Pebble.
    pub fn new(
        url: &str,
        extra_root: Option<&[u8]>,
        clock: Arc<dyn Clock>,
        limits: &Limits,
    ) -> Result<Self, Error> {
        let http = http::CaHttp::new(extra_root, clock.clone(), limits.exchange)?;
        Ok(Self {
            url: url.to_owned(),
            http,
            clock,
        })
    }

    /// Converts an instant-acme error with what the HTTP client observed (Retry-After, the
    /// status of a non-ACME answer) into a certkeep error.
    pub fn convert(&self, err: instant_acme::Error, stage: problem::Stage) -> Error {
        if let Some(net) = http::NetError::within(&err) {
            return net.to_error(&self.url);
        }
        let seen = self.http.observations();
        // A 5xx or 429 whose body is not a problem document (a proxy's HTML error page) is
        // still the CA being unwell, not a refusal.
        if matches!(err, instant_acme::Error::Json(_))
            && seen
                .last_status
                .is_some_and(|s| s.is_server_error() || s == ::http::StatusCode::TOO_MANY_REQUESTS)
        {
            return AcmeError::Unavailable {
                retry_at: seen.retry_after.map(|d| self.clock.now() + d),
                status: Detail::new(format!(
                    "HTTP {}",
                    seen.last_status.map_or(0, |s| s.as_u16())
                )),
            }
            .into();
        }
        problem::convert(err, stage, seen.retry_after, self.clock.now())
    }

    /// True when `err` may go away if the same idempotent request is signed and sent again:
    /// no answer, a `badNonce`, a 5xx.
    pub(crate) fn is_retryable(&self, err: &instant_acme::Error) -> bool {
        if let Some(net) = http::NetError::within(err) {
            return net.is_retryable();
        }
        if problem::is_bad_nonce(err) {
            return true;
        }
        match err {
            instant_acme::Error::Api(p) => p.status.is_some_and(|s| s >= 500),
            instant_acme::Error::Json(_) => self
                .http
                .observations()
                .last_status
                .is_some_and(|s| s.is_server_error()),
            _ => false,
        }
    }
}

/// How often an ACME call is made again on `badNonce` (instant-acme itself gives up after three
/// tries), so a CA that rejects many nonces is still served. Each attempt is signed afresh with
/// a new nonce; a `badNonce` means the CA did not act on the request, so this is safe for
/// every request.
const NONCE_ATTEMPTS: u32 = 5;

/// Attempts of an idempotent (POST-as-GET) call that got no answer or a 5xx; each is signed
/// afresh with a new nonce, after a growing pause.
const IDEMPOTENT_ATTEMPTS: u32 = 3;

/// The pause before attempt `attempt + 1` of an idempotent call.
pub(crate) fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(500 * 4u64.pow(attempt.saturating_sub(1).min(4)))
}

/// Runs an idempotent call (a POST-as-GET: order, authorization, certificate) until it
/// succeeds or fails with something that is not worth another try; at most
/// [`NONCE_ATTEMPTS`] for `badNonce` and [`IDEMPOTENT_ATTEMPTS`] for no answer or a 5xx, with
/// backoff. Never used for requests that change anything at the CA.
macro_rules! retry_idempotent {
    ($ca:expr, $call:expr) => {{
        let mut attempt = 0;
        let mut failures = 0;
        loop {
            attempt += 1;
            match $call {
                Err(err)
                    if attempt < $crate::acme::NONCE_ATTEMPTS
                        && $crate::acme::problem::is_bad_nonce(&err) =>
                {
                    continue;
                }
                Err(err)
                    if failures + 1 < $crate::acme::IDEMPOTENT_ATTEMPTS
                        && $ca.is_retryable(&err) =>
                {
                    failures += 1;
                    tokio::time::sleep($crate::acme::backoff(failures)).await;
                    continue;
                }
                other => break other,
            }
        }
    }};
}
pub(crate) use retry_idempotent;

/// Runs `call` until it succeeds, fails with something other than `badNonce`, or
/// [`NONCE_ATTEMPTS`] are used up. For requests that change something at the CA: a lost
/// answer is not retried here (the caller recovers it, e.g. through the account's orders).
macro_rules! retry_bad_nonce {
    ($call:expr) => {{
        let mut attempt = 0;
        loop {
            attempt += 1;
            match $call {
                Err(err)
                    if attempt < $crate::acme::NONCE_ATTEMPTS
                        && $crate::acme::problem::is_bad_nonce(&err) =>
                {
                    continue;
                }
                other => break other,
            }
        }
    }};
}
pub(crate) use retry_bad_nonce;

/// Checks a challenge token from the CA (RFC 8555 §8.1: base64url, at least 128 bits). A token
/// that fails is never used in a path, a response or a hook: it is refused outright.
pub fn check_token(token: &str) -> Result<(), Error> {
    let ok = (22..=128).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        let shown: String = token
            .chars()
            .take(40)
            .flat_map(char::escape_default)
            .collect();
        Err(AcmeError::BadToken(Detail::new(format!(
            "token '{shown}' ({} bytes)",
            token.len()
        )))
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    #[test]
    fn hostile_tokens_are_refused() {
        let long = "a".repeat(256);
        for bad in [
            "",
            "../../etc/passwd",
            "..%2F..%2Fx",
            "/etc/passwd",
            "$(touch canary)aaaaaaaaaaaaaaaaa",
            "`id`aaaaaaaaaaaaaaaaaaaaaaa",
            "a;b",
            "abc=",
            "tok en",
            "a+b/cdefghijklmnopqrstuv",
            "aaaaaaaaaaaaaaaaaaaaaa\0",
            "аaaaaaaaaaaaaaaaaaaaaaaa",
            long.as_str(),
        ] {
            assert_eq!(
                check_token(bad).unwrap_err().kind,
                Kind::Security,
                "{bad:?}"
            );
        }
        check_token("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0").unwrap();
    }
}
