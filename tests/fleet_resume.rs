//! Orders in a fleet outlive the node that placed them, and a slow order keeps its
//! certificate, on a real PostgreSQL and Pebble: a node killed (abort, as SIGKILL would) right
//! after the CA created its order leaves the order in the database's journal, and once its
//! lease runs out another node resumes that same order and stores the one new version; a node
//! whose order is held up longer than its lease keeps the lease by its heartbeat, so no other
//! node takes the certificate while it is alive; the journal of the lease's holder is fenced:
//! neither a node paused past its lease nor a command on another node writes over it or clears
//! it.

use serde_json::Value;

use crate::fleet::fleet_cmd;
use crate::fleet_lease::{Fleet, open_gate, signal, started, wait_until};
use crate::harness::Run;

/// The stored versions as `version:node:fencing`, in order.
fn versions(fleet: &Fleet) -> String {
    fleet.pg.psql(
        "SELECT string_agg(version || ':' || node || ':' || coalesce(fencing::text, '-'), ','
         ORDER BY version) FROM fleet_versions",
    )
}

#[test]
fn a_node_killed_mid_order_leaves_its_order_to_the_next_holder_which_finishes_it() {
    let name = "resumed.example.org";
    let fleet = Fleet::start(&["node-a", "node-b"], &[name]);

    // Node A claims the certificate, orders, journals the order, and dies on the spot.
    open_gate(fleet.env("node-a"));
    let killed = Run::of(
        fleet
            .short_lease(
                "node-a",
                &["renew", "--force", "--no-random-delay", "--json"],
            )
            .env("CERTKEEP_FAILPOINT", "after-order")
            .output()
            .unwrap(),
    );
    assert_ne!(killed.code, 0, "the failpoint did not stop node A");
    let journal = fleet
        .pg
        .psql("SELECT node || ' ' || (entry->>'order_url') FROM fleet_journal");
    let order_url = journal
        .strip_prefix("node-a ")
        .unwrap_or_else(|| panic!("node A's order is not journaled: {journal:?}"))
        .to_owned();
    assert!(order_url.starts_with("https://"), "{order_url}");
    assert_eq!(
        fleet
            .pg
            .psql("SELECT holder || ':' || fencing FROM fleet_leases"),
        "node-a:1",
        "the dead node's lease stays until it runs out"
    );

    // Its lease runs out (nobody beats for it); node B's plain renew finds the journaled order
    // due, takes the lease and finishes that order.
    fleet.wait_lease_out(name);
    open_gate(fleet.env("node-b"));
    let resumed = fleet.on("node-b", &["renew", "--no-random-delay", "--json"]);
    resumed.expect_code(0);
    let renewed: &Value = &resumed.json()["result"]["renewed"][0];
    assert_eq!(renewed["name"], name, "{}", resumed.stdout);
    assert_eq!(renewed["version"], 2, "{}", resumed.stdout);
    let stored = fleet
        .pg
        .psql("SELECT record->>'order_url' FROM fleet_versions WHERE version = 2");
    assert_eq!(stored, order_url, "node B finished node A's order");
    assert_eq!(
        versions(&fleet),
        "1:node-a:-,2:node-b:2",
        "one new version, stored under node B's lease"
    );
    assert_eq!(
        fleet.pg.psql("SELECT count(*) FROM fleet_journal"),
        "0",
        "the journal is cleared once the order is stored"
    );
}

#[test]
fn a_node_whose_order_outlasts_its_lease_keeps_the_certificate_while_it_is_alive() {
    let name = "slow.example.org";
    let fleet = Fleet::start(&["node-a", "node-b"], &[name]);

    // Node A claims the certificate and is held up in its pre-hook, past its first expiry.
    let slow = fleet
        .short_lease(
            "node-a",
            &["renew", "--force", "--no-random-delay", "--json"],
        )
        .spawn()
        .unwrap();
    wait_until("node A holds the lease", || {
        started(fleet.env("node-a")).exists()
    });
    let first_expiry = fleet.pg.psql("SELECT expires_at FROM fleet_leases");
    fleet.wait_past(&first_expiry);

    // Its heartbeat extended the lease: node B, forcing a renewal, leaves the certificate alone.
    open_gate(fleet.env("node-b"));
    let meanwhile = Run::of(
        fleet
            .short_lease(
                "node-b",
                &["renew", "--force", "--no-random-delay", "--json"],
            )
            .output()
            .unwrap(),
    );
    meanwhile.expect_code(0);
    let skipped = &meanwhile.json()["result"]["skipped"][0];
    assert_eq!(skipped["name"], name, "{}", meanwhile.stdout);
    assert!(
        skipped["reason"]
            .as_str()
            .unwrap()
            .contains("node 'node-a' holds its renewal lease"),
        "{skipped}"
    );

    // A's order goes on and is stored under the token it claimed.
    open_gate(fleet.env("node-a"));
    let done = Run::of(slow.wait_with_output().unwrap());
    done.expect_code(0);
    assert_eq!(done.json()["result"]["renewed"][0]["name"], name);
    assert_eq!(versions(&fleet), "1:node-a:-,2:node-a:1");
    assert_eq!(
        fleet
            .pg
            .psql("SELECT coalesce(holder, '-') || ':' || fencing FROM fleet_leases"),
        "-:1",
        "storing the version let go of the lease"
    );
}

#[test]
fn the_journal_of_the_lease_holder_is_neither_overwritten_nor_cleared_by_a_node_without_the_lease()
{
    let name = "fenced.example.org";
    let fleet = Fleet::start(&["node-a", "node-b", "node-c"], &[name]);
    let journal = || {
        fleet
            .pg
            .psql("SELECT node || ' ' || (entry->>'order_url') FROM fleet_journal")
    };

    // Node A claims the certificate, waits in its pre-hook, and is paused (SIGSTOP: no
    // heartbeat) past its lease.
    let paused = fleet
        .short_lease(
            "node-a",
            &["renew", "--force", "--no-random-delay", "--json"],
        )
        .spawn()
        .unwrap();
    wait_until("node A holds the lease", || {
        started(fleet.env("node-a")).exists()
    });
    signal(&paused, "STOP");
    fleet.wait_lease_out(name);

    // Node B takes the lease over (a full lease: it stays live), orders, journals its order and
    // dies on the spot, leaving that order for whoever holds the lease next.
    open_gate(fleet.env("node-b"));
    let killed = Run::of(
        fleet_cmd(
            fleet.env("node-b"),
            &fleet.pg,
            "node-b",
            &["renew", "--force", "--no-random-delay", "--json"],
        )
        .env("CERTKEEP_FAILPOINT", "after-order")
        .output()
        .unwrap(),
    );
    assert_ne!(killed.code, 0, "the failpoint did not stop node B");
    let left_by_b = journal();
    assert!(
        left_by_b.starts_with("node-b https://"),
        "node B's order is not journaled: {left_by_b:?}"
    );
    assert_eq!(
        fleet
            .pg
            .psql("SELECT holder || ':' || fencing FROM fleet_leases"),
        "node-b:2"
    );

    // Node C, holding no lease, changes the key type: that would clear the journal (a key of
    // the old type must not be resumed); node B's live lease refuses it.
    let edit = fleet.on("node-c", &["edit", name, "--key-type", "ec-p384"]);
    assert_ne!(edit.code, 0, "{}", edit.stdout);
    assert!(
        edit.stderr
            .contains("node 'node-b' holds the renewal lease on 'fenced.example.org'"),
        "{}",
        edit.stderr
    );
    assert_eq!(journal(), left_by_b, "node C cleared node B's journal");
    // Node C's revoke takes the lease first, as a renewal does: node B holds it, so nothing is
    // sent to the CA (B's renewal would store its replacement over a revocation).
    let revoke = fleet.on("node-c", &["revoke", name, "--json"]);
    assert_eq!(revoke.code, 4, "{}\n{}", revoke.stdout, revoke.stderr);
    let error = &revoke.json()["error"];
    let (message, hint) = (
        error["message"].as_str().unwrap(),
        error["hint"].as_str().unwrap(),
    );
    assert!(
        message.contains("node 'node-b' is renewing it right now")
            && message.contains("nothing was sent to the CA")
            && hint.contains("'certkeep revoke' again once that renewal is over"),
        "{error}"
    );
    assert_eq!(
        journal(),
        left_by_b,
        "node C's revoke cleared node B's journal"
    );

    // Node A resumes with its old token: its journal write is refused, as its version would be.
    signal(&paused, "CONT");
    open_gate(fleet.env("node-a"));
    let refused = Run::of(paused.wait_with_output().unwrap());
    assert_ne!(refused.code, 0, "{}", refused.stdout);
    let failed = &refused.json()["result"]["failed"][0];
    assert_eq!(failed["name"], name);
    assert!(
        failed["message"].as_str().unwrap().contains(
            "the renewal lease on 'fenced.example.org' was taken over by another node (this node's fencing token 1, the lease's now 2)"
        ),
        "{failed}"
    );
    assert_eq!(journal(), left_by_b, "node A wrote over node B's journal");
    assert_eq!(versions(&fleet), "1:node-a:-", "nothing was stored");
    // Nor its stale copy of the state: the lease moving on is no failure to back off from.
    assert_eq!(
        fleet.pg.psql(&format!(
            "SELECT coalesce(state->'failures'->>'count', '0') || ' ' || coalesce(state->'failures'->>'last_error', '-')
             FROM fleet_certs WHERE name = '{name}'"
        )),
        "0 -"
    );
}
