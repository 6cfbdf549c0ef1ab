//! Renewal policy that nothing knocks over (issue 7): absurd values in the store or on the command
//! line never panic, a margin that does not fit the certificate never makes it re-issue in a
//! loop, revocation is a state that `renew` acts on, and `obtain` is idempotent.

use std::path::Path;
use std::time::Duration;

use crate::harness::proxy::{Proxy, Rule};
use crate::harness::{Env, Pebble, PebbleOptions, pem_certs};

fn versions(env: &Env, name: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(env.lineage(name).join("versions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

fn entry<'a>(list: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("'{name}' is not in {list}"))
}

fn no_panic(run: &crate::harness::Run) {
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "{}",
        run.stderr
    );
}

fn spki(path: &Path) -> Vec<u8> {
    pem_certs(&std::fs::read_to_string(path).unwrap())
        .remove(0)
        .3
}

fn in_process(env: &Env) -> certkeep::ops::Context {
    certkeep::ops::Context {
        store: std::sync::Arc::new(certkeep::store::FsStore::new(&env.store)),
        clock: std::sync::Arc::new(certkeep::clock::SystemClock),
        events: certkeep::ops::EventSink::none(),
        ca_root: None,
        wait_lock: Duration::ZERO,
        cancel: certkeep::ops::Cancel::never(),
        limits: certkeep::acme::Limits::default(),
        settings: std::sync::Arc::default(),
    }
}

fn quiet_proxy(pebble: &Pebble) -> Proxy {
    let rule: Rule = std::sync::Arc::new(|_| {});
    Proxy::start(pebble, rule)
}

#[test]
fn absurd_store_values_neither_panic_nor_stop_the_other_certificates() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    for name in ["absurd.example.org", "healthy.example.org"] {
        env.obtain(&pebble, &["-d", name, "-q"]).expect_code(0);
    }
    // What `obtain --renew-before 5000000d` used to write, and a failure dated in year 9999.
    let spec = env.lineage("absurd.example.org").join("spec.toml");
    let mut text = std::fs::read_to_string(&spec).unwrap();
    text.push_str("\n[renewal]\nrenew_before_secs = 432000000000\n");
    std::fs::write(&spec, text).unwrap();
    std::fs::write(
        env.lineage("absurd.example.org").join("state.json"),
        r#"{"failures": {"count": 4294967295, "last_failure": "9999-12-31T23:59:00Z",
            "retry_after": "9999-12-31T23:59:59Z"},
            "last_attempt": "9999-12-31T23:59:00-23:59"}"#,
    )
    .unwrap();
    // The healthy one is due: its certificate was revoked.
    env.run(&["revoke", "healthy.example.org"]).expect_code(0);

    for args in [
        &["status"][..],
        &["status", "--json"],
        &["list"],
        &["list", "--json"],
    ] {
        let run = env.run(args);
        no_panic(&run);
        run.expect_code(0);
    }
    let status = env.run(&["status", "--json"]).json();
    let absurd = entry(&status["result"]["certificates"], "absurd.example.org");
    assert!(
        absurd["warnings"][0]
            .as_str()
            .unwrap()
            .contains("is not shorter than the certificate's lifetime"),
        "{absurd}"
    );
    assert_eq!(
        absurd["backing_off"], false,
        "a failure in 9999 is no reason to wait"
    );
    let human = env.run(&["status"]);
    assert!(
        human.stdout.contains("warning: renew_before (5000000d)"),
        "{}",
        human.stdout
    );

    // The daemon plans with the same values: the healthy one is due now.
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap();
    let floor = time::Duration::try_from(certkeep::daemon::MIN_SLEEP).unwrap();
    assert_eq!(
        certkeep::daemon::next_wake(&in_process(&env), now),
        now + floor
    );

    let renew = env.run(&["renew", "--no-random-delay", "--json"]);
    no_panic(&renew);
    renew.expect_code(0);
    let result = &renew.json()["result"];
    assert_eq!(
        result["renewed"][0]["name"], "healthy.example.org",
        "{result}"
    );
    assert_eq!(
        entry(&result["not_due"], "absurd.example.org")["backing_off"],
        false
    );
    assert_eq!(versions(&env, "absurd.example.org"), ["1"]);
    assert_eq!(versions(&env, "healthy.example.org"), ["1", "2"]);
}

#[test]
fn absurd_flags_exit_2_before_anything_runs() {
    let env = Env::new();
    let obtain = ["obtain", "-d", "flags.example.org", "--http-standalone"];
    let table: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--wait-lock", "18446744073709551615", "list"],
            "--wait-lock",
        ),
        (vec!["list", "--wait-lock", "86401"], "--wait-lock"),
        (vec!["renew", "--concurrency", "0"], "--concurrency"),
        (
            vec!["renew", "--concurrency", "18446744073709551615"],
            "--concurrency",
        ),
        (vec!["daemon", "--concurrency", "100000"], "--concurrency"),
        (
            [&obtain[..], &["--renew-before", "5000000d"]].concat(),
            "--renew-before",
        ),
        (
            [&obtain[..], &["--renew-before", "0"]].concat(),
            "--renew-before",
        ),
        (
            [&obtain[..], &["--hook-timeout", "18446744073709551615"]].concat(),
            "--hook-timeout",
        ),
        (
            [&obtain[..], &["--hook-timeout", "0"]].concat(),
            "--hook-timeout",
        ),
        (
            vec![
                "obtain",
                "-d",
                "flags.example.org",
                "--dns",
                "manual",
                "--dns-timeout",
                "99999999",
            ],
            "--dns-timeout",
        ),
        (
            vec![
                "obtain",
                "-d",
                "flags.example.org",
                "--dns",
                "manual",
                "--dns-wait",
                "18446744073709551615",
            ],
            "--dns-wait",
        ),
    ];
    for (args, flag) in table {
        let run = env.run(&args);
        no_panic(&run);
        run.expect_code(2);
        assert!(run.stderr.contains(flag), "{args:?}: {}", run.stderr);
        let mut json = args.clone();
        json.push("--json");
        let doc = env.run(&json);
        doc.expect_code(2);
        assert_eq!(doc.json()["error"]["kind"], "usage", "{args:?}");
    }
    assert!(!env.store.join("certs").exists(), "nothing was stored");
}

#[test]
fn a_margin_that_does_not_fit_the_lifetime_never_reissues_in_a_loop() {
    // Two-hour certificates: a margin of two hours is the whole lifetime, one of 7190 s would
    // make the certificate due ten seconds after issuance.
    let pebble = Pebble::start_with(PebbleOptions {
        validity_secs: Some(7200),
        ..PebbleOptions::default()
    });
    let proxy = quiet_proxy(&pebble);
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    let run = env.obtain(
        &pebble,
        &["-d", "whole.example.org", "--renew-before", "2h", "--json"],
    );
    run.expect_code(0);
    assert!(
        run.json()["result"]["warnings"][0]
            .as_str()
            .unwrap()
            .contains(
                "renew_before (2h) is not shorter than the certificate's lifetime (1h59m59s)"
            ),
        "{}",
        run.stdout
    );
    env.obtain(
        &pebble,
        &["-d", "early.example.org", "--renew-before", "7190s", "-q"],
    )
    .expect_code(0);
    let orders = proxy.count("POST", "/order-plz");
    for _ in 0..2 {
        let run = env.run(&["renew", "--no-random-delay", "--json"]);
        run.expect_code(0);
        assert!(
            run.json()["result"]["renewed"]
                .as_array()
                .unwrap()
                .is_empty(),
            "{}",
            run.stdout
        );
    }
    assert_eq!(proxy.count("POST", "/order-plz"), orders, "no new order");
    assert_eq!(versions(&env, "whole.example.org"), ["1"]);
    assert_eq!(versions(&env, "early.example.org"), ["1"]);
    let status = env.run(&["status", "--json"]).json();
    let early = entry(&status["result"]["certificates"], "early.example.org");
    assert!(
        early["warnings"][0]
            .as_str()
            .unwrap()
            .contains("would renew in the first third of the certificate's lifetime"),
        "{early}"
    );
    assert!(early["next_renewal"].is_string(), "{early}");
}

#[test]
fn the_same_obtain_twice_orders_once_and_says_until_when_it_is_good() {
    let pebble = Pebble::start();
    let proxy = quiet_proxy(&pebble);
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    let args = ["-d", "idem.example.org", "--deploy-hook", "true"];
    env.obtain(&pebble, &[&args[..], &["-q"]].concat())
        .expect_code(0);
    let orders = proxy.count("POST", "/order-plz");

    let again = env.obtain(&pebble, &[&args[..], &["--json"]].concat());
    again.expect_code(0);
    let result = &again.json()["result"];
    assert_eq!(result["issued"], false, "{result}");
    assert_eq!(result["version"], 1);
    assert!(result["next_renewal"].is_string(), "{result}");
    let human = env.obtain(&pebble, &args);
    human.expect_code(0);
    assert!(
        human
            .stdout
            .contains("already in the store with these names and settings")
            && human.stdout.contains("good until:"),
        "{}",
        human.stdout
    );
    assert_eq!(proxy.count("POST", "/order-plz"), orders, "no new order");
    assert_eq!(versions(&env, "idem.example.org"), ["1"]);

    let changed = env.obtain(
        &pebble,
        &[&args[..], &["-d", "www.idem.example.org", "--json"]].concat(),
    );
    changed.expect_code(0);
    let result = &changed.json()["result"];
    assert_eq!(
        (result["issued"].clone(), result["version"].clone()),
        (true.into(), 2.into())
    );
    assert_eq!(
        result["changes"][0],
        "names: idem.example.org -> idem.example.org, www.idem.example.org"
    );
    let forced = env.obtain(
        &pebble,
        &[
            &args[..],
            &["-d", "www.idem.example.org", "--force", "--json"],
        ]
        .concat(),
    );
    forced.expect_code(0);
    assert_eq!(forced.json()["result"]["version"], 3);
}

#[test]
fn a_revoked_certificate_is_shown_and_replaced_at_once_on_a_new_key() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", "revoked.example.org", "-q"])
        .expect_code(0);
    env.run(&["revoke", "revoked.example.org", "--reason", "keyCompromise"])
        .expect_code(0);

    let list = env.run(&["list", "--json"]).json();
    let listed = entry(&list["result"]["certificates"], "revoked.example.org");
    assert_eq!(listed["status"], "revoked");
    assert_eq!(listed["revocation"]["reason"], "keyCompromise");
    assert!(listed["revocation"]["revoked_at"].is_string());
    let status = env.run(&["status", "--json"]).json();
    let shown = entry(&status["result"]["certificates"], "revoked.example.org");
    assert_eq!(shown["status"], "revoked");
    assert_eq!(shown["revocation"]["reason"], "keyCompromise");
    assert!(shown["next_renewal"].is_null(), "due now: {shown}");
    let show = env.run(&["show", "revoked.example.org", "--json"]).json();
    assert_eq!(show["result"]["status"], "revoked");
    for args in [["list"], ["status"]] {
        let human = env.run(&args);
        assert!(
            human.stdout.contains("REVOKED") && human.stdout.contains("revoked (keyCompromise) at"),
            "{}",
            human.stdout
        );
    }

    let renew = env.run(&["renew", "--no-random-delay", "--json"]);
    renew.expect_code(0);
    assert_eq!(renew.json()["result"]["renewed"][0]["version"], 2);
    let lineage = env.lineage("revoked.example.org");
    assert_ne!(
        spki(&lineage.join("versions/1/cert.pem")),
        spki(&lineage.join("versions/2/cert.pem")),
        "the replacement has a new key"
    );
    let status = env.run(&["status", "--json"]).json();
    let shown = entry(&status["result"]["certificates"], "revoked.example.org");
    assert_eq!(shown["status"], "valid");
    assert!(shown["revocation"].is_null());
}

#[test]
fn a_certificate_revoked_as_cessation_of_operation_is_retired_until_forced() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", "retired.example.org", "-q"])
        .expect_code(0);
    env.run(&[
        "revoke",
        "retired.example.org",
        "--reason",
        "cessationOfOperation",
    ])
    .expect_code(0);

    let status = env.run(&["status", "--json"]).json();
    let shown = entry(&status["result"]["certificates"], "retired.example.org");
    assert_eq!(shown["status"], "retired");
    assert_eq!(shown["revocation"]["reason"], "cessationOfOperation");
    let list = env.run(&["list", "--json"]).json();
    assert_eq!(
        entry(&list["result"]["certificates"], "retired.example.org")["status"],
        "retired"
    );
    let renew = env.run(&["renew", "--no-random-delay", "--json"]);
    renew.expect_code(0);
    let result = &renew.json()["result"];
    assert_eq!(result["retired"][0], "retired.example.org", "{result}");
    assert!(result["renewed"].as_array().unwrap().is_empty());
    assert_eq!(versions(&env, "retired.example.org"), ["1"]);

    // The daemon plans the same way: nothing to wake up for.
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap();
    let ctx = in_process(&env);
    let cap = time::Duration::try_from(certkeep::daemon::MAX_SLEEP).unwrap();
    assert_eq!(certkeep::daemon::next_wake(&ctx, now), now + cap);

    env.run(&[
        "renew",
        "retired.example.org",
        "--force",
        "--no-random-delay",
    ])
    .expect_code(0);
    assert_eq!(versions(&env, "retired.example.org"), ["1", "2"]);
    let status = env.run(&["status", "--json"]).json();
    assert_eq!(
        entry(&status["result"]["certificates"], "retired.example.org")["status"],
        "valid"
    );
}
