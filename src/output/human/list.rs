//! `list`'s report: one aligned row per certificate, damaged ones explained below.

use std::fmt::Write as _;

use super::{Human, damaged_lines, revoked_line, status_word};
use crate::clock::rfc3339;
use crate::ops::ListReport;

impl Human for ListReport {
    fn human(&self) -> String {
        if self.certificates.is_empty() {
            return "No certificates yet. Get one with 'certkeep obtain -d example.org --http-standalone'.\n".into();
        }
        let width = self
            .certificates
            .iter()
            .map(|c| c.name.len())
            .max()
            .unwrap_or(4)
            .max(4);
        let mut out = format!(
            "{:<width$}  {:<20}  {:>5}  {:<8}  NAMES\n",
            "NAME", "EXPIRES", "DAYS", "STATUS"
        );
        for cert in &self.certificates {
            let expires = cert.not_after.map_or_else(|| "-".to_owned(), rfc3339);
            let days = cert
                .days_left
                .map_or_else(|| "-".to_owned(), |d| d.to_string());
            let _ = writeln!(
                out,
                "{:<width$}  {:<20}  {:>5}  {:<8}  {}",
                cert.name,
                expires,
                days,
                status_word(cert.status),
                cert.identifiers.join(", ")
            );
            if let Some(revocation) = &cert.revocation {
                let _ = writeln!(out, "{:<width$}  {}", "", revoked_line(revocation));
            }
        }
        out.push_str(&damaged_lines(&self.damaged));
        out
    }
}
