//! Progress on a terminal: one spinner line per certificate in flight, showing its current
//! step, redrawn in place below the lines that stay (warnings, failures, what was stored).

use std::io::Write;

use crate::ops::{Event, EventRecord};
use crate::output::human;

/// The spinner's frames.
const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// Spinner lines are cut to this many characters: a wrapped line would throw off the redraw.
const WIDTH: usize = 79;

/// The spinner area: the certificates in flight in the order they started, each with its step.
pub struct Spinners<W: Write> {
    out: W,
    verbose: u8,
    color: bool,
    active: Vec<(String, String)>,
    /// How many spinner lines are on the screen (to erase before the next draw).
    drawn: usize,
    frame: usize,
}

impl<W: Write> Spinners<W> {
    /// An empty spinner area writing to `out`.
    pub fn new(out: W, verbose: u8, color: bool) -> Self {
        Self {
            out,
            verbose,
            color,
            active: Vec::new(),
            drawn: 0,
            frame: 0,
        }
    }

    /// True while a spinner is shown.
    pub fn animating(&self) -> bool {
        !self.active.is_empty()
    }

    /// Shows one event: a line that stays (above the spinners), or a new step on its
    /// certificate's spinner.
    pub fn record(&mut self, record: &EventRecord) {
        let mut text = String::new();
        match (&record.cert, &record.event) {
            (Some(cert), Event::Stored { version }) => {
                self.finish(cert);
                text = human::step("Stored", &format!("{cert}: version {version}"), self.color);
            }
            (Some(cert), Event::RenewFailed { .. }) => {
                self.finish(cert);
                text = human::event(record, self.verbose, self.color).unwrap_or_default();
            }
            (Some(cert), event) if !stays(event) => {
                if let Some(line) = human::event(record, self.verbose, false) {
                    // The spinner line names the certificate already.
                    let step = line.lines().next().unwrap_or_default().trim();
                    let step = step.replacen(&format!(" {}: ", crate::output::clean(cert)), " ", 1);
                    self.set_step(cert, step);
                }
            }
            _ => text = human::event(record, self.verbose, self.color).unwrap_or_default(),
        }
        self.erase();
        let _ = self.out.write_all(text.as_bytes());
        self.draw();
    }

    /// Turns the spinners one frame.
    pub fn tick(&mut self) {
        self.frame = self.frame.wrapping_add(1);
        self.erase();
        self.draw();
    }

    /// Erases the spinner area and forgets it: the final report comes next.
    pub fn settle(&mut self) {
        self.erase();
        self.active.clear();
        let _ = self.out.flush();
    }

    fn set_step(&mut self, cert: &str, step: String) {
        match self.active.iter_mut().find(|(name, _)| name == cert) {
            Some(entry) => entry.1 = step,
            None => self.active.push((cert.to_owned(), step)),
        }
    }

    fn finish(&mut self, cert: &str) {
        self.active.retain(|(name, _)| name != cert);
    }

    fn erase(&mut self) {
        if self.drawn > 0 {
            // Up to the first spinner line, then clear to the end of the screen.
            let _ = write!(self.out, "\x1b[{}A\r\x1b[J", self.drawn);
            self.drawn = 0;
        }
    }

    fn draw(&mut self) {
        let mut area = String::new();
        for (i, (cert, step)) in self.active.iter().enumerate() {
            let frame = FRAMES[self.frame.wrapping_add(i) % FRAMES.len()];
            let line = format!("{frame} {}: {step}", crate::output::clean(cert));
            area.extend(line.chars().take(WIDTH));
            area.push('\n');
        }
        self.drawn = self.active.len();
        let _ = self
            .out
            .write_all(area.as_bytes())
            .and_then(|()| self.out.flush());
    }
}

/// Events whose line stays on the screen even when they belong to a certificate: what the user
/// must read or act on.
fn stays(event: &Event) -> bool {
    match event {
        Event::Warning { .. } | Event::CleanupFailed { .. } | Event::AccountRegistered { .. } => {
            true
        }
        Event::HookRan { ok, .. } => !ok,
        // The manual DNS provider's instruction.
        Event::DnsPending { servers, .. } => servers.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(cert: &str, event: Event) -> EventRecord {
        EventRecord::new(Some(cert), Some("https://ca.test/order/1"), event)
    }

    fn shown(spinners: &Spinners<Vec<u8>>) -> String {
        String::from_utf8(spinners.out.clone()).unwrap()
    }

    #[test]
    fn each_certificate_in_flight_has_one_line_with_its_current_step() {
        let mut spinners = Spinners::new(Vec::new(), 0, false);
        spinners.record(&on("a.org", Event::OrderCreated { pending: 1 }));
        spinners.record(&on("b.org", Event::OrderCreated { pending: 0 }));
        spinners.record(&on("a.org", Event::Finalizing));
        assert_eq!(
            spinners.active,
            vec![
                ("a.org".to_owned(), "Finalizing sending the CSR".to_owned()),
                (
                    "b.org".to_owned(),
                    "Ordered all names already validated".to_owned()
                ),
            ]
        );
        // The last frame drawn: the two spinner lines, after erasing the previous two.
        let text = shown(&spinners);
        let last = text.rsplit("\x1b[2A\r\x1b[J").next().unwrap();
        assert_eq!(
            last,
            "⠋ a.org: Finalizing sending the CSR\n⠙ b.org: Ordered all names already validated\n"
        );
    }

    #[test]
    fn stored_and_failed_certificates_leave_a_line_that_stays() {
        let mut spinners = Spinners::new(Vec::new(), 0, false);
        spinners.record(&on("a.org", Event::Finalizing));
        spinners.record(&on("b.org", Event::Finalizing));
        spinners.record(&on("a.org", Event::Stored { version: 2 }));
        spinners.record(&on(
            "b.org",
            Event::RenewFailed {
                message: "refused".into(),
            },
        ));
        assert!(!spinners.animating());
        let text = shown(&spinners);
        assert!(text.contains("      Stored a.org: version 2\n"), "{text}");
        assert!(
            text.contains("warning: could not renew 'b.org': refused\n"),
            "{text}"
        );
    }

    #[test]
    fn settling_erases_the_spinners_and_lines_are_cut_to_the_width() {
        let mut spinners = Spinners::new(Vec::new(), 0, false);
        let long = "x".repeat(200);
        spinners.record(&on(
            "a.org",
            Event::Renewing {
                reason: long.clone(),
            },
        ));
        let text = shown(&spinners);
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text}");
        spinners.settle();
        assert!(shown(&spinners).ends_with("\x1b[1A\r\x1b[J"));
        assert!(!spinners.animating());
    }

    #[test]
    fn a_step_does_not_name_its_certificate_twice() {
        let mut spinners = Spinners::new(Vec::new(), 0, false);
        spinners.record(&on(
            "a.org",
            Event::Renewing {
                reason: "--force".into(),
            },
        ));
        assert_eq!(spinners.active[0].1, "Renewing --force");
    }

    #[test]
    fn outside_text_cannot_move_the_cursor() {
        let mut spinners = Spinners::new(Vec::new(), 0, false);
        spinners.record(&on("a.org\x1b[2J", Event::Finalizing));
        assert!(!shown(&spinners).contains("\x1b[2J"));
    }
}
