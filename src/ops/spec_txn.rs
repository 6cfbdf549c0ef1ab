//! The spec transaction of an `obtain`: the lineage's spec (and CSR) is saved before the first
//! order, so the certificate is renewable the same way later, and put back as it was when the
//! order fails, so a typo'd name does not linger as a lineage later renewal runs keep failing
//! on. Explicit: [`SpecTxn::commit`] keeps the saved spec, [`SpecTxn::rollback`] undoes it.

use crate::domain::CertSpec;
use crate::store::{Lineage, StoreError};

/// A saved spec that can still be undone.
#[must_use = "commit or roll back the saved spec"]
pub(super) struct SpecTxn {
    lineage: Lineage,
    /// The spec before this run; `None` for a new lineage.
    previous: Option<CertSpec>,
    /// True when the lineage's directory did not exist: only then is it removed on rollback
    /// (one that was there without a spec, damaged, keeps what it holds).
    made_dir: bool,
}

impl SpecTxn {
    /// Notes how the lineage is now, before anything is written.
    pub(super) fn begin(lineage: Lineage) -> Result<Self, StoreError> {
        let previous = if lineage.exists() {
            Some(lineage.load_spec()?)
        } else {
            None
        };
        let made_dir = std::fs::symlink_metadata(lineage.dir()).is_err();
        Ok(Self {
            lineage,
            previous,
            made_dir,
        })
    }

    /// The spec before this run, if the lineage existed.
    pub(super) fn previous(&self) -> Option<&CertSpec> {
        self.previous.as_ref()
    }

    /// Saves the CSR (for a CSR lineage) and the spec. A failed save (a full disk) undoes at
    /// once: no half-made certificate directory stays behind.
    pub(super) fn save(self, spec: &CertSpec, csr_pem: Option<&str>) -> Result<Self, StoreError> {
        let saved = csr_pem
            .map_or(Ok(()), |pem| self.lineage.save_csr(pem))
            .and_then(|()| self.lineage.save_spec(spec));
        match saved {
            Ok(()) => Ok(self),
            Err(err) => {
                let _ = self.rollback();
                Err(err)
            }
        }
    }

    /// Keeps what was saved.
    pub(super) fn commit(self) {
        drop(self);
    }

    /// Puts the lineage back as it was before [`SpecTxn::begin`].
    pub(super) fn rollback(self) -> Result<(), StoreError> {
        match &self.previous {
            Some(spec) => self.lineage.save_spec(spec),
            None if self.made_dir => self.lineage.delete(),
            None => self.lineage.remove_spec(),
        }
    }
}
