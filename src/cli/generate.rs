//! Generators for the committed `completions/` and `man/` files, and `certkeep completions`.
//! A test regenerates both into a temp dir and fails when the committed copies are stale.

use std::path::Path;

use clap::{Args, CommandFactory};
use clap_complete::Shell;
use serde::Serialize;

use super::Cli;
use crate::error::Error;
use crate::output::Output;
use crate::output::human::Human;

/// `completions` arguments.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The shells whose completions are committed, with their file names.
pub const SHELLS: &[(Shell, &str)] = &[
    (Shell::Bash, "certkeep.bash"),
    (Shell::Zsh, "_certkeep"),
    (Shell::Fish, "certkeep.fish"),
    (Shell::Elvish, "certkeep.elv"),
    (Shell::PowerShell, "_certkeep.ps1"),
];

/// `completions`' report: the script (printed as it is, or inside the JSON document).
#[derive(Debug, Serialize)]
pub(super) struct CompletionsReport {
    /// The shell the script is for.
    pub shell: String,
    /// The completion script.
    pub script: String,
}

impl Human for CompletionsReport {
    fn human(&self) -> String {
        self.script.clone()
    }
}

/// Prints the completion script for one shell through `output`, which owns stdout: a closed
/// pipe (`certkeep completions bash | head`) ends the output quietly instead of panicking, as
/// writing straight to stdout from `clap_complete` would.
pub(super) fn print_completions(args: &CompletionsArgs, output: &Output) {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "certkeep", &mut script);
    output.success(
        "completions",
        &CompletionsReport {
            shell: args.shell.to_string(),
            script: String::from_utf8_lossy(&script).into_owned(),
        },
    );
}

fn io(path: &Path, e: std::io::Error) -> Error {
    super::CliError::WriteAsset {
        path: path.to_owned(),
        source: e,
    }
    .into()
}

/// Writes `completions/*` and `man/*.1` below `dir`.
pub fn write_assets(dir: &Path) -> Result<(), Error> {
    let completions = dir.join("completions");
    let man = dir.join("man");
    for d in [&completions, &man] {
        std::fs::create_dir_all(d).map_err(|e| io(d, e))?;
    }
    for (shell, file) in SHELLS {
        let mut buf = Vec::new();
        clap_complete::generate(*shell, &mut Cli::command(), "certkeep", &mut buf);
        let path = completions.join(file);
        std::fs::write(&path, buf).map_err(|e| io(&path, e))?;
    }
    let mut cmd = Cli::command();
    cmd.build();
    write_man(&cmd, "certkeep", &man)
}

fn write_man(cmd: &clap::Command, page: &str, dir: &Path) -> Result<(), Error> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone().name(page.to_owned()))
        .render(&mut buf)
        .map_err(|e| io(dir, e))?;
    let path = dir.join(format!("{page}.1"));
    std::fs::write(&path, buf).map_err(|e| io(&path, e))?;
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        write_man(sub, &format!("{page}-{}", sub.get_name()), dir)?;
    }
    Ok(())
}
