//! Progress events: one enum for every front end, sent over a `tokio::sync::mpsc` channel.
//!
//! Each event travels in an [`EventRecord`] that names the certificate it belongs to and, once
//! there is one, its order URL, so that with several renewals in flight every line can be
//! attributed. The sink is cheap to clone and sending never blocks: the channel is unbounded,
//! because a bounded one would either stall an operation behind a slow terminal or drop events,
//! and the volume is bounded by the work itself (a few dozen events per certificate). The front
//! ends (`output::progress`: human lines or spinners, `--events` JSON lines, the daemon's log,
//! the TUI to come) hold the receiving end.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

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
    /// The order was created (its URL is the record's `order`).
    OrderCreated {
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
    /// A certificate (the record's `cert`) is due and is being renewed.
    Renewing {
        /// Why it is due.
        reason: String,
    },
    /// A certificate (the record's `cert`) failed to renew (the run goes on with the others).
    RenewFailed {
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

/// The version of an [`EventRecord`]'s JSON shape (its `v`); raised when a field changes
/// meaning or goes away, not when one is added.
pub const EVENT_SCHEMA_VERSION: u32 = 1;

/// An event with what it is about: one JSON object per line with `--events`,
/// `{"v":1,"cert":"example.org","order":"https://...","event":"order_created","pending":1}`.
/// `cert` and `order` are always present, `null` when the event belongs to no certificate (an
/// account registered, the wait for the store lock) or no order (yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRecord {
    /// [`EVENT_SCHEMA_VERSION`].
    pub v: u32,
    /// The certificate (lineage) name.
    pub cert: Option<String>,
    /// The order URL, from the order's creation on.
    pub order: Option<String>,
    /// What happened: `event` names the kind, the other fields are its own.
    #[serde(flatten)]
    pub event: Event,
}

impl EventRecord {
    /// A record of `event` about `cert` and `order`.
    pub fn new(cert: Option<&str>, order: Option<&str>, event: Event) -> Self {
        Self {
            v: EVENT_SCHEMA_VERSION,
            cert: cert.map(str::to_owned),
            order: order.map(str::to_owned),
            event,
        }
    }
}

/// What travels over the event channel.
#[derive(Debug)]
pub enum Message {
    /// An event.
    Record(EventRecord),
    /// A barrier: the consumer answers it once everything sent before it is rendered, so a
    /// front end can print its final report after the last progress line, never among them.
    Barrier(std::sync::mpsc::SyncSender<()>),
}

/// Where events go; cheap to clone. Sending never fails and never waits: progress is never
/// worth failing or slowing an operation over. A sink may be scoped to a certificate
/// ([`EventSink::for_cert`]) and an order ([`EventSink::with_order`]); every record it sends
/// carries them.
#[derive(Debug, Clone, Default)]
pub struct EventSink {
    channel: Option<UnboundedSender<Message>>,
    cert: Option<Arc<str>>,
    order: Option<Arc<str>>,
}

impl EventSink {
    /// A sink and the receiving end of its channel, for a front end to consume.
    pub fn channel() -> (Self, UnboundedReceiver<Message>) {
        let (tx, rx) = unbounded_channel();
        (
            Self {
                channel: Some(tx),
                ..Self::default()
            },
            rx,
        )
    }

    /// A sink that drops everything.
    pub fn none() -> Self {
        Self::default()
    }

    /// This sink, with every record naming the certificate `name` (and no order yet).
    #[must_use]
    pub fn for_cert(&self, name: &str) -> Self {
        Self {
            channel: self.channel.clone(),
            cert: Some(name.into()),
            order: None,
        }
    }

    /// This sink, with every record naming the order at `url` too.
    #[must_use]
    pub fn with_order(&self, url: &str) -> Self {
        Self {
            order: Some(url.into()),
            ..self.clone()
        }
    }

    /// Sends an event (dropped when the consumer has gone away).
    pub fn send(&self, event: Event) {
        if let Some(channel) = &self.channel {
            let record = EventRecord::new(self.cert.as_deref(), self.order.as_deref(), event);
            let _ = channel.send(Message::Record(record));
        }
    }

    /// Sends a warning.
    pub fn warn(&self, message: impl Into<String>) {
        self.send(Event::Warning {
            message: message.into(),
        });
    }

    /// Waits, at most `deadline`, until the consumer has rendered everything sent so far; true
    /// when it has (or there is no consumer). Blocks the calling thread: for a front end about
    /// to print its final report, whose consumer runs on a thread of its own.
    pub fn settle(&self, deadline: Duration) -> bool {
        let Some(channel) = &self.channel else {
            return true;
        };
        let (ack, acked) = std::sync::mpsc::sync_channel(1);
        if channel.send(Message::Barrier(ack)).is_err() {
            return true;
        }
        acked.recv_timeout(deadline).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_name_the_certificate_and_order_of_their_sink() {
        let (sink, mut rx) = EventSink::channel();
        sink.warn("unscoped");
        let cert = sink.for_cert("example.org");
        cert.send(Event::Finalizing);
        cert.with_order("https://ca.test/order/1")
            .send(Event::OrderCreated { pending: 2 });
        // A new certificate scope starts without the previous order.
        cert.with_order("https://ca.test/order/1")
            .for_cert("other.org")
            .send(Event::Finalizing);
        let mut got = Vec::new();
        while let Ok(Message::Record(record)) = rx.try_recv() {
            got.push((record.cert, record.order));
        }
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            got,
            vec![
                (None, None),
                (some("example.org"), None),
                (some("example.org"), some("https://ca.test/order/1")),
                (some("other.org"), None),
            ]
        );
    }

    #[test]
    fn a_record_is_one_flat_versioned_json_object() {
        let record = EventRecord::new(
            Some("example.org"),
            Some("https://ca.test/order/1"),
            Event::OrderCreated { pending: 1 },
        );
        assert_eq!(
            serde_json::to_string(&record).unwrap(),
            r#"{"v":1,"cert":"example.org","order":"https://ca.test/order/1","event":"order_created","pending":1}"#
        );
        let unscoped = EventRecord::new(None, None, Event::AuthorizationsValid);
        assert_eq!(
            serde_json::to_string(&unscoped).unwrap(),
            r#"{"v":1,"cert":null,"order":null,"event":"authorizations_valid"}"#
        );
    }

    #[test]
    fn settling_without_a_consumer_does_not_wait() {
        assert!(EventSink::none().settle(Duration::from_secs(5)));
        let (sink, rx) = EventSink::channel();
        drop(rx);
        assert!(sink.settle(Duration::from_secs(5)));
    }
}
