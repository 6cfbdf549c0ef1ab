//! `certkeep obtain`: names (or a CSR) and a challenge method in, a stored certificate out.

use std::path::PathBuf;

use clap::{ArgGroup, Args};

use crate::config::Config;
use crate::domain::KeySpec;
use crate::error::Error;
use crate::ops::{self, ChallengeChoice, Context, ObtainRequest};
use crate::output::Output;

/// `obtain` arguments.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("challenge").required(true).multiple(true).args(["http_standalone", "listen", "webroot"])))]
pub struct ObtainArgs {
    /// A name to cover: DNS name or IP address (repeatable; the first names the certificate)
    #[arg(
        short = 'd',
        long = "domain",
        value_name = "NAME",
        required_unless_present = "csr"
    )]
    pub domains: Vec<String>,
    /// Answer http-01 with certkeep's own HTTP server
    #[arg(long, conflicts_with = "webroot")]
    pub http_standalone: bool,
    /// Address for the standalone HTTP server (implies --http-standalone) [default: [::]:80, IPv4 and IPv6]
    #[arg(long, value_name = "ADDR", conflicts_with = "webroot")]
    pub listen: Option<String>,
    /// Answer http-01 by writing files below DIR/.well-known/acme-challenge/ for your web server
    #[arg(long, value_name = "DIR")]
    pub webroot: Option<PathBuf>,
    /// Name of the certificate in the store [default: the first name]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// CA preset or https:// directory URL [default: the CA of your account(s)]
    #[arg(long, value_name = "CA")]
    pub ca: Option<String>,
    /// Account to use [default: the one registered with the CA]
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// Key type of the new private key [default: ec-p256, or the config file's default key type]
    #[arg(long, value_enum, value_name = "TYPE")]
    pub key_type: Option<KeySpec>,
    /// Use this CSR (PEM or DER) instead of generating a key; its names are used
    #[arg(long, value_name = "FILE")]
    pub csr: Option<PathBuf>,
    /// ACME profile to request (e.g. classic, tlsserver, shortlived)
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Prefer the chain whose root or intermediate has this common name
    #[arg(long, value_name = "ISSUER_CN")]
    pub preferred_chain: Option<String>,
    /// Run the whole flow against the CA's staging directory and store nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Contact e-mail, used when an account must be registered first (repeatable)
    #[arg(long, value_name = "ADDRESS")]
    pub email: Vec<String>,
    /// Agree to the CA's terms, registering an account first when none exists
    #[arg(long)]
    pub agree_tos: bool,
}

/// Runs `obtain`.
pub(super) async fn run(
    ctx: &Context,
    config: &Config,
    args: ObtainArgs,
    output: &Output,
) -> Result<(), Error> {
    let challenge = match args.webroot {
        Some(path) => ChallengeChoice::Webroot { path },
        None => ChallengeChoice::Standalone {
            listen: args.listen.unwrap_or_else(|| "[::]:80".into()),
        },
    };
    let emails = if args.email.is_empty() {
        config.defaults.email.iter().cloned().collect()
    } else {
        args.email
    };
    let request = ObtainRequest {
        domains: args.domains,
        name: args.name,
        ca: args
            .ca
            .unwrap_or_else(|| ops::default_ca(ctx, config.defaults.ca.as_deref())),
        account: args.account.or_else(|| config.defaults.account.clone()),
        key_type: args
            .key_type
            .or(config.defaults.key_type)
            .unwrap_or_default(),
        csr: args.csr,
        profile: args.profile,
        preferred_chain: args.preferred_chain,
        challenge,
        dry_run: args.dry_run,
        register_if_missing: Some((args.agree_tos, emails)),
    };
    output.success("obtain", &ops::obtain(ctx, request).await?);
    Ok(())
}
