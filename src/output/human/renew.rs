//! `renew`'s report (its failures go to stderr as the run's error).

use std::fmt::Write as _;

use super::Human;
use crate::clock::rfc3339;
use crate::ops::RenewReport;

impl Human for RenewReport {
    fn human(&self) -> String {
        let mut out = String::new();
        for cert in &self.renewed {
            if self.dry_run {
                let _ = writeln!(
                    out,
                    "Dry run: '{}' could be renewed (nothing stored)",
                    cert.name
                );
            } else {
                let _ = writeln!(
                    out,
                    "Renewed '{}': version {}, valid until {}",
                    cert.name,
                    cert.version.unwrap_or(0),
                    rfc3339(cert.not_after)
                );
            }
        }
        out
    }
}
