//! The store's advisory write lock (`<store>/lock`), held through an OS file lock so a crashed
//! holder releases it automatically; a stale or garbage lock file never blocks anyone.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use super::StoreError;

/// An OS file lock on a lock file; released on drop (or when the process dies).
#[derive(Debug)]
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Takes the lock, polling for up to `wait` while another process holds it.
    pub fn acquire(path: &Path, wait: Duration) -> Result<Self, StoreError> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            // A symlink planted as the lock file must not be followed (and created or locked).
            .custom_flags(nix::libc::O_NOFOLLOW)
            .open(path)
            .map_err(StoreError::io("open lock file", path))?;
        let deadline = Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => {
                    return Ok(Self { _file: file });
                }
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(StoreError::Locked {
                        path: path.to_owned(),
                    });
                }
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(StoreError::Io {
                        op: "lock",
                        path: path.to_owned(),
                        source,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        std::fs::write(&path, b"garbage from an older crash").unwrap();
        let first = FileLock::acquire(&path, Duration::ZERO).unwrap();
        let second = FileLock::acquire(&path, Duration::from_millis(100));
        assert!(matches!(second, Err(StoreError::Locked { .. })));
        drop(first);
        FileLock::acquire(&path, Duration::ZERO).unwrap();
    }
}
