//! Files and streams the user points certkeep at are read with a size cap: an endless source
//! (`/dev/zero`) ends in a clear usage error naming the file, never in the out-of-memory killer.

use std::io::Write;
use std::process::Stdio;

use crate::harness::Env;

#[test]
fn endless_files_named_by_flags_are_refused_with_a_clear_error() {
    let env = Env::new();
    let table: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--config", "/dev/zero", "list", "--json"], "config"),
        (
            vec![
                "--ca-root",
                "/dev/zero",
                "account",
                "register",
                "--ca",
                "https://127.0.0.1:9/dir",
                "--agree-tos",
                "--json",
            ],
            "/dev/zero",
        ),
        (
            vec![
                "obtain",
                "--csr",
                "/dev/zero",
                "--listen",
                "127.0.0.1:0",
                "--json",
            ],
            "/dev/zero",
        ),
    ];
    for (args, named) in table {
        let run = env.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        let doc = run.json();
        assert_eq!(doc["error"]["kind"], "usage", "{args:?}");
        let text = doc["error"].to_string();
        assert!(text.contains(named), "{args:?}: {text}");
        assert!(text.contains("larger than"), "{args:?}: {text}");
    }
}

#[test]
fn an_endless_secret_on_stdin_is_refused() {
    let env = Env::new();
    let mut child = env
        .command(&["secret", "set", "big", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Far more than any secret: certkeep stops reading, so the writes end in a broken pipe.
    let chunk = vec![b'x'; 64 * 1024];
    for _ in 0..64 {
        if stdin.write_all(&chunk).is_err() {
            break;
        }
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["error"].to_string().contains("larger than"),
        "{}",
        doc["error"]
    );
    assert!(!env.store.join("secrets").exists(), "nothing was saved");
}
