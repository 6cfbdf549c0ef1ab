//! `install` and `deploy`: saving where a certificate is installed (its spec's `[[install]]`
//! groups) and deploying the current version there now. Everything that can be checked is
//! checked before the spec is saved, so a bad target leaves the store as it was.

use std::path::PathBuf;

use serde::Serialize;

use super::Context;
use super::deploy::{self, DeployReport, ReloadReport};
use crate::domain::{CertName, InstallGroup, TargetKind, Verified, check_groups};
use crate::error::Error;
use crate::install::{self, InstallError, Written};
use crate::secrets::SecretRef;

/// What `install` is asked to do.
#[derive(Debug, Clone)]
pub enum InstallAction {
    /// Save these targets (merged into the group with the same reload) and deploy now.
    Add(InstallGroup),
    /// Forget the target at this path (the file stays).
    Remove(PathBuf),
}

/// `install`'s report.
#[derive(Debug, Clone, Serialize)]
pub struct InstallReport {
    /// Lineage.
    pub name: String,
    /// `add`, `list` or `remove`.
    pub action: &'static str,
    /// The install groups saved now.
    pub install: Vec<InstallGroup>,
    /// Each target as the deploy left it (`add`; empty otherwise).
    pub targets: Vec<Written>,
    /// Each service's config test and reload (`add`).
    pub reloads: Vec<ReloadReport>,
    /// What each verification saw (`add`).
    pub verified: Vec<Verified>,
    /// Why the deploy failed, when it did.
    pub error: Option<String>,
    /// The whole deploy, for the exit code and the human text.
    #[serde(skip)]
    pub deploy: Option<DeployReport>,
}

impl InstallReport {
    fn new(name: &CertName, action: &'static str, install: Vec<InstallGroup>) -> Self {
        Self {
            name: name.to_string(),
            action,
            install,
            targets: Vec::new(),
            reloads: Vec::new(),
            verified: Vec::new(),
            error: None,
            deploy: None,
        }
    }

    fn with_deploy(mut self, deploy: DeployReport) -> Self {
        if let Some(cert) = deploy.certificates.first() {
            self.targets.clone_from(&cert.targets);
            self.verified.clone_from(&cert.verified);
            self.error.clone_from(&cert.error);
        }
        self.reloads.clone_from(&deploy.reloads);
        self.deploy = Some(deploy);
        self
    }

    /// The exit-7 error when the deploy failed (the targets stay saved).
    pub fn outcome(&self) -> Option<Error> {
        self.deploy.as_ref().and_then(DeployReport::outcome)
    }
}

/// Runs `install NAME --list`.
pub fn install_list(ctx: &Context, name: &CertName) -> Result<InstallReport, Error> {
    Ok(InstallReport::new(
        name,
        "list",
        ctx.store.lineage(name).load_spec()?.install,
    ))
}

/// Runs `install NAME ...` (add) and `install NAME --remove PATH`.
pub async fn install(
    ctx: &Context,
    name: &CertName,
    action: InstallAction,
) -> Result<InstallReport, Error> {
    let lineage = ctx.store.lineage(name);
    let _lock = ctx.lock_or_stop().await?;
    let mut spec = lineage.load_spec()?;
    match action {
        InstallAction::Remove(path) => {
            let before: usize = spec.install.iter().map(|g| g.targets.len()).sum();
            for group in &mut spec.install {
                group.targets.retain(|t| t.path != path);
            }
            spec.install.retain(|g| !g.targets.is_empty());
            let after: usize = spec.install.iter().map(|g| g.targets.len()).sum();
            if before == after {
                return Err(InstallError::NotATarget {
                    path,
                    name: name.to_string(),
                }
                .into());
            }
            lineage.save_spec(&spec)?;
            Ok(InstallReport::new(name, "remove", spec.install))
        }
        InstallAction::Add(group) => {
            check_install_group(ctx, &group, spec.use_csr)?;
            refuse_paths_of_others(ctx, name, &group)?;
            deploy::merge_group(&mut spec, group);
            check_groups(&spec.install).map_err(InstallError::from)?;
            // The last deploy no longer covers every target: until this one goes through, the
            // lineage's deploy is not done, so its services are tested and reloaded even where
            // the files already match, and a run stopped before the reload does it next time.
            // (An unreadable state counts as not done already.)
            if let Ok(mut state) = lineage.load_state()
                && let Some(last) = state.deploy.as_mut().filter(|last| last.ok)
            {
                last.ok = false;
                last.error = Some("install targets were added; not deployed yet".into());
                lineage.save_state(&state)?;
            }
            lineage.save_spec(&spec)?;
            let report = deploy::deploy(ctx, std::slice::from_ref(name)).await;
            Ok(InstallReport::new(name, "add", spec.install).with_deploy(report))
        }
    }
}

/// Checks a new group as far as possible without writing: the settings, the owners, the
/// password reference, and each target's directory and file (`obtain` runs it before ordering).
pub fn check_install_group(
    ctx: &Context,
    group: &InstallGroup,
    use_csr: bool,
) -> Result<(), Error> {
    super::install_group::check_install_settings(group)?;
    for target in &group.targets {
        if use_csr && target.kind.holds_key() {
            return Err(InstallError::NoKey.into());
        }
        if let Some(owner) = &target.owner {
            install::resolve_owner(owner)?;
        }
        if let Some(group) = &target.group {
            install::resolve_group(group)?;
        }
        if target.kind == TargetKind::Pkcs12
            && let Some(reference) = &target.pkcs12_password
        {
            let reference: SecretRef = reference
                .parse()
                .unwrap_or_else(|e: std::convert::Infallible| match e {});
            if reference.is_raw() {
                return Err(InstallError::RawPassword.into());
            }
            crate::secrets::resolve(&reference, ctx.store.root(), &ctx.settings.vars)?;
        }
        // A target that cannot be written is the user's input, refused before anything is
        // saved (exit 2); the same problem during a renewal is a failed deploy (exit 7).
        install::files::check_target(&target.path, group.takes_over_certbot_links())
            .map_err(|err| InstallError::Refused(Box::new(err)))?;
    }
    Ok(())
}

/// Runs `deploy [NAME...]`: every named certificate (all with targets when none is named).
pub async fn deploy_now(ctx: &Context, names: &[CertName]) -> Result<DeployReport, Error> {
    let _lock = ctx.lock_or_stop().await?;
    let names: Vec<CertName> = if names.is_empty() {
        ctx.store
            .list_lineages()
            .into_iter()
            .filter_map(|entry| entry.spec.ok())
            .filter(|spec| !spec.install.is_empty())
            .map(|spec| spec.name)
            .collect()
    } else {
        for name in names {
            if !ctx.store.lineage_exists(name) {
                return Err(crate::store::StoreError::NotFound {
                    what: crate::store::Missing::Certificate,
                    name: name.to_string(),
                }
                .into());
            }
        }
        names.to_vec()
    };
    Ok(deploy::deploy(ctx, &names).await)
}

/// Refuses a target path another certificate already installs to: two certificates writing
/// one file would replace each other on every run (and a rollback of one could leave the
/// other's bytes).
fn refuse_paths_of_others(
    ctx: &Context,
    name: &CertName,
    group: &InstallGroup,
) -> Result<(), InstallError> {
    for entry in ctx.store.list_lineages() {
        let Ok(other) = entry.spec else { continue };
        if &other.name == name {
            continue;
        }
        for target in other.install.iter().flat_map(|g| &g.targets) {
            if group.targets.iter().any(|t| t.path == target.path) {
                return Err(InstallError::TakenBy {
                    path: target.path.clone(),
                    other: other.name.to_string(),
                });
            }
        }
    }
    Ok(())
}
