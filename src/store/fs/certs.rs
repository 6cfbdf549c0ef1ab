//! Certificate lineages: `certs/<name>/spec.toml`, `csr.pem`, `versions/<n>/` and the `current`
//! symlink. A version directory is assembled under a hidden temp name, fsynced, renamed to its
//! number, and only then does `current` flip to it; old versions beyond
//! [`KEEP_VERSIONS`](super::KEEP_VERSIONS) are pruned afterwards.

use std::fs;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::atomic::{self, PRIVATE_FILE, PUBLIC_FILE};
use super::{FsStore, KEEP_VERSIONS, StoreError};
use super::{ari_cache, confine};
use crate::domain::{CertName, CertRecord, CertSpec, LineageState};

pub(super) const SPEC_FILE: &str = "spec.toml";
pub(super) const STATE_FILE: &str = "state.json";
const CSR_FILE: &str = "csr.pem";
const META_FILE: &str = "meta.json";
pub(super) const CURRENT: &str = "current";
const VERSIONS: &str = "versions";

/// The PEM contents of a version about to be stored.
#[derive(Debug)]
pub struct NewVersion<'a> {
    /// The leaf certificate.
    pub cert: &'a str,
    /// The intermediates (and root, if the CA sent it).
    pub chain: &'a str,
    /// Leaf followed by chain.
    pub fullchain: &'a str,
    /// The private key, `None` when the user brought a CSR.
    pub privkey: Option<&'a str>,
}

/// Where a stored version's files are.
#[derive(Debug, Clone, Serialize)]
pub struct VersionFiles {
    /// `cert.pem`
    pub cert: PathBuf,
    /// `chain.pem`
    pub chain: PathBuf,
    /// `fullchain.pem`
    pub fullchain: PathBuf,
    /// `privkey.pem` (absent for CSR lineages)
    pub privkey: Option<PathBuf>,
}

/// A handle on one lineage directory.
#[derive(Debug, Clone)]
pub struct Lineage {
    dir: PathBuf,
    name: CertName,
}

impl FsStore {
    /// The handle for lineage `name` (no I/O).
    pub fn lineage(&self, name: &CertName) -> Lineage {
        Lineage {
            dir: self.certs_dir().join(name.as_str()),
            name: name.clone(),
        }
    }
}

impl Lineage {
    /// The lineage's name.
    pub fn name(&self) -> &CertName {
        &self.name
    }

    /// The lineage directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// True when the lineage has a spec on disk.
    pub fn exists(&self) -> bool {
        self.dir.join(SPEC_FILE).exists()
    }

    /// Checks the lineage directory (and `certs/` above it): real directories, ours, not
    /// writable by others. `Ok(false)` when the lineage directory does not exist.
    pub fn check_dir(&self) -> Result<bool, StoreError> {
        if let Some(certs) = self.dir.parent() {
            confine::real_dir(certs)?;
        }
        confine::real_dir(&self.dir)
    }

    /// Creates the lineage directory (and `certs/`) when missing, checking both; the store root
    /// must exist.
    fn ensure_dir(&self) -> Result<(), StoreError> {
        if let Some(certs) = self.dir.parent() {
            confine::ensure_dir(certs)?;
        }
        confine::ensure_dir(&self.dir)
    }

    /// Checks the lineage directory, which must exist.
    fn require_dir(&self) -> Result<(), StoreError> {
        if self.check_dir()? {
            Ok(())
        } else {
            Err(StoreError::NotFound {
                what: crate::store::Missing::Certificate,
                name: self.name.to_string(),
            })
        }
    }

    /// Writes `spec.toml`.
    pub fn save_spec(&self, spec: &CertSpec) -> Result<(), StoreError> {
        self.ensure_dir()?;
        let path = self.dir.join(SPEC_FILE);
        let text = toml::to_string_pretty(spec).map_err(|e| StoreError::Corrupt {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        atomic::write_file(&path, text.as_bytes(), PUBLIC_FILE)
    }

    /// Removes `spec.toml` (undoing a failed first obtain in a directory that was already
    /// there).
    pub fn remove_spec(&self) -> Result<(), StoreError> {
        self.require_dir()?;
        let path = self.dir.join(SPEC_FILE);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::Io {
                op: "remove",
                path,
                source: e,
            }),
            _ => Ok(()),
        }
    }

    /// Reads `spec.toml`. A spec whose `name` is not its directory's is damaged: acting on it
    /// would write into another certificate's directory.
    pub fn load_spec(&self) -> Result<CertSpec, StoreError> {
        self.require_dir()?;
        let path = self.dir.join(SPEC_FILE);
        if fs::symlink_metadata(&path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
            return Err(StoreError::NotFound {
                what: crate::store::Missing::Certificate,
                name: self.name.to_string(),
            });
        }
        let bytes = atomic::read_regular(&path)?;
        let text = String::from_utf8(bytes).map_err(|_| StoreError::Corrupt {
            path: path.clone(),
            reason: "not UTF-8".into(),
        })?;
        let spec: CertSpec = toml::from_str(&text).map_err(|e| StoreError::Corrupt {
            path: path.clone(),
            reason: e.message().to_owned(),
        })?;
        if spec.name != self.name {
            return Err(StoreError::Corrupt {
                path,
                reason: format!(
                    "its name '{}' is not its directory's name '{}'",
                    spec.name, self.name
                ),
            });
        }
        if spec.identifiers.is_empty() {
            return Err(StoreError::Corrupt {
                path,
                reason: "its 'identifiers' list is empty: there is nothing to certify".into(),
            });
        }
        Ok(spec)
    }

    /// Reads `state.json` (renewal state; a missing file is the empty state) with the renewal
    /// information an ARI refresh saved over it since (the store's `ari.json`).
    pub fn load_state(&self) -> Result<LineageState, StoreError> {
        let (bytes, mut state) = self.load_stored_state()?;
        if let Some(bytes) = bytes {
            ari_cache::overlay_one(
                self.store_root(),
                self.name.as_str(),
                &ari_cache::digest(&bytes),
                &mut state,
            );
        }
        Ok(state)
    }

    /// The store root this lineage is in (`<root>/certs/<name>`).
    fn store_root(&self) -> &Path {
        self.dir
            .parent()
            .and_then(Path::parent)
            .unwrap_or(&self.dir)
    }

    /// The bytes of `state.json` (`None`: there is none) and the state they hold, without the
    /// renewal information saved over them since.
    pub(super) fn load_stored_state(&self) -> Result<(Option<Vec<u8>>, LineageState), StoreError> {
        let path = self.dir.join(STATE_FILE);
        match self.stored_state_bytes()? {
            // serde also reads a struct from a JSON array, so `[]` would pass as an empty
            // state and wipe the failure ledger: only an object is a state.
            Some(bytes) if !bytes.trim_ascii_start().starts_with(b"{") => {
                Err(StoreError::Corrupt {
                    path,
                    reason: "it is not a JSON object".into(),
                })
            }
            Some(bytes) => match serde_json::from_slice(&bytes) {
                Ok(state) => Ok((Some(bytes), state)),
                Err(e) => Err(StoreError::Corrupt {
                    path,
                    reason: e.to_string(),
                }),
            },
            None => Ok((None, LineageState::default())),
        }
    }

    /// The bytes of `state.json`, `None` when there is none.
    pub(super) fn stored_state_bytes(&self) -> Result<Option<Vec<u8>>, StoreError> {
        self.require_dir()?;
        match atomic::read_regular(&self.dir.join(STATE_FILE)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                Ok(None)
            }
            Err(err) => Err(err),
        }
    }

    /// Saves the renewal information of `state` (`ari`, `ari_next_fetch`, `ari_problem`) over
    /// the stored state as it is now, as a cache that costs no fsync: see
    /// [`FsStore::save_ari_states`], which saves a whole round's at once.
    pub fn save_ari_state(&self, state: &LineageState) -> Result<(), StoreError> {
        let batch = [(self.name.clone(), state.clone())];
        match FsStore::new(self.store_root())
            .save_ari_states(&batch)?
            .pop()
        {
            Some((_, err)) => Err(err),
            None => Ok(()),
        }
    }

    /// Writes `state.json`.
    pub fn save_state(&self, state: &LineageState) -> Result<(), StoreError> {
        self.require_dir()?;
        let path = self.dir.join(STATE_FILE);
        let json = serde_json::to_vec_pretty(state).map_err(|e| StoreError::Corrupt {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        atomic::write_file(&path, &json, PUBLIC_FILE)
    }

    /// The path of the saved CSR.
    pub fn csr_path(&self) -> PathBuf {
        self.dir.join(CSR_FILE)
    }

    /// Saves the user's CSR for renewals.
    pub fn save_csr(&self, pem: &str) -> Result<(), StoreError> {
        self.ensure_dir()?;
        atomic::write_file(&self.dir.join(CSR_FILE), pem.as_bytes(), PUBLIC_FILE)
    }

    /// Reads the saved CSR.
    pub fn load_csr(&self) -> Result<String, StoreError> {
        self.require_dir()?;
        let path = self.dir.join(CSR_FILE);
        let bytes = atomic::read_regular(&path)?;
        String::from_utf8(bytes).map_err(|_| StoreError::Corrupt {
            path,
            reason: "not UTF-8".into(),
        })
    }

    fn versions_dir(&self) -> PathBuf {
        self.dir.join(VERSIONS)
    }

    /// The version number `current` points at, if any. `current` is the one symlink the store
    /// makes, and it may only say `versions/<n>`: relative, inside its own directory.
    pub fn current_version(&self) -> Result<Option<u32>, StoreError> {
        self.require_dir()?;
        let link = self.dir.join(CURRENT);
        match fs::read_link(&link) {
            Ok(target) => {
                let number = target
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.parse::<u32>().ok())
                    .filter(|n| target == Path::new(VERSIONS).join(n.to_string()));
                number.map(Some).ok_or_else(|| StoreError::Corrupt {
                    path: link,
                    reason: format!("points at '{}', not at versions/<n>", target.display()),
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Err(StoreError::Corrupt {
                path: link,
                reason: "is not a symlink (was the store copied with 'cp -L'? re-create it with 'ln -sfn versions/<n> current')".into(),
            }),
            Err(source) => Err(StoreError::Io { op: "read symlink", path: link, source }),
        }
    }

    /// The directory of version `n`.
    pub fn version_dir(&self, n: u32) -> PathBuf {
        self.versions_dir().join(n.to_string())
    }

    /// The directory of version `n`, checked (with `versions/` above it) to be a real directory
    /// of the store, so nothing is read through a symlink someone put there.
    pub(super) fn checked_version_dir(&self, n: u32) -> Result<PathBuf, StoreError> {
        let dir = self.version_dir(n);
        if confine::real_dir(&self.versions_dir())? && confine::real_dir(&dir)? {
            Ok(dir)
        } else {
            Err(StoreError::Corrupt {
                path: dir,
                reason: "'current' points at this version, but it is missing".into(),
            })
        }
    }

    /// The stable paths under `current/` that always name the current version's files: what
    /// users put in a server's configuration.
    pub fn current_files(&self, has_key: bool) -> VersionFiles {
        let dir = self.dir.join(CURRENT);
        VersionFiles {
            cert: dir.join("cert.pem"),
            chain: dir.join("chain.pem"),
            fullchain: dir.join("fullchain.pem"),
            privkey: has_key.then(|| dir.join("privkey.pem")),
        }
    }

    /// The file paths of version `n`.
    pub fn version_files(&self, n: u32, has_key: bool) -> VersionFiles {
        let dir = self.version_dir(n);
        VersionFiles {
            cert: dir.join("cert.pem"),
            chain: dir.join("chain.pem"),
            fullchain: dir.join("fullchain.pem"),
            privkey: has_key.then(|| dir.join("privkey.pem")),
        }
    }

    /// The record of the current version.
    pub fn current_record(&self) -> Result<Option<CertRecord>, StoreError> {
        let Some(n) = self.current_version()? else {
            return Ok(None);
        };
        let path = self.checked_version_dir(n)?.join(META_FILE);
        let bytes = atomic::read_regular(&path)?;
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                path,
                reason: e.to_string(),
            })
    }

    /// Reads one PEM file of the current version (`cert.pem`, `fullchain.pem` ...).
    pub fn read_current_file(&self, file: &str) -> Result<String, StoreError> {
        let n = self
            .current_version()?
            .ok_or_else(|| StoreError::NotFound {
                what: crate::store::Missing::IssuedCertificate,
                name: self.name.to_string(),
            })?;
        let path = self.checked_version_dir(n)?.join(file);
        let bytes = atomic::read_regular(&path)?;
        String::from_utf8(bytes).map_err(|_| StoreError::Corrupt {
            path,
            reason: "not UTF-8".into(),
        })
    }

    /// Stores a complete new version and flips `current` to it. On any error `current` still
    /// points where it did and no numbered directory for the new version exists.
    pub fn write_version(
        &self,
        files: &NewVersion<'_>,
        record: &mut CertRecord,
    ) -> Result<VersionFiles, StoreError> {
        let versions = self.versions_dir();
        self.require_dir()?;
        confine::ensure_dir(&versions)?;
        // Staging directories of runs that were killed mid-write: never referenced, safe to drop
        // (the caller holds the store lock, so none is being written now).
        if let Ok(entries) = fs::read_dir(&versions) {
            for entry in entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(".new-"))
            {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
        let highest = self.highest_version()?;
        // A run killed between completing a version and flipping `current` left that version
        // whole but unused: with the same certificate, finish the flip instead of storing a copy.
        if highest > self.current_version().ok().flatten().unwrap_or(0)
            && let Ok(dir) = self.checked_version_dir(highest)
            && let Ok(bytes) = atomic::read_regular(&dir.join(META_FILE))
            && let Ok(orphan) = serde_json::from_slice::<CertRecord>(&bytes)
            && orphan.serial == record.serial
        {
            record.version = highest;
            atomic::replace_symlink(
                &self.dir.join(CURRENT),
                &Path::new(VERSIONS).join(highest.to_string()),
            )?;
            return Ok(self.version_files(highest, files.privkey.is_some()));
        }
        let next = highest + 1;
        record.version = next;

        let staging = versions.join(format!(".new-{}", atomic::random_suffix(&versions)?));
        let result = Self::fill_staging(&staging, files, record).and_then(|()| {
            crate::failpoint::hit("mid-version-write");
            let final_dir = self.version_dir(next);
            fs::rename(&staging, &final_dir)
                .map_err(StoreError::io("rename version into place", &final_dir))?;
            atomic::sync_dir(&versions)
        });
        if let Err(err) = result {
            let _ = fs::remove_dir_all(&staging);
            return Err(err);
        }
        crate::failpoint::hit("before-current-flip");
        atomic::replace_symlink(
            &self.dir.join(CURRENT),
            &Path::new(VERSIONS).join(next.to_string()),
        )?;
        crate::failpoint::hit("after-current-flip");
        self.prune(next);
        Ok(self.version_files(next, files.privkey.is_some()))
    }

    /// Writes the version's files into the fresh `staging` directory, each fsynced, then the
    /// directory once: nothing refers to it until it is renamed into place, so its files need
    /// no temp-and-rename of their own.
    fn fill_staging(
        staging: &Path,
        files: &NewVersion<'_>,
        record: &CertRecord,
    ) -> Result<(), StoreError> {
        // Not recursive: the random name must be new, inside the checked `versions/`.
        std::fs::DirBuilder::new()
            .mode(atomic::PRIVATE_DIR)
            .create(staging)
            .map_err(StoreError::io("create directory", staging))?;
        if let Some(key) = files.privkey {
            atomic::write_new(&staging.join("privkey.pem"), key.as_bytes(), PRIVATE_FILE)?;
        }
        atomic::write_new(
            &staging.join("cert.pem"),
            files.cert.as_bytes(),
            PUBLIC_FILE,
        )?;
        atomic::write_new(
            &staging.join("chain.pem"),
            files.chain.as_bytes(),
            PUBLIC_FILE,
        )?;
        atomic::write_new(
            &staging.join("fullchain.pem"),
            files.fullchain.as_bytes(),
            PUBLIC_FILE,
        )?;
        let meta = serde_json::to_vec_pretty(record).map_err(|e| StoreError::Corrupt {
            path: staging.join(META_FILE),
            reason: e.to_string(),
        })?;
        atomic::write_new(&staging.join(META_FILE), &meta, PUBLIC_FILE)?;
        atomic::sync_dir(staging)
    }

    fn numbered_versions(&self) -> Result<Vec<u32>, StoreError> {
        let dir = self.versions_dir();
        if !confine::real_dir(&dir)? {
            return Ok(Vec::new());
        }
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(StoreError::Io {
                    op: "list",
                    path: dir,
                    source,
                });
            }
        };
        let mut out: Vec<u32> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok()))
            .collect();
        out.sort_unstable();
        Ok(out)
    }

    fn highest_version(&self) -> Result<u32, StoreError> {
        Ok(self.numbered_versions()?.last().copied().unwrap_or(0))
    }

    /// Old versions are a convenience, not a duty: a failed prune is left for the next run.
    fn prune(&self, current: u32) {
        let Ok(all) = self.numbered_versions() else {
            return;
        };
        let excess = all.len().saturating_sub(KEEP_VERSIONS);
        for n in all.into_iter().filter(|n| *n != current).take(excess) {
            // `numbered_versions` checked `versions/`; `remove_dir_all` removes a symlink found
            // in it, never what the symlink points at.
            let _ = fs::remove_dir_all(self.version_dir(n));
        }
    }

    /// Removes the whole lineage: renamed aside first, so it disappears in one step.
    pub fn delete(&self) -> Result<(), StoreError> {
        // `symlink_metadata`: a dangling symlink in `certs/` can be deleted too.
        if fs::symlink_metadata(&self.dir).is_err() {
            return Err(StoreError::NotFound {
                what: crate::store::Missing::Certificate,
                name: self.name.to_string(),
            });
        }
        let parent = self.dir.parent().unwrap_or(&self.dir);
        let aside = parent.join(format!(
            ".deleted-{}-{}",
            self.name,
            atomic::random_suffix(parent)?
        ));
        fs::rename(&self.dir, &aside).map_err(StoreError::io("move aside", &self.dir))?;
        atomic::sync_dir(parent)?;
        fs::remove_dir_all(&aside).map_err(StoreError::io("remove", &aside))?;
        // The last lineage gone, `certs/` goes too, so a failed first obtain leaves the store
        // as it was (a non-empty `certs/` stays: `remove_dir` refuses it).
        let _ = fs::remove_dir(parent);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ChallengeSpec, Identifier, KeySpec};

    fn spec(name: &str) -> CertSpec {
        CertSpec {
            name: name.parse().unwrap(),
            identifiers: vec!["example.org".parse::<Identifier>().unwrap()],
            key_type: KeySpec::EcP256,
            ca: "https://ca.test/dir".into(),
            account: "default".into(),
            challenge: ChallengeSpec::Http01Standalone {
                listen: "0.0.0.0:80".into(),
            },
            profile: None,
            preferred_chain: None,
            use_csr: false,
            hooks: crate::domain::Hooks::default(),
            renewal: crate::domain::RenewalPolicy::default(),
            install: Vec::new(),
            created: time::macros::datetime!(2026-11-26 08:00 UTC),
        }
    }

    fn record() -> CertRecord {
        CertRecord {
            version: 0,
            serial: "01".into(),
            identifiers: vec!["example.org".parse().unwrap()],
            not_before: time::macros::datetime!(2026-11-26 08:00 UTC),
            not_after: time::macros::datetime!(2027-02-24 08:00 UTC),
            issuer: "CN=test".into(),
            key_type: Some(KeySpec::EcP256),
            issued_at: time::macros::datetime!(2026-11-26 08:00 UTC),
            order_url: None,
            ca: "https://ca.test/dir".into(),
        }
    }

    #[test]
    fn versions_flip_current_and_keep_three() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let lineage = store.lineage(&"example.org".parse().unwrap());
        lineage.save_spec(&spec("example.org")).unwrap();
        for i in 1..=5u32 {
            let body = format!("cert {i}");
            let files = NewVersion {
                cert: &body,
                chain: "c",
                fullchain: "f",
                privkey: Some("k"),
            };
            lineage.write_version(&files, &mut record()).unwrap();
            assert_eq!(lineage.current_version().unwrap(), Some(i));
        }
        assert_eq!(lineage.numbered_versions().unwrap(), vec![3, 4, 5]);
        assert_eq!(lineage.read_current_file("cert.pem").unwrap(), "cert 5");
        assert_eq!(lineage.load_spec().unwrap(), spec("example.org"));
    }

    #[test]
    fn a_spec_naming_another_certificate_is_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let lineage = store.lineage(&"example.org".parse().unwrap());
        lineage.save_spec(&spec("other.example.org")).unwrap();
        let err = lineage.load_spec().unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
        assert!(err.to_string().contains("other.example.org"), "{err}");
    }

    #[test]
    fn a_state_that_is_not_an_object_is_corrupt_not_empty() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let lineage = store.lineage(&"example.org".parse().unwrap());
        lineage.save_spec(&spec("example.org")).unwrap();
        for text in ["[]", " [0, null]", "null", "3"] {
            fs::write(lineage.dir().join(STATE_FILE), text).unwrap();
            let err = lineage.load_state().unwrap_err();
            assert!(matches!(err, StoreError::Corrupt { .. }), "{text}: {err}");
        }
        fs::write(lineage.dir().join(STATE_FILE), " {}").unwrap();
        assert_eq!(lineage.load_state().unwrap(), LineageState::default());
    }

    #[test]
    fn a_symlinked_versions_dir_is_never_written_or_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path().join("store"));
        store.ensure_root().unwrap();
        let lineage = store.lineage(&"example.org".parse().unwrap());
        lineage.save_spec(&spec("example.org")).unwrap();
        let elsewhere = dir.path().join("elsewhere");
        for n in 1..=5 {
            fs::create_dir_all(elsewhere.join(n.to_string())).unwrap();
            fs::write(elsewhere.join(n.to_string()).join("keep"), b"x").unwrap();
        }
        std::os::unix::fs::symlink(&elsewhere, lineage.dir().join("versions")).unwrap();
        let files = NewVersion {
            cert: "c",
            chain: "c",
            fullchain: "f",
            privkey: Some("secret key"),
        };
        let err = lineage.write_version(&files, &mut record()).unwrap_err();
        assert!(matches!(err, StoreError::Unsafe { .. }), "{err}");
        let mut left: Vec<_> = fs::read_dir(&elsewhere)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        left.sort();
        assert_eq!(left, ["1", "2", "3", "4", "5"]);
        assert!(lineage.current_version().unwrap().is_none());
    }

    #[test]
    fn dereferenced_current_is_reported_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let lineage = store.lineage(&"example.org".parse().unwrap());
        lineage.save_spec(&spec("example.org")).unwrap();
        fs::create_dir_all(lineage.dir().join("current")).unwrap();
        let err = lineage.current_version().unwrap_err();
        assert!(err.to_string().contains("corrupt"), "{err}");
        assert_eq!(store.list_lineages().len(), 1);
    }
}
