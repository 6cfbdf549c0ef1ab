//! Signals and the unattended path: SIGTERM, SIGHUP and SIGINT stop a run cleanly (challenge
//! answers removed, the order journaled for the next run, exit 143/129/130); the daemon feeds
//! systemd's watchdog during a round and finishes its round on SIGTERM; the cron delay does not
//! hold the store lock.
//!
//! "Mid-validation" is made deterministic with a slow validation authority: the http-01 answers
//! are served by [`Gate`], which holds Pebble's validation request until the test opens it (the
//! answer it sends is the one it read while certkeep was still serving it).

pub(crate) mod support;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;

use crate::harness::{Env, Pebble, PebbleOptions};
use support::{
    DEADLINE, Gate, NotifySocket, Running, challenge_files, journaled_order,
    wait_for_challenge_file, wait_for_file,
};

#[test]
fn obtain_stopped_by_a_signal_mid_validation_cleans_up_and_the_next_run_finishes_its_order() {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let www = tempfile::tempdir().unwrap();
    let gate = Gate::serve(www.path(), pebble.http_port);
    let webroot = www.path().to_str().unwrap().to_owned();
    for (signal, code, kind, name) in [
        (Signal::SIGTERM, 143, "terminated", "term.example.org"),
        (Signal::SIGHUP, 129, "hangup", "hup.example.org"),
        (Signal::SIGINT, 130, "interrupted", "int.example.org"),
    ] {
        let env = Env::new();
        env.register(&pebble);
        let args = ["obtain", "-d", name, "--webroot", &webroot, "--json"];
        gate.set_open(false);
        let running = Running::start(env.command(&args));
        let file = wait_for_challenge_file(www.path());
        gate.wait_fetch_of(&file);
        running.signal(signal);
        let stopped = running.finish();
        stopped.expect_code(code);
        assert_eq!(stopped.json()["error"]["kind"], kind, "{name}");
        assert_eq!(
            challenge_files(www.path()),
            Vec::<PathBuf>::new(),
            "{name}: the challenge answer stayed behind"
        );
        let order = journaled_order(&env, name);

        gate.set_open(true);
        let next = env.run(&args);
        next.expect_code(0);
        assert_eq!(
            next.json()["result"]["order_url"],
            order.as_str(),
            "{name}: the next run placed a new order"
        );
        assert!(!env.store.join("journal").join(name).exists(), "{name}");
    }
}

/// A lineage obtained over webroot with a pre hook that holds a round while `hold` exists,
/// then a `renew --force` stopped by SIGTERM mid-validation (exit 143, the answer removed, the
/// order journaled, `current` untouched). Returns the journaled order URL.
struct Interrupted {
    pebble: Pebble,
    www: tempfile::TempDir,
    _gate: Gate,
    env: Env,
    hold: PathBuf,
    started: PathBuf,
    order: String,
}

const NAME: &str = "daemon.example.org";

fn interrupted_renewal() -> Interrupted {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let www = tempfile::tempdir().unwrap();
    let gate = Gate::serve(www.path(), pebble.http_port);
    let webroot = www.path().to_str().unwrap().to_owned();
    let env = Env::new();
    env.register(&pebble);
    let hold = env.home.path().join("hold");
    let started = env.home.path().join("started");
    // The pre hook holds the round while the test's `hold` file exists (bounded by its timeout).
    let pre_hook = format!(
        "sh -c 'if [ -e {hold} ]; then touch {started}; while [ -e {hold} ]; do sleep 0.05; done; fi'",
        hold = hold.display(),
        started = started.display()
    );
    env.run(&[
        "obtain",
        "-d",
        NAME,
        "--webroot",
        &webroot,
        "--pre-hook",
        &pre_hook,
        "--hook-timeout",
        "120",
        "-q",
    ])
    .expect_code(0);
    env.fresh_account(&pebble);

    gate.set_open(false);
    let renew = Running::start(env.command(&["renew", "--force", "--no-random-delay", "--json"]));
    let file = wait_for_challenge_file(www.path());
    gate.wait_fetch_of(&file);
    renew.signal(Signal::SIGTERM);
    let stopped = renew.finish();
    stopped.expect_code(143);
    assert_eq!(stopped.json()["error"]["kind"], "terminated");
    assert!(challenge_files(www.path()).is_empty());
    let order = journaled_order(&env, NAME);
    assert_eq!(
        std::fs::read_link(env.lineage(NAME).join("current")).unwrap(),
        Path::new("versions/1")
    );
    // The CA now completes the validation it was in.
    gate.set_open(true);
    Interrupted {
        pebble,
        www,
        _gate: gate,
        env,
        hold,
        started,
        order,
    }
}

#[test]
fn renew_stopped_by_sigterm_mid_validation_keeps_its_order_for_the_next_run() {
    let run = interrupted_renewal();
    let next = run.env.run(&["renew", "--no-random-delay", "--json"]);
    next.expect_code(0);
    assert_eq!(
        next.json()["result"]["renewed"].as_array().unwrap().len(),
        1
    );
    let lineage = run.env.lineage(NAME);
    let meta = std::fs::read_to_string(lineage.join("versions/2/meta.json")).unwrap();
    assert!(meta.contains(&run.order), "not the journaled order: {meta}");
    assert!(!run.env.store.join("journal").join(NAME).exists());
    drop(run.pebble);
}

#[test]
fn daemon_feeds_the_watchdog_during_a_round_and_finishes_the_round_on_sigterm() {
    let run = interrupted_renewal();
    // The daemon picks the journaled order up; its round is held by the pre hook.
    let notify = NotifySocket::bind();
    std::fs::write(&run.hold, "").unwrap();
    let mut cmd = run.env.command(&["daemon"]);
    cmd.env("NOTIFY_SOCKET", &notify.path)
        .env("WATCHDOG_USEC", "400000");
    let daemon = Running::start(cmd);
    wait_for_file(&run.started);
    notify.drain();
    for _ in 0..2 {
        assert_eq!(
            notify.next(),
            "WATCHDOG=1",
            "the watchdog is not fed during a round"
        );
    }

    daemon.signal(Signal::SIGTERM);
    notify.wait_for("STOPPING=1");
    std::fs::remove_file(&run.hold).unwrap();
    let done = daemon.finish();
    done.expect_code(0);
    let lineage = run.env.lineage(NAME);
    assert_eq!(
        std::fs::read_link(lineage.join("current")).unwrap(),
        Path::new("versions/2"),
        "the daemon did not finish the round it was in\n{}",
        done.stderr
    );
    let meta = std::fs::read_to_string(lineage.join("versions/2/meta.json")).unwrap();
    assert!(meta.contains(&run.order), "not the journaled order: {meta}");
    assert!(!run.env.store.join("journal").join(NAME).exists());
    assert!(challenge_files(run.www.path()).is_empty());
}

#[test]
fn renew_sleeping_its_cron_delay_leaves_the_store_to_others_and_stops_on_sigterm() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", "cron.example.org", "-q"])
        .expect_code(0);
    // stdin is not a terminal: `renew` is a cron run and sleeps a random delay first. A short
    // draw would end the delay while the test's obtain runs; draw again until it is long.
    let mut renew = None;
    for _ in 0..30 {
        let mut running = Running::start(env.command(&["renew", "--force"]));
        let seconds: u64 = running.wait_stderr(|line| {
            let rest = line.trim_start().strip_prefix("Waiting ")?;
            rest.split(' ').next()?.parse().ok()
        });
        if seconds >= 60 {
            renew = Some(running);
            break;
        }
        running.signal(Signal::SIGTERM);
        running.finish().expect_code(143);
    }
    let renew = renew.expect("no random delay of a minute or more in 30 draws");

    env.obtain(&pebble, &["-d", "human.example.org", "-q"])
        .expect_code(0);

    renew.signal(Signal::SIGTERM);
    let stopped = renew.finish();
    stopped.expect_code(143);
    assert!(!env.lineage("cron.example.org").join("versions/2").exists());
}

#[test]
fn daemon_parks_its_round_at_a_second_sigterm_keeping_the_order_and_exits_0() {
    let run = interrupted_renewal();
    let notify = NotifySocket::bind();
    std::fs::write(&run.hold, "").unwrap();
    let mut cmd = run.env.command(&["daemon"]);
    cmd.env("NOTIFY_SOCKET", &notify.path);
    let daemon = Running::start(cmd);
    wait_for_file(&run.started);

    daemon.signal(Signal::SIGTERM);
    notify.wait_for("STOPPING=1");
    daemon.signal(Signal::SIGTERM);
    notify.wait_for("STATUS=parking");
    // The hook in flight is let finish; what follows it does not start.
    std::fs::remove_file(&run.hold).unwrap();
    let done = daemon.finish();
    done.expect_code(0);
    let lineage = run.env.lineage(NAME);
    assert_eq!(
        std::fs::read_link(lineage.join("current")).unwrap(),
        Path::new("versions/1"),
        "the parked round went on\n{}",
        done.stderr
    );
    assert!(!lineage.join("versions/2").exists());
    assert_eq!(journaled_order(&run.env, NAME), run.order);
    assert!(challenge_files(run.www.path()).is_empty());
    let state = std::fs::read_to_string(lineage.join("state.json")).unwrap();
    assert!(
        !state.contains("terminated"),
        "a parked round is not a failure: {state}"
    );

    // The next start finishes the order.
    let next = run.env.run(&["renew", "--no-random-delay", "--json"]);
    next.expect_code(0);
    let meta = std::fs::read_to_string(lineage.join("versions/2/meta.json")).unwrap();
    assert!(meta.contains(&run.order), "not the journaled order: {meta}");
}

#[test]
fn obtain_under_nohup_goes_on_through_a_hangup() {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let www = tempfile::tempdir().unwrap();
    let gate = Gate::serve(www.path(), pebble.http_port);
    let env = Env::new();
    env.register(&pebble);
    let webroot = www.path().to_str().unwrap();
    let name = "nohup.example.org";
    let mut cmd = std::process::Command::new("nohup");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home.path())
        .env("CERTKEEP_STORE", &env.store)
        .arg(env!("CARGO_BIN_EXE_certkeep"))
        .args(["obtain", "-d", name, "--webroot", webroot, "--json"])
        .stdin(Stdio::null());
    gate.set_open(false);
    let running = Running::start(cmd);
    let file = wait_for_challenge_file(www.path());
    gate.wait_fetch_of(&file);
    running.signal(Signal::SIGHUP);
    gate.set_open(true);
    let done = running.finish();
    done.expect_code(0);
    assert!(env.lineage(name).join("current/cert.pem").exists());
}

#[test]
fn obtain_stopped_while_waiting_for_its_dns_record_removes_the_record() {
    use std::os::unix::fs::PermissionsExt;

    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    // A provider that only records its calls: the record never shows, certkeep waits for it.
    let log = env.home.path().join("dns.log");
    let script = env.home.path().join("dns-hook.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$1 $2\" >> {}\n", log.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let check = format!("127.0.0.1:{}", pebble.dns_port);
    let running = Running::start(env.command(&[
        "obtain",
        "-d",
        "dns.example.org",
        "--dns",
        "exec",
        "--dns-script",
        script.to_str().unwrap(),
        "--dns-check-server",
        &check,
        "--dns-timeout",
        "600",
        "--json",
    ]));
    let deadline = Instant::now() + DEADLINE;
    while !std::fs::read_to_string(&log).is_ok_and(|text| text.ends_with('\n')) {
        assert!(Instant::now() < deadline, "the provider was never called");
        std::thread::sleep(Duration::from_millis(20));
    }
    running.signal(Signal::SIGTERM);
    let stopped = running.finish();
    stopped.expect_code(143);
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "present _acme-challenge.dns.example.org\ncleanup _acme-challenge.dns.example.org\n"
    );
}

#[test]
fn a_deploy_stopped_while_verifying_exits_143_at_once_and_stays_due() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", NAME]).expect_code(0);
    let dir = tempfile::tempdir().unwrap();
    let fullchain = dir.path().join("fullchain.pem");
    let reloaded = dir.path().join("reloaded");
    let reload = format!("touch {}", reloaded.display());
    // Nothing listens there: the check would wait out its 300 s unless the stop ends it.
    let verify = format!("127.0.0.1:{}", crate::harness::free_port());
    let install = Running::start(env.command(&[
        "install",
        NAME,
        "--fullchain",
        fullchain.to_str().unwrap(),
        "--reload",
        &reload,
        "--verify",
        &verify,
        "--verify-timeout",
        "300",
        "--json",
    ]));
    // The reload runs right before the verification starts waiting.
    wait_for_file(&reloaded);
    let stopping = Instant::now();
    install.signal(Signal::SIGTERM);
    let stopped = install.finish();
    assert!(
        stopping.elapsed() < DEADLINE,
        "the stop waited out the check"
    );
    stopped.expect_code(143);
    let json = stopped.json();
    assert_eq!(json["error"]["kind"], "terminated", "{json}");
    assert!(fullchain.exists(), "the written files stay");
    let status = env.run(&["status", NAME, "--json"]).json().to_string();
    assert!(
        status.contains("the check was stopped"),
        "the deploy is recorded as not done: {status}"
    );
}
