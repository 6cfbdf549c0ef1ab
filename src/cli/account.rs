//! `certkeep account ...`: register, list, show, rollover, deactivate.

use clap::{Args, Subcommand};

use crate::config::Config;
use crate::error::Error;
use crate::ops::{self, Context, RegisterRequest};
use crate::output::Output;
use crate::secrets::SecretRef;

/// Account subcommands.
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Register a new account with a CA (a fresh account key each time)
    Register(RegisterArgs),
    /// List the registered accounts
    List,
    /// Show one account
    Show(SelectArgs),
    /// Replace the account key (RFC 8555 7.3.5); the old key is kept until the new one is confirmed
    Rollover(SelectArgs),
    /// Deactivate an account at its CA, confirmed by a follow-up request
    Deactivate(DeactivateArgs),
}

impl AccountCommand {
    /// The JSON `command` name.
    pub fn name(&self) -> &'static str {
        match self {
            AccountCommand::Register(_) => "account register",
            AccountCommand::List => "account list",
            AccountCommand::Show(_) => "account show",
            AccountCommand::Rollover(_) => "account rollover",
            AccountCommand::Deactivate(_) => "account deactivate",
        }
    }
}

/// `account register` arguments.
#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// CA preset (letsencrypt, letsencrypt-staging, zerossl, google, google-staging, buypass,
    /// buypass-staging, sslcom-rsa, sslcom-ecc) or an https:// directory URL
    #[arg(long, value_name = "CA")]
    pub ca: Option<String>,
    /// Local name of the account [default: default]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Contact e-mail address (repeatable)
    #[arg(long, value_name = "ADDRESS")]
    pub email: Vec<String>,
    /// Agree to the CA's terms of service
    #[arg(long)]
    pub agree_tos: bool,
    /// External Account Binding key id (`ZeroSSL`, Google, SSL.com ...)
    #[arg(long, value_name = "KID", requires = "eab_hmac_key")]
    pub eab_kid: Option<String>,
    /// External Account Binding HMAC key: keyring:NAME, file:PATH or env:VAR
    #[expect(
        clippy::doc_markdown,
        reason = "the help shows secret references literally"
    )]
    #[arg(long, value_name = "SECRET", requires = "eab_kid")]
    pub eab_hmac_key: Option<SecretRef>,
    /// Register anew even when an account of this name exists or is damaged (the CA forgot it);
    /// the old one is moved aside in the store, not deleted
    #[arg(long)]
    pub replace: bool,
}

/// Picks one account.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Account name [default: the only account, or 'default']
    pub name: Option<String>,
    /// The CA the account belongs to
    #[arg(long, value_name = "CA")]
    pub ca: Option<String>,
}

/// `account deactivate` arguments.
#[derive(Debug, Args)]
pub struct DeactivateArgs {
    /// Account name
    pub name: String,
    /// The CA the account belongs to
    #[arg(long, value_name = "CA")]
    pub ca: Option<String>,
}

/// Runs an account subcommand.
pub(super) async fn run(
    ctx: &Context,
    config: &Config,
    command: AccountCommand,
    output: &Output,
) -> Result<(), Error> {
    let name = command.name();
    match command {
        AccountCommand::Register(args) => {
            let request = RegisterRequest {
                ca: args
                    .ca
                    .unwrap_or_else(|| ops::default_ca(ctx, config.defaults.ca.as_deref())),
                name: args.name.or_else(|| config.defaults.account.clone()),
                emails: if args.email.is_empty() {
                    config.defaults.email.iter().cloned().collect()
                } else {
                    args.email
                },
                agree_tos: args.agree_tos,
                eab_kid: args.eab_kid,
                eab_hmac: args.eab_hmac_key,
                replace: args.replace,
            };
            output.success(name, &ops::register(ctx, request).await?);
        }
        AccountCommand::List => output.success(name, &ops::list_accounts(ctx)),
        AccountCommand::Show(args) => output.success(
            name,
            &ops::show_account(ctx, args.name.as_deref(), args.ca.as_deref())?,
        ),
        AccountCommand::Rollover(args) => {
            output.success(
                name,
                &ops::rollover(ctx, args.name.as_deref(), args.ca.as_deref()).await?,
            );
        }
        AccountCommand::Deactivate(args) => {
            output.success(
                name,
                &ops::deactivate(ctx, &args.name, args.ca.as_deref()).await?,
            );
        }
    }
    Ok(())
}
