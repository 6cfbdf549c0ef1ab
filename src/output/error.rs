//! What printing a result could not do ([`OutputError`]).

use crate::error::{Classify, Kind};

/// Something the output layer could not do.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A report that does not serialize (a bug).
    #[error("could not encode the result of '{command}' as JSON")]
    Encode {
        /// The command whose report it is.
        command: String,
        /// serde's error.
        #[source]
        source: serde_json::Error,
    },
    /// stdout refused the report (`> /dev/full`, a full disk).
    #[error("could not write the output")]
    Write(#[source] std::io::Error),
}

impl Classify for OutputError {
    fn kind(&self) -> Kind {
        match self {
            OutputError::Encode { .. } => Kind::Internal,
            OutputError::Write(_) => Kind::Storage,
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            OutputError::Encode { .. } => {
                Some("this is a bug in certkeep; please report it with the command you ran".into())
            }
            OutputError::Write(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn an_unwritable_stdout_is_storage_and_an_unencodable_report_a_bug() {
        let write = Error::from(OutputError::Write(std::io::Error::other("no space")));
        assert_eq!(write.exit_code(), 6);
        assert_eq!(write.causes, vec!["no space"]);
        let encode = Error::from(OutputError::Encode {
            command: "list".into(),
            source: serde_json::from_str::<u8>("x").unwrap_err(),
        });
        assert_eq!(encode.exit_code(), 1);
        assert!(encode.hint.is_some());
    }
}
