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
