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
    use std::io::Write;
    let mut child = env
        .command(&["--json", "secret", "set", name])
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
    let out = child.wait_with_output().unwrap();
    crate::harness::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
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
