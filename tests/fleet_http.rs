//! http-01 across a fleet, on a real PostgreSQL, Pebble and nginx: an order placed with
//! `--http-fleet` on a node with no responder of its own is answered by three daemons'
//! `--http-listen` responders behind nginx as a round-robin load balancer (Pebble's http-01
//! port), each of them answering some of the validations; the spec keeps the setting, so a
//! renewal goes the same way. And the responder's feed on its own: a published token is in its
//! cache after the NOTIFY alone (the poll set to an hour), unknown and withdrawn tokens get 404.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use certkeep::daemon::responder::Responder;
use certkeep::domain::Secret;
use certkeep::store::pg::{Credentials, FeedSource, FleetUrl};

use crate::fleet::{fleet, fleet_cmd};
use crate::harness::postgres::{PASSWORD, Postgres};
use crate::harness::{Env, Nginx, Pebble, Run, free_port};

/// A node's daemon, stopped (SIGKILL: nothing of it is checked after) on drop.
struct Daemon {
    child: Child,
    port: u16,
}

impl Daemon {
    /// `certkeep daemon --http-listen 127.0.0.1:PORT` as fleet node `node`, once its responder
    /// accepts connections.
    fn start(pg: &Postgres, node: &str, env: &Env) -> Self {
        let port = free_port();
        let listen = format!("127.0.0.1:{port}");
        let child = fleet_cmd(env, pg, node, &["daemon", "--http-listen", &listen])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut daemon = Self { child, port };
        // The responder binds once its feed has loaded the published answers.
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                daemon.child.try_wait().unwrap().is_none(),
                "the daemon of {node} exited"
            );
            assert!(
                Instant::now() < deadline,
                "the responder of {node} did not listen"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        daemon
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `UPSTREAM STATUS` of each challenge request in nginx's log.
fn challenge_requests(nginx: &Nginx) -> Vec<(String, String)> {
    nginx
        .access_log()
        .lines()
        .filter(|line| line.contains("/.well-known/acme-challenge/"))
        .map(|line| {
            let mut words = line.split_whitespace();
            let upstream = words.next().unwrap_or_default().to_owned();
            let status = words.next().unwrap_or_default().to_owned();
            (upstream, status)
        })
        .collect()
}

#[test]
fn an_order_placed_with_http_fleet_is_answered_by_every_node_behind_the_load_balancer() {
    let pebble = Pebble::start();
    let pg = Postgres::start();
    let orderer = Env::new();
    fleet(&orderer, &pg, &["fleet", "init"]).expect_code(0);
    let root = pebble.tls_root.to_str().unwrap().to_owned();
    let on = |args: &[&str]| Run::of(fleet_cmd(&orderer, &pg, "node-a", args).output().unwrap());
    on(&[
        "account",
        "register",
        "--ca",
        &pebble.directory,
        "--ca-root",
        &root,
        "--agree-tos",
    ])
    .expect_code(0);
    // Nothing answers yet: the order fails, and its key authorizations are withdrawn all the
    // same.
    on(&["obtain", "--http-fleet", "-d", "early.example.org", "-q"]).expect_code(5);
    assert_eq!(pg.psql("SELECT count(*) FROM fleet_challenges"), "0");

    let homes: Vec<Env> = (0..3).map(|_| Env::new()).collect();
    let daemons: Vec<Daemon> = ["node-b", "node-c", "node-d"]
        .iter()
        .zip(&homes)
        .map(|(node, env)| Daemon::start(&pg, node, env))
        .collect();
    let ports: Vec<u16> = daemons.iter().map(|d| d.port).collect();
    let nginx = Nginx::balance(&ports, pebble.http_port);

    // Six names, each validated from several perspectives at once (Pebble: 3): round robin
    // hands every responder a share, tokens published a moment before among them. The orderer
    // has no responder of its own and nothing listens on Pebble's port but nginx.
    let names: Vec<String> = (1..=6).map(|i| format!("web{i}.example.org")).collect();
    let mut args = vec!["obtain", "--http-fleet", "-q"];
    for name in &names {
        args.extend(["-d", name.as_str()]);
    }
    let obtained = on(&args);
    if obtained.code != 0 {
        eprintln!("nginx's log of the validations:\n{}", nginx.access_log());
    }
    obtained.expect_code(0);

    let requests = challenge_requests(&nginx);
    assert!(requests.len() >= names.len(), "{requests:?}");
    assert!(
        requests.iter().all(|(_, status)| status == "200"),
        "every validation was answered: {requests:?}"
    );
    let answered: BTreeSet<String> = requests.iter().map(|(up, _)| up.clone()).collect();
    let expected: BTreeSet<String> = ports.iter().map(|p| format!("127.0.0.1:{p}")).collect();
    assert_eq!(answered, expected, "each node's responder answered some");
    assert_eq!(
        pg.psql("SELECT count(*) FROM fleet_challenges"),
        "0",
        "the key authorizations were withdrawn after validation"
    );

    // The spec keeps the setting: a renewal is answered by the fleet again.
    let spec =
        std::fs::read_to_string(orderer.lineage("web1.example.org").join("spec.toml")).unwrap();
    assert!(spec.contains("type = \"http01-fleet\""), "{spec}");
    on(&["renew", "--force", "--no-random-delay", "-q"]).expect_code(0);
    let after = challenge_requests(&nginx);
    assert!(after.len() >= 2 * names.len(), "{after:?}");
    assert!(after.iter().all(|(_, status)| status == "200"), "{after:?}");
    assert_eq!(
        pg.psql("SELECT count(*) FROM fleet_versions WHERE name = 'web1.example.org'"),
        "2"
    );
}

#[test]
fn http_fleet_without_the_fleet_is_refused_before_any_order() {
    let env = Env::new();
    // No CA runs: the refusal comes before the account or any order is touched.
    let run = env.run(&["obtain", "--http-fleet", "-d", "solo.example.org"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("needs the fleet store"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--fleet"), "{}", run.stderr);
    assert!(!env.lineage("solo.example.org").exists());
}

/// Asserts that `run` is certkeep's own error report, not a panic.
#[track_caller]
fn no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "certkeep panicked:\n{}",
        run.stderr
    );
}

#[test]
fn a_daemon_whose_http_listen_port_is_busy_says_so_whether_flag_or_config_gave_it() {
    let pg = Postgres::start();
    let env = Env::new();
    fleet(&env, &pg, &["fleet", "init"]).expect_code(0);
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let listen = busy.local_addr().unwrap().to_string();
    let run = Run::of(
        fleet_cmd(&env, &pg, "node-b", &["daemon", "--http-listen", &listen])
            .output()
            .unwrap(),
    );
    no_panic(&run);
    run.expect_code(2);
    assert!(run.stderr.contains(&listen), "{}", run.stderr);
    assert!(
        run.stderr.contains("help: another program")
            && run.stderr.contains("give --http-listen another address"),
        "{}",
        run.stderr
    );

    // The config's fleet_http_listen is used when the flag is not given, and named when it fails.
    let config = env.home.path().join("config.toml");
    std::fs::write(&config, format!("fleet_http_listen = [\"{listen}\"]\n")).unwrap();
    let from_config = Run::of(
        fleet_cmd(
            &env,
            &pg,
            "node-b",
            &["--config", config.to_str().unwrap(), "daemon"],
        )
        .output()
        .unwrap(),
    );
    no_panic(&from_config);
    from_config.expect_code(2);
    assert!(
        from_config.stderr.contains(&listen)
            && from_config
                .stderr
                .contains("give fleet_http_listen in the config another address"),
        "{}",
        from_config.stderr
    );
}

#[test]
fn a_command_against_an_unreachable_fleet_database_shows_the_local_copy_and_says_so() {
    let env = Env::new();
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    let url = "postgresql://u@127.0.0.1:1/db?sslmode=disable";
    let run = Run::of(
        env.command(&["--fleet", url, "--fleet-password", "env:PGX", "list"])
            .env("PGX", "pw")
            .output()
            .unwrap(),
    );
    no_panic(&run);
    // The host's certificates stay readable (here: none yet), with the reason on stderr.
    run.expect_code(0);
    for said in [
        "could not connect to the fleet database at '127.0.0.1:1/db'",
        "showing this host's local copy of the fleet",
        "help: check that the database is up",
    ] {
        assert!(run.stderr.contains(said), "{said}: {}", run.stderr);
    }
}

/// How a responder of the tests reaches `pg`'s published answers.
fn feed_source(pg: &Postgres) -> FeedSource {
    FeedSource {
        url: FleetUrl::parse(&pg.url()).unwrap(),
        credentials: Credentials {
            password: Secret::new(PASSWORD.to_owned()),
            home: None,
        },
        node: "node-r".into(),
        deadline: Duration::from_secs(10),
    }
}

/// `GET /.well-known/acme-challenge/TOKEN` on `port`: the status line and the body.
fn get(port: u16, token: &str) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /.well-known/acme-challenge/{token} HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let status = reply.lines().next().unwrap_or_default().to_owned();
    let body = reply
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_token_is_served_after_its_notify_and_unknown_ones_get_404() {
    let pg = Postgres::start();
    let env = Env::new();
    fleet(&env, &pg, &["fleet", "init"]).expect_code(0);
    let source = feed_source(&pg);
    // An hour between polls: only a notification can bring a token in within the test.
    let listen = ["127.0.0.1:0".to_owned()];
    let responder = Responder::start(&listen, "--http-listen", source, Duration::from_secs(3600))
        .await
        .unwrap();
    let port = responder.local_addrs()[0].port();
    let mut reloads = responder.feed().reloads();
    // Started: the first load is done.
    assert!(*reloads.borrow_and_update() >= 1);

    let unknown = tokio::task::spawn_blocking(move || get(port, "unknownTOKEN_123"))
        .await
        .unwrap();
    assert!(unknown.0.starts_with("HTTP/1.1 404"), "{unknown:?}");

    let token = "feedTOKEN-abcdefghijklmnopqrstuvwxyz0123456";
    pg.psql(&format!(
        "INSERT INTO fleet_challenges (token, key_authorization, name, node, expires_at)
         VALUES ('{token}', '{token}.thumb', 'a.example.org', 'node-x', now() + interval '5 minutes')"
    ));
    let feed = responder.feed();
    tokio::time::timeout(
        Duration::from_secs(10),
        reloads.wait_for(|_| feed.cached(token).is_some()),
    )
    .await
    .expect("the NOTIFY brought the token into the cache within 10 s")
    .unwrap();
    let served = tokio::task::spawn_blocking(move || get(port, token))
        .await
        .unwrap();
    assert!(served.0.starts_with("HTTP/1.1 200"), "{served:?}");
    assert_eq!(served.1, format!("{token}.thumb"));

    // Withdrawn (or expired) tokens are not served.
    pg.psql(&format!(
        "DELETE FROM fleet_challenges WHERE token = '{token}'"
    ));
    tokio::time::timeout(
        Duration::from_secs(10),
        reloads.wait_for(|_| feed.cached(token).is_none()),
    )
    .await
    .expect("the NOTIFY of the delete reached the cache")
    .unwrap();
    let gone = tokio::task::spawn_blocking(move || get(port, token))
        .await
        .unwrap();
    assert!(gone.0.starts_with("HTTP/1.1 404"), "{gone:?}");
    pg.psql(&format!(
        "INSERT INTO fleet_challenges (token, key_authorization, name, node, expires_at)
         VALUES ('{token}', 'old', 'a.example.org', 'node-x', now() - interval '1 second')"
    ));
    let expired = tokio::task::spawn_blocking(move || get(port, token))
        .await
        .unwrap();
    assert!(expired.0.starts_with("HTTP/1.1 404"), "{expired:?}");

    // The database restarts: the feed connects and listens again by itself.
    pg.stop();
    pg.restart();
    let later = "laterTOKEN-abcdefghijklmnopqrstuvwxyz01234567";
    pg.psql(&format!(
        "INSERT INTO fleet_challenges (token, key_authorization, name, node, expires_at)
         VALUES ('{later}', '{later}.thumb', 'a.example.org', 'node-x', now() + interval '5 minutes')"
    ));
    tokio::time::timeout(
        Duration::from_secs(60),
        reloads.wait_for(|_| feed.cached(later).is_some()),
    )
    .await
    .expect("the feed reconnected after the restart")
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_tokens_in_bulk_cost_the_database_a_read_a_second_not_one_each() {
    let pg = Postgres::start();
    let env = Env::new();
    fleet(&env, &pg, &["fleet", "init"]).expect_code(0);
    let source = feed_source(&pg);
    // An hour between polls: every read after the first is one the misses brought on.
    let listen = ["127.0.0.1:0".to_owned()];
    let responder = std::sync::Arc::new(
        Responder::start(&listen, "--http-listen", source, Duration::from_secs(3600))
            .await
            .unwrap(),
    );
    let before = responder.feed().database_reads();
    let started = Instant::now();
    // Three rounds of 100 unknown tokens at once, as anonymous traffic to port 80 sends.
    for round in 0..3 {
        let mut asked = tokio::task::JoinSet::new();
        for i in 0..100 {
            let responder = responder.clone();
            asked.spawn(async move {
                let token = format!("unknown{round}x{i}");
                responder.feed().key_authorization(&token).await
            });
        }
        while let Some(answer) = asked.join_next().await {
            assert_eq!(answer.unwrap(), None);
        }
    }
    let reads = responder.feed().database_reads() - before;
    let seconds = started.elapsed().as_secs();
    // One read a second at most (MISS_RELOAD_INTERVAL), plus the one under way at each end.
    assert!(
        reads <= seconds + 2,
        "{reads} database reads for 300 unknown tokens in {seconds} s"
    );
    // A token published now is still found by a miss (its NOTIFY or the reload it asks for).
    let token = "bulkTOKEN-abcdefghijklmnopqrstuvwxyz0123456";
    pg.psql(&format!(
        "INSERT INTO fleet_challenges (token, key_authorization, name, node, expires_at)
         VALUES ('{token}', '{token}.thumb', 'a.example.org', 'node-x', now() + interval '5 minutes')"
    ));
    assert_eq!(
        responder.feed().key_authorization(token).await.as_deref(),
        Some(format!("{token}.thumb").as_str())
    );
}

/// Everything logged through `tracing` in this test process (the feed logs on its own
/// runtime's thread, so only a process-wide subscriber sees it).
fn logged() -> &'static std::sync::Mutex<Vec<u8>> {
    static LOG: std::sync::OnceLock<&'static std::sync::Mutex<Vec<u8>>> =
        std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let log: &'static std::sync::Mutex<Vec<u8>> = Box::leak(Box::default());
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .without_time()
            .with_writer(move || Captured(log))
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        log
    })
}

/// A writer appending to the captured log.
struct Captured(&'static std::sync::Mutex<Vec<u8>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_that_listens_but_cannot_read_backs_off_and_says_why() {
    let log = logged();
    let pg = Postgres::start();
    let env = Env::new();
    fleet(&env, &pg, &["fleet", "init"]).expect_code(0);
    // LISTEN still succeeds, every read of the table fails.
    pg.psql("ALTER TABLE fleet_challenges RENAME TO fleet_challenges_gone");
    let source = feed_source(&pg);
    let feed = certkeep::store::pg::ChallengeFeed::start(source, Duration::from_secs(3600));
    // A measurement window, not a synchronisation: the retries in 4 s are counted.
    tokio::time::sleep(Duration::from_secs(4)).await;
    drop(feed);
    let text = String::from_utf8_lossy(&log.lock().unwrap()).into_owned();
    // Other tests of this process log too; this one's cause is the missing table.
    let lost: Vec<&str> = text
        .lines()
        .filter(|line| {
            line.contains("lost the fleet database")
                && line.contains("fleet_challenges\" does not exist")
        })
        .collect();
    assert!(!lost.is_empty(), "the warning names the cause:\n{text}");
    // Backing off from 200 ms, doubling: 0.2 + 0.4 + 0.8 + 1.6 s, some 5 tries in 4 s, not
    // one every 200 ms.
    assert!(lost.len() <= 6, "{} warnings in 4 s:\n{text}", lost.len());
    assert!(!text.contains(PASSWORD), "{text}");
}
