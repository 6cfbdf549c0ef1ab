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
        let _ = writeln!(out, "  ca:          {}", clean(&spec.ca));
        let _ = writeln!(out, "  account:     {}", clean(&spec.account));
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
            let _ = writeln!(out, "  profile:     {}", clean(profile));
        }
        if let Some(chain) = &spec.preferred_chain {
            let _ = writeln!(out, "  chain:       preferred '{}'", clean(chain));
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
            let _ = writeln!(out, "  cert:        {}", clean(&paths.cert));
            let _ = writeln!(out, "  chain:       {}", clean(&paths.chain));
            let _ = writeln!(out, "  fullchain:   {}", clean(&paths.fullchain));
            if let Some(key) = &paths.privkey {
                let _ = writeln!(out, "  privkey:     {}", clean(key));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CertRecord, KeySpec};
    use crate::ops::{CertStatus, Paths, SpecView};
    use crate::output::human::fixtures::{HOSTILE, days};

    fn report() -> ShowReport {
        ShowReport {
            name: "example.org".into(),
            status: CertStatus::Valid,
            days_left: Some(80),
            spec: SpecView {
                identifiers: vec!["example.org".into(), "www.example.org".into()],
                key_type: "ec-p256".into(),
                ca: "https://acme.test/dir".into(),
                account: "default".into(),
                challenge: format!("dns-01 exec {HOSTILE}"),
                profile: Some("shortlived".into()),
                preferred_chain: Some(format!("Root {HOSTILE}")),
                use_csr: false,
            },
            current: Some(CertRecord {
                version: 3,
                serial: "04a1b2".into(),
                identifiers: vec!["example.org".parse().unwrap()],
                not_before: days(-10),
                not_after: days(80),
                issuer: format!("CN=Fake CA {HOSTILE}"),
                key_type: Some(KeySpec::EcP256),
                issued_at: days(-10),
                order_url: None,
                ca: "https://acme.test/dir".into(),
            }),
            paths: Some(Paths {
                cert: "/var/lib/certkeep/certs/example.org/current/cert.pem".into(),
                chain: "/var/lib/certkeep/certs/example.org/current/chain.pem".into(),
                fullchain: "/var/lib/certkeep/certs/example.org/current/fullchain.pem".into(),
                privkey: Some("/var/lib/certkeep/certs/example.org/current/privkey.pem".into()),
            }),
            pem: None,
        }
    }

    #[test]
    fn show_lists_spec_version_and_files_with_outside_text_escaped() {
        insta::assert_snapshot!("show_issued", report().human());
    }

    #[test]
    fn a_pending_csr_lineage_says_not_issued_yet() {
        let mut pending = report();
        pending.status = CertStatus::Pending;
        pending.days_left = None;
        pending.spec.use_csr = true;
        pending.spec.profile = None;
        pending.spec.preferred_chain = None;
        pending.spec.challenge = "http-01 standalone on [::]:80".into();
        pending.current = None;
        pending.paths = None;
        insta::assert_snapshot!("show_pending_csr", pending.human());
    }

    #[test]
    fn show_pem_prints_the_pem_alone() {
        let mut pem = report();
        pem.pem = Some("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".into());
        insta::assert_snapshot!("show_pem", pem.human());
    }
}
