//! The store's format version, `<store>/store.json` (`{"format": 1}`): written when the store is
//! first written, read whenever it is opened. A store written by a newer certkeep (a higher
//! format) is refused with a clear error, never misread; a store without the file is format 1
//! (every store before the file existed) and gets it at its next write.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::StoreError;
use super::atomic::{self, PUBLIC_FILE};

/// The name of the format file in the store root.
pub(super) const FORMAT_FILE: &str = "store.json";

/// The store format this build reads and writes.
pub const FORMAT: u32 = 1;

/// `store.json`. Unknown fields are allowed: a newer certkeep may add some without a new format.
#[derive(Debug, Serialize, Deserialize)]
struct FormatFile {
    format: u32,
}

/// The format of the store at `root`: `None` when it has no `store.json` (format 1 without the
/// file), an error when the file is damaged or names a format newer than [`FORMAT`].
pub(super) fn read(root: &Path) -> Result<Option<u32>, StoreError> {
    let path = root.join(FORMAT_FILE);
    let bytes = match atomic::read_regular(&path) {
        Ok(bytes) => bytes,
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(err) => return Err(err),
    };
    let file: FormatFile = serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    if file.format > FORMAT {
        return Err(StoreError::NewerFormat {
            path,
            found: file.format,
            supported: FORMAT,
        });
    }
    Ok(Some(file.format))
}

/// Checks the format and writes `store.json` when it is missing; the root must exist.
pub(super) fn ensure(root: &Path) -> Result<(), StoreError> {
    if read(root)?.is_none() {
        let json = serde_json::to_vec_pretty(&FormatFile { format: FORMAT }).map_err(|e| {
            StoreError::Corrupt {
                path: root.join(FORMAT_FILE),
                reason: e.to_string(),
            }
        })?;
        atomic::write_file(&root.join(FORMAT_FILE), &json, PUBLIC_FILE)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_format_file_is_format_one_and_is_written() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
        ensure(dir.path()).unwrap();
        assert_eq!(read(dir.path()).unwrap(), Some(FORMAT));
    }

    #[test]
    fn a_newer_or_damaged_format_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FORMAT_FILE),
            r#"{"format": 2, "new": true}"#,
        )
        .unwrap();
        assert!(matches!(
            read(dir.path()),
            Err(StoreError::NewerFormat {
                found: 2,
                supported: 1,
                ..
            })
        ));
        assert!(ensure(dir.path()).is_err());
        std::fs::write(dir.path().join(FORMAT_FILE), "{").unwrap();
        assert!(matches!(read(dir.path()), Err(StoreError::Corrupt { .. })));
    }
}
