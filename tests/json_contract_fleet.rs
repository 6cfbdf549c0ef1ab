//! The `certkeep/v1` JSON documents of `fleet init`, `fleet push` and `fleet status` against a
//! real PostgreSQL, success and failure: strict mirrors as in `json_contract_all.rs` (kept in a
//! file of their own, as `json_contract_install.rs` is, so each stays under 600 lines).

use serde::{Deserialize, Serialize};

use crate::fleet::{fleet, fleet_cmd};
use crate::harness::postgres::Postgres;
use crate::harness::{Env, Pebble, Run};
use crate::json_contract::is_rfc3339_utc;
use crate::json_contract_all::{document, failure, strict};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FleetInitDoc {
    database: String,
    schema_from: i32,
    schema_to: i32,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FleetPushDoc {
    database: String,
    node: String,
    accounts: usize,
    certificates: usize,
    versions: usize,
    journals: usize,
    skipped: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FleetStatusDoc {
    database: String,
    schema_version: i32,
    nodes: Vec<FleetNodeDoc>,
    leases: Vec<FleetLeaseDoc>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FleetNodeDoc {
    node: String,
    certkeep_version: String,
    first_seen: String,
    last_seen: String,
    paused_reason: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FleetLeaseDoc {
    name: String,
    current_version: Option<i32>,
    holder: Option<String>,
    expires_at: Option<String>,
    fencing: i64,
}

#[test]
fn every_fleet_command_follows_the_v1_contract() {
    let pebble = Pebble::start();
    let pg = Postgres::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", "contract.example.org", "-q"])
        .expect_code(0);

    failure(
        &fleet(&env, &pg, &["fleet", "status", "--json"]),
        "fleet status",
        2,
    );
    failure(
        &fleet(&env, &pg, &["fleet", "push", "--json"]),
        "fleet push",
        2,
    );
    failure(&env.run(&["fleet", "init", "--json"]), "fleet init", 2);

    let doc = document(
        &fleet(&env, &pg, &["fleet", "init", "--json"]),
        "fleet init",
        0,
    );
    let init: FleetInitDoc = strict(&doc.result);
    assert_eq!((init.schema_from, init.schema_to), (0, 3));
    assert_eq!(init.database, format!("localhost:{}/certkeep", pg.port));

    let push = Run::of(
        fleet_cmd(&env, &pg, "node-a", &["fleet", "push", "--json"])
            .output()
            .unwrap(),
    );
    let doc = document(&push, "fleet push", 0);
    let pushed: FleetPushDoc = strict(&doc.result);
    assert_eq!(
        (
            pushed.accounts,
            pushed.certificates,
            pushed.versions,
            pushed.journals
        ),
        (1, 1, 1, 0)
    );
    assert_eq!(pushed.node, "node-a");
    assert!(pushed.skipped.is_empty());

    let doc = document(
        &fleet(&env, &pg, &["fleet", "status", "--json"]),
        "fleet status",
        0,
    );
    let status: FleetStatusDoc = strict(&doc.result);
    assert_eq!(status.schema_version, 3);
    assert_eq!(status.nodes.len(), 1);
    assert!(is_rfc3339_utc(&status.nodes[0].last_seen));
    assert_eq!(status.nodes[0].paused_reason, None);
    assert_eq!(status.leases.len(), 1);
    assert_eq!(status.leases[0].name, "contract.example.org");
    assert_eq!(status.leases[0].current_version, Some(1));
}
