//! What resolving or saving a secret could not do ([`SecretError`]). No variant carries the
//! secret itself: only names, paths and the platform's own error.

use std::path::PathBuf;

use crate::error::{Classify, Detail, Kind};

/// Something a secret reference or the secret store could not do.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// `env:VAR` names a variable that is unset or empty.
    #[error("the environment variable '{var}' named by 'env:{var}' is not set")]
    EnvUnset {
        /// The variable.
        var: String,
    },
    /// `file:PATH` cannot be read.
    #[error("could not read the secret file '{}'", path.display())]
    FileUnreadable {
        /// The path.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// `file:PATH` holds nothing but line ends.
    #[error("the secret file '{}' is empty", path.display())]
    FileEmpty {
        /// The path.
        path: PathBuf,
    },
    /// The thread running the keyring client panicked.
    #[error("the keyring client stopped unexpectedly")]
    ClientStopped,
    /// Saving a secret failed.
    #[error("could not store the secret '{name}' in {location}")]
    SaveFailed {
        /// The secret's name.
        name: String,
        /// The backend, in words.
        location: String,
        /// The keyring's error (it describes the platform failure, never the secret).
        #[source]
        source: keyring_core::Error,
    },
    /// A secret typed on the command line would replace the different one its entry holds.
    #[error("the secret '{name}' already holds a different value")]
    Taken {
        /// The secret's name.
        name: String,
    },
    /// `keyring:NAME` with no such entry.
    #[error("could not read the keyring secret '{name}'")]
    NoEntry {
        /// The secret's name.
        name: String,
        /// Where it was looked for.
        #[source]
        location: Detail,
    },
    /// `keyring:NAME` that the backend could not read.
    #[error("could not read the keyring secret '{name}'")]
    ReadFailed {
        /// The secret's name.
        name: String,
        /// The keyring's error (it describes the platform failure, never the secret).
        #[source]
        source: Detail,
    },
    /// The record of which backend holds the store's secrets is not one certkeep wrote.
    #[error("the secret backend record '{}' is damaged", path.display())]
    BackendRecordDamaged {
        /// The record file.
        path: PathBuf,
        /// What it holds instead.
        #[source]
        found: Detail,
    },
    /// The store's secrets are in an OS keyring this process cannot reach.
    #[error("this store's secrets are in the OS keyring, which is not reachable here")]
    KeyringUnreachable {
        /// The backend record file.
        record: PathBuf,
        /// The keyring's error.
        #[source]
        source: Detail,
    },
}

impl Classify for SecretError {
    fn kind(&self) -> Kind {
        match self {
            SecretError::SaveFailed {
                source: keyring_core::Error::Invalid(..),
                ..
            }
            | SecretError::EnvUnset { .. }
            | SecretError::FileUnreadable { .. }
            | SecretError::FileEmpty { .. }
            | SecretError::Taken { .. }
            | SecretError::NoEntry { .. }
            | SecretError::ReadFailed { .. }
            | SecretError::KeyringUnreachable { .. } => Kind::Usage,
            SecretError::SaveFailed { .. } | SecretError::BackendRecordDamaged { .. } => {
                Kind::Storage
            }
            SecretError::ClientStopped => Kind::Internal,
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            SecretError::NoEntry { name, .. } => Some(format!(
                "store it first: printf %s \"$VALUE\" | certkeep secret set {name}"
            )),
            SecretError::Taken { name } => Some(format!(
                "other certificates may use it: to change it for all of them, run 'printf %s \"$VALUE\" | certkeep secret set {name}' and give --tsig-secret keyring:{name}; otherwise give this key another --tsig-key-name"
            )),
            SecretError::BackendRecordDamaged { path, .. } => Some(format!(
                "write 'files' or 'os-keyring' into '{}', whichever holds this store's secrets",
                path.display()
            )),
            SecretError::KeyringUnreachable { record, .. } => Some(format!(
                "run certkeep inside the desktop session that holds them (a D-Bus session bus), or move the store to files: write 'files' into '{}' and store each secret again with 'certkeep secret set NAME'",
                record.display()
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn each_secret_error_has_its_exit_code() {
        let s = || "x".to_owned();
        let d = || Detail::new("x");
        let table = [
            (SecretError::EnvUnset { var: s() }, 2),
            (
                SecretError::FileUnreadable {
                    path: PathBuf::new(),
                    source: std::io::Error::other("x"),
                },
                2,
            ),
            (
                SecretError::FileEmpty {
                    path: PathBuf::new(),
                },
                2,
            ),
            (SecretError::ClientStopped, 1),
            (
                SecretError::SaveFailed {
                    name: s(),
                    location: s(),
                    source: keyring_core::Error::Invalid(s(), s()),
                },
                2,
            ),
            (
                SecretError::SaveFailed {
                    name: s(),
                    location: s(),
                    source: keyring_core::Error::NoStorageAccess(Box::new(std::io::Error::other(
                        "x",
                    ))),
                },
                6,
            ),
            (SecretError::Taken { name: s() }, 2),
            (
                SecretError::NoEntry {
                    name: s(),
                    location: d(),
                },
                2,
            ),
            (
                SecretError::ReadFailed {
                    name: s(),
                    source: d(),
                },
                2,
            ),
            (
                SecretError::BackendRecordDamaged {
                    path: PathBuf::new(),
                    found: d(),
                },
                6,
            ),
            (
                SecretError::KeyringUnreachable {
                    record: PathBuf::new(),
                    source: d(),
                },
                2,
            ),
        ];
        for (err, code) in table {
            let name = format!("{err:?}");
            assert_eq!(Error::from(err).exit_code(), code, "{name}");
        }
    }
}
