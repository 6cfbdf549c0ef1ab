//! Secret references and their resolution. A secret (an EAB HMAC key, later TSIG keys and API
//! tokens) is named on the command line and in files by reference only: `keyring:NAME` (the OS
//! keyring through keyring-core, service `certkeep`), `file:PATH` (a file, ideally 0600) or
//! `env:VAR`. A raw value is accepted with a warning, since it shows in the process list.
//!
//! Where no OS keyring is reachable (a headless host without a Secret Service), `keyring:NAME`
//! falls back to a 0600 file under the store's `secrets/` directory, through the same
//! keyring-core API ([`file_store`]). [`Secret`] never prints its value.

pub mod file_store;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};

use crate::error::{Error, Kind};

/// The keyring service name certkeep's entries live under.
pub const KEYRING_SERVICE: &str = "certkeep";

/// Where a secret comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum SecretRef {
    /// An entry in the OS keyring (or the file fallback).
    Keyring(String),
    /// A file's contents (trailing newline stripped).
    File(PathBuf),
    /// An environment variable.
    Env(String),
    /// The value itself, given on the command line (discouraged).
    Raw(Secret),
}

impl fmt::Debug for SecretRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretRef::Keyring(name) => write!(f, "keyring:{name}"),
            SecretRef::File(path) => write!(f, "file:{}", path.display()),
            SecretRef::Env(var) => write!(f, "env:{var}"),
            SecretRef::Raw(_) => f.write_str("<raw secret>"),
        }
    }
}

impl FromStr for SecretRef {
    type Err = std::convert::Infallible;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Ok(if let Some(name) = raw.strip_prefix("keyring:") {
            SecretRef::Keyring(name.to_owned())
        } else if let Some(path) = raw.strip_prefix("file:") {
            SecretRef::File(PathBuf::from(path))
        } else if let Some(var) = raw.strip_prefix("env:") {
            SecretRef::Env(var.to_owned())
        } else {
            SecretRef::Raw(Secret::new(raw.to_owned()))
        })
    }
}

impl SecretRef {
    /// True for a value typed on the command line.
    pub fn is_raw(&self) -> bool {
        matches!(self, SecretRef::Raw(_))
    }
}

/// A secret value. `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The value, for the one place that must use it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// A resolved secret plus a note for the user (e.g. that the file fallback was used).
#[derive(Debug)]
pub struct Resolved {
    /// The value.
    pub secret: Secret,
    /// Something the user should know about how it was found.
    pub note: Option<String>,
}

/// Resolves a reference. `store_root` locates the file fallback for `keyring:`.
pub fn resolve(reference: &SecretRef, store_root: &Path) -> Result<Resolved, Error> {
    match reference {
        SecretRef::Raw(secret) => Ok(Resolved {
            secret: secret.clone(),
            note: Some("a secret given on the command line is visible to other users in the process list; use file:PATH, env:VAR or keyring:NAME".into()),
        }),
        SecretRef::Env(var) => crate::config::env_var(var)
            .filter(|v| !v.is_empty())
            .map(|v| Resolved { secret: Secret::new(v), note: None })
            .ok_or_else(|| Error::usage(format!("the environment variable '{var}' named by 'env:{var}' is not set"))),
        SecretRef::File(path) => read_secret_file(path).map(|secret| Resolved { secret, note: None }),
        SecretRef::Keyring(name) => resolve_keyring(name, store_root),
    }
}

fn read_secret_file(path: &Path) -> Result<Secret, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::usage(format!(
            "could not read the secret file '{}'",
            path.display()
        ))
        .caused_by(e)
    })?;
    let value = text.trim_end_matches(['\n', '\r']).to_owned();
    if value.is_empty() {
        return Err(Error::usage(format!(
            "the secret file '{}' is empty",
            path.display()
        )));
    }
    Ok(Secret::new(value))
}

/// The credential store `keyring:` names resolve in: the OS keyring when reachable, else the
/// 0600-file fallback. The second value says which, for the user.
pub fn keyring_store(store_root: &Path) -> (Arc<CredentialStore>, Option<String>) {
    #[cfg(target_os = "linux")]
    if crate::config::env_var("DBUS_SESSION_BUS_ADDRESS").is_some()
        && let Ok(store) = zbus_secret_service_keyring_store::Store::new()
    {
        return (store, None);
    }
    let dir = crate::config::fallback_secrets_dir(store_root);
    let note = format!(
        "no OS keyring is reachable; keyring secrets are kept as 0600 files in '{}'",
        dir.display()
    );
    (file_store::FileStore::shared(dir), Some(note))
}

fn resolve_keyring(name: &str, store_root: &Path) -> Result<Resolved, Error> {
    let (store, note) = keyring_store(store_root);
    let entry =
        Entry::new_in_store(&store, KEYRING_SERVICE, name).map_err(|e| keyring_error(name, &e))?;
    let value = entry.get_password().map_err(|e| keyring_error(name, &e))?;
    Ok(Resolved {
        secret: Secret::new(value),
        note,
    })
}

/// Stores a secret under `keyring:NAME`.
pub fn store_in_keyring(
    name: &str,
    value: &Secret,
    store_root: &Path,
) -> Result<Option<String>, Error> {
    let (store, note) = keyring_store(store_root);
    let entry =
        Entry::new_in_store(&store, KEYRING_SERVICE, name).map_err(|e| keyring_error(name, &e))?;
    entry
        .set_password(value.expose())
        .map_err(|e| keyring_error(name, &e))?;
    Ok(note)
}

fn keyring_error(name: &str, err: &keyring_core::Error) -> Error {
    let missing = matches!(err, keyring_core::Error::NoEntry);
    let mut out = Error::new(
        Kind::Usage,
        format!("could not read the keyring secret '{name}'"),
    );
    if missing {
        out = out.caused_by("there is no such entry").with_hint(format!(
            "store it first: printf %s \"$VALUE\" | certkeep secret set {name}"
        ));
    } else {
        // keyring errors describe the platform failure, never the secret.
        out = out.caused_by(err);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse_and_raw_values_never_print() {
        assert_eq!(
            "keyring:eab".parse::<SecretRef>().unwrap(),
            SecretRef::Keyring("eab".into())
        );
        assert_eq!(
            "env:EAB".parse::<SecretRef>().unwrap(),
            SecretRef::Env("EAB".into())
        );
        let raw: SecretRef = "c2VjcmV0".parse().unwrap();
        assert!(raw.is_raw());
        assert!(!format!("{raw:?}").contains("c2VjcmV0"));
    }

    #[test]
    fn keyring_falls_back_to_private_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = file_store::FileStore::shared(dir.path().join("secrets"));
        let entry = Entry::new_in_store(&store, KEYRING_SERVICE, "eab").unwrap();
        assert!(matches!(
            entry.get_password(),
            Err(keyring_core::Error::NoEntry)
        ));
        entry.set_password("hmac-value").unwrap();
        assert_eq!(entry.get_password().unwrap(), "hmac-value");
        let path = dir.path().join("secrets").join("certkeep").join("eab");
        assert_eq!(
            std::fs::metadata(path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
