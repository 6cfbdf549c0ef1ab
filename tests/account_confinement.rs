//! An account directory (or its CA directory) replaced by a symlink is never read through: the
//! account reads as damaged (exit 6, naming the path), never as missing or as valid.

use crate::harness::{Env, Pebble};

fn symlink_aside(dir: &std::path::Path, outside: &std::path::Path) {
    std::fs::rename(dir, outside).unwrap();
    std::os::unix::fs::symlink(outside, dir).unwrap();
}

#[test]
fn a_symlinked_account_directory_is_damaged_not_missing() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", "link.example.org", "-q"])
        .expect_code(0);
    let account = env.account_dir();
    let ca_dir = account.parent().unwrap().to_owned();
    let elsewhere = tempfile::tempdir().unwrap();
    for (what, dir) in [("account", account.clone()), ("CA", ca_dir.clone())] {
        let outside = elsewhere.path().join(what);
        symlink_aside(&dir, &outside);
        let run = env.run(&[
            "renew",
            "link.example.org",
            "--force",
            "--no-random-delay",
            "--json",
        ]);
        assert_eq!(run.code, 6, "{what}: {}{}", run.stdout, run.stderr);
        let error = run.json()["error"].to_string();
        assert!(error.contains("symlink"), "{what}: {error}");
        let listed = env.run(&["account", "list", "--json"]);
        assert_ne!(listed.code, 101, "{what}");
        assert!(
            listed.stdout.contains("symlink") || listed.stderr.contains("symlink"),
            "{what}: the link is shown, not hidden: {}{}",
            listed.stdout,
            listed.stderr
        );
        // Put it back for the next row.
        std::fs::remove_file(&dir).unwrap();
        std::fs::rename(&outside, &dir).unwrap();
    }
    env.run(&["renew", "link.example.org", "--force", "--no-random-delay"])
        .expect_code(0);
}
