//! Crash-safe file writes: a random temp file created exclusively (`O_EXCL`) with its final mode
//! in the target's own directory, written, fsynced, renamed over the target, and the directory
//! fsynced. A reader sees the old file or the new one, never a mix, a stale tail or a 0-byte
//! file; a key is never readable by others, not even for an instant. The temp file is removed on
//! every error path.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::StoreError;

/// File mode for secrets (keys, account files).
pub const PRIVATE_FILE: u32 = 0o600;
/// File mode for certificates and specs.
pub const PUBLIC_FILE: u32 = 0o644;
/// Directory mode for everything in the store.
pub const PRIVATE_DIR: u32 = 0o700;

/// A random hex suffix for a temp name in `dir`, so no other process can predict (and pre-plant)
/// it. The OS random source failing is an error: a predictable name is what this prevents.
pub fn random_suffix(dir: &Path) -> Result<String, StoreError> {
    suffix_from(getrandom::u64(), dir)
}

fn suffix_from(random: Result<u64, getrandom::Error>, dir: &Path) -> Result<String, StoreError> {
    let random = random.map_err(|e| StoreError::Io {
        op: "pick a random temporary name in",
        path: dir.to_owned(),
        source: std::io::Error::other(e),
    })?;
    Ok(format!("{random:016x}"))
}

/// Creates `dir` and its missing parents with mode 0700.
pub fn create_private_dir_all(dir: &Path) -> Result<(), StoreError> {
    DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR)
        .create(dir)
        .map_err(StoreError::io("create directory", dir))
}

/// Creates the directory `dir` (0700) when missing, below a directory already checked, and
/// refuses it when it is a symlink, another user's, or writable by others (for callers outside
/// the store that keep files in it, such as the secrets' file backend).
pub fn ensure_checked_dir(dir: &Path) -> Result<(), StoreError> {
    super::fs::confine::ensure_dir(dir)
}

/// Whether the directory `dir` exists, refusing it as [`ensure_checked_dir`] does.
pub fn checked_dir_exists(dir: &Path) -> Result<bool, StoreError> {
    super::fs::confine::real_dir(dir)
}

/// Fsyncs a directory so a rename inside it is durable.
pub fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(StoreError::io("fsync directory", dir))
}

/// Atomically replaces `path` with `contents`, created with `mode`.
pub fn write_file(path: &Path, contents: &[u8], mode: u32) -> Result<(), StoreError> {
    let dir = parent_of(path)?;
    let tmp = write_temp(dir, path, contents, mode)?;
    rename_into_place(&tmp, path)?;
    sync_dir(dir)
}

/// Renames the temp file `tmp` over `path`; a failed rename removes `tmp`.
fn rename_into_place(tmp: &Path, path: &Path) -> Result<(), StoreError> {
    fs::rename(tmp, path).map_err(|source| {
        let _ = fs::remove_file(tmp);
        StoreError::Io {
            op: "rename into place",
            path: path.to_owned(),
            source,
        }
    })
}

/// Atomically replaces each of `files` (path, contents, mode), all in the directory `dir`, in
/// the order given, with one directory fsync for all of them instead of one each: every file is
/// fsynced before its rename, and the renames are durable together when this returns. A crash
/// before that may keep any of the renames, each file whole, old or new.
pub fn write_files_in(dir: &Path, files: &[(&Path, &[u8], u32)]) -> Result<(), StoreError> {
    for &(path, contents, mode) in files {
        if parent_of(path)? != dir {
            return Err(StoreError::Unsafe {
                path: path.to_owned(),
                reason: "it is not in the directory whose one fsync must cover it",
            });
        }
        let tmp = write_temp(dir, path, contents, mode)?;
        rename_into_place(&tmp, path)?;
    }
    sync_dir(dir)
}

/// Atomically replaces `path` with `contents`, created with `mode`, without an fsync: a reader
/// sees the old file or the new one, but after a crash the file may be the old one, missing,
/// empty or torn. Only for caches whose loss costs a request, never data (the renewal
/// information of an ARI refresh).
pub fn write_file_unsynced(path: &Path, contents: &[u8], mode: u32) -> Result<(), StoreError> {
    let dir = parent_of(path)?;
    let tmp = create_temp(dir, path, contents, mode, false)?;
    rename_into_place(&tmp, path)
}

/// Writes `path` with `contents` (created with `mode`) only if no file of that name exists:
/// the temp file is linked to the final name (`link(2)` fails on an existing name, whatever it
/// is, even a dangling symlink), never renamed over it. `Ok(false)` when something is there;
/// it is left as it was.
pub fn write_new_file(path: &Path, contents: &[u8], mode: u32) -> Result<bool, StoreError> {
    let dir = parent_of(path)?;
    let tmp = write_temp(dir, path, contents, mode)?;
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => sync_dir(dir).map(|()| true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(source) => Err(StoreError::Io {
            op: "link into place",
            path: path.to_owned(),
            source,
        }),
    }
}

/// Writes `contents` to a fresh temp file beside `target` and returns its path (fsynced).
pub fn write_temp(
    dir: &Path,
    target: &Path,
    contents: &[u8],
    mode: u32,
) -> Result<PathBuf, StoreError> {
    create_temp(dir, target, contents, mode, true)
}

/// [`write_temp`], fsynced only when `sync`.
fn create_temp(
    dir: &Path,
    target: &Path,
    contents: &[u8],
    mode: u32,
    sync: bool,
) -> Result<PathBuf, StoreError> {
    let stem = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file");
    let tmp = dir.join(format!(".{stem}.tmp-{}", random_suffix(dir)?));
    let result = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(&tmp)
        .and_then(|mut file| {
            file.write_all(contents)?;
            if sync { file.sync_all() } else { Ok(()) }
        });
    match result {
        Ok(()) => Ok(tmp),
        Err(source) => {
            let _ = fs::remove_file(&tmp);
            Err(StoreError::Io {
                op: "write",
                path: target.to_owned(),
                source,
            })
        }
    }
}

/// Creates `path`, which must not exist yet (`O_EXCL`), with `mode`, writes `contents` and
/// fsyncs it; removes it again on error. For files in a directory nothing refers to yet (a
/// staging directory): no temp file and rename are needed there, and the directory's one fsync
/// (the caller's, [`sync_dir`]) covers every file made in it.
pub fn write_new(path: &Path, contents: &[u8], mode: u32) -> Result<(), StoreError> {
    let failed = |source| StoreError::Io {
        op: "write",
        path: path.to_owned(),
        source,
    };
    // Whatever is already there is not ours: left alone, never removed.
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(failed)?;
    file.write_all(contents)
        .and_then(|()| file.sync_all())
        .map_err(|source| {
            let _ = fs::remove_file(path);
            failed(source)
        })
}

/// Atomically points the symlink `link` at `target` (a relative path).
pub fn replace_symlink(link: &Path, target: &Path) -> Result<(), StoreError> {
    let dir = parent_of(link)?;
    let stem = link.file_name().and_then(|n| n.to_str()).unwrap_or("link");
    let tmp = dir.join(format!(".{stem}.tmp-{}", random_suffix(dir)?));
    std::os::unix::fs::symlink(target, &tmp).map_err(StoreError::io("create symlink", &tmp))?;
    if let Err(source) = fs::rename(&tmp, link) {
        let _ = fs::remove_file(&tmp);
        return Err(StoreError::Io {
            op: "switch symlink",
            path: link.to_owned(),
            source,
        });
    }
    sync_dir(dir)
}

/// The largest file the store reads: its PEM, TOML and JSON files are a few KiB, so anything
/// bigger is damage, and reading it whole could exhaust memory.
pub const MAX_READ: u64 = 1 << 20;

/// Reads a file that must be a regular file, owned by the user running certkeep (or root) and
/// not writable by group or others, and at most [`MAX_READ`] bytes long (see [`open_regular`]).
pub fn read_regular(path: &Path) -> Result<Vec<u8>, StoreError> {
    let file = open_regular(path, MAX_READ)?;
    let mut bytes = Vec::new();
    file.take(MAX_READ)
        .read_to_end(&mut bytes)
        .map_err(StoreError::io("read", path))?;
    Ok(bytes)
}

/// Opens a file that must be a regular file, owned by the user running certkeep (or root), not
/// writable by group or others, and at most `max` bytes long. It is opened with `O_NOFOLLOW` (a
/// symlink is refused: the store never makes one except `current`) and `O_NONBLOCK` (a FIFO
/// planted in its place cannot hang the run), then checked on the open descriptor, so no swap
/// between check and read is possible.
pub fn open_regular(path: &Path, max: u64) -> Result<File, StoreError> {
    use nix::libc;
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|source| {
            if source.raw_os_error() == Some(libc::ELOOP) {
                StoreError::Unsafe {
                    path: path.to_owned(),
                    reason: "it is a symlink, and the store never creates one here",
                }
            } else {
                StoreError::Io {
                    op: "read",
                    path: path.to_owned(),
                    source,
                }
            }
        })?;
    let meta = file.metadata().map_err(StoreError::io("read", path))?;
    if !meta.is_file() {
        return Err(StoreError::Unsafe {
            path: path.to_owned(),
            reason: "it is not a regular file",
        });
    }
    super::fs::confine::check_owner_and_mode(path, &meta)?;
    if meta.len() > max {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            reason: format!(
                "it is {} bytes long, more than any store file can be",
                meta.len()
            ),
        });
    }
    Ok(file)
}

fn parent_of(path: &Path) -> Result<&Path, StoreError> {
    path.parent().ok_or_else(|| StoreError::Unsafe {
        path: path.to_owned(),
        reason: "it has no parent directory",
    })
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_failing_random_source_is_an_error_never_a_guessable_name() {
        let dir = Path::new("/srv/store/certs");
        let err = suffix_from(Err(getrandom::Error::UNSUPPORTED), dir).unwrap_err();
        assert!(
            matches!(&err, StoreError::Io { path, .. } if path == dir),
            "{err}"
        );
        let names = [random_suffix(dir).unwrap(), random_suffix(dir).unwrap()];
        assert_ne!(names[0], names[1]);
        assert!(names.iter().all(|n| n.len() == 16), "{names:?}");
    }

    #[test]
    fn write_new_leaves_a_file_already_there_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cert.pem");
        write_new(&path, b"first", PUBLIC_FILE).unwrap();
        assert!(write_new(&path, b"second", PUBLIC_FILE).is_err());
        assert_eq!(fs::read(&path).unwrap(), b"first");
    }

    #[test]
    fn files_written_together_each_replace_their_target_with_its_mode_and_leave_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let (key, entry) = (
            dir.path().join("privkey.pem"),
            dir.path().join("order.json"),
        );
        fs::write(&entry, "an older, longer entry").unwrap();
        write_files_in(
            dir.path(),
            &[
                (&key, b"key", PRIVATE_FILE),
                (&entry, b"entry", PUBLIC_FILE),
            ],
        )
        .unwrap();
        assert_eq!(fs::read(&key).unwrap(), b"key");
        assert_eq!(fs::read(&entry).unwrap(), b"entry");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode(&key), mode(&entry)), (PRIVATE_FILE, PUBLIC_FILE));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
        // A file outside the directory whose one fsync would not cover it is refused.
        let elsewhere = tempfile::tempdir().unwrap();
        let outside = elsewhere.path().join("x");
        assert!(write_files_in(dir.path(), &[(&outside, b"x", PUBLIC_FILE)]).is_err());
        assert!(!outside.exists());
    }

    #[test]
    fn private_file_is_0600_even_under_umask_000_and_replaces_without_stale_tail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("privkey.pem");
        write_file(&path, &[b'x'; 4096], PRIVATE_FILE).unwrap();
        write_file(&path, b"short", PRIVATE_FILE).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"short");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "temp files left behind");
    }

    #[test]
    fn a_symlink_in_place_of_a_file_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, b"keep me").unwrap();
        let path = dir.path().join("privkey.pem");
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        assert!(matches!(
            read_regular(&path),
            Err(StoreError::Unsafe { .. })
        ));
        write_file(&path, b"new", PRIVATE_FILE).unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn a_fifo_or_directory_in_place_of_a_file_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("spec.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        assert!(matches!(
            read_regular(&fifo),
            Err(StoreError::Unsafe { .. })
        ));
        assert!(matches!(
            read_regular(dir.path()),
            Err(StoreError::Unsafe { .. })
        ));
    }
}
