//! One lineage read whole, and the one notion of "damaged" that `list`, `status`, `show` and
//! `renew` share: a [`Damage`] names the certificate, the file and the reason. A lineage is
//! damaged when its directory is unsafe, its spec, state or current version cannot be read, a
//! file of the current version is not what it must be (whole PEM certificates, a key that
//! matches the certificate), or its journal is unsafe. A damaged lineage is reported and left
//! alone; the others are unaffected. Backend-neutral: each [`super::Store`] fills these in.

use serde::Serialize;

use super::StoreError;
use crate::domain::{CertRecord, CertSpec, LineageState};

/// What is wrong with one certificate in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Damage {
    /// The certificate (its directory's name).
    pub name: String,
    /// The file or directory at fault.
    pub file: String,
    /// What is wrong with it.
    pub reason: String,
}

impl Damage {
    /// The damage `err` describes, for the certificate `name`.
    pub fn of(name: &str, err: &StoreError) -> Self {
        Self {
            name: name.to_owned(),
            file: err
                .path()
                .map_or_else(String::new, |p| p.display().to_string()),
            reason: err.reason(),
        }
    }
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "'{}': {}", self.file, self.reason)
    }
}

/// One lineage as read from the store: each part possibly damaged.
#[derive(Debug)]
pub struct LineageEntry {
    /// The directory name.
    pub name: String,
    /// The spec, or why it could not be read (an unsafe directory is reported here).
    pub spec: Result<CertSpec, StoreError>,
    /// The renewal state.
    pub state: Result<LineageState, StoreError>,
    /// The current version's record (`Ok(None)`: nothing issued yet), its files checked.
    pub current: Result<Option<CertRecord>, StoreError>,
    /// Whether an order of this lineage is journaled as in flight (its journal directory is
    /// there; what it holds is read by [`super::Store::journal_load`]), or why the journal is
    /// not safe to use.
    pub journal: Result<bool, StoreError>,
}

impl LineageEntry {
    pub(crate) fn unusable(name: String, err: StoreError) -> Self {
        Self {
            name,
            spec: Err(err),
            state: Ok(LineageState::default()),
            current: Ok(None),
            journal: Ok(false),
        }
    }

    /// The first thing wrong with this lineage, if anything.
    pub fn damage(&self) -> Option<Damage> {
        [
            self.spec.as_ref().err(),
            self.state.as_ref().err(),
            self.current.as_ref().err(),
            self.journal.as_ref().err(),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|err| Damage::of(&self.name, err))
    }

    /// The spec, state and current record of a healthy lineage, or the first thing wrong with
    /// it (the error behind [`LineageEntry::damage`]).
    pub fn into_parts(self) -> Result<(CertSpec, LineageState, Option<CertRecord>), StoreError> {
        let spec = self.spec?;
        let state = self.state?;
        let current = self.current?;
        self.journal?;
        Ok((spec, state, current))
    }

    /// As [`LineageEntry::into_parts`], with the error as a [`Damage`].
    pub fn healthy(self) -> Result<(CertSpec, LineageState, Option<CertRecord>), Damage> {
        let name = self.name.clone();
        self.into_parts().map_err(|err| Damage::of(&name, &err))
    }
}
