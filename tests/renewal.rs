//! Renewal against a real Pebble: `renew` is quiet and idempotent, renews what is due with hooks
//! run once per run, keeps the working certificate and backs off when renewal fails, retries a
//! failed deploy hook without a new order, tells partial failure apart, keeps a second process
//! out, and the real daemon binary renews a short-lived certificate on its own.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::harness::proxy::{Proxy, Rule};
use crate::harness::{Env, Pebble, PebbleOptions, free_port};

fn hook_log(env: &Env) -> std::path::PathBuf {
    env.home.path().join("hooks.log")
}

fn logging_hook(env: &Env, tag: &str) -> String {
    format!(
        "sh -c 'echo {tag} $CERTKEEP_NAMES >> {}'",
        hook_log(env).display()
    )
}

fn log_lines(env: &Env) -> Vec<String> {
    std::fs::read_to_string(hook_log(env))
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn current_version(env: &Env, name: &str) -> String {
    std::fs::read_link(env.lineage(name).join("current"))
        .unwrap()
        .display()
        .to_string()
}

/// Points a lineage's standalone listener at a port nothing answers on, so validation fails.
fn break_challenge(env: &Env, name: &str) {
    let spec_path = env.lineage(name).join("spec.toml");
    let spec = std::fs::read_to_string(&spec_path).unwrap();
    let start = spec.find("listen = \"").unwrap();
    let end = start + spec[start..].find('\n').unwrap();
    let broken = format!(
        "{}listen = \"127.0.0.1:{}\"{}",
        &spec[..start],
        free_port(),
        &spec[end..]
    );
    std::fs::write(&spec_path, broken).unwrap();
}

#[test]
fn renew_is_quiet_and_orders_nothing_when_nothing_is_due() {
    let pebble = Pebble::start();
    let rule: Rule = std::sync::Arc::new(|_| {});
    let proxy = Proxy::start(&pebble, rule);
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    env.obtain(
        &pebble,
        &[
            "-d",
            "quiet.example.org",
            "--deploy-hook",
            &logging_hook(&env, "deploy"),
            "-q",
        ],
    )
    .expect_code(0);
    let orders = proxy.count("POST", "/order-plz");
    for _ in 0..3 {
        let run = env.run(&["renew", "--no-random-delay"]);
        run.expect_code(0);
        assert_eq!(
            (run.stdout.as_str(), run.stderr.as_str()),
            ("", ""),
            "renew is silent when nothing is due"
        );
    }
    let json = env.run(&["renew", "--no-random-delay", "--json"]);
    json.expect_code(0);
    let result = &json.json()["result"];
    assert_eq!(result["renewed"].as_array().unwrap().len(), 0);
    assert_eq!(result["not_due"][0]["name"], "quiet.example.org");
    assert_eq!(proxy.count("POST", "/order-plz"), orders, "no new order");
    assert_eq!(
        log_lines(&env),
        vec!["deploy quiet.example.org"],
        "no hook ran on the idle runs"
    );
}

#[test]
fn forced_renewal_runs_pre_and_post_once_and_a_shared_deploy_hook_once() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let hooks = [
        "--pre-hook",
        &logging_hook(&env, "pre"),
        "--post-hook",
        &logging_hook(&env, "post"),
        "--deploy-hook",
        &logging_hook(&env, "deploy"),
    ];
    for name in ["a.example.org", "b.example.org"] {
        env.obtain(&pebble, &[&["-d", name, "-q"][..], &hooks[..]].concat())
            .expect_code(0);
    }
    std::fs::remove_file(hook_log(&env)).unwrap();
    let run = env.run(&["renew", "--force", "--no-random-delay", "--json"]);
    run.expect_code(0);
    assert_eq!(run.json()["result"]["renewed"].as_array().unwrap().len(), 2);
    let mut lines = log_lines(&env);
    lines.sort();
    assert_eq!(
        lines,
        vec![
            "deploy a.example.org b.example.org",
            "post a.example.org b.example.org",
            "pre a.example.org b.example.org"
        ]
    );
    assert_eq!(current_version(&env, "a.example.org"), "versions/2");
}

#[test]
fn a_failed_renewal_keeps_current_backs_off_and_runs_the_failure_hook() {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let env = Env::new();
    env.register(&pebble);
    env.obtain(
        &pebble,
        &[
            "-d",
            "due.example.org",
            "--failure-hook",
            &logging_hook(&env, "failed"),
            "-q",
        ],
    )
    .expect_code(0);
    env.obtain(
        &pebble,
        &[
            "-d",
            "fine.example.org",
            "--deploy-hook",
            &logging_hook(&env, "deploy-fine"),
            "-q",
        ],
    )
    .expect_code(0);
    std::fs::remove_file(hook_log(&env)).ok();
    let before = std::fs::read(env.lineage("due.example.org").join("versions/1/cert.pem")).unwrap();
    env.fresh_account(&pebble);
    break_challenge(&env, "due.example.org");

    let run = env.run(&[
        "renew",
        "due.example.org",
        "--force",
        "--no-random-delay",
        "--json",
    ]);
    run.expect_code(5);
    let doc = run.json();
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["error"]["kind"], "validation_failed");
    assert_eq!(doc["result"]["failed"][0]["name"], "due.example.org");
    assert_eq!(current_version(&env, "due.example.org"), "versions/1");
    assert_eq!(
        std::fs::read(env.lineage("due.example.org").join("current/cert.pem")).unwrap(),
        before
    );
    assert_eq!(
        log_lines(&env),
        vec!["failed due.example.org"],
        "failure hook for the failed one, nothing for the idle one"
    );

    // Right after a failure the ledger says wait: no new attempt, exit 0.
    let again = env.run(&["renew", "--no-random-delay", "--json"]);
    again.expect_code(0);
    let not_due = again.json()["result"]["not_due"].clone();
    let entry = not_due
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "due.example.org")
        .unwrap()
        .clone();
    assert_eq!(entry["backing_off"], true);

    let status = env.run(&["status", "--json"]);
    let certs = status.json()["result"]["certificates"].clone();
    let due = certs
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "due.example.org")
        .unwrap()
        .clone();
    assert_eq!(due["failures"], 1);
    assert!(due["last_error"].as_str().unwrap().contains("validate"));
    let state: serde_json::Value = serde_json::from_slice(
        &std::fs::read(env.lineage("due.example.org").join("state.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        state["failures"]["count"], 1,
        "the ledger is on disk, so it survives restarts"
    );
}

#[test]
fn some_renewed_some_failed_exits_10_with_both_in_the_report() {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", "good.example.org", "-q"])
        .expect_code(0);
    env.obtain(&pebble, &["-d", "bad.example.org", "-q"])
        .expect_code(0);
    env.fresh_account(&pebble);
    break_challenge(&env, "bad.example.org");
    let run = env.run(&["renew", "--force", "--no-random-delay", "--json"]);
    run.expect_code(10);
    let doc = run.json();
    assert_eq!(doc["error"]["kind"], "partial_failure");
    assert_eq!(doc["result"]["renewed"][0]["name"], "good.example.org");
    assert_eq!(doc["result"]["failed"][0]["name"], "bad.example.org");
}

#[test]
fn a_failing_deploy_hook_exits_7_keeps_the_new_version_and_is_retried_alone() {
    let pebble = Pebble::start();
    let rule: Rule = std::sync::Arc::new(|_| {});
    let proxy = Proxy::start(&pebble, rule);
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    let flag = env.home.path().join("hook-may-pass");
    let hook = format!(
        "sh -c 'test -e {} && echo deployed >> {}'",
        flag.display(),
        hook_log(&env).display()
    );
    let run = env.obtain(
        &pebble,
        &["-d", "hooked.example.org", "--deploy-hook", &hook, "--json"],
    );
    run.expect_code(7);
    let error = &run.json()["error"];
    assert_eq!(error["kind"], "hook_failed");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("stored as version 1"),
        "{error}"
    );
    assert_eq!(current_version(&env, "hooked.example.org"), "versions/1");

    let status = env.run(&["status", "--json"]).json();
    assert_eq!(
        status["result"]["certificates"][0]["pending_hooks"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // The next run retries only the hook, without a new order.
    std::fs::write(&flag, "").unwrap();
    let orders = proxy.count("POST", "/order-plz");
    env.run(&["renew", "--no-random-delay"]).expect_code(0);
    assert_eq!(proxy.count("POST", "/order-plz"), orders);
    assert_eq!(log_lines(&env), vec!["deployed"]);
    let status = env.run(&["status", "--json"]).json();
    assert!(
        status["result"]["certificates"][0]["pending_hooks"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_second_renew_while_one_runs_exits_8() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let gate = env.home.path().join("release");
    let started = env.home.path().join("started");
    let pre = format!(
        "sh -c 'touch {}; while ! test -e {}; do sleep 0.05; done'",
        started.display(),
        gate.display()
    );
    std::fs::write(&gate, "").unwrap();
    env.obtain(
        &pebble,
        &["-d", "busy.example.org", "--pre-hook", &pre, "-q"],
    )
    .expect_code(0);
    std::fs::remove_file(&gate).unwrap();
    std::fs::remove_file(&started).unwrap();
    let mut first = env
        .command(&["renew", "--force", "--no-random-delay", "-q"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Once its pre-hook runs, the first run holds the store lock.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !started.exists() {
        assert!(
            Instant::now() < deadline,
            "the first renew never reached its pre-hook"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = env.run(&["renew", "--force", "--no-random-delay", "--json"]);
    std::fs::write(&gate, "").unwrap();
    assert_eq!(first.wait().unwrap().code(), Some(0));
    second.expect_code(8);
    assert_eq!(second.json()["error"]["kind"], "locked");
    assert_eq!(
        current_version(&env, "busy.example.org"),
        "versions/2",
        "exactly one renewal"
    );
}

#[test]
fn the_daemon_renews_a_short_lived_certificate_once_and_stops_on_sigterm() {
    // 40-second certificates: the daemon renews each when half its life is left.
    let pebble = Pebble::start_with(PebbleOptions {
        validity_secs: Some(40),
        ..Default::default()
    });
    let env = Env::new();
    env.register(&pebble);
    env.obtain(
        &pebble,
        &[
            "-d",
            "short.example.org",
            "--deploy-hook",
            &logging_hook(&env, "deploy"),
            "-q",
        ],
    )
    .expect_code(0);
    std::fs::remove_file(hook_log(&env)).unwrap();
    let mut daemon = env
        .command(&["daemon"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while log_lines(&env).is_empty() {
        assert!(
            Instant::now() < deadline,
            "the daemon did not renew within 60 s"
        );
        assert!(
            daemon.try_wait().unwrap().is_none(),
            "the daemon exited early"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(daemon.id()).unwrap()),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    let status = daemon.wait().unwrap();
    assert_eq!(status.code(), Some(0), "SIGTERM ends the daemon with 0");
    assert_eq!(
        log_lines(&env),
        vec!["deploy short.example.org"],
        "deploy hook ran exactly once"
    );
    assert_eq!(current_version(&env, "short.example.org"), "versions/2");
    let daemon_state = env.run(&["status", "--json"]).json()["result"]["daemon"].clone();
    assert_eq!(daemon_state["state"], "stopped");
    assert!(Path::new(&env.store.join("daemon.json")).exists());
}

#[test]
fn a_second_daemon_on_the_same_store_exits_8() {
    let env = Env::new();
    let mut first = env
        .command(&["daemon"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !env.store.join("daemon.json").exists() {
        assert!(Instant::now() < deadline, "the first daemon did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let second = env.run(&["daemon"]);
    second.expect_code(8);
    assert!(
        second.stderr.contains("another certkeep daemon"),
        "{}",
        second.stderr
    );
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(first.id()).unwrap()),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    assert_eq!(first.wait().unwrap().code(), Some(0));
}

#[test]
fn systemd_units_and_hooks_test_are_printed_for_real_paths() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let daemon = env.run(&["systemd", "print"]);
    daemon.expect_code(0);
    assert!(
        daemon.stdout.contains("Type=notify")
            && daemon.stdout.contains(&format!(
                "ExecStart={} --quiet daemon",
                env!("CARGO_BIN_EXE_certkeep")
            )),
        "{}",
        daemon.stdout
    );
    let timer = env.run(&["systemd", "print", "--timer"]);
    assert!(
        timer.stdout.contains("OnCalendar=") && timer.stdout.contains("renew"),
        "{}",
        timer.stdout
    );

    let hook = format!(
        "sh -c 'test -s \"$CERTKEEP_FULLCHAIN_PATH\" && test -s \"$CERTKEEP_KEY_PATH\" && echo ok $CERTKEEP_HOOK >> {}'",
        hook_log(&env).display()
    );
    env.obtain(
        &pebble,
        &["-d", "paths.example.org", "--deploy-hook", &hook, "-q"],
    )
    .expect_code(0);
    let run = env.run(&["hooks", "test", "paths.example.org", "--json"]);
    run.expect_code(0);
    assert_eq!(log_lines(&env), vec!["ok deploy", "ok deploy"]);
}

#[test]
fn a_rate_limit_is_kept_and_honoured_by_the_next_runs() {
    let pebble = Pebble::start();
    let limited = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = limited.clone();
    let rule: Rule = std::sync::Arc::new(move |exchange| {
        if flag.load(std::sync::atomic::Ordering::SeqCst) && exchange.path.starts_with("/order-plz")
        {
            exchange.status = 429;
            exchange.headers.insert(
                http::header::CONTENT_TYPE,
                "application/problem+json".parse().unwrap(),
            );
            exchange
                .headers
                .insert(http::header::RETRY_AFTER, "3600".parse().unwrap());
            exchange.body = br#"{"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many new orders","status":429}"#.to_vec();
        }
    });
    let proxy = Proxy::start(&pebble, rule);
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    env.obtain(&pebble, &["-d", "limited.example.org", "-q"])
        .expect_code(0);
    limited.store(true, std::sync::atomic::Ordering::SeqCst);

    let run = env.run(&["renew", "--force", "--no-random-delay", "--json"]);
    run.expect_code(4);
    let doc = run.json();
    assert_eq!(doc["error"]["kind"], "transient");
    let retry_after = doc["error"]["retry_after"].as_str().unwrap().to_owned();
    let wait =
        time::OffsetDateTime::parse(&retry_after, &time::format_description::well_known::Rfc3339)
            .unwrap()
            - time::OffsetDateTime::now_utc();
    assert!(
        wait > time::Duration::minutes(55) && wait <= time::Duration::hours(1),
        "{wait}"
    );

    let orders = proxy.count("POST", "/order-plz");
    let again = env.run(&["renew", "--no-random-delay", "--json"]);
    again.expect_code(0);
    let entry = again.json()["result"]["not_due"][0].clone();
    assert_eq!(entry["backing_off"], true);
    assert_eq!(
        entry["next"].as_str().unwrap(),
        retry_after,
        "waits for the CA's Retry-After"
    );
    assert_eq!(
        proxy.count("POST", "/order-plz"),
        orders,
        "no order before the Retry-After"
    );
}

#[test]
fn sigterm_during_a_round_lets_the_order_finish_and_exits_0() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let started = env.home.path().join("pre-started");
    let pre = format!("sh -c 'touch {}; sleep 2'", started.display());
    env.obtain(
        &pebble,
        &["-d", "term.example.org", "--pre-hook", &pre, "-q"],
    )
    .expect_code(0);
    // A revoked certificate is due at once.
    env.run(&["revoke", "term.example.org"]).expect_code(0);
    std::fs::remove_file(&started).unwrap();
    let mut daemon = env
        .command(&["daemon"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !started.exists() {
        assert!(
            Instant::now() < deadline,
            "the daemon never started its round"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(daemon.id()).unwrap()),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    assert_eq!(daemon.wait().unwrap().code(), Some(0));
    assert_eq!(
        current_version(&env, "term.example.org"),
        "versions/2",
        "the round in flight finished"
    );
    assert!(!env.store.join("journal/term.example.org").exists());
}

#[test]
fn the_daemon_in_process_acts_on_the_injected_clock() {
    use std::sync::Arc;

    use certkeep::clock::{Clock, FixedClock};
    use certkeep::daemon::{DaemonOptions, Stop, run_until};
    use certkeep::ops::{Context, EventSink};

    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", "clock.example.org", "-q"])
        .expect_code(0);
    // Four years on, a third of the five-year lifetime is left: the certificate is due.
    let later = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap()
        + time::Duration::days(4 * 365);
    let clock = Arc::new(FixedClock::new(later));
    let ctx = Context {
        store: std::sync::Arc::new(certkeep::store::FsStore::new(&env.store)),
        clock: clock.clone(),
        events: EventSink::none(),
        ca_root: None,
        wait_lock: Duration::from_secs(10),
        cancel: certkeep::ops::Cancel::never(),
        limits: certkeep::acme::Limits::default(),
        settings: std::sync::Arc::default(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let lineage = env.lineage("clock.example.org");
    let daemon_file = env.store.join("daemon.json");
    let stopped = runtime.block_on(async {
        let watcher = async move {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !(lineage.join("versions/2").exists() && daemon_file.exists()) {
                assert!(
                    Instant::now() < deadline,
                    "the in-process daemon did not renew"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let _ = stop_tx.send(());
        };
        let stop = async {
            let _ = stop_rx.await;
        };
        let (stopped, ()) = tokio::join!(run_until(ctx, DaemonOptions::default(), stop,), watcher);
        stopped.unwrap()
    });
    assert_eq!(stopped, Stop::Terminated);
    let status: serde_json::Value =
        serde_json::from_slice(&std::fs::read(env.store.join("daemon.json")).unwrap()).unwrap();
    let format = &time::format_description::well_known::Rfc3339;
    assert_eq!(
        status["last_wake"].as_str().unwrap(),
        clock.now().format(format).unwrap(),
        "the daemon reads the injected clock"
    );
    let state: serde_json::Value = serde_json::from_slice(
        &std::fs::read(env.lineage("clock.example.org").join("state.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        state["last_success"].as_str().unwrap(),
        clock.now().format(format).unwrap()
    );
}

#[test]
fn a_dry_run_renewal_stores_nothing_and_runs_no_hook() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(
        &pebble,
        &[
            "-d",
            "dry.example.org",
            "--deploy-hook",
            &logging_hook(&env, "deploy"),
            "-q",
        ],
    )
    .expect_code(0);
    std::fs::remove_file(hook_log(&env)).unwrap();
    let before = env.snapshot();
    let run = env.run(&[
        "renew",
        "--force",
        "--dry-run",
        "--no-random-delay",
        "--json",
    ]);
    run.expect_code(0);
    let result = &run.json()["result"];
    assert_eq!(result["dry_run"], true);
    assert_eq!(result["renewed"][0]["name"], "dry.example.org");
    assert!(result["renewed"][0]["version"].is_null());
    assert_eq!(env.snapshot(), before, "the store is byte-identical");
    assert!(log_lines(&env).is_empty(), "no hook ran");
}
