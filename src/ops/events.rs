//! Progress events: one enum for every front end. The CLI prints them as lines on stderr, the
//! JSON mode can stream them, the TUI and daemon will show and log them.

use serde::Serialize;
use time::OffsetDateTime;

use crate::domain::ChallengeKind;
use crate::hooks::Stage;

/// Something that happened during a long operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A new account was registered.
    AccountRegistered {
        /// The account URL.
        url: String,
    },
    /// The order was created.
    OrderCreated {
        /// The order URL.
        url: String,
        /// How many authorizations must be solved (0: all reused).
        pending: usize,
    },
    /// A challenge is being answered.
    ChallengePresented {
        /// The identifier.
        identifier: String,
        /// The challenge type.
        challenge: ChallengeKind,
    },
    /// The CA was asked to validate; waiting for it.
    ValidationStarted {
        /// How many challenges.
        count: usize,
    },
    /// Every authorization is valid.
    AuthorizationsValid,
    /// The CSR was sent.
    Finalizing,
    /// The CA issued the certificate (checked).
    CertificateIssued {
        /// Serial, hex.
        serial: String,
        /// Expiry.
        #[serde(with = "time::serde::rfc3339")]
        not_after: OffsetDateTime,
    },
    /// The certificate was stored as a new version.
    Stored {
        /// The version number.
        version: u32,
    },
    /// A certificate is due and is being renewed.
    Renewing {
        /// Lineage.
        name: String,
        /// Why it is due.
        reason: String,
    },
    /// A certificate failed to renew (the run goes on with the others).
    RenewFailed {
        /// Lineage.
        name: String,
        /// What went wrong.
        message: String,
    },
    /// Waiting before acting.
    Waiting {
        /// How long.
        seconds: u64,
        /// Why.
        reason: String,
    },
    /// A DNS challenge record is not visible everywhere yet.
    DnsPending {
        /// The record name (or, for the manual provider, the instruction).
        record: String,
        /// The servers that do not show it yet.
        servers: Vec<String>,
    },
    /// A hook ran.
    HookRan {
        /// `pre`, `post`, `deploy` or `failure`.
        stage: Stage,
        /// The command.
        command: String,
        /// True when it exited 0 in time.
        ok: bool,
        /// Its exit code.
        exit_code: Option<i32>,
        /// True when the timeout killed it.
        timed_out: bool,
        /// Why it could not run.
        error: Option<String>,
        /// The last part of its output.
        output: String,
    },
    /// A challenge could not be cleaned up (the operation's outcome is reported separately).
    CleanupFailed {
        /// The identifier.
        identifier: String,
        /// What went wrong.
        message: String,
    },
    /// Something the user should know that is not an error.
    Warning {
        /// The warning.
        message: String,
    },
}

/// Where events go; cheap to clone. Sending never fails: progress is never worth failing an
/// operation over. The CLI prints each event as it comes; a TUI or daemon forwards them into its
/// own channel.
#[derive(Clone)]
pub struct EventSink(Option<std::sync::Arc<dyn Fn(Event) + Send + Sync>>);

impl std::fmt::Debug for EventSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventSink")
    }
}

impl EventSink {
    /// A sink that hands every event to `receiver`.
    pub fn new(receiver: impl Fn(Event) + Send + Sync + 'static) -> Self {
        Self(Some(std::sync::Arc::new(receiver)))
    }

    /// A sink that drops everything.
    pub fn none() -> Self {
        Self(None)
    }

    /// Sends an event.
    pub fn send(&self, event: Event) {
        if let Some(receiver) = &self.0 {
            receiver(event);
        }
    }

    /// Sends a warning.
    pub fn warn(&self, message: impl Into<String>) {
        self.send(Event::Warning {
            message: message.into(),
        });
    }
}
