//! The one error type every layer converts into: a [`Kind`] (which decides the exit code and the
//! JSON `error.kind`), a message, the chain of causes, and an optional hint that says how to fix
//! the problem.
//!
//! Modules own their typed errors (one `thiserror` enum each) and implement [`Classify`] on
//! them: the kind comes from the variant, never from the text, and the code that knows the fix
//! sets the hint. `?` turns them into an [`Error`] that keeps the typed value, so
//! [`std::error::Error::source`] walks the real chain and [`Error::find`] downcasts to it.
//! Only `output/` prints an [`Error`]. No variant may carry a secret.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;

/// What went wrong, coarsely: each kind has one exit code (DESIGN.md, "Exit codes") and one
/// stable JSON name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A bug or an unexpected state inside certkeep (exit 1).
    Internal,
    /// Bad arguments, bad config, bad input (exit 2).
    Usage,
    /// The CA refused permanently (exit 3).
    CaRefused,
    /// Rate limit, 5xx, network: try again later (exit 4).
    Transient,
    /// A challenge failed validation (exit 5).
    ValidationFailed,
    /// The local store or file system failed (exit 6).
    Storage,
    /// The certificate was stored but a hook, deploy or verify step failed (exit 7).
    HookFailed,
    /// Another certkeep process holds the store lock (exit 8).
    Locked,
    /// A CA response failed a security check; nothing was written (exit 9).
    Security,
    /// Some certificates renewed and some failed (exit 10).
    PartialFailure,
    /// Interrupted by SIGINT, Ctrl-C (exit 130 = 128 + 2).
    Interrupted,
    /// Terminated by SIGTERM, how systemd stops a unit (exit 143 = 128 + 15).
    Terminated,
    /// Stopped by SIGHUP, a closed terminal (exit 129 = 128 + 1).
    Hangup,
}

impl Kind {
    /// The process exit code for this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Internal => 1,
            Kind::Usage => 2,
            Kind::CaRefused => 3,
            Kind::Transient => 4,
            Kind::ValidationFailed => 5,
            Kind::Storage => 6,
            Kind::HookFailed => 7,
            Kind::Locked => 8,
            Kind::Security => 9,
            Kind::PartialFailure => 10,
            Kind::Interrupted => 130,
            Kind::Terminated => 143,
            Kind::Hangup => 129,
        }
    }

    /// The stable name used as JSON `error.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Internal => "internal",
            Kind::Usage => "usage",
            Kind::CaRefused => "ca_refused",
            Kind::Transient => "transient",
            Kind::ValidationFailed => "validation_failed",
            Kind::Storage => "storage",
            Kind::HookFailed => "hook_failed",
            Kind::Locked => "locked",
            Kind::Security => "security",
            Kind::PartialFailure => "partial_failure",
            Kind::Interrupted => "interrupted",
            Kind::Terminated => "terminated",
            Kind::Hangup => "hangup",
        }
    }

    /// Whether this kind means the run was stopped by a signal: it says nothing about the CA or
    /// the host, so it is never recorded as a failure and a journaled order is kept.
    pub fn is_cancellation(self) -> bool {
        matches!(self, Kind::Interrupted | Kind::Terminated | Kind::Hangup)
    }
}

/// An RFC 7807 problem document as the CA sent it, kept for display and for JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AcmeProblem {
    /// The problem type URN, e.g. `urn:ietf:params:acme:error:rateLimited`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The CA's human-readable detail.
    pub detail: Option<String>,
    /// The HTTP status code, when the CA sent one.
    pub status: Option<u16>,
    /// Per-identifier problems (RFC 8555 §6.7.1).
    pub subproblems: Vec<AcmeSubproblem>,
}

/// One identifier's problem inside an [`AcmeProblem`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AcmeSubproblem {
    /// The identifier the problem is about, e.g. `www.example.org`.
    pub identifier: Option<String>,
    /// The problem type URN.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The CA's detail for this identifier.
    pub detail: Option<String>,
}

impl AcmeProblem {
    /// The short type name without the ACME URN prefix (`rateLimited`).
    pub fn short_type(&self) -> &str {
        short_problem_type(self.kind.as_deref())
    }
}

/// Strips the `urn:ietf:params:acme:error:` prefix from a problem type.
pub fn short_problem_type(kind: Option<&str>) -> &str {
    let kind = kind.unwrap_or("unknown");
    kind.strip_prefix("urn:ietf:params:acme:error:")
        .unwrap_or(kind)
}

/// A module's typed error: what [`Error`] needs beyond the message and the `source()` chain.
/// Implemented by each module's `thiserror` enum with a `match` on the variant.
pub trait Classify: std::error::Error + Send + Sync + 'static {
    /// The kind (exit code, JSON `error.kind`) of this variant.
    fn kind(&self) -> Kind;

    /// How to fix it, where the module knows.
    fn hint(&self) -> Option<String> {
        None
    }

    /// The CA's problem document, for errors that carry one.
    fn acme_problem(&self) -> Option<AcmeProblem> {
        None
    }

    /// When a transient failure may be retried.
    fn retry_after(&self) -> Option<OffsetDateTime> {
        None
    }
}

/// A cause that is only words (a CA's detail, a parser's reason), for a `#[source]` field: one
/// `caused by:` line each, in a chain. [`Detail::chain`] copies an error that is only borrowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    text: String,
    next: Option<Box<Detail>>,
}

impl Detail {
    /// One cause line.
    pub fn new(text: impl fmt::Display) -> Self {
        Self {
            text: text.to_string(),
            next: None,
        }
    }

    /// One cause line per item, first outermost; `None` when there are none.
    pub fn lines(lines: impl IntoIterator<Item = String>) -> Option<Self> {
        let lines: Vec<String> = lines.into_iter().collect();
        let mut chain = None;
        for text in lines.into_iter().rev() {
            chain = Some(Box::new(Self { text, next: chain }));
        }
        chain.map(|first| *first)
    }

    /// The text of `err` and of every error in its `source()` chain.
    pub fn chain(err: &(dyn std::error::Error + 'static)) -> Self {
        let mut lines = Vec::new();
        push_chain(Some(err), &mut lines);
        Self::lines(lines).unwrap_or_else(|| Self::new(err))
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Detail {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.next
            .as_deref()
            .map(|next| next as &(dyn std::error::Error + 'static))
    }
}

/// The shared handle to the typed error an [`Error`] was made from.
type Typed = Arc<dyn std::error::Error + Send + Sync + 'static>;

/// The crate-wide error: what failed, why (causes), how to fix it (hint).
#[derive(Debug, Clone)]
pub struct Error {
    /// Decides the exit code and JSON `error.kind`.
    pub kind: Kind,
    /// What failed, lowercase, values in single quotes, no final period.
    pub message: String,
    /// Why, outermost first: one `caused by:` line each.
    pub causes: Vec<String>,
    /// How to fix it, when the code that raised the error knows.
    pub hint: Option<String>,
    /// The CA's problem document, when the CA sent one.
    pub acme_problem: Option<Box<AcmeProblem>>,
    /// When a transient failure may be retried (the CA's Retry-After, clamped).
    pub retry_after: Option<OffsetDateTime>,
    /// The typed error this was made from, the start of the [`std::error::Error::source`] chain.
    typed: Option<Typed>,
}

impl<E: Classify> From<E> for Error {
    fn from(err: E) -> Self {
        let mut lines = vec![err.to_string()];
        push_chain(err.source(), &mut lines);
        let message = lines.remove(0);
        Self {
            kind: err.kind(),
            message,
            causes: lines,
            hint: err.hint(),
            acme_problem: err.acme_problem().map(Box::new),
            retry_after: err.retry_after(),
            typed: Some(Arc::new(err)),
        }
    }
}

/// Appends one cause line per error of a `source()` chain. A certkeep [`Error`] in the chain
/// already holds its own causes, so its lines are taken and its source is not walked again.
/// Many libraries print their source inside their own text ("HTTP request failure: {0}") and
/// return it from `source()` as well; a line the previous line already ends with is left out.
fn push_chain(mut source: Option<&(dyn std::error::Error + 'static)>, causes: &mut Vec<String>) {
    while let Some(cause) = source {
        if let Some(inner) = cause.downcast_ref::<Error>() {
            causes.push(inner.message.clone());
            causes.extend(inner.causes.iter().cloned());
            return;
        }
        let line = cause.to_string();
        if !causes
            .last()
            .is_some_and(|previous| previous.ends_with(&line))
        {
            causes.push(line);
        }
        source = cause.source();
    }
}

impl Error {
    /// A new error of `kind` with a message and nothing else. Outside this file only tests use
    /// it (clippy `disallowed-methods`): code raises a variant of its module's error enum.
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            causes: Vec::new(),
            hint: None,
            acme_problem: None,
            retry_after: None,
            typed: None,
        }
    }

    /// Adds a cause line.
    #[must_use]
    pub fn caused_by(mut self, cause: impl fmt::Display) -> Self {
        self.causes.push(cause.to_string());
        self
    }

    /// Sets the hint (replacing any earlier one: the innermost code usually knows best, so
    /// callers only set one when none is there yet, see [`Error::or_hint`]).
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the hint only when none is set yet.
    #[must_use]
    pub fn or_hint(mut self, hint: impl Into<String>) -> Self {
        if self.hint.is_none() {
            self.hint = Some(hint.into());
        }
        self
    }

    /// Wraps this error under a new outer message; the old message becomes the first cause.
    #[must_use]
    pub fn context(mut self, message: impl Into<String>) -> Self {
        let inner = std::mem::replace(&mut self.message, message.into());
        self.causes.insert(0, inner);
        self
    }

    /// The exit code for this error.
    pub fn exit_code(&self) -> u8 {
        self.kind.exit_code()
    }

    /// The first error of type `T` in the typed `source()` chain, for code that decides by
    /// variant (never by message text).
    pub fn find<T: std::error::Error + 'static>(&self) -> Option<&T> {
        let mut current = std::error::Error::source(self);
        while let Some(err) = current {
            if let Some(found) = err.downcast_ref::<T>() {
                return Some(found);
            }
            current = err.source();
        }
        None
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for cause in &self.causes {
            write!(f, ": {cause}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    /// The typed error this was made from (whose own `source()` goes on down the chain).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.typed
            .as_deref()
            .map(|typed| typed as &(dyn std::error::Error + 'static))
    }
}

/// The crate-wide result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_match_the_design() {
        let table = [
            (Kind::Internal, 1),
            (Kind::Usage, 2),
            (Kind::CaRefused, 3),
            (Kind::Transient, 4),
            (Kind::ValidationFailed, 5),
            (Kind::Storage, 6),
            (Kind::HookFailed, 7),
            (Kind::Locked, 8),
            (Kind::Security, 9),
            (Kind::PartialFailure, 10),
            (Kind::Interrupted, 130),
            (Kind::Terminated, 143),
            (Kind::Hangup, 129),
        ];
        for (kind, code) in table {
            assert_eq!(kind.exit_code(), code, "{kind:?}");
        }
    }

    #[test]
    #[expect(
        clippy::disallowed_methods,
        reason = "the untyped constructor itself is tested"
    )]
    fn context_keeps_the_inner_message_as_first_cause() {
        let err = Error::new(Kind::Usage, "bad name")
            .caused_by("has a ';'")
            .context("could not obtain");
        assert_eq!(err.message, "could not obtain");
        assert_eq!(err.causes, vec!["bad name", "has a ';'"]);
        assert_eq!(err.to_string(), "could not obtain: bad name: has a ';'");
    }

    /// A module error with a typed source, as every module's enum is shaped.
    #[derive(Debug, thiserror::Error)]
    enum Probe {
        #[error("could not probe '{0}'")]
        Failed(&'static str, #[source] std::io::Error),
    }

    impl Classify for Probe {
        fn kind(&self) -> Kind {
            Kind::Storage
        }

        fn hint(&self) -> Option<String> {
            Some("free disk space".into())
        }
    }

    #[test]
    fn a_typed_error_keeps_kind_hint_causes_and_its_source_chain() {
        let io = std::io::Error::other("disk full");
        let err: Error = Probe::Failed("x", io).into();
        assert_eq!(err.kind, Kind::Storage);
        assert_eq!(err.message, "could not probe 'x'");
        assert_eq!(err.causes, vec!["disk full"]);
        assert_eq!(err.hint.as_deref(), Some("free disk space"));
        let typed = std::error::Error::source(&err).expect("the typed error is the source");
        assert!(matches!(
            typed.downcast_ref::<Probe>(),
            Some(Probe::Failed("x", _))
        ));
        let inner = typed.source().expect("the io error is next");
        assert_eq!(inner.to_string(), "disk full");
        assert!(err.find::<std::io::Error>().is_some());
    }

    #[test]
    fn context_keeps_the_typed_source() {
        let err = Error::from(Probe::Failed("y", std::io::Error::other("gone")))
            .context("could not renew 'y'");
        assert_eq!(
            err.to_string(),
            "could not renew 'y': could not probe 'y': gone"
        );
        assert!(matches!(err.find::<Probe>(), Some(Probe::Failed("y", _))));
    }

    #[test]
    fn a_nested_certkeep_error_is_not_walked_twice() {
        #[derive(Debug, thiserror::Error)]
        #[error("outer")]
        struct Outer(#[source] Error);
        impl Classify for Outer {
            fn kind(&self) -> Kind {
                Kind::Transient
            }
        }
        let inner = Error::from(Probe::Failed("z", std::io::Error::other("low")));
        let err = Error::from(Outer(inner));
        assert_eq!(err.causes, vec!["could not probe 'z'", "low"]);
        assert!(err.find::<Probe>().is_some());
    }

    #[test]
    fn a_source_the_outer_text_already_shows_is_not_repeated() {
        #[derive(Debug, thiserror::Error)]
        #[error("HTTP request failure: {0}")]
        struct Wrapping(#[source] std::io::Error);
        impl Classify for Wrapping {
            fn kind(&self) -> Kind {
                Kind::Transient
            }
        }
        let err = Error::from(Wrapping(std::io::Error::other("connection refused")));
        assert_eq!(err.message, "HTTP request failure: connection refused");
        assert!(err.causes.is_empty(), "{:?}", err.causes);
        let talk = Error::from(Probe::Failed(
            "t",
            std::io::Error::other("HTTP failure: reset"),
        ));
        assert_eq!(talk.causes, vec!["HTTP failure: reset"]);
    }

    #[test]
    fn a_detail_chain_copies_every_line() {
        let err = Probe::Failed("w", std::io::Error::other("cause"));
        let detail = Detail::chain(&err);
        assert_eq!(detail.to_string(), "could not probe 'w'");
        let next = std::error::Error::source(&detail).expect("the chain goes on");
        assert_eq!(next.to_string(), "cause");
        assert!(next.source().is_none());
    }
}
