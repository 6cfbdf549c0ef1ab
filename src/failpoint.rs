//! Test-only crash points. When the environment variable `CERTKEEP_FAILPOINT` names a point the
//! process reaches, it aborts on the spot, as a SIGKILL would stop it: no destructor, no
//! cleanup, no flush. The crash-safety tests use this to prove that a run killed at any step
//! leaves the store whole and that the next run resumes the same order.

use std::sync::OnceLock;

/// Every point, in pipeline order (documented for the tests and the README).
pub const POINTS: &[&str] = &[
    "after-key",
    "after-order",
    "after-challenge",
    "after-ready",
    "after-finalize",
    "after-download",
    "mid-version-write",
    "before-current-flip",
    "after-current-flip",
    "before-hooks",
];

static ARMED: OnceLock<Option<String>> = OnceLock::new();

/// Aborts the process when `point` is the armed failpoint.
pub fn hit(point: &str) {
    let armed = ARMED.get_or_init(|| crate::config::env_var("CERTKEEP_FAILPOINT"));
    if armed.as_deref() == Some(point) {
        std::process::abort();
    }
}
