//! Moving in from another ACME client: reads the state directory of certbot, lego or acme.sh
//! (accounts, certificate lineages with their older generations, renewal settings) into an
//! [`ImportPlan`], without contacting any CA and without changing a byte under that directory.
//!
//! Building the plan only reads; applying it to a store is `ops::import`'s business. A lineage
//! that cannot be read whole is skipped with its reason, so one damaged file never stops the
//! rest from moving.

mod acmesh;
mod cert;
mod certbot;
mod certbot_dns;
mod keys;
mod lego;
mod plan;

use std::path::{Path, PathBuf};

pub use cert::{Generation, GenerationError};
pub use keys::{ImportedKey, KeyFormatError};
pub use plan::{
    Client, ImportPlan, PlannedAccount, PlannedCert, PlannedChallenge, PlannedSecret, Skipped,
    TakeOver,
};

use crate::error::{Classify, Kind};

/// Why an import cannot even start.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Nothing at the directory looks like that client's state.
    #[error("'{}' is not a {client} state directory: {missing}", dir.display())]
    NotRecognised {
        /// The client asked for.
        client: Client,
        /// The directory given.
        dir: PathBuf,
        /// What was looked for and not found.
        missing: String,
    },
    /// A certificate name, after `--name-prefix`, is not a valid name.
    #[error("the name prefix '{0}' does not make valid certificate names")]
    BadPrefix(String),
}

impl Classify for ImportError {
    /// Every import error is the user's input: a directory of no client, a bad prefix.
    fn kind(&self) -> Kind {
        Kind::Usage
    }

    fn hint(&self) -> Option<String> {
        Some(match self {
            ImportError::NotRecognised { client, .. } => format!(
                "give the directory {client} keeps its state in (default {})",
                client.default_dir_hint()
            ),
            ImportError::BadPrefix(_) => {
                "use letters, digits, '.', '_' or '-' in the prefix".to_owned()
            }
        })
    }
}

/// Reads `dir` as `client`'s state into a plan. `prefix` goes before every certificate name.
pub fn plan(client: Client, dir: &Path, prefix: &str) -> Result<ImportPlan, ImportError> {
    let mut plan = match client {
        Client::Certbot => certbot::read(dir)?,
        Client::Lego => lego::read(dir)?,
        Client::AcmeSh => acmesh::read(dir)?,
    };
    plan.assign_names(prefix)?;
    Ok(plan)
}

/// Reads a file (capped: state files are small, and `/dev/zero` must not exhaust memory), as a
/// skip reason when it cannot be read.
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    crate::bounded::read_file(path, crate::bounded::FILE_LIMIT)
        .map_err(|e| format!("could not read '{}': {e}", path.display()))
}

/// The entries of `dir`, sorted (none when it cannot be listed), so plans do not depend on the
/// directory order.
fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// `path` relative to the source directory, as reports name where something was found.
fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The contact URIs of an RFC 8555 §7.1.2 account object at `pointer` in a client's JSON
/// (certbot's `regr.json`, lego's and acme.sh's `account.json`); none when absent.
fn contacts_at(json: &serde_json::Value, pointer: &str) -> Vec<String> {
    json.pointer(pointer)
        .and_then(serde_json::Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(serde_json::Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}
