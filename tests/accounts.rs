//! Accounts against a real Pebble: register with and without External Account Binding, list and
//! show, key rollover, deactivation; the EAB HMAC never shows anywhere.

use std::io::Write;

use crate::harness::{Env, Pebble, PebbleOptions, mode};

// Pebble's example MAC key for kid-1 (base64url, 48 bytes).
const KID: &str = "kid-1";
const HMAC: &str = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";

fn eab_pebble() -> Pebble {
    Pebble::start_with(PebbleOptions {
        eab: vec![(KID.into(), HMAC.into())],
        ..Default::default()
    })
}

#[test]
fn register_stores_a_private_key_and_lists_the_account() {
    let pebble = Pebble::start();
    let env = Env::new();
    let run = env.register(&pebble);
    assert!(
        run.stdout.contains("mailto:ops@example.org"),
        "{}",
        run.stdout
    );
    let account_dir = env.account_dir();
    assert_eq!(mode(&account_dir.join("account.key.pem")), 0o600);
    assert_eq!(mode(&account_dir), 0o700);

    let list = env.run(&["account", "list", "--json"]);
    list.expect_code(0);
    let account = &list.json()["result"]["accounts"][0];
    assert_eq!(account["ca"], pebble.directory.as_str());
    assert_eq!(account["status"], "valid");
    assert!(
        account["url"]
            .as_str()
            .unwrap()
            .starts_with(&pebble.directory.replace("/dir", "/my-account/"))
    );

    // Registering the same name twice is refused before the CA hears of it.
    let root = pebble.tls_root.to_str().unwrap();
    env.run(&[
        "account",
        "register",
        "--ca",
        &pebble.directory,
        "--ca-root",
        root,
        "--agree-tos",
    ])
    .expect_code(2);
}

#[test]
fn register_without_agreeing_to_the_terms_exits_2() {
    let env = Env::new();
    let run = env.run(&[
        "account",
        "register",
        "--ca",
        "letsencrypt-staging",
        "--email",
        "ops@example.org",
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("--agree-tos"), "{}", run.stderr);
    assert!(!env.store.join("accounts").exists());
}

#[test]
fn eab_accounts_need_the_right_hmac_and_it_never_leaks() {
    let pebble = eab_pebble();
    let env = Env::new();
    let root = pebble.tls_root.to_str().unwrap().to_owned();
    let base = [
        "account",
        "register",
        "--ca",
        pebble.directory.as_str(),
        "--ca-root",
        root.as_str(),
        "--agree-tos",
        "--json",
    ];

    let none = env.run(&base);
    none.expect_code(3);
    assert!(
        none.json()["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("--eab-kid")
    );

    let wrong_file = env.home.path().join("wrong.key");
    std::fs::write(
        &wrong_file,
        "b10lLJs8l1GPIzsLP0s6pMt8O0XVGnfTaCeROxQM0BIt2XrJMDHJZBM5NuQmQJQH\n",
    )
    .unwrap();
    let wrong_ref = format!("file:{}", wrong_file.display());
    let wrong = env.run(&[&base[..], &["--eab-kid", KID, "--eab-hmac-key", &wrong_ref]].concat());
    wrong.expect_code(3);

    let key_file = env.home.path().join("eab.key");
    std::fs::write(&key_file, format!("{HMAC}\n")).unwrap();
    let right_ref = format!("file:{}", key_file.display());
    let right = env.run(
        &[
            &base[..],
            &["--eab-kid", KID, "--eab-hmac-key", &right_ref, "-vv"],
        ]
        .concat(),
    );
    right.expect_code(0);
    assert_eq!(right.json()["result"]["eab_kid"], KID);

    // The HMAC appears in no output and in no file of the store.
    for run in [&none, &wrong, &right] {
        assert!(!run.stdout.contains(HMAC) && !run.stderr.contains(HMAC));
    }
    for (path, bytes) in env.snapshot() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(HMAC),
            "HMAC stored in {}",
            path.display()
        );
    }
}

#[test]
fn eab_from_env_and_keyring_fallback_and_padded_base64() {
    let pebble = eab_pebble();
    let env = Env::new();
    let root = pebble.tls_root.to_str().unwrap().to_owned();
    // keyring: with no OS keyring reachable, `secret set` keeps a 0600 file in the store.
    let mut set = env.command(&["secret", "set", "eab"]);
    set.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = set.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{HMAC}==").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&env.store.join("secrets/certkeep/eab")), 0o600);
    env.run(&[
        "account",
        "register",
        "--ca",
        &pebble.directory,
        "--ca-root",
        &root,
        "--agree-tos",
        "--eab-kid",
        KID,
        "--eab-hmac-key",
        "keyring:eab",
    ])
    .expect_code(0);

    let other = Env::new();
    let run = other
        .command(&[
            "account",
            "register",
            "--ca",
            &pebble.directory,
            "--ca-root",
            &root,
            "--agree-tos",
            "--eab-kid",
            KID,
            "--eab-hmac-key",
            "env:CERTKEEP_TEST_EAB",
        ])
        .env("CERTKEEP_TEST_EAB", HMAC)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn rollover_changes_the_key_and_the_next_obtain_works() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let before = env.run(&["account", "show", "--json"]).json()["result"]["key_thumbprint"].clone();
    let run = env.run(&["account", "rollover", "--json"]);
    run.expect_code(0);
    let result = &run.json()["result"];
    assert_eq!(result["old_key_thumbprint"], before);
    assert_ne!(result["account"]["key_thumbprint"], before);
    let account_dir = env.account_dir();
    assert!(
        !account_dir.join("previous.key.pem").exists(),
        "the old key goes once the new one is confirmed"
    );
    assert_eq!(mode(&account_dir.join("account.key.pem")), 0o600);
    env.obtain(&pebble, &["-d", "after-rollover.example.org", "-q"])
        .expect_code(0);
}

#[test]
fn deactivate_is_confirmed_and_the_account_is_no_longer_used() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let run = env.run(&["account", "deactivate", "default", "--json"]);
    run.expect_code(0);
    assert_eq!(run.json()["result"]["account"]["status"], "deactivated");
    let obtain = env.obtain(&pebble, &["-d", "x.example.org", "--json"]);
    obtain.expect_code(2);
    let message = obtain.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("deactivated"), "{message}");
}

#[test]
fn obtain_registers_an_account_first_only_when_the_terms_are_agreed() {
    let pebble = Pebble::start();
    let env = Env::new();
    let root = pebble.tls_root.to_str().unwrap().to_owned();
    let base = [
        "-d",
        "first.example.org",
        "--ca",
        pebble.directory.as_str(),
        "--ca-root",
        root.as_str(),
    ];
    let refused = env.obtain(&pebble, &base);
    refused.expect_code(2);
    assert!(refused.stderr.contains("--agree-tos"), "{}", refused.stderr);
    assert!(!env.lineage("first.example.org").exists());

    let run = env.obtain(
        &pebble,
        &[
            &base[..],
            &["--agree-tos", "--email", "ops@example.org", "--json"],
        ]
        .concat(),
    );
    run.expect_code(0);
    assert_eq!(run.json()["result"]["account"], "default");
    let accounts = env.run(&["account", "list", "--json"]).json()["result"]["accounts"].clone();
    assert_eq!(accounts.as_array().unwrap().len(), 1);
    assert_eq!(accounts[0]["contact"][0], "mailto:ops@example.org");
}

#[test]
fn a_raw_hmac_on_the_command_line_works_but_warns_once_without_echoing_it() {
    let pebble = eab_pebble();
    let env = Env::new();
    let root = pebble.tls_root.to_str().unwrap().to_owned();
    let run = env.run(&[
        "account",
        "register",
        "--ca",
        &pebble.directory,
        "--ca-root",
        &root,
        "--agree-tos",
        "--eab-kid",
        KID,
        "--eab-hmac-key",
        HMAC,
    ]);
    run.expect_code(0);
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("process list"), "{}", run.stderr);
    assert!(!run.stderr.contains(HMAC) && !run.stdout.contains(HMAC));
}
