//! Splits a hook given as one string (`--deploy-hook 'systemctl reload nginx'`) into an argv with
//! POSIX shell quoting rules (the `shell-words` crate): single and double quotes and backslashes,
//! and nothing else: no variables, no globs, no command substitution. Those need `shell = true`,
//! asked for explicitly.

use crate::domain::HookSpec;
use crate::error::{Classify, Error, Kind};

/// A hook command that cannot be run.
#[derive(Debug, thiserror::Error)]
pub enum HookError {
    /// Quoting that does not close.
    #[error("the hook command '{line}' has an unterminated quote or a trailing backslash")]
    Unterminated {
        /// The command, control characters escaped.
        line: String,
        /// The splitter's error.
        #[source]
        source: shell_words::ParseError,
    },
    /// Nothing to run.
    #[error("the hook command is empty")]
    Empty,
}

impl Classify for HookError {
    fn kind(&self) -> Kind {
        match self {
            HookError::Unterminated { .. } | HookError::Empty => Kind::Usage,
        }
    }
}

/// The hooks of one stage as `obtain` stores them, from its command lines (one per
/// `--*-hook`; the TUI's form gives one): each split into an argv, or kept whole for
/// `/bin/sh -c` when `shell` is asked for.
pub fn hook_specs(
    commands: &[String],
    shell: bool,
    timeout_secs: Option<u64>,
) -> Result<Vec<HookSpec>, Error> {
    commands
        .iter()
        .map(|line| {
            let command = if shell {
                vec![line.clone()]
            } else {
                split_command(line)?
            };
            Ok(HookSpec {
                command,
                shell,
                timeout_secs,
            })
        })
        .collect()
}

/// Splits `line` into words.
pub fn split_command(line: &str) -> Result<Vec<String>, Error> {
    let words = shell_words::split(line).map_err(|source| HookError::Unterminated {
        line: line.escape_debug().to_string(),
        source,
    })?;
    if words.is_empty() {
        return Err(HookError::Empty.into());
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_a_shell_without_expanding() {
        let table: [(&str, &[&str]); 5] = [
            ("systemctl reload nginx", &["systemctl", "reload", "nginx"]),
            (
                "  /usr/bin/x  'a b'  \"c d\" ",
                &["/usr/bin/x", "a b", "c d"],
            ),
            ("echo $(id) `id` $HOME", &["echo", "$(id)", "`id`", "$HOME"]),
            ("a\\ b ''", &["a b", ""]),
            ("say \"he said \\\"hi\\\"\"", &["say", "he said \"hi\""]),
        ];
        for (line, want) in table {
            assert_eq!(split_command(line).unwrap(), want, "{line}");
        }
        assert!(split_command("echo 'open").is_err());
        assert!(split_command("   ").is_err());
    }

    #[test]
    fn unusable_hook_commands_are_usage_errors_with_the_splitter_as_cause() {
        let open = split_command("echo 'open").unwrap_err();
        assert_eq!(open.exit_code(), 2);
        assert!(open.find::<shell_words::ParseError>().is_some());
        assert!(matches!(
            open.find::<HookError>(),
            Some(HookError::Unterminated { .. })
        ));
        let empty = split_command("   ").unwrap_err();
        assert_eq!(empty.exit_code(), 2);
        assert!(matches!(empty.find::<HookError>(), Some(HookError::Empty)));
    }

    #[test]
    fn a_backslash_inside_double_quotes_is_kept_unless_it_escapes() {
        // POSIX: inside double quotes a backslash escapes only $ ` " \ and newline.
        assert_eq!(
            split_command(r#"printf "%s\n" "C:\dir" "a\\b""#).unwrap(),
            ["printf", r"%s\n", r"C:\dir", r"a\b"]
        );
    }
}
