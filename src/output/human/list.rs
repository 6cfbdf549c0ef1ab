//! `list`'s report: one aligned row per certificate, damaged ones explained below.

use std::fmt::Write as _;

use super::{Human, column_time, damaged_lines, name_width, revoked_line, status_word};
use crate::ops::ListReport;
use crate::output::clean;

impl Human for ListReport {
    fn human(&self) -> String {
        if self.certificates.is_empty() {
            return "No certificates yet. Get one with 'certkeep obtain -d example.org --http-standalone'.\n".into();
        }
        let width = name_width(self.certificates.iter().map(|c| c.name.as_str()));
        let mut out = format!(
            "{:<width$}  {:<20}  {:>5}  {:<8}  NAMES\n",
            "NAME", "EXPIRES", "DAYS", "STATUS"
        );
        for cert in &self.certificates {
            let expires = cert.not_after.map_or_else(|| "-".to_owned(), column_time);
            let days = cert
                .days_left
                .map_or_else(|| "-".to_owned(), |d| d.to_string());
            let row = format!(
                "{:<width$}  {:<20}  {:>5}  {:<8}  {}",
                clean(&cert.name),
                expires,
                days,
                status_word(cert.status),
                clean(&cert.identifiers.join(", "))
            );
            // A damaged lineage has no names: no padding left dangling at the end of its row.
            let _ = writeln!(out, "{}", row.trim_end());
            if let Some(revocation) = &cert.revocation {
                let _ = writeln!(out, "{:<width$}  {}", "", revoked_line(revocation));
            }
        }
        out.push_str(&damaged_lines(&self.damaged));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RevocationReason;
    use crate::ops::{CertStatus, CertSummary};
    use crate::output::human::fixtures::{LONG_NAME, damage, days, revocation};

    fn cert(name: &str, status: CertStatus, expires_in: Option<i64>) -> CertSummary {
        CertSummary {
            name: name.into(),
            identifiers: vec![name.into(), format!("www.{name}")],
            not_after: expires_in.map(days),
            days_left: expires_in,
            status,
            ca: Some("https://acme.test/dir".into()),
            version: expires_in.map(|_| 3),
            revocation: None,
        }
    }

    #[test]
    fn an_empty_store_says_how_to_get_a_certificate() {
        insta::assert_snapshot!(
            "list_empty",
            ListReport {
                certificates: Vec::new(),
                damaged: Vec::new(),
            }
            .human()
        );
    }

    #[test]
    fn list_aligns_every_state_and_escapes_damaged_entries() {
        let mut revoked = cert("revoked.test", CertStatus::Revoked, Some(40));
        revoked.revocation = Some(revocation("0a1b", Some(RevocationReason::KeyCompromise)));
        let mut retired = cert("retired.test", CertStatus::Retired, Some(50));
        retired.revocation = Some(revocation(
            "0c2d",
            Some(RevocationReason::CessationOfOperation),
        ));
        let mut damaged = cert("bad\u{1b}[2Jdir", CertStatus::Damaged, None);
        damaged.identifiers = Vec::new();
        let report = ListReport {
            certificates: vec![
                cert("expired.test", CertStatus::Expired, Some(-2)),
                cert("soon.test", CertStatus::Expiring, Some(9)),
                cert(LONG_NAME, CertStatus::Valid, Some(80)),
                revoked,
                retired,
                cert("new.test", CertStatus::Pending, None),
                damaged,
            ],
            damaged: vec![damage()],
        };
        insta::assert_snapshot!("list_every_state", report.human());
    }
}
