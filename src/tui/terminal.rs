//! Taking over the terminal and giving it back: raw mode, the alternate screen and mouse
//! reporting on entry;
//! restored on every way out — a normal quit, an error, the future being dropped by a signal
//! (the guard's `Drop`), and a panic (a hook that restores before the panic message prints).

use std::io::{Stdout, stdout};
use std::mem::ManuallyDrop;
use std::sync::Once;

use crossterm::ExecutableCommand;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::TuiError;

/// The terminal in TUI mode; dropping it restores the terminal.
pub(super) struct TerminalGuard {
    /// The ratatui terminal drawing on stdout. Never dropped: with its cursor hidden, its
    /// `Drop` shows it and reports a failure with `eprintln!`, which panics on a terminal
    /// that hung up (the process would exit 101 instead of 129). `restore` shows the cursor
    /// instead; the struct is a few bytes, left once per process.
    pub(super) terminal: ManuallyDrop<Terminal<CrosstermBackend<Stdout>>>,
}

impl TerminalGuard {
    /// Switches the terminal to raw mode and the alternate screen.
    pub(super) fn enter() -> Result<Self, TuiError> {
        install_panic_hook();
        enable_raw_mode().map_err(TuiError::Terminal)?;
        let guard_restores = |e| {
            restore();
            TuiError::Terminal(e)
        };
        stdout()
            .execute(EnterAlternateScreen)
            .and_then(|out| out.execute(EnableMouseCapture))
            .map_err(guard_restores)?;
        let terminal = Terminal::new(CrosstermBackend::new(stdout())).map_err(guard_restores)?;
        Ok(Self {
            terminal: ManuallyDrop::new(terminal),
        })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Tells whether the terminal hung up, without relying on SIGHUP: the kernel signals only the
/// session leader, and one that ignores it (a wrapper script with `trap '' HUP`) passes nothing
/// on, while crossterm's input poll keeps waking on the dead terminal without an event or an
/// error. A hangup takes the controlling terminal away from every process of the session, so
/// `/dev/tty` no longer opens.
pub(super) struct HangupProbe {
    /// Whether `/dev/tty` opened at the start (a process without a controlling terminal,
    /// drawing on a terminal it was handed, cannot tell and is never taken for hung up).
    had_terminal: bool,
}

impl HangupProbe {
    /// Notes whether this process has a controlling terminal now.
    pub(super) fn new() -> Self {
        Self {
            had_terminal: controlling_terminal_opens(),
        }
    }

    /// True when the controlling terminal this process had is gone.
    pub(super) fn hung_up(&self) -> bool {
        self.had_terminal && !controlling_terminal_opens()
    }
}

fn controlling_terminal_opens() -> bool {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_ok()
}

/// Leaves the alternate screen, shows the cursor and ends raw mode. Safe to call twice (a
/// panic restores, then the guard drops during unwinding).
fn restore() {
    let mut out = stdout();
    let _ = out.execute(DisableMouseCapture);
    let _ = out.execute(LeaveAlternateScreen);
    let _ = out.execute(crossterm::cursor::Show);
    let _ = disable_raw_mode();
}

/// Chains a hook that restores the terminal before the previous one prints the panic, so the
/// message is readable and the shell usable. Installed once per process.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
