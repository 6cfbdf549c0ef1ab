//! Writes one certificate's target files as a set: each atomically (a temp file created
//! exclusively with mode 0600 in the target's directory, chowned and chmodded before the first
//! byte of a key is written, fsynced, renamed over the target), and when one fails the ones
//! already written are put back byte for byte with their old owner and mode. A target is never
//! a symlink, except certbot's `live/` link into its own `archive/`, which is replaced by a
//! regular file (and put back as the link on a rollback). [`Backup`] keeps
//! the old files so a failed config test or reload can put them back too.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::InstallError;
use crate::domain::TargetKind;

/// One file to write.
#[derive(Debug)]
pub struct Planned {
    /// Where.
    pub path: PathBuf,
    /// Its shape (for the report).
    pub kind: TargetKind,
    /// Its contents.
    pub bytes: Vec<u8>,
    /// Its mode.
    pub mode: u32,
    /// Its owner (`None`: whoever runs certkeep).
    pub uid: Option<u32>,
    /// Its group.
    pub gid: Option<u32>,
    /// True when the target may be certbot's `live/` link ([`is_certbot_live_link`]): only
    /// for targets `import --take-over` made from those links.
    pub may_replace_certbot_link: bool,
}

/// One file as it is after the write (`result.targets[]` in JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Written {
    /// The path.
    pub path: PathBuf,
    /// Its shape.
    pub kind: TargetKind,
    /// The owner's uid.
    pub owner: u32,
    /// The group's gid.
    pub group: u32,
    /// The mode, octal text (`"0640"`).
    pub mode: String,
    /// False when the file already was exactly this (contents, owner, group, mode).
    pub written: bool,
}

/// A file as it was before the set was written.
#[derive(Debug)]
struct Saved {
    bytes: Vec<u8>,
    mode: u32,
    uid: u32,
    gid: u32,
}

/// What was at a target before the set was written.
#[derive(Debug)]
enum Before {
    /// Nothing.
    Nothing,
    /// A regular file.
    File(Saved),
    /// certbot's link into its `archive/` ([`is_certbot_live_link`]), by its target.
    Link(PathBuf),
}

/// The files a set replaced, to put back.
#[derive(Debug, Default)]
pub struct Backup {
    /// In write order: the path and what was there.
    entries: Vec<(PathBuf, Before)>,
}

impl Backup {
    /// True when the set changed nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Puts every replaced file back as it was (and removes the ones that were new), last
    /// written first. Goes on past a failure and returns the first one.
    pub fn restore(self) -> Result<(), InstallError> {
        let mut first = None;
        for (path, saved) in self.entries.into_iter().rev() {
            let result = match saved {
                Before::File(old) => {
                    replace(&path, &old.bytes, old.mode, Some(old.uid), Some(old.gid))
                }
                Before::Link(target) => relink(&path, &target),
                Before::Nothing => {
                    fs::remove_file(&path).map_err(InstallError::io("remove", &path))
                }
            };
            if let Err(err) = result {
                first.get_or_insert(err);
            }
        }
        first.map_or(Ok(()), Err)
    }
}

/// Writes every planned file; on the first failure puts back the ones already written and
/// returns that failure. On success returns what each file is now and the backup of what was.
pub fn write_set(planned: &[Planned]) -> Result<(Vec<Written>, Backup), InstallError> {
    for file in planned {
        check_target(&file.path, file.may_replace_certbot_link)?;
    }
    let mut backup = Backup::default();
    let mut written = Vec::with_capacity(planned.len());
    for file in planned {
        match write_one(file, &mut backup) {
            Ok(done) => written.push(done),
            Err(err) => {
                if let Err(restore) = backup.restore() {
                    return Err(InstallError::RestoreFailed {
                        original: Box::new(err),
                        restore: Box::new(restore),
                    });
                }
                return Err(err);
            }
        }
    }
    Ok((written, backup))
}

/// Refuses a target that is a symlink or not a regular file, and a directory that is missing
/// or writable by others (they could swap the file under the service). certbot's `live/` link
/// is let through only when `may_replace_certbot_link` (a target `import --take-over` made):
/// any other install would turn an unrelated certbot lineage's link into a file.
pub fn check_target(path: &Path, may_replace_certbot_link: bool) -> Result<(), InstallError> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .ok_or_else(|| InstallError::Unsafe(path.to_owned(), "it has no directory"))?;
    let dir = fs::metadata(parent).map_err(|source| InstallError::NoDirectory {
        path: parent.to_owned(),
        source,
    })?;
    if !dir.is_dir() {
        return Err(InstallError::Unsafe(
            parent.to_owned(),
            "it is not a directory",
        ));
    }
    // Whoever can write the directory can swap the file under the service (or, before a
    // write, plant one whose owner certkeep would be told to keep): only root and the user
    // running certkeep may own it, and only they (and root's group) may write it.
    let me = nix::unistd::geteuid().as_raw();
    if dir.mode() & 0o002 != 0 {
        return Err(InstallError::Unsafe(
            parent.to_owned(),
            "the directory is writable by other users",
        ));
    }
    if dir.uid() != 0 && dir.uid() != me {
        return Err(InstallError::Unsafe(
            parent.to_owned(),
            "the directory belongs to another user",
        ));
    }
    if dir.mode() & 0o020 != 0 && dir.gid() != 0 {
        return Err(InstallError::Unsafe(
            parent.to_owned(),
            "the directory is writable by its group",
        ));
    }
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            if may_replace_certbot_link && is_certbot_live_link(path) {
                Ok(())
            } else {
                Err(InstallError::Unsafe(path.to_owned(), "it is a symlink"))
            }
        }
        Ok(meta) if !meta.is_file() => Err(InstallError::Unsafe(
            path.to_owned(),
            "it is not a regular file",
        )),
        Ok(_) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(InstallError::io("inspect", path)(err)),
    }
}

/// True for certbot's `CONFIG/live/NAME/FILE`, a symlink whose target (followed to the end) is
/// inside the same `CONFIG/archive/`: the one symlink an install target may be (taken over from
/// certbot). The write renames a regular file over the link itself, so nothing is written
/// through it and `archive/` keeps certbot's generations untouched; any other symlink, one
/// planted to redirect a write included, stays refused.
pub fn is_certbot_live_link(path: &Path) -> bool {
    let Some(config) = path
        .parent()
        .and_then(Path::parent)
        .filter(|live| live.file_name().is_some_and(|n| n == "live"))
        .and_then(Path::parent)
    else {
        return false;
    };
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let archive = config.join("archive");
    let archive_is_dir = fs::symlink_metadata(&archive).is_ok_and(|m| m.is_dir());
    match (
        is_link && archive_is_dir,
        fs::canonicalize(path),
        fs::canonicalize(&archive),
    ) {
        (true, Ok(target), Ok(archive)) => target.starts_with(&archive) && target != archive,
        _ => false,
    }
}

fn write_one(file: &Planned, backup: &mut Backup) -> Result<Written, InstallError> {
    // Only a link check_target let through gets here: certbot's, put back as a link.
    let link = fs::symlink_metadata(&file.path)
        .is_ok_and(|m| m.file_type().is_symlink())
        .then(|| fs::read_link(&file.path))
        .transpose()
        .map_err(InstallError::io("read the link", &file.path))?;
    let old = match link {
        Some(_) => None,
        None => read_existing(&file.path)?,
    };
    let (my_uid, my_group) = (
        nix::unistd::geteuid().as_raw(),
        nix::unistd::getegid().as_raw(),
    );
    // The owner and group are what the target says (default: whoever runs certkeep), never
    // inherited from the file found there: that file may have been planted by someone else.
    let uid = file.uid.unwrap_or(my_uid);
    let gid = file.gid.unwrap_or(my_group);
    let same = old.as_ref().is_some_and(|o| {
        o.bytes == file.bytes && o.mode == file.mode && o.uid == uid && o.gid == gid
    });
    if !same {
        replace(&file.path, &file.bytes, file.mode, Some(uid), Some(gid))?;
        let before = match (link, old) {
            (Some(target), _) => Before::Link(target),
            (None, Some(saved)) => Before::File(saved),
            (None, None) => Before::Nothing,
        };
        backup.entries.push((file.path.clone(), before));
    }
    Ok(Written {
        path: file.path.clone(),
        kind: file.kind,
        owner: uid,
        group: gid,
        mode: format!("{:04o}", file.mode),
        written: !same,
    })
}

fn read_existing(path: &Path) -> Result<Option<Saved>, InstallError> {
    let file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc_flags())
        .open(path)
    {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(InstallError::io("read", path)(err)),
    };
    let meta = file.metadata().map_err(InstallError::io("inspect", path))?;
    if !meta.is_file() {
        return Err(InstallError::Unsafe(
            path.to_owned(),
            "it is not a regular file",
        ));
    }
    let bytes = crate::bounded::read_stream(file, MAX_TARGET_BYTES)
        .map_err(InstallError::io("read", path))?;
    Ok(Some(Saved {
        bytes,
        mode: meta.mode() & 0o7777,
        uid: meta.uid(),
        gid: meta.gid(),
    }))
}

/// The most certkeep reads of a file it is about to replace (to put it back): a certificate
/// file is a few KiB; anything much larger is not one.
const MAX_TARGET_BYTES: u64 = 1 << 20;

fn libc_flags() -> i32 {
    nix::libc::O_NOFOLLOW | nix::libc::O_NONBLOCK
}

/// Replaces `path` atomically with `bytes`: the temp file is 0600 and owned as asked before any
/// byte is written, then gets its final mode.
fn replace(
    path: &Path,
    bytes: &[u8],
    mode: u32,
    uid: Option<u32>,
    gid: Option<u32>,
) -> Result<(), InstallError> {
    let dir = path.parent().unwrap_or(Path::new("/"));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let suffix = crate::store::atomic::random_suffix(dir)
        .map_err(|e| InstallError::io("name a temporary file in", dir)(std::io::Error::other(e)))?;
    let temp = dir.join(format!(".{name}.certkeep-{suffix}"));
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(nix::libc::O_NOFOLLOW)
            .open(&temp)
            .map_err(InstallError::io("create", &temp))?;
        if uid.is_some() || gid.is_some() {
            std::os::unix::fs::fchown(&file, uid, gid).map_err(InstallError::io("chown", &temp))?;
        }
        file.set_permissions(fs::Permissions::from_mode(mode))
            .map_err(InstallError::io("chmod", &temp))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(InstallError::io("write", &temp))?;
        fs::rename(&temp, path).map_err(InstallError::io("rename over", path))?;
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(InstallError::io("sync", dir))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Puts certbot's link back (a rollback after a failed set, config test or reload): a new
/// link under a temporary name, renamed over the file.
fn relink(path: &Path, target: &Path) -> Result<(), InstallError> {
    let dir = path.parent().unwrap_or(Path::new("/"));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let suffix = crate::store::atomic::random_suffix(dir)
        .map_err(|e| InstallError::io("name a temporary link in", dir)(std::io::Error::other(e)))?;
    let temp = dir.join(format!(".{name}.certkeep-{suffix}"));
    std::os::unix::fs::symlink(target, &temp).map_err(InstallError::io("create", &temp))?;
    let result = fs::rename(&temp, path)
        .map_err(InstallError::io("rename over", path))
        .and_then(|()| {
            File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(InstallError::io("sync", dir))
        });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn private_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        dir
    }

    fn planned(path: PathBuf, bytes: &[u8], mode: u32) -> Planned {
        Planned {
            path,
            kind: TargetKind::Key,
            bytes: bytes.to_vec(),
            mode,
            uid: None,
            gid: None,
            may_replace_certbot_link: false,
        }
    }

    #[test]
    fn a_set_that_fails_halfway_puts_the_first_files_back() {
        let dir = private_dir();
        let first = dir.path().join("a.pem");
        fs::write(&first, b"old a").unwrap();
        fs::set_permissions(&first, fs::Permissions::from_mode(0o640)).unwrap();
        let fresh = dir.path().join("new.pem");
        // The third target's directory does not exist: the set fails there.
        let set = [
            planned(first.clone(), b"new a", 0o600),
            planned(fresh.clone(), b"new b", 0o600),
            planned(dir.path().join("missing/c.pem"), b"c", 0o600),
        ];
        assert!(matches!(
            write_set(&set),
            Err(InstallError::NoDirectory { .. })
        ));
        // Checked before anything was written: nothing changed.
        assert_eq!(fs::read(&first).unwrap(), b"old a");
        assert!(!fresh.exists());

        // A failure during the writes: the second target is too large to keep a copy of, so
        // it is refused after the first was written, and the first is put back.
        let huge = dir.path().join("huge.pem");
        fs::write(
            &huge,
            vec![b'x'; usize::try_from(MAX_TARGET_BYTES + 1).unwrap()],
        )
        .unwrap();
        let set = [
            planned(first.clone(), b"new a", 0o600),
            planned(fresh.clone(), b"new b", 0o600),
            planned(huge.clone(), b"new c", 0o600),
        ];
        assert!(matches!(write_set(&set), Err(InstallError::Io { .. })));
        assert_eq!(fs::read(&first).unwrap(), b"old a");
        assert_eq!(fs::metadata(&first).unwrap().mode() & 0o777, 0o640);
        assert!(!fresh.exists(), "a file that was new is removed again");
        assert_eq!(fs::metadata(&huge).unwrap().len(), MAX_TARGET_BYTES + 1);

        // A backup puts a successful set back too (a failed config test or reload).
        let (_, backup) = write_set(&set[..2]).unwrap();
        assert_eq!(fs::read(&first).unwrap(), b"new a");
        backup.restore().unwrap();
        assert_eq!(fs::read(&first).unwrap(), b"old a");
        assert!(!fresh.exists());
        let blocker = dir.path().join("blocker.pem");
        fs::create_dir(&blocker).unwrap();
        assert!(matches!(
            write_set(&[planned(blocker, b"x", 0o600)]),
            Err(InstallError::Unsafe(_, "it is not a regular file"))
        ));
    }

    #[test]
    fn symlinks_and_shared_directories_are_refused() {
        let dir = private_dir();
        let real = dir.path().join("real.pem");
        fs::write(&real, b"x").unwrap();
        let link = dir.path().join("link.pem");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(matches!(
            write_set(&[planned(link, b"key", 0o600)]),
            Err(InstallError::Unsafe(_, "it is a symlink"))
        ));
        assert_eq!(fs::read(&real).unwrap(), b"x");
        let shared = dir.path().join("shared");
        fs::create_dir(&shared).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o777)).unwrap();
        assert!(matches!(
            write_set(&[planned(shared.join("k.pem"), b"key", 0o600)]),
            Err(InstallError::Unsafe(
                _,
                "the directory is writable by other users"
            ))
        ));
    }

    #[test]
    fn only_certbots_live_links_into_its_own_archive_are_replaced_and_put_back() {
        let config = private_dir();
        let archive = config.path().join("archive/web");
        let live = config.path().join("live/web");
        fs::create_dir_all(&archive).unwrap();
        fs::create_dir_all(&live).unwrap();
        fs::write(archive.join("cert1.pem"), b"generation 1").unwrap();
        let link = live.join("cert.pem");
        std::os::unix::fs::symlink("../../archive/web/cert1.pem", &link).unwrap();
        assert!(is_certbot_live_link(&link));
        let taking_over = |path: &Path, bytes: &[u8]| Planned {
            may_replace_certbot_link: true,
            ..planned(path.to_owned(), bytes, 0o644)
        };

        // Only a target `import --take-over` made may replace it.
        assert!(matches!(
            write_set(&[planned(link.clone(), b"renewed", 0o644)]),
            Err(InstallError::Unsafe(_, "it is a symlink"))
        ));
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        let (_, backup) = write_set(&[taking_over(&link, b"renewed")]).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_file(), "a file now");
        assert_eq!(fs::read(&link).unwrap(), b"renewed");
        assert_eq!(
            fs::read(archive.join("cert1.pem")).unwrap(),
            b"generation 1"
        );
        backup.restore().unwrap();
        assert_eq!(
            fs::read_link(&link).unwrap(),
            Path::new("../../archive/web/cert1.pem"),
            "the rollback puts certbot's link back"
        );

        // A link out of archive/ (to the key of another service, say) stays refused, in live/
        // as anywhere else; so does one into an archive/ that is itself a link.
        let elsewhere = config.path().join("other.pem");
        fs::write(&elsewhere, b"not certbot's").unwrap();
        let planted = live.join("chain.pem");
        std::os::unix::fs::symlink("../../other.pem", &planted).unwrap();
        let escaping = live.join("fullchain.pem");
        std::os::unix::fs::symlink("../../archive/../other.pem", &escaping).unwrap();
        for bad in [&planted, &escaping] {
            assert!(!is_certbot_live_link(bad), "{}", bad.display());
            assert!(matches!(
                write_set(&[taking_over(bad, b"x")]),
                Err(InstallError::Unsafe(_, "it is a symlink"))
            ));
        }
        assert_eq!(fs::read(&elsewhere).unwrap(), b"not certbot's");
        let other = private_dir();
        fs::create_dir_all(other.path().join("live/web")).unwrap();
        std::os::unix::fs::symlink(config.path().join("archive"), other.path().join("archive"))
            .unwrap();
        let via_link = other.path().join("live/web/cert.pem");
        std::os::unix::fs::symlink("../../archive/web/cert1.pem", &via_link).unwrap();
        assert!(!is_certbot_live_link(&via_link));
    }

    #[test]
    fn a_file_found_at_the_target_never_passes_its_owner_on() {
        let dir = private_dir();
        let path = dir.path().join("k.pem");
        fs::write(&path, b"planted").unwrap();
        std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
        let (written, _) = write_set(&[planned(path.clone(), b"key", 0o600)]).unwrap();
        let me = nix::unistd::geteuid().as_raw();
        assert_eq!(fs::metadata(&path).unwrap().uid(), me);
        assert_eq!(written[0].owner, me);
    }

    #[test]
    fn a_directory_another_user_owns_or_its_group_can_write_is_refused() {
        let dir = private_dir();
        let theirs = dir.path().join("theirs");
        fs::create_dir(&theirs).unwrap();
        std::os::unix::fs::chown(&theirs, Some(65534), None).unwrap();
        assert!(matches!(
            check_target(&theirs.join("k.pem"), false),
            Err(InstallError::Unsafe(
                _,
                "the directory belongs to another user"
            ))
        ));
        let shared = dir.path().join("shared");
        fs::create_dir(&shared).unwrap();
        std::os::unix::fs::chown(&shared, None, Some(65534)).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o775)).unwrap();
        assert!(matches!(
            check_target(&shared.join("k.pem"), false),
            Err(InstallError::Unsafe(
                _,
                "the directory is writable by its group"
            ))
        ));
        std::os::unix::fs::chown(&shared, None, Some(0)).unwrap();
        assert!(
            check_target(&shared.join("k.pem"), false).is_ok(),
            "root's group may write"
        );
    }

    #[test]
    fn an_unchanged_file_is_not_rewritten_and_modes_are_exact() {
        let dir = private_dir();
        let path = dir.path().join("k.pem");
        let (first, backup) = write_set(&[planned(path.clone(), b"key", 0o640)]).unwrap();
        assert!(first[0].written);
        assert!(!backup.is_empty());
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o640);
        let (again, backup) = write_set(&[planned(path.clone(), b"key", 0o640)]).unwrap();
        assert!(!again[0].written);
        assert!(backup.is_empty());
        let (changed, _) = write_set(&[planned(path.clone(), b"key", 0o600)]).unwrap();
        assert!(changed[0].written, "a mode change is a write");
        assert_eq!(changed[0].mode, "0600");
    }
}
