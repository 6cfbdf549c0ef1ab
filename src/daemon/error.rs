//! What keeps the daemon from starting ([`DaemonError`]); a failed round is not one: it is
//! logged and the daemon carries on.

use std::path::PathBuf;

use crate::error::{Classify, Kind};

/// Why the daemon cannot run.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    /// The signal handlers could not be installed.
    #[error("could not install signal handlers")]
    Signals(#[source] std::io::Error),
    /// The http-01 responder's runtime did not start, or stopped while binding.
    #[error("could not start the http-01 responder")]
    Responder(#[source] std::io::Error),
    /// Another daemon holds the store's daemon lock.
    #[error("another certkeep daemon already runs on this store")]
    AlreadyRunning {
        /// The daemon lock file.
        lock: PathBuf,
    },
}

impl Classify for DaemonError {
    fn kind(&self) -> Kind {
        match self {
            DaemonError::Signals(_) | DaemonError::Responder(_) => Kind::Internal,
            DaemonError::AlreadyRunning { .. } => Kind::Locked,
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            DaemonError::Signals(_) | DaemonError::Responder(_) => None,
            DaemonError::AlreadyRunning { .. } => Some("stop it first ('systemctl stop certkeep'), or point this one at another store with --store".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn a_second_daemon_is_locked_out_and_broken_signals_are_internal() {
        let locked = Error::from(DaemonError::AlreadyRunning {
            lock: PathBuf::from("/s/daemon.lock"),
        });
        assert_eq!(locked.exit_code(), 8);
        let signals = Error::from(DaemonError::Signals(std::io::Error::other("x")));
        assert_eq!(signals.exit_code(), 1);
        assert_eq!(signals.causes, vec!["x"]);
    }
}
