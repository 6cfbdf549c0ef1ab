//! The terminal UI (`certkeep tui`, and `certkeep` alone on a terminal): a live dashboard of the
//! store's certificates with renewal at a keypress. In the Elm shape: a `model::Model`,
//! `update::Message`s, a pure `update::update` returning `update::Effect`s, a pure
//! `view::view`, and a small `runtime` that runs effects in the background and feeds their
//! results back as messages. It uses `ops` unchanged and prints nothing outside the terminal
//! backend.

mod form;
mod form_dns;
mod install_form;
mod load;
mod model;
mod register_form;
mod runtime;
mod terminal;
mod update;
mod update_forms;
mod view;
mod view_detail;
mod view_form;
mod view_log;
mod view_register;

use std::path::PathBuf;

use crate::error::{Classify, Kind};
use crate::ops::Context;

/// Why the TUI could not run.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    /// stdout is not a terminal (a pipe, a file, cron).
    #[error("the TUI needs a terminal, and stdout is not one")]
    NotATerminal,
    /// `--json` was given: a JSON document and a full-screen UI exclude each other.
    #[error("the TUI does not print JSON")]
    Json,
    /// The terminal could not be set up or drawn on.
    #[error("the terminal failed")]
    Terminal(#[source] std::io::Error),
    /// A signal stopped it: its terminal hung up (SIGHUP), or SIGINT or SIGTERM came.
    #[error("{0}")]
    Stopped(crate::ops::Reason),
}

impl Classify for TuiError {
    fn kind(&self) -> Kind {
        match self {
            TuiError::NotATerminal | TuiError::Json => Kind::Usage,
            TuiError::Terminal(_) => Kind::Storage,
            TuiError::Stopped(reason) => reason.kind(),
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            TuiError::NotATerminal | TuiError::Json => Some(
                "use 'certkeep list' or 'certkeep status' (with --json for scripts); run 'certkeep tui' in a terminal".to_owned(),
            ),
            TuiError::Terminal(_) | TuiError::Stopped(_) => None,
        }
    }
}

/// Whether the TUI may take over the terminal: not with `--json`, and only when stdout is one.
pub fn may_run(json: bool, stdout_is_terminal: bool) -> Result<(), TuiError> {
    if json {
        Err(TuiError::Json)
    } else if stdout_is_terminal {
        Ok(())
    } else {
        Err(TuiError::NotATerminal)
    }
}

/// Runs the TUI on the store at `store_root` until the user quits.
pub async fn run(ctx: Context, store_root: PathBuf) -> Result<(), TuiError> {
    runtime::run(ctx, store_root).await
}
