//! The stamp of a lineage: one number that changes whenever anything its index entry was read
//! from changes (see [`super::index`]). It covers the lineage directory, `spec.toml`,
//! `state.json`, the `current` link's target, `versions/`, the current version's directory
//! and each of its files: device, inode, type and mode, owner, size, mtime and ctime to the
//! nanosecond, so a hand edit is seen even within the same second and even when it rewrote a
//! file in place (which leaves the directory's times alone), and a file swapped for a symlink
//! or a loosened mode changes it too.

use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::os::fd::AsFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use nix::errno::Errno;
use nix::fcntl::AtFlags;
use nix::sys::stat::{FileStat, fstatat};

use super::certs::{CURRENT, SPEC_FILE, STATE_FILE};

/// The files of a version that the stamp covers: every one the lineage's checks read.
const VERSION_FILES: [&str; 5] = [
    "meta.json",
    "cert.pem",
    "chain.pem",
    "fullchain.pem",
    "privkey.pem",
];

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

/// Lineages per batch handed from a stamping thread to the reader: small enough that the
/// reader starts at once, large enough that the hand-over costs nothing next to the lookups.
const BATCH: usize = 128;

/// Runs `read` with the stamps of the lineages `names` in `certs`, taken on up to four
/// threads while `read` goes through them in name order ([`Stamps::next`]). The lookups are
/// system calls and reading the index is parsing: done side by side, listing 10,000
/// certificates takes about as long as the larger of the two, not their sum. Returns what
/// `read` returned and every stamp, in `names` order.
pub(super) fn with_stamps<T>(
    certs: &Path,
    names: &[String],
    read: impl FnOnce(&mut Stamps<'_>) -> T,
) -> (T, Vec<Option<u64>>) {
    let workers = if names.len() < PARALLEL_FROM {
        0
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
    };
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::channel();
        for worker in 0..workers {
            let sender = sender.clone();
            // A thread that cannot start only means its batches are taken by the reader.
            let _ = std::thread::Builder::new()
                .name("certkeep-stamp".into())
                .spawn_scoped(scope, move || {
                    let Some(mut stamper) = Stamper::open(certs) else {
                        return;
                    };
                    let mine = names.chunks(BATCH).enumerate().skip(worker);
                    for (batch, part) in mine.step_by(workers) {
                        let stamps = part.iter().map(|name| stamper.stamp(name)).collect();
                        if sender.send((batch, stamps)).is_err() {
                            return;
                        }
                    }
                });
        }
        drop(sender);
        let mut stamps = Stamps {
            certs,
            names,
            receiver: (workers > 0).then_some(receiver),
            early: std::collections::BTreeMap::new(),
            taken: Vec::with_capacity(names.len()),
            handed: 0,
            stamper: None,
            stamper_opened: false,
        };
        let out = read(&mut stamps);
        while stamps.handed < names.len() {
            stamps.next();
        }
        // One stamp per name, always: the index is saved by position.
        stamps.taken.resize(names.len(), None);
        (out, stamps.taken)
    })
}

/// The stamps of one listing, handed out in name order ([`with_stamps`]).
pub(super) struct Stamps<'a> {
    certs: &'a Path,
    names: &'a [String],
    /// Batches from the stamping threads (`None`: no threads, or all of them done).
    receiver: Option<std::sync::mpsc::Receiver<(usize, Vec<Option<u64>>)>>,
    /// Batches that arrived before their turn.
    early: std::collections::BTreeMap<usize, Vec<Option<u64>>>,
    /// The stamps of every batch received so far, in `names` order.
    taken: Vec<Option<u64>>,
    /// How many of them were handed out.
    handed: usize,
    /// The reader's own stamper, for batches no thread delivered (opened on first need).
    stamper: Option<Stamper>,
    stamper_opened: bool,
}

impl Stamps<'_> {
    /// The stamp of the next lineage in `names` (`None`: it has none, see [`Stamper::stamp`],
    /// or all were handed out).
    pub(super) fn next(&mut self) -> Option<u64> {
        let position = self.handed;
        if position == self.names.len() {
            return None;
        }
        if position == self.taken.len() {
            let batch = self.batch(position / BATCH);
            self.taken.extend(batch);
        }
        self.handed += 1;
        self.taken.get(position).copied().flatten()
    }

    /// The stamps of batch `batch`: from the thread that took it, or taken here when no thread
    /// did (none started, or one stopped).
    fn batch(&mut self, batch: usize) -> Vec<Option<u64>> {
        loop {
            if let Some(stamps) = self.early.remove(&batch) {
                return stamps;
            }
            let Some(receiver) = &self.receiver else {
                break;
            };
            match receiver.recv() {
                Ok((at, stamps)) => {
                    self.early.insert(at, stamps);
                }
                Err(_) => self.receiver = None,
            }
        }
        let part = self.names.chunks(BATCH).nth(batch).unwrap_or_default();
        if !self.stamper_opened {
            self.stamper_opened = true;
            self.stamper = Stamper::open(self.certs);
        }
        match &mut self.stamper {
            Some(stamper) => part.iter().map(|name| stamper.stamp(name)).collect(),
            None => vec![None; part.len()],
        }
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
    fn stamps_taken_on_threads_come_in_name_order_whatever_reads_them() {
        let certs = tempfile::tempdir().unwrap();
        // Enough lineages for the threads and several batches, one of them damaged.
        let mut names: Vec<String> = (0..PARALLEL_FROM + 3 * BATCH + 7)
            .map(|i| format!("c{i:05}"))
            .collect();
        for name in &names {
            std::fs::create_dir(certs.path().join(name)).unwrap();
            std::fs::write(certs.path().join(name).join(SPEC_FILE), name).unwrap();
        }
        names.push("missing".into());
        let mut alone = Stamper::open(certs.path()).unwrap();
        let expected: Vec<Option<u64>> = names.iter().map(|name| alone.stamp(name)).collect();
        assert_eq!(expected.iter().flatten().count(), names.len() - 1);

        let (handed, taken) = with_stamps(certs.path(), &names, |stamps| {
            names.iter().map(|_| stamps.next()).collect::<Vec<_>>()
        });
        assert_eq!(handed, expected);
        assert_eq!(taken, expected);

        // A reader that stops early still gets every stamp back, for the index.
        let ((), taken) = with_stamps(certs.path(), &names, |stamps| {
            stamps.next();
        });
        assert_eq!(taken, expected);
        let small = &names[..10];
        let (handed, _) = with_stamps(certs.path(), small, |stamps| {
            small.iter().map(|_| stamps.next()).collect::<Vec<_>>()
        });
        assert_eq!(handed, expected[..10]);
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
