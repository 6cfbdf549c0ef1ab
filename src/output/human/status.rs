//! `status`'s report: the daemon's last word, then per certificate when and why it renews.

use std::fmt::Write as _;

use super::{Human, damaged_lines, revoked_line, status_word, when};
use crate::clock::rfc3339;
use crate::ops::{CertStatus, StatusReport};
use crate::output::clean;

impl Human for StatusReport {
    fn human(&self) -> String {
        let mut out = String::new();
        match &self.daemon {
            Some(d) if d.state == "running" => {
                let _ = writeln!(
                    out,
                    "daemon: running (pid {}), last wake-up {}, next {}; {}",
                    d.pid,
                    rfc3339(d.last_wake),
                    when(d.next_wake),
                    clean(&d.last_round)
                );
            }
            Some(d) => {
                let _ = writeln!(
                    out,
                    "daemon: stopped (last wake-up {}; {})",
                    rfc3339(d.last_wake),
                    clean(&d.last_round)
                );
            }
            None => out.push_str("daemon: never ran on this store\n"),
        }
        if self.certificates.is_empty() && self.damaged.is_empty() {
            out.push_str("No certificates yet.\n");
            return out;
        }
        let width = self
            .certificates
            .iter()
            .map(|c| c.name.len())
            .max()
            .unwrap_or(4)
            .max(4);
        let _ = writeln!(
            out,
            "{:<width$}  {:<8}  {:<20}  {:<20}  WHY",
            "NAME", "STATUS", "EXPIRES", "NEXT RENEWAL"
        );
        for cert in &self.certificates {
            let expires = cert.not_after.map_or_else(|| "-".to_owned(), rfc3339);
            let _ = writeln!(
                out,
                "{:<width$}  {:<8}  {:<20}  {:<20}  {}",
                cert.name,
                status_word(cert.status),
                expires,
                if cert.status == CertStatus::Retired {
                    "never".to_owned()
                } else {
                    when(cert.next_renewal)
                },
                clean(&cert.reason)
            );
            if let Some(revocation) = &cert.revocation {
                let _ = writeln!(out, "{:<width$}  {}", "", revoked_line(revocation));
            }
            for warning in &cert.warnings {
                let _ = writeln!(out, "{:<width$}  warning: {}", "", clean(warning));
            }
            if cert.failures > 0 {
                let _ = writeln!(
                    out,
                    "{:<width$}  failures: {}; last: {}",
                    "",
                    cert.failures,
                    clean(cert.last_error.as_deref().unwrap_or("-"))
                );
            }
            if let (Some(start), Some(end)) = (cert.ari_window_start, cert.ari_window_end) {
                let _ = writeln!(
                    out,
                    "{:<width$}  CA window: {} to {}",
                    "",
                    rfc3339(start),
                    rfc3339(end)
                );
            }
            if !cert.pending_hooks.is_empty() {
                let _ = writeln!(
                    out,
                    "{:<width$}  hooks to retry: {}",
                    "",
                    clean(&cert.pending_hooks.join(", "))
                );
            }
        }
        out.push_str(&damaged_lines(&self.damaged));
        out
    }
}
