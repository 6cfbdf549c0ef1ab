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
                self.name,
                clean(&self.ca)
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
            let _ = writeln!(out, "  fullchain:  {}", clean(&paths.fullchain));
            if let Some(key) = &paths.privkey {
                let _ = writeln!(out, "  privkey:    {}", clean(key));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::KeySpec;
    use crate::ops::Paths;
    use crate::output::human::fixtures::{HOSTILE, days};

    fn report() -> ObtainReport {
        ObtainReport {
            name: "example.org".into(),
            identifiers: vec!["example.org".into(), "*.example.org".into()],
            serial: "04a1b2c3d4e5f6".into(),
            not_before: days(0),
            not_after: days(90),
            issuer: format!("CN=Fake CA {HOSTILE}"),
            key_type: Some(KeySpec::EcP256),
            version: Some(2),
            ca: "https://acme.test/dir".into(),
            account: "default".into(),
            order_url: "https://acme.test/order/1".into(),
            paths: Some(Paths {
                cert: "/var/lib/certkeep/certs/example.org/current/cert.pem".into(),
                chain: "/var/lib/certkeep/certs/example.org/current/chain.pem".into(),
                fullchain: "/var/lib/certkeep/certs/example.org/current/fullchain.pem".into(),
                privkey: Some("/var/lib/certkeep/certs/example.org/current/privkey.pem".into()),
            }),
            dry_run: false,
            issued: true,
            changes: vec![
                "names: example.org -> example.org, *.example.org".into(),
                format!("profile: {HOSTILE}"),
            ],
            next_renewal: Some(days(60)),
            warnings: vec![format!("--renew-before ignored: {HOSTILE}")],
        }
    }

    #[test]
    fn an_issued_certificate_shows_its_files_changes_and_warnings() {
        insta::assert_snapshot!("obtain_issued", report().human());
    }

    #[test]
    fn a_dry_run_says_nothing_was_stored() {
        let mut dry = report();
        dry.dry_run = true;
        dry.version = None;
        dry.paths = None;
        dry.changes = Vec::new();
        dry.warnings = Vec::new();
        dry.next_renewal = None;
        insta::assert_snapshot!("obtain_dry_run", dry.human());
    }

    #[test]
    fn an_unchanged_certificate_says_nothing_to_do_and_when_it_renews() {
        let mut same = report();
        same.issued = false;
        same.changes = Vec::new();
        same.warnings = Vec::new();
        if let Some(paths) = &mut same.paths {
            paths.privkey = None;
        }
        insta::assert_snapshot!("obtain_unchanged_csr", same.human());
    }
}
