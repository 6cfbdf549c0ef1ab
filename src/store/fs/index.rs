//! The summary index, `<store>/index.json`: for each healthy lineage, its parsed spec, state and
//! current record, and a stamp of every file they came from. The renewal windows an ARI refresh
//! saves are not in it: they are read beside it from the store's `ari.json` (`ari_cache`), so a
//! refresh round leaves every entry fresh. Listing a store of 10,000
//! certificates then costs a few `lstat`s per certificate instead of reading, parsing and
//! checking every file (PEM certificates, key against certificate).
//!
//! The index is never the truth. An entry is served only when the stamp taken now
//! ([`super::stamp`]) equals the one taken before its files were last read, so a hand edit,
//! even within the same second and in place, is read anew. Damaged lineages are never cached:
//! they are read (and reported) every time. A missing, corrupt or foreign (another user's)
//! index is ignored and rebuilt; it is written atomically, and losing the race to another
//! writer only costs a rebuild.
//!
//! It is read one line at a time, merged with the lineages as they are listed (both in name
//! order), so a listing never holds more than one entry of it: 10,000 certificates are listed in
//! a few megabytes. Only when something changed is it written again, the entries still fresh
//! copied over from the old file as they are, without being parsed or encoded again.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Take};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::atomic::{self, PRIVATE_FILE};
use crate::domain::{CertRecord, CertSpec, LineageState};

/// The index file in the store root (JSON lines: a header, then one line per lineage).
pub(super) const INDEX_FILE: &str = "index.json";

/// Bumped whenever the layout of the index (its [`Header`] and lines) or of a stamp changes: an old index is then
/// simply rebuilt.
const INDEX_FORMAT: u32 = 3;

/// The largest index read: about 1 KiB per certificate, so room for 100,000 and more.
const MAX_INDEX: u64 = 256 << 20;

/// What the index remembers of one healthy lineage.
#[derive(Debug, Deserialize)]
pub(super) struct Cached {
    /// The lineage's directory name.
    pub(super) name: String,
    /// [`Stamper::stamp`](super::stamp::Stamper::stamp) of the lineage, taken before its files were read.
    pub(super) stamp: u64,
    pub(super) spec: CertSpec,
    /// The state as `state.json` holds it, without the renewal information saved over it
    /// since (`ari.json`, which is read beside the index), and the SHA-256 of that file's
    /// bytes (`None`: there is none), which such information must have been saved over.
    pub(super) state: LineageState,
    pub(super) state_digest: Option<String>,
    pub(super) current: Option<CertRecord>,
}

/// [`Cached`] as written, borrowing from the entries just listed (no copy of 10,000 specs).
#[derive(Serialize)]
pub(super) struct CachedRef<'a> {
    pub(super) name: &'a str,
    pub(super) stamp: u64,
    pub(super) spec: &'a CertSpec,
    pub(super) state: &'a LineageState,
    pub(super) state_digest: &'a Option<String>,
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

/// The lines of the index at `root` after its header, or `None` (missing, unreadable, corrupt
/// header, older layout, other user).
fn open_lines(root: &Path) -> Option<BufReader<Take<File>>> {
    let file = atomic::open_regular(&root.join(INDEX_FILE), MAX_INDEX).ok()?;
    let mut reader = BufReader::with_capacity(64 << 10, file.take(MAX_INDEX));
    let mut line = Vec::new();
    reader.read_until(b'\n', &mut line).ok()?;
    let header: Header = serde_json::from_slice(&line).ok()?;
    (header.format == INDEX_FORMAT && header.euid == euid()).then_some(reader)
}

/// The index read in name order, one entry at a time, as the lineages are listed.
pub(super) struct Reader {
    /// `None` at the end, or once the index was given up.
    lines: Option<BufReader<Take<File>>>,
    line: Vec<u8>,
    /// The entry read ahead: the next one, by name.
    next: Option<Cached>,
    /// The name of the last entry read: each must come after it.
    last: String,
    /// True when the index is out of date: entries were passed over (lineages gone), given up
    /// (a damaged or reordered line) or left unread.
    stale: bool,
}

impl Reader {
    /// The index at `root`; an unusable one reads as empty.
    pub(super) fn open(root: &Path) -> Self {
        Self {
            lines: open_lines(root),
            line: Vec::new(),
            next: None,
            last: String::new(),
            stale: false,
        }
    }

    /// The entry for `name`, if the index has one; `name`s must be asked for in increasing
    /// order (entries for names in between are passed over).
    pub(super) fn take(&mut self, name: &str) -> Option<Cached> {
        loop {
            if self.next.is_none() {
                self.next = Some(self.read()?);
            }
            match self.next.as_ref().map(|c| c.name.as_str().cmp(name)) {
                Some(std::cmp::Ordering::Less) => {
                    self.next = None;
                    self.stale = true;
                }
                Some(std::cmp::Ordering::Equal) => return self.next.take(),
                _ => return None,
            }
        }
    }

    fn read(&mut self) -> Option<Cached> {
        let lines = self.lines.as_mut()?;
        self.line.clear();
        let entry = match lines.read_until(b'\n', &mut self.line) {
            Ok(0) => {
                self.lines = None;
                return None;
            }
            Ok(_) => serde_json::from_slice::<Cached>(&self.line).ok(),
            Err(_) => None,
        };
        match entry {
            Some(entry) if self.last.is_empty() || self.last < entry.name => {
                self.last.clone_from(&entry.name);
                Some(entry)
            }
            // A damaged line, or lines out of order (edited by hand): the rest is not used
            // (those lineages are read from their files) and the index is written anew.
            _ => {
                self.lines = None;
                self.stale = true;
                None
            }
        }
    }

    /// True when the index must be written anew even if every lineage listed was served from
    /// it: it has entries for lineages that are gone, or lines that could not be used.
    pub(super) fn finish_stale(mut self) -> bool {
        let left_over = self.next.is_some() || self.read().is_some();
        // `read` marks a damaged line as stale too.
        left_over || self.stale
    }
}

/// One index line (with its newline) for an entry just read from its files.
pub(super) fn line(entry: &CachedRef<'_>) -> Option<Vec<u8>> {
    let mut line = serde_json::to_vec(entry).ok()?;
    line.push(b'\n');
    Some(line)
}

/// The start of an index line: enough to tell whether the entry is still fresh.
#[derive(Deserialize)]
struct Head {
    name: String,
    stamp: u64,
}

/// Writes the index anew, atomically: for each of `names` (sorted, with their `stamps` taken
/// this run), its line from `rebuilt` (position, line) when it was just read from its files,
/// else, when it was `served` from the old index, that entry's line copied as it is (only if
/// its stamp is still the one taken: the old file may have been replaced since by another
/// process). A failure (read-only store, full disk) only means the next run reads the files
/// again.
pub(super) fn save(
    root: &Path,
    names: &[String],
    stamps: &[Option<u64>],
    served: &[bool],
    rebuilt: Vec<(usize, Vec<u8>)>,
) {
    let mut old = OldLines {
        lines: served.contains(&true).then(|| open_lines(root)).flatten(),
        line: Vec::new(),
        head: None,
    };
    let mut rebuilt = rebuilt.into_iter().peekable();
    let mut body = Vec::new();
    let mut count = 0;
    for (position, name) in names.iter().enumerate() {
        if let Some((_, line)) = rebuilt.next_if(|(at, _)| *at == position) {
            body.extend_from_slice(&line);
            count += 1;
        } else if served[position] && old.find(name, stamps[position]) {
            body.extend_from_slice(&old.line);
            if !old.line.ends_with(b"\n") {
                body.push(b'\n');
            }
            count += 1;
        }
    }
    let header = Header {
        format: INDEX_FORMAT,
        euid: euid(),
        count,
    };
    let Ok(mut text) = serde_json::to_vec(&header) else {
        return;
    };
    text.push(b'\n');
    text.append(&mut body);
    let _ = atomic::write_file(&root.join(INDEX_FILE), &text, PRIVATE_FILE);
}

/// The old index's lines, read on as they are asked for by name.
struct OldLines {
    lines: Option<BufReader<Take<File>>>,
    /// The line read last, and its start when it was read but not yet asked for.
    line: Vec<u8>,
    head: Option<Head>,
}

impl OldLines {
    /// Reads on to the line of `name` (names asked for in increasing order); true when there
    /// is one with `stamp` (it is then in `self.line`).
    fn find(&mut self, name: &str, stamp: Option<u64>) -> bool {
        loop {
            if self.head.is_none() {
                self.head = self.read();
            }
            let Some(head) = &self.head else {
                return false;
            };
            match head.name.as_str().cmp(name) {
                std::cmp::Ordering::Less => self.head = None,
                std::cmp::Ordering::Equal => {
                    let fresh = Some(head.stamp) == stamp;
                    self.head = None;
                    return fresh;
                }
                std::cmp::Ordering::Greater => return false,
            }
        }
    }

    /// The next line's start; `None` at the end or at a line that cannot be read (the rest is
    /// then left out: those lineages are read from their files next time).
    fn read(&mut self) -> Option<Head> {
        let lines = self.lines.as_mut()?;
        self.line.clear();
        let head = match lines.read_until(b'\n', &mut self.line) {
            Ok(0) | Err(_) => None,
            Ok(_) => serde_json::from_slice::<Head>(&self.line).ok(),
        };
        if head.is_none() {
            self.lines = None;
        }
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(count: usize) -> String {
        format!(
            r#"{{"format":{INDEX_FORMAT},"euid":{},"count":{count}}}"#,
            euid()
        )
    }

    #[test]
    fn a_save_copies_the_entries_still_fresh_and_leaves_out_those_changed_since() {
        let root = tempfile::tempdir().unwrap();
        let old = [
            header(3),
            r#"{"name":"a","stamp":1,"kept":"as written"}"#.into(),
            r#"{"name":"b","stamp":2}"#.into(),
            r#"{"name":"gone","stamp":9}"#.into(),
        ]
        .join("\n");
        std::fs::write(root.path().join(INDEX_FILE), old).unwrap();
        let names = ["a", "b", "c", "d"].map(String::from);
        // `b` was served, but the old file was replaced since by one with another stamp.
        let stamps = [Some(1), Some(5), Some(3), Some(4)];
        let served = [true, true, false, false];
        let rebuilt = vec![
            (2, b"{\"name\":\"c\"}\n".to_vec()),
            (3, b"{\"name\":\"d\"}\n".to_vec()),
        ];
        save(root.path(), &names, &stamps, &served, rebuilt);
        let text = std::fs::read_to_string(root.path().join(INDEX_FILE)).unwrap();
        assert_eq!(
            text,
            [
                header(3).as_str(),
                r#"{"name":"a","stamp":1,"kept":"as written"}"#,
                r#"{"name":"c"}"#,
                r#"{"name":"d"}"#,
                "",
            ]
            .join("\n")
        );
    }
}
