//! Secret references and their resolution. A secret (an EAB HMAC key, later TSIG keys and API
//! tokens) is named on the command line and in files by reference only: `keyring:NAME` (the OS
//! keyring through keyring-core, service `certkeep`), `file:PATH` (a file, ideally 0600) or
//! `env:VAR`. A raw value is accepted with a warning, since it shows in the process list.
//!
//! `keyring:NAME` lives in the store's one secret backend ([`backend`]): the OS keyring or 0600
//! files under the store's `secrets/` directory, both through the keyring-core API
//! ([`file_store`]). The backend is recorded when the first secret is saved, so every later run
//! looks in the same place whatever its environment. [`Secret`] never prints its value.

pub mod backend;
mod error;
pub mod file_store;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use keyring_core::Entry;

pub use backend::{Backend, Offer};
pub use error::SecretError;

pub use crate::domain::Secret;

use crate::config::Environment;
use crate::error::{Detail, Error};

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

/// A resolved secret plus a note for the user (e.g. that the file fallback was used).
#[derive(Debug)]
pub struct Resolved {
    /// The value.
    pub secret: Secret,
    /// Something the user should know about how it was found.
    pub note: Option<String>,
}

/// Resolves a reference. `store_root` locates the file fallback for `keyring:`; `vars` is the
/// environment `cli` captured (`Settings::vars`), where `env:VAR` is looked up.
pub fn resolve(
    reference: &SecretRef,
    store_root: &Path,
    vars: &Environment,
) -> Result<Resolved, Error> {
    match reference {
        SecretRef::Raw(secret) => Ok(Resolved {
            secret: secret.clone(),
            note: Some("a secret given on the command line is visible to other users in the process list; use file:PATH, env:VAR or keyring:NAME".into()),
        }),
        SecretRef::Env(var) => vars.get(var)
            .filter(|v| !v.is_empty())
            .map(|v| Resolved { secret: Secret::new(v.to_owned()), note: None })
            .ok_or_else(|| SecretError::EnvUnset { var: var.clone() }.into()),
        SecretRef::File(path) => read_secret_file(path).map(|secret| Resolved { secret, note: None }),
        SecretRef::Keyring(name) => resolve_keyring(name, store_root),
    }
}

fn read_secret_file(path: &Path) -> Result<Secret, Error> {
    let text = crate::bounded::read_text(path, crate::bounded::SECRET_LIMIT).map_err(|source| {
        SecretError::FileUnreadable {
            path: path.to_owned(),
            source,
        }
    })?;
    let value = text.trim_end_matches(['\n', '\r']).to_owned();
    if value.is_empty() {
        return Err(SecretError::FileEmpty {
            path: path.to_owned(),
        }
        .into());
    }
    Ok(Secret::new(value))
}

/// Runs a keyring operation on a thread of its own: the OS keyring's client blocks on an async
/// runtime of its own, which must not start inside the caller's (that panics).
fn off_runtime<T: Send>(op: impl FnOnce() -> Result<T, Error> + Send) -> Result<T, Error> {
    std::thread::scope(|scope| scope.spawn(op).join())
        .unwrap_or_else(|_| Err(SecretError::ClientStopped.into()))
}

/// Resolves `keyring:NAME` (what [`resolve`] does for that reference).
pub fn resolve_keyring(name: &str, store_root: &Path) -> Result<Resolved, Error> {
    off_runtime(|| read_keyring(name, store_root))
}

fn read_keyring(name: &str, store_root: &Path) -> Result<Resolved, Error> {
    let opened = backend::for_reading(store_root)?;
    let location = backend::location(store_root, opened.backend);
    let entry = Entry::new_in_store(&opened.store, KEYRING_SERVICE, name)
        .map_err(|e| keyring_error(name, &e, &location))?;
    let value = entry
        .get_password()
        .map_err(|e| keyring_error(name, &e, &location))?;
    Ok(Resolved {
        secret: Secret::new(value),
        note: None,
    })
}

/// Where a secret was saved.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The store's backend.
    pub backend: Backend,
    /// Where that is, in words (a directory for files).
    pub location: String,
    /// Something the user should know (an offered OS keyring was not reachable).
    pub note: Option<String>,
}

/// Saves a secret under `keyring:NAME` in the store's backend; for the store's first secret,
/// `offer` says whether the OS keyring may be tried (see [`backend`]).
pub fn save(name: &str, value: &Secret, store_root: &Path, offer: Offer) -> Result<Saved, Error> {
    off_runtime(|| save_here(name, value, store_root, offer))
}

fn save_here(name: &str, value: &Secret, store_root: &Path, offer: Offer) -> Result<Saved, Error> {
    let (opened, note) = backend::for_saving(store_root, offer)?;
    let location = backend::location(store_root, opened.backend);
    // keyring errors describe the platform failure, never the secret.
    let failed = |source: keyring_core::Error| SecretError::SaveFailed {
        name: name.to_owned(),
        location: location.clone(),
        source,
    };
    let entry = Entry::new_in_store(&opened.store, KEYRING_SERVICE, name).map_err(failed)?;
    entry.set_password(value.expose()).map_err(failed)?;
    Ok(Saved {
        backend: opened.backend,
        location,
        note,
    })
}

/// A secret typed on the command line, to be saved under `keyring:NAME` once the command that
/// refers to it is checked ([`store_new_in_keyring`]).
#[derive(Debug, Clone)]
pub struct NewEntry {
    /// The entry's name.
    pub name: String,
    /// The value.
    pub value: Secret,
}

/// Saves a secret under `keyring:NAME` unless that entry already holds another value: a
/// name other certificates may refer to (a TSIG key's) is never changed behind their back.
/// Saving the value it already holds again is a no-op. The note, if any, is for the user.
pub fn store_new_in_keyring(
    name: &str,
    value: &Secret,
    store_root: &Path,
) -> Result<Option<String>, Error> {
    off_runtime(|| {
        let opened = backend::for_reading(store_root)?;
        let location = backend::location(store_root, opened.backend);
        let entry = Entry::new_in_store(&opened.store, KEYRING_SERVICE, name)
            .map_err(|e| keyring_error(name, &e, &location))?;
        match entry.get_password() {
            Ok(held) if held == value.expose() => Ok(None),
            Ok(_) => Err(SecretError::Taken {
                name: name.to_owned(),
            }
            .into()),
            Err(keyring_core::Error::NoEntry) => {
                save_here(name, value, store_root, Offer::FilesOnly).map(|saved| saved.note)
            }
            Err(e) => Err(keyring_error(name, &e, &location)),
        }
    })
}

/// Saves a secret under `keyring:NAME` in the store's backend (files when the store has none
/// yet); the note, if any, is for the user.
pub fn store_in_keyring(
    name: &str,
    value: &Secret,
    store_root: &Path,
) -> Result<Option<String>, Error> {
    save(name, value, store_root, Offer::FilesOnly).map(|saved| saved.note)
}

fn keyring_error(name: &str, err: &keyring_core::Error, location: &str) -> Error {
    let name = name.to_owned();
    if matches!(err, keyring_core::Error::NoEntry) {
        SecretError::NoEntry {
            name,
            location: Detail::new(format!(
                "there is no such entry in {location} (this store's secret backend)"
            )),
        }
        .into()
    } else {
        // keyring errors describe the platform failure, never the secret.
        SecretError::ReadFailed {
            name,
            source: Detail::new(err),
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

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
    fn env_references_resolve_from_the_captured_environment() {
        let vars = Environment::new([
            ("EAB".into(), "from-settings".into()),
            ("EMPTY".into(), String::new().into()),
        ]);
        let root = Path::new("/nonexistent");
        let env = |var: &str| resolve(&SecretRef::Env(var.into()), root, &vars);
        assert_eq!(env("EAB").unwrap().secret.expose(), "from-settings");
        // PATH is set in the process running this test, but not in the captured environment.
        for unset in ["EMPTY", "PATH"] {
            let err = env(unset).unwrap_err();
            assert_eq!(err.kind, Kind::Usage, "{unset}");
            assert!(err.message.contains(unset), "{}", err.message);
        }
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
