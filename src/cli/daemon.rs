//! `certkeep daemon` and `certkeep systemd print`.

use std::time::Duration;

use clap::{Args, Subcommand};
use serde::Serialize;

use crate::daemon::{self, DaemonOptions, Stop};
use crate::error::{Error, Kind};
use crate::ops::Context;
use crate::ops::fleet::FleetRequest;
use crate::output::Output;
use crate::output::human::Human;
use crate::store::pg::FleetError;

/// `daemon` arguments.
#[derive(Debug, Args)]
pub struct DaemonArgs {
    /// Orders in flight at once per CA (1 to 64) [default: the config's [limits] concurrency,
    /// else 8]
    #[arg(long, value_name = "N", value_parser = super::renew::concurrency())]
    pub concurrency: Option<usize>,
    /// Answer the fleet's http-01 challenges on ADDR, e.g. [::]:80 (repeatable; needs
    /// --fleet): any node behind a load balancer answers an order placed with --http-fleet
    /// [default: the config's fleet_http_listen]
    #[expect(
        clippy::doc_markdown,
        reason = "the help names the config key as it is written"
    )]
    #[arg(long, value_name = "ADDR")]
    pub http_listen: Vec<String>,
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

/// Runs the daemon until SIGTERM (exit 0) or SIGINT (exit 130). `config_listen` is the config's
/// `fleet_http_listen`, used when `--http-listen` is not given.
pub(super) async fn run(
    ctx: &Context,
    args: &DaemonArgs,
    fleet: Option<&FleetRequest>,
    config_listen: &[String],
) -> Result<u8, Error> {
    // Bound before the first round, so a busy port is reported at start; answers for the
    // daemon's whole life, beside the rounds.
    // The flag wins over the config, as everywhere.
    let (listen, given_by) = if args.http_listen.is_empty() {
        (config_listen, "fleet_http_listen in the config")
    } else {
        (args.http_listen.as_slice(), "--http-listen")
    };
    let _responder = match (listen, fleet) {
        ([], _) => None,
        (_, None) => return Err(FleetError::NoFleetUrl.into()),
        (listen, Some(request)) => {
            let source = crate::ops::fleet::feed_source(&ctx.settings, ctx.store.root(), request)?;
            let poll = daemon::responder::POLL;
            Some(daemon::responder::Responder::start(listen, given_by, source, poll).await?)
        }
    };
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
