//! Secrets and accounts in the unattended path: hooks get a clean environment (never the
//! variable a secret reference names), parallel standalone obtains queue on the store lock
//! instead of failing to bind, one keyring backend per store whatever the environment, and
//! damaged or forgotten accounts are reported with a way out that works.

use std::process::Output;

use crate::harness::{Env, Pebble, PebbleOptions};

// Pebble's example MAC key for kid-1 (base64url, 48 bytes).
const KID: &str = "kid-1";
const HMAC: &str = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn hooks_get_a_clean_environment_without_the_secret_variables() {
    let pebble = Pebble::start_with(PebbleOptions {
        eab: vec![(KID.into(), HMAC.into())],
        ..Default::default()
    });
    let env = Env::new();
    let root = pebble.tls_root.to_str().unwrap().to_owned();
    // A cron job that exports the EAB key for certkeep, and something unrelated.
    let with_secret = |args: &[&str]| {
        let out = env
            .command(args)
            .env("SECRET_TOKEN", HMAC)
            .env("FOO", "bar")
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    };
    with_secret(&[
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
        "env:SECRET_TOKEN",
    ]);
    let dump = |stage: &str| {
        let path = env.home.path().join(format!("{stage}.env"));
        (format!("sh -c 'env > {}'", path.display()), path)
    };
    let (pre, pre_file) = dump("pre");
    let (deploy, deploy_file) = dump("deploy");
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    with_secret(&[
        "obtain",
        "--listen",
        &listen,
        "-d",
        "hooks.example.org",
        "--pre-hook",
        &pre,
        "--deploy-hook",
        &deploy,
    ]);
    for file in [pre_file, deploy_file] {
        let seen = std::fs::read_to_string(&file).unwrap();
        for absent in ["SECRET_TOKEN", HMAC, "FOO="] {
            assert!(!seen.contains(absent), "'{absent}' reached a hook:\n{seen}");
        }
        for present in [
            "PATH=",
            "HOME=",
            "LANG=C.UTF-8",
            "CERTKEEP_NAME=hooks.example.org",
        ] {
            assert!(
                seen.lines().any(|l| l.starts_with(present)),
                "'{present}' missing:\n{seen}"
            );
        }
    }
}

/// Starts `count` obtains of distinct names on the same standalone port at once.
fn parallel_obtains(env: &Env, pebble: &Pebble, prefix: &str, extra: &[&str]) -> Vec<Output> {
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    let children: Vec<_> = (0..4)
        .map(|i| {
            let name = format!("{prefix}{i}.example.org");
            let mut args = vec!["obtain", "--listen", &listen, "-d", &name, "--json"];
            args.extend_from_slice(extra);
            env.command(&args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}

#[test]
fn parallel_standalone_obtains_queue_on_the_lock_instead_of_failing_to_bind() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);

    // Without --wait-lock the losers say "locked" (8), never "port in use" (2).
    let outs = parallel_obtains(&env, &pebble, "now", &[]);
    for out in &outs {
        assert!(matches!(out.status.code(), Some(0 | 8)), "{}", text(out));
    }
    assert!(outs.iter().any(|o| o.status.success()));

    // With --wait-lock every one gets its turn.
    let outs = parallel_obtains(&env, &pebble, "queued", &["--wait-lock", "300"]);
    for out in &outs {
        assert_eq!(out.status.code(), Some(0), "{}", text(out));
    }
}

#[test]
fn a_damaged_account_is_reported_as_damaged_and_never_registered_over() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let account_json = env.account_dir().join("account.json");
    std::fs::write(&account_json, "{\"name\": \"default\", \"url\": ").unwrap();
    let before = env.snapshot();
    let root = pebble.tls_root.to_str().unwrap().to_owned();
    let register = [
        "account",
        "register",
        "--ca",
        pebble.directory.as_str(),
        "--ca-root",
        root.as_str(),
        "--agree-tos",
        "--json",
    ];

    let refused = env.run(&register);
    refused.expect_code(6);
    let error = &refused.json()["error"];
    assert_eq!(error["kind"], "storage");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains(account_json.to_str().unwrap()),
        "{message}"
    );
    assert!(
        error["hint"].as_str().unwrap().contains("--replace"),
        "{error}"
    );

    // obtain does not take a damaged account for a missing one either.
    let obtain = env.obtain(
        &pebble,
        &[
            "-d",
            "damaged.example.org",
            "--ca",
            &pebble.directory,
            "--agree-tos",
            "--email",
            "ops@example.org",
            "--json",
        ],
    );
    obtain.expect_code(6);
    env.run(&["account", "show", "--json"]).expect_code(6);
    assert_eq!(env.snapshot(), before, "the store changed");

    // --replace registers anew and keeps the damaged account aside.
    let replaced = env.run(&[&register[..], &["--replace"]].concat());
    replaced.expect_code(0);
    let kept: Vec<_> = std::fs::read_dir(env.account_dir().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(".default.replaced-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    env.obtain(&pebble, &["-d", "damaged.example.org", "-q"])
        .expect_code(0);
}

#[test]
fn a_forgotten_account_gets_a_hint_that_works() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    // The CA forgets the account (as a restarted Pebble does): its URL names no account.
    let account_json = env.account_dir().join("account.json");
    let mut record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&account_json).unwrap()).unwrap();
    let url = record["url"].as_str().unwrap();
    let gone = format!("{}/0000000000000000", url.rsplit_once('/').unwrap().0);
    record["url"] = gone.into();
    std::fs::write(&account_json, serde_json::to_vec(&record).unwrap()).unwrap();

    let failed = env.obtain(&pebble, &["-d", "forgotten.example.org", "--json"]);
    failed.expect_code(3);
    let error = &failed.json()["error"];
    assert_eq!(
        error["acme_problem"]["type"],
        "urn:ietf:params:acme:error:accountDoesNotExist"
    );
    let hint = error["hint"].as_str().unwrap();
    let command = &hint[hint.find("certkeep account register").expect(hint)..];
    let words = shell_words::split(command).unwrap();
    assert!(words.contains(&"--replace".to_owned()), "{hint}");

    // The hint, run as given, brings the account back and the obtain works.
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    env.run(&args).expect_code(0);
    env.obtain(&pebble, &["-d", "forgotten.example.org", "-q"])
        .expect_code(0);
}

/// Runs `secret set NAME --json` with `value` on stdin, `bus` as `DBUS_SESSION_BUS_ADDRESS`.
fn secret_set(env: &Env, name: &str, value: &str, bus: Option<&str>) -> Output {
    use std::io::Write;
    let mut cmd = env.command(&["secret", "set", name, "--json"]);
    if let Some(bus) = bus {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", bus);
    }
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(value.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_saved_secret_is_found_in_the_recorded_backend_whatever_the_environment() {
    let pebble = Pebble::start_with(PebbleOptions {
        eab: vec![(KID.into(), HMAC.into())],
        ..Default::default()
    });
    let root = pebble.tls_root.to_str().unwrap().to_owned();
    let bogus = "unix:path=/nonexistent/certkeep-test-bus";
    // Saved at a terminal with a (here unreachable) session bus, used without one, and the
    // other way round: each later run looks where the first save went.
    for (at_save, later) in [(Some(bogus), None), (None, Some(bogus))] {
        let env = Env::new();
        let set = secret_set(&env, "eab", HMAC, at_save);
        assert_eq!(set.status.code(), Some(0), "{}", text(&set));
        let doc: serde_json::Value = serde_json::from_slice(&set.stdout).unwrap();
        let result = &doc["result"];
        assert_eq!(result["backend"], "files", "{doc}");
        assert_eq!(result["reference"], "keyring:eab");
        let secrets_dir = env.store.join("secrets");
        assert!(
            result["location"]
                .as_str()
                .unwrap()
                .contains(secrets_dir.to_str().unwrap()),
            "{doc}"
        );
        assert_eq!(
            std::fs::read_to_string(secrets_dir.join("backend")).unwrap(),
            "files\n"
        );
        assert!(!String::from_utf8_lossy(&set.stdout).contains(HMAC));
        if at_save.is_some() {
            let stderr = String::from_utf8_lossy(&set.stderr);
            assert!(stderr.contains("not reachable"), "{stderr}");
        }

        let mut register = env.command(&[
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
        ]);
        if let Some(bus) = later {
            register.env("DBUS_SESSION_BUS_ADDRESS", bus);
        }
        let out = register.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }
}

#[test]
fn a_deploy_hook_never_replaces_a_damaged_state_file_with_defaults() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", "state.example.org", "-q"])
        .expect_code(0);
    let state = env.lineage("state.example.org").join("state.json");
    std::fs::write(&state, "{\"failures\": [ damaged").unwrap();
    // Issued again (a new key type), with a deploy hook whose pending mark goes in state.json.
    let run = env.obtain(
        &pebble,
        &[
            "-d",
            "state.example.org",
            "--key-type",
            "ec-p384",
            "--deploy-hook",
            "true",
        ],
    );
    run.expect_code(0);
    assert_eq!(
        std::fs::read_to_string(&state).unwrap(),
        "{\"failures\": [ damaged",
        "the damaged state file was replaced"
    );
    assert!(run.stderr.contains("state.json"), "{}", run.stderr);
}
