//! `certkeep obtain`: names (or a CSR) and a challenge method in, a stored certificate out.

use std::path::PathBuf;

use clap::{ArgGroup, Args};

use super::challenge_args::seconds;
use crate::config::Config;
use crate::domain::{Hooks, KeySpec, MAX_RENEW_BEFORE_SECS, RenewalPolicy};
use crate::error::Error;
use crate::ops::{self, Context, ObtainRequest};
use crate::output::Output;

/// `obtain` arguments.
#[derive(Debug, Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "command-line flags are booleans"
)]
#[command(group(ArgGroup::new("challenge").required(true).multiple(true).args(super::challenge_args::CHOOSERS)))]
pub struct ObtainArgs {
    /// A name to cover: DNS name or IP address (repeatable; the first names the certificate)
    #[arg(
        short = 'd',
        long = "domain",
        value_name = "NAME",
        required_unless_present = "csr"
    )]
    pub domains: Vec<String>,
    /// How to prove control of the names.
    #[command(flatten)]
    pub challenge: super::challenge_args::ChallengeArgs,
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
    /// Run before the first order of a run (repeatable; an argv, no shell unless --hook-shell)
    #[arg(
        long,
        value_name = "COMMAND",
        help_heading = "Hooks (saved, run on every renewal)"
    )]
    pub pre_hook: Vec<String>,
    /// Run once after the run
    #[arg(
        long,
        value_name = "COMMAND",
        help_heading = "Hooks (saved, run on every renewal)"
    )]
    pub post_hook: Vec<String>,
    /// Run after the certificate is stored, e.g. 'systemctl reload nginx'
    #[arg(
        long,
        value_name = "COMMAND",
        help_heading = "Hooks (saved, run on every renewal)"
    )]
    pub deploy_hook: Vec<String>,
    /// Run when the certificate failed to renew
    #[arg(
        long,
        value_name = "COMMAND",
        help_heading = "Hooks (saved, run on every renewal)"
    )]
    pub failure_hook: Vec<String>,
    /// Run the hook commands through /bin/sh -c (variables, pipes) instead of as plain argv
    #[arg(long, help_heading = "Hooks (saved, run on every renewal)")]
    pub hook_shell: bool,
    /// Kill a hook's process group after SECS (1 to 86400) [default: 120]
    #[arg(
        long,
        value_name = "SECS",
        help_heading = "Hooks (saved, run on every renewal)",
        value_parser = seconds(1)
    )]
    pub hook_timeout: Option<u64>,
    /// Renew this long before expiry instead of following the CA (ARI) or the 1/3 rule: 30d,
    /// 1d12h, 90m, 3600 (at most 3650d). A margin that would renew the certificate within the first third of
    /// its lifetime is ignored, with a warning
    #[arg(long, value_name = "DURATION", value_parser = parse_renew_before)]
    pub renew_before: Option<u64>,
    /// Issue even when the stored certificate already has these names and settings and is not
    /// due (without it, such an obtain orders nothing and exits 0)
    #[arg(long)]
    pub force: bool,
    /// Install the certificate where a service reads it (as `certkeep install` does)
    #[command(flatten)]
    pub install: super::install::TargetArgs,
}

/// A renewal margin: a duration of at least a second and at most
/// [`MAX_RENEW_BEFORE_SECS`] (ten years).
fn parse_renew_before(raw: &str) -> Result<u64, String> {
    let secs = parse_duration(raw)?;
    if secs == 0 {
        return Err("a renewal margin of 0 would renew only after expiry; give e.g. 30d".into());
    }
    if secs > MAX_RENEW_BEFORE_SECS {
        return Err(format!(
            "'{}' is longer than any certificate lifetime (at most {}d); give e.g. 30d",
            raw.trim(),
            MAX_RENEW_BEFORE_SECS / 86_400
        ));
    }
    Ok(secs)
}

/// Parses a duration in humantime's units (`30d`, `1d12h`, `90m`, `45s`, `2w`) or plain seconds,
/// to whole seconds.
fn parse_duration(raw: &str) -> Result<u64, String> {
    let raw = raw.trim();
    if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        return raw.parse().map_err(|_| format!("'{raw}' is too long"));
    }
    let duration = humantime::parse_duration(raw)
        .map_err(|e| format!("'{raw}' is not a duration like 30d, 1d12h or 3600 ({e})"))?;
    if duration.subsec_nanos() != 0 {
        return Err(format!("'{raw}' is not a whole number of seconds"));
    }
    Ok(duration.as_secs())
}

/// Runs `obtain`.
pub(super) async fn run(
    ctx: &Context,
    config: &Config,
    mut args: ObtainArgs,
    output: &Output,
) -> Result<u8, Error> {
    let chosen = std::mem::take(&mut args.challenge).into_spec(output)?;
    // An entry holding another value (another certificate's key of that name) is refused.
    if let Some(secret) = &chosen.secret
        && let Some(note) =
            crate::secrets::store_new_in_keyring(&secret.name, &secret.value, ctx.store.root())?
    {
        output.warning(&note);
    }
    let challenge = chosen.spec;
    // Install targets are checked before anything is ordered: a bad one costs no order.
    let install_flags = std::mem::take(&mut args.install);
    let group = if install_flags.any() || install_flags.service_given() {
        if args.dry_run {
            return Err(crate::install::InstallError::DryRun.into());
        }
        let group = super::install::group_of(install_flags)?;
        ops::check_install_group(ctx, &group, args.csr.is_some())?;
        Some(group)
    } else {
        None
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
        hooks: Hooks {
            pre: crate::hooks::hook_specs(&args.pre_hook, args.hook_shell, args.hook_timeout)?,
            post: crate::hooks::hook_specs(&args.post_hook, args.hook_shell, args.hook_timeout)?,
            deploy: crate::hooks::hook_specs(
                &args.deploy_hook,
                args.hook_shell,
                args.hook_timeout,
            )?,
            failure: crate::hooks::hook_specs(
                &args.failure_hook,
                args.hook_shell,
                args.hook_timeout,
            )?,
        },
        renewal: RenewalPolicy {
            renew_before_secs: args.renew_before,
        },
        replaces: None,
        force: args.force,
    };
    let report = ops::obtain(ctx, request).await?;
    let Some(group) = group else {
        output.success("obtain", &report);
        return Ok(0);
    };
    let name = report.name.parse()?;
    let installed = ops::install(ctx, &name, ops::InstallAction::Add(group)).await?;
    let failed = installed.outcome();
    let combined = super::install::ObtainInstalled {
        obtain: report,
        deploy: installed.deploy,
    };
    Ok(output.outcome("obtain", &combined, failed.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renew_before_is_refused_beyond_ten_years_and_at_zero() {
        assert_eq!(parse_renew_before("30d"), Ok(30 * 86_400));
        assert_eq!(parse_renew_before("3650d"), Ok(MAX_RENEW_BEFORE_SECS));
        for bad in ["3651d", "5000000d", "18446744073709551615", "0", "0d"] {
            assert!(parse_renew_before(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn renew_before_takes_compound_durations_and_todays_forms() {
        for (raw, secs) in [
            ("1d12h", 36 * 3600),
            ("1d 12h", 36 * 3600),
            ("30d", 30 * 86_400),
            (" 12h ", 12 * 3600),
            ("90m", 90 * 60),
            ("45s", 45),
            ("3600", 3600),
            ("2w", 14 * 86_400),
        ] {
            assert_eq!(parse_renew_before(raw), Ok(secs), "{raw}");
        }
        for bad in ["", "d", "30x", "-1d", "1500ms", "3651d"] {
            assert!(parse_renew_before(bad).is_err(), "{bad}");
        }
    }
}
