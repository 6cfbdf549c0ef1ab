//! `certkeep edit`: changes how a certificate renews, offline, checked as `obtain` checks its
//! input; on any error the spec stays byte for byte as it was. The lineages come from the
//! import fixtures, whose CA (localhost:26000) is gone: exactly the case `edit` is for.

use std::path::{Path, PathBuf};

use crate::harness::Env;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(path)
}

fn spec_of(env: &Env, name: &str) -> Vec<u8> {
    std::fs::read(env.lineage(name).join("spec.toml")).unwrap()
}

fn spec_toml(env: &Env, name: &str) -> toml::Value {
    toml::from_str(std::str::from_utf8(&spec_of(env, name)).unwrap()).unwrap()
}

/// A store holding the lego fixture (account `lego` at `https://localhost:26000/directory`)
/// and the acme.sh fixture (account `acme-sh` at `https://localhost:26000/dir`).
fn imported() -> Env {
    let env = Env::new();
    for (client, dir) in [("lego", "lego"), ("acme.sh", "acme.sh/home")] {
        env.run(&["import", client, fixture(dir).to_str().unwrap()])
            .expect_code(0);
    }
    env
}

#[test]
fn edit_moves_a_lineage_to_another_ca_and_its_account_and_says_what_changed() {
    let env = imported();
    let webroot = tempfile::tempdir().unwrap();
    let run = env.run(&[
        "edit",
        "web.example.net",
        "--ca",
        "https://localhost:26000/dir",
        "--webroot",
        webroot.path().to_str().unwrap(),
        "--preferred-chain",
        "Pebble Root",
    ]);
    run.expect_code(0);
    for line in [
        "CA: 'https://localhost:26000/directory' -> 'https://localhost:26000/dir'",
        "account: 'lego' -> 'acme-sh'",
        "preferred chain: none -> 'Pebble Root'",
    ] {
        assert!(run.stdout.contains(line), "{}", run.stdout);
    }
    let spec = spec_toml(&env, "web.example.net");
    assert_eq!(spec["ca"].as_str(), Some("https://localhost:26000/dir"));
    assert_eq!(spec["account"].as_str(), Some("acme-sh"));
    assert_eq!(spec["preferred_chain"].as_str(), Some("Pebble Root"));
    assert_eq!(spec["challenge"]["type"].as_str(), Some("http01-webroot"));
    assert_eq!(
        spec["challenge"]["path"].as_str().map(PathBuf::from),
        Some(webroot.path().to_path_buf())
    );
    // The names and the certificate itself are not edited.
    assert_eq!(spec["identifiers"][1].as_str(), Some("www.example.net"));
    assert!(env.lineage("web.example.net").join("versions/1").is_dir());
    assert!(!env.lineage("web.example.net").join("versions/2").exists());

    // The same edit again changes nothing and says so.
    let before = spec_of(&env, "web.example.net");
    let same = env.run(&[
        "edit",
        "web.example.net",
        "--preferred-chain",
        "Pebble Root",
    ]);
    same.expect_code(0);
    assert!(same.stdout.contains("nothing changed"), "{}", same.stdout);
    assert_eq!(spec_of(&env, "web.example.net"), before);
}

#[test]
fn a_refused_edit_leaves_the_spec_byte_for_byte_as_it_was() {
    let env = imported();
    let before = spec_of(&env, "web.example.net");
    for (args, code, says) in [
        (&["--ca", "http://localhost:26000/dir"][..], 2, "plain-HTTP"),
        (
            &["--ca", "https://elsewhere.example/dir"][..],
            2,
            "certkeep account register --ca https://elsewhere.example/dir",
        ),
        (&["--account", "nobody"][..], 2, "no account named 'nobody'"),
        (&["--profile", "no spaces"][..], 2, "not a valid profile"),
        // dns-01 settings are checked as obtain checks them.
        (&["--dns", "rfc2136"][..], 2, "--dns rfc2136 needs"),
        // Settings the next renewal could only fail on.
        (
            &["--listen", "nonsense"][..],
            2,
            "not an address to listen on",
        ),
        (
            &["--tls-alpn-standalone", "--listen", "1.2.3.4:99999"][..],
            2,
            "not an address to listen on",
        ),
        (
            &["--dns", "exec", "--dns-script", "/nonexistent"][..],
            2,
            "is not an executable file",
        ),
        (
            &["--webroot", "/nonexistent/www"][..],
            2,
            "is not a directory",
        ),
        (
            &["--preferred-chain", ""][..],
            2,
            "--preferred-chain needs a value",
        ),
        (&["--profile", ""][..], 2, "--profile needs a value"),
    ] {
        let mut argv = vec!["edit", "web.example.net"];
        argv.extend_from_slice(args);
        let run = env.run(&argv);
        run.expect_code(code);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert_eq!(spec_of(&env, "web.example.net"), before, "{args:?}");
    }
    env.run(&["edit", "nope.example.net", "--key-type", "rsa-2048"])
        .expect_code(2);
    assert!(!env.lineage("nope.example.net").exists());

    // A failure after the spec was saved (its renewal state cannot be read) puts it back.
    let state = env.lineage("web.example.net").join("state.json");
    std::fs::write(&state, b"{ not json").unwrap();
    let run = env.run(&[
        "edit",
        "web.example.net",
        "--ca",
        "https://localhost:26000/dir",
    ]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert_eq!(spec_of(&env, "web.example.net"), before);
}

#[test]
fn an_imported_rsa_account_can_be_chosen_and_is_left_alone_while_its_ca_is_unreachable() {
    // certbot's account key is RSA 2048: certkeep moves it to a P-256 key at its first use
    // (tests/account_key_move.rs), so `edit` accepts it.
    let env = Env::new();
    env.run(&[
        "import",
        "certbot",
        fixture("certbot/config").to_str().unwrap(),
    ])
    .expect_code(0);
    let listen = format!("127.0.0.1:{}", crate::harness::free_port());
    env.run(&[
        "edit",
        "api.example.com",
        "--key-type",
        "ec-p384",
        "--account",
        "certbot",
        "--listen",
        &listen,
    ])
    .expect_code(0);
    let spec = spec_toml(&env, "api.example.com");
    assert_eq!(spec["account"].as_str(), Some("certbot"));
    let show = env.run(&["account", "show", "--json"]);
    let key_path = show.json()["result"]["key_path"]
        .as_str()
        .unwrap()
        .to_owned();
    let key_before = std::fs::read(&key_path).unwrap();
    assert_eq!(show.json()["result"]["key_type"], "rsa-2048");

    // The fixture's CA is gone: the renewal fails as the CA being unreachable, and the
    // account keeps its RSA key (the move needs the CA's answer).
    let renew = env.run(&[
        "renew",
        "api.example.com",
        "--force",
        "--no-random-delay",
        "--json",
    ]);
    assert_ne!(renew.code, 0);
    let doc = renew.json();
    let failed = &doc["result"]["failed"][0];
    assert_eq!(failed["name"], "api.example.com", "{doc:#}");
    assert_eq!(failed["kind"], "transient", "{doc:#}");
    assert_eq!(std::fs::read(&key_path).unwrap(), key_before);
    let show = env.run(&["account", "show", "--json"]);
    assert_eq!(show.json()["result"]["key_type"], "rsa-2048");
}

/// The TSIG secret a certificate renews with, as the store's file backend holds it.
fn tsig_secret_held(env: &Env, key_name: &str) -> String {
    std::fs::read_to_string(env.store.join(format!("secrets/certkeep/tsig-{key_name}"))).unwrap()
}

#[test]
fn a_tsig_secret_typed_on_the_command_line_never_replaces_another_certificates() {
    let env = imported();
    let rfc2136 = |name: &str, secret: &str| {
        env.run(&[
            "edit",
            name,
            "--dns",
            "rfc2136",
            "--dns-server",
            "127.0.0.1",
            "--tsig-key-name",
            "k1",
            "--tsig-secret",
            secret,
        ])
    };
    rfc2136("web.example.net", "QUFBQUFBQUE=").expect_code(0);
    assert_eq!(tsig_secret_held(&env, "k1"), "QUFBQUFBQUE=");

    // A refused edit (no such certificate) saves nothing.
    rfc2136("nosuch.example.net", "QkJCQkJCQkI=").expect_code(2);
    assert_eq!(tsig_secret_held(&env, "k1"), "QUFBQUFBQUE=");

    // Another certificate naming the same key with another secret is refused, with the way
    // to change it for all of them; the same secret again is fine.
    let other = env.run(&["list", "--json"]).json()["result"]["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .find(|n| n != "web.example.net")
        .unwrap();
    let before = spec_of(&env, &other);
    let run = rfc2136(&other, "QkJCQkJCQkI=");
    run.expect_code(2);
    assert!(
        run.stderr.contains("already holds a different value")
            && run.stderr.contains("certkeep secret set tsig-k1"),
        "{}",
        run.stderr
    );
    assert_eq!(tsig_secret_held(&env, "k1"), "QUFBQUFBQUE=");
    assert_eq!(spec_of(&env, &other), before);
    rfc2136(&other, "QUFBQUFBQUE=").expect_code(0);
}

#[test]
fn only_a_new_ca_clears_the_failure_backoff_and_retry_after() {
    let env = imported();
    let state = env.lineage("web.example.net").join("state.json");
    let ledger = serde_json::json!({
        "count": 3,
        "last_failure": "2026-11-30T00:00:00Z",
        "last_error": "too many new orders recently",
        "retry_after": "2026-11-30T03:00:00Z",
    });
    std::fs::write(
        &state,
        serde_json::json!({ "failures": ledger }).to_string(),
    )
    .unwrap();
    let failures = || {
        serde_json::from_slice::<serde_json::Value>(&std::fs::read(&state).unwrap()).unwrap()
            ["failures"]
            .clone()
    };
    // Same CA, another key type: its rate limits still apply.
    env.run(&["edit", "web.example.net", "--key-type", "ec-p384"])
        .expect_code(0);
    assert_eq!(failures()["retry_after"], ledger["retry_after"]);
    assert_eq!(failures()["count"], 3);
    // Another CA: what the old one said is gone.
    env.run(&[
        "edit",
        "web.example.net",
        "--ca",
        "https://localhost:26000/dir",
    ])
    .expect_code(0);
    assert_eq!(failures()["count"], 0);
    assert!(failures()["retry_after"].is_null());
}

#[test]
fn naming_the_current_ca_keeps_the_account() {
    // Two accounts at https://localhost:26000/dir: certbot's and acme.sh's.
    let env = imported();
    env.run(&[
        "import",
        "certbot",
        fixture("certbot/config").to_str().unwrap(),
    ])
    .expect_code(0);
    let before = spec_of(&env, "api.example.com");
    let run = env.run(&[
        "edit",
        "api.example.com",
        "--ca",
        "https://localhost:26000/dir",
    ]);
    run.expect_code(0);
    assert!(run.stdout.contains("nothing changed"), "{}", run.stdout);
    assert_eq!(spec_of(&env, "api.example.com"), before);
}

#[test]
fn a_refused_edit_says_how_to_fix_it() {
    let env = imported();
    for (args, hint) in [
        (&["--profile", "bad/x"][..], "letters, digits"),
        (&["--dns", "rfc2136"][..], "--tsig-key-name"),
        (&["--dns", "acme-dns"][..], "--acme-dns-url https://"),
        (&["--listen", "nonsense"][..], "--listen 0.0.0.0:80"),
        // Only a fleet's responders answer it: refused on a host's own store.
        (&["--http-fleet"][..], "--fleet postgresql://"),
    ] {
        let mut argv = vec!["edit", "web.example.net", "--json"];
        argv.extend_from_slice(args);
        let run = env.run(&argv);
        run.expect_code(2);
        let doc = run.json();
        assert!(
            doc["error"]["hint"]
                .as_str()
                .is_some_and(|h| h.contains(hint)),
            "{args:?}: {doc:#}"
        );
    }
}

#[test]
fn a_csr_lineage_cannot_be_moved_to_the_account_whose_key_its_csr_uses() {
    let pebble = crate::harness::Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let key = rcgen::KeyPair::generate().unwrap();
    let csr = rcgen::CertificateParams::new(vec!["csr.example.org".to_owned()])
        .unwrap()
        .serialize_request(&key)
        .unwrap();
    let csr_path = env.home.path().join("req.csr");
    std::fs::write(&csr_path, csr.pem().unwrap()).unwrap();
    env.obtain(&pebble, &["--csr", csr_path.to_str().unwrap()])
        .expect_code(0);
    // A second account at the same CA whose key is the CSR's (as one registered with that
    // key would hold; Pebble itself refuses to register or finalize with a shared key).
    env.run(&[
        "account",
        "register",
        "--ca",
        &pebble.directory,
        "--ca-root",
        pebble.tls_root.to_str().unwrap(),
        "--name",
        "second",
        "--agree-tos",
    ])
    .expect_code(0);
    let accounts = env
        .store
        .join("accounts")
        .read_dir()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(accounts.join("second/account.key.pem"), key.serialize_pem()).unwrap();

    let before = spec_of(&env, "csr.example.org");
    let run = env.run(&["edit", "csr.example.org", "--account", "second"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("the CSR uses the ACME account's key"),
        "{}",
        run.stderr
    );
    assert_eq!(spec_of(&env, "csr.example.org"), before);
}
