//! The renewal information (RFC 9773) that ARI refreshes save: one file for the whole store,
//! `<store>/ari.json`, written atomically (temp file and rename) once per refresh round and
//! not fsynced. The window is a cache the CA can always be asked for again, and a first round
//! over ten thousand lineages must cost neither twenty thousand fsyncs nor ten thousand new
//! files (creating a file is what such a round spent most of its time on). `state.json`, which
//! holds what must survive a crash (the failure ledger, pending hooks, the revocation, the last
//! deploy), is not written by a refresh at all, so it stays as durable as its last full save
//! left it.
//!
//! The file is JSON lines: a header, then one [`Window`] per lineage, sorted by name, so that
//! a listing reads it beside the lineages in one pass ([`Reader`]) and one lineage's window is
//! found by a binary search ([`overlay_one`]). Each window names the `state.json` it
//! applies over (the SHA-256 of its bytes) and counts only while that file is unchanged: any
//! later save of the state (which carries the window it was loaded with), a hand edit, or an
//! issuance that dropped the old window makes it stale without removing it.
//!
//! What can go wrong costs at most windows, which are then asked for again: a lost, torn or
//! garbage file after a crash reads as no window from the first line that cannot be read; a
//! line for a `state.json` since changed is ignored. Two processes saving at once (a cron
//! `renew` beside the daemon) each write the file whole, merged with what was there when they
//! read it: the last rename wins, and the windows only the other one had saved are asked for
//! again, never mixed into a file that cannot be read.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Take};
use std::os::unix::fs::FileExt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::atomic::{self, PRIVATE_FILE};
use super::{FsStore, StoreError};
use crate::domain::{AriState, CertName, LineageState};

/// The cache file in the store root.
pub(super) const ARI_FILE: &str = "ari.json";

/// Bumped whenever the layout of a line changes: an older file is then read as no windows.
const ARI_FORMAT: u32 = 1;

/// The largest file read: about 300 bytes a lineage, so room for 100,000 and more.
const MAX_ARI_FILE: u64 = 64 << 20;

/// The first line of the file.
#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
}

/// One lineage's renewal information, and the `state.json` it applies over: one line.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Window {
    /// The lineage's name, by which the lines are sorted.
    name: String,
    /// SHA-256 (hex) of the bytes of `state.json` when this was saved.
    over: String,
    #[serde(default)]
    ari: Option<AriState>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    ari_next_fetch: Option<OffsetDateTime>,
    #[serde(default)]
    ari_problem: Option<String>,
}

impl Window {
    /// The renewal information of `state`, for lineage `name` over `state.json` as it is now
    /// (`state_bytes`).
    pub(super) fn of(name: &str, state_bytes: &[u8], state: &LineageState) -> Self {
        Self {
            name: name.to_owned(),
            over: digest(state_bytes),
            ari: state.ari.clone(),
            ari_next_fetch: state.ari_next_fetch,
            ari_problem: state.ari_problem.clone(),
        }
    }

    /// Puts this window into `state` when it was saved over `over`.
    fn apply(self, over: &str, state: &mut LineageState) {
        if self.over == over {
            state.ari = self.ari;
            state.ari_next_fetch = self.ari_next_fetch;
            state.ari_problem = self.ari_problem;
        }
    }
}

/// The SHA-256 (hex) of `bytes`: what binds a window to the `state.json` it was saved over.
pub(super) fn digest(bytes: &[u8]) -> String {
    hex::encode(ring::digest::digest(&ring::digest::SHA256, bytes))
}

/// The lines of the file at `root` after its header, or `None` (missing, unreadable, torn
/// header, another format).
fn open_lines(root: &Path) -> Option<BufReader<Take<File>>> {
    let file = atomic::open_regular(&root.join(ARI_FILE), MAX_ARI_FILE).ok()?;
    let mut reader = BufReader::with_capacity(64 << 10, file.take(MAX_ARI_FILE));
    let mut line = Vec::new();
    reader.read_until(b'\n', &mut line).ok()?;
    let header: Header = serde_json::from_slice(&line).ok()?;
    (header.format == ARI_FORMAT).then_some(reader)
}

/// Puts the window saved for lineage `name` over `state.json` as it is (`over`, the digest of
/// its bytes) into `state`. Nothing changes when there is none, or it is stale, or the file
/// cannot be read. The line is found by a binary search over the file's bytes (its lines are
/// sorted by name), so one lineage's read costs a few short reads, not the whole file: a fleet
/// node materializing ten thousand certificates reads each one's state.
pub(super) fn overlay_one(root: &Path, name: &str, over: &str, state: &mut LineageState) {
    let Ok(file) = atomic::open_regular(&root.join(ARI_FILE), MAX_ARI_FILE) else {
        return;
    };
    let Ok(len) = file.metadata().map(|meta| meta.len()) else {
        return;
    };
    let lines = ByOffset { file, len };
    let Some((_, header)) = lines.line_from(0) else {
        return;
    };
    if !serde_json::from_slice::<Header>(&header).is_ok_and(|h| h.format == ARI_FORMAT) {
        return;
    }
    // The line sought starts at the first offset from which the next line's name is not below
    // `name` (or there is no next line): that only turns true once, the lines being sorted.
    let (mut low, mut high) = (header.len() as u64, len);
    while low < high {
        let middle = low + (high - low) / 2;
        match lines.line_from(middle) {
            Some((start, line))
                if serde_json::from_slice::<Head>(&line)
                    .is_ok_and(|head| head.name.as_str() < name) =>
            {
                low = start + line.len() as u64;
            }
            _ => high = middle,
        }
    }
    if let Some((_, line)) = lines.line_from(low)
        && let Ok(window) = serde_json::from_slice::<Window>(&line)
        && window.name == name
    {
        window.apply(over, state);
    }
}

/// The file's lines read by their offset, for [`overlay_one`].
struct ByOffset {
    file: File,
    len: u64,
}

impl ByOffset {
    /// The first whole line (ending with its newline) that starts at or after `at`: its start
    /// and bytes. `None` when there is none, or it cannot be read.
    fn line_from(&self, at: u64) -> Option<(u64, Vec<u8>)> {
        let start = match at.checked_sub(1) {
            None => 0,
            Some(before) => self.newline_from(before)? + 1,
        };
        let end = self.newline_from(start)?;
        let mut line = vec![0; usize::try_from(end - start + 1).ok()?];
        self.file.read_exact_at(&mut line, start).ok()?;
        Some((start, line))
    }

    /// The offset of the first newline at or after `at`.
    fn newline_from(&self, mut at: u64) -> Option<u64> {
        let mut chunk = [0u8; 512];
        while at < self.len {
            let read = self.file.read_at(&mut chunk, at).ok().filter(|n| *n > 0)?;
            if let Some(i) = chunk[..read].iter().position(|b| *b == b'\n') {
                return Some(at + i as u64);
            }
            at += read as u64;
        }
        None
    }
}

/// The windows read in name order, one line at a time, as the lineages are listed.
pub(super) struct Reader {
    /// `None` at the end, or once the file was given up.
    lines: Option<BufReader<Take<File>>>,
    line: Vec<u8>,
    /// The window read ahead: the next one, by name.
    next: Option<Window>,
    /// The name of the last window read: each must come after it.
    last: String,
}

impl Reader {
    /// The file at `root`; an unusable one reads as no windows.
    pub(super) fn open(root: &Path) -> Self {
        Self {
            lines: open_lines(root),
            line: Vec::new(),
            next: None,
            last: String::new(),
        }
    }

    /// Puts the window of lineage `name` saved over `over` into `state`; `name`s must be asked
    /// for in increasing order (windows of names in between are passed over).
    pub(super) fn overlay(&mut self, name: &str, over: &str, state: &mut LineageState) {
        loop {
            if self.next.is_none() {
                self.next = self.read();
            }
            let Some(next) = self.next.take_if(|next| next.name.as_str() <= name) else {
                return;
            };
            if next.name == name {
                next.apply(over, state);
                return;
            }
        }
    }

    /// The next window; `None` at the end or at a line that cannot be read or is out of order
    /// (a torn or edited file): the windows after it are asked for again.
    fn read(&mut self) -> Option<Window> {
        let lines = self.lines.as_mut()?;
        self.line.clear();
        let window = match lines.read_until(b'\n', &mut self.line) {
            Ok(_) if self.line.ends_with(b"\n") => {
                serde_json::from_slice::<Window>(&self.line).ok()
            }
            _ => None,
        };
        match window {
            Some(window) if self.last.is_empty() || self.last < window.name => {
                self.last.clone_from(&window.name);
                Some(window)
            }
            _ => {
                self.lines = None;
                None
            }
        }
    }
}

/// The start of a line: enough to merge it.
#[derive(Deserialize)]
struct Head {
    name: String,
}

/// Saves `windows` in the file at `root`, unsynced, merged with the windows already there:
/// those of other lineages are kept as they are, unless `lineage_gone` says their lineage no
/// longer exists.
pub(super) fn save(
    root: &Path,
    windows: Vec<Window>,
    lineage_gone: &dyn Fn(&str) -> bool,
) -> Result<(), StoreError> {
    let path = root.join(ARI_FILE);
    let text = merged(root, windows, lineage_gone).map_err(|e| StoreError::Corrupt {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    atomic::write_file_unsynced(&path, &text, PRIVATE_FILE)
}

/// The file's new text: `windows` (the last one of each name wins) and the lines of the file
/// now there for the other lineages still there, all in name order. A line of the old file
/// that cannot be read ends what is kept of it.
fn merged(
    root: &Path,
    mut windows: Vec<Window>,
    lineage_gone: &dyn Fn(&str) -> bool,
) -> Result<Vec<u8>, serde_json::Error> {
    // A stable sort keeps a name's windows in the order given: the last one is the newest.
    windows.sort_by(|a, b| a.name.cmp(&b.name));
    let mut text = serde_json::to_vec(&Header { format: ARI_FORMAT })?;
    text.push(b'\n');
    let mut old = open_lines(root);
    let mut old_line = Vec::new();
    let mut old_head: Option<String> = None;
    let mut last_old = String::new();
    let mut new = windows.into_iter().peekable();
    loop {
        if old_head.is_none()
            && let Some(lines) = old.as_mut()
        {
            old_line.clear();
            old_head = match lines.read_until(b'\n', &mut old_line) {
                Ok(_) if old_line.ends_with(b"\n") => serde_json::from_slice::<Head>(&old_line)
                    .ok()
                    .map(|head| head.name)
                    .filter(|name| *name > last_old),
                _ => None,
            };
            match &old_head {
                Some(name) => last_old.clone_from(name),
                None => old = None,
            }
        }
        let take_new = match (new.peek(), &old_head) {
            (None, None) => break,
            (Some(window), Some(name)) => window.name <= *name,
            (some_new, _) => some_new.is_some(),
        };
        if take_new {
            let Some(window) = new.next() else { break };
            if new.peek().is_some_and(|next| next.name == window.name) {
                continue;
            }
            if old_head.as_ref() == Some(&window.name) {
                old_head = None;
            }
            serde_json::to_writer(&mut text, &window)?;
            text.push(b'\n');
        } else if let Some(name) = old_head.take()
            && !lineage_gone(&name)
        {
            text.extend_from_slice(&old_line);
        }
    }
    Ok(text)
}

impl FsStore {
    /// Saves the renewal information (`ari`, `ari_next_fetch`, `ari_problem`) of each of
    /// `states` over its lineage's `state.json` as it is now (the rest of each state is not
    /// saved: `state.json` as it is wins), all in one write of `ari.json`. A lineage without
    /// `state.json` has nothing to bind a window to: its renewal information is saved there,
    /// durably. Returns the lineages whose window was not saved, with why; an error when
    /// `ari.json` could not be written (then none was).
    pub fn save_ari_states(
        &self,
        states: &[(CertName, LineageState)],
    ) -> Result<Vec<(CertName, StoreError)>, StoreError> {
        let mut windows = Vec::with_capacity(states.len());
        let mut failed = Vec::new();
        for (name, state) in states {
            let lineage = self.lineage(name);
            let saved = match lineage.stored_state_bytes() {
                Ok(Some(bytes)) => {
                    windows.push(Window::of(name.as_str(), &bytes, state));
                    Ok(())
                }
                Ok(None) => lineage.save_state(&LineageState {
                    ari: state.ari.clone(),
                    ari_next_fetch: state.ari_next_fetch,
                    ari_problem: state.ari_problem.clone(),
                    ..LineageState::default()
                }),
                Err(err) => Err(err),
            };
            if let Err(err) = saved {
                failed.push((name.clone(), err));
            }
        }
        if !windows.is_empty() {
            let certs = self.certs_dir();
            let gone = |name: &str| {
                std::fs::symlink_metadata(certs.join(name))
                    .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
            };
            save(self.root(), windows, &gone)?;
        }
        Ok(failed)
    }
}

#[cfg(test)]
#[path = "ari_cache_tests.rs"]
mod tests;
