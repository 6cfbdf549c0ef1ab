//! The summary index, `<store>/index.json`: for each healthy lineage, its parsed spec, state and
//! current record, and a stamp of every file they came from. Listing a store of 10,000
//! certificates then costs a few `lstat`s per certificate instead of reading, parsing and
//! checking every file (PEM certificates, key against certificate).
//!
//! The index is never the truth. An entry is served only when the stamp taken now equals the one
//! taken before its files were last read; the stamp covers the lineage directory, `spec.toml`,
//! `state.json`, the `current` link's target, `versions/`, the current version's directory and
//! each of its files (device, inode, type and mode, owner, size, mtime and ctime to the
//! nanosecond), so a hand edit is seen even within the same second and even when it rewrote a
//! file in place (which leaves the directory's times alone: one stat per directory would miss
//! it), and a file swapped for a symlink or a loosened mode changes it too. Damaged lineages are
//! never cached: they are read (and reported) every time. A missing, corrupt or foreign (another
//! user's) index is ignored and rebuilt; it is written atomically, and losing the race to another
//! writer only costs a rebuild.

use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, BufReader, Read};
use std::os::fd::AsFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use nix::errno::Errno;
use nix::fcntl::AtFlags;
use nix::sys::stat::{FileStat, fstatat};
use serde::{Deserialize, Serialize};

use super::atomic::{self, PRIVATE_FILE};
use super::certs::{CURRENT, SPEC_FILE, STATE_FILE};
use crate::domain::{CertRecord, CertSpec, LineageState};

/// The index file in the store root (JSON lines: a header, then one line per lineage).
pub(super) const INDEX_FILE: &str = "index.json";

/// Bumped whenever the layout of the index (its [`Header`] and lines) or of a stamp changes: an old index is then
/// simply rebuilt.
const INDEX_FORMAT: u32 = 2;

/// The largest index read: about 1 KiB per certificate, so room for 100,000 and more.
const MAX_INDEX: u64 = 256 << 20;

/// The files of a version that the stamp covers: every one the lineage's checks read.
const VERSION_FILES: [&str; 5] = [
    "meta.json",
    "cert.pem",
    "chain.pem",
    "fullchain.pem",
    "privkey.pem",
];

/// What the index remembers of one healthy lineage.
#[derive(Debug, Deserialize)]
pub(super) struct Cached {
    /// The lineage's directory name.
    pub(super) name: String,
    /// [`Stamper::stamp`] of the lineage, taken before its files were read.
    pub(super) stamp: u64,
    pub(super) spec: CertSpec,
    pub(super) state: LineageState,
    pub(super) current: Option<CertRecord>,
}

/// [`Cached`] as written, borrowing from the entries just listed (no copy of 10,000 specs).
#[derive(Serialize)]
pub(super) struct CachedRef<'a> {
    pub(super) name: &'a str,
    pub(super) stamp: u64,
    pub(super) spec: &'a CertSpec,
    pub(super) state: &'a LineageState,
    pub(super) current: &'a Option<CertRecord>,
}

/// The first line of the index; each further line is one [`Cached`] (JSON), sorted by name as
/// the lineages are listed, so that reading it is a merge (not 10,000 map insertions and
/// lookups) and holds one line at a time, not the whole file (9 MB at 10,000 certificates).
#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    /// Who built it: the store's checks (ownership) depend on the user running certkeep.
    euid: u32,
    /// How many lines follow: the list is allocated once, not grown by doubling (which at
    /// 10,000 certificates briefly holds one and a half copies).
    count: usize,
}

fn euid() -> u32 {
    nix::unistd::geteuid().as_raw()
}

/// The index at `root`, sorted by name, or nothing (missing, unreadable, corrupt, older layout,
/// other user); `lineages` is how many the store has now.
pub(super) fn load(root: &Path, lineages: usize) -> Vec<Cached> {
    let Ok(file) = atomic::open_regular(&root.join(INDEX_FILE), MAX_INDEX) else {
        return Vec::new();
    };
    let mut reader = BufReader::with_capacity(64 << 10, file.take(MAX_INDEX));
    let mut line = Vec::new();
    let header = reader
        .read_until(b'\n', &mut line)
        .ok()
        .and_then(|_| serde_json::from_slice::<Header>(&line).ok());
    let Some(header) = header.filter(|h| h.format == INDEX_FORMAT && h.euid == euid()) else {
        return Vec::new();
    };
    // Bounded by the lineages there are: a false count in a hand-edited header cannot make a
    // huge allocation.
    let mut entries: Vec<Cached> = Vec::with_capacity(header.count.min(lineages));
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => match serde_json::from_slice(&line) {
                Ok(entry) => entries.push(entry),
                // A damaged index is not half trusted.
                Err(_) => return Vec::new(),
            },
            Err(_) => return Vec::new(),
        }
    }
    // Written sorted; one edited by hand is put back in order rather than half missed.
    if !entries.is_sorted_by(|a, b| a.name < b.name) {
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        entries.dedup_by(|a, b| a.name == b.name);
    }
    entries
}

/// Writes the index (`entries` sorted by name) atomically; a failure (read-only store, full
/// disk) only means the next run reads the files again.
pub(super) fn save(root: &Path, entries: &[CachedRef<'_>]) {
    let header = Header {
        format: INDEX_FORMAT,
        euid: euid(),
        count: entries.len(),
    };
    let mut text = Vec::with_capacity(1024 * (entries.len() + 1));
    let encoded = serde_json::to_writer(&mut text, &header).and_then(|()| {
        entries.iter().try_for_each(|entry| {
            text.push(b'\n');
            serde_json::to_writer(&mut text, entry)
        })
    });
    text.push(b'\n');
    if encoded.is_ok() {
        let _ = atomic::write_file(&root.join(INDEX_FILE), &text, PRIVATE_FILE);
    }
}

/// Takes the stamps of the lineages in one `certs/` directory. Each file is looked up from an
/// open handle on `certs/` (`fstatat`), not from the filesystem root: a stamp is about a dozen
/// short lookups, the bulk of what listing a store costs once the index is fresh.
pub(super) struct Stamper {
    certs: std::fs::File,
    /// The relative path being looked up, reused so that a stamp allocates nothing.
    path: String,
}

impl Stamper {
    /// A stamper for the lineages in `certs`, or `None` when it cannot be opened (then every
    /// lineage is read from its files, which reports whatever is wrong).
    pub(super) fn open(certs: &Path) -> Option<Self> {
        let certs = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(nix::libc::O_DIRECTORY | nix::libc::O_NOFOLLOW | nix::libc::O_CLOEXEC)
            .open(certs)
            .ok()?;
        Some(Self {
            certs,
            path: String::with_capacity(64),
        })
    }

    /// The stamp of lineage `name` now, or `None` when it cannot be taken (an odd name or
    /// link, an unreadable file): then the lineage is read from its files.
    pub(super) fn stamp(&mut self, name: &str) -> Option<u64> {
        if name.is_empty() || name.contains('/') || name.starts_with('.') {
            return None;
        }
        let mut hasher = DefaultHasher::new();
        let dir = self.lstat(format_args!("{name}")).ok()?.filter(is_dir)?;
        mix(&mut hasher, Some(&dir));
        mix(
            &mut hasher,
            self.lstat(format_args!("{name}/{SPEC_FILE}"))
                .ok()?
                .as_ref(),
        );
        mix(
            &mut hasher,
            self.lstat(format_args!("{name}/{STATE_FILE}"))
                .ok()?
                .as_ref(),
        );
        self.set_path(format_args!("{name}/{CURRENT}"));
        match nix::fcntl::readlinkat(self.certs.as_fd(), self.path.as_str()) {
            Ok(target) => {
                let n: u32 = Path::new(&target)
                    .strip_prefix("versions")
                    .ok()?
                    .to_str()?
                    .parse()
                    .ok()?;
                n.hash(&mut hasher);
                mix(
                    &mut hasher,
                    self.lstat(format_args!("{name}/versions")).ok()?.as_ref(),
                );
                mix(
                    &mut hasher,
                    self.lstat(format_args!("{name}/versions/{n}"))
                        .ok()?
                        .as_ref(),
                );
                for file in VERSION_FILES {
                    let meta = self
                        .lstat(format_args!("{name}/versions/{n}/{file}"))
                        .ok()?;
                    mix(&mut hasher, meta.as_ref());
                }
            }
            Err(Errno::ENOENT) => 0u8.hash(&mut hasher),
            Err(_) => return None,
        }
        Some(hasher.finish())
    }

    fn set_path(&mut self, path: std::fmt::Arguments<'_>) {
        self.path.clear();
        let _ = self.path.write_fmt(path);
    }

    /// The `lstat` of `path` under `certs/` (`None`: it does not exist).
    fn lstat(&mut self, path: std::fmt::Arguments<'_>) -> Result<Option<FileStat>, Errno> {
        self.set_path(path);
        match fstatat(
            self.certs.as_fd(),
            self.path.as_str(),
            AtFlags::AT_SYMLINK_NOFOLLOW,
        ) {
            Ok(stat) => Ok(Some(stat)),
            Err(Errno::ENOENT) => Ok(None),
            Err(err) => Err(err),
        }
    }
}

/// Below this many lineages the stamps are taken on the calling thread alone.
const PARALLEL_FROM: usize = 512;

/// The stamps of the lineages `names` in `certs` (in the same order), taken on up to four
/// threads: the lookups are independent, and each costs a system call.
pub(super) fn stamp_all(certs: &Path, names: &[String]) -> Vec<Option<u64>> {
    let workers = if names.len() < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
    };
    let chunk = names.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let mut parts = names.chunks(chunk);
        let first = parts.next().unwrap_or_default();
        let others: Vec<_> = parts
            .map(|part| {
                let thread = std::thread::Builder::new()
                    .name("certkeep-stamp".into())
                    .spawn_scoped(scope, move || stamp_part(certs, part));
                (part, thread)
            })
            .collect();
        let mut stamps = stamp_part(certs, first);
        for (part, thread) in others {
            // A thread that could not start (or died) only means those are taken here.
            match thread.ok().and_then(|t| t.join().ok()) {
                Some(part_stamps) => stamps.extend(part_stamps),
                None => stamps.extend(stamp_part(certs, part)),
            }
        }
        stamps
    })
}

fn stamp_part(certs: &Path, names: &[String]) -> Vec<Option<u64>> {
    match Stamper::open(certs) {
        Some(mut stamper) => names.iter().map(|name| stamper.stamp(name)).collect(),
        None => vec![None; names.len()],
    }
}

fn is_dir(stat: &FileStat) -> bool {
    stat.st_mode & nix::libc::S_IFMT == nix::libc::S_IFDIR
}

/// Mixes what an edit, a swap or a change of owner or mode changes (`None`: missing).
fn mix(hasher: &mut DefaultHasher, stat: Option<&FileStat>) {
    match stat {
        Some(stat) => (
            stat.st_dev,
            stat.st_ino,
            stat.st_mode,
            stat.st_uid,
            stat.st_gid,
            stat.st_size,
            stat.st_mtime,
            stat.st_mtime_nsec,
            stat.st_ctime,
            stat.st_ctime_nsec,
        )
            .hash(hasher),
        None => u64::MAX.hash(hasher),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn the_stamp_sees_edits_that_keep_size_and_mtime_and_refuses_odd_links() {
        let certs = tempfile::tempdir().unwrap();
        let dir = certs.path().join("a");
        std::fs::create_dir(&dir).unwrap();
        let mut stamper = Stamper::open(certs.path()).unwrap();
        let spec = dir.join(SPEC_FILE);
        std::fs::write(&spec, "name = \"a\"").unwrap();
        let first = stamper.stamp("a").unwrap();
        assert_eq!(stamper.stamp("a"), Some(first), "nothing changed");

        let mtime = std::fs::metadata(&spec).unwrap().modified().unwrap();
        let mut file = std::fs::OpenOptions::new().write(true).open(&spec).unwrap();
        file.write_all(b"name = \"b\"").unwrap();
        file.set_modified(mtime).unwrap();
        drop(file);
        assert_ne!(stamper.stamp("a"), Some(first));

        let current = dir.join(CURRENT);
        std::os::unix::fs::symlink("/etc", &current).unwrap();
        assert_eq!(
            stamper.stamp("a"),
            None,
            "a foreign link is read, not stamped"
        );
        std::fs::remove_file(&current).unwrap();
        std::os::unix::fs::symlink("versions/1", &current).unwrap();
        assert!(
            stamper.stamp("a").is_some(),
            "a missing version is stamped as missing"
        );
    }

    #[test]
    fn the_stamp_sees_each_file_of_the_current_version_change_in_place() {
        let certs = tempfile::tempdir().unwrap();
        let version = certs.path().join("a/versions/1");
        std::fs::create_dir_all(&version).unwrap();
        std::os::unix::fs::symlink("versions/1", certs.path().join("a").join(CURRENT)).unwrap();
        for file in VERSION_FILES {
            std::fs::write(version.join(file), "x").unwrap();
        }
        let mut stamper = Stamper::open(certs.path()).unwrap();
        for file in VERSION_FILES {
            let before = stamper.stamp("a").unwrap();
            // Same size, same mtime, same inode: only the change time tells.
            let path = version.join(file);
            let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
            let mut handle = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            handle.write_all(b"y").unwrap();
            handle.set_modified(mtime).unwrap();
            drop(handle);
            assert_ne!(stamper.stamp("a"), Some(before), "{file}");
        }
    }

    #[test]
    fn a_lineage_that_is_not_a_plain_directory_has_no_stamp() {
        let certs = tempfile::tempdir().unwrap();
        std::fs::create_dir(certs.path().join("real")).unwrap();
        std::os::unix::fs::symlink("real", certs.path().join("link")).unwrap();
        std::fs::write(certs.path().join("file"), "").unwrap();
        let mut stamper = Stamper::open(certs.path()).unwrap();
        assert!(stamper.stamp("real").is_some());
        for name in ["link", "file", "missing", "", "real/..", ".hidden"] {
            assert_eq!(stamper.stamp(name), None, "{name:?}");
        }
    }
}
