//! Findings of the review of issue 7, each a behaviour that failed before its fix: writes through
//! symlinks the store did not make, and stored values that planned a renewal after expiry.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::harness::{Env, Pebble};

/// A 0700 directory (the store root and its parts as certkeep makes them).
fn private_dir(path: &Path) {
    std::fs::create_dir_all(path).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700)).unwrap();
}

/// The name `accounts/<ca-id>` gets for `pebble`, learnt from a throwaway store.
fn ca_dir_name(pebble: &Pebble) -> std::ffi::OsString {
    let scratch = Env::new();
    scratch.register(pebble);
    scratch
        .store
        .join("accounts")
        .read_dir()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name()
}

#[test]
fn register_refuses_a_symlinked_ca_directory_instead_of_writing_the_key_through_it() {
    let pebble = Pebble::start();
    let env = Env::new();
    let outside = env.home.path().join("outside");
    private_dir(&outside);
    private_dir(&env.store.join("accounts"));
    std::os::unix::fs::symlink(
        &outside,
        env.store.join("accounts").join(ca_dir_name(&pebble)),
    )
    .unwrap();

    let root = pebble.tls_root.to_str().unwrap().to_owned();
    let run = env.run(&[
        "--json",
        "account",
        "register",
        "--ca",
        &pebble.directory,
        "--ca-root",
        &root,
        "--agree-tos",
    ]);
    run.expect_code(6);
    assert!(
        run.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("symlink"),
        "{run:?}"
    );
    let written: Vec<_> = std::fs::read_dir(&outside).unwrap().collect();
    assert!(written.is_empty(), "written outside the store: {written:?}");
}

/// `secret set NAME` with `value` on stdin.
fn secret_set(env: &Env, name: &str, value: &str) -> crate::harness::Run {
    env.run_with_stdin(&["--json", "secret", "set", name], value.as_bytes())
}

#[test]
fn secret_set_refuses_a_symlinked_or_loose_secrets_directory() {
    let env = Env::new();
    private_dir(&env.store);
    let outside = env.home.path().join("outside");
    private_dir(&outside);
    let secrets = env.store.join("secrets");
    std::os::unix::fs::symlink(&outside, &secrets).unwrap();
    secret_set(&env, "tsig", "c2VjcmV0").expect_code(6);
    let written: Vec<_> = std::fs::read_dir(&outside).unwrap().collect();
    assert!(written.is_empty(), "written outside the store: {written:?}");

    std::fs::remove_file(&secrets).unwrap();
    std::fs::create_dir(&secrets).unwrap();
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o777)).unwrap();
    let run = secret_set(&env, "tsig", "c2VjcmV0");
    run.expect_code(6);
    assert!(!secrets.join("certkeep").exists(), "{run:?}");
}

#[test]
fn secret_set_refuses_a_symlinked_service_directory_below_secrets() {
    let env = Env::new();
    secret_set(&env, "first", "c2VjcmV0").expect_code(0);
    let service = env.store.join("secrets").join("certkeep");
    let outside = env.home.path().join("outside");
    std::fs::rename(&service, &outside).unwrap();
    std::os::unix::fs::symlink(&outside, &service).unwrap();
    secret_set(&env, "second", "c2VjcmV0").expect_code(6);
    assert!(!outside.join("second").exists());
}

/// Any time from year -9999 to 9999, in whole seconds.
fn any_time() -> impl proptest::strategy::Strategy<Value = time::OffsetDateTime> {
    use proptest::strategy::Strategy;
    let min = time::PrimitiveDateTime::MIN.assume_utc().unix_timestamp();
    let max = time::PrimitiveDateTime::MAX.assume_utc().unix_timestamp();
    (min..=max).prop_map(|s| time::OffsetDateTime::from_unix_timestamp(s).unwrap())
}

proptest::proptest! {
    /// Whatever `meta.json`'s issuance time and `state.json`'s ARI choice say, a certificate is
    /// never planned for renewal at or after its expiry.
    #[test]
    fn renewal_is_never_planned_after_expiry(
        not_before in any_time(),
        not_after in any_time(),
        issued_at in any_time(),
        window_start in any_time(),
        chosen in any_time(),
        now in any_time(),
        renew_before in proptest::option::of(proptest::prop_oneof![
            proptest::strategy::Just(0u64),
            proptest::prelude::any::<u64>(),
        ]),
    ) {
        use certkeep::renewal::{self, AriState, Decision, FailureLedger, Inputs, Policy, Validity};
        proptest::prop_assume!(not_before < not_after);
        let ari = AriState {
            window_start,
            window_end: time::PrimitiveDateTime::MAX.assume_utc(),
            chosen,
            explanation_url: None,
            next_fetch: time::PrimitiveDateTime::MAX.assume_utc(),
        };
        let decision = renewal::decide(&Inputs {
            now,
            current: Some(Validity { not_before, not_after, issued_at }),
            policy: Policy { renew_before_secs: renew_before },
            ari: Some(&ari),
            failures: &FailureLedger::default(),
            revocation: None,
            force: false,
            interrupted: false,
        });
        if let Decision::NotDue { until, .. } = decision {
            proptest::prop_assert!(until < not_after, "{until} is not before {not_after}");
        }
    }
}

#[test]
fn a_zero_renew_before_in_the_spec_is_ignored_with_a_warning_instead_of_renewing_at_expiry() {
    let pebble = Pebble::start();
    let env = issued(&pebble, "a.example.org");
    let spec = env.lineage("a.example.org").join("spec.toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(&spec, format!("{text}\n[renewal]\nrenew_before_secs = 0\n")).unwrap();

    let status = status_of(&env, "a.example.org");
    let (next, not_after) = (&status["next_renewal"], &status["not_after"]);
    assert!(
        next.as_str().unwrap() < not_after.as_str().unwrap(),
        "{status}"
    );
    assert!(
        status["warnings"][0]
            .as_str()
            .unwrap()
            .contains("renew_before (0s)"),
        "{status}"
    );
}

/// A store with one certificate `name` issued by `pebble`.
fn issued(pebble: &Pebble, name: &str) -> Env {
    let env = Env::new();
    env.register(pebble);
    env.obtain(pebble, &["-d", name]).expect_code(0);
    env
}

/// Rewrites one JSON field of `file` in `name`'s current version or lineage directory.
fn set_field(path: &Path, field: &str, value: serde_json::Value) {
    let mut doc: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    doc[field] = value;
    std::fs::write(path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
}

/// `status --json`'s entry for `name`.
fn status_of(env: &Env, name: &str) -> serde_json::Value {
    let run = env.run(&["--json", "status"]);
    run.expect_code(0);
    run.json()["result"]["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no status for {name}: {run:?}"))
}

#[test]
fn a_meta_json_whose_dates_are_not_the_certificates_is_damaged() {
    let pebble = Pebble::start();
    let env = issued(&pebble, "a.example.org");
    let meta = env.lineage("a.example.org").join("versions/1/meta.json");
    set_field(&meta, "not_after", "2099-01-01T00:00:00Z".into());

    let run = env.run(&["--json", "list"]);
    run.expect_code(0);
    let damaged = &run.json()["result"]["damaged"];
    assert_eq!(damaged[0]["name"], "a.example.org", "{run:?}");
    assert!(
        damaged[0]["file"].as_str().unwrap().ends_with("meta.json"),
        "{run:?}"
    );
}

#[test]
fn an_issuance_time_after_expiry_does_not_postpone_renewal_past_expiry() {
    let pebble = Pebble::start();
    let env = issued(&pebble, "a.example.org");
    let meta = env.lineage("a.example.org").join("versions/1/meta.json");
    set_field(&meta, "issued_at", "9999-01-01T00:00:00Z".into());

    let status = status_of(&env, "a.example.org");
    let (next, not_after) = (&status["next_renewal"], &status["not_after"]);
    assert!(
        next.as_str().unwrap() < not_after.as_str().unwrap(),
        "{status}"
    );
}

#[test]
fn a_stored_ari_choice_after_expiry_does_not_postpone_renewal_past_expiry() {
    let pebble = Pebble::start();
    let env = issued(&pebble, "a.example.org");
    let state = env.lineage("a.example.org").join("state.json");
    let never = "9999-12-31T23:59:59Z";
    set_field(
        &state,
        "ari",
        serde_json::json!({"window_start": "2020-01-01T00:00:00Z", "window_end": never,
            "chosen": never, "next_fetch": never}),
    );
    set_field(&state, "ari_next_fetch", never.into());

    let status = status_of(&env, "a.example.org");
    let (next, not_after) = (&status["next_renewal"], &status["not_after"]);
    assert!(
        next.as_str().unwrap() < not_after.as_str().unwrap(),
        "{status}"
    );
}

#[test]
fn sigterm_ends_a_wait_for_the_store_lock_at_once() {
    use nix::sys::signal::Signal;

    use crate::signals::support::Running;

    let env = Env::new();
    private_dir(&env.store);
    let held = std::fs::File::create(env.store.join("lock")).unwrap();
    held.lock().unwrap();

    // Without the fix the wait ignores the signal for its whole 600 s (beyond finish's deadline).
    let mut waiting =
        Running::start(env.command(&["renew", "--no-random-delay", "--wait-lock", "600"]));
    waiting.wait_stderr(|line| line.contains("release the store lock").then_some(()));
    waiting.signal(Signal::SIGTERM);
    waiting.finish().expect_code(143);
    drop(held);
}

#[test]
fn a_closed_stderr_is_no_panic() {
    let env = Env::new();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = env
        .command(&["show", "missing.example.org"])
        .stderr(writer)
        .output()
        .unwrap();
    // What the same command exits with when its stderr is readable.
    let expected = env.run(&["show", "missing.example.org"]).code;
    assert_ne!(expected, 101);
    assert_eq!(out.status.code(), Some(expected));
}

#[test]
fn a_spec_without_identifiers_is_damaged() {
    let pebble = Pebble::start();
    let env = issued(&pebble, "a.example.org");
    let spec = env.lineage("a.example.org").join("spec.toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let emptied: String = text
        .lines()
        .map(|line| {
            if line.starts_with("identifiers") {
                "identifiers = []"
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&spec, emptied).unwrap();

    let run = env.run(&["--json", "list"]);
    run.expect_code(0);
    let damaged = &run.json()["result"]["damaged"];
    assert_eq!(damaged[0]["name"], "a.example.org", "{run:?}");
    assert!(
        damaged[0]["reason"]
            .as_str()
            .unwrap()
            .contains("identifiers"),
        "{run:?}"
    );
}

#[test]
fn an_obtain_with_nothing_to_do_shows_the_current_paths_not_a_version() {
    let pebble = Pebble::start();
    let env = issued(&pebble, "a.example.org");
    let run = env.obtain(&pebble, &["--json", "-d", "a.example.org"]);
    run.expect_code(0);
    let result = &run.json()["result"];
    assert_eq!(result["issued"], false, "{run:?}");
    let current = env.lineage("a.example.org").join("current");
    for file in ["cert", "chain", "fullchain", "privkey"] {
        let path = result["paths"][file].as_str().unwrap();
        assert!(Path::new(path).starts_with(&current), "{file}: {path}");
    }
}

#[test]
fn an_obtain_over_a_damaged_current_version_issues_instead_of_saying_good_until() {
    let pebble = Pebble::start();
    let env = issued(&pebble, "a.example.org");
    std::fs::remove_file(env.lineage("a.example.org").join("versions/1/privkey.pem")).unwrap();

    let run = env.obtain(&pebble, &["--json", "-d", "a.example.org"]);
    run.expect_code(0);
    assert_eq!(run.json()["result"]["issued"], true, "{run:?}");
    let list = env.run(&["--json", "list"]);
    assert_eq!(
        list.json()["result"]["damaged"],
        serde_json::json!([]),
        "{list:?}"
    );
}

#[test]
fn an_unreadable_journal_is_said_aloud_and_a_new_order_is_placed() {
    let pebble = Pebble::start();
    let env = issued(&pebble, "journal.example.org");
    let journal = env.store.join("journal/journal.example.org");
    private_dir(&journal);
    std::fs::write(journal.join("order.json"), "{\"ca\": [ garbage").unwrap();
    let run = env.run(&[
        "renew",
        "journal.example.org",
        "--force",
        "--no-random-delay",
    ]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("journal of 'journal.example.org' cannot be read"),
        "{}",
        run.stderr
    );
}
