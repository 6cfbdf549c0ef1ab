//! Account key changes in a fleet: a node does not start one while another node's is under way,
//! and the key a change is about to ask the CA for is in the fleet database before the request
//! goes out, so a node that dies (with its disk) after the CA switched leaves the change to the
//! next node instead of losing the account.

use crate::account_key_move::{
    RSA_PKCS1, account_of, lego_ca, lego_dir, old_client, pebble, stored_account,
};
use crate::fleet::fleet_cmd;
use crate::fleet_lease::{SHORT_LEASE_SECS, wait_until};
use crate::harness::postgres::Postgres;
use crate::harness::{Env, Run, free_port};

/// A session of the fleet database as the superuser, for the test to hold a lock with.
fn superuser_session(
    pg: &crate::harness::postgres::Postgres,
    runtime: &tokio::runtime::Runtime,
) -> tokio_postgres::Client {
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::Config::new()
            .host_path(pg.dir.path())
            .port(pg.port)
            .user("postgres")
            .dbname(crate::harness::postgres::DATABASE)
            .connect(tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        client
    })
}

#[test]
fn a_fleet_node_does_not_move_an_account_key_while_another_node_moves_it() {
    let pebble = pebble();
    let lego = lego_ca(&pebble);
    let pg = crate::harness::postgres::Postgres::start();
    let name = "fleet-move.example.net";
    let old = old_client(&lego.directory, &pebble, RSA_PKCS1, name);
    let state = lego_dir(&lego.host_port, &old, RSA_PKCS1, name);
    let env = Env::new();
    let on = |args: &[&str]| {
        Run::of(
            crate::fleet::fleet_cmd(&env, &pg, "node-a", args)
                .output()
                .unwrap(),
        )
    };
    on(&["fleet", "init"]).expect_code(0);
    on(&["import", "lego", state.path().to_str().unwrap()]).expect_code(0);
    let listen = format!("127.0.0.1:{}", free_port());
    on(&["edit", name, "--listen", &listen]).expect_code(0);
    let root = pebble.tls_root.to_str().unwrap();
    let renew = ["--ca-root", root, "renew", "--force", "--no-random-delay"];

    // Another node's move holds the account's lock in the fleet database (the lock class is
    // certkeep's "kmov").
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let other_node = superuser_session(&pg, &runtime);
    let row = format!("account/{}/lego", lego.directory);
    let taken: bool = runtime
        .block_on(other_node.query_one(
            "SELECT pg_try_advisory_lock(1802334070, hashtext($1))",
            &[&row],
        ))
        .unwrap()
        .get(0);
    assert!(taken);
    let run = on(&renew);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("another fleet node is moving the key of the account 'lego' right now"),
        "{}",
        run.stderr
    );
    assert_eq!(lego.proxy.count("POST", "/rollover-account-key"), 0);

    // That node's move is over: this node moves the key.
    runtime
        .block_on(other_node.execute(
            "SELECT pg_advisory_unlock(1802334070, hashtext($1))",
            &[&row],
        ))
        .unwrap();
    on(&renew).expect_code(0);
    assert_eq!(lego.proxy.count_ok("POST", "/rollover-account-key"), 1);
    assert_eq!(
        account_of(&lego.directory, &pebble, RSA_PKCS1.as_bytes()),
        None
    );
}

#[test]
fn a_key_change_whose_node_died_after_the_ca_switched_is_finished_by_another_node() {
    let pebble = pebble();
    let lego = lego_ca(&pebble);
    let pg = Postgres::start();
    let name = "fleet-crash.example.net";
    let old = old_client(&lego.directory, &pebble, RSA_PKCS1, name);
    let state = lego_dir(&lego.host_port, &old, RSA_PKCS1, name);
    let on = |env: &Env, node: &str, args: &[&str], failpoint: Option<&str>| {
        let mut cmd = fleet_cmd(env, &pg, node, args);
        // A dead node's lease runs out in seconds, not minutes.
        cmd.env("CERTKEEP_FLEET_LEASE_SECS", SHORT_LEASE_SECS);
        if let Some(point) = failpoint {
            cmd.env("CERTKEEP_FAILPOINT", point);
        }
        Run::of(cmd.output().unwrap())
    };
    let node_a = Env::new();
    on(&node_a, "node-a", &["fleet", "init"], None).expect_code(0);
    on(
        &node_a,
        "node-a",
        &["import", "lego", state.path().to_str().unwrap()],
        None,
    )
    .expect_code(0);
    let listen = format!("127.0.0.1:{}", free_port());
    on(
        &node_a,
        "node-a",
        &["edit", name, "--listen", &listen],
        None,
    )
    .expect_code(0);
    let root = pebble.tls_root.to_str().unwrap();
    let renew = ["--ca-root", root, "renew", "--force", "--no-random-delay"];
    let pending =
        || pg.psql("SELECT count(*) FROM fleet_accounts WHERE pending_key_sealed IS NOT NULL");

    // Node A dies after the CA switched the account to the new key, before recording it.
    let [_, after] = certkeep::failpoint::KEY_CHANGE_POINTS else {
        panic!("two key change points")
    };
    let died = on(&node_a, "node-a", &renew, Some(after));
    assert_ne!(died.code, 0, "the failpoint did not stop node A");
    assert_eq!(lego.proxy.count_ok("POST", "/rollover-account-key"), 1);
    assert_eq!(
        account_of(&lego.directory, &pebble, RSA_PKCS1.as_bytes()),
        None,
        "the CA no longer takes the old key"
    );
    assert_eq!(pending(), "1", "the new key is in the fleet, sealed");
    // Its disk is gone with it, and its lease runs out.
    drop(node_a);
    wait_until("node A's lease runs out", || {
        pg.psql(&format!(
            "SELECT expires_at < now() FROM fleet_leases WHERE name = '{name}'"
        )) == "t"
    });

    // Node B never saw the new key: it takes it from the fleet and records the switch.
    let node_b = Env::new();
    let run = on(&node_b, "node-b", &renew, None);
    run.expect_code(0);
    let (_, record, key) = stored_account(&node_b);
    assert_eq!(record["url"], old.account.as_str(), "the same account");
    assert_eq!(record["key_type"], "ec-p256", "{record:#}");
    assert_eq!(
        account_of(&lego.directory, &pebble, &key).as_deref(),
        Some(old.account.as_str()),
        "the CA knows the account by the key node B stored"
    );
    assert_eq!(
        lego.proxy.count_ok("POST", "/rollover-account-key"),
        1,
        "no second key change"
    );
    assert_eq!(pending(), "0", "the pending key is forgotten once recorded");
    assert!(node_b.lineage(name).join("versions/2/cert.pem").exists());
}
