//! Why an exchange ended without a complete answer ([`NetError`]), and how each case reads to
//! a user. Typed, so callers decide by variant (retry, recover a lost answer, refuse) and never
//! by message text.

use std::time::Duration;

use super::http::MAX_BODY;
use crate::error::{Error, Kind};

/// Why an exchange with the CA ended without a complete answer.
#[derive(Debug, thiserror::Error)]
pub enum NetError {
    /// The CA's TLS certificate does not chain to a trusted root, or names another host. Never
    /// retried and never worked around: the connection is refused.
    #[error("the CA's TLS certificate is not trusted")]
    Untrusted(#[source] rustls::Error),
    /// No complete answer (headers and body) within the deadline.
    #[error("no complete answer within {} s", .0.as_secs())]
    Deadline(Duration),
    /// The body was over the size cap or broken off.
    #[error("the answer was larger than {} bytes or broken off", MAX_BODY)]
    Body,
    /// No connection, or it failed before an answer.
    #[error("the connection failed")]
    Connect(#[source] hyper_util::client::legacy::Error),
    /// A URL that is not HTTPS.
    #[error("refusing '{0}': not HTTPS")]
    NotHttps(String),
    /// An idempotent request that failed this many times; not to be retried again above.
    #[error("{1} ({0} attempts)")]
    Exhausted(u32, Box<NetError>),
}

impl NetError {
    pub(super) fn from_client(err: hyper_util::client::legacy::Error) -> Self {
        match untrusted_certificate(&err) {
            Some(tls) => NetError::Untrusted(tls),
            None => NetError::Connect(err),
        }
    }

    /// True when the same request may succeed later (and, if idempotent, be sent again).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            NetError::Deadline(_) | NetError::Body | NetError::Connect(_)
        )
    }

    /// True when the request may have reached the server but no complete answer came back
    /// (so the server may have acted on it). A refused TLS handshake or URL never left.
    pub fn is_unanswered(&self) -> bool {
        match self {
            NetError::Exhausted(_, last) => last.is_unanswered(),
            other => other.is_retryable(),
        }
    }

    /// The `NetError` inside an instant-acme error, if that is what it is.
    pub fn within(err: &instant_acme::Error) -> Option<&NetError> {
        match err {
            instant_acme::Error::Other(inner) => inner.downcast_ref::<NetError>(),
            _ => None,
        }
    }

    /// This failure as a certkeep error (what failed, why, and how to fix it) for `url`.
    pub fn to_error(&self, url: &str) -> Error {
        match self {
            NetError::Untrusted(tls) => Error::new(
                Kind::Transient,
                format!("the TLS certificate of '{url}' is not trusted"),
            )
            .caused_by(tls)
            .with_hint(
                "if the CA uses a private root (Pebble, step-ca, a corporate CA), pass it with --ca-root FILE; otherwise check the system's trusted roots, the clock, and that nothing intercepts TLS",
            ),
            NetError::Exhausted(attempts, last) => last
                .to_error(url)
                .caused_by(format!("tried {attempts} times")),
            NetError::Deadline(limit) => Error::new(
                Kind::Transient,
                format!(
                    "'{url}' did not answer completely within {} s",
                    limit.as_secs()
                ),
            )
            .with_hint("the CA is slow or unreachable; run the command again later"),
            NetError::NotHttps(_) => Error::new(
                Kind::Security,
                "the CA pointed certkeep at a URL that is not HTTPS",
            )
            .caused_by(self)
            .with_hint(
                "this CA's directory is misconfigured or tampered with; contact the CA operator",
            ),
            NetError::Body | NetError::Connect(_) => {
                let mut err = Error::new(Kind::Transient, format!("could not reach '{url}'"))
                    .caused_by(self);
                let mut source = std::error::Error::source(self);
                while let Some(cause) = source {
                    err = err.caused_by(cause);
                    source = cause.source();
                }
                err.with_hint("check the URL, your network and the CA's status page, then run the command again")
            }
        }
    }
}

impl From<NetError> for instant_acme::Error {
    fn from(err: NetError) -> Self {
        instant_acme::Error::Other(Box::new(err))
    }
}

/// The certificate error somewhere in a client error's source chain. rustls reports it inside
/// an `io::Error` (hyper-rustls wraps that in another), and `io::Error::source` skips the
/// error it wraps, so wrapped errors are unpacked with `get_ref` as well.
fn untrusted_certificate(err: &(dyn std::error::Error + 'static)) -> Option<rustls::Error> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(tls @ rustls::Error::InvalidCertificate(_)) = e.downcast_ref::<rustls::Error>()
        {
            return Some(tls.clone());
        }
        current = match e
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => e.source(),
        };
    }
    None
}
