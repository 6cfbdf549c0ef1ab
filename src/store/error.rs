//! Store errors: each carries the path and what was being done to it.

use std::path::PathBuf;

use crate::error::{Classify, Kind};

/// Something the store could not do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A file-system call failed.
    #[error("could not {op} '{}'", path.display())]
    Io {
        /// What was being done ("write", "rename", "read" ...).
        op: &'static str,
        /// The path it was done to.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A file exists but cannot be understood.
    #[error("'{}' is corrupt: {reason}", path.display())]
    Corrupt {
        /// The unreadable file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Another process holds the lock.
    #[error("another certkeep process holds the store lock '{}'", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
    /// No such lineage or account.
    #[error("{}", what.message(name))]
    NotFound {
        /// What was looked for.
        what: Missing,
        /// The name looked up.
        name: String,
    },
    /// Refused because the path is a symlink or otherwise not what the store made.
    #[error("refusing to use '{}': {reason}", path.display())]
    Unsafe {
        /// The suspicious path.
        path: PathBuf,
        /// Why it is refused.
        reason: &'static str,
    },
    /// A store directory others can write to: they could plant or swap files in it.
    #[error("refusing to use '{}': it is writable by other users (mode {mode:04o})", path.display())]
    Exposed {
        /// The directory.
        path: PathBuf,
        /// Its mode bits.
        mode: u32,
    },
    /// A store directory owned by someone else: they could plant or swap files in it.
    #[error("refusing to use '{}': it is owned by uid {owner}, not by uid {user} that runs certkeep", path.display())]
    NotOwned {
        /// The directory.
        path: PathBuf,
        /// Its owner.
        owner: u32,
        /// The user running certkeep.
        user: u32,
    },
    /// The store was written by a newer certkeep, in a format this build does not know.
    #[error("the store '{}' has format {found}, newer than this certkeep reads (up to {supported})", path.display())]
    NewerFormat {
        /// Its `store.json`.
        path: PathBuf,
        /// The format it names.
        found: u32,
        /// The newest format this build reads.
        supported: u32,
    },
    /// The fleet database (the store of record in fleet mode) failed.
    #[error(transparent)]
    Fleet(Box<super::pg::FleetError>),
    /// The store root names something that is not a directory.
    #[error("the store '{}' is not a directory", path.display())]
    RootNotDir {
        /// The root as given.
        path: PathBuf,
    },
}

/// What a [`StoreError::NotFound`] looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// A lineage.
    Certificate,
    /// An issued version of a lineage that exists.
    IssuedCertificate,
    /// An account.
    Account,
}

impl Missing {
    fn message(self, name: &str) -> String {
        match self {
            Missing::Certificate => format!("no certificate named '{name}' in the store"),
            Missing::IssuedCertificate => {
                format!("no issued certificate for '{name}' in the store")
            }
            Missing::Account => format!("no account named '{name}' in the store"),
        }
    }
}

impl StoreError {
    /// Builds an [`StoreError::Io`]; the closure form keeps call sites short.
    pub fn io(op: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| StoreError::Io { op, path, source }
    }

    /// The file or directory the error is about, when there is one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            StoreError::Io { path, .. }
            | StoreError::Corrupt { path, .. }
            | StoreError::Locked { path }
            | StoreError::Unsafe { path, .. }
            | StoreError::Exposed { path, .. }
            | StoreError::NotOwned { path, .. }
            | StoreError::NewerFormat { path, .. }
            | StoreError::RootNotDir { path } => Some(path),
            StoreError::NotFound { .. } | StoreError::Fleet(_) => None,
        }
    }

    /// True when a fleet node's write was refused because another node holds, or took over,
    /// the certificate's renewal lease: nothing about the CA or this host.
    pub fn is_lease_elsewhere(&self) -> bool {
        matches!(
            self,
            StoreError::Fleet(fleet) if matches!(
                **fleet,
                super::pg::FleetError::LeaseLost { .. } | super::pg::FleetError::LeaseHeld { .. }
            )
        )
    }

    /// Why the path is unusable, without the path itself (for [`super::Damage`]).
    pub fn reason(&self) -> String {
        match self {
            StoreError::Io { op, source, .. } => format!("could not {op} it: {source}"),
            StoreError::Corrupt { reason, .. } => reason.clone(),
            StoreError::Unsafe { reason, .. } => (*reason).to_owned(),
            StoreError::Exposed { mode, .. } => {
                format!("it is writable by other users (mode {mode:04o}); run 'chmod go-w' on it")
            }
            StoreError::NotOwned { owner, user, .. } => {
                format!("it is owned by uid {owner}, not by uid {user} that runs certkeep")
            }
            other => other.to_string(),
        }
    }
}

impl Classify for StoreError {
    fn kind(&self) -> Kind {
        match self {
            StoreError::Io { .. }
            | StoreError::Corrupt { .. }
            | StoreError::Unsafe { .. }
            | StoreError::Exposed { .. }
            | StoreError::NotOwned { .. }
            | StoreError::NewerFormat { .. } => Kind::Storage,
            StoreError::RootNotDir { .. } | StoreError::NotFound { .. } => Kind::Usage,
            StoreError::Locked { .. } => Kind::Locked,
            StoreError::Fleet(err) => crate::error::Classify::kind(err.as_ref()),
        }
    }

    fn hint(&self) -> Option<String> {
        let hint = match self {
            StoreError::Fleet(err) => return crate::error::Classify::hint(err.as_ref()),
            StoreError::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::PermissionDenied => {
                    "check the owner and mode of the store (or run certkeep as the user that owns it; --store DIR picks another store)"
                }
                std::io::ErrorKind::StorageFull => "free disk space, then run the command again",
                std::io::ErrorKind::ReadOnlyFilesystem => {
                    "the store is on a read-only file system; pick a writable one with --store DIR"
                }
                _ => return None,
            },
            StoreError::Corrupt { .. } | StoreError::Unsafe { .. } => {
                "move the damaged entry aside or restore it from a backup; other entries are unaffected"
            }
            StoreError::Exposed { path, .. } => {
                return Some(format!(
                    "run 'chmod go-w {}' (certkeep keeps private keys there and, like ssh, refuses a directory other users can change)",
                    path.display()
                ));
            }
            StoreError::NotOwned { path, user, .. } => {
                return Some(format!(
                    "run certkeep as the directory's owner, or give it to this user with 'chown -R {user} {}'",
                    path.display()
                ));
            }
            StoreError::RootNotDir { .. } => {
                "--store (or CERTKEEP_STORE, or 'store' in the config file) must name a directory; certkeep creates it when missing"
            }
            StoreError::NewerFormat { .. } => {
                "a newer certkeep wrote this store: upgrade certkeep to that version (or newer) to use it; this one changes nothing in it"
            }
            StoreError::Locked { .. } => {
                "wait for the other run to finish, or pass --wait-lock SECS to wait for it"
            }
            StoreError::NotFound { what, .. } => match what {
                Missing::Account => {
                    "list accounts with 'certkeep account list'; register one with 'certkeep account register'"
                }
                Missing::Certificate | Missing::IssuedCertificate => {
                    "list certificates with 'certkeep list'"
                }
            },
        };
        Some(hint.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_entry_says_what_is_missing_and_how_to_list_them() {
        let table = [
            (
                Missing::Certificate,
                "no certificate named 'a' in the store",
                "certkeep list",
            ),
            (
                Missing::IssuedCertificate,
                "no issued certificate for 'a' in the store",
                "certkeep list",
            ),
            (
                Missing::Account,
                "no account named 'a' in the store",
                "certkeep account list",
            ),
        ];
        for (what, message, listing) in table {
            let err = crate::error::Error::from(StoreError::NotFound {
                what,
                name: "a".into(),
            });
            assert_eq!(err.message, message);
            assert!(
                err.hint.as_deref().is_some_and(|h| h.contains(listing)),
                "{what:?}"
            );
        }
    }

    #[test]
    fn each_store_error_has_its_exit_code() {
        let io = || std::io::Error::other("x");
        let path = || PathBuf::from("/s");
        let table = [
            (StoreError::io("write", path())(io()), 6),
            (
                StoreError::Corrupt {
                    path: path(),
                    reason: "x".into(),
                },
                6,
            ),
            (StoreError::Locked { path: path() }, 8),
            (
                StoreError::NotFound {
                    what: Missing::Certificate,
                    name: "a".into(),
                },
                2,
            ),
            (
                StoreError::Unsafe {
                    path: path(),
                    reason: "x",
                },
                6,
            ),
            (
                StoreError::Exposed {
                    path: path(),
                    mode: 0o777,
                },
                6,
            ),
            (
                StoreError::NotOwned {
                    path: path(),
                    owner: 1,
                    user: 2,
                },
                6,
            ),
            (
                StoreError::NewerFormat {
                    path: path(),
                    found: 9,
                    supported: 1,
                },
                6,
            ),
            (StoreError::RootNotDir { path: path() }, 2),
        ];
        for (err, code) in table {
            let name = format!("{err:?}");
            assert_eq!(crate::error::Error::from(err).exit_code(), code, "{name}");
        }
    }
}
