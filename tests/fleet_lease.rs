//! Exactly one renewer per certificate in a fleet, on a real PostgreSQL and Pebble: three nodes
//! forcing a renewal at once renew each certificate once (the others skip it, cleanly), and a
//! node paused past its lease (SIGSTOP: no heartbeat), whose lease another node took, cannot
//! store its version. The fleet set up here serves `fleet_resume.rs` too.
//!
//! The certificates use a webroot that one real nginx serves to Pebble, so every node answers
//! the challenges of the orders it places. Each node's pre-hook waits for a gate file in that
//! node's home (the hook's `HOME`), which is how the tests hold a node that holds leases.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::fleet::{fleet, fleet_cmd};
use crate::harness::postgres::Postgres;
use crate::harness::{Env, Nginx, Pebble, Run};

/// How long a lease lasts in the tests that let one run out (`CERTKEEP_FLEET_LEASE_SECS`).
pub(crate) const SHORT_LEASE_SECS: &str = "3";

/// The pre-hook every test certificate carries: it says it started, then waits for the node's
/// gate.
const HOLD_AT_GATE: &str =
    "sh -c 'touch \"$HOME/started\"; while ! test -e \"$HOME/gate\"; do sleep 0.05; done'";

/// A fleet of nodes on one database, with node A's account and certificates (`names`) obtained
/// through a webroot nginx serves to Pebble.
pub(crate) struct Fleet {
    pebble: Pebble,
    pub(crate) pg: Postgres,
    _nginx: Nginx,
    webroot: tempfile::TempDir,
    nodes: Vec<(&'static str, Env)>,
}

impl Fleet {
    pub(crate) fn start(nodes: &[&'static str], names: &[&str]) -> Self {
        let pebble = Pebble::start();
        let pg = Postgres::start();
        let webroot = tempfile::tempdir().unwrap();
        let nginx = Nginx::serve(webroot.path(), pebble.http_port);
        let nodes: Vec<(&'static str, Env)> =
            nodes.iter().map(|node| (*node, Env::new())).collect();
        let me = Self {
            pebble,
            pg,
            _nginx: nginx,
            webroot,
            nodes,
        };
        let (first, env) = &me.nodes[0];
        fleet(env, &me.pg, &["fleet", "init"]).expect_code(0);
        let root = me.pebble.tls_root.to_str().unwrap().to_owned();
        me.on(
            first,
            &[
                "account",
                "register",
                "--ca",
                &me.pebble.directory,
                "--ca-root",
                &root,
                "--agree-tos",
            ],
        )
        .expect_code(0);
        for (_, env) in &me.nodes {
            open_gate(env);
        }
        let webroot = me.webroot.path().to_str().unwrap().to_owned();
        for name in names {
            me.on(
                first,
                &[
                    "obtain",
                    "--webroot",
                    &webroot,
                    "-d",
                    name,
                    "--pre-hook",
                    HOLD_AT_GATE,
                    "-q",
                ],
            )
            .expect_code(0);
        }
        for (_, env) in &me.nodes {
            close_gate(env);
        }
        me
    }

    pub(crate) fn env(&self, node: &str) -> &Env {
        &self.nodes.iter().find(|(n, _)| *n == node).unwrap().1
    }

    /// Runs `certkeep ARGS` on `node` and waits for it.
    pub(crate) fn on(&self, node: &str, args: &[&str]) -> Run {
        Run::of(
            fleet_cmd(self.env(node), &self.pg, node, args)
                .output()
                .unwrap(),
        )
    }

    /// `certkeep ARGS` on `node`, its leases lasting [`SHORT_LEASE_SECS`], output piped.
    pub(crate) fn short_lease(&self, node: &str, args: &[&str]) -> Command {
        let mut cmd = fleet_cmd(self.env(node), &self.pg, node, args);
        cmd.env("CERTKEEP_FLEET_LEASE_SECS", SHORT_LEASE_SECS)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Starts `renew --force --json` on `node`.
    pub(crate) fn spawn_forced_renew(&self, node: &str) -> Child {
        fleet_cmd(
            self.env(node),
            &self.pg,
            node,
            &["renew", "--force", "--no-random-delay", "--json"],
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
    }

    /// Waits (with a deadline) until the database's clock is past `instant` (a timestamp it
    /// gave), e.g. a lease's expiry.
    pub(crate) fn wait_past(&self, instant: &str) {
        wait_until(&format!("the database's clock passes {instant}"), || {
            self.pg
                .psql(&format!("SELECT now() > '{instant}'::timestamptz"))
                == "t"
        });
    }

    /// Waits (with a deadline) until the lease of `name` has run out: its expiry, as the
    /// database has it when asked (a beat sent just before a pause may still move it), is past.
    pub(crate) fn wait_lease_out(&self, name: &str) {
        wait_until(&format!("the lease of {name} runs out"), || {
            self.pg.psql(&format!(
                "SELECT expires_at < now() FROM fleet_leases WHERE name = '{name}'"
            )) == "t"
        });
    }

    /// `name:count` of the stored versions of each certificate, by name.
    pub(crate) fn version_counts(&self) -> String {
        self.pg.psql(
            "SELECT string_agg(name || ':' || n, ',' ORDER BY name)
             FROM (SELECT name, count(*) AS n FROM fleet_versions GROUP BY name) AS counts",
        )
    }
}

fn gate(env: &Env) -> PathBuf {
    env.home.path().join("gate")
}

pub(crate) fn started(env: &Env) -> PathBuf {
    env.home.path().join("started")
}

pub(crate) fn open_gate(env: &Env) {
    std::fs::write(gate(env), "").unwrap();
}

fn close_gate(env: &Env) {
    let _ = std::fs::remove_file(gate(env));
    let _ = std::fs::remove_file(started(env));
}

/// Waits (with a deadline) until `ready` holds.
pub(crate) fn wait_until(what: &str, ready: impl FnMut() -> bool) {
    wait_within(Duration::from_secs(60), what, ready);
}

/// Waits until `ready` holds, for `limit` at most.
pub(crate) fn wait_within(limit: Duration, what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub(crate) fn exists(path: &Path) -> bool {
    path.exists()
}

fn names_in(report: &Value, list: &str) -> Vec<String> {
    report[list]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| item["name"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn three_nodes_forcing_a_renewal_at_once_renew_each_certificate_exactly_once() {
    let names = ["one.example.org", "two.example.org", "three.example.org"];
    let fleet = Fleet::start(&["node-a", "node-b", "node-c"], &names);
    assert_eq!(
        fleet.version_counts(),
        "one.example.org:1,three.example.org:1,two.example.org:1"
    );

    let mut running: Vec<(&str, Child)> = fleet
        .nodes
        .iter()
        .map(|(node, _)| (*node, fleet.spawn_forced_renew(node)))
        .collect();
    // Every node plans from the same versions: the ones that claimed a lease wait in their
    // pre-hook, the ones that got none are done, until no node is still planning.
    wait_until("every node claimed or finished", || {
        running.iter_mut().all(|(node, child)| {
            exists(&started(fleet.env(node))) || child.try_wait().unwrap().is_some()
        })
    });
    assert_eq!(
        fleet
            .pg
            .psql("SELECT count(*) FROM fleet_leases WHERE holder IS NOT NULL"),
        "3",
        "each certificate's lease is held while its renewer waits"
    );
    for (_, env) in &fleet.nodes {
        open_gate(env);
    }

    let mut renewed_by: Vec<(String, &str)> = Vec::new();
    for (node, child) in running {
        let run = Run::of(child.wait_with_output().unwrap());
        run.expect_code(0);
        let report = run.json()["result"].clone();
        let renewed = names_in(&report, "renewed");
        let mut seen = renewed.clone();
        seen.extend(names_in(&report, "skipped"));
        seen.sort();
        let mut all: Vec<String> = names.iter().map(ToString::to_string).collect();
        all.sort();
        assert_eq!(
            seen, all,
            "{node} renewed or skipped each certificate: {report}"
        );
        renewed_by.extend(renewed.into_iter().map(|name| (name, node)));
    }
    renewed_by.sort();
    assert_eq!(
        renewed_by
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>(),
        ["one.example.org", "three.example.org", "two.example.org"],
        "each certificate renewed by exactly one node: {renewed_by:?}"
    );
    assert_eq!(
        fleet.version_counts(),
        "one.example.org:2,three.example.org:2,two.example.org:2"
    );
    // Each new version was stored under the lease its node claimed, and the lease let go.
    assert_eq!(
        fleet.pg.psql(
            "SELECT count(*) FROM fleet_versions v JOIN fleet_leases l USING (name)
             WHERE v.version = 2 AND v.fencing = l.fencing AND l.holder IS NULL"
        ),
        "3"
    );
}

#[test]
fn a_node_paused_past_its_lease_that_another_node_took_cannot_store_its_version() {
    let name = "paused.example.org";
    let fleet = Fleet::start(&["node-a", "node-b"], &[name]);

    // Node A claims the certificate and waits in its pre-hook, its lease kept by its heartbeat.
    let paused = fleet
        .short_lease(
            "node-a",
            &["renew", "--force", "--no-random-delay", "--json"],
        )
        .spawn()
        .unwrap();
    wait_until("node A holds the lease", || {
        exists(&started(fleet.env("node-a")))
    });
    assert_eq!(
        fleet
            .pg
            .psql("SELECT holder || ':' || fencing FROM fleet_leases"),
        "node-a:1"
    );
    // While A's lease runs, B leaves the certificate alone and says so; that is no failure.
    open_gate(fleet.env("node-b"));
    let while_held = fleet.on(
        "node-b",
        &["renew", "--force", "--no-random-delay", "--json"],
    );
    while_held.expect_code(0);
    let skipped = &while_held.json()["result"]["skipped"][0];
    assert_eq!(skipped["name"], name);
    assert!(
        skipped["reason"]
            .as_str()
            .unwrap()
            .contains("node 'node-a' holds its renewal lease"),
        "{skipped}"
    );

    // A is paused (SIGSTOP: no heartbeat either) past its lease's expiry; B takes the lease
    // over and renews.
    signal(&paused, "STOP");
    fleet.wait_lease_out(name);
    let taken_over = fleet.on(
        "node-b",
        &["renew", "--force", "--no-random-delay", "--json"],
    );
    taken_over.expect_code(0);
    assert_eq!(taken_over.json()["result"]["renewed"][0]["name"], name);

    // A resumes: the CA issues its certificate, but the fleet refuses to store it.
    signal(&paused, "CONT");
    open_gate(fleet.env("node-a"));
    let refused = Run::of(paused.wait_with_output().unwrap());
    assert_ne!(refused.code, 0, "{}", refused.stdout);
    let failed = &refused.json()["result"]["failed"][0];
    assert_eq!(failed["name"], name);
    assert!(
        failed["message"]
            .as_str()
            .unwrap()
            .contains("the renewal lease on 'paused.example.org' was taken over by another node (this node's fencing token 1, the lease's now 2)"),
        "{failed}"
    );
    // One new version: B's, stored under B's token.
    assert_eq!(
        fleet.pg.psql(
            "SELECT string_agg(version || ':' || node || ':' || coalesce(fencing::text, '-'), ','
             ORDER BY version) FROM fleet_versions"
        ),
        "1:node-a:-,2:node-b:2"
    );
    let current = |node: &str| {
        std::fs::read_to_string(fleet.env(node).lineage(name).join("current/cert.pem")).unwrap()
    };
    let stored = |version: u32| {
        fleet.pg.psql(&format!(
            "SELECT cert_pem FROM fleet_versions WHERE version = {version}"
        ))
    };
    assert_eq!(
        current("node-a").trim(),
        stored(1).trim(),
        "node A's refused certificate did not become its local current one either"
    );
    assert_eq!(current("node-b").trim(), stored(2).trim());
}

/// Sends `SIG` (e.g. `STOP`, `CONT`) to `child`.
pub(crate) fn signal(child: &Child, sig: &str) {
    let sent = Command::new("kill")
        .args([&format!("-{sig}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -{sig}");
}
