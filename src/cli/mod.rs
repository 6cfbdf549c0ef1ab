//! The command line: clap definitions (the single source of `--help`, the man pages and the
//! completions), one file per subcommand, and [`run`], which parses, dispatches to `ops`, hands
//! the report to `output` and returns the exit code. Commands make no decisions of their own.
//!
//! The CLI owns cancellation: SIGINT, SIGTERM and SIGHUP cancel the one token that reaches `ops`
//! through its `Context` (the daemon handles its own signals: there SIGHUP means "renew now").

mod account;
mod challenge_args;
mod daemon;
mod dns;
mod edit;
mod error;
mod fleet;
pub mod generate;
mod import;
mod install;
mod obtain;
mod renew;
mod signals;
mod store_cmds;

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::clock::SystemClock;
use crate::config::Settings;
pub use error::CliError;

use crate::error::{Classify as _, Error, Kind};
use crate::ops::{Cancel, Context};
use crate::output::progress::{self, Mode};
use crate::output::{ColorChoice, Output};
use crate::store::FsStore;

const EXIT_CODES: &str = "\
Exit codes:
  0    success (including: nothing was due)
  1    internal error
  2    usage or config error
  3    the CA refused (permanent)
  4    transient failure, try later (rate limit, 5xx, network); JSON carries retry_after
  5    challenge validation failed
  6    local storage / I/O error
  7    certificate stored, but a hook, deploy or verify step failed
  8    another certkeep process holds the store lock
  9    a CA response failed certkeep's security checks; nothing was written
  10   renew: some certificates renewed and some failed
  129  stopped by SIGHUP (the terminal went away)
  130  interrupted (SIGINT, Ctrl-C)
  143  terminated (SIGTERM); after 129, 130 and 143 no challenge answer is left behind and
       an order in flight is finished by the next run

With --json every command prints exactly one JSON document on stdout:
  {\"schema\": \"certkeep/v1\", \"command\", \"ok\", \"result\", \"error\"}";

/// certkeep: obtain, renew and keep TLS certificates from any ACME CA.
#[derive(Debug, Parser)]
#[command(name = "certkeep", version, about, after_long_help = EXIT_CODES, propagate_version = true)]
pub struct Cli {
    /// Options that apply to every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do (none, on a terminal: the TUI).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options shared by every command.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The store directory [default: /var/lib/certkeep as root, else the user's data dir]
    #[arg(long, global = true, env = "CERTKEEP_STORE", value_name = "DIR")]
    pub store: Option<PathBuf>,
    /// The config file [default: /etc/certkeep/config.toml as root, else the user's config dir]
    #[arg(long, global = true, env = "CERTKEEP_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print one JSON document (schema certkeep/v1) on stdout instead of text
    #[arg(long, global = true)]
    pub json: bool,
    /// Stream progress as JSON lines on stderr, one object per event naming its certificate
    /// and order: {"v":1,"cert","order","event",...} (stdout is unchanged)
    #[arg(long, global = true)]
    pub events: bool,
    /// Show more progress detail
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Show no progress, only results and errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Extra trusted root (PEM) for the CA's HTTPS endpoint: Pebble, step-ca, a corporate CA
    #[arg(long, global = true, value_name = "FILE")]
    pub ca_root: Option<PathBuf>,
    /// Wait up to SECS (at most 86400) for another certkeep process to release the store
    /// (default: exit 8 at once)
    #[arg(long, global = true, value_name = "SECS", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=crate::domain::MAX_WAIT_SECS))]
    pub wait_lock: u64,
    /// The fleet database's PostgreSQL URL, with no password in it (also the environment's
    /// fleet variable or the config's fleet key; see README)
    #[arg(long, global = true, value_name = "URL")]
    pub fleet: Option<String>,
    /// Where the fleet database role's password is, as a secret reference (keyring, file or
    /// env) [default: libpq's passfile]
    #[arg(long, global = true, value_name = "REF")]
    pub fleet_password: Option<String>,
    /// Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64
    /// that encrypt the private keys in the database
    #[arg(long, global = true, value_name = "REF")]
    pub fleet_key: Option<String>,
    /// This host's name in the fleet [default: the host name]
    #[arg(long, global = true, value_name = "NAME")]
    pub fleet_node: Option<String>,
    /// When to use colour on stderr
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
#[expect(clippy::large_enum_variant, reason = "parsed once per process")]
pub enum Command {
    /// Manage ACME accounts: register, list, show, rollover, deactivate
    #[command(subcommand)]
    Account(account::AccountCommand),
    /// Obtain a certificate and keep it in the store
    Obtain(obtain::ObtainArgs),
    /// Change how a certificate renews: CA, account, key type, profile, chain, challenge
    Edit(edit::EditArgs),
    /// Renew what is due (quiet and exit 0 when nothing is); for cron and systemd timers
    Renew(renew::RenewArgs),
    /// Per certificate: next renewal and why, failures and backoff, ARI window; the daemon's state
    Status(renew::StatusArgs),
    /// Run as a long-lived renewal daemon (sleeps until the next certificate is due)
    Daemon(daemon::DaemonArgs),
    /// Print systemd units for the daemon or for a renewal timer
    #[command(subcommand)]
    Systemd(daemon::SystemdCommand),
    /// DNS helpers: where a dns-01 record goes, dns-persist-01 records
    #[command(subcommand)]
    Dns(dns::DnsCommand),
    /// Work with a certificate's hooks
    #[command(subcommand)]
    Hooks(renew::HooksCommand),
    /// Move in from certbot, lego or acme.sh: accounts, certificates and renewal settings
    Import(import::ImportArgs),
    /// List every certificate: name, expiry, days left, status, names
    List,
    /// Show one certificate in detail
    Show(store_cmds::ShowArgs),
    /// Revoke a certificate at its CA
    Revoke(store_cmds::RevokeArgs),
    /// Delete a certificate from the store (without revoking it)
    Delete(store_cmds::DeleteArgs),
    /// Install a certificate where a service reads it, reload the service, verify it serves it
    Install(install::InstallArgs),
    /// Deploy the current versions to their install targets now
    Deploy(install::DeployArgs),
    /// Store a secret (read from stdin) for later use as keyring:NAME
    #[command(subcommand)]
    Secret(store_cmds::SecretCommand),
    /// A full-screen dashboard of every certificate, with renewal at a keypress (the default
    /// on a terminal when no command is given)
    Tui,
    /// A fleet on PostgreSQL: set up the database, upload this host's store, show the fleet
    #[command(subcommand)]
    Fleet(fleet::FleetCommand),
    /// Print a shell completion script
    Completions(generate::CompletionsArgs),
    /// Regenerate completions/ and man/ into DIR (for certkeep's developers)
    #[command(hide = true, name = "__generate-assets")]
    GenerateAssets {
        /// Directory holding completions/ and man/
        dir: PathBuf,
    },
}

impl Command {
    /// The name used as JSON `command`.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Account(sub) => sub.name(),
            Command::Obtain(_) => "obtain",
            Command::Edit(_) => "edit",
            Command::Import(_) => "import",
            Command::List => "list",
            Command::Renew(_) => "renew",
            Command::Status(_) => "status",
            Command::Daemon(_) => "daemon",
            Command::Systemd(_) => "systemd print",
            Command::Hooks(_) => "hooks test",
            Command::Dns(sub) => sub.name(),
            Command::Show(_) => "show",
            Command::Revoke(_) => "revoke",
            Command::Delete(_) => "delete",
            Command::Install(_) => "install",
            Command::Deploy(_) => "deploy",
            Command::Secret(_) => "secret set",
            Command::Tui => "tui",
            Command::Fleet(sub) => sub.name(),
            Command::Completions(_) => "completions",
            Command::GenerateAssets { .. } => "__generate-assets",
        }
    }
}

/// Parses `args`, runs the command and returns the process exit code.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    use std::io::IsTerminal;
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(err) => {
            return parse_failure(
                &err,
                args.iter().any(|a| a == "--json"),
                &command_words(&args),
            );
        }
    };
    let cli = match cli.command {
        Some(_) => cli,
        // No command opens the TUI, on a terminal; elsewhere it stays what it always was, a
        // usage error (a script that forgot its command must not get a full-screen UI).
        None if !cli.global.json && std::io::stdout().is_terminal() => Cli {
            command: Some(Command::Tui),
            ..cli
        },
        None => {
            let err = Cli::command().error(
                clap::error::ErrorKind::MissingSubcommand,
                "a command is required (without one, certkeep opens its TUI, which needs a terminal)",
            );
            return parse_failure(&err, cli.global.json, "");
        }
    };
    let settings = Arc::new(read_environment());
    crate::failpoint::arm(settings.failpoint.as_deref());
    let g = &cli.global;
    let output = Output::new(g.json, g.quiet, g.verbose, g.color, settings.no_color);
    let daemon = matches!(cli.command, Some(Command::Daemon(_)));
    let mode = progress_mode(g, &output, daemon, &settings);
    let output = output.with_events(progress::start(mode));
    let name = cli.command.as_ref().map_or("tui", Command::name);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            output.failure(name, &CliError::Runtime(e).into());
            return Kind::Internal.exit_code();
        }
    };
    let (canceller, cancel) = Cancel::new();
    // Boxed: every command's future lives in it, and it is moved into the signal select.
    let work = Box::pin(dispatch(cli, &output, cancel, settings));
    let done = runtime.block_on(async {
        if daemon {
            return work.await;
        }
        match signals::Signals::install() {
            Ok(signals) => signals::until_signalled(work, signals, &canceller).await,
            Err(err) => Err(err),
        }
    });
    // Every progress line is out before the process ends (and the spinners are erased).
    output.settle();
    match done {
        Ok(code) => output.exit_code(code),
        Err(err) => {
            output.failure(name, &err);
            err.exit_code()
        }
    }
}

fn parse_failure(err: &clap::Error, json: bool, command: &str) -> u8 {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) && !json
    {
        let _ = err.print();
        return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            2
        } else {
            0
        };
    }
    if json {
        let message = err
            .kind()
            .as_str()
            .map_or_else(|| "invalid arguments".to_owned(), str::to_owned);
        let detail = err.to_string();
        let first = detail
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_owned();
        let error = Error::from(CliError::Arguments {
            message: if first.is_empty() { message } else { first },
        });
        Output::new(true, true, 0, ColorChoice::Never, false).failure(command, &error);
    } else {
        let _ = err.print();
    }
    Kind::Usage.exit_code()
}

/// How this invocation shows progress: `--events` JSON lines; the daemon's log; spinners on a
/// terminal; else plain lines.
fn progress_mode(g: &GlobalArgs, output: &Output, daemon: bool, settings: &Settings) -> Mode {
    use std::io::IsTerminal;
    if g.events {
        Mode::JsonLines
    } else if daemon {
        Mode::Log {
            timestamps: !settings.journal_stream,
        }
    } else if !g.quiet && !g.json && std::io::stderr().is_terminal() {
        Mode::Spinners {
            verbose: g.verbose,
            color: output.color,
        }
    } else {
        Mode::Lines {
            quiet: g.quiet || g.json,
            verbose: g.verbose,
            color: output.color,
        }
    }
}

/// Reads certkeep's environment into [`Settings`]: the one reader of the process environment
/// (clap's `env =` flags aside), so everything below `cli` gets it passed down.
#[expect(
    clippy::disallowed_methods,
    reason = "cli reads the environment once, into Settings"
)]
fn read_environment() -> Settings {
    Settings::from_vars(std::env::vars_os())
}

/// The subcommand words in `args` (`account register`), for the JSON `command` of a document
/// printed when the arguments did not parse.
fn command_words(args: &[OsString]) -> String {
    let cmd = Cli::command();
    let mut words = Vec::new();
    let mut level = &cmd;
    for arg in args.iter().skip(1).filter_map(|a| a.to_str()) {
        if let Some(sub) = level.find_subcommand(arg) {
            words.push(sub.get_name().to_owned());
            level = sub;
        }
    }
    words.join(" ")
}

/// The CA deadlines and concurrency: the config's, else certkeep's defaults. A CA named in
/// `[limits.concurrency_by_ca]` by its preset is keyed by the preset's directory URL, as
/// lineages name their CA.
fn limits(config: &crate::config::Limits) -> Result<crate::acme::Limits, Error> {
    let default = crate::acme::Limits::default();
    let mut by_ca = std::collections::BTreeMap::new();
    for (key, &bound) in &config.concurrency_by_ca {
        let ca = crate::acme::directory::resolve(key)
            .map_err(|_| crate::config::ConfigError::UnknownCa { key: key.clone() })?;
        by_ca.insert(ca.url, as_bound(bound));
    }
    Ok(crate::acme::Limits {
        exchange: config
            .http_timeout_secs
            .map_or(default.exchange, Duration::from_secs),
        order: config
            .order_deadline_secs
            .map_or(default.order, Duration::from_secs),
        concurrency: crate::acme::Concurrency::new(
            config
                .concurrency
                .map_or(crate::config::DEFAULT_CONCURRENCY, as_bound),
            by_ca,
        ),
    })
}

/// A concurrency bound the config has checked (1 to 64) as a count.
fn as_bound(value: u64) -> usize {
    usize::try_from(value).unwrap_or(usize::MAX)
}

async fn dispatch(
    cli: Cli,
    output: &Output,
    cancel: Cancel,
    settings: Arc<Settings>,
) -> Result<u8, Error> {
    let Cli { global, command } = cli;
    let Some(command) = command else {
        return Ok(2);
    };
    match command {
        Command::Completions(args) => {
            generate::print_completions(&args, output);
            return Ok(0);
        }
        Command::GenerateAssets { dir } => return generate::write_assets(&dir).map(|()| 0),
        Command::Systemd(sub) => return daemon::systemd(&sub, output),
        // Refused before the store is opened (or created).
        Command::Tui => {
            use std::io::IsTerminal;
            crate::tui::may_run(global.json, std::io::stdout().is_terminal())?;
        }
        _ => {}
    }
    let config = crate::config::load(global.config.as_deref())?;
    let fleet = fleet::request(&global, settings.fleet.as_deref(), &config);
    let root = match global.store.clone().or_else(|| config.store.clone()) {
        Some(root) => root,
        None => crate::config::default_store_path()?,
    };
    let local = FsStore::open(root.clone())?;
    // In fleet mode every command but the fleet ones works on the fleet store: the database
    // as the truth, the local store as its materialization.
    let store: Arc<dyn crate::store::Store> = match (&fleet, &command) {
        (Some(request), cmd) if !matches!(cmd, Command::Fleet(_)) => {
            let fleet_store = crate::ops::fleet::open_store(local, &settings, request)?;
            if let Some(err) = fleet_store.unreachable() {
                // Not an error: the host's certificates are all here. But what is shown may be
                // behind the fleet's, and nothing can be stored until the database is back.
                let help = err
                    .hint()
                    .map(|h| format!(" (help: {h})"))
                    .unwrap_or_default();
                output.events().warn(format!(
                    "{err}: showing this host's local copy of the fleet; renewals and changes \
                     wait until the database can be reached{help}"
                ));
            }
            Arc::new(fleet_store)
        }
        _ => Arc::new(local),
    };
    let ctx = Context {
        store,
        clock: Arc::new(SystemClock),
        events: output.events().clone(),
        ca_root: global.ca_root.clone(),
        wait_lock: Duration::from_secs(global.wait_lock),
        cancel,
        limits: limits(&config.limits)?,
        settings,
    };
    let name = command.name();
    let done = match command {
        Command::Renew(args) => return renew::renew(&ctx, args, output).await,
        Command::Obtain(args) => return obtain::run(&ctx, &config, args, output).await,
        Command::Install(args) => return install::install(&ctx, args, output).await,
        Command::Deploy(args) => return install::deploy(&ctx, args, output).await,
        Command::Tui => {
            crate::tui::run(ctx, root).await?;
            return Ok(0);
        }
        Command::Status(args) => return renew::status(&ctx, &args, output),
        Command::Daemon(args) => {
            return daemon::run(&ctx, &args, fleet.as_ref(), &config.fleet_http_listen).await;
        }
        Command::Hooks(sub) => return renew::hooks(&ctx, sub, output).await,
        Command::Dns(sub) => return dns::run(&ctx, sub, output).await,
        Command::Account(sub) => account::run(&ctx, &config, sub, output).await,
        Command::Import(args) => import::run(&ctx, args, output),
        Command::Edit(args) => edit::run(&ctx, args, output),
        Command::List => {
            output.success(name, &crate::ops::list(&ctx));
            Ok(())
        }
        Command::Show(args) => store_cmds::show(&ctx, &args, output),
        Command::Revoke(args) => store_cmds::revoke(&ctx, args, output).await,
        Command::Delete(args) => store_cmds::delete(&ctx, &args, output),
        Command::Secret(sub) => store_cmds::secret(&ctx, sub, output),
        Command::Fleet(sub) => fleet::run(&ctx, fleet, &sub, output).await,
        Command::Completions(_) | Command::GenerateAssets { .. } | Command::Systemd(_) => Ok(()),
    };
    done.map(|()| 0)
}
