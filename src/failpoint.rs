//! Test-only crash points. When the environment variable `CERTKEEP_FAILPOINT` names a point the
//! process reaches, it aborts on the spot, as a SIGKILL would stop it: no destructor, no
//! cleanup, no flush. The crash-safety tests use this to prove that a run killed at any step
//! leaves the store whole and that the next run resumes the same order.
//!
//! Only builds with the `failpoints` cargo feature (the tests') have them: in any other build
//! [`hit`] does nothing and the variable is never read.

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

#[cfg(feature = "failpoints")]
static ARMED: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// Aborts the process when `point` is the armed failpoint.
#[cfg(feature = "failpoints")]
pub fn hit(point: &str) {
    let armed = ARMED.get_or_init(|| crate::config::env_var("CERTKEEP_FAILPOINT"));
    if armed.as_deref() == Some(point) {
        std::process::abort();
    }
}

/// Does nothing: this build has no failpoints.
#[cfg(not(feature = "failpoints"))]
#[inline]
pub fn hit(_point: &str) {}
