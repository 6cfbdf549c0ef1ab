//! ACME accounts in the store: `accounts/<ca-id>/<name>/account.json` (metadata, no secret) and
//! `account.key.pem` (the PKCS#8 key, 0600; during a key change also `previous.key.pem` and
//! `pending.key.pem`, the key the CA is being asked to switch to), plus `accounts/<ca-id>/ca-root.pem` when the CA's
//! HTTPS endpoint needs an extra trusted root.
//!
//! A damaged account is an error naming its file, never "no account": nothing may register over
//! it by mistake. A replaced account is moved aside (`.<name>.replaced-<unix time>`, hidden from
//! listings), never deleted.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::atomic::{self, PRIVATE_FILE, PUBLIC_FILE};
use super::{FsStore, StoreError, confine};

const ACCOUNT_FILE: &str = "account.json";
const KEY_FILE: &str = "account.key.pem";
const PREVIOUS_KEY_FILE: &str = "previous.key.pem";
const PENDING_KEY_FILE: &str = "pending.key.pem";
const CA_ROOT_FILE: &str = "ca-root.pem";

/// What certkeep knows about a registered account (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountRecord {
    /// The local name, unique per CA (`default` unless chosen).
    pub name: String,
    /// The CA's directory URL.
    pub ca: String,
    /// The account URL (the ACME `kid`).
    pub url: String,
    /// Contact URIs (`mailto:`).
    pub contact: Vec<String>,
    /// `valid` or `deactivated`.
    pub status: String,
    /// The EAB key id used at registration, if any (the HMAC is never stored here).
    pub eab_kid: Option<String>,
    /// The RFC 7638 thumbprint of the current account key (public information).
    pub key_thumbprint: String,
    /// When it was registered.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// When the key last changed (rollover), if ever.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub key_changed: Option<OffsetDateTime>,
}

/// A stable, path-safe directory name for a CA, derived from its directory URL.
pub fn ca_id(directory_url: &str) -> String {
    let rest = directory_url
        .strip_prefix("https://")
        .or_else(|| directory_url.strip_prefix("http://"))
        .unwrap_or(directory_url);
    let mut id: String = rest
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '-' => c,
            '/' => '-',
            _ => '_',
        })
        .collect();
    while id.ends_with('-') {
        id.pop();
    }
    if id.is_empty() || id.starts_with('.') {
        id.insert(0, '_');
    }
    id
}

/// One entry of `accounts/`: where it is, and its record or why it cannot be read.
#[derive(Debug)]
pub struct StoredAccount {
    /// The CA's directory name ([`ca_id`] of its URL).
    pub ca_id: String,
    /// The account's local name (its directory name); empty when the whole CA directory
    /// cannot be read safely (a symlink, loose modes).
    pub name: String,
    /// The record, or the error naming the damaged file.
    pub record: Result<AccountRecord, StoreError>,
}

impl FsStore {
    fn ca_dir(&self, ca: &str) -> PathBuf {
        self.accounts_dir().join(ca_id(ca))
    }

    fn account_dir(&self, ca: &str, name: &str) -> PathBuf {
        self.ca_dir(ca).join(name)
    }

    /// Creates `dir` (below `accounts/`) level by level, each level checked, so an account key
    /// is never written through a symlink or into a directory another user can change.
    pub(super) fn ensure_account_dirs(&self, dir: &Path) -> Result<(), StoreError> {
        self.ensure_root()?;
        let accounts = self.accounts_dir();
        confine::ensure_dir(&accounts)?;
        let below = dir.strip_prefix(&accounts).unwrap_or(Path::new(""));
        let mut level = accounts;
        for part in below.components() {
            level.push(part);
            confine::ensure_dir(&level)?;
        }
        Ok(())
    }

    /// Checks `accounts/`, `accounts/<ca-id>` and the account's directory without following a
    /// symlink (a key is never read through a link the store did not make); `Ok(false)` when
    /// one of them does not exist.
    fn account_dir_present(&self, dir: &Path) -> Result<bool, StoreError> {
        let accounts = self.accounts_dir();
        if !confine::real_dir(&accounts)? {
            return Ok(false);
        }
        let below = dir.strip_prefix(&accounts).unwrap_or(Path::new(""));
        let mut level = accounts;
        for part in below.components() {
            level.push(part);
            if !confine::real_dir(&level)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Saves an account's metadata and, when given, its new key (0600). The key is written
    /// first: metadata that names a key never exists without it.
    pub fn save_account(
        &self,
        record: &AccountRecord,
        key_pem: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        self.ensure_root()?;
        let dir = self.account_dir(&record.ca, &record.name);
        self.ensure_account_dirs(&dir)?;
        if let Some(key) = key_pem {
            let key_path = dir.join(KEY_FILE);
            if key_path.exists() {
                // Keep the old key until the new one is confirmed (rollover).
                let old = atomic::read_regular(&key_path)?;
                atomic::write_file(&dir.join(PREVIOUS_KEY_FILE), &old, PRIVATE_FILE)?;
            }
            atomic::write_file(&key_path, key, PRIVATE_FILE)?;
        }
        let json = serde_json::to_vec_pretty(record).map_err(|e| StoreError::Corrupt {
            path: dir.join(ACCOUNT_FILE),
            reason: e.to_string(),
        })?;
        atomic::write_file(&dir.join(ACCOUNT_FILE), &json, PRIVATE_FILE)
    }

    /// Removes the keys a key change kept (the pre-rollover key and the pending one) once the
    /// new key has been confirmed by the CA.
    pub fn forget_previous_account_key(&self, ca: &str, name: &str) -> Result<(), StoreError> {
        for file in [PREVIOUS_KEY_FILE, PENDING_KEY_FILE] {
            let path = self.account_dir(ca, name).join(file);
            match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(StoreError::Io {
                        op: "remove",
                        path,
                        source: e,
                    });
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Stores the key a key change is about to ask the CA for (0600 from the first byte),
    /// before the request goes out: a run that dies before the answer is recorded can still
    /// reach the account with it. Refused when a pending key (or anything else) is there
    /// already: the CA may have switched to it, and then it is the account's only key.
    pub fn save_pending_account_key(
        &self,
        ca: &str,
        name: &str,
        key_pem: &[u8],
    ) -> Result<(), StoreError> {
        let dir = self.account_dir(ca, name);
        self.ensure_account_dirs(&dir)?;
        let path = dir.join(PENDING_KEY_FILE);
        if atomic::write_new_file(&path, key_pem, PRIVATE_FILE)? {
            return Ok(());
        }
        Err(StoreError::Unsafe {
            path,
            reason: "a pending account key is already there (the CA may hold it now), and it is never replaced",
        })
    }

    /// The key of a key change that was started and never confirmed, if any.
    pub fn load_pending_account_key(
        &self,
        ca: &str,
        name: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let dir = self.account_dir(ca, name);
        if !self.account_dir_present(&dir)? {
            return Ok(None);
        }
        // Only "no such file" means no pending key: any other error (EIO, EACCES, a dangling
        // link) taken as "none" would start a new change and lose the key the CA may hold.
        let path = dir.join(PENDING_KEY_FILE);
        match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(StoreError::Io {
                    op: "look up",
                    path,
                    source,
                });
            }
            Ok(_) => {}
        }
        atomic::read_regular(&path).map(Some)
    }

    /// Loads an account's metadata and its key PEM.
    pub fn load_account(
        &self,
        ca: &str,
        name: &str,
    ) -> Result<(AccountRecord, Vec<u8>), StoreError> {
        let dir = self.account_dir(ca, name);
        if !self.account_dir_present(&dir)? || !dir.join(ACCOUNT_FILE).exists() {
            return Err(StoreError::NotFound {
                what: crate::store::Missing::Account,
                name: format!("{name}' for CA '{ca}"),
            });
        }
        let record = read_account(&dir)?;
        let key = atomic::read_regular(&dir.join(KEY_FILE))?;
        Ok((record, key))
    }

    /// Whether an account of that name exists for the CA: `Err` naming the file when it exists
    /// but is damaged (unreadable metadata, or a key without metadata).
    pub fn account_exists(&self, ca: &str, name: &str) -> Result<bool, StoreError> {
        let dir = self.account_dir(ca, name);
        if !self.account_dir_present(&dir)? {
            return Ok(false);
        }
        if dir.join(ACCOUNT_FILE).exists() {
            return read_account(&dir).map(|_| true);
        }
        if dir.join(KEY_FILE).exists() {
            return Err(StoreError::Corrupt {
                path: dir.join(ACCOUNT_FILE),
                reason: format!("it is missing, but the account key '{KEY_FILE}' is there"),
            });
        }
        Ok(false)
    }

    /// Moves an account's directory aside (hidden, kept for recovery) so a new account can take
    /// its name; `stamp` (unix time) makes the new name unique. Returns where it went, or
    /// `None` when there was nothing to move.
    pub fn retire_account(
        &self,
        ca: &str,
        name: &str,
        stamp: i64,
    ) -> Result<Option<PathBuf>, StoreError> {
        let dir = self.account_dir(ca, name);
        if !dir.exists() {
            return Ok(None);
        }
        let aside = self.ca_dir(ca).join(format!(".{name}.replaced-{stamp}"));
        fs::rename(&dir, &aside).map_err(StoreError::io("rename", &dir))?;
        Ok(Some(aside))
    }

    /// Path of an account's key file (for messages).
    pub fn account_key_path(&self, ca: &str, name: &str) -> PathBuf {
        self.account_dir(ca, name).join(KEY_FILE)
    }

    /// Every account in the store; a damaged one carries an `Err` naming its file.
    pub fn list_accounts(&self) -> Vec<StoredAccount> {
        let mut out = Vec::new();
        for ca_dir in sorted_subdirs(&self.accounts_dir()) {
            let ca_id = file_name(&ca_dir);
            if let Err(err) = confine::real_dir(&ca_dir) {
                out.push(StoredAccount {
                    ca_id,
                    name: String::new(),
                    record: Err(err),
                });
                continue;
            }
            for dir in sorted_subdirs(&ca_dir) {
                out.push(StoredAccount {
                    ca_id: ca_id.clone(),
                    name: file_name(&dir),
                    record: read_account(&dir),
                });
            }
        }
        out
    }

    /// The accounts registered for one CA directory URL.
    pub fn accounts_for_ca(&self, ca: &str) -> Vec<AccountRecord> {
        let ca_dir = self.ca_dir(ca);
        if !matches!(confine::real_dir(&ca_dir), Ok(true)) {
            return Vec::new();
        }
        sorted_subdirs(&ca_dir)
            .iter()
            .filter_map(|dir| read_account(dir).ok())
            .collect()
    }

    /// Saves an extra trusted root for a CA's HTTPS endpoint.
    pub fn save_ca_root(&self, ca: &str, pem: &[u8]) -> Result<PathBuf, StoreError> {
        self.ensure_root()?;
        let dir = self.ca_dir(ca);
        self.ensure_account_dirs(&dir)?;
        let path = dir.join(CA_ROOT_FILE);
        atomic::write_file(&path, pem, PUBLIC_FILE)?;
        Ok(path)
    }

    /// The saved extra trusted root for a CA, if any.
    pub fn ca_root(&self, ca: &str) -> Option<PathBuf> {
        let path = self.ca_dir(ca).join(CA_ROOT_FILE);
        path.is_file().then_some(path)
    }
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_account(dir: &std::path::Path) -> Result<AccountRecord, StoreError> {
    confine::real_dir(dir)?;
    let path = dir.join(ACCOUNT_FILE);
    let bytes = atomic::read_regular(&path)?;
    serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
        path,
        reason: e.to_string(),
    })
}

/// Subdirectories of `dir` in name order, skipping hidden entries (temp files, deleted lineages).
pub(super) fn sorted_subdirs(dir: &std::path::Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        // A symlink is listed too: reading it is refused, so it shows as damaged, not hidden.
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir() || t.is_symlink()))
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ca_ids_are_path_safe() {
        assert_eq!(ca_id("https://127.0.0.1:14000/dir"), "127.0.0.1_14000-dir");
        assert_eq!(
            ca_id("https://acme-v02.api.letsencrypt.org/directory"),
            "acme-v02.api.letsencrypt.org-directory"
        );
        assert_eq!(ca_id("https://x/../../etc"), "x-..-..-etc");
        assert!(!ca_id("https://x/../../etc").contains('/'));
    }

    #[test]
    fn a_pending_key_is_never_replaced_nor_taken_for_absent_when_it_cannot_be_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path().to_path_buf());
        let ca = "https://ca.example/dir";
        assert_eq!(store.load_pending_account_key(ca, "default").unwrap(), None);
        store
            .save_pending_account_key(ca, "default", b"first")
            .unwrap();
        let err = store
            .save_pending_account_key(ca, "default", b"second")
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Unsafe { path, .. } if path.ends_with(PENDING_KEY_FILE)),
            "{err}"
        );
        assert_eq!(
            store.load_pending_account_key(ca, "default").unwrap(),
            Some(b"first".to_vec()),
            "the first pending key is kept"
        );

        // A pending key that cannot be looked at (here a link to a file gone missing; an I/O
        // error the same) is an error naming it, not "no pending key", and it is not replaced.
        let pending = store.account_dir(ca, "default").join(PENDING_KEY_FILE);
        std::fs::remove_file(&pending).unwrap();
        std::os::unix::fs::symlink("/nonexistent/pending.key.pem", &pending).unwrap();
        let err = store.load_pending_account_key(ca, "default").unwrap_err();
        assert_eq!(err.path(), Some(pending.as_path()), "{err}");
        assert!(
            store
                .save_pending_account_key(ca, "default", b"second")
                .is_err()
        );
        assert!(std::fs::symlink_metadata(&pending).unwrap().is_symlink());
        let leftovers: Vec<_> = std::fs::read_dir(store.account_dir(ca, "default"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, [PENDING_KEY_FILE], "no temp file left");
    }

    #[test]
    fn a_damaged_account_is_damaged_not_missing_and_is_moved_aside_when_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path().to_path_buf());
        let ca = "https://ca.example/dir";
        assert!(!store.account_exists(ca, "default").unwrap());
        let account = store.account_dir(ca, "default");
        atomic::create_private_dir_all(&account).unwrap();
        std::fs::write(account.join(KEY_FILE), "key").unwrap();
        let err = store.account_exists(ca, "default").unwrap_err();
        assert!(matches!(&err, StoreError::Corrupt { path, .. } if path.ends_with(ACCOUNT_FILE)));
        std::fs::write(account.join(ACCOUNT_FILE), "{not json").unwrap();
        assert!(matches!(
            store.account_exists(ca, "default"),
            Err(StoreError::Corrupt { .. })
        ));
        let listed = store.list_accounts();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].name, "default");
        assert_eq!(listed[0].ca_id, ca_id(ca));
        assert!(listed[0].record.is_err());

        let aside = store.retire_account(ca, "default", 42).unwrap().unwrap();
        assert!(aside.ends_with(".default.replaced-42"));
        assert_eq!(std::fs::read(aside.join(KEY_FILE)).unwrap(), b"key");
        assert!(!store.account_exists(ca, "default").unwrap());
        assert!(store.list_accounts().is_empty());
    }
}
