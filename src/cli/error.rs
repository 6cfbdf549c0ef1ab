//! What the command-line layer itself could not do ([`CliError`]): start the runtime, install
//! signal handlers, read stdin, parse the arguments, write assets.

use std::path::PathBuf;

use crate::error::{Classify, Kind};

/// Something `cli` could not do.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The tokio runtime did not start.
    #[error("could not start the async runtime")]
    Runtime(#[source] std::io::Error),
    /// The signal handlers could not be installed.
    #[error("could not install signal handlers")]
    Signals(#[source] std::io::Error),
    /// `current_exe` failed (for the systemd units).
    #[error("cannot find certkeep's own path")]
    OwnPath(#[source] std::io::Error),
    /// stdin could not be read for `secret set`.
    #[error("could not read the secret from stdin")]
    SecretStdin(#[source] std::io::Error),
    /// `secret set` with an empty stdin.
    #[error("no secret on stdin")]
    NoSecret {
        /// The secret's name, for the hint.
        name: String,
    },
    /// clap refused the arguments (as a JSON document: the text is clap's first line).
    #[error("{message}")]
    Arguments {
        /// clap's message.
        message: String,
    },
    /// A completions or man file could not be written.
    #[error("could not write '{}'", path.display())]
    WriteAsset {
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}

impl Classify for CliError {
    fn kind(&self) -> Kind {
        match self {
            CliError::Runtime(_) | CliError::Signals(_) | CliError::OwnPath(_) => Kind::Internal,
            CliError::SecretStdin(_) | CliError::NoSecret { .. } | CliError::Arguments { .. } => {
                Kind::Usage
            }
            CliError::WriteAsset { .. } => Kind::Storage,
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            CliError::NoSecret { name } => {
                Some(format!("printf %s \"$VALUE\" | certkeep secret set {name}"))
            }
            CliError::Arguments { .. } => Some(
                "run 'certkeep --help' (or 'certkeep COMMAND --help') for the arguments".into(),
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn each_cli_error_has_its_exit_code() {
        let io = || std::io::Error::other("x");
        let table = [
            (CliError::Runtime(io()), 1),
            (CliError::Signals(io()), 1),
            (CliError::OwnPath(io()), 1),
            (CliError::SecretStdin(io()), 2),
            (CliError::NoSecret { name: "n".into() }, 2),
            (
                CliError::Arguments {
                    message: "x".into(),
                },
                2,
            ),
            (
                CliError::WriteAsset {
                    path: PathBuf::new(),
                    source: io(),
                },
                6,
            ),
        ];
        for (err, code) in table {
            let name = format!("{err:?}");
            assert_eq!(Error::from(err).exit_code(), code, "{name}");
        }
    }
}
