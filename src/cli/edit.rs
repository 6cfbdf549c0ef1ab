//! `certkeep edit NAME`: changes how a certificate renews (CA, account, key type, profile,
//! preferred chain, challenge) without ordering anything; the next renewal uses the new
//! settings. What users run when they switch CAs, and after an import whose CA is gone.

use clap::{ArgGroup, Args};

use super::challenge_args::{CHOOSERS, ChallengeArgs};
use crate::domain::KeySpec;
use crate::error::Error;
use crate::ops::{self, Change, Context, EditRequest};
use crate::output::Output;

/// `edit` arguments.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("change").required(true).multiple(true).args(
    ["ca", "account", "key_type", "profile", "no_profile", "preferred_chain", "no_preferred_chain"]
        .into_iter()
        .chain(CHOOSERS)
)))]
pub struct EditArgs {
    /// Certificate name
    pub name: String,
    /// Renew from this CA from now on: preset or https:// directory URL (an account must be
    /// registered there first)
    #[arg(long, value_name = "CA")]
    pub ca: Option<String>,
    /// Renew with this account [default with --ca: the one registered with that CA]
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// Key type of the next private keys
    #[arg(long, value_enum, value_name = "TYPE")]
    pub key_type: Option<KeySpec>,
    /// ACME profile to request (e.g. classic, tlsserver, shortlived)
    #[arg(long, value_name = "NAME", conflicts_with = "no_profile")]
    pub profile: Option<String>,
    /// Request no particular profile (the CA's default)
    #[arg(long)]
    pub no_profile: bool,
    /// Prefer the chain whose root or intermediate has this common name
    #[arg(long, value_name = "ISSUER_CN", conflicts_with = "no_preferred_chain")]
    pub preferred_chain: Option<String>,
    /// Take the CA's default chain
    #[arg(long)]
    pub no_preferred_chain: bool,
    /// How to prove control of the names.
    #[command(flatten)]
    pub challenge: ChallengeArgs,
}

/// `--no-X` clears the setting, `--X VALUE` sets it, neither leaves it.
fn change(value: Option<String>, clear: bool) -> Change<String> {
    match (value, clear) {
        (_, true) => Change::Clear,
        (Some(value), false) => Change::Set(value),
        (None, false) => Change::Keep,
    }
}

/// Runs `edit`.
pub(super) fn run(ctx: &Context, args: EditArgs, output: &Output) -> Result<(), Error> {
    let (challenge, tsig_secret) = if args.challenge.given() {
        let chosen = args.challenge.into_spec(output)?;
        (Some(chosen.spec), chosen.secret)
    } else {
        (None, None)
    };
    let report = ops::edit(
        ctx,
        &EditRequest {
            name: args.name,
            ca: args.ca,
            account: args.account,
            key_type: args.key_type,
            profile: change(args.profile, args.no_profile),
            preferred_chain: change(args.preferred_chain, args.no_preferred_chain),
            challenge,
            tsig_secret,
        },
    )?;
    output.success("edit", &report);
    Ok(())
}
