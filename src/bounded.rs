//! Reading what the user points certkeep at (a config file, a CA root, a CSR, a `file:` secret,
//! stdin) with a size cap: `--config /dev/zero` or a multi-gigabyte file must end in a clear
//! error, not in the kernel's out-of-memory killer. The store has its own stricter reader
//! (`store::atomic::read_regular`), which also refuses links and foreign files.
//!
//! Imports nothing from the crate: every layer may use it.

use std::io::{self, Read};
use std::path::Path;

/// The cap for files such as a config file, a CA root bundle or a CSR.
pub const FILE_LIMIT: u64 = 1 << 20;

/// The cap for a secret (an EAB HMAC, a TSIG key, an API token).
pub const SECRET_LIMIT: u64 = 64 << 10;

/// Reads at most `limit` bytes from `reader`; more is an [`io::ErrorKind::InvalidData`] error
/// that names the limit.
pub fn read_stream(reader: impl Read, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than {limit} bytes"),
        ));
    }
    Ok(bytes)
}

/// Reads the file at `path`, at most `limit` bytes. A named pipe or socket is refused before it
/// is opened: opening a pipe nobody writes to would wait for ever.
pub fn read_file(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::metadata(path)?.file_type();
    if kind.is_fifo() || kind.is_socket() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a pipe or socket, not a file",
        ));
    }
    read_stream(std::fs::File::open(path)?, limit)
}

/// Reads the file at `path` as UTF-8 text, at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read_file(path, limit)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_source_is_cut_at_the_limit_with_an_error() {
        let err = read_stream(io::repeat(b'x'), 1024).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("1024"), "{err}");
    }

    #[test]
    fn a_source_at_the_limit_is_read_whole() {
        assert_eq!(read_stream(&b"abcd"[..], 4).unwrap(), b"abcd");
        assert_eq!(read_stream(&b""[..], 0).unwrap(), b"");
    }

    #[test]
    fn a_named_pipe_is_refused_instead_of_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("config.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let err = read_file(&fifo, FILE_LIMIT).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn a_device_that_never_ends_is_refused() {
        let err = read_file(Path::new("/dev/zero"), FILE_LIMIT).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }
}
