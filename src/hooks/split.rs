//! Splits a hook given as one string (`--deploy-hook 'systemctl reload nginx'`) into an argv,
//! honouring single and double quotes and backslashes, and nothing else: no variables, no
//! globs, no command substitution. Those need `shell = true`, asked for explicitly.

use crate::error::Error;

/// Splits `line` into words.
pub fn split_command(line: &str) -> Result<Vec<String>, Error> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(unterminated(line)),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => word.push(chars.next().ok_or_else(|| unterminated(line))?),
                        Some(c) => word.push(c),
                        None => return Err(unterminated(line)),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.push(chars.next().ok_or_else(|| unterminated(line))?);
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    if words.is_empty() {
        return Err(Error::usage("the hook command is empty"));
    }
    Ok(words)
}

fn unterminated(line: &str) -> Error {
    Error::usage(format!(
        "the hook command '{}' has an unterminated quote or a trailing backslash",
        line.escape_debug()
    ))
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
}
