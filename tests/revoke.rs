//! `revoke` and `delete` against a real Pebble: the CA's management API must report the
//! certificate revoked.

use crate::harness::{Env, Pebble};

#[test]
fn revoke_is_seen_by_the_ca_and_delete_removes_the_lineage() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let run = env.obtain(&pebble, &["-d", "gone.example.org", "--json"]);
    run.expect_code(0);
    let serial = run.json()["result"]["serial"].as_str().unwrap().to_owned();

    let (status, body) = pebble.management_get(&format!("/cert-status-by-serial/{serial}"));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"Valid\""), "{body}");

    let revoke = env.run(&[
        "revoke",
        "gone.example.org",
        "--reason",
        "keyCompromise",
        "--delete",
        "--json",
    ]);
    revoke.expect_code(0);
    assert_eq!(revoke.json()["result"]["serial"], serial.as_str());
    let (_, body) = pebble.management_get(&format!("/cert-status-by-serial/{serial}"));
    assert!(body.contains("\"Revoked\""), "{body}");
    assert!(!env.lineage("gone.example.org").exists());

    env.obtain(&pebble, &["-d", "kept.example.org", "-q"])
        .expect_code(0);
    env.run(&["delete", "kept.example.org"]).expect_code(0);
    assert!(!env.lineage("kept.example.org").exists());
    env.run(&["delete", "kept.example.org"]).expect_code(2);
}
