//! The summary index, `<store>/index.json`: for each healthy lineage, its parsed spec, state and
//! current record, and a stamp of every file they came from. Listing a store of 10,000
//! certificates then costs a few `lstat`s per certificate instead of reading, parsing and
//! checking every file (PEM certificates, key against certificate).
//!
//! The index is never the truth. An entry is served only when the stamp taken now equals the one
//! taken before its files were last read; the stamp covers the lineage directory, `spec.toml`,
//! `state.json`, the `current` link's target, `versions/`, the current version's directory and
//! each of its files (device, inode, type and mode, owner, size, mtime and ctime to the
//! nanosecond), so a hand edit is seen even within the same second, and a file swapped for a
//! symlink or a loosened mode changes it too. Damaged lineages are never cached: they are read
//! (and reported) every time. A missing, corrupt or foreign (another user's) index is ignored and
//! rebuilt; it is written atomically, and losing the race to another writer only costs a rebuild.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::atomic::{self, PRIVATE_FILE};
use crate::domain::{CertRecord, CertSpec, LineageState};

/// The index file in the store root.
pub(super) const INDEX_FILE: &str = "index.json";

/// Bumped whenever the layout of [`IndexFile`] or of a stamp changes: an old index is then
/// simply rebuilt.
const INDEX_FORMAT: u32 = 1;

/// The largest index read: about 1 KiB per certificate, so room for 100,000 and more.
const MAX_INDEX: u64 = 256 << 20;

/// What the index remembers of one healthy lineage.
#[derive(Debug, Deserialize)]
pub(super) struct Cached {
    /// [`stamp`] of the lineage, taken before its files were read.
    pub(super) stamp: u64,
    pub(super) spec: CertSpec,
    pub(super) state: LineageState,
    pub(super) current: Option<CertRecord>,
}

/// [`Cached`] as written, borrowing from the entries just listed (no copy of 10,000 specs).
#[derive(Serialize)]
pub(super) struct CachedRef<'a> {
    pub(super) stamp: u64,
    pub(super) spec: &'a CertSpec,
    pub(super) state: &'a LineageState,
    pub(super) current: &'a Option<CertRecord>,
}

#[derive(Deserialize)]
struct IndexFile {
    format: u32,
    /// Who built it: the store's checks (ownership) depend on the user running certkeep.
    euid: u32,
    entries: BTreeMap<String, Cached>,
}

#[derive(Serialize)]
struct IndexFileRef<'a> {
    format: u32,
    euid: u32,
    entries: BTreeMap<&'a str, CachedRef<'a>>,
}

fn euid() -> u32 {
    nix::unistd::geteuid().as_raw()
}

/// The index at `root`, or nothing (missing, unreadable, corrupt, older layout, other user).
/// Read whole, then parsed: several times faster than parsing from a reader.
pub(super) fn load(root: &Path) -> BTreeMap<String, Cached> {
    let mut bytes = Vec::new();
    atomic::open_regular(&root.join(INDEX_FILE), MAX_INDEX)
        .ok()
        .and_then(|file| file.take(MAX_INDEX).read_to_end(&mut bytes).ok())
        .and_then(|_| serde_json::from_slice::<IndexFile>(&bytes).ok())
        .filter(|file| file.format == INDEX_FORMAT && file.euid == euid())
        .map(|file| file.entries)
        .unwrap_or_default()
}

/// Writes the index atomically; a failure (read-only store, full disk) only means the next run
/// reads the files again.
pub(super) fn save(root: &Path, entries: BTreeMap<&str, CachedRef<'_>>) {
    let file = IndexFileRef {
        format: INDEX_FORMAT,
        euid: euid(),
        entries,
    };
    if let Ok(json) = serde_json::to_vec(&file) {
        let _ = atomic::write_file(&root.join(INDEX_FILE), &json, PRIVATE_FILE);
    }
}

/// The stamp of the lineage directory `dir` now, or `None` when it cannot be taken (then the
/// lineage is read from its files, which reports whatever is wrong).
pub(super) fn stamp(dir: &Path) -> Option<u64> {
    let mut hasher = DefaultHasher::new();
    let meta = std::fs::symlink_metadata(dir).ok()?;
    if !meta.is_dir() {
        return None;
    }
    mix(&mut hasher, &meta);
    mix_path(&mut hasher, &dir.join(super::certs::SPEC_FILE))?;
    mix_path(&mut hasher, &dir.join(super::certs::STATE_FILE))?;
    match std::fs::read_link(dir.join(super::certs::CURRENT)) {
        Ok(target) => {
            let n: u32 = target
                .strip_prefix("versions")
                .ok()?
                .to_str()?
                .parse()
                .ok()?;
            n.hash(&mut hasher);
            let versions = dir.join("versions");
            mix_path(&mut hasher, &versions)?;
            let version = versions.join(n.to_string());
            mix_path(&mut hasher, &version)?;
            for file in [
                "meta.json",
                "cert.pem",
                "chain.pem",
                "fullchain.pem",
                "privkey.pem",
            ] {
                mix_path(&mut hasher, &version.join(file))?;
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0u8.hash(&mut hasher),
        Err(_) => return None,
    }
    Some(hasher.finish())
}

fn mix_path(hasher: &mut DefaultHasher, path: &Path) -> Option<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => mix(hasher, &meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => u64::MAX.hash(hasher),
        Err(_) => return None,
    }
    Some(())
}

fn mix(hasher: &mut DefaultHasher, meta: &std::fs::Metadata) {
    (
        meta.dev(),
        meta.ino(),
        meta.mode(),
        meta.uid(),
        meta.gid(),
        meta.size(),
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ctime(),
        meta.ctime_nsec(),
    )
        .hash(hasher);
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn the_stamp_sees_edits_that_keep_size_and_mtime_and_refuses_odd_links() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join(super::super::certs::SPEC_FILE);
        std::fs::write(&spec, "name = \"a\"").unwrap();
        let first = stamp(dir.path()).unwrap();
        assert_eq!(stamp(dir.path()), Some(first), "nothing changed");

        let mtime = std::fs::metadata(&spec).unwrap().modified().unwrap();
        let mut file = std::fs::OpenOptions::new().write(true).open(&spec).unwrap();
        file.write_all(b"name = \"b\"").unwrap();
        file.set_modified(mtime).unwrap();
        drop(file);
        assert_ne!(stamp(dir.path()), Some(first));

        let current = dir.path().join(super::super::certs::CURRENT);
        std::os::unix::fs::symlink("/etc", &current).unwrap();
        assert_eq!(
            stamp(dir.path()),
            None,
            "a foreign link is read, not stamped"
        );
        std::fs::remove_file(&current).unwrap();
        std::os::unix::fs::symlink("versions/1", &current).unwrap();
        assert!(
            stamp(dir.path()).is_some(),
            "a missing version is stamped as missing"
        );
    }
}
