//! `certkeep daemon` and `certkeep systemd print`.

use std::time::Duration;

use clap::{Args, Subcommand};
use serde::Serialize;

use crate::daemon::{self, DaemonOptions, Stop};
use crate::error::{Error, Kind};
use crate::ops::Context;
use crate::output::Output;
use crate::output::human::Human;

/// `daemon` arguments.
#[derive(Debug, Args)]
pub struct DaemonArgs {
    /// Orders in flight at once per CA (1 to 64) [default: the config's [limits] concurrency,
    /// else 8]
    #[arg(long, value_name = "N", value_parser = super::renew::concurrency())]
    pub concurrency: Option<usize>,
}

/// `systemd` subcommands.
#[derive(Debug, Subcommand)]
pub enum SystemdCommand {
    /// Print a hardened unit to install: the daemon (default) or a oneshot service with a timer
    Print {
        /// A oneshot `certkeep renew` service and a twice-daily timer
        #[arg(long, conflicts_with = "daemon")]
        timer: bool,
        /// The long-running daemon (the default)
        #[arg(long)]
        daemon: bool,
    },
}

/// Runs the daemon until SIGTERM (exit 0) or SIGINT (exit 130).
pub(super) async fn run(ctx: &Context, args: &DaemonArgs) -> Result<u8, Error> {
    // The daemon never blocks on the store lock: a round that finds it taken (a cron run, a
    // human) is tried again a few seconds later, and signals are answered meanwhile.
    let mut ctx = super::renew::with_concurrency(ctx, args.concurrency);
    ctx.wait_lock = Duration::ZERO;
    let notifier = daemon::notify::Notifier::new(&ctx.settings.notify);
    match daemon::run(ctx, DaemonOptions { notifier }).await? {
        Stop::Terminated => Ok(0),
        Stop::Interrupted => Ok(Kind::Interrupted.exit_code()),
    }
}

/// The units `systemd print` shows.
#[derive(Debug, Serialize)]
pub(super) struct UnitsReport {
    /// Unit file text, each file introduced by a `# /etc/systemd/system/NAME` line.
    pub units: String,
}

impl Human for UnitsReport {
    fn human(&self) -> String {
        self.units.clone()
    }
}

/// Prints the units.
pub(super) fn systemd(command: &SystemdCommand, output: &Output) -> Result<u8, Error> {
    let SystemdCommand::Print { timer, .. } = command;
    let binary = std::env::current_exe().map_err(super::CliError::OwnPath)?;
    let units = if *timer {
        daemon::units::timer_units(&binary)
    } else {
        daemon::units::daemon_unit(&binary)
    };
    output.success("systemd print", &UnitsReport { units });
    Ok(0)
}
