//! The consumer of the event channel: one thread that renders every [`EventRecord`] the way the
//! invocation asked, as plain lines (today's), spinners (a terminal), JSON lines (`--events`)
//! or the daemon's structured log.
//!
//! A thread of its own, not a task on the command's runtime: rendering writes to stderr, which
//! may block (a stopped terminal, a pipe nobody reads), and that must never stall a renewal; and
//! the final report, printed from synchronous code, can wait for the last progress line through
//! [`EventSink::settle`] without deadlocking the single-threaded runtime.

mod log;
mod spinners;

use std::io::Write;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedReceiver;

use crate::ops::{Event, EventRecord, EventSink, Message};

pub use spinners::Spinners;

/// How often spinners turn.
const TICK: Duration = Duration::from_millis(120);

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Plain lines on stderr (not a terminal, `-q`, `--json`): warnings always, the rest unless
    /// quiet or JSON.
    Lines {
        /// `-q` or `--json`: warnings only.
        quiet: bool,
        /// `-v` count.
        verbose: u8,
        /// Colour escapes.
        color: bool,
    },
    /// A terminal: a spinner line per certificate in flight.
    Spinners {
        /// `-v` count.
        verbose: u8,
        /// Colour escapes.
        color: bool,
    },
    /// `--events`: one JSON object per line.
    JsonLines,
    /// The daemon: a structured log through `tracing`.
    Log {
        /// RFC 3339 timestamps on each line (off under journald, which adds its own).
        timestamps: bool,
    },
}

/// Starts the consumer thread for `mode`; returns the sink the operations send into. Should the
/// thread not start, progress is shown nowhere and the run goes on (said once, on stderr).
pub fn start(mode: Mode) -> EventSink {
    let (sink, rx) = EventSink::channel();
    let spawned = std::thread::Builder::new()
        .name("certkeep-events".into())
        .spawn(move || consume(mode, rx));
    match spawned {
        Ok(_) => sink,
        Err(err) => {
            super::write_stderr(&super::human::warning(
                &format!("progress will not be shown: could not start its thread: {err}"),
                false,
            ));
            EventSink::none()
        }
    }
}

/// The consumer thread: renders until every sender is gone.
fn consume(mode: Mode, rx: UnboundedReceiver<Message>) {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
    else {
        return;
    };
    let stderr = std::io::stderr();
    match mode {
        Mode::Log { timestamps } => {
            let dispatch = log::subscriber(timestamps);
            // The daemon's other threads (the fleet's http-01 responder) log through it too.
            let _ = tracing::dispatcher::set_global_default(dispatch.clone());
            tracing::dispatcher::with_default(&dispatch, || {
                runtime.block_on(pump(Renderer::<std::io::Stderr>::Log, rx));
            });
        }
        Mode::JsonLines => runtime.block_on(pump(Renderer::Json(stderr), rx)),
        Mode::Lines {
            quiet,
            verbose,
            color,
        } => runtime.block_on(pump(
            Renderer::Lines {
                out: stderr,
                quiet,
                verbose,
                color,
            },
            rx,
        )),
        Mode::Spinners { verbose, color } => runtime.block_on(pump(
            Renderer::Spinners(Spinners::new(stderr, verbose, color)),
            rx,
        )),
    }
}

/// Renders messages as they come, turning the spinners while any is shown.
async fn pump<W: Write>(mut renderer: Renderer<W>, mut rx: UnboundedReceiver<Message>) {
    loop {
        let message = if renderer.animating() {
            tokio::select! {
                message = rx.recv() => message,
                () = tokio::time::sleep(TICK) => {
                    renderer.tick();
                    continue;
                }
            }
        } else {
            rx.recv().await
        };
        match message {
            Some(Message::Record(record)) => renderer.record(&record),
            Some(Message::Barrier(ack)) => {
                renderer.settle();
                let _ = ack.send(());
            }
            None => break,
        }
    }
    renderer.settle();
}

/// One way of showing events, writing to `W` (stderr; a buffer in tests).
pub enum Renderer<W: Write> {
    /// Plain lines.
    Lines {
        /// Where they go.
        out: W,
        /// Warnings only.
        quiet: bool,
        /// `-v` count.
        verbose: u8,
        /// Colour escapes.
        color: bool,
    },
    /// Spinners on a terminal.
    Spinners(Spinners<W>),
    /// JSON lines.
    Json(W),
    /// The daemon's log (through the thread's `tracing` subscriber).
    Log,
}

impl<W: Write> Renderer<W> {
    /// Shows one event. Write errors are ignored: progress is lost, the run goes on.
    pub fn record(&mut self, record: &EventRecord) {
        match self {
            Renderer::Lines {
                out,
                quiet,
                verbose,
                color,
            } => {
                let text = match &record.event {
                    Event::Warning { message } => Some(super::human::warning(message, *color)),
                    _ if *quiet => None,
                    _ => super::human::event(record, *verbose, *color),
                };
                if let Some(text) = text {
                    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
                }
            }
            Renderer::Spinners(spinners) => spinners.record(record),
            Renderer::Json(out) => {
                if let Ok(mut line) = serde_json::to_string(record) {
                    line.push('\n');
                    let _ = out.write_all(line.as_bytes()).and_then(|()| out.flush());
                }
            }
            Renderer::Log => log::record(record),
        }
    }

    fn animating(&self) -> bool {
        matches!(self, Renderer::Spinners(s) if s.animating())
    }

    fn tick(&mut self) {
        if let Renderer::Spinners(spinners) = self {
            spinners.tick();
        }
    }

    /// Leaves stderr ready for the final report: spinners erased.
    pub fn settle(&mut self) {
        if let Renderer::Spinners(spinners) = self {
            spinners.settle();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(cert: Option<&str>, event: Event) -> EventRecord {
        EventRecord::new(cert, None, event)
    }

    #[test]
    fn json_lines_are_one_parseable_record_per_line() {
        let mut renderer = Renderer::Json(Vec::new());
        renderer.record(&record(Some("a.org"), Event::Finalizing));
        renderer.record(&record(
            None,
            Event::Warning {
                message: "two\nlines".into(),
            },
        ));
        let Renderer::Json(out) = renderer else {
            unreachable!()
        };
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert_eq!(lines[0]["cert"], "a.org");
        assert_eq!(lines[1]["message"], "two\nlines");
    }

    #[test]
    fn quiet_lines_show_warnings_only() {
        let mut renderer = Renderer::Lines {
            out: Vec::new(),
            quiet: true,
            verbose: 0,
            color: false,
        };
        renderer.record(&record(Some("a.org"), Event::Finalizing));
        renderer.record(&record(
            Some("a.org"),
            Event::Warning {
                message: "careful".into(),
            },
        ));
        let Renderer::Lines { out, .. } = renderer else {
            unreachable!()
        };
        assert_eq!(String::from_utf8(out).unwrap(), "warning: careful\n");
    }

    #[test]
    fn a_settled_sink_has_had_every_earlier_event_rendered() {
        // The consumer thread, writing JSON into a shared buffer instead of stderr.
        #[derive(Clone, Default)]
        struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buffer = Shared::default();
        let (sink, rx) = EventSink::channel();
        let out = buffer.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .unwrap();
            runtime.block_on(pump(Renderer::Json(out), rx));
        });
        for n in 0..200 {
            sink.for_cert(&format!("c{n}.org")).send(Event::Finalizing);
        }
        assert!(sink.settle(Duration::from_secs(10)));
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text.lines().count(), 200, "lines missing at the barrier");
        assert!(text.lines().last().unwrap().contains("c199.org"));
    }
}
