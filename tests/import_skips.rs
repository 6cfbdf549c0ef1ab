//! `certkeep import` on damaged input: each lineage that cannot be read whole (a file that
//! cannot be read, a key of another certificate, a truncated certificate) is skipped with its
//! reason and the rest imported, exit 0; exit 2 is kept for a directory where nothing is that
//! client's (tests/import.rs).

use std::process::Command;

use crate::harness::Env;
use crate::import::fixture;

#[test]
fn unreadable_and_mismatched_files_skip_their_lineage_with_the_reason_and_exit_0() {
    let copy = tempfile::tempdir().unwrap();
    let status = Command::new("cp")
        .args([
            "-a",
            fixture("acme.sh/home").to_str().unwrap(),
            copy.path().to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let home = copy.path().join("home");
    // A key that cannot be read as a file (as root, modes do not stop a read; a directory
    // does).
    let api_key = home.join("api.example.org/api.example.org.key");
    std::fs::remove_file(&api_key).unwrap();
    std::fs::create_dir(&api_key).unwrap();
    // Another certificate's key.
    std::fs::copy(
        home.join("old.example.org_ecc/old.example.org.key"),
        home.join("web.example.org_ecc/web.example.org.key"),
    )
    .unwrap();

    let env = Env::new();
    let run = env.run(&["import", "acme.sh", home.to_str().unwrap(), "--json"]);
    run.expect_code(0);
    let doc = run.json();
    let skipped: Vec<(&str, &str)> = doc["result"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["source"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(skipped.len(), 2, "{doc:#}");
    assert_eq!(skipped[0].0, "api.example.org");
    assert!(
        skipped[0].1.starts_with("could not read '")
            && skipped[0].1.contains("api.example.org.key"),
        "{doc:#}"
    );
    assert_eq!(skipped[1].0, "web.example.org_ecc");
    assert_eq!(
        skipped[1].1,
        "the private key does not match the certificate"
    );
    let imported = doc["result"]["imported"].as_array().unwrap();
    assert_eq!(imported.len(), 1, "{doc:#}");
    assert_eq!(imported[0]["name"], "old.example.org");
    assert!(
        env.lineage("old.example.org")
            .join("current/cert.pem")
            .is_file()
    );
    assert!(!env.lineage("web.example.org").exists());

    // Nothing importable left, but the directory is still acme.sh's: the skips, and exit 0.
    let cer = home.join("old.example.org_ecc/old.example.org.cer");
    let bytes = std::fs::read(&cer).unwrap();
    std::fs::write(&cer, &bytes[..bytes.len() / 2]).unwrap();
    let fresh = Env::new();
    let run = fresh.run(&["import", "acme.sh", home.to_str().unwrap(), "--json"]);
    run.expect_code(0);
    let doc = run.json();
    assert!(doc["result"]["imported"].as_array().unwrap().is_empty());
    let skipped = doc["result"]["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 3, "{doc:#}");
    assert!(
        skipped[1]["reason"]
            .as_str()
            .unwrap()
            .contains("the certificate is not complete PEM"),
        "{doc:#}"
    );
}
