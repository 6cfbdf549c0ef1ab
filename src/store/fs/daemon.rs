//! The daemon's status file (`<store>/daemon.json`): written by the daemon at every wake-up so
//! `status` (and later the TUI) can show it without a control socket.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::atomic::{self, PRIVATE_FILE};
use super::{FsStore, StoreError};

/// Whether the daemon is up (`running`) or shut down (`stopped`), as `daemon.json` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DaemonState {
    /// Between its start and its shutdown.
    Running,
    /// Shut down cleanly.
    Stopped,
}

/// What the daemon last recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaemonStatus {
    /// Its process id.
    pub pid: u32,
    /// When it started.
    #[serde(with = "time::serde::rfc3339")]
    pub started: OffsetDateTime,
    /// Its last wake-up.
    #[serde(with = "time::serde::rfc3339")]
    pub last_wake: OffsetDateTime,
    /// When it plans to wake next.
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_wake: Option<OffsetDateTime>,
    /// `running` or `stopped`.
    pub state: DaemonState,
    /// What the last round did, in words.
    pub last_round: String,
    /// Why renewal is paused (the store of record, the fleet database, cannot be reached), or
    /// `null` while it runs; the daemon tries again with a growing delay and resumes by itself.
    #[serde(default)]
    pub paused: Option<String>,
}

const DAEMON_FILE: &str = "daemon.json";

impl FsStore {
    /// Writes the daemon's status.
    pub fn save_daemon_status(&self, status: &DaemonStatus) -> Result<(), StoreError> {
        self.ensure_root()?;
        let path = self.root().join(DAEMON_FILE);
        let json = serde_json::to_vec_pretty(status).map_err(|e| StoreError::Corrupt {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        atomic::write_file(&path, &json, PRIVATE_FILE)
    }

    /// Reads the daemon's status, if it ever ran (a damaged file reads as none).
    pub fn daemon_status(&self) -> Option<DaemonStatus> {
        let bytes = atomic::read_regular(&self.root().join(DAEMON_FILE)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daemon_states_keep_their_json_names() {
        for (state, name) in [
            (DaemonState::Running, "running"),
            (DaemonState::Stopped, "stopped"),
        ] {
            assert_eq!(serde_json::to_value(state).unwrap(), name);
            assert_eq!(
                serde_json::from_value::<DaemonState>(name.into()).unwrap(),
                state
            );
        }
    }

    #[test]
    fn the_status_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path().join("store"));
        let now = time::macros::datetime!(2026-11-29 00:00 UTC);
        store
            .save_daemon_status(&DaemonStatus {
                pid: 1,
                started: now,
                last_wake: now,
                next_wake: None,
                state: DaemonState::Running,
                last_round: String::new(),
                paused: None,
            })
            .unwrap();
        let mode = std::fs::metadata(dir.path().join("store").join(DAEMON_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
