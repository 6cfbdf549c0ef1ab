//! Bad input is refused with exit 2 before any order: a stopped CA proves nothing was sent (any
//! contact with it would end in exit 4 instead).

use crate::harness::{Env, Pebble};

fn env_with_unreachable_ca() -> (Env, u16) {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let port = pebble.http_port;
    drop(pebble);
    (env, port)
}

#[test]
fn malformed_requests_exit_2_naming_the_problem() {
    let (env, port) = env_with_unreachable_ca();
    let listen = format!("127.0.0.1:{port}");
    let missing_csr = env.home.path().join("missing.csr");
    let garbage_csr = env.home.path().join("garbage.csr");
    std::fs::write(
        &garbage_csr,
        "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
    )
    .unwrap();
    let table: Vec<(Vec<&str>, &str)> = vec![
        (vec!["-d", "a.test;touch c"], "';' is not allowed"),
        (vec!["-d", "$(id).test"], "'$' is not allowed"),
        (vec!["--domain=-rf.test"], "starts or ends with '-'"),
        (vec!["-d", ""], "the name is empty"),
        (vec!["-d", "a..test"], "empty label"),
        (
            vec!["-d", "*.example.org"],
            "cannot be validated with http-01",
        ),
        (
            vec!["-d", "example.org", "-d", "EXAMPLE.org"],
            "more than once",
        ),
        (
            vec!["--csr", missing_csr.to_str().unwrap()],
            "could not read the CSR",
        ),
        (
            vec!["--csr", garbage_csr.to_str().unwrap()],
            "the CSR cannot be used",
        ),
        (
            vec!["-d", "example.org", "--ca", "letsencrypt-prod"],
            "unknown CA 'letsencrypt-prod'",
        ),
        (
            vec!["-d", "example.org", "--ca", "http://ca.example/dir"],
            "plain-HTTP",
        ),
        (
            vec!["-d", "example.org", "--name", "../escape"],
            "not a valid certificate name",
        ),
        (
            vec!["-d", "example.org", "--profile", "a b"],
            "not a valid profile name",
        ),
    ];
    for (args, needle) in table {
        let mut full = vec!["obtain", "--listen", listen.as_str(), "--json"];
        full.extend(args.iter().copied());
        let run = env.run(&full);
        run.expect_code(2);
        let doc = run.json();
        assert_eq!(doc["error"]["kind"], "usage", "{args:?}");
        let message = doc["error"]["message"].as_str().unwrap();
        assert!(message.contains(needle), "{args:?}: {message}");
    }
    assert!(
        !env.store.join("certs").exists()
            || env.store.join("certs").read_dir().unwrap().next().is_none()
    );
    assert!(!std::path::Path::new("c").exists(), "nothing ran a shell");
}

#[test]
fn a_port_in_use_is_refused_before_ordering() {
    let (env, _) = env_with_unreachable_ca();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    let run = env.run(&["obtain", "-d", "example.org", "--listen", &addr]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains(&format!("could not listen on '{addr}'")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help: "), "{}", run.stderr);
}

#[test]
fn argument_errors_still_print_one_json_document() {
    let env = Env::new();
    for args in [
        vec!["obtain", "--json"],
        vec!["--json", "frobnicate"],
        vec!["obtain", "-d", "x.org", "--json", "--key-type", "dsa"],
    ] {
        let run = env.run(&args);
        run.expect_code(2);
        let doc = run.json();
        assert_eq!(doc["ok"], false);
        assert_eq!(doc["error"]["kind"], "usage");
    }
    // A missing challenge method is an argument error too.
    env.run(&["obtain", "-d", "x.org"]).expect_code(2);
}

#[test]
fn a_broken_config_file_is_named() {
    let env = Env::new();
    let config = env.home.path().join("config.toml");
    std::fs::write(&config, "[defaults]\nemial = \"x@example.org\"\n").unwrap();
    let run = env.run(&["--config", config.to_str().unwrap(), "list"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("invalid config file") && run.stderr.contains("emial"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("at line 2"), "{}", run.stderr);
}

#[test]
fn a_config_file_other_users_can_write_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let config = env.home.path().join("config.toml");
    std::fs::write(&config, "[defaults]\nemail = \"ops@example.org\"\n").unwrap();
    let path = config.to_str().unwrap();
    env.run(&["--config", path, "list"]).expect_code(0);
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o666)).unwrap();
    let run = env.run(&["--config", path, "list", "--json"]);
    run.expect_code(2);
    let error = run.json()["error"].to_string();
    assert!(error.contains("writable by other users"), "{error}");
    assert!(error.contains("chmod go-w"), "{error}");
}

#[test]
fn a_missing_named_account_is_named_with_a_register_command_for_it() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    let run = env.run(&[
        "obtain",
        "-d",
        "named.example.org",
        "--ca",
        &pebble.directory,
        "--account",
        "other",
        "--listen",
        &listen,
        "--json",
    ]);
    run.expect_code(2);
    let error = &run.json()["error"];
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("no account named 'other'"), "{message}");
    let hint = error["hint"].as_str().unwrap();
    assert!(hint.contains("--name other"), "{hint}");
}
