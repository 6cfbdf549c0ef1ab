//! Hostile CA answers, injected by the test proxy in front of a real Pebble: each is refused
//! with its exit code, and nothing reaches the store, the webroot or a shell.

use std::sync::Arc;

use crate::harness::proxy::{Exchange, Proxy, Rule, replace_tokens};
use crate::harness::{Env, Pebble};

fn problem(exchange: &mut Exchange, status: u16, kind: &str, detail: &str) {
    exchange.status = status;
    exchange.headers.insert(
        http::header::CONTENT_TYPE,
        "application/problem+json".parse().unwrap(),
    );
    exchange.body = serde_json::to_vec(&serde_json::json!({
        "type": format!("urn:ietf:params:acme:error:{kind}"), "detail": detail, "status": status
    }))
    .unwrap();
}

#[test]
fn hostile_challenge_tokens_exit_9_before_anything_is_written() {
    let pebble = Pebble::start();
    let long = "a".repeat(256);
    let tokens = [
        "../../../../etc/passwd",
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "/etc/passwd",
        "$(touch /tmp/certkeep-canary)aaaaaaaaaaaaaaa",
        "`touch canary`aaaaaaaaaaaaaaaaaaaaaaaa",
        "aaaaaaaaaaaaaaaaaaaaaa;touch canary",
        "",
        "padded+token/with=aaaaaaaaaaaaaaaaaaaaaaaa",
        "space in tokenaaaaaaaaaaaaaaaaaaaa",
        "nul\u{0}aaaaaaaaaaaaaaaaaaaaaaaaaa",
        "homoglyph\u{430}aaaaaaaaaaaaaaaaaaaaaaaa",
        long.as_str(),
    ];
    for token in tokens {
        let owned = token.to_owned();
        let rule: Rule = Arc::new(move |exchange: &mut Exchange| replace_tokens(exchange, &owned));
        let proxy = Proxy::start(&pebble, rule);
        let env = Env::new();
        env.register_at(&proxy.directory, &pebble);
        let webroot = env.home.path().join("www");
        std::fs::create_dir(&webroot).unwrap();
        let before = env.snapshot();
        let run = env.run(&[
            "obtain",
            "-d",
            "victim.example.org",
            "--webroot",
            webroot.to_str().unwrap(),
            "--json",
        ]);
        run.expect_code(9);
        assert_eq!(run.json()["error"]["kind"], "security", "{token:?}");
        assert_eq!(
            std::fs::read_dir(&webroot).unwrap().count(),
            0,
            "{token:?}: something was written to the webroot"
        );
        assert_eq!(env.snapshot(), before, "{token:?}: the store changed");
        assert_eq!(
            proxy.count("POST", "/chalZ/"),
            0,
            "{token:?}: a challenge was announced"
        );
    }
    assert!(!std::path::Path::new("/tmp/certkeep-canary").exists());
}

#[test]
fn a_private_key_in_the_chain_is_refused_and_nothing_stored() {
    let pebble = Pebble::start();
    let rule: Rule = Arc::new(|exchange: &mut Exchange| {
        if exchange.path.starts_with("/certZ/") && exchange.status == 200 {
            exchange.body.extend_from_slice(b"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIGx0ZXN0\n-----END PRIVATE KEY-----\n");
        }
    });
    let proxy = Proxy::start(&pebble, rule);
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    let before = env.snapshot();
    let run = env.obtain(&pebble, &["-d", "chain.example.org", "--json"]);
    run.expect_code(9);
    let message = run.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("PRIVATE KEY"), "{message}");
    assert_eq!(env.snapshot(), before);
    // The control for the token test: an honest authorization is announced at /chalZ/.
    assert!(proxy.count("POST", "/chalZ/") > 0, "{:?}", proxy.requests());
}

#[test]
fn absurd_retry_after_on_a_rate_limit_exits_4_clamped() {
    let pebble = Pebble::start();
    for (value, clamped) in [
        ("18446744073709551615", true),
        ("abc", false),
        ("-1", false),
    ] {
        let value = value.to_owned();
        let rule: Rule = Arc::new(move |exchange: &mut Exchange| {
            if exchange.path.starts_with("/order-plz") {
                problem(
                    exchange,
                    429,
                    "rateLimited",
                    "too many certificates for this name",
                );
                exchange
                    .headers
                    .insert(http::header::RETRY_AFTER, value.parse().unwrap());
            }
        });
        let proxy = Proxy::start(&pebble, rule);
        let env = Env::new();
        env.register_at(&proxy.directory, &pebble);
        let run = env.obtain(&pebble, &["-d", "limited.example.org", "--json"]);
        run.expect_code(4);
        let error = &run.json()["error"];
        assert_eq!(error["kind"], "transient");
        assert_eq!(
            error["acme_problem"]["type"],
            "urn:ietf:params:acme:error:rateLimited"
        );
        if clamped {
            let at = time::OffsetDateTime::parse(
                error["retry_after"].as_str().unwrap(),
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap();
            let wait = at - time::OffsetDateTime::now_utc();
            assert!(
                wait <= time::Duration::hours(24) && wait > time::Duration::hours(23),
                "clamped to a day: {wait}"
            );
        } else {
            assert!(error["retry_after"].is_null(), "{error}");
        }
        assert!(!env.lineage("limited.example.org").exists());
    }
}

#[test]
fn an_html_directory_is_a_clear_error() {
    let pebble = Pebble::start();
    let rule: Rule = Arc::new(|exchange: &mut Exchange| {
        if exchange.path == "/dir" {
            exchange
                .headers
                .insert(http::header::CONTENT_TYPE, "text/html".parse().unwrap());
            exchange.body = b"<html><body>Welcome to nginx!</body></html>".to_vec();
        }
    });
    let proxy = Proxy::start(&pebble, rule);
    let env = Env::new();
    let root = pebble.tls_root.to_str().unwrap();
    let run = env.run(&[
        "account",
        "register",
        "--ca",
        &proxy.directory,
        "--ca-root",
        root,
        "--agree-tos",
    ]);
    run.expect_code(3);
    assert!(
        run.stderr.contains("is not an ACME directory"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help: "), "{}", run.stderr);
}

#[test]
fn terminal_escapes_in_a_ca_detail_are_escaped_in_text_and_exact_in_json() {
    let pebble = Pebble::start();
    let detail = "evil\u{1b}[2J\r\nerror: forged line\u{202e}";
    let rule: Rule = Arc::new(move |exchange: &mut Exchange| {
        if exchange.path.starts_with("/order-plz") {
            problem(exchange, 403, "rejectedIdentifier", detail);
        }
    });
    let proxy = Proxy::start(&pebble, rule);
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    let text = env.obtain(&pebble, &["-d", "x.example.org"]);
    text.expect_code(3);
    assert!(
        !text.stderr.contains('\u{1b}')
            && !text.stderr.contains('\r')
            && !text.stderr.contains('\u{202e}'),
        "{:?}",
        text.stderr
    );
    assert!(
        text.stderr
            .contains("evil\\u{1b}[2J\\r\\nerror: forged line"),
        "{}",
        text.stderr
    );
    let json = env.obtain(&pebble, &["-d", "x.example.org", "--json"]);
    assert_eq!(json.json()["error"]["acme_problem"]["detail"], detail);
}

#[test]
fn a_directory_pointing_at_plain_http_is_refused_with_9() {
    let pebble = Pebble::start();
    let rule: Rule = Arc::new(|exchange: &mut Exchange| {
        if exchange.path == "/dir" {
            let mut doc: serde_json::Value = serde_json::from_slice(&exchange.body).unwrap();
            let url = doc["newOrder"]
                .as_str()
                .unwrap()
                .replacen("https://", "http://", 1);
            doc["newOrder"] = serde_json::Value::String(url);
            exchange.body = serde_json::to_vec(&doc).unwrap();
        }
    });
    let proxy = Proxy::start(&pebble, rule);
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    let run = env.obtain(&pebble, &["-d", "x.example.org", "--json"]);
    run.expect_code(9);
    assert_eq!(run.json()["error"]["kind"], "security");
    assert!(!env.lineage("x.example.org").exists());
}
