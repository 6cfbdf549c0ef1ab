//! The certkeep binary: parse, run, exit. Everything else lives in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(certkeep::cli::run(std::env::args_os()))
}
