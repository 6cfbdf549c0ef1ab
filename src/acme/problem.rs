//! Maps instant-acme errors and RFC 8555 §6.7 problem types to certkeep's error kinds and hints.
//! The hint is written here, where the meaning of each problem type is known.

use std::time::Duration;

use instant_acme::Problem;
use time::OffsetDateTime;

use super::AcmeError;
use crate::error::{AcmeProblem, AcmeSubproblem, Detail, Error, short_problem_type};

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
    let error = match err {
        instant_acme::Error::Api(problem) => from_problem(&problem, stage, retry_after, now),
        instant_acme::Error::Timeout(_) => AcmeError::Timeout,
        instant_acme::Error::Json(e) => AcmeError::NotJson(e),
        instant_acme::Error::Unsupported(what) => AcmeError::Unsupported(what),
        other => AcmeError::Talk(other),
    };
    error.into()
}

fn from_problem(
    problem: &Problem,
    stage: Stage,
    retry_after: Option<Duration>,
    now: OffsetDateTime,
) -> AcmeError {
    let converted = convert_problem(problem);
    let short = converted.short_type().to_owned();
    let detail = problem.detail.clone().unwrap_or_default();
    let lines = std::iter::once(format!("{detail} ({short})")).chain(
        converted.subproblems.iter().map(|sub| {
            format!(
                "{}: {} ({})",
                sub.identifier.as_deref().unwrap_or("?"),
                sub.detail.as_deref().unwrap_or(""),
                short_problem_type(sub.kind.as_deref())
            )
        }),
    );
    let detail = Detail::lines(lines).unwrap_or_else(|| Detail::new(&short));
    AcmeError::Problem {
        stage,
        problem: converted,
        retry_at: retry_after.map(|d| now + d),
        detail,
    }
}
