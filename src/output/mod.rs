//! Everything certkeep prints goes through here: reports as human text or one JSON document on
//! stdout ([`json`]), progress events and errors on stderr ([`human`]). No other module prints
//! (the TUI runtime and the completion generator excepted).
//!
//! Text that came from outside (CA problem details, file contents) is passed through [`clean`]
//! before it reaches a terminal, so escape sequences and bidi controls in it cannot forge lines
//! or recolour the screen; JSON keeps such text exact, escaped by the JSON encoder.

mod error;
pub mod human;
pub mod json;
pub mod progress;
mod sorted_json;

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use serde::Serialize;

pub use error::OutputError;

use crate::error::Error;
use crate::ops::EventSink;

/// How long a final report waits for the progress lines before it (a consumer stuck on a
/// blocked stderr must not hold the report back for ever).
const SETTLE_DEADLINE: Duration = Duration::from_secs(5);

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The output settings of one invocation.
#[derive(Debug, Clone)]
pub struct Output {
    /// `--json`: one document on stdout, no human text.
    pub json: bool,
    /// `-q`: no progress.
    pub quiet: bool,
    /// `-v` count: more progress detail.
    pub verbose: u8,
    /// Colour escapes on stderr.
    pub color: bool,
    /// Set when a report could not be printed (its JSON encoding failed): the exit code the
    /// run must end with instead of success.
    failed: Arc<AtomicU8>,
    /// The progress channel ([`progress`]): settled before anything final is printed.
    events: EventSink,
}

impl Output {
    /// Settings from the global flags; `auto` colour also needs a terminal and `no_color`
    /// false (`NO_COLOR` unset or empty, as `cli` found it).
    pub fn new(json: bool, quiet: bool, verbose: u8, color: ColorChoice, no_color: bool) -> Self {
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && std::io::stderr().is_terminal(),
        };
        Self {
            json,
            quiet,
            verbose,
            color,
            failed: Arc::new(AtomicU8::new(0)),
            events: EventSink::none(),
        }
    }

    /// These settings, with progress going to `events` (see [`progress::start`]).
    #[must_use]
    pub fn with_events(mut self, events: EventSink) -> Self {
        self.events = events;
        self
    }

    /// Where the operations send their progress.
    pub fn events(&self) -> &EventSink {
        &self.events
    }

    /// Waits until every progress line sent so far is out (and spinners are erased), so what
    /// follows is never interleaved with them.
    pub fn settle(&self) {
        self.events.settle(SETTLE_DEADLINE);
    }

    /// The exit code a run that returned `code` ends with: an internal error's when a report
    /// could not be printed.
    pub fn exit_code(&self, code: u8) -> u8 {
        match self.failed.load(Ordering::Relaxed) {
            0 => code,
            failed if code == 0 => failed,
            _ => code,
        }
    }

    /// Prints a successful report (or, when it cannot be encoded as JSON, the internal error,
    /// remembered for [`Output::exit_code`]).
    pub fn success<R: Serialize + human::Human>(&self, command: &str, report: &R) {
        self.settle();
        if self.json {
            match json::success(command, report) {
                Ok(doc) => self.emit(&doc),
                Err(err) => {
                    self.emit(&json::failure(command, &err));
                    self.failed.store(err.exit_code(), Ordering::Relaxed);
                }
            }
        } else {
            let text = report.human();
            if !text.is_empty() {
                self.emit(&text);
            }
        }
    }

    /// Writes a report to stdout. A reader that went away (`| head`) is not the run's failure;
    /// any other write error (`> /dev/full`, a full disk) is: a script would otherwise take an
    /// empty or cut file for a result. It is said on stderr and the run exits "storage".
    fn emit(&self, text: &str) {
        match write_stdout(text) {
            Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
                let err = Error::from(OutputError::Write(err));
                write_stderr(&human::error(&err, self.color));
                self.failed.store(err.exit_code(), Ordering::Relaxed);
            }
            _ => {}
        }
    }

    /// Prints a report whose run did not wholly succeed (or did): the JSON document carries both
    /// the result and the error; in text the report goes to stdout and the error to stderr.
    /// Returns the exit code.
    pub fn outcome<R: Serialize + human::Human>(
        &self,
        command: &str,
        report: &R,
        err: Option<&Error>,
    ) -> u8 {
        let Some(err) = err else {
            self.success(command, report);
            return self.exit_code(0);
        };
        self.settle();
        if self.json {
            let _ = write_stdout(&json::failure_with_result(command, report, err));
        } else {
            let text = report.human();
            if !text.is_empty() {
                let _ = write_stdout(&text);
            }
            write_stderr(&human::error(err, self.color));
        }
        err.exit_code()
    }

    /// Prints an error (as the JSON document, or as text on stderr).
    pub fn failure(&self, command: &str, err: &Error) {
        self.settle();
        if self.json {
            let _ = write_stdout(&json::failure(command, err));
        } else {
            write_stderr(&human::error(err, self.color));
        }
    }

    /// Prints a warning on stderr (JSON mode too: stdout stays one document).
    pub fn warning(&self, message: &str) {
        self.settle();
        write_stderr(&human::warning(message, self.color));
    }
}

/// Writes to stdout; a closed pipe (`certkeep list | head`) is not an error worth a panic.
fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|()| out.flush())
}

/// Writes to stderr; a closed pipe or a log socket that went away must not panic (exit 101)
/// in the middle of a renewal: progress is lost, the run goes on.
pub(crate) fn write_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Makes outside text safe for a terminal: control characters (ESC, CR, NUL ...) and bidi
/// overrides are shown as escapes instead of acting.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}');
        if c.is_control() || bidi {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Unencodable;

    impl Serialize for Unencodable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("not encodable"))
        }
    }

    impl human::Human for Unencodable {
        fn human(&self) -> String {
            String::new()
        }
    }

    #[test]
    fn a_report_that_cannot_be_printed_makes_the_run_exit_1() {
        let output = Output::new(true, true, 0, ColorChoice::Never, false);
        output.success("list", &Unencodable);
        assert_eq!(output.exit_code(0), 1);
        assert_eq!(output.exit_code(7), 7);
        assert_eq!(
            Output::new(true, true, 0, ColorChoice::Never, false).exit_code(0),
            0
        );
    }

    #[test]
    fn terminal_controls_are_escaped() {
        assert_eq!(
            clean("ok\u{1b}[31mred\r\nfake: line\u{202e}"),
            "ok\\u{1b}[31mred\\r\\nfake: line\\u{202e}"
        );
        assert_eq!(clean("légô.test"), "légô.test");
    }
}
