//! Orders in a fleet outlive the node that placed them, and a slow order keeps its
//! certificate, on a real PostgreSQL and Pebble: a node killed (abort, as SIGKILL would) right
//! after the CA created its order leaves the order in the database's journal, and once its
//! lease runs out another node resumes that same order and stores the one new version; a node
//! whose order is held up longer than its lease keeps the lease by its heartbeat, so no other
//! node takes the certificate while it is alive.

use serde_json::Value;

use crate::fleet_lease::{Fleet, open_gate, started, wait_until};
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
