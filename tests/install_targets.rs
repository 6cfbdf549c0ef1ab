//! `install` targets: PKCS#12 read back by openssl, owners and modes, bad targets refused before
//! anything is saved, a failed reload rolled back, and `obtain` installing in the same command.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::process::Command;

use crate::harness::{Env, Pebble, mode};
use crate::install::{TlsNginx, certs_dir, current_serial, files, obtain, serves};

#[test]
fn pkcs12_reads_back_with_openssl_with_the_asked_group_and_mode() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble).expect_code(0);
    obtain(&env, &pebble, "p12.example.test");
    let dir = certs_dir();
    let p12 = dir.path().join("bundle.p12");
    let password_file = env.home.path().join("p12-password");
    std::fs::write(&password_file, "correct horse\n").unwrap();
    let reference = format!("file:{}", password_file.display());
    let run = env.run(&[
        "install",
        "p12.example.test",
        "--pkcs12",
        p12.to_str().unwrap(),
        "--pkcs12-password",
        &reference,
        "--owner",
        "daemon",
        "--group",
        "daemon",
        "--mode",
        "0640",
        "--json",
    ]);
    let json = run.expect_code(0).json();
    assert!(!run.stdout.contains("correct horse") && !run.stderr.contains("correct horse"));
    let spec = std::fs::read_to_string(env.lineage("p12.example.test").join("spec.toml")).unwrap();
    assert!(
        !spec.contains("correct horse"),
        "only the reference is saved"
    );
    assert_eq!(mode(&p12), 0o640);
    let daemon_gid = id_of("group", "daemon");
    let owner_uid = id_of("passwd", "daemon");
    assert_eq!(std::fs::metadata(&p12).unwrap().uid(), owner_uid);
    assert_eq!(std::fs::metadata(&p12).unwrap().gid(), daemon_gid);
    assert_eq!(json["result"]["targets"][0]["group"], daemon_gid);
    let out = Command::new("openssl")
        .args([
            "pkcs12",
            "-in",
            p12.to_str().unwrap(),
            "-passin",
            "pass:correct horse",
            "-nokeys",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.matches("BEGIN CERTIFICATE").count(),
        2,
        "leaf and chain"
    );
    let wrong = Command::new("openssl")
        .args([
            "pkcs12",
            "-in",
            p12.to_str().unwrap(),
            "-passin",
            "pass:wrong",
            "-nokeys",
        ])
        .output()
        .unwrap();
    assert!(!wrong.status.success());
}

/// The numeric id of `name` in the `database` (`passwd` or `group`) of this system.
fn id_of(database: &str, name: &str) -> u32 {
    let out = Command::new("getent")
        .args([database, name])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split(':')
        .nth(2)
        .and_then(|g| g.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {database} entry '{name}'"))
}

#[test]
fn bad_targets_are_refused_before_anything_is_saved() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble).expect_code(0);
    obtain(&env, &pebble, "bad.example.test");
    let dir = certs_dir();
    let key = dir.path().join("k.pem");
    let real = dir.path().join("real.pem");
    std::fs::write(&real, "x").unwrap();
    let link = dir.path().join("link.pem");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let shared = tempfile::tempdir().unwrap();
    std::fs::set_permissions(shared.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
    let in_shared = shared.path().join("k.pem");
    let dotted = format!("{}/../x.pem", dir.path().display());
    let before = env.snapshot();
    for (args, says) in [
        (
            vec!["--key", key.to_str().unwrap(), "--mode", "0644"],
            "read the private key",
        ),
        (
            vec!["--key", key.to_str().unwrap(), "--mode", "rw-r--r--"],
            "is not a file mode",
        ),
        (vec!["--fullchain", link.to_str().unwrap()], "symlink"),
        (
            vec!["--cert", key.to_str().unwrap(), "--mode", "0666"],
            "would let every user replace",
        ),
        (vec!["--cert", &dotted], "has '..' in it"),
        (
            vec!["--key", in_shared.to_str().unwrap()],
            "writable by other users",
        ),
        (
            vec!["--fullchain", "/nonexistent/dir/x.pem"],
            "is not there",
        ),
        (
            vec![
                "--fullchain",
                key.to_str().unwrap(),
                "--owner",
                "no-such-user-here",
            ],
            "no user",
        ),
        (
            vec![
                "--pkcs12",
                key.to_str().unwrap(),
                "--pkcs12-password",
                "hunter2",
            ],
            "reference",
        ),
        (
            vec![
                "--combined",
                key.to_str().unwrap(),
                "--preset",
                "nginx",
                "--key",
                key.to_str().unwrap(),
            ],
            "named by two",
        ),
        (
            vec!["--key", key.to_str().unwrap(), "--verify", "::1:8443"],
            "in brackets",
        ),
        (
            vec![
                "--key",
                key.to_str().unwrap(),
                "--verify",
                "127.0.0.1:8443",
                "--verify-sni",
                "not a name",
            ],
            "not a DNS name",
        ),
    ] {
        let mut full = vec!["install", "bad.example.test"];
        full.extend(args);
        let run = env.run(&full);
        assert_eq!(run.code, 2, "{full:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{full:?}: {}", run.stderr);
        assert!(run.stderr.contains("help:"), "{full:?}: {}", run.stderr);
        assert!(!run.stderr.contains("hunter2"));
    }
    assert_eq!(env.snapshot(), before, "the store stays as it was");
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "x");
    assert!(!key.exists());
}

#[test]
fn list_and_remove_refuse_target_settings_they_would_ignore() {
    let env = Env::new();
    for extra in [
        vec!["--list", "--owner", "root"],
        vec!["--remove", "/etc/ssl/k.pem", "--mode", "0600"],
    ] {
        let mut full = vec!["install", "any.example.test"];
        full.extend(extra);
        let run = env.run(&full);
        assert_eq!(run.code, 2, "{full:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("cannot be used with"),
            "{full:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_failed_reload_puts_the_old_files_back_and_reloads_them() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble).expect_code(0);
    obtain(&env, &pebble, "reload.example.test");
    let certs = certs_dir();
    let before = files(certs.path());
    let log = certs.path().join("reloads.log");
    let script = env.home.path().join("failing-reload.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho reload >> {}\nexit 3\n", log.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let fullchain = certs.path().join("fullchain.pem");
    let key = certs.path().join("key.pem");
    let run = env.run(&[
        "install",
        "reload.example.test",
        "--fullchain",
        fullchain.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
        "--reload",
        script.to_str().unwrap(),
        "--json",
    ]);
    let json = run.expect_code(7).json();
    assert_eq!(json["result"]["reloads"][0]["rolled_back"], true, "{json}");
    let reloads = std::fs::read_to_string(&log).unwrap_or_default();
    assert_eq!(
        reloads.lines().count(),
        2,
        "the reload, then a reload with the old files"
    );
    std::fs::remove_file(&log).unwrap();
    let after = files(certs.path());
    assert_eq!(
        after, before,
        "the previous files are back, byte for byte, same modes"
    );
    let status = env.run(&["status", "reload.example.test"]);
    assert!(
        status.stdout.contains("deploy of version 1 failed"),
        "{}",
        status.stdout
    );
}

#[test]
fn obtain_with_target_flags_obtains_and_installs_in_one_command() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble).expect_code(0);
    let certs = certs_dir();
    let nginx = TlsNginx::start(certs.path());
    let fullchain = certs.path().join("fullchain.pem");
    let key = certs.path().join("key.pem");
    let verify = format!("127.0.0.1:{}", nginx.port);
    let reload = nginx.counting_reload();
    let test = nginx.config_test();
    // A bad target is refused before anything is ordered.
    let before = env.snapshot();
    let bad = env.obtain(
        &pebble,
        &[
            "-d",
            "one.example.test",
            "--key",
            key.to_str().unwrap(),
            "--mode",
            "0666",
        ],
    );
    bad.expect_code(2);
    assert_eq!(env.snapshot(), before, "nothing ordered, nothing stored");
    let run = env.obtain(
        &pebble,
        &[
            "-d",
            "one.example.test",
            "--fullchain",
            fullchain.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
            "--config-test",
            &test,
            "--reload",
            &reload,
            "--verify",
            &verify,
            "--json",
        ],
    );
    let json = run.expect_code(0).json();
    assert_eq!(
        json["result"]["deploy"]["certificates"][0]["ok"], true,
        "{json}"
    );
    let current = current_serial(&env, "one.example.test");
    assert_eq!(serves(nginx.port, "one.example.test", &current), current);
    let listed = env
        .run(&["install", "one.example.test", "--list", "--json"])
        .json();
    assert_eq!(
        listed["result"]["install"][0]["targets"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // Forgetting a target keeps the file.
    env.run(&[
        "install",
        "one.example.test",
        "--remove",
        key.to_str().unwrap(),
    ])
    .expect_code(0);
    assert!(key.exists());
    let listed = env
        .run(&["install", "one.example.test", "--list", "--json"])
        .json();
    assert_eq!(
        listed["result"]["install"][0]["targets"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    env.run(&[
        "install",
        "one.example.test",
        "--remove",
        key.to_str().unwrap(),
    ])
    .expect_code(2);
}

#[test]
fn a_failing_service_puts_back_only_its_own_files_and_two_certificates_never_share_a_path() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble).expect_code(0);
    obtain(&env, &pebble, "two.example.test");
    obtain(&env, &pebble, "other.example.test");
    let dir = certs_dir();
    let first = dir.path().join("first.pem");
    let second = dir.path().join("second.pem");
    env.run(&[
        "install",
        "two.example.test",
        "--fullchain",
        first.to_str().unwrap(),
        "--reload",
        "/bin/true",
    ])
    .expect_code(0);
    env.run(&[
        "install",
        "two.example.test",
        "--cert",
        second.to_str().unwrap(),
        "--config-test",
        "/bin/true",
        "--reload",
        "/usr/bin/true",
    ])
    .expect_code(0);
    // The second service's config test starts failing.
    let spec_path = env.lineage("two.example.test").join("spec.toml");
    let spec = std::fs::read_to_string(&spec_path).unwrap();
    std::fs::write(
        &spec_path,
        spec.replace(
            "\"/bin/true\"]\n\n[install.reload]",
            "\"/bin/false\"]\n\n[install.reload]",
        ),
    )
    .unwrap();
    assert!(
        std::fs::read_to_string(&spec_path)
            .unwrap()
            .contains("/bin/false"),
        "the edit took"
    );
    let second_before = std::fs::read(&second).unwrap();
    let run = env.run(&[
        "renew",
        "two.example.test",
        "--force",
        "--no-random-delay",
        "--json",
    ]);
    let json = run.expect_code(7).json();
    let renewed = std::fs::read_to_string(
        env.lineage("two.example.test")
            .join("current/fullchain.pem"),
    )
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        renewed,
        "the first service keeps the new files it reloaded"
    );
    assert_eq!(
        std::fs::read(&second).unwrap(),
        second_before,
        "only the failing service's files go back"
    );
    let reloads = json["result"]["deploy"]["reloads"].as_array().unwrap();
    assert_eq!(
        reloads.iter().filter(|r| r["rolled_back"] == true).count(),
        1,
        "{json:#}"
    );

    // Another certificate cannot take a path this one installs to.
    let taken = env.run(&[
        "install",
        "other.example.test",
        "--fullchain",
        first.to_str().unwrap(),
    ]);
    taken.expect_code(2);
    assert!(
        taken
            .stderr
            .contains("already an install target of 'two.example.test'"),
        "{}",
        taken.stderr
    );

    // A damaged spec named to deploy is a failed deploy, not "nothing to do".
    std::fs::write(
        &spec_path,
        spec.replace("kind = \"cert\"", "kind = \"cert\"\nmode = \"0666\""),
    )
    .unwrap();
    let run = env.run(&["deploy", "two.example.test"]);
    run.expect_code(7);
    assert!(run.stderr.contains("two.example.test"), "{}", run.stderr);
}

#[test]
fn a_service_added_for_files_that_already_match_is_still_tested_and_reloaded() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble).expect_code(0);
    obtain(&env, &pebble, "match.example.test");
    let dir = certs_dir();
    let one = dir.path().join("one.pem");
    let marker = dir.path().join("reloaded-one");
    env.run(&[
        "install",
        "match.example.test",
        "--fullchain",
        one.to_str().unwrap(),
        "--reload",
        &format!("touch {}", marker.display()),
    ])
    .expect_code(0);
    assert!(marker.exists());
    // A second service whose file already holds exactly what certkeep would write.
    let two = dir.path().join("two.pem");
    std::fs::copy(&one, &two).unwrap();
    std::fs::set_permissions(&two, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = env.run(&[
        "install",
        "match.example.test",
        "--fullchain",
        two.to_str().unwrap(),
        "--config-test",
        "false",
        "--reload",
        "true",
    ]);
    run.expect_code(7);
    assert!(run.stderr.contains("config test"), "{}", run.stderr);
}
