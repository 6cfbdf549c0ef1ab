//! `show`'s report: one certificate's spec, current version and files (or its PEM).

use std::fmt::Write as _;

use super::{Human, status_word};
use crate::clock::rfc3339;
use crate::ops::ShowReport;
use crate::output::clean;

impl Human for ShowReport {
    fn human(&self) -> String {
        if let Some(pem) = &self.pem {
            return pem.clone();
        }
        let mut out = format!("{} ({})\n", self.name, status_word(self.status));
        let spec = &self.spec;
        let _ = writeln!(out, "  names:       {}", spec.identifiers.join(", "));
        let _ = writeln!(out, "  ca:          {}", spec.ca);
        let _ = writeln!(out, "  account:     {}", spec.account);
        let _ = writeln!(out, "  challenge:   {}", clean(&spec.challenge));
        let _ = writeln!(
            out,
            "  key type:    {}",
            if spec.use_csr {
                "from CSR".to_owned()
            } else {
                spec.key_type.clone()
            }
        );
        if let Some(profile) = &spec.profile {
            let _ = writeln!(out, "  profile:     {profile}");
        }
        if let Some(chain) = &spec.preferred_chain {
            let _ = writeln!(out, "  chain:       preferred '{chain}'");
        }
        match &self.current {
            Some(cur) => {
                let _ = writeln!(out, "  version:     {}", cur.version);
                let _ = writeln!(out, "  serial:      {}", cur.serial);
                let _ = writeln!(
                    out,
                    "  valid:       {} to {}",
                    rfc3339(cur.not_before),
                    rfc3339(cur.not_after)
                );
                if let Some(days) = self.days_left {
                    let _ = writeln!(out, "  days left:   {days}");
                }
                let _ = writeln!(out, "  issuer:      {}", clean(&cur.issuer));
            }
            None => out.push_str("  not issued yet\n"),
        }
        if let Some(paths) = &self.paths {
            let _ = writeln!(out, "  cert:        {}", paths.cert);
            let _ = writeln!(out, "  chain:       {}", paths.chain);
            let _ = writeln!(out, "  fullchain:   {}", paths.fullchain);
            if let Some(key) = &paths.privkey {
                let _ = writeln!(out, "  privkey:     {key}");
            }
        }
        out
    }
}
