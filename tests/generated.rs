//! `completions/` and `man/` are generated from the clap definition and committed; this fails
//! when they are stale and names the command that refreshes them.

use std::path::Path;

#[test]
fn committed_completions_and_man_pages_are_current() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fresh = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_certkeep"))
        .arg("__generate-assets")
        .arg(fresh.path())
        .status()
        .unwrap();
    assert!(status.success());
    let mut checked = 0;
    for sub in ["completions", "man"] {
        for entry in std::fs::read_dir(fresh.path().join(sub)).unwrap() {
            let entry = entry.unwrap();
            let committed = repo.join(sub).join(entry.file_name());
            let want = std::fs::read(entry.path()).unwrap();
            let have = std::fs::read(&committed).unwrap_or_default();
            assert!(
                have == want,
                "'{}' is stale or missing; refresh with: cargo run -q -- __generate-assets .",
                committed.display()
            );
            checked += 1;
        }
        let committed_count = std::fs::read_dir(repo.join(sub)).map_or(0, Iterator::count);
        let fresh_count = std::fs::read_dir(fresh.path().join(sub)).unwrap().count();
        assert_eq!(
            committed_count, fresh_count,
            "'{sub}/' has files the generator no longer makes"
        );
    }
    assert!(checked > 5);
    let printed = std::process::Command::new(env!("CARGO_BIN_EXE_certkeep"))
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(printed.status.success());
    assert_eq!(
        printed.stdout,
        std::fs::read(repo.join("completions/certkeep.bash")).unwrap(),
        "'certkeep completions bash' prints the committed script"
    );
    let man = std::fs::read_to_string(repo.join("man/certkeep.1")).unwrap();
    assert!(
        man.contains("Exit codes"),
        "the man page documents the exit codes"
    );
}
