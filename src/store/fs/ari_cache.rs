//! A lineage's renewal information (RFC 9773) as an ARI refresh saves it: `ari.json` beside
//! `state.json`, written atomically (temp file and rename) but not fsynced. The window is a
//! cache the CA can always be asked for again, and a first refresh over ten thousand lineages
//! must not cost twenty thousand fsyncs; `state.json`, which holds what must survive a crash
//! (the failure ledger, pending hooks, the revocation, the last deploy), is not written by the
//! refresh at all, so it stays as durable as its last full save left it.
//!
//! `ari.json` names the `state.json` it applies over (the SHA-256 of its bytes) and counts only
//! while that file is unchanged. Any later save of the state (which carries the window it was
//! loaded with), a hand edit, or an issuance that dropped the old window makes it stale
//! without removing it. A lost, torn or garbage `ari.json` after a crash is read as no newer
//! window: the CA is asked again, and nothing else is lost.

use std::path::Path;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::StoreError;
use super::atomic::{self, PUBLIC_FILE};
use crate::domain::{AriState, LineageState};

/// The cache file in the lineage directory.
pub(super) const ARI_FILE: &str = "ari.json";

/// What `ari.json` holds: the renewal information of [`LineageState`], and the `state.json` it
/// applies over.
#[derive(Debug, Serialize, Deserialize)]
struct AriCache {
    /// SHA-256 (hex) of the bytes of `state.json` when this was written (of nothing when there
    /// was none).
    over: String,
    #[serde(default)]
    ari: Option<AriState>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    ari_next_fetch: Option<OffsetDateTime>,
    #[serde(default)]
    ari_problem: Option<String>,
}

/// The SHA-256 (hex) of `bytes`.
fn digest(bytes: &[u8]) -> String {
    hex::encode(ring::digest::digest(&ring::digest::SHA256, bytes))
}

/// Puts the renewal information of `dir`'s `ari.json` into `state` (read from `state_bytes`,
/// the bytes of `state.json`) when it was written over exactly those bytes. A missing, torn,
/// unreadable or stale file changes nothing: the window it held is asked for again.
pub(super) fn overlay(dir: &Path, state_bytes: &[u8], state: &mut LineageState) {
    let Ok(bytes) = atomic::read_regular(&dir.join(ARI_FILE)) else {
        return;
    };
    let Ok(cache) = serde_json::from_slice::<AriCache>(&bytes) else {
        return;
    };
    if cache.over != digest(state_bytes) {
        return;
    }
    state.ari = cache.ari;
    state.ari_next_fetch = cache.ari_next_fetch;
    state.ari_problem = cache.ari_problem;
}

/// Saves the renewal information of `state` in `dir`'s `ari.json`, over `state.json` as it is
/// (`state_bytes`, parsed as `stored`), without an fsync. `Ok(false)`, writing nothing, when
/// `state` differs from `stored` in more than its renewal information: that is no cache, the
/// caller saves it durably.
pub(super) fn save(
    dir: &Path,
    (state_bytes, stored): (&[u8], LineageState),
    state: &LineageState,
) -> Result<bool, StoreError> {
    let mut with_window = stored;
    with_window.ari.clone_from(&state.ari);
    with_window.ari_next_fetch = state.ari_next_fetch;
    with_window.ari_problem.clone_from(&state.ari_problem);
    if with_window != *state {
        return Ok(false);
    }
    let cache = AriCache {
        over: digest(state_bytes),
        ari: state.ari.clone(),
        ari_next_fetch: state.ari_next_fetch,
        ari_problem: state.ari_problem.clone(),
    };
    let path = dir.join(ARI_FILE);
    let json = serde_json::to_vec_pretty(&cache).map_err(|e| StoreError::Corrupt {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    atomic::write_file_unsynced(&path, &json, PUBLIC_FILE)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::super::FsStore;
    use super::*;
    use crate::domain::FailureLedger;

    fn window(start: OffsetDateTime) -> AriState {
        AriState {
            window_start: start,
            window_end: start + time::Duration::days(1),
            chosen: start + time::Duration::hours(3),
            explanation_url: None,
            next_fetch: start - time::Duration::days(9),
        }
    }

    /// A lineage with a durable state: a failure ledger, a pending hook and no window yet.
    fn lineage_with_ledger(store: &FsStore) -> (super::super::certs::Lineage, LineageState) {
        let lineage = store.lineage(&"example.org".parse().unwrap());
        std::fs::create_dir_all(lineage.dir()).unwrap();
        let state = LineageState {
            failures: FailureLedger {
                count: 3,
                last_failure: Some(datetime!(2026-11-29 08:00 UTC)),
                last_error: Some("the CA said no".into()),
                retry_after: Some(datetime!(2026-11-30 12:00 UTC)),
            },
            pending_hooks: serde_json::from_str(r#"["systemctl reload nginx"]"#).unwrap(),
            ..LineageState::default()
        };
        lineage.save_state(&state).unwrap();
        (lineage, state)
    }

    fn refreshed(state: &LineageState) -> LineageState {
        let mut new = state.clone();
        new.ari = Some(window(datetime!(2026-12-10 00:00 UTC)));
        new.ari_next_fetch = Some(datetime!(2026-11-30 18:00 UTC));
        new
    }

    #[test]
    fn a_refreshed_window_is_read_back_and_state_json_is_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let (lineage, state) = lineage_with_ledger(&store);
        let durable = std::fs::read(lineage.dir().join("state.json")).unwrap();
        let new = refreshed(&state);
        lineage.save_ari_state(&new).unwrap();
        assert_eq!(lineage.load_state().unwrap(), new);
        assert_eq!(
            std::fs::read(lineage.dir().join("state.json")).unwrap(),
            durable,
            "the refresh does not rewrite the durable state"
        );
        assert!(lineage.dir().join(ARI_FILE).exists());
    }

    #[test]
    fn a_torn_or_garbage_window_file_is_no_window_and_the_ledger_survives() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let (lineage, state) = lineage_with_ledger(&store);
        lineage.save_ari_state(&refreshed(&state)).unwrap();
        let written = std::fs::read(lineage.dir().join(ARI_FILE)).unwrap();
        // What a crash mid-round can leave: nothing, a prefix, zeros, or another file's bytes.
        let torn: [&[u8]; 5] = [
            b"",
            &written[..written.len() / 2],
            &[0u8; 64],
            b"[1, 2]",
            b"{\"over\": 7}",
        ];
        for bytes in torn {
            std::fs::write(lineage.dir().join(ARI_FILE), bytes).unwrap();
            assert_eq!(
                lineage.load_state().unwrap(),
                state,
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
        std::fs::remove_file(lineage.dir().join(ARI_FILE)).unwrap();
        assert_eq!(lineage.load_state().unwrap(), state);
    }

    #[test]
    fn a_window_over_an_older_state_json_is_stale() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let (lineage, state) = lineage_with_ledger(&store);
        lineage.save_ari_state(&refreshed(&state)).unwrap();
        // A new certificate: the durable save drops the old certificate's window.
        let mut issued = lineage.load_state().unwrap();
        issued.issued(datetime!(2026-11-30 09:00 UTC));
        lineage.save_state(&issued).unwrap();
        assert_eq!(lineage.load_state().unwrap(), issued);
        assert_eq!(lineage.load_state().unwrap().ari, None);
        // A hand edit of state.json wins over the cache too.
        let mut edited = state.clone();
        edited.failures.count = 4;
        std::fs::write(
            lineage.dir().join("state.json"),
            serde_json::to_vec(&edited).unwrap(),
        )
        .unwrap();
        assert_eq!(lineage.load_state().unwrap(), edited);
    }

    #[test]
    fn a_state_changed_beyond_its_window_is_saved_durably() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let (lineage, state) = lineage_with_ledger(&store);
        let mut new = refreshed(&state);
        new.failures = FailureLedger::default();
        lineage.save_ari_state(&new).unwrap();
        assert!(!lineage.dir().join(ARI_FILE).exists());
        let on_disk: LineageState =
            serde_json::from_slice(&std::fs::read(lineage.dir().join("state.json")).unwrap())
                .unwrap();
        assert_eq!(on_disk, new);
    }

    #[test]
    fn a_window_for_a_lineage_without_state_json_is_saved_durably() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let lineage = store.lineage(&"example.org".parse().unwrap());
        std::fs::create_dir_all(lineage.dir()).unwrap();
        let new = refreshed(&LineageState::default());
        lineage.save_ari_state(&new).unwrap();
        assert!(!lineage.dir().join(ARI_FILE).exists());
        assert_eq!(lineage.load_state().unwrap(), new);
    }
}
