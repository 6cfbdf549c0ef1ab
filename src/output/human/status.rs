//! `status`'s report: the daemon's last word, then per certificate when and why it renews.

use std::fmt::Write as _;

use super::{Human, column_time, damaged_lines, name_width, revoked_line, status_word, when};
use crate::clock::rfc3339;
use crate::ops::{CertStatus, StatusReport};
use crate::output::clean;

impl Human for StatusReport {
    fn human(&self) -> String {
        let mut out = String::new();
        match &self.daemon {
            Some(d) if d.state == crate::store::DaemonState::Running => {
                if let Some(why) = &d.paused {
                    let _ = writeln!(
                        out,
                        "daemon: running (pid {}), renewal paused: {}; next try {} (local certificates stay in place)",
                        d.pid,
                        clean(why),
                        when(d.next_wake),
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "daemon: running (pid {}), last wake-up {}, next {}; {}",
                        d.pid,
                        rfc3339(d.last_wake),
                        when(d.next_wake),
                        clean(&d.last_round)
                    );
                }
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
        let width = name_width(self.certificates.iter().map(|c| c.name.as_str()));
        if !self.certificates.is_empty() {
            let _ = writeln!(
                out,
                "{:<width$}  {:<8}  {:<20}  {:<20}  WHY",
                "NAME", "STATUS", "EXPIRES", "NEXT RENEWAL"
            );
        }
        for cert in &self.certificates {
            let expires = cert.not_after.map_or_else(|| "-".to_owned(), column_time);
            let _ = writeln!(
                out,
                "{:<width$}  {:<8}  {:<20}  {:<20}  {}",
                clean(&cert.name),
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
            if let Some(problem) = &cert.ari_problem {
                let _ = writeln!(
                    out,
                    "{:<width$}  CA window not refreshed: {}",
                    "",
                    clean(problem)
                );
            }
            retry_lines(&mut out, cert, width);
        }
        out.push_str(&damaged_lines(&self.damaged));
        out
    }
}

/// What the next run does again without a new order: a CA that ignores `replaces`, hooks and
/// deploys that failed.
fn retry_lines(out: &mut String, cert: &crate::ops::CertRenewalStatus, width: usize) {
    if cert.ari_replaces_ignored {
        let _ = writeln!(
            out,
            "{:<width$}  CA note: it does not honour ARI 'replaces'; renewals are ordered without it",
            ""
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
    if let Some(deploy) = cert.deploy.as_ref().filter(|d| !d.ok) {
        let _ = writeln!(
            out,
            "{:<width$}  deploy of version {} failed (retried next run): {}",
            "",
            deploy.version,
            clean(deploy.error.as_deref().unwrap_or("unknown"))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RevocationReason;
    use crate::ops::CertRenewalStatus;
    use crate::output::human::fixtures::{HOSTILE, LONG_NAME, T0, damage, days, revocation};
    use crate::store::DaemonStatus;

    fn cert(name: &str, status: CertStatus) -> CertRenewalStatus {
        CertRenewalStatus {
            name: name.into(),
            status,
            revocation: None,
            warnings: Vec::new(),
            not_after: Some(days(60)),
            next_renewal: Some(days(30)),
            reason: "two thirds of its lifetime".into(),
            backing_off: false,
            failures: 0,
            last_error: None,
            last_attempt: None,
            last_success: Some(days(-30)),
            ari_window_start: None,
            ari_window_end: None,
            ari_explanation_url: None,
            ari_replaces_ignored: false,
            ari_problem: None,
            pending_hooks: Vec::new(),
            deploy: None,
            summary: crate::ops::StatusSummary::default(),
        }
    }

    fn daemon(state: crate::store::DaemonState) -> DaemonStatus {
        DaemonStatus {
            pid: 4242,
            started: days(-2),
            last_wake: T0,
            next_wake: Some(days(1)),
            state,
            last_round: format!("renewed 1, failed 0 {HOSTILE}"),
            paused: None,
        }
    }

    #[test]
    fn status_without_certificates_or_daemon() {
        let report = StatusReport {
            certificates: Vec::new(),
            damaged: Vec::new(),
            daemon: None,
        };
        insta::assert_snapshot!("status_empty", report.human());
    }

    #[test]
    fn status_explains_every_certificate_and_escapes_outside_text() {
        let mut due = cert("due.example.org", CertStatus::Expiring);
        due.next_renewal = None;
        due.reason = "a third of its lifetime left".into();
        let mut failing = cert("failing.example.org", CertStatus::Valid);
        failing.backing_off = true;
        failing.failures = 3;
        failing.last_error = Some(format!("the CA said: {HOSTILE}"));
        failing.last_attempt = Some(days(-1));
        // A renewal time between whole seconds (lifetime fractions are not whole seconds).
        failing.next_renewal = Some(days(1) + time::Duration::milliseconds(1500));
        failing.reason = "backing off after 3 failures".into();
        let mut ari = cert(LONG_NAME, CertStatus::Valid);
        ari.ari_window_start = Some(days(20));
        ari.ari_window_end = Some(days(22));
        ari.warnings = vec![format!(
            "renew_before is longer than the lifetime {HOSTILE}"
        )];
        ari.pending_hooks = vec!["deploy: systemctl reload nginx".into(), HOSTILE.into()];
        ari.ari_problem = Some(format!("skipped: the CA did not answer {HOSTILE}"));
        let mut revoked = cert("revoked.example.org", CertStatus::Revoked);
        revoked.revocation = Some(revocation("0a1b", Some(RevocationReason::Superseded)));
        revoked.next_renewal = None;
        revoked.reason = "revoked: replace it on a new key".into();
        let mut retired = cert("retired.example.org", CertStatus::Retired);
        retired.revocation = Some(revocation(
            "0c2d",
            Some(RevocationReason::CessationOfOperation),
        ));
        retired.reason = "retired".into();
        let mut pending = cert("new.example.org", CertStatus::Pending);
        pending.not_after = None;
        pending.next_renewal = None;
        pending.last_success = None;
        pending.reason = "not issued yet".into();
        let report = StatusReport {
            certificates: vec![due, revoked, pending, failing, ari, retired],
            damaged: vec![damage()],
            daemon: Some(daemon(crate::store::DaemonState::Running)),
        };
        insta::assert_snapshot!("status_every_state", report.human());
    }

    #[test]
    fn status_of_a_stopped_daemon_and_only_damaged_lineages() {
        let report = StatusReport {
            certificates: Vec::new(),
            damaged: vec![damage()],
            daemon: Some(daemon(crate::store::DaemonState::Stopped)),
        };
        insta::assert_snapshot!("status_stopped_damaged_only", report.human());
    }

    #[test]
    fn a_paused_daemon_says_why_and_when_it_tries_again() {
        let mut paused = daemon(crate::store::DaemonState::Running);
        paused.paused = Some(format!("the fleet database is down {HOSTILE}"));
        let report = StatusReport {
            certificates: Vec::new(),
            damaged: Vec::new(),
            daemon: Some(paused),
        };
        let text = report.human();
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(
                "daemon: running (pid 4242), renewal paused: the fleet database is down"
            ) && first.ends_with("(local certificates stay in place)"),
            "{text}"
        );
        assert!(!text.contains('\x1b'), "{text}");
    }
}
