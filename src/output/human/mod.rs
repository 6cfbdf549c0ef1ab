//! Human-readable rendering: reports for stdout, progress events, warnings and errors for
//! stderr. All user-facing wording lives here, so tone and quoting stay the same everywhere.
//!
//! One file per report; the helpers two or more reports share (colour, status words, the
//! revocation and damage lines) live here. Text from outside goes through [`clean`] first.

use std::fmt::Write as _;

use crate::clock::rfc3339;
use crate::ops::CertStatus;
use crate::output::clean;
use crate::store::Damage;

mod account;
mod dns;
mod edit;
mod error;
mod event;
#[cfg(test)]
mod fixtures;
mod fleet;
mod hooks;
mod import;
mod install;
mod list;
mod obtain;
mod renew;
mod revoke;
mod show;
mod status;

pub use error::{error, warning};
pub use event::{event, step};

/// A report that can be shown as text on stdout.
pub trait Human {
    /// The text, ending in a newline (or empty for nothing).
    fn human(&self) -> String;
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_owned()
    }
}

fn status_word(status: CertStatus) -> &'static str {
    match status {
        CertStatus::Valid => "valid",
        CertStatus::Expiring => "expiring",
        CertStatus::Expired => "EXPIRED",
        CertStatus::Pending => "pending",
        CertStatus::Damaged => "DAMAGED",
        CertStatus::Revoked => "REVOKED",
        CertStatus::Retired => "retired",
    }
}

/// The damaged lineages, worded the same in `list` and `status`: name, file, reason.
fn damaged_lines(damaged: &[Damage]) -> String {
    let mut out = String::new();
    if damaged.is_empty() {
        return out;
    }
    out.push_str("\ndamaged (not renewed until repaired or moved aside):\n");
    for damage in damaged {
        let _ = writeln!(
            out,
            "  {}: {}: {}",
            clean(&damage.name),
            clean(&damage.file),
            clean(&damage.reason)
        );
    }
    out
}

fn revoked_line(revocation: &crate::domain::Revocation) -> String {
    let reason = revocation
        .reason
        .map_or_else(String::new, |r| format!(" ({})", r.as_str()));
    let then = if revocation.retires() {
        "retired: renewal leaves it alone until 'certkeep renew NAME --force'"
    } else {
        "the next renewal replaces it on a new key"
    };
    format!(
        "revoked{reason} at {}; {then}",
        rfc3339(revocation.revoked_at)
    )
}

/// A time, or `now` for none: when something is due.
fn when(at: Option<time::OffsetDateTime>) -> String {
    at.map_or_else(|| "now".to_owned(), column_time)
}

/// A time in a table column: whole seconds, so every row is as wide as its heading (a renewal
/// time computed from a fraction of a lifetime can fall between two seconds).
fn column_time(at: time::OffsetDateTime) -> String {
    rfc3339(at.replace_nanosecond(0).unwrap_or(at))
}

/// The width of a table's NAME column: the widest name as shown (escaped), at least `NAME`.
fn name_width<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names
        .map(|name| clean(name).chars().count())
        .max()
        .unwrap_or(0)
        .max(4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::{ListReport, StatusReport};

    #[test]
    fn list_and_status_word_damage_the_same() {
        let damage = Damage {
            name: "a.test".into(),
            file: "/s/certs/a.test/spec.toml".into(),
            reason: "evil\u{1b}[2J name".into(),
        };
        let list = ListReport {
            certificates: vec![crate::ops::CertSummary {
                name: "a.test".into(),
                identifiers: Vec::new(),
                not_after: None,
                days_left: None,
                status: CertStatus::Damaged,
                ca: None,
                version: None,
                revocation: None,
            }],
            damaged: vec![damage.clone()],
        }
        .human();
        let status = StatusReport {
            certificates: Vec::new(),
            damaged: vec![damage],
            daemon: None,
        }
        .human();
        let block = "\ndamaged (not renewed until repaired or moved aside):\n  a.test: /s/certs/a.test/spec.toml: evil\\u{1b}[2J name\n";
        assert!(list.contains("DAMAGED") && list.ends_with(block), "{list}");
        assert!(status.ends_with(block), "{status}");
    }
}
