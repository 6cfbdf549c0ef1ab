//! Talking to a misbehaving CA, through the test proxy in front of Pebble: every exchange has a
//! deadline that covers the body (a CA that stalls or trickles ends the command with a transient
//! error and the store lock released), every order a total deadline, a signed request is never
//! sent twice (a `badNonce` or a lost answer is met by signing afresh, and only idempotent
//! requests are retried), a `newOrder` whose answer was lost is found again instead of placed
//! twice, and an untrusted CA certificate says so.

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::harness::proxy::{Delivery, Exchange, Incoming, Proxy, Rule};
use crate::harness::{Env, Pebble, PebbleOptions, Run};

/// A Pebble that rejects no nonce at random, for tests that count what reached it: its own
/// `badNonce` on a request whose answer the proxy drops would look like a request lost on
/// the way there.
fn pebble_without_nonce_rejects() -> Pebble {
    Pebble::start_with(PebbleOptions {
        env: vec![("PEBBLE_WFE_NONCEREJECT".into(), "0".into())],
        ..PebbleOptions::default()
    })
}

/// A config file with `[limits]` `settings` (a deadline short enough for a test, long enough
/// for Pebble on a busy machine); returns its path.
fn limits(env: &Env, settings: &str) -> String {
    let path = env.home.path().join("limits.toml");
    std::fs::write(&path, format!("[limits]\n{settings}\n")).unwrap();
    path.to_str().unwrap().to_owned()
}

const SHORT_HTTP: &str = "http_timeout_secs = 3";

/// Runs the binary, killing it if it has not ended within `limit`: a command that hangs fails
/// the test instead of hanging the suite.
fn run_bounded(env: &Env, args: &[&str], limit: Duration) -> Run {
    let mut child = env
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            let out = child.wait_with_output().unwrap();
            return Run {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            };
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "'certkeep {}' still waits after {limit:?}\nstderr:\n{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A rule that, while `on`, delivers the answers to `method` `path_prefix` as `delivery`.
fn misdeliver(
    on: &Arc<AtomicBool>,
    method: &'static str,
    path: &'static str,
    delivery: Delivery,
) -> Rule {
    let on = on.clone();
    Arc::new(move |exchange: &mut Exchange| {
        if on.load(Ordering::SeqCst) && exchange.method == method && exchange.path.starts_with(path)
        {
            exchange.delivery = delivery;
        }
    })
}

fn assert_no_nonce_twice(proxy: &Proxy) {
    let nonces = proxy.nonces();
    let mut unique = nonces.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        nonces.len(),
        "a signed request was sent twice: {:?}",
        proxy.requests()
    );
}

/// A fresh user registered through `proxy`, and the `obtain` arguments for `name` (http-01 on
/// Pebble's VA port, the short HTTP deadline).
fn obtain_through(proxy: &Proxy, pebble: &Pebble, name: &str) -> (Env, Vec<String>) {
    let env = Env::new();
    let config = limits(&env, SHORT_HTTP);
    env.register_at(&proxy.directory, pebble);
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    let args = [
        "obtain", "--listen", &listen, "-d", name, "--config", &config, "-q",
    ];
    (env, args.map(str::to_owned).to_vec())
}

#[test]
fn a_ca_that_stalls_after_the_headers_ends_register_with_a_transient_error() {
    let pebble = Pebble::start();
    let on = Arc::new(AtomicBool::new(true));
    let proxy = Proxy::start(
        &pebble,
        misdeliver(&on, "POST", "/sign-me-up", Delivery::Stall),
    );
    let env = Env::new();
    let config = limits(&env, SHORT_HTTP);
    let root = pebble.tls_root.to_str().unwrap().to_owned();
    let args = [
        "account",
        "register",
        "--ca",
        &proxy.directory,
        "--ca-root",
        &root,
        "--agree-tos",
        "--config",
        &config,
        "--json",
    ];
    let run = run_bounded(&env, &args, Duration::from_secs(120));
    run.expect_code(4);
    let message = run.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("did not answer completely within 3 s"),
        "{message}"
    );
    // The lock went with the process: the next command is not refused as "locked".
    on.store(false, Ordering::SeqCst);
    run_bounded(&env, &args, Duration::from_secs(120)).expect_code(0);
}

#[test]
fn a_ca_that_trickles_its_answers_ends_obtain_and_renew_with_a_transient_error() {
    let pebble = Pebble::start();
    let on = Arc::new(AtomicBool::new(false));
    let proxy = Proxy::start(
        &pebble,
        misdeliver(&on, "POST", "/", Delivery::Trickle(Duration::from_secs(1))),
    );
    let env = Env::new();
    let config = limits(&env, SHORT_HTTP);
    env.register_at(&proxy.directory, &pebble);
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    env.run(&[
        "obtain",
        "--listen",
        &listen,
        "-d",
        "slow.example.org",
        "-q",
    ])
    .expect_code(0);

    on.store(true, Ordering::SeqCst);
    let obtain = [
        "obtain",
        "--listen",
        &listen,
        "-d",
        "trickle.example.org",
        "--config",
        &config,
        "--json",
    ];
    let run = run_bounded(&env, &obtain, Duration::from_secs(180));
    run.expect_code(4);
    assert_eq!(run.json()["error"]["kind"], "transient");
    assert!(
        run.stdout.contains("did not answer completely within 3 s"),
        "{}",
        run.stdout
    );
    let renew = [
        "renew",
        "--force",
        "--no-random-delay",
        "--config",
        &config,
        "--json",
    ];
    run_bounded(&env, &renew, Duration::from_secs(180)).expect_code(4);
    // Nothing holds the store afterwards.
    on.store(false, Ordering::SeqCst);
    run_bounded(&env, &renew, Duration::from_secs(180)).expect_code(0);
}

#[test]
fn an_order_that_never_finishes_ends_at_the_order_deadline() {
    let pebble = Pebble::start();
    let rule: Rule = Arc::new(|exchange: &mut Exchange| {
        // The CA keeps saying "pending", however often it is asked.
        if exchange.method == "POST"
            && exchange.status == 200
            && exchange.path.starts_with("/my-order/")
            && let Ok(mut order) = serde_json::from_slice::<serde_json::Value>(&exchange.body)
        {
            order["status"] = "pending".into();
            exchange.body = serde_json::to_vec(&order).unwrap();
        }
    });
    let proxy = Proxy::start(&pebble, rule);
    let env = Env::new();
    let config = limits(&env, "order_deadline_secs = 5");
    env.register_at(&proxy.directory, &pebble);
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    let args = [
        "obtain",
        "--listen",
        &listen,
        "-d",
        "forever.example.org",
        "--config",
        &config,
        "--json",
    ];
    let run = run_bounded(&env, &args, Duration::from_secs(120));
    run.expect_code(4);
    let message = run.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("did not finish within 5 s"), "{message}");
}

#[test]
fn signed_requests_are_never_sent_twice() {
    let pebble = Pebble::start();
    // One injected badNonce on newOrder (the CA did not act: not forwarded), one 503 on the
    // first order poll, one stalled authorization answer.
    let nonce_left = Arc::new(AtomicUsize::new(1));
    let left = nonce_left.clone();
    let intercept = Arc::new(move |request: &Incoming| {
        (request.path.starts_with("/order-plz") && left.fetch_sub(1, Ordering::SeqCst) == 1)
            .then(|| Exchange::bad_nonce(&request.method, &request.path))
    });
    let unavailable_left = Arc::new(AtomicUsize::new(1));
    let stall_left = Arc::new(AtomicUsize::new(1));
    let rule: Rule = Arc::new(move |exchange: &mut Exchange| {
        if exchange.method != "POST" {
            return;
        }
        if exchange.path.starts_with("/my-order/")
            && unavailable_left.fetch_sub(1, Ordering::SeqCst) == 1
        {
            exchange.status = 503;
            exchange.body = b"<html>busy</html>".to_vec();
        } else if exchange.path.starts_with("/authZ/")
            && stall_left.fetch_sub(1, Ordering::SeqCst) == 1
        {
            exchange.delivery = Delivery::Stall;
        }
    });
    let proxy = Proxy::start_intercepting(&pebble, intercept, rule);
    let (env, args) = obtain_through(&proxy, &pebble, "once.example.org");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_bounded(&env, &args, Duration::from_secs(180)).expect_code(0);
    assert_no_nonce_twice(&proxy);
    assert_eq!(
        proxy.count_ok("POST", "/order-plz"),
        1,
        "{:?}",
        proxy.requests()
    );
}

#[test]
fn a_lost_new_order_answer_is_recovered_not_reposted() {
    let pebble = pebble_without_nonce_rejects();
    let drops_left = Arc::new(AtomicUsize::new(1));
    let rule: Rule = Arc::new(move |exchange: &mut Exchange| {
        // Pebble creates the order; its answer never reaches the client.
        if exchange.path.starts_with("/order-plz") && drops_left.fetch_sub(1, Ordering::SeqCst) == 1
        {
            exchange.delivery = Delivery::Drop;
        }
    });
    let proxy = Proxy::start(&pebble, rule);
    let (env, args) = obtain_through(&proxy, &pebble, "lost.example.org");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_bounded(&env, &args, Duration::from_secs(180)).expect_code(0);
    assert_eq!(
        proxy.count_ok("POST", "/order-plz"),
        1,
        "exactly one order at the CA: {:?}",
        proxy.requests()
    );
    assert!(
        proxy.count("POST", "/list-orderz/") > 0,
        "found through the account's orders list: {:?}",
        proxy.requests()
    );
    assert_no_nonce_twice(&proxy);
}

#[test]
fn a_lost_new_order_is_found_by_the_next_run_through_the_journal() {
    let pebble = pebble_without_nonce_rejects();
    let lost = Arc::new(AtomicBool::new(true));
    let flag = lost.clone();
    let rule: Rule = Arc::new(move |exchange: &mut Exchange| {
        // While on, the newOrder answer is lost and so is every look at the account.
        if flag.load(Ordering::SeqCst)
            && (exchange.path.starts_with("/order-plz")
                || exchange.path.starts_with("/my-account/"))
        {
            exchange.delivery = Delivery::Drop;
        }
    });
    let proxy = Proxy::start(&pebble, rule);
    let (env, args) = obtain_through(&proxy, &pebble, "journal.example.org");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_bounded(&env, &args, Duration::from_secs(180)).expect_code(4);
    assert_eq!(proxy.count_ok("POST", "/order-plz"), 1);
    lost.store(false, Ordering::SeqCst);
    run_bounded(&env, &args, Duration::from_secs(180)).expect_code(0);
    assert_eq!(
        proxy.count_ok("POST", "/order-plz"),
        1,
        "the journaled order was found, not placed again: {:?}",
        proxy.requests()
    );
}

#[test]
fn an_untrusted_ca_certificate_says_so_and_names_ca_root() {
    let pebble = Pebble::start();
    let env = Env::new();
    let run = env.run(&[
        "account",
        "register",
        "--ca",
        &pebble.directory,
        "--agree-tos",
        "--json",
    ]);
    run.expect_code(4);
    let error = &run.json()["error"];
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("TLS certificate") && message.contains("not trusted"),
        "{message}"
    );
    assert!(
        error["hint"].as_str().unwrap().contains("--ca-root"),
        "{error}"
    );
    let human = env.run(&[
        "account",
        "register",
        "--ca",
        &pebble.directory,
        "--agree-tos",
    ]);
    human.expect_code(4);
    assert!(
        human.stderr.contains("help:") && human.stderr.contains("--ca-root"),
        "{}",
        human.stderr
    );
    assert!(
        !human.stderr.contains("client error (Connect)"),
        "{}",
        human.stderr
    );
    assert!(!env.store.join("accounts").exists(), "nothing was stored");
}

#[test]
fn a_lost_challenge_announcement_is_checked_not_resent() {
    let pebble = pebble_without_nonce_rejects();
    let drops_left = Arc::new(AtomicUsize::new(1));
    let rule: Rule = Arc::new(move |exchange: &mut Exchange| {
        // Pebble starts validating; the client never hears so.
        if exchange.path.starts_with("/chalZ/") && drops_left.fetch_sub(1, Ordering::SeqCst) == 1 {
            exchange.delivery = Delivery::Drop;
        }
    });
    let proxy = Proxy::start(&pebble, rule);
    let (env, args) = obtain_through(&proxy, &pebble, "announce.example.org");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_bounded(&env, &args, Duration::from_secs(180)).expect_code(0);
    assert!(
        proxy.count("POST", "/authZ/") > 1,
        "the authorization was asked what became of the announcement: {:?}",
        proxy.requests()
    );
    assert_no_nonce_twice(&proxy);
}
