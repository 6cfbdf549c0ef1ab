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
            let _ = writeln!(
                out,
                "{verdict:<6}  {} ({:.1} s)",
                clean(&outcome.command),
                outcome.duration_secs
            );
            for line in outcome.output_tail.lines() {
                let _ = writeln!(out, "        | {}", clean(line));
            }
        }
        out
    }
}
