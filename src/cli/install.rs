//! `install` (save where a certificate goes, deploy it now) and `deploy` (deploy the current
//! versions to their saved targets).

use std::path::PathBuf;

use clap::Args;

use crate::domain::{CertName, InstallGroup, MAX_VERIFY_SECS, Preset, TargetKind};
use crate::error::Error;
use crate::ops::{self, Context, InstallAction, InstallInput};
use crate::output::Output;

const TARGETS: &str = "Targets (saved; every renewal writes them again)";
const SERVICE: &str = "Service (config test, reload and verify run after writing)";

/// The install target and service flags, shared by `install` and `obtain`.
#[derive(Debug, Args, Default)]
pub struct TargetArgs {
    /// Write the leaf certificate to PATH
    #[arg(long, value_name = "PATH", help_heading = TARGETS)]
    pub cert: Option<PathBuf>,
    /// Write the intermediates to PATH
    #[arg(long, value_name = "PATH", help_heading = TARGETS)]
    pub chain: Option<PathBuf>,
    /// Write leaf + intermediates to PATH (nginx's `ssl_certificate`)
    #[arg(long, value_name = "PATH", help_heading = TARGETS)]
    pub fullchain: Option<PathBuf>,
    /// Write the private key to PATH (mode 0600 unless --mode)
    #[arg(long, value_name = "PATH", help_heading = TARGETS)]
    pub key: Option<PathBuf>,
    /// Write key + leaf + intermediates in one PEM to PATH (haproxy)
    #[arg(long, value_name = "PATH", help_heading = TARGETS)]
    pub combined: Option<PathBuf>,
    /// Write a PKCS#12 file to PATH (AES-256, PBKDF2); needs --pkcs12-password
    #[arg(long, value_name = "PATH", help_heading = TARGETS, requires = "pkcs12_password")]
    pub pkcs12: Option<PathBuf>,
    /// The PKCS#12 password as a reference: `keyring:NAME`, `file:PATH` or `env:VAR`
    #[arg(long, value_name = "SECRET_REF", help_heading = TARGETS, requires = "pkcs12")]
    pub pkcs12_password: Option<String>,
    /// Owner of the written files (user name or uid)
    #[arg(long, value_name = "USER", help_heading = TARGETS)]
    pub owner: Option<String>,
    /// Group of the written files (group name or gid)
    #[arg(long, value_name = "GROUP", help_heading = TARGETS)]
    pub group: Option<String>,
    /// Mode of the written files, octal (default 0644, and 0600 for files with the key; a mode
    /// that lets others read a key is refused)
    #[arg(long, value_name = "OCTAL", help_heading = TARGETS)]
    pub mode: Option<String>,
    /// Fill in the config test and the reload of a known service
    #[arg(long, value_name = "SERVICE", value_parser = ["nginx", "apache", "haproxy", "postfix", "dovecot"], help_heading = SERVICE)]
    pub preset: Option<String>,
    /// Check the service's config after writing (an argv; the old files go back when it fails)
    #[arg(long, value_name = "COMMAND", help_heading = SERVICE)]
    pub config_test: Option<String>,
    /// Reload the service (once per run, after every certificate's files are written)
    #[arg(long, value_name = "COMMAND", help_heading = SERVICE)]
    pub reload: Option<String>,
    /// After the reload, check that ADDR[:PORT] serves the new certificate
    #[arg(long, value_name = "ADDR[:PORT]", help_heading = SERVICE)]
    pub verify: Option<String>,
    /// The SNI for --verify [default: the first identifier]
    #[arg(long, value_name = "NAME", help_heading = SERVICE, requires = "verify")]
    pub verify_sni: Option<String>,
    /// How long --verify keeps trying, 1 to 600 [default: 30]
    #[arg(long, value_name = "SECS", help_heading = SERVICE, requires = "verify",
          value_parser = clap::value_parser!(u64).range(1..=MAX_VERIFY_SECS))]
    pub verify_timeout: Option<u64>,
}

impl TargetArgs {
    /// True when a service flag was given (they need a target).
    pub fn service_given(&self) -> bool {
        self.preset.is_some()
            || self.config_test.is_some()
            || self.reload.is_some()
            || self.verify.is_some()
    }

    /// True when any target flag was given.
    pub fn any(&self) -> bool {
        [
            &self.cert,
            &self.chain,
            &self.fullchain,
            &self.key,
            &self.combined,
            &self.pkcs12,
        ]
        .iter()
        .any(|t| t.is_some())
    }
}

/// `install` arguments.
#[derive(Debug, Args)]
pub struct InstallArgs {
    /// Certificate name
    pub name: String,
    /// Where to install and how the service picks it up
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Show the saved targets
    #[arg(long, conflicts_with_all = ["remove", "cert", "chain", "fullchain", "key", "combined", "pkcs12", "owner", "group", "mode", "preset", "config_test", "reload", "verify"])]
    pub list: bool,
    /// Forget the target at PATH (the file stays)
    #[arg(long, value_name = "PATH", conflicts_with_all = ["cert", "chain", "fullchain", "key", "combined", "pkcs12", "owner", "group", "mode", "preset", "config_test", "reload", "verify"])]
    pub remove: Option<PathBuf>,
}

/// `deploy` arguments.
#[derive(Debug, Args)]
pub struct DeployArgs {
    /// Certificates to deploy [default: every certificate with install targets]
    pub names: Vec<String>,
}

/// Runs `install`.
pub(super) async fn install(
    ctx: &Context,
    args: InstallArgs,
    output: &Output,
) -> Result<u8, Error> {
    let name: CertName = args.name.parse()?;
    if args.list {
        output.success("install", &ops::install_list(ctx, &name)?);
        return Ok(0);
    }
    let action = match args.remove.clone() {
        Some(path) => InstallAction::Remove(absolute(path)),
        None => InstallAction::Add(group_of(args.targets)?),
    };
    let report = ops::install(ctx, &name, action).await?;
    Ok(output.outcome("install", &report, report.outcome().as_ref()))
}

/// Runs `deploy`.
pub(super) async fn deploy(ctx: &Context, args: DeployArgs, output: &Output) -> Result<u8, Error> {
    let mut names = Vec::with_capacity(args.names.len());
    for raw in &args.names {
        names.push(raw.parse::<CertName>()?);
    }
    let report = ops::deploy_now(ctx, &names).await?;
    Ok(output.outcome("deploy", &report, report.outcome().as_ref()))
}

/// A `file:` reference made absolute: the daemon and cron resolve it from another directory.
fn absolute_reference(reference: &str) -> String {
    match reference.strip_prefix("file:") {
        Some(path) => format!("file:{}", absolute(PathBuf::from(path)).display()),
        None => reference.to_owned(),
    }
}

fn absolute(path: PathBuf) -> PathBuf {
    std::path::absolute(&path).unwrap_or(path)
}

/// The install group the flags describe (built by `ops::install_group`, as the TUI's form is).
pub(super) fn group_of(args: TargetArgs) -> Result<InstallGroup, Error> {
    let targets = [
        (args.cert, TargetKind::Cert),
        (args.chain, TargetKind::Chain),
        (args.fullchain, TargetKind::Fullchain),
        (args.key, TargetKind::Key),
        (args.combined, TargetKind::Combined),
        (args.pkcs12, TargetKind::Pkcs12),
    ]
    .into_iter()
    .filter_map(|(path, kind)| path.map(|path| (absolute(path), kind)))
    .collect();
    ops::install_group(InstallInput {
        targets,
        owner: args.owner,
        group: args.group,
        mode: args.mode,
        pkcs12_password: args.pkcs12_password.as_deref().map(absolute_reference),
        preset: args.preset.as_deref().and_then(Preset::parse),
        config_test: args.config_test,
        reload: args.reload,
        verify: args.verify,
        verify_sni: args.verify_sni,
        verify_timeout: args.verify_timeout,
    })
}

/// `obtain` with install flags: the obtain report plus what the deploy did.
#[derive(Debug, serde::Serialize)]
pub(super) struct ObtainInstalled {
    /// What `obtain` alone reports.
    #[serde(flatten)]
    pub obtain: ops::ObtainReport,
    /// The deploy to the new targets.
    pub deploy: Option<ops::DeployReport>,
}

impl crate::output::human::Human for ObtainInstalled {
    fn human(&self) -> String {
        let mut out = self.obtain.human();
        if let Some(deploy) = &self.deploy {
            out.push_str(&deploy.human());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_file_reference_is_saved_absolute() {
        let saved = absolute_reference("file:pw.txt");
        assert!(
            saved.starts_with("file:/") && saved.ends_with("/pw.txt"),
            "{saved}"
        );
        assert_eq!(absolute_reference("file:/etc/pw"), "file:/etc/pw");
        assert_eq!(absolute_reference("keyring:p12"), "keyring:p12");
        assert_eq!(absolute_reference("env:P12"), "env:P12");
    }
}
