//! What loading the config file could not do ([`ConfigError`]): read it, trust it, parse it.

use std::path::PathBuf;

use crate::error::{Classify, Detail, Kind};

/// Something wrong with the config file or a default derived from the environment.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A `[limits]` value outside its range.
    #[error("[limits] {field} = {value} is out of range")]
    LimitOutOfRange {
        /// The key.
        field: &'static str,
        /// The value given.
        value: u64,
        /// The largest value allowed.
        max: u64,
    },
    /// A `[limits]` concurrency outside 1 to 64.
    #[error("[limits] {key} = {value} is out of range")]
    ConcurrencyOutOfRange {
        /// The key (`concurrency`, or `concurrency_by_ca."<CA>"`).
        key: String,
        /// The value given.
        value: u64,
    },
    /// A `[limits.concurrency_by_ca]` key that names no CA.
    #[error(
        "[limits.concurrency_by_ca] names '{key}', which is neither a CA preset nor a directory URL"
    )]
    UnknownCa {
        /// The key.
        key: String,
    },
    /// No home directory to put the default store in.
    #[error("cannot find a home directory for the store")]
    NoHome,
    /// The config file cannot be read.
    #[error("could not read the config file '{}'", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A config file another user could have written.
    #[error("refusing the config file '{}'", path.display())]
    Loose {
        /// The file.
        path: PathBuf,
        /// Whose it is or who can write it.
        #[source]
        why: Detail,
    },
    /// TOML that does not parse or names an unknown key.
    #[error("{message}")]
    Syntax {
        /// The parser's message.
        message: String,
        /// The line, when the parser knows it.
        #[source]
        at: Option<Detail>,
    },
}

impl Classify for ConfigError {
    fn kind(&self) -> Kind {
        Kind::Usage
    }

    fn hint(&self) -> Option<String> {
        Some(match self {
            ConfigError::LimitOutOfRange { max, .. } => {
                format!("use 1 to {max} seconds, or leave it out")
            }
            ConfigError::ConcurrencyOutOfRange { .. } => {
                format!(
                    "use 1 to {}, or leave it out ({})",
                    super::MAX_CONCURRENCY,
                    super::DEFAULT_CONCURRENCY
                )
            }
            ConfigError::UnknownCa { .. } => {
                "use a preset name (as with --ca) or the CA's https:// directory URL".into()
            }
            ConfigError::NoHome => "pass --store DIR or set CERTKEEP_STORE".into(),
            ConfigError::Unreadable { .. } => {
                "check the path given with --config or CERTKEEP_CONFIG".into()
            }
            ConfigError::Loose { path, .. } => format!(
                "make it yours and not writable by others: chown $(id -u) '{0}' && chmod go-w '{0}'",
                path.display()
            ),
            ConfigError::Syntax { .. } => "valid keys: store, [defaults] ca, email, account, key_type, [limits] http_timeout_secs, order_deadline_secs, concurrency, [limits.concurrency_by_ca] (see 'man certkeep')".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn every_config_error_is_a_usage_error_with_a_hint() {
        let table = [
            ConfigError::LimitOutOfRange {
                field: "http_timeout_secs",
                value: 0,
                max: 3600,
            },
            ConfigError::ConcurrencyOutOfRange {
                key: "concurrency".into(),
                value: 0,
            },
            ConfigError::UnknownCa { key: "x".into() },
            ConfigError::NoHome,
            ConfigError::Unreadable {
                path: PathBuf::new(),
                source: std::io::Error::other("x"),
            },
            ConfigError::Loose {
                path: PathBuf::new(),
                why: Detail::new("x"),
            },
            ConfigError::Syntax {
                message: "x".into(),
                at: None,
            },
        ];
        for err in table {
            let err = Error::from(err);
            assert_eq!(err.exit_code(), 2, "{err}");
            assert!(err.hint.is_some(), "{err}");
        }
    }
}
