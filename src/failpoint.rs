//! Test-only crash points. When the environment variable `CERTKEEP_FAILPOINT` names a point the
//! process reaches, it aborts on the spot, as a SIGKILL would stop it: no destructor, no
//! cleanup, no flush. `cli` reads the variable into its `Settings` and [`arm`]s that point once
//! at start; this module reads no environment. The crash-safety tests use this to prove that a run killed at any step
//! leaves the store whole and that the next run resumes the same order.
//!
//! Only builds with the `failpoints` cargo feature (the tests') have them: in any other build
//! [`arm`] and [`hit`] do nothing and the variable is never read.

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

/// The points of an account's move from an RSA or P-384 key to P-256 (`src/ops/account_key_move.rs`),
/// reached only by such accounts, so apart from [`POINTS`]: with the new key stored and the key
/// change not sent yet, and with the CA's answer in but not recorded.
pub const KEY_CHANGE_POINTS: &[&str] = &["before-key-change", "after-key-change"];

// A process-wide value rather than a `Settings` field passed down: the points sit deep in
// `store` and `acme`, which must not grow a parameter for a test-only feature.
#[cfg(feature = "failpoints")]
static ARMED: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Arms `point` (the `Settings` value of `CERTKEEP_FAILPOINT`) for the rest of the process; the
/// first call wins.
#[cfg(feature = "failpoints")]
pub fn arm(point: Option<&str>) {
    if let Some(point) = point {
        let _ = ARMED.set(point.to_owned());
    }
}

/// Does nothing: this build has no failpoints.
#[cfg(not(feature = "failpoints"))]
#[inline]
pub fn arm(_point: Option<&str>) {}

/// Aborts the process when `point` is the armed failpoint.
#[cfg(feature = "failpoints")]
pub fn hit(point: &str) {
    if ARMED.get().is_some_and(|armed| armed == point) {
        std::process::abort();
    }
}

/// Does nothing: this build has no failpoints.
#[cfg(not(feature = "failpoints"))]
#[inline]
pub fn hit(_point: &str) {}

/// True when `point` is the armed failpoint: a step that overlaps work with the next one can
/// finish it first, so the point stops the run exactly where its name says.
#[cfg(feature = "failpoints")]
pub fn armed(point: &str) -> bool {
    ARMED.get().is_some_and(|armed| armed == point)
}

/// False: this build has no failpoints.
#[cfg(not(feature = "failpoints"))]
#[inline]
pub fn armed(_point: &str) -> bool {
    false
}
