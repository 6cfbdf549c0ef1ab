//! The spec transaction of an `obtain`: the lineage's spec (and CSR) is saved before the first
//! order, so the certificate is renewable the same way later, and put back as it was when the
//! order fails, so a typo'd name does not linger as a lineage later renewal runs keep failing
//! on. `edit` saves its changed spec the same way. Explicit: [`SpecTxn::commit`] keeps the
//! saved spec, [`SpecTxn::rollback`] undoes it.

use crate::domain::CertSpec;
use crate::store::{Lineage, StoreError};

/// A saved spec that can still be undone.
#[must_use = "commit or roll back the saved spec"]
pub(super) struct SpecTxn<'a> {
    lineage: Lineage<'a>,
    /// The spec before this run; `None` for a new lineage.
    previous: Option<CertSpec>,
    /// True when the lineage's directory did not exist: only then is it removed on rollback
    /// (one that was there without a spec, damaged, keeps what it holds).
    made_dir: bool,
}

impl<'a> SpecTxn<'a> {
    /// Notes how the lineage is now, before anything is written.
    pub(super) fn begin(lineage: Lineage<'a>) -> Result<Self, StoreError> {
        let previous = if lineage.exists() {
            Some(lineage.load_spec()?)
        } else {
            None
        };
        let made_dir = !lineage.present();
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
    /// once: no half-made certificate directory stays behind. What is already stored as given
    /// (a renewal's spec and CSR) is not written again: each write costs two fsyncs.
    pub(super) fn save(self, spec: &CertSpec, csr_pem: Option<&str>) -> Result<Self, StoreError> {
        let saved = csr_pem
            .filter(|pem| self.lineage.load_csr().ok().as_deref() != Some(*pem))
            .map_or(Ok(()), |pem| self.lineage.save_csr(pem))
            .and_then(|()| {
                if self.previous.as_ref() == Some(spec) {
                    Ok(())
                } else {
                    self.lineage.save_spec(spec)
                }
            });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ChallengeSpec, Identifier, KeySpec};
    use crate::store::{FsStore, Store};

    fn spec(account: &str) -> CertSpec {
        CertSpec {
            name: "example.org".parse().unwrap(),
            identifiers: vec!["example.org".parse::<Identifier>().unwrap()],
            key_type: KeySpec::EcP256,
            ca: "https://ca.test/dir".into(),
            account: account.into(),
            challenge: ChallengeSpec::Http01Standalone {
                listen: "0.0.0.0:80".into(),
            },
            profile: None,
            preferred_chain: None,
            use_csr: false,
            hooks: crate::domain::Hooks::default(),
            renewal: crate::domain::RenewalPolicy::default(),
            install: Vec::new(),
            created: time::macros::datetime!(2026-11-26 08:00 UTC),
        }
    }

    #[test]
    fn a_rolled_back_new_lineage_leaves_no_directory() {
        let dir = tempfile::tempdir().unwrap();
        let fs = FsStore::new(dir.path());
        let store: &dyn Store = &fs;
        let lineage = || store.lineage(&"example.org".parse().unwrap());
        let txn = SpecTxn::begin(lineage()).unwrap();
        assert!(txn.previous().is_none());
        let txn = txn.save(&spec("default"), None).unwrap();
        assert_eq!(lineage().load_spec().unwrap(), spec("default"));
        txn.rollback().unwrap();
        assert!(std::fs::symlink_metadata(lineage().dir()).is_err());
    }

    #[test]
    fn a_rolled_back_change_restores_the_previous_spec_and_a_commit_keeps_the_new() {
        let dir = tempfile::tempdir().unwrap();
        let fs = FsStore::new(dir.path());
        let store: &dyn Store = &fs;
        let lineage = || store.lineage(&"example.org".parse().unwrap());
        lineage().save_spec(&spec("old")).unwrap();
        let txn = SpecTxn::begin(lineage()).unwrap();
        assert_eq!(txn.previous(), Some(&spec("old")));
        txn.save(&spec("new"), None).unwrap().rollback().unwrap();
        assert_eq!(lineage().load_spec().unwrap(), spec("old"));
        SpecTxn::begin(lineage())
            .unwrap()
            .save(&spec("new"), None)
            .unwrap()
            .commit();
        assert_eq!(lineage().load_spec().unwrap(), spec("new"));
    }

    #[test]
    fn a_renewal_with_the_same_spec_and_csr_writes_neither_again() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let fs = FsStore::new(dir.path());
        let store: &dyn Store = &fs;
        let lineage = || store.lineage(&"example.org".parse().unwrap());
        let csr = "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n";
        lineage().save_spec(&spec("default")).unwrap();
        lineage().save_csr(csr).unwrap();
        // Every save replaces the file (a new inode): an unchanged inode means no write.
        let inode = |file: &str| std::fs::metadata(lineage().dir().join(file)).unwrap().ino();
        let (spec_before, csr_before) = (inode("spec.toml"), inode("csr.pem"));
        SpecTxn::begin(lineage())
            .unwrap()
            .save(&spec("default"), Some(csr))
            .unwrap()
            .commit();
        assert_eq!(inode("spec.toml"), spec_before);
        assert_eq!(inode("csr.pem"), csr_before);
        SpecTxn::begin(lineage())
            .unwrap()
            .save(&spec("other"), Some(&csr.replace("MAA=", "MAE=")))
            .unwrap()
            .commit();
        assert_ne!(inode("spec.toml"), spec_before);
        assert_ne!(inode("csr.pem"), csr_before);
        assert_eq!(lineage().load_spec().unwrap(), spec("other"));
    }
}
