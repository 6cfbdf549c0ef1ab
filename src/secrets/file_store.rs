//! A keyring-core credential store backed by 0600 files in a 0700 directory, for headless hosts
//! without a Secret Service. Layout: `<dir>/<service>/<user>`, each file written atomically;
//! a symlink in place of a file is refused, never followed.

use std::any::Any;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use keyring_core::api::{Credential, CredentialApi, CredentialStoreApi};
use keyring_core::{CredentialStore, Entry, Error, Result};

use crate::store::atomic;

/// The file-backed store.
#[derive(Debug)]
pub struct FileStore {
    dir: PathBuf,
}

impl FileStore {
    /// A store keeping its files under `dir`.
    pub fn shared(dir: PathBuf) -> Arc<CredentialStore> {
        Arc::new(Self { dir })
    }
}

fn safe_component(value: &str) -> Result<&str> {
    let ok = !value.is_empty()
        && !value.starts_with('.')
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(value)
    } else {
        Err(Error::Invalid(
            value.to_owned(),
            "use letters, digits, '.', '_' or '-'".into(),
        ))
    }
}

impl CredentialStoreApi for FileStore {
    fn vendor(&self) -> String {
        "certkeep 0600-file store".into()
    }

    fn id(&self) -> String {
        self.dir.display().to_string()
    }

    fn build(
        &self,
        service: &str,
        user: &str,
        _modifiers: Option<&HashMap<&str, &str>>,
    ) -> Result<Entry> {
        let path = self
            .dir
            .join(safe_component(service)?)
            .join(safe_component(user)?);
        let credential: Arc<Credential> = Arc::new(FileCredential {
            path,
            specifiers: (service.to_owned(), user.to_owned()),
        });
        Ok(Entry::new_with_credential(credential))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[derive(Debug)]
struct FileCredential {
    path: PathBuf,
    specifiers: (String, String),
}

fn platform(err: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::PlatformFailure(Box::new(err))
}

impl CredentialApi for FileCredential {
    fn set_secret(&self, secret: &[u8]) -> Result<()> {
        // Level by level, each checked: a secret is never written through a symlink.
        if let Some(dir) = self.path.parent() {
            if let Some(secrets) = dir.parent() {
                atomic::ensure_checked_dir(secrets).map_err(platform)?;
            }
            atomic::ensure_checked_dir(dir).map_err(platform)?;
        }
        atomic::write_file(&self.path, secret, atomic::PRIVATE_FILE).map_err(platform)
    }

    fn get_secret(&self) -> Result<Vec<u8>> {
        // A symlink here is not the store's: its target is never read as a secret.
        let dirs = self.path.parent().map(|dir| (dir.parent(), dir));
        if let Some((secrets, dir)) = dirs {
            for level in secrets.into_iter().chain([dir]) {
                if !atomic::checked_dir_exists(level)
                    .map_err(|e| Error::NoStorageAccess(Box::new(e)))?
                {
                    return Err(Error::NoEntry);
                }
            }
        }
        match atomic::read_regular(&self.path) {
            Ok(bytes) => Ok(bytes),
            Err(crate::store::StoreError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                Err(Error::NoEntry)
            }
            Err(e) => Err(Error::NoStorageAccess(Box::new(e))),
        }
    }

    fn delete_credential(&self) -> Result<()> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NoEntry),
            Err(e) => Err(platform(e)),
        }
    }

    fn get_credential(&self) -> Result<Option<Arc<Credential>>> {
        self.get_secret().map(|_| None)
    }

    fn get_specifiers(&self) -> Option<(String, String)> {
        Some(self.specifiers.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symlinked_secret_file_is_refused_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, "not a secret of this store").unwrap();
        let store = FileStore::shared(dir.path().join("secrets"));
        let entry = Entry::new_in_store(&store, "certkeep", "eab").unwrap();
        entry.set_password("x").unwrap();
        let path = dir.path().join("secrets/certkeep/eab");
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
        assert!(matches!(
            entry.get_password(),
            Err(Error::NoStorageAccess(_))
        ));
    }
}
