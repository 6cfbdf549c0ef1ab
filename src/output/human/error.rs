//! Errors and warnings for stderr: `error:` / `caused by:` / `help:` lines.

use std::fmt::Write as _;

use super::paint;
use crate::error::Error;
use crate::output::clean;

/// An error as `error:` / `caused by:` / `help:` lines.
pub fn error(err: &Error, color: bool) -> String {
    let mut out = format!(
        "{} {}\n",
        paint("error:", "1;31", color),
        clean(&err.message)
    );
    for cause in &err.causes {
        let _ = writeln!(out, "  caused by: {}", clean(cause));
    }
    if let Some(hint) = &err.hint {
        let _ = writeln!(out, "{} {}", paint("help:", "1;36", color), clean(hint));
    }
    out
}

/// A warning line.
pub fn warning(message: &str, color: bool) -> String {
    format!("{} {}\n", paint("warning:", "1;33", color), clean(message))
}

#[cfg(test)]
#[expect(
    clippy::disallowed_methods,
    reason = "the renderer is tested on errors with any text, including hostile CA text"
)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use crate::output::human::fixtures::HOSTILE;

    #[test]
    fn errors_have_cause_and_help_lines_and_escape_ca_text() {
        let err = Error::new(Kind::ValidationFailed, "could not obtain 'a.test'")
            .caused_by("evil\u{1b}[2J detail\nerror: forged")
            .with_hint("check port 80");
        assert_eq!(
            error(&err, false),
            "error: could not obtain 'a.test'\n  caused by: evil\\u{1b}[2J detail\\nerror: forged\nhelp: check port 80\n"
        );
    }

    #[test]
    fn an_error_without_causes_or_hint_is_one_line() {
        insta::assert_snapshot!(
            "error_plain",
            error(&Error::new(Kind::Usage, "no certificate named 'x'"), false)
        );
    }

    #[test]
    fn an_error_with_hostile_causes_and_colour() {
        let err = Error::new(Kind::CaRefused, format!("the CA refused: {HOSTILE}"))
            .caused_by(HOSTILE)
            .caused_by("second cause")
            .with_hint(format!("try again {HOSTILE}"));
        insta::assert_snapshot!("error_color", error(&err, true).replace('\u{1b}', "<ESC>"));
        insta::assert_snapshot!("warning", warning(HOSTILE, false));
    }
}
