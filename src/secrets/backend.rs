//! Which credential store holds a certkeep store's `keyring:` secrets. One backend per store:
//! it is chosen when the first secret is saved and recorded in `<store>/secrets/backend`; every
//! later call (an interactive `renew`, the daemon under systemd without a session bus) uses the
//! recorded backend, whatever its own environment. Without a record, secrets are 0600 files.
//!
//! This module reads no environment: whether a session bus may be offered for a first save is
//! the caller's (`cli`'s) knowledge, passed in as [`Offer`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use keyring_core::CredentialStore;
use serde::Serialize;

use super::SecretError;
use super::file_store::FileStore;
use crate::error::{Detail, Error};
use crate::store::atomic;

/// The record's file name inside the secrets directory.
const RECORD_FILE: &str = "backend";

/// A store's secret backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Backend {
    /// The session's Secret Service (GNOME Keyring, `KWallet`, `KeePassXC`) over D-Bus.
    OsKeyring,
    /// 0600 files in the store's 0700 `secrets/` directory.
    Files,
}

impl Backend {
    /// The name in the record and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::OsKeyring => "os-keyring",
            Backend::Files => "files",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "os-keyring" => Some(Backend::OsKeyring),
            "files" => Some(Backend::Files),
            _ => None,
        }
    }
}

/// What a first save may use: `SessionBus` when the caller's environment names a D-Bus session
/// (the OS keyring is tried, files are the fallback), else `FilesOnly`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// Try the OS keyring first.
    SessionBus,
    /// Use files.
    FilesOnly,
}

/// The directory of the file backend (and of the record).
pub fn secrets_dir(store_root: &Path) -> PathBuf {
    crate::config::fallback_secrets_dir(store_root)
}

fn record_path(store_root: &Path) -> PathBuf {
    secrets_dir(store_root).join(RECORD_FILE)
}

/// The recorded backend, `None` when no secret was saved yet.
pub fn recorded(store_root: &Path) -> Result<Option<Backend>, Error> {
    let path = record_path(store_root);
    if !atomic::checked_dir_exists(&secrets_dir(store_root))? || !path.exists() {
        return Ok(None);
    }
    let bytes = atomic::read_regular(&path)?;
    let text = String::from_utf8_lossy(&bytes);
    Backend::parse(&text).map(Some).ok_or_else(|| {
        SecretError::BackendRecordDamaged {
            found: Detail::new(format!(
                "'{}' is neither 'files' nor 'os-keyring'",
                text.trim().escape_debug()
            )),
            path,
        }
        .into()
    })
}

fn record(store_root: &Path, backend: Backend) -> Result<(), Error> {
    atomic::create_private_dir_all(store_root)?;
    atomic::ensure_checked_dir(&secrets_dir(store_root))?;
    let text = format!("{}\n", backend.as_str());
    atomic::write_file(
        &record_path(store_root),
        text.as_bytes(),
        atomic::PRIVATE_FILE,
    )?;
    Ok(())
}

/// An opened backend.
pub(super) struct Opened {
    /// Which one.
    pub backend: Backend,
    /// The keyring-core store.
    pub store: Arc<CredentialStore>,
}

impl Opened {
    fn files(store_root: &Path) -> Self {
        Self {
            backend: Backend::Files,
            store: FileStore::shared(secrets_dir(store_root)),
        }
    }
}

fn os_keyring() -> Result<Arc<CredentialStore>, keyring_core::Error> {
    #[cfg(target_os = "linux")]
    {
        zbus_secret_service_keyring_store::Store::new().map(|s| s as Arc<CredentialStore>)
    }
    #[cfg(not(target_os = "linux"))]
    {
        Err(keyring_core::Error::NoDefaultStore)
    }
}

/// The backend to read from: the recorded one (an unreachable OS keyring is an error, never a
/// silent look elsewhere), or files when none is recorded.
pub(super) fn for_reading(store_root: &Path) -> Result<Opened, Error> {
    match recorded(store_root)? {
        Some(Backend::OsKeyring) => os_keyring()
            .map(|store| Opened {
                backend: Backend::OsKeyring,
                store,
            })
            .map_err(|e| unreachable_keyring(store_root, &e)),
        Some(Backend::Files) | None => Ok(Opened::files(store_root)),
    }
}

/// The backend to save to: the recorded one, or for the store's first secret the OS keyring
/// when offered and reachable, else files; the choice is recorded before the secret is saved.
/// The note says why files were chosen over an offered keyring.
pub(super) fn for_saving(
    store_root: &Path,
    offer: Offer,
) -> Result<(Opened, Option<String>), Error> {
    if recorded(store_root)?.is_some() {
        return for_reading(store_root).map(|opened| (opened, None));
    }
    let (opened, note) = match offer {
        Offer::SessionBus => match os_keyring() {
            Ok(store) => (
                Opened {
                    backend: Backend::OsKeyring,
                    store,
                },
                None,
            ),
            Err(e) => (
                Opened::files(store_root),
                Some(format!(
                    "the OS keyring is not reachable ({e}); this store keeps its secrets as 0600 files in '{}' from now on",
                    secrets_dir(store_root).display()
                )),
            ),
        },
        Offer::FilesOnly => (Opened::files(store_root), None),
    };
    record(store_root, opened.backend)?;
    Ok((opened, note))
}

fn unreachable_keyring(store_root: &Path, err: &keyring_core::Error) -> Error {
    SecretError::KeyringUnreachable {
        record: record_path(store_root),
        source: Detail::new(err),
    }
    .into()
}

/// Where a backend keeps a store's secrets, in words.
pub fn location(store_root: &Path, backend: Backend) -> String {
    match backend {
        Backend::OsKeyring => "the OS keyring (the session's Secret Service)".to_owned(),
        Backend::Files => format!("0600 files in '{}'", secrets_dir(store_root).display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    #[test]
    fn the_first_save_records_the_backend_and_later_calls_use_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert_eq!(recorded(root).unwrap(), None);
        // No session bus offered: files, recorded.
        let (opened, note) = for_saving(root, Offer::FilesOnly).unwrap();
        assert_eq!((opened.backend, note), (Backend::Files, None));
        assert_eq!(recorded(root).unwrap(), Some(Backend::Files));
        // A later save offered a session bus keeps to the record.
        let (opened, _) = for_saving(root, Offer::SessionBus).unwrap();
        assert_eq!(opened.backend, Backend::Files);
        assert_eq!(for_reading(root).unwrap().backend, Backend::Files);
    }

    #[test]
    fn a_recorded_os_keyring_that_is_unreachable_is_an_error_not_a_look_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        record(root, Backend::OsKeyring).unwrap();
        match for_reading(root) {
            // A Secret Service is running here: it is the one used.
            Ok(opened) => assert_eq!(opened.backend, Backend::OsKeyring),
            Err(err) => {
                assert!(err.message.contains("OS keyring"), "{err}");
                assert!(err.hint.unwrap().contains("'files'"));
            }
        }
        std::fs::write(record_path(root), "gnome\n").unwrap();
        assert_eq!(recorded(root).unwrap_err().kind, Kind::Storage);
    }
}
