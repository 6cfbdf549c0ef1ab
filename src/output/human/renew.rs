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
        for skipped in &self.skipped {
            let _ = writeln!(
                out,
                "Skipped '{}': {} (not a failure)",
                skipped.name, skipped.reason
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::{Failed, NotDue, Renewed};
    use crate::output::human::fixtures::{HOSTILE, days};

    fn report(dry_run: bool) -> RenewReport {
        RenewReport {
            renewed: vec![
                Renewed {
                    name: "a.example.org".into(),
                    serial: "04a1".into(),
                    not_after: days(90),
                    version: (!dry_run).then_some(4),
                },
                Renewed {
                    name: "b.example.org".into(),
                    serial: "04a2".into(),
                    not_after: days(90),
                    version: (!dry_run).then_some(2),
                },
            ],
            failed: vec![Failed {
                name: "c.example.org".into(),
                kind: crate::error::Kind::CaRefused,
                message: HOSTILE.into(),
                retry_after: Some(days(1)),
                hint: None,
            }],
            not_due: vec![NotDue {
                name: "d.example.org".into(),
                next: days(30),
                reason: "two thirds of its lifetime".into(),
                backing_off: false,
            }],
            retired: vec!["old.example.org".into()],
            skipped: Vec::new(),
            hooks_failed: vec![format!("deploy 'systemctl reload nginx': {HOSTILE}")],
            dry_run,
            deploy: crate::ops::DeployReport::default(),
        }
    }

    #[test]
    fn renew_lists_what_it_renewed() {
        insta::assert_snapshot!("renew_renewed", report(false).human());
    }

    #[test]
    fn a_renew_dry_run_says_nothing_was_stored() {
        insta::assert_snapshot!("renew_dry_run", report(true).human());
    }

    #[test]
    fn renew_with_nothing_renewed_prints_nothing_on_stdout() {
        let mut idle = report(false);
        idle.renewed = Vec::new();
        assert_eq!(idle.human(), "");
    }
}
