//! Splits a hook given as one string (`--deploy-hook 'systemctl reload nginx'`) into an argv with
//! POSIX shell quoting rules (the `shell-words` crate): single and double quotes and backslashes,
//! and nothing else: no variables, no globs, no command substitution. Those need `shell = true`,
//! asked for explicitly.

use crate::error::Error;

/// Splits `line` into words.
pub fn split_command(line: &str) -> Result<Vec<String>, Error> {
    let words = shell_words::split(line).map_err(|e| {
        Error::usage(format!(
            "the hook command '{}' has an unterminated quote or a trailing backslash",
            line.escape_debug()
        ))
        .caused_by(e)
    })?;
    if words.is_empty() {
        return Err(Error::usage("the hook command is empty"));
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
    fn a_backslash_inside_double_quotes_is_kept_unless_it_escapes() {
        // POSIX: inside double quotes a backslash escapes only $ ` " \ and newline.
        assert_eq!(
            split_command(r#"printf "%s\n" "C:\dir" "a\\b""#).unwrap(),
            ["printf", r"%s\n", r"C:\dir", r"a\b"]
        );
    }
}
