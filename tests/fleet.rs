//! The fleet on a real PostgreSQL: `fleet init` (idempotent, a newer schema refused), the
//! connection (verified TLS, the password from the passfile or a secret reference, never from
//! the URL, never in any output), `fleet push` (the local store uploaded, private keys sealed)
//! and `fleet status`.

use std::process::Command;

use crate::harness::postgres::{PASSWORD, Postgres};
use crate::harness::{Env, Pebble, Run};

/// A fleet key (32 bytes, base64) for tests.
pub(crate) const FLEET_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// `certkeep --fleet URL --fleet-node NODE ARGS` with the passfile and the fleet key in the
/// environment, as a node's unit file would set them.
pub(crate) fn fleet_cmd(env: &Env, pg: &Postgres, node: &str, args: &[&str]) -> Command {
    let url = pg.url();
    let mut full = vec![
        "--fleet",
        url.as_str(),
        "--fleet-node",
        node,
        "--fleet-key",
        "env:FLEET_KEY",
    ];
    full.extend_from_slice(args);
    let mut cmd = env.command(&full);
    cmd.env("PGPASSFILE", pg.passfile(env.home.path()))
        .env("FLEET_KEY", FLEET_KEY);
    cmd
}

/// Runs [`fleet_cmd`].
pub(crate) fn fleet(env: &Env, pg: &Postgres, args: &[&str]) -> Run {
    Run::of(fleet_cmd(env, pg, "node-a", args).output().unwrap())
}

/// Asserts that no output of `run` shows the database password.
#[track_caller]
fn no_password(run: &Run) {
    assert!(
        !run.stdout.contains(PASSWORD) && !run.stderr.contains(PASSWORD),
        "the password leaked:\n{}\n{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn fleet_init_creates_the_schema_once_and_says_so() {
    let pg = Postgres::start();
    let env = Env::new();
    let first = fleet(&env, &pg, &["fleet", "init"]);
    first.expect_code(0);
    assert!(
        first
            .stdout
            .contains("Created the certkeep schema (version 3)"),
        "{}",
        first.stdout
    );
    let again = fleet(&env, &pg, &["fleet", "init"]);
    again.expect_code(0);
    assert!(
        again.stdout.contains("already at schema version 3"),
        "{}",
        again.stdout
    );
    assert_eq!(
        pg.psql("SELECT string_agg(version::text, ',' ORDER BY version) FROM certkeep_schema"),
        "1,2,3"
    );
    no_password(&first);
}

#[test]
fn a_fleet_command_before_init_and_an_older_certkeep_on_a_newer_schema_are_refused() {
    let pg = Postgres::start();
    let env = Env::new();
    let before = fleet(&env, &pg, &["fleet", "status"]);
    before.expect_code(2);
    assert!(
        before.stderr.contains("has no certkeep schema"),
        "{}",
        before.stderr
    );
    assert!(before.stderr.contains("fleet init"), "{}", before.stderr);

    fleet(&env, &pg, &["fleet", "init"]).expect_code(0);
    pg.psql("INSERT INTO certkeep_schema (version) VALUES (4)");
    for args in [
        &["fleet", "status"][..],
        &["fleet", "init"],
        &["fleet", "push"],
    ] {
        let run = fleet(&env, &pg, args);
        run.expect_code(2);
        assert!(
            run.stderr
                .contains("schema is version 4, newer than the version 3"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("upgrade certkeep"), "{}", run.stderr);
    }
}

#[test]
fn a_database_at_schema_1_is_refused_until_fleet_init_upgrades_it_to_notify_challenges_and_share_pending_keys()
 {
    let pg = Postgres::start();
    let env = Env::new();
    fleet(&env, &pg, &["fleet", "init"]).expect_code(0);
    // Back to what the previous certkeep made: migration 1 only.
    pg.psql(
        "DROP TRIGGER fleet_challenges_changed ON fleet_challenges;
         DROP FUNCTION fleet_challenges_changed();
         DROP INDEX fleet_challenges_expiry;
         ALTER TABLE fleet_accounts DROP COLUMN pending_key_sealed;
         DELETE FROM certkeep_schema WHERE version > 1",
    );
    let older = fleet(&env, &pg, &["fleet", "status"]);
    older.expect_code(2);
    assert!(
        older
            .stderr
            .contains("schema is version 1, older than the version 3"),
        "{}",
        older.stderr
    );
    assert!(older.stderr.contains("fleet init"), "{}", older.stderr);
    let upgrade = fleet(&env, &pg, &["fleet", "init"]);
    upgrade.expect_code(0);
    assert!(
        upgrade.stdout.contains("from schema version 1 to 3"),
        "{}",
        upgrade.stdout
    );
    assert_eq!(
        pg.psql("SELECT count(*) FROM pg_trigger WHERE tgname = 'fleet_challenges_changed'"),
        "1"
    );
    assert_eq!(
        pg.psql(
            "SELECT count(*) FROM information_schema.columns
             WHERE table_name = 'fleet_accounts' AND column_name = 'pending_key_sealed'"
        ),
        "1"
    );
    fleet(&env, &pg, &["fleet", "status"]).expect_code(0);
}

#[test]
fn a_password_in_the_fleet_url_is_refused_and_never_shown() {
    let env = Env::new();
    let url = "postgresql://certkeep:hunter2-secret@localhost:1/certkeep";
    for json in [false, true] {
        let mut args = vec!["--fleet", url, "fleet", "status"];
        if json {
            args.push("--json");
        }
        let run = env.run(&args);
        run.expect_code(2);
        assert!(!run.stdout.contains("hunter2") && !run.stderr.contains("hunter2"));
        let said = if json { &run.stdout } else { &run.stderr };
        assert!(said.contains("password"), "{said}");
        assert!(
            said.contains(".pgpass"),
            "the help line says where the password goes: {said}"
        );
    }
}

#[test]
fn the_password_comes_from_a_secret_reference_and_a_wrong_one_fails_without_showing_it() {
    let pg = Postgres::start();
    let env = Env::new();
    let url = pg.url();
    let with_password = |value: &str| {
        let run = env
            .command(&[
                "--fleet",
                &url,
                "--fleet-password",
                "env:DB_PASSWORD",
                "fleet",
                "init",
            ])
            .env("DB_PASSWORD", value)
            .output()
            .unwrap();
        Run::of(run)
    };
    let ok = with_password(PASSWORD);
    ok.expect_code(0);
    no_password(&ok);
    let wrong = with_password("not-the-password-91");
    wrong.expect_code(4);
    assert!(
        wrong
            .stderr
            .contains("could not connect to the fleet database"),
        "{}",
        wrong.stderr
    );
    assert!(
        !wrong.stderr.contains("not-the-password-91"),
        "{}",
        wrong.stderr
    );
    // No passfile and no reference: certkeep says where a password goes.
    let none = env.run(&["--fleet", &url, "fleet", "init"]);
    none.expect_code(2);
    assert!(
        none.stderr
            .contains("no password for the fleet database role 'certkeep'"),
        "{}",
        none.stderr
    );
    // A value instead of a reference would show in the process list.
    let raw = env.run(&[
        "--fleet",
        &url,
        "--fleet-password",
        PASSWORD,
        "fleet",
        "init",
    ]);
    raw.expect_code(2);
    no_password(&raw);
}

#[test]
fn tls_to_the_database_is_verified_against_the_named_root() {
    let pg = Postgres::start();
    let env = Env::new();
    // A root other than the one that signed the server's certificate.
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let other_root = env.home.path().join("other-root.pem");
    std::fs::write(&other_root, params.self_signed(&key).unwrap().pem()).unwrap();
    let url = format!(
        "postgresql://certkeep@localhost:{}/certkeep?sslmode=verify-full&sslrootcert={}",
        pg.port,
        other_root.display()
    );
    let run = Run::of(
        env.command(&["--fleet", &url, "fleet", "init"])
            .env("PGPASSFILE", pg.passfile(env.home.path()))
            .output()
            .unwrap(),
    );
    run.expect_code(4);
    assert!(run.stderr.contains("could not connect"), "{}", run.stderr);
    assert_eq!(
        pg.psql("SELECT to_regclass('certkeep_schema') IS NULL"),
        "t"
    );
    // The right root: the same command connects.
    fleet(&env, &pg, &["fleet", "init"]).expect_code(0);
}

#[test]
fn fleet_push_uploads_the_local_store_with_keys_sealed_and_status_shows_the_node() {
    let pebble = Pebble::start();
    let pg = Postgres::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", "shop.example.org", "-q"])
        .expect_code(0);
    fleet(&env, &pg, &["fleet", "init"]).expect_code(0);

    // Without the fleet key nothing is uploaded: keys are never stored in the clear.
    let keyless_key = Run::of(
        env.command(&["--fleet", &pg.url(), "fleet", "push"])
            .env("PGPASSFILE", pg.passfile(env.home.path()))
            .output()
            .unwrap(),
    );
    keyless_key.expect_code(2);
    assert!(
        keyless_key.stderr.contains("no fleet key"),
        "{}",
        keyless_key.stderr
    );
    assert_eq!(pg.psql("SELECT count(*) FROM fleet_certs"), "0");

    let push = Run::of(
        fleet_cmd(&env, &pg, "node-a", &["fleet", "push"])
            .output()
            .unwrap(),
    );
    push.expect_code(0);
    assert!(
        push.stdout
            .contains("1 account(s), 1 certificate(s), 1 version(s)"),
        "{}",
        push.stdout
    );

    let local_cert =
        std::fs::read_to_string(env.lineage("shop.example.org").join("current/cert.pem")).unwrap();
    let local_key =
        std::fs::read_to_string(env.lineage("shop.example.org").join("current/privkey.pem"))
            .unwrap();
    let stored = pg.psql("SELECT cert_pem FROM fleet_versions WHERE name = 'shop.example.org'");
    assert_eq!(stored.trim(), local_cert.trim());
    // The sealed keys hold no PEM and no base64 line of the key.
    let sealed = pg.psql(
        "SELECT encode(key_sealed, 'escape') FROM fleet_versions UNION ALL
         SELECT encode(key_sealed, 'escape') FROM fleet_accounts",
    );
    assert!(!sealed.contains("PRIVATE KEY"), "{sealed}");
    let key_line = local_key.lines().nth(1).unwrap();
    assert!(!sealed.contains(key_line));
    assert_eq!(pg.psql("SELECT count(*) FROM fleet_accounts"), "1");
    // The CA's root goes along, so other nodes can reach the CA the account belongs to.
    assert_eq!(pg.psql("SELECT count(*) FROM fleet_ca_roots"), "1");
    assert_eq!(
        pg.psql("SELECT current_version FROM fleet_certs WHERE name = 'shop.example.org'"),
        "1"
    );

    let status = fleet(&env, &pg, &["fleet", "status"]);
    status.expect_code(0);
    assert!(status.stdout.contains("node-a"), "{}", status.stdout);
    assert!(
        status
            .stdout
            .contains("shop.example.org  version 1  no renewer now"),
        "{}",
        status.stdout
    );
    no_password(&status);
}

/// A fresh fleet database and two nodes' homes, node A's account registered at `pebble`.
fn two_nodes_registered(pebble: &Pebble, pg: &Postgres) -> (Env, Env) {
    let (a, b) = (Env::new(), Env::new());
    fleet(&a, pg, &["fleet", "init"]).expect_code(0);
    let root = pebble.tls_root.to_str().unwrap();
    let register = [
        "account",
        "register",
        "--ca",
        &pebble.directory,
        "--ca-root",
        root,
        "--agree-tos",
    ];
    Run::of(fleet_cmd(&a, pg, "node-a", &register).output().unwrap()).expect_code(0);
    (a, b)
}

#[test]
fn a_certificate_obtained_through_one_node_appears_on_the_others() {
    let pebble = Pebble::start();
    let pg = Postgres::start();
    let (a, b) = two_nodes_registered(&pebble, &pg);
    let on = |env: &Env, node: &str, args: &[&str]| {
        Run::of(fleet_cmd(env, &pg, node, args).output().unwrap())
    };
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    on(
        &a,
        "node-a",
        &["obtain", "--listen", &listen, "-d", "web.example.org", "-q"],
    )
    .expect_code(0);

    // Node B never talked to the CA: the database gives it the account and the certificate,
    // materialized in its own store at the usual paths.
    let list = on(&b, "node-b", &["list", "--json"]);
    list.expect_code(0);
    assert!(list.stdout.contains("web.example.org"), "{}", list.stdout);
    for file in ["fullchain.pem", "privkey.pem"] {
        let read = |env: &Env| {
            std::fs::read_to_string(env.lineage("web.example.org").join("current").join(file))
                .unwrap()
        };
        assert_eq!(read(&a), read(&b), "{file}");
    }
    assert_eq!(
        crate::harness::mode(&b.lineage("web.example.org").join("current/privkey.pem")),
        0o600
    );
    let accounts = on(&b, "node-b", &["account", "list", "--json"]);
    assert!(
        accounts.stdout.contains("\"name\":\"default\""),
        "{}",
        accounts.stdout
    );

    // A renewal through node B is the fleet's new version, and node A picks it up.
    on(
        &b,
        "node-b",
        &["renew", "--force", "--no-random-delay", "-q"],
    )
    .expect_code(0);
    assert_eq!(
        pg.psql("SELECT count(*), max(version) FROM fleet_versions WHERE name = 'web.example.org'"),
        "2|2"
    );
    let show = on(&a, "node-a", &["show", "web.example.org", "--json"]);
    show.expect_code(0);
    let serial_b =
        std::fs::read_to_string(b.lineage("web.example.org").join("current/cert.pem")).unwrap();
    let serial_a =
        std::fs::read_to_string(a.lineage("web.example.org").join("current/cert.pem")).unwrap();
    assert_eq!(serial_a, serial_b);

    // A revoke on node A takes the lease (free) and lets go of it: node B renews at once after.
    on(&a, "node-a", &["revoke", "web.example.org", "--json"]).expect_code(0);
    assert_eq!(
        pg.psql("SELECT coalesce(holder, '-') FROM fleet_leases WHERE name = 'web.example.org'"),
        "-"
    );
    assert_eq!(
        pg.psql(
            "SELECT (state ? 'revocation')::text FROM fleet_certs WHERE name = 'web.example.org'"
        ),
        "true"
    );

    // Deleted from the fleet behind node A's back, its local copy is not "claimed by another
    // node": the skip says what happened and the two ways out.
    pg.psql("DELETE FROM fleet_certs WHERE name = 'web.example.org'");
    let orphan = on(
        &a,
        "node-a",
        &["renew", "--force", "--no-random-delay", "--json"],
    );
    orphan.expect_code(0);
    let skipped = &orphan.json()["result"]["skipped"][0];
    assert_eq!(skipped["name"], "web.example.org", "{}", orphan.stdout);
    let reason = skipped["reason"].as_str().unwrap();
    assert!(
        reason.contains("the fleet database has no such certificate")
            && reason.contains("fleet push")
            && reason.contains("certkeep delete web.example.org"),
        "{reason}"
    );
}

#[test]
fn a_version_renewed_on_one_node_runs_the_deploy_hooks_of_every_node() {
    let pebble = Pebble::start();
    let pg = Postgres::start();
    let (a, b) = two_nodes_registered(&pebble, &pg);
    let on = |env: &Env, node: &str, args: &[&str]| {
        Run::of(fleet_cmd(env, &pg, node, args).output().unwrap())
    };
    // Each node's HOME is its own: the hook says which versions reached that host's services.
    let hook = "sh -c 'echo $CERTKEEP_VERSION >> \"$HOME/deployed\"'";
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    let name = "reload.example.org";
    on(
        &a,
        "node-a",
        &[
            "obtain",
            "--listen",
            &listen,
            "-d",
            name,
            "--deploy-hook",
            hook,
            "-q",
        ],
    )
    .expect_code(0);
    let deployed =
        |env: &Env| std::fs::read_to_string(env.home.path().join("deployed")).unwrap_or_default();
    assert_eq!(deployed(&a), "1\n");
    let quiet = ["renew", "--no-random-delay", "--json"];

    // Node B gets version 1 from the fleet; its next round runs the hook on B.
    on(&b, "node-b", &quiet).expect_code(0);
    assert_eq!(deployed(&b), "1\n");
    // B renews: version 2, deployed on B; A's next round (nothing due there) deploys it on A,
    // once.
    on(
        &b,
        "node-b",
        &["renew", "--force", "--no-random-delay", "-q"],
    )
    .expect_code(0);
    assert_eq!(deployed(&b), "1\n2\n");
    assert_eq!(deployed(&a), "1\n", "not before A's next round");
    on(&a, "node-a", &quiet).expect_code(0);
    assert_eq!(deployed(&a), "1\n2\n");
    on(&a, "node-a", &quiet).expect_code(0);
    on(&b, "node-b", &quiet).expect_code(0);
    assert_eq!(
        (deployed(&a), deployed(&b)),
        ("1\n2\n".into(), "1\n2\n".into())
    );
    // What each host still owes is its own: the database keeps none of it.
    assert_eq!(
        pg.psql(&format!(
            "SELECT coalesce(state->'pending_hooks', '[]'::jsonb)::text || ' ' || (state ? 'deploy')::text FROM fleet_certs WHERE name = '{name}'"
        )),
        "[] false"
    );
}

#[test]
fn a_fleet_of_more_certificates_than_a_read_takes_is_materialized_whole_on_another_node() {
    let pebble = Pebble::start();
    let pg = Postgres::start();
    let (a, b) = two_nodes_registered(&pebble, &pg);
    let on = |env: &Env, node: &str, args: &[&str]| {
        Run::of(fleet_cmd(env, &pg, node, args).output().unwrap())
    };
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    on(
        &a,
        "node-a",
        &[
            "obtain",
            "--listen",
            &listen,
            "-d",
            "seed.example.org",
            "-q",
        ],
    )
    .expect_code(0);
    // 300 certificates (a node reads 128 at a time): copies of the one issued, pushed.
    let seed = a.lineage("seed.example.org");
    let names: Vec<String> = (1..=300).map(|i| format!("c{i:03}.example.org")).collect();
    for name in &names {
        let copied = Command::new("cp")
            .arg("-a")
            .arg(&seed)
            .arg(a.lineage(name))
            .status()
            .unwrap();
        assert!(copied.success());
        let spec = a.lineage(name).join("spec.toml");
        let text = std::fs::read_to_string(&spec)
            .unwrap()
            .replace("name = \"seed.example.org\"", &format!("name = \"{name}\""));
        std::fs::write(&spec, text).unwrap();
    }
    on(&a, "node-a", &["fleet", "push"]).expect_code(0);

    // Node B gets every one of them, each with its current version.
    let list = on(&b, "node-b", &["list", "--json"]);
    list.expect_code(0);
    let fullchain = std::fs::read_to_string(seed.join("current/fullchain.pem")).unwrap();
    for name in names
        .iter()
        .chain(std::iter::once(&"seed.example.org".to_owned()))
    {
        assert!(
            list.stdout.contains(&format!("\"{name}\"")),
            "{name} not listed"
        );
        let have = std::fs::read_to_string(b.lineage(name).join("current/fullchain.pem"))
            .unwrap_or_else(|e| panic!("{name} has no current version on node B: {e}"));
        assert_eq!(have, fullchain, "{name}");
    }
}
