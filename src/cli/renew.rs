//! `certkeep renew`, `certkeep status` and `certkeep hooks test`.

use std::io::IsTerminal;
use std::time::Duration;

use clap::{Args, Subcommand};

use crate::error::Error;
use crate::ops::{self, Context, RenewRequest};
use crate::output::Output;

/// Longest random delay before a non-interactive `renew` orders anything.
const CRON_MAX_DELAY: Duration = Duration::from_secs(8 * 60);

/// `renew` arguments.
#[derive(Debug, Args)]
pub struct RenewArgs {
    /// Only these certificates [default: all]
    pub names: Vec<String>,
    /// Renew even when not due
    #[arg(long)]
    pub force: bool,
    /// Renew against the CA's staging directory; store nothing, run no hook
    #[arg(long)]
    pub dry_run: bool,
    /// Skip the random delay of up to 8 minutes used when stdin is not a terminal (cron)
    #[arg(long)]
    pub no_random_delay: bool,
    /// Orders in flight at once per CA, for this run (1 to 64) [default: the config's [limits]
    /// concurrency, else 8]
    #[arg(long, value_name = "N", value_parser = concurrency())]
    pub concurrency: Option<usize>,
}

/// Orders in flight at once per CA: 1 to 64 (more only hammers the CA and the challenge
/// listener).
pub(super) fn concurrency() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new().range(1..=64)
}

/// `ctx` with `--concurrency`, when given, as the bound at every CA for this run (in place of
/// the config's).
pub(super) fn with_concurrency(ctx: &Context, flag: Option<usize>) -> Context {
    let mut ctx = ctx.clone();
    if let Some(bound) = flag {
        ctx.limits.concurrency = crate::acme::Concurrency::uniform(bound);
    }
    ctx
}

/// `status` arguments.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Only these certificates [default: all]
    pub names: Vec<String>,
}

/// `hooks` subcommands.
#[derive(Debug, Subcommand)]
pub enum HooksCommand {
    /// Run the pre, deploy and post hooks of a certificate with its real paths; no issuance
    Test {
        /// Certificate name
        name: String,
        /// Also run its failure hooks, with a simulated error
        #[arg(long)]
        failure: bool,
    },
}

/// Runs `renew`; returns the exit code (the report is printed even when some failed).
pub(super) async fn renew(ctx: &Context, args: RenewArgs, output: &Output) -> Result<u8, Error> {
    let cron = !std::io::stdin().is_terminal();
    let request = RenewRequest {
        names: args.names,
        force: args.force,
        dry_run: args.dry_run,
        max_delay: if cron && !args.no_random_delay {
            CRON_MAX_DELAY
        } else {
            Duration::ZERO
        },
    };
    let ctx = &with_concurrency(ctx, args.concurrency);
    let report = ops::renew(ctx, request).await?;
    // A run stopped by a signal ends with the signal's code, whatever it had done by then.
    let outcome = ctx
        .cancel
        .reason()
        .map(ops::Reason::error)
        .or_else(|| report.outcome());
    Ok(output.outcome("renew", &report, outcome.as_ref()))
}

/// Runs `status`.
pub(super) fn status(ctx: &Context, args: &StatusArgs, output: &Output) -> Result<u8, Error> {
    output.success("status", &ops::status(ctx, &args.names)?);
    Ok(0)
}

/// Runs `hooks test`.
pub(super) async fn hooks(
    ctx: &Context,
    command: HooksCommand,
    output: &Output,
) -> Result<u8, Error> {
    let HooksCommand::Test { name, failure } = command;
    let report = ops::test_hooks(ctx, &name, failure).await?;
    Ok(output.outcome("hooks test", &report, report.outcome().as_ref()))
}
