//! Certificate lineages: `certs/<name>/spec.toml`, `csr.pem`, `versions/<n>/` and the `current`
//! symlink. A version directory is assembled under a hidden temp name, fsynced, renamed to its
//! number, and only then does `current` flip to it; old versions beyond
//! [`KEEP_VERSIONS`](super::KEEP_VERSIONS) are pruned afterwards.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::accounts::sorted_subdirs;
use super::atomic::{self, PRIVATE_FILE, PUBLIC_FILE};
use super::{KEEP_VERSIONS, Store, StoreError};
use crate::domain::{CertName, CertRecord, CertSpec, LineageState};

const SPEC_FILE: &str = "spec.toml";
const STATE_FILE: &str = "state.json";
const CSR_FILE: &str = "csr.pem";
const META_FILE: &str = "meta.json";
const CURRENT: &str = "current";
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

/// One lineage as read from the store: its spec and its current version, each possibly damaged.
#[derive(Debug)]
pub struct LineageEntry {
    /// The directory name.
    pub name: String,
    /// The spec, or why it could not be read.
    pub spec: Result<CertSpec, StoreError>,
    /// The current version's record (`Ok(None)`: nothing issued yet).
    pub current: Result<Option<CertRecord>, StoreError>,
}

/// A handle on one lineage directory.
#[derive(Debug, Clone)]
pub struct Lineage {
    dir: PathBuf,
    name: CertName,
}

impl Store {
    /// The handle for lineage `name` (no I/O).
    pub fn lineage(&self, name: &CertName) -> Lineage {
        Lineage {
            dir: self.certs_dir().join(name.as_str()),
            name: name.clone(),
        }
    }

    /// Every lineage, damaged ones included (each reports its own error).
    pub fn list_lineages(&self) -> Vec<LineageEntry> {
        sorted_subdirs(&self.certs_dir())
            .into_iter()
            .map(|dir| {
                let name = dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match name.parse::<CertName>() {
                    Ok(valid) => {
                        let lineage = Lineage { dir, name: valid };
                        LineageEntry {
                            name,
                            spec: lineage.load_spec(),
                            current: lineage.current_record(),
                        }
                    }
                    Err(_) => LineageEntry {
                        name,
                        spec: Err(StoreError::Unsafe {
                            path: dir,
                            reason: "the directory name is not a valid certificate name",
                        }),
                        current: Ok(None),
                    },
                }
            })
            .collect()
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

    /// Writes `spec.toml`.
    pub fn save_spec(&self, spec: &CertSpec) -> Result<(), StoreError> {
        atomic::create_private_dir_all(&self.dir)?;
        let path = self.dir.join(SPEC_FILE);
        let text = toml::to_string_pretty(spec).map_err(|e| StoreError::Corrupt {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        atomic::write_file(&path, text.as_bytes(), PUBLIC_FILE)
    }

    /// Reads `spec.toml`.
    pub fn load_spec(&self) -> Result<CertSpec, StoreError> {
        let path = self.dir.join(SPEC_FILE);
        if !path.exists() {
            return Err(StoreError::NotFound {
                what: "certificate",
                name: self.name.to_string(),
            });
        }
        let bytes = atomic::read_regular(&path)?;
        let text = String::from_utf8(bytes).map_err(|_| StoreError::Corrupt {
            path: path.clone(),
            reason: "not UTF-8".into(),
        })?;
        toml::from_str(&text).map_err(|e| StoreError::Corrupt {
            path,
            reason: e.message().to_owned(),
        })
    }

    /// Reads `state.json` (renewal state); a missing file is the empty state.
    pub fn load_state(&self) -> Result<LineageState, StoreError> {
        let path = self.dir.join(STATE_FILE);
        match atomic::read_regular(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
                path,
                reason: e.to_string(),
            }),
            Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                Ok(LineageState::default())
            }
            Err(err) => Err(err),
        }
    }

    /// Writes `state.json`.
    pub fn save_state(&self, state: &LineageState) -> Result<(), StoreError> {
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
        atomic::create_private_dir_all(&self.dir)?;
        atomic::write_file(&self.dir.join(CSR_FILE), pem.as_bytes(), PUBLIC_FILE)
    }

    /// Reads the saved CSR.
    pub fn load_csr(&self) -> Result<String, StoreError> {
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

    /// The version number `current` points at, if any.
    pub fn current_version(&self) -> Result<Option<u32>, StoreError> {
        let link = self.dir.join(CURRENT);
        match fs::read_link(&link) {
            Ok(target) => {
                let number = target
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.parse::<u32>().ok())
                    .filter(|_| target.parent() == Some(Path::new(VERSIONS)));
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
        let path = self.version_dir(n).join(META_FILE);
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
                what: "issued certificate for",
                name: self.name.to_string(),
            })?;
        let path = self.version_dir(n).join(file);
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
        atomic::create_private_dir_all(&versions)?;
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
            && let Ok(bytes) = atomic::read_regular(&self.version_dir(highest).join(META_FILE))
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

        let staging = versions.join(format!(".new-{}", atomic::random_suffix()));
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

    fn fill_staging(
        staging: &Path,
        files: &NewVersion<'_>,
        record: &CertRecord,
    ) -> Result<(), StoreError> {
        atomic::create_private_dir_all(staging)?;
        if let Some(key) = files.privkey {
            atomic::write_file(&staging.join("privkey.pem"), key.as_bytes(), PRIVATE_FILE)?;
        }
        atomic::write_file(
            &staging.join("cert.pem"),
            files.cert.as_bytes(),
            PUBLIC_FILE,
        )?;
        atomic::write_file(
            &staging.join("chain.pem"),
            files.chain.as_bytes(),
            PUBLIC_FILE,
        )?;
        atomic::write_file(
            &staging.join("fullchain.pem"),
            files.fullchain.as_bytes(),
            PUBLIC_FILE,
        )?;
        let meta = serde_json::to_vec_pretty(record).map_err(|e| StoreError::Corrupt {
            path: staging.join(META_FILE),
            reason: e.to_string(),
        })?;
        atomic::write_file(&staging.join(META_FILE), &meta, PUBLIC_FILE)
    }

    fn numbered_versions(&self) -> Result<Vec<u32>, StoreError> {
        let dir = self.versions_dir();
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
            let _ = fs::remove_dir_all(self.version_dir(n));
        }
    }

    /// Removes the whole lineage: renamed aside first, so it disappears in one step.
    pub fn delete(&self) -> Result<(), StoreError> {
        if !self.dir.exists() {
            return Err(StoreError::NotFound {
                what: "certificate",
                name: self.name.to_string(),
            });
        }
        let parent = self.dir.parent().unwrap_or(&self.dir);
        let aside = parent.join(format!(
            ".deleted-{}-{}",
            self.name,
            atomic::random_suffix()
        ));
        fs::rename(&self.dir, &aside).map_err(StoreError::io("move aside", &self.dir))?;
        atomic::sync_dir(parent)?;
        fs::remove_dir_all(&aside).map_err(StoreError::io("remove", &aside))
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
        let store = Store::new(dir.path());
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
    fn dereferenced_current_is_reported_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let lineage = store.lineage(&"example.org".parse().unwrap());
        lineage.save_spec(&spec("example.org")).unwrap();
        fs::create_dir_all(lineage.dir().join("current")).unwrap();
        let err = lineage.current_version().unwrap_err();
        assert!(err.to_string().contains("corrupt"), "{err}");
        assert_eq!(store.list_lineages().len(), 1);
    }
}
