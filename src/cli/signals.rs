//! The signals that stop a command (not the daemon, which has its own: there SIGHUP means
//! "renew now"): SIGINT, SIGTERM and SIGHUP cancel the run's one token, and `ops` cleans up
//! where it watches it. A signal the process inherited as ignored stays ignored, so
//! `nohup certkeep renew &` survives its terminal as `nohup` promises.

use std::time::Duration;

use tokio::signal::unix::{Signal, SignalKind, signal};

use crate::error::Error;
use crate::ops::{Canceller, Reason};

/// How long a cancelled run may take to clean up (remove challenge answers, release the lock)
/// before it is abandoned; well inside systemd's default stop timeout of 90 s.
const CLEANUP_GRACE: Duration = Duration::from_secs(10);

/// The signals that stop a command run; `None` for one inherited as ignored.
pub(super) struct Signals {
    int: Option<Signal>,
    term: Option<Signal>,
    hup: Option<Signal>,
}

impl Signals {
    /// Installs the handlers.
    pub(super) fn install() -> Result<Self, Error> {
        let ignored = ignored_at_start();
        let install = |kind: SignalKind| {
            if ignored & signal_bit(kind.as_raw_value()) != 0 {
                return Ok(None);
            }
            signal(kind)
                .map(Some)
                .map_err(|e| Error::from(super::CliError::Signals(e)))
        };
        Ok(Self {
            int: install(SignalKind::interrupt())?,
            term: install(SignalKind::terminate())?,
            hup: install(SignalKind::hangup())?,
        })
    }

    async fn next(&mut self) -> Reason {
        tokio::select! {
            () = recv(self.int.as_mut()) => Reason::Interrupted,
            () = recv(self.term.as_mut()) => Reason::Terminated,
            () = recv(self.hup.as_mut()) => Reason::Hangup,
        }
    }
}

async fn recv(signal: Option<&mut Signal>) {
    match signal {
        Some(signal) => {
            if signal.recv().await.is_none() {
                std::future::pending::<()>().await;
            }
        }
        None => std::future::pending().await,
    }
}

fn signal_bit(signo: i32) -> u64 {
    u32::try_from(signo - 1)
        .ok()
        .and_then(|shift| 1u64.checked_shl(shift))
        .unwrap_or(0)
}

/// The signals this process was started with set to "ignore" (`SigIgn` in /proc/self/status;
/// none where there is no /proc). Read before any handler is installed.
fn ignored_at_start() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| parse_sig_ign(&status))
        .unwrap_or(0)
}

fn parse_sig_ign(status: &str) -> Option<u64> {
    let mask = status
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:"))?;
    u64::from_str_radix(mask.trim(), 16).ok()
}

/// Runs `work`; the first signal cancels the token, so `ops` cleans up and returns the
/// signal's error. A run that does not return within [`CLEANUP_GRACE`], or a second signal,
/// abandons the work (its destructors still run) with that error.
pub(super) async fn until_signalled(
    work: impl Future<Output = Result<u8, Error>>,
    mut signals: Signals,
    canceller: &Canceller,
) -> Result<u8, Error> {
    tokio::pin!(work);
    let reason = tokio::select! {
        done = &mut work => return done,
        reason = signals.next() => reason,
    };
    canceller.cancel(reason);
    tokio::select! {
        // What the command says (it has printed its result, if any): its own stop error, or
        // its result when it finished before it noticed.
        done = &mut work => done,
        () = tokio::time::sleep(CLEANUP_GRACE) => Err(reason.error()),
        _ = signals.next() => Err(reason.error()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_ignored_at_start_are_read_from_the_sig_ign_mask() {
        // SIGHUP (1) and SIGPIPE (13) ignored, as under `nohup` with a closed pipe.
        let status = "Name:\tcertkeep\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000001001\n";
        let ignored = parse_sig_ign(status).unwrap();
        assert_ne!(ignored & signal_bit(SignalKind::hangup().as_raw_value()), 0);
        assert_eq!(
            ignored & signal_bit(SignalKind::terminate().as_raw_value()),
            0
        );
        assert_eq!(parse_sig_ign("Name:\tx\n"), None);
        assert_eq!(signal_bit(0), 0);
    }
}
