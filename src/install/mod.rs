//! Installing certificates where services read them: the bytes of each target ([`render`]),
//! writing one certificate's targets as a set that is put back on failure ([`files`]), and
//! checking what a service serves after its reload ([`verify`]). Which certificates deploy,
//! the config tests and the one reload per service are the caller's (`ops::deploy`).
//!
//! Must not import `ops`, `acme` or `cli`.

pub mod files;
pub mod render;
pub mod verify;

use std::path::{Path, PathBuf};

use crate::domain::{InstallGroup, InstallSpecError, TargetKind};
use crate::error::{Classify, Error, Kind};

pub use files::{Backup, Planned, Written, write_set};
pub use render::Material;
pub use verify::Verified;

/// Something installing could not do.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// The install settings are not usable.
    #[error(transparent)]
    Spec(#[from] InstallSpecError),
    /// The target's directory is missing or unreadable.
    #[error("the directory '{}' of an install target is not there", path.display())]
    NoDirectory {
        /// The directory.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A target certkeep must not write through.
    #[error("refusing to install to '{}': {}", .0.display(), .1)]
    Unsafe(PathBuf, &'static str),
    /// A file-system call failed.
    #[error("could not {op} '{}'", path.display())]
    Io {
        /// What was being done.
        op: &'static str,
        /// To which path.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// Writing failed and so did putting the old files back.
    #[error("{original}; putting the previous files back failed too: {restore}")]
    RestoreFailed {
        /// The first failure.
        original: Box<InstallError>,
        /// The failure to restore.
        restore: Box<InstallError>,
    },
    /// A key-bearing target for a certificate issued from the user's CSR.
    #[error("this certificate was issued from your CSR: certkeep has no private key to install")]
    NoKey,
    /// The PKCS#12 file could not be made.
    #[error("could not make the PKCS#12 file: {0}")]
    Pkcs12(&'static str),
    /// An owner or group that does not exist.
    #[error("no {what} named '{name}' on this system")]
    UnknownOwner {
        /// `user` or `group`.
        what: &'static str,
        /// The name.
        name: String,
    },
    /// A target the user named that cannot be written: refused before anything is saved.
    #[error(transparent)]
    Refused(Box<InstallError>),
    /// `install` or `obtain` without a target file.
    #[error("no install target given")]
    NoTargets,
    /// A preset whose service reads one combined file, without `--combined`.
    #[error("{0} reads key and certificates from one file")]
    WantsCombined(&'static str),
    /// Install flags on a dry run.
    #[error("--dry-run stores nothing, so there is nothing to install")]
    DryRun,
    /// A certificate not issued yet.
    #[error("'{0}' has no issued certificate yet")]
    NotIssued(String),
    /// `--remove` of a path that is not a target.
    #[error("'{}' is not an install target of '{name}'", path.display())]
    NotATarget {
        /// The path given.
        path: PathBuf,
        /// The certificate.
        name: String,
    },
    /// A path another certificate already installs to: the two would overwrite each other.
    #[error("'{}' is already an install target of '{other}'", path.display())]
    TakenBy {
        /// The path.
        path: PathBuf,
        /// The certificate that has it.
        other: String,
    },
    /// Some certificates were stored but not deployed (the failures follow as causes).
    #[error("the certificates are stored, but deploying them failed")]
    DeployFailed,
    /// A PKCS#12 password typed on the command line (it would be saved in the spec).
    #[error(
        "the PKCS#12 password must be a reference (keyring:NAME, file:PATH or env:VAR), not the password itself"
    )]
    RawPassword,
}

impl InstallError {
    pub(crate) fn io<'a>(
        op: &'static str,
        path: &'a Path,
    ) -> impl FnOnce(std::io::Error) -> Self + 'a {
        move |source| InstallError::Io {
            op,
            path: path.to_owned(),
            source,
        }
    }
}

impl Classify for InstallError {
    /// Bad settings and targets the user named are usage errors (exit 2); a deploy that failed
    /// on the way is a failed deploy (exit 7).
    fn kind(&self) -> Kind {
        match self {
            InstallError::Spec(_)
            | InstallError::Refused(_)
            | InstallError::UnknownOwner { .. }
            | InstallError::RawPassword
            | InstallError::NoKey
            | InstallError::NoTargets
            | InstallError::WantsCombined(_)
            | InstallError::DryRun
            | InstallError::NotIssued(_)
            | InstallError::NotATarget { .. }
            | InstallError::TakenBy { .. } => Kind::Usage,
            InstallError::NoDirectory { .. }
            | InstallError::Unsafe(..)
            | InstallError::Io { .. }
            | InstallError::RestoreFailed { .. }
            | InstallError::Pkcs12(_)
            | InstallError::DeployFailed => Kind::HookFailed,
        }
    }

    fn hint(&self) -> Option<String> {
        let hint = match self {
            InstallError::Refused(inner) => return inner.hint(),
            InstallError::NoDirectory { .. } => {
                "create the directory first; certkeep does not create directories for services"
            }
            InstallError::Unsafe(..) => {
                "install to a regular file (not a symlink) in a directory only root or the service's user can write"
            }
            InstallError::RawPassword => {
                "save it with `certkeep secret set NAME` and pass --pkcs12-password keyring:NAME"
            }
            InstallError::NoKey => {
                "install only cert, chain or fullchain targets; the key is yours"
            }
            InstallError::UnknownOwner { .. } => {
                "give an existing user or group name, or a numeric id (`getent passwd NAME` checks)"
            }
            InstallError::NoTargets => {
                "name at least one of --cert, --chain, --fullchain, --key, --combined or --pkcs12 PATH"
            }
            InstallError::WantsCombined(_) => {
                "pass --combined PATH (the file the service's config names)"
            }
            InstallError::DryRun => "drop the install flags, or run without --dry-run",
            InstallError::NotIssued(_) => "obtain it first: certkeep obtain -d NAME",
            InstallError::TakenBy { .. } => {
                "give this certificate its own file, or remove the other's with 'certkeep install NAME --remove PATH'"
            }
            InstallError::NotATarget { .. } => {
                "'certkeep install NAME --list' shows the saved targets"
            }
            InstallError::DeployFailed => {
                "fix the cause, then run 'certkeep deploy'; the next renew run retries it too"
            }
            InstallError::Spec(spec) => match spec {
                InstallSpecError::KeyReadableByOthers { .. } => {
                    "use 0600, or 0640 with --group set to the service's group"
                }
                InstallSpecError::BadMode(_) => "give the mode in octal, e.g. --mode 0640",
                InstallSpecError::RelativePath(_) => "give the target as an absolute path",
                InstallSpecError::NotNormal(_) => "give the target's path without '..'",
                InstallSpecError::WritableByOthers { .. } => {
                    "use 0644 for certificates (0640 or 0600 for keys)"
                }
                InstallSpecError::Pkcs12WithoutPassword(_) => {
                    "pass --pkcs12-password keyring:NAME (see `certkeep secret set`)"
                }
                InstallSpecError::VerifyTimeout(_) => "give --verify-timeout 600 or less",
                InstallSpecError::Duplicate(_) => {
                    "give each target its own path; `certkeep install NAME --list` shows the saved ones"
                }
                InstallSpecError::VerifyAddress { .. } => {
                    "give --verify HOST[:PORT], with an IPv6 address in brackets: [::1]:8443"
                }
                InstallSpecError::VerifySni(_) => {
                    "give --verify-sni a DNS name the service has a certificate for"
                }
            },
            InstallError::Io { .. }
            | InstallError::RestoreFailed { .. }
            | InstallError::Pkcs12(_) => {
                return None;
            }
        };
        Some(hint.to_owned())
    }
}

/// The uid for `--owner` (a user name or a number).
pub fn resolve_owner(name: &str) -> Result<u32, InstallError> {
    if let Ok(uid) = name.parse::<u32>() {
        return Ok(uid);
    }
    match nix::unistd::User::from_name(name) {
        Ok(Some(user)) => Ok(user.uid.as_raw()),
        _ => Err(InstallError::UnknownOwner {
            what: "user",
            name: name.to_owned(),
        }),
    }
}

/// The gid for `--group` (a group name or a number).
pub fn resolve_group(name: &str) -> Result<u32, InstallError> {
    if let Ok(gid) = name.parse::<u32>() {
        return Ok(gid);
    }
    match nix::unistd::Group::from_name(name) {
        Ok(Some(group)) => Ok(group.gid.as_raw()),
        _ => Err(InstallError::UnknownOwner {
            what: "group",
            name: name.to_owned(),
        }),
    }
}

/// The files of one group for one stored version. `password` resolves a PKCS#12 target's
/// password reference (only called for PKCS#12 targets).
pub fn plan_group(
    group: &InstallGroup,
    material: Material<'_>,
    password: &dyn Fn(&str) -> Result<String, Error>,
) -> Result<Vec<Planned>, Error> {
    let mut planned = Vec::with_capacity(group.targets.len());
    for target in &group.targets {
        let mode = target
            .checked_mode()
            .map_err(|e| Error::from(InstallError::from(e)))?;
        let secret = match (&target.kind, &target.pkcs12_password) {
            (TargetKind::Pkcs12, Some(reference)) => Some(password(reference)?),
            (TargetKind::Pkcs12, None) => {
                let missing = InstallSpecError::Pkcs12WithoutPassword(target.path.clone());
                return Err(InstallError::from(missing).into());
            }
            _ => None,
        };
        planned.push(Planned {
            path: target.path.clone(),
            kind: target.kind,
            bytes: render::contents(material, target.kind, secret.as_deref())?,
            mode,
            uid: target.owner.as_deref().map(resolve_owner).transpose()?,
            gid: target.group.as_deref().map(resolve_group).transpose()?,
            may_replace_certbot_link: group.takes_over_certbot_links(),
        });
    }
    Ok(planned)
}
