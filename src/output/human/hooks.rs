//! `hooks test`'s report: each hook's verdict and output tail.

use std::fmt::Write as _;

use super::Human;
use crate::ops::HooksTestReport;
use crate::output::clean;

impl Human for HooksTestReport {
    fn human(&self) -> String {
        let mut out = String::new();
        for outcome in &self.outcomes {
            let verdict = if outcome.ok() { "ok" } else { "FAILED" };
            // A failure says why on its own line, so the report alone explains it.
            let why = if outcome.ok() {
                String::new()
            } else {
                format!(
                    ": {}",
                    crate::hooks::failure_reason(
                        outcome.error.as_deref(),
                        outcome.timed_out,
                        outcome.exit_code
                    )
                )
            };
            let _ = writeln!(
                out,
                "{verdict:<6}  {} ({:.1} s){}",
                clean(&outcome.command),
                outcome.duration_secs,
                clean(&why)
            );
            for line in outcome.output_tail.lines() {
                let _ = writeln!(out, "        | {}", clean(line));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hooks::HookOutcome;
    use crate::output::human::fixtures::HOSTILE;

    #[test]
    fn hooks_test_shows_each_verdict_and_output() {
        let report = HooksTestReport {
            name: "example.org".into(),
            outcomes: vec![
                HookOutcome {
                    command: "systemctl reload nginx".into(),
                    exit_code: Some(0),
                    timed_out: false,
                    error: None,
                    output_tail: String::new(),
                    duration_secs: 0.25,
                },
                HookOutcome {
                    command: format!("/usr/local/bin/deploy {HOSTILE}"),
                    exit_code: Some(3),
                    timed_out: false,
                    error: None,
                    output_tail: format!("line one\n{HOSTILE}\n"),
                    duration_secs: 1.5,
                },
                HookOutcome {
                    command: "sleep 999".into(),
                    exit_code: None,
                    timed_out: true,
                    error: None,
                    output_tail: String::new(),
                    duration_secs: 60.0,
                },
            ],
        };
        insta::assert_snapshot!("hooks_test", report.human());
    }
}
