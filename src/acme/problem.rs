//! Maps instant-acme errors and RFC 8555 §6.7 problem types to certkeep's error kinds and hints.
//! The hint is written here, where the meaning of each problem type is known.

use std::time::Duration;

use instant_acme::Problem;
use time::OffsetDateTime;

use crate::error::{AcmeProblem, AcmeSubproblem, Error, Kind, short_problem_type};

/// Converts instant-acme's problem document into ours.
pub fn convert_problem(problem: &Problem) -> AcmeProblem {
    AcmeProblem {
        kind: problem.r#type.clone(),
        detail: problem.detail.clone(),
        status: problem.status,
        subproblems: problem
            .subproblems
            .iter()
            .map(|sub| AcmeSubproblem {
                identifier: sub.identifier.as_ref().map(identifier_value),
                kind: sub.r#type.clone(),
                detail: sub.detail.clone(),
            })
            .collect(),
    }
}

fn identifier_value(id: &instant_acme::Identifier) -> String {
    match id {
        instant_acme::Identifier::Dns(v) => v.clone(),
        instant_acme::Identifier::Ip(ip) => ip.to_string(),
        _ => "(unknown identifier type)".into(),
    }
}

/// The short ACME problem type (`badNonce`, `alreadyReplaced` ...) of a problem answer.
pub fn short_type(err: &instant_acme::Error) -> Option<&str> {
    match err {
        instant_acme::Error::Api(p) => Some(short_problem_type(p.r#type.as_deref())),
        _ => None,
    }
}

/// True for a `badNonce` problem (retried with a fresh nonce).
pub fn is_bad_nonce(err: &instant_acme::Error) -> bool {
    matches!(err, instant_acme::Error::Api(p) if short_problem_type(p.r#type.as_deref()) == "badNonce")
}

/// Where in the flow an error happened; it changes the kind of a few problem types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Talking to the directory or account endpoints.
    Account,
    /// Ordering, finalizing, downloading.
    Order,
    /// Waiting for challenge validation.
    Validation,
}

/// Converts an instant-acme error into a certkeep error with kind and hint.
/// `retry_after` is the clamped Retry-After the HTTP client saw on that response, and `now`
/// turns it into a time.
pub fn convert(
    err: instant_acme::Error,
    stage: Stage,
    retry_after: Option<Duration>,
    now: OffsetDateTime,
) -> Error {
    match err {
        instant_acme::Error::Api(problem) => from_problem(&problem, stage, retry_after, now),
        instant_acme::Error::Timeout(_) => {
            Error::new(Kind::Transient, "the CA did not finish in time")
                .with_hint("run the command again later; the order can be picked up again")
        }
        instant_acme::Error::Json(e) => Error::new(
            Kind::CaRefused,
            "the CA sent a response that is not ACME JSON",
        )
        .caused_by(e)
        .with_hint("check that --ca is the CA's ACME directory URL, not a web page"),
        instant_acme::Error::Unsupported(what) => {
            Error::new(Kind::CaRefused, format!("the CA does not support {what}"))
        }
        other => Error::new(Kind::Transient, "could not talk to the CA")
            .caused_by(other)
            .with_hint("check the network and the CA's status page, then run the command again"),
    }
}

fn from_problem(
    problem: &Problem,
    stage: Stage,
    retry_after: Option<Duration>,
    now: OffsetDateTime,
) -> Error {
    let converted = convert_problem(problem);
    let short = converted.short_type().to_owned();
    let detail = problem.detail.clone().unwrap_or_default();
    let (kind, hint): (Kind, Option<String>) = match short.as_str() {
        "rateLimited" => (Kind::Transient, Some(match retry_after {
            Some(d) => format!("wait until {} (the CA's Retry-After); test against a staging CA", crate::clock::rfc3339(now + d)),
            None => "wait before trying again; test against a staging CA (e.g. --ca letsencrypt-staging)".into(),
        })),
        "serverInternal" | "badNonce" => (Kind::Transient, Some("the CA had a temporary problem; run the command again later".into())),
        "accountDoesNotExist" => (Kind::CaRefused, Some("the CA no longer knows this account (was it deactivated, or did a test CA restart?); register it again under its name with 'certkeep account register --replace --name NAME --ca CA --agree-tos'".into())),
        "externalAccountRequired" => (Kind::CaRefused, Some("this CA needs External Account Binding: pass --eab-kid KID --eab-hmac-key file:PATH (from the CA's dashboard)".into())),
        "unauthorized" if stage == Stage::Account => (Kind::CaRefused, Some("check the EAB key id and HMAC key, or that the account is still active".into())),
        "userActionRequired" => (Kind::CaRefused, Some("the CA wants you to accept new terms or act on its web site; see the detail above".into())),
        "invalidProfile" => (Kind::CaRefused, Some("pick a profile the CA offers (see the directory's meta.profiles) or drop --profile".into())),
        "rejectedIdentifier" | "unsupportedIdentifier" => (Kind::CaRefused, Some("the CA will not issue for one of these names; check the names and the CA's policy".into())),
        "caa" => (Kind::ValidationFailed, Some("a CAA record forbids this CA; add the CA's domain to the CAA record of the name".into())),
        "dns" => (Kind::ValidationFailed, Some("the CA could not resolve the name; check its A/AAAA records".into())),
        "connection" | "unauthorized" | "incorrectResponse" | "tls" => (Kind::ValidationFailed, Some(
            "the CA could not fetch the challenge: check that the name resolves to this host, that port 80 reaches certkeep (standalone) or the web server serves the webroot's /.well-known/acme-challenge/, and that no firewall or redirect is in the way".into(),
        )),
        _ if stage == Stage::Validation => (Kind::ValidationFailed, None),
        _ => (Kind::CaRefused, None),
    };
    let message = match stage {
        Stage::Validation => "the CA could not validate the challenge".to_owned(),
        Stage::Account | Stage::Order => "the CA refused the request".to_owned(),
    };
    let mut out = Error::new(kind, message).caused_by(format!("{detail} ({short})"));
    for sub in &converted.subproblems {
        out = out.caused_by(format!(
            "{}: {} ({})",
            sub.identifier.as_deref().unwrap_or("?"),
            sub.detail.as_deref().unwrap_or(""),
            short_problem_type(sub.kind.as_deref())
        ));
    }
    if let Some(hint) = hint {
        out = out.with_hint(hint);
    }
    if kind == Kind::Transient {
        out.retry_after = retry_after.map(|d| now + d);
    }
    out.acme_problem = Some(Box::new(converted));
    out
}
