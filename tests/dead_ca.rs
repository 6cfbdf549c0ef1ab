//! A CA that does not answer never slows the rest (issue 11). The dead CA is a real Pebble
//! stopped with SIGSTOP after issuing: its port still accepts connections, nothing answers.
//! `renew` with nothing due returns within one request deadline, the dead CA's lineages keep
//! their last window and `status` says why; a renewal that is due at the healthy CA is done
//! while the dead one is still being waited for, by `renew` and by the daemon.

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use nix::sys::signal::Signal;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::harness::{Env, Pebble};
use crate::signals::support::{Running, wait_for_file};

const LIVE: &str = "live.example.org";
const DEAD: [&str; 3] = [
    "dead-1.example.org",
    "dead-2.example.org",
    "dead-3.example.org",
];

struct TwoCas {
    env: Env,
    /// Kept running for the test's length.
    _live: Pebble,
    /// Frozen.
    _dead: Pebble,
    /// A config file setting the request deadline.
    config: PathBuf,
}

/// One lineage at a healthy Pebble, three at a second one, which is then frozen; each
/// request to a CA may take `deadline_secs`.
fn two_cas(deadline_secs: u64, before_freeze: impl FnOnce(&Env)) -> TwoCas {
    let (live, dead) = (Pebble::start(), Pebble::start());
    let env = Env::new();
    env.register(&live);
    env.register(&dead);
    env.obtain(&live, &["-d", LIVE, "--ca", &live.directory, "-q"])
        .expect_code(0);
    for name in DEAD {
        env.obtain(&dead, &["-d", name, "--ca", &dead.directory, "-q"])
            .expect_code(0);
    }
    let config = env.home.path().join("deadline.toml");
    std::fs::write(
        &config,
        format!("[limits]\nhttp_timeout_secs = {deadline_secs}\n"),
    )
    .unwrap();
    before_freeze(&env);
    dead.freeze();
    TwoCas {
        env,
        _live: live,
        _dead: dead,
        config,
    }
}

fn state(env: &Env, name: &str) -> serde_json::Value {
    env.lineage_state(name)
}

fn edit_state(env: &Env, name: &str, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut doc = state(env, name);
    edit(&mut doc);
    std::fs::write(
        env.lineage(name).join("state.json"),
        serde_json::to_vec(&doc).unwrap(),
    )
    .unwrap();
}

/// Now plus `offset`, in whole seconds, as state.json writes it.
fn at(offset: time::Duration) -> String {
    (OffsetDateTime::now_utc() + offset)
        .replace_nanosecond(0)
        .unwrap()
        .format(&Rfc3339)
        .unwrap()
}

/// Makes `LIVE` due by its CA's window (which lies in the past), with nothing to fetch.
fn live_due(env: &Env) {
    edit_state(env, LIVE, |doc| {
        doc["ari"] = serde_json::json!({
            "window_start": at(time::Duration::hours(-2)),
            "window_end": at(time::Duration::hours(-1)),
            "chosen": at(time::Duration::minutes(-90)),
            "next_fetch": at(time::Duration::days(1)),
        });
        doc["ari_next_fetch"] = at(time::Duration::days(1)).into();
    });
}

/// How long after `start` the second certificate of `name` was written.
fn stored_after(env: &Env, name: &str, start: SystemTime) -> Duration {
    let written = std::fs::metadata(env.lineage(name).join("versions/2/cert.pem"))
        .unwrap()
        .modified()
        .unwrap();
    written.duration_since(start).unwrap_or_default()
}

#[test]
fn renew_with_nothing_due_and_a_dead_ca_returns_within_one_deadline() {
    let window = (at(time::Duration::days(10)), at(time::Duration::days(11)));
    let chosen = at(time::Duration::hours(252));
    let cas = two_cas(4, |env| {
        // A window fetched earlier from the CA that is about to die: kept while it is dead.
        edit_state(env, DEAD[0], |doc| {
            doc["ari"] = serde_json::json!({
                "window_start": window.0, "window_end": window.1,
                "chosen": chosen, "next_fetch": at(time::Duration::ZERO),
            });
        });
    });
    let started = Instant::now();
    let run = cas.env.run(&[
        "renew",
        "--no-random-delay",
        "--json",
        "--config",
        cas.config.to_str().unwrap(),
    ]);
    let took = started.elapsed();
    run.expect_code(0);
    // One deadline (4 s) for the dead CA, not one per lineage, nor one per retry (3 x 4 s).
    assert!(took < Duration::from_secs(7), "renew took {took:?}");
    assert_eq!(run.json()["result"]["not_due"].as_array().unwrap().len(), 4);

    let status = cas.env.run(&["status", "--json"]);
    status.expect_code(0);
    let certs = status.json()["result"]["certificates"].clone();
    let cert = |name: &str| {
        certs
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()
            .clone()
    };
    for name in DEAD {
        let problem = cert(name)["ari_problem"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            problem.contains("did not answer within 4s"),
            "{name}: {problem:?}"
        );
    }
    assert!(cert(LIVE)["ari_problem"].is_null(), "{}", cert(LIVE));
    // The last window stays, and so does the moment picked in it.
    assert_eq!(state(&cas.env, DEAD[0])["ari"]["chosen"], chosen);
    assert_eq!(cert(DEAD[0])["next_renewal"], chosen);
    let human = cas.env.run(&["status"]);
    assert!(
        human
            .stdout
            .contains("CA window not refreshed: skipped: the CA did not answer within 4s"),
        "{}",
        human.stdout
    );
}

#[test]
fn a_due_renewal_is_not_held_up_by_a_dead_ca() {
    let cas = two_cas(10, live_due);
    let start = SystemTime::now();
    let run = cas.env.run(&[
        "renew",
        "--no-random-delay",
        "--json",
        "--config",
        cas.config.to_str().unwrap(),
    ]);
    run.expect_code(0);
    assert_eq!(run.json()["result"]["renewed"][0]["name"], LIVE);
    let took = SystemTime::now().duration_since(start).unwrap();
    // The dead CA was waited for (the run took its deadline) ...
    assert!(took >= Duration::from_secs(10), "renew took {took:?}");
    // ... but beside the renewal, not before it.
    let stored = stored_after(&cas.env, LIVE, start);
    assert!(stored < Duration::from_secs(5), "stored after {stored:?}");
}

#[test]
fn the_daemon_renews_at_a_healthy_ca_while_another_hangs() {
    let cas = two_cas(12, live_due);
    let start = SystemTime::now();
    let cmd = cas
        .env
        .command(&["daemon", "--config", cas.config.to_str().unwrap()]);
    let daemon = Running::start(cmd);
    wait_for_file(&cas.env.lineage(LIVE).join("versions/2/cert.pem"));
    let stored = stored_after(&cas.env, LIVE, start);
    // The dead CA holds the round for 12 s; the renewal is done long before.
    assert!(stored < Duration::from_secs(6), "stored after {stored:?}");
    daemon.signal(Signal::SIGTERM);
    daemon.finish().expect_code(0);
}
