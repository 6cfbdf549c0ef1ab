//! The long-running renewal daemon. Its parts: a single-instance lock (`<store>/daemon.lock`), a
//! loop that runs one renewal round (the same `ops::renew` a cron job runs, waiting for the
//! store lock rather than failing on it), computes the next wake-up over all certificates from
//! the same plan `status` shows, writes its status to the store, and sleeps until then: no
//! polling, no CPU while idle. SIGHUP starts a round at once (re-reading specs and state);
//! SIGTERM or SIGINT lets the round in flight finish (for a short grace, then parks it: challenge
//! answers removed, the order journaled for the next start) and exits; systemd is told READY,
//! STATUS and STOPPING through [`notify`], and WATCHDOG by a task that runs during rounds too.
//!
//! Before each round the store is brought up to its store of record ([`Store::refresh`]: in a
//! fleet, the database, connected again if need be). When that fails, renewal is *paused*: no
//! round runs, the local certificates stay in place, the status file says why, and the daemon
//! tries again after a delay that doubles from [`MIN_SLEEP`] to [`MAX_PAUSED_RETRY`]; it resumes
//! by itself once the refresh succeeds.
//!
//! [`Store::refresh`]: crate::store::Store::refresh

mod error;
pub mod notify;
pub mod responder;
pub mod units;

use std::fmt::Write as _;
use std::time::Duration;

use time::OffsetDateTime;
use tokio::signal::unix::{Signal, SignalKind, signal};

pub use error::DaemonError;

use crate::error::{Error, Kind};
use crate::ops::{self, Cancel, Context, Reason, RenewRequest};
use crate::store::{DaemonState, DaemonStatus, StoreLock};

/// The longest the daemon sleeps, so renewal information (ARI) is refreshed at least twice a
/// day and a changed clock is noticed.
pub const MAX_SLEEP: Duration = Duration::from_secs(12 * 60 * 60);
/// The shortest sleep between rounds: nothing the daemon does is worth a hot loop.
pub const MIN_SLEEP: Duration = Duration::from_secs(5);
/// How long a round in flight may go on after SIGTERM before it is parked.
pub const STOP_GRACE: Duration = Duration::from_secs(20);
/// The longest wait between two tries while renewal is paused.
pub const MAX_PAUSED_RETRY: Duration = Duration::from_secs(5 * 60);
/// How long a parked round may take to clean up (challenge answers, DNS records) before the
/// daemon exits anyway. [`STOP_GRACE`] + this stays well inside the unit's `TimeoutStopSec`.
pub const PARK_GRACE: Duration = Duration::from_secs(15);

/// Daemon settings.
#[derive(Debug, Clone, Default)]
pub struct DaemonOptions {
    /// Where systemd notifications go (nowhere when not run by systemd).
    pub notifier: notify::Notifier,
}

/// What ended the daemon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// SIGTERM.
    Terminated,
    /// SIGINT.
    Interrupted,
}

fn signal_error(e: std::io::Error) -> Error {
    DaemonError::Signals(e).into()
}

/// Runs until SIGTERM or SIGINT.
pub async fn run(ctx: Context, options: DaemonOptions) -> Result<Stop, Error> {
    run_until(ctx, options, std::future::pending()).await
}

/// The daemon's signals: SIGTERM and SIGINT stop it, SIGHUP starts a round at once.
struct Signals {
    term: Signal,
    int: Signal,
    hup: Signal,
}

impl Signals {
    /// The next SIGTERM or SIGINT.
    async fn stop(&mut self) -> Stop {
        tokio::select! {
            _ = self.term.recv() => Stop::Terminated,
            _ = self.int.recv() => Stop::Interrupted,
        }
    }
}

/// Runs until SIGTERM, SIGINT or `stop` completes (for embedding and in-process tests; a
/// completed `stop` counts as SIGTERM).
///
/// A stop during a round lets the round finish for [`STOP_GRACE`]; then (or at once on a second
/// stop signal) the round is parked: the daemon's own cancellation token stops it, challenge
/// answers are removed and a journaled order waits for the next start.
pub async fn run_until(
    mut ctx: Context,
    options: DaemonOptions,
    stop: impl std::future::Future<Output = ()>,
) -> Result<Stop, Error> {
    tokio::pin!(stop);
    ctx.store.ensure_root()?;
    let _instance = StoreLock::acquire(&ctx.store.root().join("daemon.lock"), Duration::ZERO)
        .map_err(|e| match e {
            crate::store::StoreError::Locked { path } => {
                Error::from(DaemonError::AlreadyRunning { lock: path })
            }
            other => other.into(),
        })?;
    let mut signals = Signals {
        term: signal(SignalKind::terminate()).map_err(signal_error)?,
        int: signal(SignalKind::interrupt()).map_err(signal_error)?,
        hup: signal(SignalKind::hangup()).map_err(signal_error)?,
    };
    let (parker, cancel) = Cancel::new();
    ctx.cancel = cancel;
    let notifier = options.notifier.clone();
    // The watchdog is fed by its own task for the daemon's whole life, rounds included (a round
    // may wait on DNS or a slow hook for longer than WatchdogSec); it stops with the runtime, so
    // a wedged runtime is still noticed.
    let _watchdog = Watchdog(notifier.watchdog_interval().map(|every| {
        let notifier = notifier.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            loop {
                ticks.tick().await;
                notifier.send("WATCHDOG=1");
            }
        })
    }));
    let started = ctx.clock.now();
    let mut status = DaemonStatus {
        pid: std::process::id(),
        started,
        last_wake: started,
        next_wake: None,
        state: DaemonState::Running,
        last_round: "starting".into(),
        paused: None,
    };
    let mut retry = MIN_SLEEP;
    notifier.send("READY=1\nSTATUS=starting the first renewal round");
    let stopped = loop {
        status.last_wake = ctx.clock.now();
        if let Some(wait) = refresh_or_pause(&ctx, &mut status, &mut retry, &notifier) {
            match sleep_or_signal(&mut signals, &mut stop, wait).await {
                Some(why) => break why,
                None => continue,
            }
        }
        let round = round(&ctx);
        tokio::pin!(round);
        let stopped = tokio::select! {
            summary = &mut round => { status.last_round = summary; None }
            why = signals.stop() => Some(why),
            () = &mut stop => Some(Stop::Terminated),
        };
        if let Some(why) = stopped {
            notifier.send("STOPPING=1\nSTATUS=finishing the renewal in flight");
            let finished = tokio::select! {
                summary = &mut round => Some(summary),
                () = tokio::time::sleep(STOP_GRACE) => None,
                _ = signals.stop() => None,
            };
            let summary = if finished.is_some() {
                finished
            } else {
                notifier.send("STATUS=parking the renewal in flight for the next start");
                parker.cancel(Reason::Terminated);
                tokio::time::timeout(PARK_GRACE, &mut round).await.ok()
            };
            if let Some(summary) = summary {
                status.last_round = summary;
            }
            break why;
        }
        let now = ctx.clock.now();
        let next = next_wake(&ctx, now);
        status.next_wake = Some(next);
        let _ = ctx.store.save_daemon_status(&status);
        notifier.send(&format!(
            "STATUS={}; next wake-up {}",
            status.last_round,
            crate::clock::rfc3339(next)
        ));
        if let Some(why) = sleep_or_signal(&mut signals, &mut stop, to_std(next - now)).await {
            break why;
        }
    };
    status.state = DaemonState::Stopped;
    status.next_wake = None;
    let _ = ctx.store.save_daemon_status(&status);
    notifier.send("STOPPING=1");
    Ok(stopped)
}

/// Brings the store up to its store of record before a round. When that fails, renewal is
/// paused: the status file and systemd say why (the log too, once per reason), and the wait
/// before the next try is returned (`retry`, which then doubles up to [`MAX_PAUSED_RETRY`]).
fn refresh_or_pause(
    ctx: &Context,
    status: &mut DaemonStatus,
    retry: &mut Duration,
    notifier: &notify::Notifier,
) -> Option<Duration> {
    if let Err(err) = ctx.store.refresh() {
        let why = with_causes(&err);
        if status.paused.as_deref() != Some(why.as_str()) {
            ctx.events.warn(format!(
                "renewal paused (local certificates stay in place): {why}"
            ));
        }
        status.paused = Some(why);
        let wait = *retry;
        *retry = (wait * 2).min(MAX_PAUSED_RETRY);
        let next = later(ctx.clock.now(), wait);
        status.next_wake = Some(next);
        let _ = ctx.store.save_daemon_status(status);
        notifier.send(&format!(
            "STATUS=renewal paused; next try {}",
            crate::clock::rfc3339(next)
        ));
        return Some(wait);
    }
    if status.paused.take().is_some() {
        ctx.events
            .warn("renewal resumed: the store of record is reachable again");
    }
    *retry = MIN_SLEEP;
    None
}

/// Sleeps for `wait` (SIGHUP cuts it short); returns why to stop when a stop signal or `stop`
/// came first.
async fn sleep_or_signal(
    signals: &mut Signals,
    stop: &mut std::pin::Pin<&mut impl std::future::Future<Output = ()>>,
    wait: Duration,
) -> Option<Stop> {
    tokio::select! {
        () = tokio::time::sleep(wait) => None,
        _ = signals.hup.recv() => None,
        _ = signals.term.recv() => Some(Stop::Terminated),
        _ = signals.int.recv() => Some(Stop::Interrupted),
        () = stop.as_mut() => Some(Stop::Terminated),
    }
}

/// `err` and each of its causes, on one line.
fn with_causes(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(next) = cause {
        let _ = write!(text, ": {next}");
        cause = next.source();
    }
    text
}

/// `now` + `wait` (`now` at the end of time).
fn later(now: OffsetDateTime, wait: Duration) -> OffsetDateTime {
    time::Duration::try_from(wait)
        .ok()
        .and_then(|wait| now.checked_add(wait))
        .unwrap_or(now)
}

/// Stops the watchdog task when the daemon returns.
struct Watchdog(Option<tokio::task::JoinHandle<()>>);

impl Drop for Watchdog {
    fn drop(&mut self) {
        if let Some(task) = &self.0 {
            task.abort();
        }
    }
}

fn to_std(d: time::Duration) -> Duration {
    Duration::try_from(d).unwrap_or(Duration::ZERO)
}

/// One renewal round; returns a one-line summary. Errors are summarized, never fatal: the
/// daemon keeps running and tries again at the next wake-up.
async fn round(ctx: &Context) -> String {
    let request = RenewRequest {
        names: Vec::new(),
        force: false,
        dry_run: false,
        max_delay: Duration::ZERO,
    };
    match ops::renew(ctx, request).await {
        Ok(report) => {
            let mut summary = format!(
                "renewed {}, failed {}, not due {}",
                report.renewed.len(),
                report.failed.len(),
                report.not_due.len()
            );
            if !report.hooks_failed.is_empty() {
                let _ = write!(summary, ", {} hook(s) failed", report.hooks_failed.len());
            }
            if let Some(err) = report.outcome() {
                ctx.events.warn(err.to_string());
            }
            summary
        }
        Err(err) if err.kind == Kind::Locked => {
            "another certkeep process holds the store; trying again shortly".to_owned()
        }
        Err(err) => {
            ctx.events.warn(format!("renewal round failed: {err}"));
            format!("round failed: {err}")
        }
    }
}

/// The earliest time any certificate needs attention, kept within [`MIN_SLEEP`, `MAX_SLEEP`]
/// (or the store's [`crate::store::Store::sync_every`], when it has a store of record: another
/// node's new version reaches this host's files and services within it).
pub fn next_wake(ctx: &Context, now: OffsetDateTime) -> OffsetDateTime {
    let earliest = ops::plan_all(ctx, &[], false, now)
        .ok()
        .and_then(|(planned, _)| {
            planned
                .iter()
                .map(|p| p.decision.next_time().unwrap_or(now))
                .min()
        });
    let cap = ctx
        .store
        .sync_every()
        .map_or(MAX_SLEEP, |every| every.min(MAX_SLEEP));
    clamp_wake(now, earliest, cap)
}

/// Keeps a wake-up time within [`MIN_SLEEP`, `cap`] from `now` (`cap` at most [`MAX_SLEEP`]).
pub fn clamp_wake(
    now: OffsetDateTime,
    earliest: Option<OffsetDateTime>,
    cap: Duration,
) -> OffsetDateTime {
    // Checked: a clock at the end of time must not panic the daemon.
    let after = |wait| {
        time::Duration::try_from(wait)
            .ok()
            .and_then(|wait| now.checked_add(wait))
            .unwrap_or(now)
    };
    let (min, max) = (after(MIN_SLEEP), after(cap.max(MIN_SLEEP)));
    earliest.unwrap_or(max).clamp(min, max)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn wake_ups_stay_between_the_floor_and_the_cap() {
        let now = datetime!(2026-11-26 08:00 UTC);
        let table = [
            (None, datetime!(2026-11-26 20:00 UTC)), // nothing: cap
            (
                Some(datetime!(2026-11-26 07:00 UTC)),
                datetime!(2026-11-26 08:00:05 UTC),
            ), // overdue: floor
            (
                Some(datetime!(2026-11-26 09:15 UTC)),
                datetime!(2026-11-26 09:15 UTC),
            ), // in range
            (
                Some(datetime!(2027-01-01 00:00 UTC)),
                datetime!(2026-11-26 20:00 UTC),
            ), // far: cap
        ];
        for (earliest, want) in table {
            assert_eq!(clamp_wake(now, earliest, MAX_SLEEP), want, "{earliest:?}");
        }
        // A fleet node wakes within its sync interval, whatever is due.
        let sync = Duration::from_secs(5 * 60);
        assert_eq!(clamp_wake(now, None, sync), datetime!(2026-11-26 08:05 UTC));
        assert_eq!(
            clamp_wake(now, Some(datetime!(2026-11-26 08:02 UTC)), sync),
            datetime!(2026-11-26 08:02 UTC)
        );
    }

    #[test]
    fn a_clock_at_the_end_of_time_does_not_panic() {
        let end = datetime!(9999-12-31 23:59:59 UTC);
        assert_eq!(clamp_wake(end, None, MAX_SLEEP), end);
    }
}
