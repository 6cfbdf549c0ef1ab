//! Why an exchange ended without a complete answer ([`NetError`]), and how each case reads to
//! a user. Typed, so callers decide by variant (retry, recover a lost answer, refuse) and never
//! by message text.

use std::time::Duration;

use super::http::MAX_BODY;
use crate::error::{Classify, Detail, Error, Kind};

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
        let url = url.to_owned();
        match self {
            NetError::Untrusted(tls) => HttpError::Untrusted {
                url,
                source: tls.clone(),
            }
            .into(),
            NetError::Exhausted(attempts, last) => last
                .to_error(&url)
                .caused_by(format!("tried {attempts} times")),
            NetError::Deadline(limit) => HttpError::Deadline { url, limit: *limit }.into(),
            NetError::NotHttps(_) => HttpError::NotHttps {
                source: Detail::chain(self),
            }
            .into(),
            NetError::Body | NetError::Connect(_) => HttpError::Unreachable {
                url,
                source: Detail::chain(self),
            }
            .into(),
        }
    }
}

/// What the HTTP client could not do, as the user reads it: the URL and why.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The `--ca-root` file has no certificate in it.
    #[error("the --ca-root file holds no PEM certificate")]
    NoRootCertificate,
    /// The `--ca-root` certificate was refused as a trust anchor.
    #[error("the --ca-root certificate cannot be used")]
    BadRoot(#[source] rustls::Error),
    /// rustls refused the protocol versions (a build problem).
    #[error("could not set up TLS")]
    TlsSetup(#[source] rustls::Error),
    /// The platform verifier could not load the system's roots.
    #[error("could not load the system's trusted roots")]
    SystemRoots(#[source] rustls::Error),
    /// A URL the HTTP library cannot make a request of.
    #[error("'{url}' is not a usable URL")]
    BadUrl {
        /// The URL.
        url: String,
        /// Why.
        #[source]
        source: http::Error,
    },
    /// The answer's body could not be read.
    #[error("could not read '{url}'")]
    Read {
        /// The URL.
        url: String,
        /// Why.
        #[source]
        source: Detail,
    },
    /// The server's TLS certificate does not chain to a trusted root.
    #[error("the TLS certificate of '{url}' is not trusted")]
    Untrusted {
        /// The URL.
        url: String,
        /// rustls's verdict.
        #[source]
        source: rustls::Error,
    },
    /// No complete answer within the deadline.
    #[error("'{url}' did not answer completely within {} s", limit.as_secs())]
    Deadline {
        /// The URL.
        url: String,
        /// The deadline.
        limit: Duration,
    },
    /// The CA named a URL that is not HTTPS.
    #[error("the CA pointed certkeep at a URL that is not HTTPS")]
    NotHttps {
        /// The refused URL.
        #[source]
        source: Detail,
    },
    /// No connection, or no complete answer.
    #[error("could not reach '{url}'")]
    Unreachable {
        /// The URL.
        url: String,
        /// Why, outermost first.
        #[source]
        source: Detail,
    },
    /// A transport failure that is not one of ours (from inside instant-acme).
    #[error("could not reach '{url}'")]
    Transport {
        /// The URL.
        url: String,
        /// instant-acme's error.
        #[source]
        source: Detail,
    },
}

impl Classify for HttpError {
    fn kind(&self) -> Kind {
        match self {
            HttpError::NoRootCertificate | HttpError::BadRoot(_) | HttpError::BadUrl { .. } => {
                Kind::Usage
            }
            HttpError::TlsSetup(_) | HttpError::SystemRoots(_) => Kind::Internal,
            HttpError::Read { .. }
            | HttpError::Untrusted { .. }
            | HttpError::Deadline { .. }
            | HttpError::Unreachable { .. }
            | HttpError::Transport { .. } => Kind::Transient,
            HttpError::NotHttps { .. } => Kind::Security,
        }
    }

    fn hint(&self) -> Option<String> {
        let hint = match self {
            HttpError::NoRootCertificate => {
                "pass the CA's root certificate in PEM form (-----BEGIN CERTIFICATE-----)"
            }
            HttpError::Untrusted { .. } => {
                "if the CA uses a private root (Pebble, step-ca, a corporate CA), pass it with --ca-root FILE; otherwise check the system's trusted roots, the clock, and that nothing intercepts TLS"
            }
            HttpError::Deadline { .. } => {
                "the CA is slow or unreachable; run the command again later"
            }
            HttpError::NotHttps { .. } => {
                "this CA's directory is misconfigured or tampered with; contact the CA operator"
            }
            HttpError::Unreachable { .. } => {
                "check the URL, your network and the CA's status page, then run the command again"
            }
            HttpError::Transport { .. } => {
                "check the URL and your network, then run the command again"
            }
            HttpError::BadRoot(_)
            | HttpError::TlsSetup(_)
            | HttpError::SystemRoots(_)
            | HttpError::BadUrl { .. }
            | HttpError::Read { .. } => return None,
        };
        Some(hint.to_owned())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_http_error_has_its_exit_code() {
        let url = || "https://ca.test/dir".to_owned();
        let tls = || rustls::Error::General("x".into());
        let table = [
            (HttpError::NoRootCertificate, 2),
            (HttpError::BadRoot(tls()), 2),
            (HttpError::TlsSetup(tls()), 1),
            (HttpError::SystemRoots(tls()), 1),
            (
                HttpError::Read {
                    url: url(),
                    source: Detail::new("x"),
                },
                4,
            ),
            (
                HttpError::Untrusted {
                    url: url(),
                    source: tls(),
                },
                4,
            ),
            (
                HttpError::Deadline {
                    url: url(),
                    limit: Duration::from_secs(1),
                },
                4,
            ),
            (
                HttpError::NotHttps {
                    source: Detail::new("x"),
                },
                9,
            ),
            (
                HttpError::Unreachable {
                    url: url(),
                    source: Detail::new("x"),
                },
                4,
            ),
            (
                HttpError::Transport {
                    url: url(),
                    source: Detail::new("x"),
                },
                4,
            ),
        ];
        for (err, code) in table {
            let name = format!("{err:?}");
            assert_eq!(Error::from(err).exit_code(), code, "{name}");
        }
    }

    #[test]
    fn a_retried_deadline_names_the_url_and_the_attempts() {
        let err = NetError::Exhausted(3, Box::new(NetError::Deadline(Duration::from_secs(30))))
            .to_error("https://ca.test/dir");
        assert_eq!(
            err.to_string(),
            "'https://ca.test/dir' did not answer completely within 30 s: tried 3 times"
        );
        assert!(matches!(
            err.find::<HttpError>(),
            Some(HttpError::Deadline { .. })
        ));
    }
}
