//! Cancellation: one token, created by the front end (the CLI turns SIGINT, SIGTERM and SIGHUP
//! into it; the daemon parks its round with it), passed down in [`super::Context`]. `ops`
//! only observes it, at the points where stopping is safe and cleanup is possible (waiting for
//! validation, the cron delay, after the store lock): challenge answers are removed, a journaled
//! order is kept for the next run, and the error carries the reason's [`Kind`].
//!
//! `ops` never installs a signal handler: what stops a run is the front end's business.

use tokio::sync::watch;

use crate::error::{Classify, Error, Kind};

/// Why a run was asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// SIGINT (Ctrl-C).
    Interrupted,
    /// SIGTERM (how systemd stops a unit).
    Terminated,
    /// SIGHUP (the terminal went away).
    Hangup,
}

impl Reason {
    /// The error kind (and so the exit code) a run stopped for this reason ends with.
    pub fn kind(self) -> Kind {
        match self {
            Reason::Interrupted => Kind::Interrupted,
            Reason::Terminated => Kind::Terminated,
            Reason::Hangup => Kind::Hangup,
        }
    }

    /// The error a run stopped for this reason returns.
    pub fn error(self) -> Error {
        self.into()
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Reason::Interrupted => "interrupted (SIGINT)",
            Reason::Terminated => "terminated (SIGTERM)",
            Reason::Hangup => "stopped by a hangup (SIGHUP)",
        })
    }
}

impl std::error::Error for Reason {}

impl Classify for Reason {
    fn kind(&self) -> Kind {
        Reason::kind(*self)
    }

    fn hint(&self) -> Option<String> {
        Some("challenge answers were removed and an order in flight is kept; run the command again to finish it".into())
    }
}

/// The observing side: cheap to clone, shared by every task of a run.
#[derive(Debug, Clone)]
pub struct Cancel {
    rx: watch::Receiver<Option<Reason>>,
}

/// The side that cancels; dropping it without cancelling means "never".
#[derive(Debug)]
pub struct Canceller {
    tx: watch::Sender<Option<Reason>>,
}

impl Cancel {
    /// A new token and the handle that cancels it.
    pub fn new() -> (Canceller, Cancel) {
        let (tx, rx) = watch::channel(None);
        (Canceller { tx }, Cancel { rx })
    }

    /// A token nothing cancels (library use, tests).
    pub fn never() -> Cancel {
        Cancel::new().1
    }

    /// The reason, once cancelled.
    pub fn reason(&self) -> Option<Reason> {
        *self.rx.borrow()
    }

    /// `Err` with the reason's error once cancelled; for checks between steps.
    pub fn check(&self) -> Result<(), Error> {
        self.reason().map_or(Ok(()), |reason| Err(reason.error()))
    }

    /// Completes when cancelled (never when the [`Canceller`] is gone without cancelling).
    pub async fn cancelled(&self) -> Reason {
        let mut rx = self.rx.clone();
        let reason = rx.wait_for(Option::is_some).await.map(|reason| *reason);
        match reason {
            Ok(Some(reason)) => reason,
            _ => std::future::pending().await,
        }
    }

    /// Runs `work` unless cancelled first; a cancellation drops `work` and returns the
    /// reason's error.
    pub async fn run<T>(&self, work: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        tokio::select! {
            // A token cancelled before the work starts wins: nothing new is begun.
            biased;
            reason = self.cancelled() => Err(reason.error()),
            result = work => result,
        }
    }
}

impl Canceller {
    /// Cancels with `reason`; the first reason sticks.
    pub fn cancel(&self, reason: Reason) {
        self.tx.send_if_modified(|current| {
            if current.is_none() {
                *current = Some(reason);
                true
            } else {
                false
            }
        });
    }

    /// Whether [`Canceller::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.tx.borrow().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_first_reason_sticks_and_wakes_every_waiter() {
        let (canceller, cancel) = Cancel::new();
        assert!(cancel.check().is_ok());
        let waiter = tokio::spawn({
            let cancel = cancel.clone();
            async move { cancel.cancelled().await }
        });
        canceller.cancel(Reason::Terminated);
        canceller.cancel(Reason::Interrupted);
        assert_eq!(waiter.await.unwrap(), Reason::Terminated);
        assert_eq!(cancel.check().unwrap_err().kind, Kind::Terminated);
        let stopped = cancel
            .run(std::future::pending::<Result<(), Error>>())
            .await;
        assert_eq!(stopped.unwrap_err().exit_code(), 143);
    }

    #[test]
    fn each_signal_has_its_kind_exit_code_and_typed_reason() {
        let table = [
            (Reason::Interrupted, "interrupted", 130),
            (Reason::Terminated, "terminated", 143),
            (Reason::Hangup, "hangup", 129),
        ];
        for (reason, kind, code) in table {
            let err = reason.error();
            assert_eq!(err.kind.as_str(), kind);
            assert_eq!(err.exit_code(), code);
            assert!(err.kind.is_cancellation());
            assert_eq!(err.find::<Reason>(), Some(&reason));
        }
    }
}
