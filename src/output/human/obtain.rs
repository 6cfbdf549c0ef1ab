//! `obtain`'s report.

use std::fmt::Write as _;

use super::Human;
use crate::clock::rfc3339;
use crate::ops::ObtainReport;
use crate::output::clean;

impl Human for ObtainReport {
    fn human(&self) -> String {
        let mut out = if !self.issued {
            let mut out = format!(
                "Certificate '{}' is already in the store with these names and settings: nothing to do (--force issues a new one)\n",
                self.name
            );
            if let Some(next) = self.next_renewal {
                let _ = writeln!(
                    out,
                    "  good until: {} (renewal is due then; expires {})",
                    rfc3339(next),
                    rfc3339(self.not_after)
                );
            }
            out
        } else if self.dry_run {
            format!(
                "Dry run for '{}' succeeded against {}: nothing was stored\n",
                self.name, self.ca
            )
        } else {
            format!(
                "Certificate '{}' issued (version {})\n",
                self.name,
                self.version.unwrap_or(0)
            )
        };
        for change in &self.changes {
            let _ = writeln!(out, "  changed:    {}", clean(change));
        }
        let _ = writeln!(out, "  names:      {}", self.identifiers.join(", "));
        let _ = writeln!(
            out,
            "  valid:      {} to {}",
            rfc3339(self.not_before),
            rfc3339(self.not_after)
        );
        let _ = writeln!(out, "  serial:     {}", self.serial);
        let _ = writeln!(out, "  issuer:     {}", clean(&self.issuer));
        if let Some(paths) = &self.paths {
            let _ = writeln!(out, "  fullchain:  {}", paths.fullchain);
            if let Some(key) = &paths.privkey {
                let _ = writeln!(out, "  privkey:    {key}");
            }
        }
        out
    }
}
