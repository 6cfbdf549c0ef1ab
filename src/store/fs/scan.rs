//! Reading a lineage of the file store whole (the checks behind [`LineageEntry`]): its
//! directories confined ([`super::confine`]), spec, state and current record parsed, and the
//! current version's files checked (whole PEM certificates, a key that matches the certificate).

use std::path::{Path, PathBuf};

use x509_parser::prelude::{FromDer, Pem, X509Certificate};

use super::atomic;
use super::certs::SPEC_FILE;
use super::{FsLineage as Lineage, FsStore, StoreError, ari_cache, confine, index, stamp};
use crate::domain::{CertName, CertRecord};
use crate::store::LineageEntry;
impl FsStore {
    /// Every lineage, damaged ones included (each reports its own damage), by name. A symlink
    /// in `certs/` is listed too, as damaged, so nothing is hidden.
    pub fn list_lineages(&self) -> Vec<LineageEntry> {
        let mut out = Vec::new();
        self.for_each_lineage(&mut |entry| out.push(entry));
        out
    }

    /// Calls `each` with every lineage in turn, as [`FsStore::list_lineages`] lists them,
    /// reading them one at a time: each from the summary index (`index.json`) when its stamp
    /// still matches, else from its files, and its state with the renewal information saved
    /// over it (`ari.json`, read beside them in the same name order). Then saves the index if
    /// it changed.
    pub fn for_each_lineage(&self, each: &mut dyn FnMut(LineageEntry)) {
        let names = self.lineage_names();
        // `certs/` is checked once here rather than for each cached lineage.
        let certs = self.certs_dir();
        let stamped = confine::real_dir(&certs).is_ok();
        let no_names: &[String] = &[];
        let ((served, rebuilt, dropped, index_stale), stamps) =
            stamp::with_stamps(&certs, if stamped { &names } else { no_names }, |stamps| {
                let mut index = index::Reader::open(self.root());
                let mut windows = ari_cache::Reader::open(self.root());
                let journals = self.journal_names();
                let mut served = vec![false; names.len()];
                let mut rebuilt = Vec::new();
                let mut dropped = false;
                for (position, name) in names.iter().enumerate() {
                    let stamp = stamps.next();
                    let cached = index.take(name);
                    let entry = match (stamp, name.parse::<CertName>(), cached) {
                        (Some(stamp), Ok(valid), Some(cached)) if cached.stamp == stamp => {
                            served[position] = true;
                            let mut state = cached.state;
                            if let Some(over) = &cached.state_digest {
                                windows.overlay(name, over, &mut state);
                            }
                            LineageEntry {
                                spec: Ok(cached.spec),
                                state: Ok(state),
                                current: Ok(cached.current),
                                journal: match &journals {
                                    Some(names) if !names.contains(name) => Ok(false),
                                    _ => self.journal_check(&valid),
                                },
                                name: cached.name,
                            }
                        }
                        (_, _, cached) => {
                            dropped |= cached.is_some();
                            let (mut entry, state_digest) = self.read_entry(certs.join(name));
                            if let (Some(stamp), Ok(spec), Ok(state), Ok(current)) =
                                (stamp, &entry.spec, &entry.state, &entry.current)
                            {
                                let cached = index::CachedRef {
                                    name,
                                    stamp,
                                    spec,
                                    state,
                                    state_digest: &state_digest,
                                    current,
                                };
                                rebuilt.extend(index::line(&cached).map(|line| (position, line)));
                            }
                            if let (Ok(state), Some(over)) = (&mut entry.state, &state_digest) {
                                windows.overlay(name, over, state);
                            }
                            entry
                        }
                    };
                    each(entry);
                }
                (served, rebuilt, dropped, index.finish_stale())
            });
        let stamps = if stamped {
            stamps
        } else {
            vec![None; names.len()]
        };
        // Unchanged when every entry it had was served and nothing was added to it.
        if index_stale || dropped || !rebuilt.is_empty() {
            index::save(self.root(), &names, &stamps, &served, rebuilt);
        }
    }

    /// The names in `certs/`, sorted. Hidden names are the store's own leftovers
    /// (`.deleted-*`), never lineages; a symlink is listed (and reported as damaged).
    fn lineage_names(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.certs_dir()) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir() || t.is_symlink()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.'))
            .collect();
        names.sort();
        names
    }

    /// The lineage `name` read whole, or `None` when the store has no such directory.
    pub fn entry(&self, name: &CertName) -> Option<LineageEntry> {
        let dir = self.certs_dir().join(name.as_str());
        std::fs::symlink_metadata(&dir).ok()?;
        let (mut entry, state_digest) = self.read_entry(dir);
        if let (Ok(state), Some(over)) = (&mut entry.state, &state_digest) {
            ari_cache::overlay_one(self.root(), name.as_str(), over, state);
        }
        Some(entry)
    }

    /// The lineage in `dir` read whole, its state as `state.json` holds it (without the
    /// renewal information saved over it since), and the SHA-256 of that file (`None`: there
    /// is none, or it could not be read).
    fn read_entry(&self, dir: PathBuf) -> (LineageEntry, Option<String>) {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Ok(valid) = name.parse::<CertName>() else {
            let unsafe_name = StoreError::Unsafe {
                path: dir,
                reason: "the directory name is not a valid certificate name",
            };
            return (LineageEntry::unusable(name, unsafe_name), None);
        };
        let lineage = self.lineage(&valid);
        if let Err(err) = lineage.check_dir() {
            return (LineageEntry::unusable(name, err), None);
        }
        let spec = lineage.load_spec().map_err(|err| match err {
            // The directory is there but its spec is not (a crash, a hand edit).
            StoreError::NotFound { .. } => StoreError::Corrupt {
                path: lineage.dir().join(SPEC_FILE),
                reason: "it is missing".into(),
            },
            other => other,
        });
        let with_key = spec.as_ref().ok().map(|s| !s.use_csr);
        let current = lineage.current_record().and_then(|record| {
            if let Some(record) = &record {
                check_version(&lineage, record, with_key)?;
            }
            Ok(record)
        });
        let stored = lineage.load_stored_state();
        let state_digest = match &stored {
            Ok((Some(bytes), _)) => Some(ari_cache::digest(bytes)),
            _ => None,
        };
        let entry = LineageEntry {
            name,
            state: stored.map(|(_, state)| state),
            current,
            journal: self.journal_check(&valid),
            spec,
        };
        (entry, state_digest)
    }
}

/// Checks the current version's files: whole PEM certificates, `fullchain.pem` starting with
/// the leaf of `cert.pem`, the leaf being the one `meta.json` describes, and (when the lineage
/// has its own key, `with_key`; `None` when the spec is unreadable) a key that matches it.
fn check_version(
    lineage: &Lineage,
    record: &CertRecord,
    with_key: Option<bool>,
) -> Result<(), StoreError> {
    let dir = lineage.checked_version_dir(record.version)?;
    let leaf = certificates(&dir.join("cert.pem"), true)?;
    certificates(&dir.join("chain.pem"), false)?;
    let full = certificates(&dir.join("fullchain.pem"), true)?;
    if full.first() != leaf.first() {
        return Err(corrupt(
            &dir.join("fullchain.pem"),
            "it does not start with the certificate in cert.pem",
        ));
    }
    let cert_path = dir.join("cert.pem");
    let der = leaf.first().map_or(&[][..], Vec::as_slice);
    let (_, cert) = X509Certificate::from_der(der)
        .map_err(|_| corrupt(&cert_path, "it holds an unreadable certificate"))?;
    if crate::keys::hex(cert.raw_serial()) != record.serial {
        return Err(corrupt(
            &cert_path,
            "it is not the certificate meta.json describes (the serial differs)",
        ));
    }
    // Renewal is planned from meta.json's dates: they must be the certificate's own.
    let validity = cert.validity();
    if validity.not_before.timestamp() != record.not_before.unix_timestamp()
        || validity.not_after.timestamp() != record.not_after.unix_timestamp()
    {
        return Err(corrupt(
            &dir.join("meta.json"),
            "its validity dates are not those of the certificate in cert.pem",
        ));
    }
    if with_key == Some(true) {
        let key_path = dir.join("privkey.pem");
        let bytes = match atomic::read_regular(&key_path) {
            Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                return Err(corrupt(&key_path, "the private key is missing"));
            }
            other => other?,
        };
        let pair = std::str::from_utf8(&bytes)
            .ok()
            .and_then(|pem| rcgen::KeyPair::from_pem(pem).ok())
            .ok_or_else(|| corrupt(&key_path, "it is not a readable private key"))?;
        if crate::keys::spki_der(&pair) != cert.public_key().raw {
            return Err(corrupt(
                &key_path,
                "it does not match the certificate in cert.pem",
            ));
        }
    }
    Ok(())
}

/// The DER certificates of a PEM file; anything else in it (a truncated block, another kind of
/// block, text with no certificate where one is `required`) is damage.
fn certificates(path: &Path, required: bool) -> Result<Vec<Vec<u8>>, StoreError> {
    let bytes = atomic::read_regular(path)?;
    let mut ders = Vec::new();
    for block in Pem::iter_from_buffer(&bytes) {
        let block = block.map_err(|_| corrupt(path, "it is truncated or not PEM"))?;
        if block.label != "CERTIFICATE" || X509Certificate::from_der(&block.contents).is_err() {
            return Err(corrupt(path, "it holds something other than a certificate"));
        }
        ders.push(block.contents);
    }
    let blank = bytes.iter().all(u8::is_ascii_whitespace);
    if ders.is_empty() && (required || !blank) {
        return Err(corrupt(path, "it holds no certificate"));
    }
    Ok(ders)
}

fn corrupt(path: &Path, reason: &str) -> StoreError {
    StoreError::Corrupt {
        path: path.to_owned(),
        reason: reason.to_owned(),
    }
}

impl FsStore {
    /// The names in `journal/` (empty when it does not exist), read once for a listing;
    /// `None` when `journal/` is unsafe or unreadable (then each lineage reports it).
    fn journal_names(&self) -> Option<std::collections::HashSet<String>> {
        let root = self.root().join("journal");
        if !confine::real_dir(&root).ok()? {
            return Some(std::collections::HashSet::new());
        }
        let names = std::fs::read_dir(&root)
            .ok()?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()
            .ok()?;
        Some(names)
    }

    /// Checks `journal/` and `journal/<name>` (when present) without following symlinks;
    /// `Ok(false)` when there is no journal for `name`.
    pub(super) fn journal_check(&self, name: &CertName) -> Result<bool, StoreError> {
        let root = self.root().join("journal");
        Ok(confine::real_dir(&root)? && confine::real_dir(&root.join(name.as_str()))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_files_must_hold_whole_certificates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chain.pem");
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec!["a.test".into()])
            .unwrap()
            .self_signed(&key)
            .unwrap()
            .pem();
        let table: [(&str, bool, bool); 7] = [
            (&cert, true, true),                     // one whole certificate
            (&cert[..cert.len() / 2], false, false), // truncated
            ("garbage", false, false),               // no PEM at all
            ("", true, false),                       // empty: a chain may be, a leaf not
            ("\n", true, false),                     // blank likewise
            (&key.serialize_pem(), false, false),    // a key where a certificate belongs
            (
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                false,
                false,
            ), // PEM around garbage
        ];
        for (text, ok_optional, ok_required) in table {
            std::fs::write(&path, text).unwrap();
            assert_eq!(certificates(&path, false).is_ok(), ok_optional, "{text:?}");
            assert_eq!(certificates(&path, true).is_ok(), ok_required, "{text:?}");
        }
    }
}
