//! Reading a lineage of the file store whole (the checks behind [`LineageEntry`]): its
//! directories confined ([`super::confine`]), spec, state and current record parsed, and the
//! current version's files checked (whole PEM certificates, a key that matches the certificate).

use std::path::{Path, PathBuf};

use x509_parser::prelude::{FromDer, Pem, X509Certificate};

use super::atomic;
use super::certs::SPEC_FILE;
use super::{FsLineage as Lineage, FsStore, StoreError, confine, index};
use crate::domain::{CertName, CertRecord};
use crate::store::LineageEntry;
impl FsStore {
    /// Every lineage, damaged ones included (each reports its own damage), by name. A symlink
    /// in `certs/` is listed too, as damaged, so nothing is hidden.
    pub fn list_lineages(&self) -> Vec<LineageEntry> {
        let certs = self.certs_dir();
        let Ok(entries) = std::fs::read_dir(&certs) else {
            return Vec::new();
        };
        let mut dirs: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            // Hidden names are the store's own leftovers (`.deleted-*`), never lineages.
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir() || t.is_symlink()))
            .map(|e| e.path())
            .collect();
        dirs.sort();
        self.entries_at(dirs)
    }

    /// Reads the lineages at `dirs` (sorted), each from the summary index when its stamp still
    /// matches (see [`super::index`]), else from its files; then saves the index if it changed.
    fn entries_at(&self, dirs: Vec<PathBuf>) -> Vec<LineageEntry> {
        let names: Vec<String> = dirs
            .iter()
            .map(|dir| {
                dir.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })
            .collect();
        // `certs/` is checked once here rather than for each cached lineage.
        let certs = self.certs_dir();
        let certs_safe = confine::real_dir(&certs).is_ok();
        // The index is parsed while the stamps are taken: neither needs the other.
        let (known, stamps) = std::thread::scope(|scope| {
            let loading = std::thread::Builder::new()
                .name("certkeep-index".into())
                .spawn_scoped(scope, || index::load(self.root(), names.len()));
            let stamps = if certs_safe {
                index::stamp_all(&certs, &names)
            } else {
                vec![None; names.len()]
            };
            let known = match loading {
                Ok(thread) => thread.join().unwrap_or_default(),
                Err(_) => index::load(self.root(), names.len()),
            };
            (known, stamps)
        });
        let mut known = known.into_iter().peekable();
        let mut stale = 0;
        let journals = self.journal_names();
        let mut added = 0;
        let mut out = Vec::with_capacity(dirs.len());
        for ((dir, name), &stamp) in dirs.into_iter().zip(names).zip(&stamps) {
            // Both are sorted by name: entries for lineages gone since are passed over.
            while known.next_if(|c| c.name < name).is_some() {
                stale += 1;
            }
            let cached = known.next_if(|c| c.name == name);
            let entry = match (stamp, name.parse::<CertName>(), cached) {
                (Some(stamp), Ok(valid), Some(cached)) if cached.stamp == stamp => LineageEntry {
                    spec: Ok(cached.spec),
                    state: Ok(cached.state),
                    current: Ok(cached.current),
                    journal: match &journals {
                        Some(names) if !names.contains(&name) => Ok(false),
                        _ => self.journal_check(&valid),
                    },
                    name,
                },
                (_, _, cached) => {
                    stale += usize::from(cached.is_some());
                    let entry = self.entry_at(dir);
                    if stamp.is_some()
                        && entry.spec.is_ok()
                        && entry.state.is_ok()
                        && entry.current.is_ok()
                    {
                        added += 1;
                    }
                    entry
                }
            };
            out.push(entry);
        }
        stale += known.count();
        // Unchanged when every entry it had was served and nothing was added to it.
        if added > 0 || stale > 0 {
            index::save(self.root(), &index_entries(&out, &stamps));
        }
        out
    }

    /// The lineage `name` read whole, or `None` when the store has no such directory.
    pub fn entry(&self, name: &CertName) -> Option<LineageEntry> {
        let dir = self.certs_dir().join(name.as_str());
        std::fs::symlink_metadata(&dir).ok()?;
        Some(self.entry_at(dir))
    }

    fn entry_at(&self, dir: PathBuf) -> LineageEntry {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Ok(valid) = name.parse::<CertName>() else {
            return LineageEntry::unusable(
                name,
                StoreError::Unsafe {
                    path: dir,
                    reason: "the directory name is not a valid certificate name",
                },
            );
        };
        let lineage = self.lineage(&valid);
        if let Err(err) = lineage.check_dir() {
            return LineageEntry::unusable(name, err);
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
        LineageEntry {
            name,
            state: lineage.load_state(),
            current,
            journal: self.journal_check(&valid),
            spec,
        }
    }
}

/// The index entries of the healthy lineages of `out` (sorted by name), with their `stamps`;
/// damaged ones are left out, so that they are read (and reported) every time.
fn index_entries<'a>(out: &'a [LineageEntry], stamps: &[Option<u64>]) -> Vec<index::CachedRef<'a>> {
    out.iter()
        .zip(stamps)
        .filter_map(
            |(entry, stamp)| match (stamp, &entry.spec, &entry.state, &entry.current) {
                (Some(stamp), Ok(spec), Ok(state), Ok(current)) => Some(index::CachedRef {
                    name: &entry.name,
                    stamp: *stamp,
                    spec,
                    state,
                    current,
                }),
                _ => None,
            },
        )
        .collect()
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
