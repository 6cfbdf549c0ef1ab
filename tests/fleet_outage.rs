//! The fleet database down never takes a host's certificates away: a running daemon whose
//! database is stopped (`pg_ctl stop`, a real PostgreSQL) keeps the local files, pauses renewal
//! and says why in `status`, retries by itself, and renews again once the database is back
//! (here it finishes an order a killed run left in the journal, which makes the certificate
//! due whatever the CA's renewal window says).

use std::process::{Child, Stdio};
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::fleet_lease::{Fleet, open_gate, signal, wait_until, wait_within};

/// `status --json`'s `daemon` object (the contract: no field more, none less).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "the fields are there to be checked by deserializing"
)]
struct DaemonMirror {
    pid: u32,
    started: String,
    last_wake: String,
    next_wake: Option<String>,
    state: String,
    last_round: String,
    paused: Option<String>,
}

/// A daemon that is stopped (SIGTERM, then waited for) when the test ends, whatever happens.
struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        signal(&self.0, "TERM");
        let _ = self.0.wait();
    }
}

/// The daemon as `status --json` on `node` shows it, once `status` succeeds and has one.
fn daemon_status(fleet: &Fleet, node: &str) -> Option<DaemonMirror> {
    let run = fleet.on(node, &["status", "--json"]);
    if run.code != 0 {
        return None;
    }
    let daemon: Value = run.json()["result"]["daemon"].clone();
    (!daemon.is_null()).then(|| serde_json::from_value(daemon).unwrap())
}

#[test]
fn the_database_down_under_a_running_daemon_pauses_renewal_until_it_is_back() {
    let name = "outage.example.org";
    let fleet = Fleet::start(&["node-a"], &[name]);
    let env = fleet.env("node-a");
    open_gate(env);
    let responder = crate::harness::free_port();
    let log = std::fs::File::create(env.home.path().join("daemon.log")).unwrap();
    let daemon = Daemon(
        crate::fleet::fleet_cmd(
            env,
            &fleet.pg,
            "node-a",
            &["daemon", "--http-listen", &format!("127.0.0.1:{responder}")],
        )
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap(),
    );
    let log = env.home.path().join("daemon.log");
    wait_until("the daemon ran a round", || {
        daemon_status(&fleet, "node-a").is_some_and(|d| d.state == "running" && d.paused.is_none())
    });

    // A renewal run beside the daemon is killed right after the CA created its order: the
    // certificate is due (its order is to be finished) at the daemon's next round.
    let killed = fleet
        .short_lease("node-a", &["renew", "--force", "--no-random-delay", "-q"])
        .env("CERTKEEP_FAILPOINT", "after-order")
        .output()
        .unwrap();
    assert!(
        !killed.status.success(),
        "the failpoint did not stop the run"
    );
    let order_url = fleet
        .pg
        .psql("SELECT entry->>'order_url' FROM fleet_journal");
    assert!(order_url.starts_with("https://"), "{order_url:?}");

    // The database goes away under the daemon; SIGHUP makes it look at once.
    let versions = |fleet: &Fleet| -> u32 {
        fleet
            .pg
            .psql("SELECT count(*) FROM fleet_versions")
            .parse()
            .unwrap()
    };
    assert_eq!(versions(&fleet), 1);
    fleet.pg.stop();
    signal(&daemon.0, "HUP");
    let mut paused = None;
    wait_until("status says renewal is paused", || {
        paused = daemon_status(&fleet, "node-a").and_then(|d| d.paused);
        paused.is_some()
    });
    // The http-01 responder's own connection says so in the daemon's log too.
    wait_until("the responder logs that it lost the database", || {
        std::fs::read_to_string(&log)
            .is_ok_and(|text| text.contains("the http-01 responder lost the fleet database"))
    });
    let why = paused.unwrap_or_default();
    assert!(
        why.contains("could not connect to the fleet database"),
        "{why}"
    );
    let human = fleet.on("node-a", &["status"]);
    human.expect_code(0);
    assert!(
        human.stdout.contains("renewal paused: could not connect"),
        "{}",
        human.stdout
    );
    // The host's certificate and key are still there, whole.
    let current = env.lineage(name).join("current");
    for (file, begins) in [
        ("fullchain.pem", "-----BEGIN CERTIFICATE-----"),
        ("privkey.pem", "-----BEGIN PRIVATE KEY"),
    ] {
        let text = std::fs::read_to_string(current.join(file)).unwrap();
        assert!(text.starts_with(begins), "{file}: {text}");
    }

    // The database comes back: the daemon resumes by itself (its next try) and finishes the
    // journaled order.
    fleet.pg.restart();
    wait_within(
        Duration::from_secs(180),
        "the daemon resumes and renews",
        || versions(&fleet) == 2,
    );
    assert_eq!(
        fleet
            .pg
            .psql("SELECT record->>'order_url' FROM fleet_versions WHERE version = 2"),
        order_url,
        "{}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    wait_until("status says renewal runs again", || {
        daemon_status(&fleet, "node-a").is_some_and(|d| d.paused.is_none())
    });
    assert_eq!(
        fleet
            .pg
            .psql("SELECT coalesce(paused_reason, '-') FROM fleet_nodes WHERE node = 'node-a'"),
        "-"
    );
}
