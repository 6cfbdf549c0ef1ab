//! Output into pipes that close early (`| head`, a log collector that died) ends quietly with
//! the command's own exit code: no panic (exit 101), whichever stream is closed. Any other
//! write error (a full disk) fails the run.

use std::io::Read;
use std::process::Stdio;

use crate::harness::Env;

/// Runs `args` with stdout and stderr piped, reads at most `keep` bytes of `closed` (1 = stdout,
/// 2 = stderr) before closing it, drains the other stream, and returns the exit code and what
/// the other stream carried.
fn run_with_closed(env: &Env, args: &[&str], closed: u8, keep: usize) -> (i32, String) {
    let mut child = env
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut closing, mut other): (Box<dyn Read>, Box<dyn Read>) = if closed == 1 {
        (
            Box::new(child.stdout.take().unwrap()),
            Box::new(child.stderr.take().unwrap()),
        )
    } else {
        (
            Box::new(child.stderr.take().unwrap()),
            Box::new(child.stdout.take().unwrap()),
        )
    };
    let mut first = vec![0; keep];
    if keep > 0 {
        closing.read_exact(&mut first).unwrap();
    }
    drop(closing);
    let mut rest = String::new();
    other.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    (status.code().unwrap_or(-1), rest)
}

#[test]
fn completions_into_a_closed_pipe_end_quietly() {
    let env = Env::new();
    // The bash script is far larger than a pipe buffer, so certkeep is still writing when the
    // reader goes away, as with `certkeep completions bash | head -1`.
    let (code, stderr) = run_with_closed(&env, &["completions", "bash"], 1, 16);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn completions_with_json_print_one_document_holding_the_script() {
    let env = Env::new();
    let run = env.run(&["completions", "zsh", "--json"]);
    run.expect_code(0);
    let doc = run.json();
    assert_eq!(doc["command"], "completions");
    assert_eq!(doc["result"]["shell"], "zsh");
    assert!(
        doc["result"]["script"]
            .as_str()
            .unwrap()
            .starts_with("#compdef certkeep")
    );
}

#[test]
fn an_error_into_a_closed_stderr_keeps_its_exit_code() {
    let env = Env::new();
    // No such certificate: exit 2 with the message on stderr, which nobody reads any more.
    let (code, _) = run_with_closed(&env, &["show", "nosuch.example.org"], 2, 0);
    assert_ne!(code, 101, "a closed stderr made certkeep panic");
    assert_eq!(code, env.run(&["show", "nosuch.example.org"]).code);
}

#[test]
fn a_report_that_cannot_be_written_fails_the_run() {
    let env = Env::new();
    // `certkeep list --json > /dev/full`: every write fails with "no space left on device".
    for args in [&["list", "--json"][..], &["list"][..]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = env.command(args).stdout(full).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(6), "{args:?}: {stderr}");
        assert!(
            stderr.contains("could not write the output"),
            "{args:?}: {stderr}"
        );
    }
}
