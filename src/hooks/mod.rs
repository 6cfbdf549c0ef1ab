//! User hooks: `pre` (once before the first order of a run), `post` (once after the run),
//! `deploy` (after a certificate is stored; identical deploy hooks of several certificates run
//! once per run) and `failure` (per failed certificate).
//!
//! A hook is an argv run without a shell unless its spec says `shell = true`; it gets a clean
//! environment (`PATH`, `LANG`, `LC_ALL`, `HOME` and the documented `CERTKEEP_*` variables,
//! [`HookContext::env`]; never a variable a secret reference names) and the same data as one
//! JSON document on stdin; it runs in its own process group, and one timeout (covering stdin)
//! kills the whole group.
//! Its output is captured (the tail is kept for reports). Hooks whose program file is
//! world-writable or owned by another user are refused: running them would run someone
//! else's code. Must not import `acme`, `store` or anything above.

pub mod plan;
mod runner;
mod split;

use std::path::PathBuf;

use serde::Serialize;

pub use crate::domain::{HookSpec, Hooks};
pub use runner::{BaseEnv, HookOutcome, failure_reason, run, run_command};
pub use split::{HookError, hook_specs, split_command};

/// Which hook is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Before ordering.
    Pre,
    /// After the run.
    Post,
    /// After storing.
    Deploy,
    /// After a failure.
    Failure,
}

impl Stage {
    /// The name in `CERTKEEP_HOOK`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Pre => "pre",
            Stage::Post => "post",
            Stage::Deploy => "deploy",
            Stage::Failure => "failure",
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A certificate as a hook sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HookCert {
    /// Lineage name.
    pub name: String,
    /// Identifiers.
    pub identifiers: Vec<String>,
    /// The `current` directory of the lineage (stable across versions).
    pub lineage_dir: Option<PathBuf>,
    /// `cert.pem` of the new version.
    pub cert: Option<PathBuf>,
    /// `chain.pem`.
    pub chain: Option<PathBuf>,
    /// `fullchain.pem`.
    pub fullchain: Option<PathBuf>,
    /// `privkey.pem`.
    pub privkey: Option<PathBuf>,
    /// Version number.
    pub version: Option<u32>,
    /// Serial.
    pub serial: Option<String>,
    /// Expiry, RFC 3339.
    pub not_after: Option<String>,
    /// The error, for failure hooks.
    pub error: Option<String>,
}

/// What a hook run is about (sent as JSON on stdin and flattened into env variables).
#[derive(Debug, Clone, Serialize)]
pub struct HookContext {
    /// Always `certkeep/v1`.
    pub schema: &'static str,
    /// The stage.
    pub hook: Stage,
    /// The certificates concerned (renewed ones for deploy/post, failed ones for failure).
    pub certificates: Vec<HookCert>,
    /// Names that failed in this run (post hooks).
    pub failed: Vec<String>,
}

impl HookContext {
    /// A context for `stage` about `certificates`.
    pub fn new(stage: Stage, certificates: Vec<HookCert>, failed: Vec<String>) -> Self {
        Self {
            schema: "certkeep/v1",
            hook: stage,
            certificates,
            failed,
        }
    }

    /// The documented environment: `CERTKEEP_HOOK`, `CERTKEEP_NAMES` (space-separated
    /// lineages), `CERTKEEP_FAILED_NAMES`; for one certificate also `CERTKEEP_NAME`,
    /// `CERTKEEP_IDENTIFIERS`, `CERTKEEP_CERT_PATH`, `CERTKEEP_CHAIN_PATH`,
    /// `CERTKEEP_FULLCHAIN_PATH`, `CERTKEEP_KEY_PATH`, `CERTKEEP_VERSION`, `CERTKEEP_SERIAL`,
    /// `CERTKEEP_NOT_AFTER`, `CERTKEEP_ERROR`, plus certbot's `RENEWED_LINEAGE` and
    /// `RENEWED_DOMAINS` for hooks migrated from certbot.
    pub fn env(&self) -> Vec<(String, String)> {
        let mut env = vec![
            ("CERTKEEP_HOOK".to_owned(), self.hook.as_str().to_owned()),
            (
                "CERTKEEP_NAMES".to_owned(),
                self.certificates
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            ("CERTKEEP_FAILED_NAMES".to_owned(), self.failed.join(" ")),
        ];
        if let [cert] = self.certificates.as_slice() {
            let path = |p: &Option<PathBuf>| {
                p.as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            };
            env.extend([
                ("CERTKEEP_NAME".to_owned(), cert.name.clone()),
                (
                    "CERTKEEP_IDENTIFIERS".to_owned(),
                    cert.identifiers.join(" "),
                ),
                ("CERTKEEP_CERT_PATH".to_owned(), path(&cert.cert)),
                ("CERTKEEP_CHAIN_PATH".to_owned(), path(&cert.chain)),
                ("CERTKEEP_FULLCHAIN_PATH".to_owned(), path(&cert.fullchain)),
                ("CERTKEEP_KEY_PATH".to_owned(), path(&cert.privkey)),
                (
                    "CERTKEEP_VERSION".to_owned(),
                    cert.version.map(|v| v.to_string()).unwrap_or_default(),
                ),
                (
                    "CERTKEEP_SERIAL".to_owned(),
                    cert.serial.clone().unwrap_or_default(),
                ),
                (
                    "CERTKEEP_NOT_AFTER".to_owned(),
                    cert.not_after.clone().unwrap_or_default(),
                ),
                (
                    "CERTKEEP_ERROR".to_owned(),
                    cert.error.clone().unwrap_or_default(),
                ),
                ("RENEWED_LINEAGE".to_owned(), path(&cert.lineage_dir)),
                ("RENEWED_DOMAINS".to_owned(), cert.identifiers.join(" ")),
            ]);
        }
        env
    }
}
