//! Store safety: the lock keeps a second writer out (exit 8) or makes it wait; a damaged entry
//! is named and never hides the others; a damaged account key is never silently replaced.

use std::time::Duration;

use crate::harness::{Env, Pebble};

#[test]
fn a_second_writer_exits_8_or_waits_for_the_lock() {
    let env = Env::new();
    std::fs::create_dir_all(&env.store).unwrap();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(env.store.join("lock"))
        .unwrap();
    lock.lock().unwrap();
    let run = env.run(&["delete", "anything", "--json"]);
    run.expect_code(8);
    assert_eq!(run.json()["error"]["kind"], "locked");

    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(lock);
    });
    // Past the lock, the command runs (and finds nothing to delete).
    let run = env.run(&["delete", "anything", "--wait-lock", "10", "--json"]);
    releaser.join().unwrap();
    run.expect_code(2);
    assert!(
        run.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no certificate named 'anything'")
    );
}

#[test]
fn damaged_entries_are_named_and_the_rest_still_listed() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", "good.example.org", "-q"])
        .expect_code(0);
    env.obtain(&pebble, &["-d", "bad.example.org", "-q"])
        .expect_code(0);
    std::fs::write(
        env.lineage("bad.example.org").join("spec.toml"),
        "identifiers = [",
    )
    .unwrap();
    // A store copied with `cp -rL` turns `current` into a directory.
    env.obtain(&pebble, &["-d", "copied.example.org", "-q"])
        .expect_code(0);
    let copied = env.lineage("copied.example.org");
    std::fs::remove_file(copied.join("current")).unwrap();
    std::fs::create_dir(copied.join("current")).unwrap();

    let run = env.run(&["list", "--json"]);
    run.expect_code(0);
    let result = run.json()["result"].clone();
    let certs = result["certificates"].as_array().unwrap().clone();
    let by_name = |n: &str| certs.iter().find(|c| c["name"] == n).unwrap().clone();
    assert_eq!(by_name("good.example.org")["status"], "valid");
    assert_eq!(by_name("bad.example.org")["status"], "damaged");
    let damaged = result["damaged"].as_array().unwrap().clone();
    let damage = |n: &str| damaged.iter().find(|d| d["name"] == n).unwrap().clone();
    assert!(
        damage("bad.example.org")["file"]
            .as_str()
            .unwrap()
            .ends_with("spec.toml")
    );
    assert!(
        damage("copied.example.org")["reason"]
            .as_str()
            .unwrap()
            .contains("cp -L")
    );
    assert_eq!(damaged.len(), 2);

    let text = env.run(&["list"]);
    assert!(
        text.stdout.contains("DAMAGED")
            && text.stdout.contains("good.example.org")
            && text.stdout.contains("bad.example.org: "),
        "{}",
        text.stdout
    );
}

#[test]
fn a_damaged_account_key_exits_6_and_is_never_replaced() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let account_dir = env.account_dir();
    std::fs::write(
        account_dir.join("account.key.pem"),
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    let before = env.snapshot();
    let run = env.obtain(
        &pebble,
        &[
            "-d",
            "x.example.org",
            "--agree-tos",
            "--email",
            "a@example.org",
            "--json",
        ],
    );
    run.expect_code(6);
    let message = run.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("account.key.pem"), "{message}");
    assert_eq!(env.snapshot(), before, "no new account, no spec");
}
