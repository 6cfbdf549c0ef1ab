//! Keeping the store inside itself. Every directory the store uses is checked before it is used:
//! a real directory (never a symlink), owned by the user running certkeep (or root), and not
//! writable by group or others, the rule ssh applies to `~/.ssh`. Once a directory passes, no
//! other user can swap an entry inside it, so the checks cannot be raced by anyone but its owner.
//! Files are opened with `O_NOFOLLOW` (see [`super::atomic::read_regular`]); the only symlink the
//! store makes is `current`, checked where it is read.

use std::fs::{self, DirBuilder, Metadata};
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::Path;

use super::StoreError;
use super::atomic::PRIVATE_DIR;

/// Mode bits that let someone other than the owner change a directory's entries.
const FOREIGN_WRITE: u32 = 0o022;

/// Checks the metadata of a directory the store keeps things in (`meta` from `symlink_metadata`,
/// or from `metadata` for the store root, which may itself be a symlink the user made).
pub(super) fn check_dir(path: &Path, meta: &Metadata) -> Result<(), StoreError> {
    if meta.file_type().is_symlink() {
        return Err(StoreError::Unsafe {
            path: path.to_owned(),
            reason: "it is a symlink, and the store never creates one here",
        });
    }
    if !meta.is_dir() {
        return Err(StoreError::Unsafe {
            path: path.to_owned(),
            reason: "it is not a directory",
        });
    }
    check_owner_and_mode(path, meta)
}

/// Refuses a store file or directory that another user owns or could change: a spec anyone can
/// edit could name a hook, and the hook runs as the user running certkeep.
pub(in crate::store) fn check_owner_and_mode(
    path: &Path,
    meta: &Metadata,
) -> Result<(), StoreError> {
    let user = nix::unistd::geteuid().as_raw();
    // Root can change anything anyway, so a root-owned directory gives no one extra power.
    if meta.uid() != user && meta.uid() != 0 {
        return Err(StoreError::NotOwned {
            path: path.to_owned(),
            owner: meta.uid(),
            user,
        });
    }
    if meta.mode() & FOREIGN_WRITE != 0 {
        return Err(StoreError::Exposed {
            path: path.to_owned(),
            mode: meta.mode() & 0o7777,
        });
    }
    Ok(())
}

/// Checks the store directory at `path` without following a symlink there; `Ok(false)` when it
/// does not exist.
pub(in crate::store) fn real_dir(path: &Path) -> Result<bool, StoreError> {
    match fs::symlink_metadata(path) {
        Ok(meta) => check_dir(path, &meta).map(|()| true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(StoreError::Io {
            op: "inspect",
            path: path.to_owned(),
            source,
        }),
    }
}

/// Creates the directory `path` (0700) when missing, its parent being a checked store
/// directory, and checks it.
pub(in crate::store) fn ensure_dir(path: &Path) -> Result<(), StoreError> {
    match DirBuilder::new().mode(PRIVATE_DIR).create(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(source) => {
            return Err(StoreError::Io {
                op: "create directory",
                path: path.to_owned(),
                source,
            });
        }
    }
    real_dir(path).map(|_| ())
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn symlinked_loose_and_foreign_directories_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good");
        ensure_dir(&good).unwrap();
        assert!(real_dir(&good).unwrap());
        assert!(!real_dir(&dir.path().join("missing")).unwrap());

        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&good, &link).unwrap();
        assert!(matches!(real_dir(&link), Err(StoreError::Unsafe { .. })));
        assert!(matches!(ensure_dir(&link), Err(StoreError::Unsafe { .. })));

        let loose = dir.path().join("loose");
        fs::create_dir(&loose).unwrap();
        fs::set_permissions(&loose, fs::Permissions::from_mode(0o777)).unwrap();
        assert!(matches!(
            real_dir(&loose),
            Err(StoreError::Exposed { mode: 0o777, .. })
        ));

        let file = dir.path().join("file");
        fs::write(&file, b"x").unwrap();
        assert!(matches!(real_dir(&file), Err(StoreError::Unsafe { .. })));
    }
}
