//! The ACME adapter over instant-acme (RFC 8555): directory presets, accounts (EAB, key rollover,
//! deactivation), orders (new, resume by URL, finalize, download, alternate chains) and revocation.
//! It speaks ACME and returns artifacts; it never saves them (that is `store`'s job, driven by
//! `ops`).
//!
//! Everything the CA sends is treated as hostile until checked: challenge tokens must be
//! base64url before anyone uses them ([`check_token`]); issued certificates are verified against
//! our key and the requested identifiers ([`validate`]). The HTTP layer ([`http`]) adds timeouts,
//! retries and header sanitizing. Must not import `store`, `challenge`, `ops` or anything above.

mod account;
pub mod ari;
pub mod directory;
pub mod http;
mod order;
pub mod problem;
pub mod validate;

use std::sync::Arc;
use std::time::Duration;

pub use account::{AcmeAccount, DirectoryMeta, Eab, Registered};
pub use order::{ChallengeTask, Downloaded, OrderSession};

use crate::clock::Clock;
use crate::error::{Error, Kind};

/// Timeout for one HTTP request to the CA.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

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
    pub fn new(url: &str, extra_root: Option<&[u8]>, clock: Arc<dyn Clock>) -> Result<Self, Error> {
        let http = http::CaHttp::new(extra_root, clock.clone(), REQUEST_TIMEOUT)?;
        Ok(Self {
            url: url.to_owned(),
            http,
            clock,
        })
    }

    /// Converts an instant-acme error with what the HTTP client observed (Retry-After, refused
    /// plain-HTTP URLs).
    pub fn convert(&self, err: instant_acme::Error, stage: problem::Stage) -> Error {
        let seen = self.http.observations();
        if let Some(url) = seen.insecure_url {
            return Error::new(
                Kind::Security,
                "the CA pointed certkeep at a URL that is not HTTPS",
            )
            .caused_by(format!("refused '{url}'"))
            .with_hint(
                "this CA's directory is misconfigured or tampered with; contact the CA operator",
            );
        }
        problem::convert(err, stage, seen.retry_after, self.clock.now())
    }
}

/// How often an ACME call is made again on `badNonce` (instant-acme itself gives up after three
/// tries), so a CA that rejects many nonces is still served.
const NONCE_ATTEMPTS: u32 = 5;

/// Runs `call` until it succeeds, fails with something other than `badNonce`, or
/// [`NONCE_ATTEMPTS`] are used up.
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
        Err(Error::new(Kind::Security, "the CA sent a challenge token that is not plain base64url")
            .caused_by(format!("token '{shown}' ({} bytes)", token.len()))
            .with_hint("nothing was written; this CA (or something between you and it) is misbehaving, report it to the CA operator"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
