//! dns-01 against a real Pebble whose resolver is pebble-challtestsrv: an exec provider script
//! publishes through challtestsrv's API, certkeep checks the record on the server itself before
//! the CA looks, wildcards work, and a record that never appears times out with cleanup.

use std::os::unix::fs::PermissionsExt;

use crate::harness::{Env, Pebble, PebbleOptions, pem_certs};

/// A provider script that records its calls and (unless `publish` is false) sets and clears the
/// TXT record through challtestsrv's management API, with bash's /dev/tcp (no curl needed).
pub(crate) fn script(
    env: &Env,
    pebble: &Pebble,
    publish: bool,
) -> (std::path::PathBuf, std::path::PathBuf) {
    let log = env.home.path().join("dns.log");
    let path = env.home.path().join("dns-hook.sh");
    let api = if publish {
        format!(
            r#"if [ "$1" = present ]; then p=set-txt; b="{{\"host\":\"$2.\",\"value\":\"$3\"}}"; else p=clear-txt; b="{{\"host\":\"$2.\"}}"; fi
exec 3<>/dev/tcp/127.0.0.1/{port}
printf 'POST /%s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' "$p" "${{#b}}" "$b" >&3
cat <&3 >/dev/null
"#,
            port = pebble.dns_management_port
        )
    } else {
        String::new()
    };
    let body = format!(
        "#!/bin/bash\nset -e\necho \"$1 $2 $CERTKEEP_DNS_IDENTIFIER\" >> {}\n{api}",
        log.display()
    );
    std::fs::write(&path, body).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    (path, log)
}

fn sorted_lines(path: &std::path::Path) -> Vec<String> {
    let mut lines: Vec<String> = std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

#[test]
fn dns_01_exec_issues_a_wildcard_and_cleans_up() {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let env = Env::new();
    env.register(&pebble);
    let (hook, log) = script(&env, &pebble, true);
    let check = format!("127.0.0.1:{}", pebble.dns_port);
    let run = env.run(&[
        "obtain",
        "-d",
        "*.wild.example.org",
        "-d",
        "wild.example.org",
        "--dns",
        "exec",
        "--dns-script",
        hook.to_str().unwrap(),
        "--dns-check-server",
        &check,
        "--json",
    ]);
    run.expect_code(0);
    assert_eq!(run.json()["result"]["name"], "_wildcard.wild.example.org");
    let cert = std::fs::read_to_string(
        env.lineage("_wildcard.wild.example.org")
            .join("current/cert.pem"),
    )
    .unwrap();
    let mut sans = pem_certs(&cert)[0].2.clone();
    sans.sort();
    assert_eq!(
        sans,
        vec!["DNSName(*.wild.example.org)", "DNSName(wild.example.org)"]
    );
    assert_eq!(
        sorted_lines(&log),
        vec![
            "cleanup _acme-challenge.wild.example.org *.wild.example.org",
            "cleanup _acme-challenge.wild.example.org wild.example.org",
            "present _acme-challenge.wild.example.org *.wild.example.org",
            "present _acme-challenge.wild.example.org wild.example.org",
        ]
    );
    // Renewals solve the same way (on a new account, so Pebble cannot reuse an authorization).
    std::fs::remove_file(&log).unwrap();
    env.fresh_account(&pebble);
    env.run(&["renew", "--force", "--no-random-delay", "-q"])
        .expect_code(0);
    assert_eq!(sorted_lines(&log).len(), 4);
}

#[test]
fn a_record_that_never_appears_times_out_and_is_cleaned_up() {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let env = Env::new();
    env.register(&pebble);
    let (hook, log) = script(&env, &pebble, false);
    let check = format!("127.0.0.1:{}", pebble.dns_port);
    let run = env.run(&[
        "obtain",
        "-d",
        "late.example.org",
        "--dns",
        "exec",
        "--dns-script",
        hook.to_str().unwrap(),
        "--dns-check-server",
        &check,
        "--dns-timeout",
        "2",
        "--json",
    ]);
    run.expect_code(5);
    let message = run.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("did not appear") && message.contains(&check),
        "{message}"
    );
    assert_eq!(
        sorted_lines(&log),
        vec![
            "cleanup _acme-challenge.late.example.org late.example.org",
            "present _acme-challenge.late.example.org late.example.org"
        ]
    );
    assert!(!env.lineage("late.example.org").exists());
}

#[test]
fn dns_01_refuses_ip_addresses_and_manual_needs_a_terminal() {
    let env = Env::new();
    let ip = env.run(&["obtain", "-d", "192.0.2.7", "--dns", "manual"]);
    ip.expect_code(2);
    assert!(
        ip.stderr.contains("cannot be validated with dns-01"),
        "{}",
        ip.stderr
    );
    let manual = env.run(&["obtain", "-d", "example.org", "--dns", "manual"]);
    manual.expect_code(2);
    assert!(
        manual.stderr.contains("needs a terminal"),
        "{}",
        manual.stderr
    );
}

fn rfc2136_args<'a>(knot: &'a str, secret: &'a str) -> Vec<&'a str> {
    vec![
        "--dns",
        "rfc2136",
        "--dns-server",
        knot,
        "--tsig-key-name",
        crate::harness::knot::KEY_NAME,
        "--tsig-secret",
        secret,
    ]
}

#[test]
fn rfc2136_with_tsig_issues_a_wildcard_through_a_real_knot_and_removes_only_its_records() {
    use crate::harness::knot::{Knot, SECRET};
    let knot = Knot::start(&[("example.test", "_acme-challenge TXT \"keep-me\"", true)]);
    let pebble = Pebble::start_with(PebbleOptions {
        env: vec![("PEBBLE_AUTHZREUSE".into(), "0".into())],
        dns_server: Some(knot.addr),
        ..Default::default()
    });
    let env = Env::new();
    env.register(&pebble);
    let secret_file = env.home.path().join("tsig.key");
    std::fs::write(&secret_file, format!("{SECRET}\n")).unwrap();
    let secret = format!("file:{}", secret_file.display());
    let server = knot.addr.to_string();
    let mut args = vec![
        "obtain",
        "-d",
        "*.example.test",
        "-d",
        "example.test",
        "--json",
    ];
    args.extend(rfc2136_args(&server, &secret));
    let run = env.run(&args);
    run.expect_code(0);
    assert_eq!(
        knot.txt("_acme-challenge.example.test"),
        vec!["keep-me"],
        "only certkeep's records were removed"
    );
    let spec =
        std::fs::read_to_string(env.lineage("_wildcard.example.test").join("spec.toml")).unwrap();
    assert!(
        spec.contains("tsig_secret = \"file:") && !spec.contains(SECRET),
        "the spec keeps a reference, never the secret: {spec}"
    );
    assert!(!run.stdout.contains(SECRET) && !run.stderr.contains(SECRET));
}

#[test]
fn a_wrong_tsig_secret_or_a_refusing_server_is_a_clear_error() {
    use crate::harness::knot::Knot;
    let knot = Knot::start(&[("example.test", "", true), ("locked.test", "", false)]);
    let pebble = Pebble::start_with(PebbleOptions {
        dns_server: Some(knot.addr),
        ..Default::default()
    });
    let env = Env::new();
    env.register(&pebble);
    let server = knot.addr.to_string();
    let wrong = "env:CERTKEEP_TEST_TSIG";
    let mut args = vec!["obtain", "-d", "example.test", "--json"];
    args.extend(rfc2136_args(&server, wrong));
    let out = env
        .command(&args)
        .env(
            "CERTKEEP_TEST_TSIG",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        )
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["error"]["message"].as_str().unwrap().contains("BADSIG"),
        "{doc}"
    );

    let secret_file = env.home.path().join("tsig.key");
    std::fs::write(&secret_file, crate::harness::knot::SECRET).unwrap();
    let secret = format!("file:{}", secret_file.display());
    let mut args = vec!["obtain", "-d", "locked.test", "--json"];
    args.extend(rfc2136_args(&server, &secret));
    let run = env.run(&args);
    run.expect_code(2);
    let message = run.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("may not update")
            || message.contains("BADKEY")
            || message.contains("refused the update"),
        "{message}"
    );
    assert!(!env.lineage("locked.test").exists());
}

#[test]
fn a_cname_delegation_is_followed_and_the_record_written_at_its_target() {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let env = Env::new();
    env.register(&pebble);
    // Delegate the challenge name elsewhere, as one does to keep DNS credentials off web servers.
    challtestsrv(
        &pebble,
        "set-cname",
        r#"{"host":"_acme-challenge.shop.example.org.","target":"_acme-challenge.shop.acme-zone.test."}"#,
    );
    let (hook, log) = script(&env, &pebble, true);
    let check = format!("127.0.0.1:{}", pebble.dns_port);
    let run = env.run(&[
        "obtain",
        "-d",
        "shop.example.org",
        "--dns",
        "exec",
        "--dns-script",
        hook.to_str().unwrap(),
        "--dns-check-server",
        &check,
        "--json",
    ]);
    run.expect_code(0);
    assert_eq!(
        sorted_lines(&log),
        vec![
            "cleanup _acme-challenge.shop.acme-zone.test shop.example.org",
            "present _acme-challenge.shop.acme-zone.test shop.example.org"
        ]
    );
}

fn challtestsrv(pebble: &Pebble, path: &str, body: &str) {
    use std::io::{Read, Write};
    let mut api = std::net::TcpStream::connect(("127.0.0.1", pebble.dns_management_port)).unwrap();
    write!(
        api,
        "POST /{path} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    api.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
}

#[test]
fn dns_check_shows_the_delegation_target_and_what_the_server_holds() {
    let pebble = Pebble::start();
    let env = Env::new();
    challtestsrv(
        &pebble,
        "set-cname",
        r#"{"host":"_acme-challenge.www.example.org.","target":"_acme-challenge.www.acme-zone.test."}"#,
    );
    challtestsrv(
        &pebble,
        "set-txt",
        r#"{"host":"_acme-challenge.www.acme-zone.test.","value":"hello"}"#,
    );
    let check = format!("127.0.0.1:{}", pebble.dns_port);
    let run = env.run(&[
        "dns",
        "check",
        "-d",
        "www.example.org",
        "--dns-check-server",
        &check,
        "--json",
    ]);
    run.expect_code(0);
    let result = &run.json()["result"];
    assert_eq!(result["record"], "_acme-challenge.www.example.org");
    assert_eq!(result["target"], "_acme-challenge.www.acme-zone.test");
    assert_eq!(result["delegated"], true);
    assert_eq!(result["servers"][0]["txt"][0], "hello");
}

#[test]
fn dns_persist_record_names_the_account_and_persist_check_finds_it() {
    let pebble = Pebble::start();
    let rule: crate::harness::proxy::Rule = std::sync::Arc::new(|exchange| {
        if exchange.path == "/dir" {
            let mut doc: serde_json::Value = serde_json::from_slice(&exchange.body).unwrap();
            doc["meta"]["caaIdentities"] = serde_json::json!(["pebble.example"]);
            exchange.body = serde_json::to_vec(&doc).unwrap();
        }
    });
    let proxy = crate::harness::proxy::Proxy::start(&pebble, rule);
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    let url = env.run(&["account", "show", "--json"]).json()["result"]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let record = env.run(&[
        "dns",
        "persist-record",
        "-d",
        "example.org",
        "--wildcard",
        "--persist-until",
        "2027-01-01T00:00:00Z",
        "--json",
    ]);
    record.expect_code(0);
    let result = record.json()["result"].clone();
    assert_eq!(result["record"], "_validation-persist.example.org");
    let value =
        format!("pebble.example; accounturi={url}; policy=wildcard; persistUntil=1798761600");
    assert_eq!(result["value"], value.as_str());

    let check = format!("127.0.0.1:{}", pebble.dns_port);
    let args = [
        "dns",
        "persist-check",
        "-d",
        "example.org",
        "--wildcard",
        "--persist-until",
        "2027-01-01T00:00:00Z",
        "--dns-check-server",
        &check,
        "--json",
    ];
    let missing = env.run(&args);
    missing.expect_code(5);
    challtestsrv(
        &pebble,
        "set-txt",
        &format!(r#"{{"host":"_validation-persist.example.org.","value":"{value}"}}"#),
    );
    let found = env.run(&args);
    found.expect_code(0);
    assert_eq!(
        found.json()["result"]["servers"][0]["txt"][0],
        value.as_str()
    );
}

#[test]
fn a_record_on_only_one_of_two_authoritative_servers_is_not_enough() {
    use crate::harness::knot::Knot;
    // challtestsrv gets the record (and is what the CA asks); the Knot secondary never does.
    let knot = Knot::start(&[("example.org", "", false)]);
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let env = Env::new();
    env.register(&pebble);
    let (hook, log) = script(&env, &pebble, true);
    let first = format!("127.0.0.1:{}", pebble.dns_port);
    let second = knot.addr.to_string();
    let run = env.run(&[
        "obtain",
        "-d",
        "split.example.org",
        "--dns",
        "exec",
        "--dns-script",
        hook.to_str().unwrap(),
        "--dns-check-server",
        &first,
        "--dns-check-server",
        &second,
        "--dns-timeout",
        "2",
        "--json",
    ]);
    run.expect_code(5);
    let message = run.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains(&format!("still missing on {second}")) && !message.contains(&first),
        "{message}"
    );
    assert_eq!(sorted_lines(&log).len(), 2, "presented and cleaned up");
}

#[test]
fn acme_dns_registers_once_then_answers_dns_01_without_leaking_its_key() {
    use crate::harness::acme_dns::AcmeDns;
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let acme_dns = AcmeDns::start(&pebble);
    let env = Env::new();
    env.register(&pebble);
    let root = pebble.tls_root.to_str().unwrap().to_owned();
    let registered = env.run(&[
        "--ca-root",
        &root,
        "dns",
        "acme-dns",
        "register",
        "--acme-dns-url",
        &acme_dns.url,
        "-d",
        "shop.example.org",
        "--json",
    ]);
    registered.expect_code(0);
    let result = registered.json()["result"].clone();
    assert_eq!(result["cname_record"], "_acme-challenge.shop.example.org");
    let target = result["cname_target"].as_str().unwrap().to_owned();
    challtestsrv(
        &pebble,
        "set-cname",
        &format!(r#"{{"host":"_acme-challenge.shop.example.org.","target":"{target}."}}"#),
    );

    let check = format!("127.0.0.1:{}", pebble.dns_port);
    let run = env.run(&[
        "--ca-root",
        &root,
        "obtain",
        "-d",
        "shop.example.org",
        "--dns",
        "acme-dns",
        "--acme-dns-url",
        &acme_dns.url,
        "--dns-check-server",
        &check,
        "--json",
    ]);
    run.expect_code(0);
    assert_eq!(acme_dns.updates.lock().unwrap().len(), 1);
    for out in [&registered, &run] {
        assert!(
            !out.stdout.contains(AcmeDns::password()) && !out.stderr.contains(AcmeDns::password())
        );
    }
    for (path, bytes) in env.snapshot() {
        let in_keyring = path.starts_with(env.store.join("secrets"));
        assert!(
            in_keyring || !String::from_utf8_lossy(&bytes).contains(AcmeDns::password()),
            "the acme-dns key leaked into {}",
            path.display()
        );
    }
}
