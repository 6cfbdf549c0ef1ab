//! What the ACME adapter could not do ([`AcmeError`]): each variant carries the CA's answer (its
//! problem document, the HTTP status, the URL) and knows its kind and the fix. A CA problem's
//! kind depends on its type and on the [`Stage`] it came in, so the table lives here with it.

use std::time::Duration;

use instant_acme::{AuthorizationStatus, ChallengeType};
use time::OffsetDateTime;

use super::problem::Stage;
use crate::error::{AcmeProblem, Classify, Detail, Kind};

/// The hint of every variant about an unusable stored account key.
const RESTORE_KEY: &str =
    "restore the key from a backup; certkeep never replaces an account key silently";

/// Something the CA answered (or failed to answer) that ends the request.
#[derive(Debug, thiserror::Error)]
pub enum AcmeError {
    /// The CA answered with an RFC 7807 problem document.
    #[error("{}", match stage {
        Stage::Validation => "the CA could not validate the challenge",
        Stage::Account | Stage::Order => "the CA refused the request",
    })]
    Problem {
        /// Where in the flow it came: it changes the kind of a few problem types.
        stage: Stage,
        /// The document as the CA sent it.
        problem: AcmeProblem,
        /// The CA's Retry-After as a time, when it sent one.
        retry_at: Option<OffsetDateTime>,
        /// The detail and each subproblem, one line each.
        #[source]
        detail: Detail,
    },
    /// instant-acme gave up waiting.
    #[error("the CA did not finish in time")]
    Timeout,
    /// An answer that is not the JSON ACME promises.
    #[error("the CA sent a response that is not ACME JSON")]
    NotJson(#[source] serde_json::Error),
    /// A 5xx or 429 whose body is not a problem document (a proxy's error page).
    #[error("the CA is temporarily unavailable")]
    Unavailable {
        /// The CA's Retry-After as a time, when it sent one.
        retry_at: Option<OffsetDateTime>,
        /// The HTTP status.
        #[source]
        status: Detail,
    },
    /// The CA lacks a feature certkeep asked for.
    #[error("the CA does not support {0}")]
    Unsupported(&'static str),
    /// Any other failure talking to the CA.
    #[error("could not talk to the CA")]
    Talk(#[source] instant_acme::Error),
    /// The directory URL answered, but not with success.
    #[error("the CA directory '{url}' answered HTTP {status}")]
    DirectoryStatus {
        /// The directory URL.
        url: String,
        /// Its status.
        status: http::StatusCode,
    },
    /// The directory URL answered with something that is not a directory.
    #[error("'{url}' is not an ACME directory")]
    NotADirectory {
        /// The directory URL.
        url: String,
        /// Why it does not parse.
        #[source]
        source: serde_json::Error,
    },
    /// `--ca` names a plain-HTTP directory.
    #[error("refusing the plain-HTTP CA directory '{url}'")]
    PlainHttpDirectory {
        /// The URL as given.
        url: String,
        /// Why plain HTTP is refused.
        #[source]
        why: Detail,
    },
    /// `--ca` is neither a preset nor an https:// URL.
    #[error("unknown CA '{name}'")]
    UnknownCa {
        /// The name as given.
        name: String,
        /// The preset names, comma-separated.
        presets: String,
    },
    /// The stored account key is not a usable PKCS#8 key (or the CA's library refused it).
    #[error("the stored account key cannot be used")]
    AccountKeyUnusable(#[source] Option<Detail>),
    /// The EAB HMAC key does not decode.
    #[error("the EAB HMAC key is not base64url")]
    EabNotBase64,
    /// The EAB HMAC key decodes to nothing.
    #[error("the EAB HMAC key is empty")]
    EabEmpty,
    /// The account answers requests after it was deactivated.
    #[error("the CA still accepts the account after deactivation")]
    StillActive,
    /// A challenge token that is not plain base64url (never used in a path or a hook).
    #[error("the CA sent a challenge token that is not plain base64url")]
    BadToken(#[source] Detail),
    /// The order did not reach the awaited state within the order deadline.
    #[error("the CA did not finish the order within {} s", limit.as_secs())]
    OrderDeadline {
        /// The deadline.
        limit: Duration,
        /// The state it was left in.
        #[source]
        state: Detail,
    },
    /// One or more authorizations failed validation.
    #[error("the CA could not validate the challenges")]
    ChallengesFailed {
        /// The order's problem with one subproblem per failed identifier.
        problem: AcmeProblem,
        /// The first failed identifier's problem type: it picks the hint.
        first_type: Option<String>,
        /// One line per failed identifier.
        #[source]
        detail: Option<Detail>,
    },
    /// The order went invalid after the CSR was sent.
    #[error("the CA marked the order invalid after finalization")]
    OrderInvalid {
        /// The order's problem, when it has one.
        problem: Option<AcmeProblem>,
        /// Its detail.
        #[source]
        detail: Option<Detail>,
    },
    /// A valid order without a certificate.
    #[error("the CA sent no certificate")]
    NoCertificate,
    /// An alternate chain whose body is not PEM.
    #[error("the alternate chain '{url}' is not PEM")]
    AlternateNotPem {
        /// Its URL.
        url: String,
    },
    /// An alternate chain whose body is not UTF-8.
    #[error("an alternate chain is not text")]
    AlternateNotText,
    /// An authorization that is neither pending nor valid (so it cannot be completed).
    #[error("the authorization for '{identifier}' is {status:?}")]
    AuthorizationState {
        /// The identifier.
        identifier: String,
        /// Its status.
        status: AuthorizationStatus,
    },
    /// The CA offers no challenge of the chosen type for a name.
    #[error("the CA offers no {kind:?} challenge for '{identifier}'")]
    NoChallenge {
        /// The challenge type.
        kind: ChallengeType,
        /// The identifier.
        identifier: String,
    },
    /// The certificate the CA returned failed a check (chain, key, names, validity).
    #[error("the certificate the CA returned failed certkeep's checks")]
    CertificateRefused(#[source] Detail),
    /// A state the order-placing code cannot reach (a bug).
    #[error("{0}")]
    Unreachable(&'static str),
    /// ring failed to make or use a key it had accepted (an account key change).
    #[error("could not {0}")]
    Crypto(&'static str),
}

impl AcmeError {
    /// The short ACME problem type of a [`AcmeError::Problem`] (`unauthorized`, `rateLimited`).
    pub fn problem_type(&self) -> Option<&str> {
        match self {
            AcmeError::Problem { problem, .. } => Some(problem.short_type()),
            _ => None,
        }
    }

    /// Kind and hint of a CA problem document by its type, the stage and the Retry-After.
    fn problem_kind(
        problem: &AcmeProblem,
        stage: Stage,
        retry_at: Option<OffsetDateTime>,
    ) -> (Kind, Option<String>) {
        let (kind, hint) = match problem.short_type() {
            "rateLimited" => {
                return (
                    Kind::Transient,
                    Some(match retry_at {
                        Some(at) => format!(
                            "wait until {} (the CA's Retry-After); test against a staging CA",
                            crate::clock::rfc3339(at)
                        ),
                        None => "wait before trying again; test against a staging CA (e.g. --ca letsencrypt-staging)".into(),
                    }),
                );
            }
            "serverInternal" | "badNonce" => (
                Kind::Transient,
                Some("the CA had a temporary problem; run the command again later"),
            ),
            "accountDoesNotExist" => (
                Kind::CaRefused,
                Some(
                    "the CA no longer knows this account (was it deactivated, or did a test CA restart?); register it again under its name with 'certkeep account register --replace --name NAME --ca CA --agree-tos'",
                ),
            ),
            "externalAccountRequired" => (
                Kind::CaRefused,
                Some(
                    "this CA needs External Account Binding: pass --eab-kid KID --eab-hmac-key file:PATH (from the CA's dashboard)",
                ),
            ),
            "unauthorized" if stage == Stage::Account => (
                Kind::CaRefused,
                Some("check the EAB key id and HMAC key, or that the account is still active"),
            ),
            "userActionRequired" => (
                Kind::CaRefused,
                Some(
                    "the CA wants you to accept new terms or act on its web site; see the detail above",
                ),
            ),
            "invalidProfile" => (
                Kind::CaRefused,
                Some(
                    "pick a profile the CA offers (see the directory's meta.profiles) or drop --profile",
                ),
            ),
            "rejectedIdentifier" | "unsupportedIdentifier" => (
                Kind::CaRefused,
                Some(
                    "the CA will not issue for one of these names; check the names and the CA's policy",
                ),
            ),
            "caa" => (
                Kind::ValidationFailed,
                Some(
                    "a CAA record forbids this CA; add the CA's domain to the CAA record of the name",
                ),
            ),
            "dns" => (
                Kind::ValidationFailed,
                Some("the CA could not resolve the name; check its A/AAAA records"),
            ),
            "connection" | "unauthorized" | "incorrectResponse" | "tls" => (
                Kind::ValidationFailed,
                Some(
                    "the CA could not fetch the challenge: check that the name resolves to this host, that port 80 reaches certkeep (standalone) or the web server serves the webroot's /.well-known/acme-challenge/, and that no firewall or redirect is in the way",
                ),
            ),
            _ if stage == Stage::Validation => (Kind::ValidationFailed, None),
            _ => (Kind::CaRefused, None),
        };
        (kind, hint.map(str::to_owned))
    }
}

impl Classify for AcmeError {
    fn kind(&self) -> Kind {
        match self {
            AcmeError::Problem {
                stage,
                problem,
                retry_at,
                ..
            } => Self::problem_kind(problem, *stage, *retry_at).0,
            AcmeError::Timeout | AcmeError::Unavailable { .. } | AcmeError::Talk(_) => {
                Kind::Transient
            }
            AcmeError::OrderDeadline { .. } => Kind::Transient,
            AcmeError::NotJson(_)
            | AcmeError::Unsupported(_)
            | AcmeError::DirectoryStatus { .. }
            | AcmeError::NotADirectory { .. }
            | AcmeError::StillActive
            | AcmeError::OrderInvalid { .. }
            | AcmeError::NoCertificate
            | AcmeError::AuthorizationState { .. }
            | AcmeError::NoChallenge { .. } => Kind::CaRefused,
            AcmeError::PlainHttpDirectory { .. }
            | AcmeError::UnknownCa { .. }
            | AcmeError::EabNotBase64
            | AcmeError::EabEmpty => Kind::Usage,
            AcmeError::AccountKeyUnusable(_) => Kind::Storage,
            AcmeError::BadToken(_)
            | AcmeError::AlternateNotPem { .. }
            | AcmeError::AlternateNotText
            | AcmeError::CertificateRefused(_) => Kind::Security,
            AcmeError::ChallengesFailed { .. } => Kind::ValidationFailed,
            AcmeError::Unreachable(_) | AcmeError::Crypto(_) => Kind::Internal,
        }
    }

    fn hint(&self) -> Option<String> {
        let hint = match self {
            AcmeError::Problem {
                stage,
                problem,
                retry_at,
                ..
            } => return Self::problem_kind(problem, *stage, *retry_at).1,
            AcmeError::Timeout => "run the command again later; the order can be picked up again",
            AcmeError::NotJson(_) => {
                "check that --ca is the CA's ACME directory URL, not a web page"
            }
            AcmeError::Unavailable { .. } | AcmeError::OrderDeadline { .. } => {
                "run the command again later"
            }
            AcmeError::Talk(_) => {
                "check the network and the CA's status page, then run the command again"
            }
            AcmeError::DirectoryStatus { .. } => "check the --ca URL",
            AcmeError::NotADirectory { .. } => {
                "check the --ca URL: it must be the CA's ACME directory, which returns JSON"
            }
            AcmeError::PlainHttpDirectory { .. } => "use the https:// URL of the directory",
            AcmeError::UnknownCa { presets, .. } => {
                return Some(format!("use one of {presets} or an https:// directory URL"));
            }
            AcmeError::AccountKeyUnusable(_) => RESTORE_KEY,
            AcmeError::EabNotBase64 => "copy the HMAC key exactly as the CA's dashboard shows it",
            AcmeError::StillActive => "run 'certkeep account deactivate' again, or contact the CA",
            AcmeError::BadToken(_) => {
                "nothing was written; this CA (or something between you and it) is misbehaving, report it to the CA operator"
            }
            AcmeError::ChallengesFailed { first_type, .. } => match first_type.as_deref() {
                Some("dns") => "the CA could not resolve a name: check its A/AAAA records",
                Some("caa") => {
                    "a CAA record forbids this CA: add the CA's domain to the name's CAA record"
                }
                _ => {
                    "check that each name resolves to this host and that the CA can reach port 80 here (standalone) or the web server serving the webroot's /.well-known/acme-challenge/"
                }
            },
            AcmeError::AuthorizationState { .. } => "run the command again to start a fresh order",
            AcmeError::NoChallenge { .. } => "pick another challenge type for this name",
            AcmeError::CertificateRefused(_) => {
                "nothing was stored; report this to the CA operator (or whoever controls the path to it)"
            }
            AcmeError::Unsupported(_)
            | AcmeError::EabEmpty
            | AcmeError::OrderInvalid { .. }
            | AcmeError::NoCertificate
            | AcmeError::AlternateNotPem { .. }
            | AcmeError::AlternateNotText
            | AcmeError::Unreachable(_)
            | AcmeError::Crypto(_) => return None,
        };
        Some(hint.to_owned())
    }

    fn acme_problem(&self) -> Option<AcmeProblem> {
        match self {
            AcmeError::Problem { problem, .. } | AcmeError::ChallengesFailed { problem, .. } => {
                Some(problem.clone())
            }
            AcmeError::OrderInvalid { problem, .. } => problem.clone(),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<OffsetDateTime> {
        match self {
            AcmeError::Problem { retry_at, .. } if self.kind() == Kind::Transient => *retry_at,
            AcmeError::Unavailable { retry_at, .. } => *retry_at,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn problem(kind: &str) -> AcmeProblem {
        AcmeProblem {
            kind: Some(format!("urn:ietf:params:acme:error:{kind}")),
            detail: Some("no".into()),
            status: Some(403),
            subproblems: Vec::new(),
        }
    }

    fn refused(kind: &str, stage: Stage) -> AcmeError {
        AcmeError::Problem {
            stage,
            problem: problem(kind),
            retry_at: None,
            detail: Detail::new("no"),
        }
    }

    #[test]
    fn each_acme_error_has_its_exit_code() {
        let d = || Detail::new("x");
        let table = [
            (refused("rateLimited", Stage::Order), 4),
            (refused("badNonce", Stage::Order), 4),
            (refused("accountDoesNotExist", Stage::Account), 3),
            (refused("unauthorized", Stage::Account), 3),
            (refused("unauthorized", Stage::Validation), 5),
            (refused("caa", Stage::Order), 5),
            (refused("somethingNew", Stage::Validation), 5),
            (refused("somethingNew", Stage::Order), 3),
            (AcmeError::Timeout, 4),
            (
                AcmeError::Unavailable {
                    retry_at: None,
                    status: d(),
                },
                4,
            ),
            (AcmeError::Unsupported("profiles"), 3),
            (
                AcmeError::DirectoryStatus {
                    url: "u".into(),
                    status: http::StatusCode::NOT_FOUND,
                },
                3,
            ),
            (
                AcmeError::PlainHttpDirectory {
                    url: "u".into(),
                    why: d(),
                },
                2,
            ),
            (
                AcmeError::UnknownCa {
                    name: "x".into(),
                    presets: "a".into(),
                },
                2,
            ),
            (AcmeError::AccountKeyUnusable(None), 6),
            (AcmeError::EabNotBase64, 2),
            (AcmeError::EabEmpty, 2),
            (AcmeError::StillActive, 3),
            (AcmeError::BadToken(d()), 9),
            (
                AcmeError::OrderDeadline {
                    limit: Duration::from_secs(1),
                    state: d(),
                },
                4,
            ),
            (
                AcmeError::ChallengesFailed {
                    problem: problem("dns"),
                    first_type: None,
                    detail: None,
                },
                5,
            ),
            (
                AcmeError::OrderInvalid {
                    problem: None,
                    detail: None,
                },
                3,
            ),
            (AcmeError::NoCertificate, 3),
            (AcmeError::AlternateNotPem { url: "u".into() }, 9),
            (AcmeError::AlternateNotText, 9),
            (
                AcmeError::AuthorizationState {
                    identifier: "a".into(),
                    status: AuthorizationStatus::Invalid,
                },
                3,
            ),
            (
                AcmeError::NoChallenge {
                    kind: ChallengeType::Dns01,
                    identifier: "a".into(),
                },
                3,
            ),
            (AcmeError::CertificateRefused(d()), 9),
            (AcmeError::Unreachable("x"), 1),
            (AcmeError::Crypto("sign"), 1),
        ];
        for (err, code) in table {
            let name = format!("{err:?}");
            assert_eq!(Error::from(err).exit_code(), code, "{name}");
        }
    }

    #[test]
    fn only_a_transient_problem_carries_its_retry_after() {
        let at = OffsetDateTime::UNIX_EPOCH;
        let with = |kind: &str| AcmeError::Problem {
            stage: Stage::Order,
            problem: problem(kind),
            retry_at: Some(at),
            detail: Detail::new("no"),
        };
        let limited = Error::from(with("rateLimited"));
        assert_eq!(limited.retry_after, Some(at));
        assert_eq!(
            limited.acme_problem.as_deref().map(AcmeProblem::short_type),
            Some("rateLimited")
        );
        assert_eq!(Error::from(with("rejectedIdentifier")).retry_after, None);
    }
}
