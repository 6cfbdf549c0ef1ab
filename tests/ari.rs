//! ACME Renewal Information (RFC 9773) through the test proxy, which gives Pebble 2.4 a
//! `renewalInfo` endpoint: a past window renews at once with `replaces`, a future window is
//! followed and its picked moment kept, `alreadyReplaced` falls back to one plain order, and an
//! unusable window falls back to the lifetime rule.

use std::sync::{Arc, Mutex};

use time::{Duration, OffsetDateTime, format_description::well_known::Rfc3339};

use crate::harness::proxy::{Exchange, Proxy, Rule};
use crate::harness::{Env, Pebble};

#[derive(Clone, Default)]
struct Ari {
    window: Arc<Mutex<(String, String)>>,
    refuse_replaces: bool,
    /// Like a CA that does not know RFC 9773: `replaces` is not reflected in the order.
    ignore_replaces: bool,
    /// While set, renewal-information answers stall after their headers.
    stall_info: Arc<std::sync::atomic::AtomicBool>,
    replaces_seen: Arc<Mutex<Vec<Option<String>>>>,
    /// The Retry-After of renewal-information answers (empty: 3600).
    info_retry_after: Arc<Mutex<String>>,
    /// Renewal-information requests answered before every later one stalls (`None`: see
    /// `stall_info`).
    stall_info_after: Arc<Mutex<Option<usize>>>,
    info_asked: Arc<std::sync::atomic::AtomicUsize>,
    /// While set, new orders are refused (403 unauthorized).
    refuse_orders: Arc<std::sync::atomic::AtomicBool>,
}

fn at(offset: Duration) -> String {
    (OffsetDateTime::now_utc() + offset)
        .format(&Rfc3339)
        .unwrap()
}

fn rule(ari: &Ari) -> Rule {
    let ari = ari.clone();
    Arc::new(move |exchange: &mut Exchange| {
        if exchange.path == "/dir" {
            let mut doc: serde_json::Value = serde_json::from_slice(&exchange.body).unwrap();
            let renewal_info = doc["newOrder"]
                .as_str()
                .unwrap()
                .replace("/order-plz", "/renewal-info");
            doc["renewalInfo"] = serde_json::Value::String(renewal_info);
            exchange.body = serde_json::to_vec(&doc).unwrap();
        } else if exchange.method == "GET" && exchange.path.starts_with("/renewal-info/") {
            let (start, end) = ari.window.lock().unwrap().clone();
            exchange.status = 200;
            exchange.headers.clear();
            exchange.headers.insert(
                http::header::CONTENT_TYPE,
                "application/json".parse().unwrap(),
            );
            let retry_after = match ari.info_retry_after.lock().unwrap().as_str() {
                "" => "3600".to_owned(),
                set => set.to_owned(),
            };
            exchange
                .headers
                .insert(http::header::RETRY_AFTER, retry_after.parse().unwrap());
            exchange.body = serde_json::to_vec(&serde_json::json!({
                "suggestedWindow": {"start": start, "end": end},
                "explanationURL": "https://ca.example/incident"
            }))
            .unwrap();
            let asked = ari
                .info_asked
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let stall_after = *ari.stall_info_after.lock().unwrap();
            if ari.stall_info.load(std::sync::atomic::Ordering::SeqCst)
                || stall_after.is_some_and(|answered| asked >= answered)
            {
                exchange.delivery = crate::harness::proxy::Delivery::Stall;
            }
        } else if exchange.path.starts_with("/order-plz")
            && ari.refuse_orders.load(std::sync::atomic::Ordering::SeqCst)
        {
            exchange.status = 403;
            exchange.headers.clear();
            exchange.headers.insert(
                http::header::CONTENT_TYPE,
                "application/problem+json".parse().unwrap(),
            );
            exchange.body =
                br#"{"type":"urn:ietf:params:acme:error:unauthorized","detail":"no","status":403}"#
                    .to_vec();
        } else if exchange.path.starts_with("/order-plz") {
            let replaces = exchange
                .jws_payload()
                .and_then(|p| p["replaces"].as_str().map(str::to_owned));
            ari.replaces_seen.lock().unwrap().push(replaces.clone());
            if let Some(id) = replaces {
                if ari.refuse_replaces {
                    exchange.status = 409;
                    exchange.headers.insert(
                        http::header::CONTENT_TYPE,
                        "application/problem+json".parse().unwrap(),
                    );
                    exchange.body = br#"{"type":"urn:ietf:params:acme:error:alreadyReplaced","detail":"already replaced","status":409}"#.to_vec();
                } else if exchange.status == 201 && !ari.ignore_replaces {
                    // Pebble 2.4 does not know `replaces`; a server that does echoes it.
                    let mut order: serde_json::Value =
                        serde_json::from_slice(&exchange.body).unwrap();
                    order["replaces"] = serde_json::Value::String(id);
                    exchange.body = serde_json::to_vec(&order).unwrap();
                }
            }
        }
    })
}

/// A Pebble without random `badNonce`s: the tests count the orders it is asked for, and a
/// rejected nonce makes a request that is then sent again (signed afresh).
fn quiet_pebble() -> Pebble {
    Pebble::start_with(crate::harness::PebbleOptions {
        env: vec![("PEBBLE_WFE_NONCEREJECT".into(), "0".into())],
        ..crate::harness::PebbleOptions::default()
    })
}

fn setup(ari: &Ari) -> (Pebble, Proxy, Env) {
    let pebble = quiet_pebble();
    let proxy = Proxy::start(&pebble, rule(ari));
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    env.obtain(&pebble, &["-d", "ari.example.org", "-q"])
        .expect_code(0);
    (pebble, proxy, env)
}

fn cert_id(env: &Env) -> String {
    let pem =
        std::fs::read_to_string(env.lineage("ari.example.org").join("current/cert.pem")).unwrap();
    let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).unwrap();
    let der = rustls_pki_types::CertificateDer::from(block.contents);
    instant_acme::CertificateIdentifier::try_from(&der)
        .unwrap()
        .to_string()
}

fn state(env: &Env) -> serde_json::Value {
    env.lineage_state("ari.example.org")
}

#[test]
fn a_past_window_renews_at_once_with_replaces() {
    let ari = Ari::default();
    *ari.window.lock().unwrap() = (at(Duration::hours(-2)), at(Duration::hours(-1)));
    let (_pebble, _proxy, env) = setup(&ari);
    let old = cert_id(&env);
    ari.replaces_seen.lock().unwrap().clear();
    let run = env.run(&["renew", "--no-random-delay", "--json"]);
    run.expect_code(0);
    assert_eq!(
        run.json()["result"]["renewed"][0]["name"],
        "ari.example.org"
    );
    assert_eq!(
        *ari.replaces_seen.lock().unwrap(),
        vec![Some(old)],
        "one order, naming the certificate it replaces"
    );
    // The window was the old certificate's: the next run asks about the new one.
    assert!(state(&env)["ari"].is_null(), "{}", state(&env));
    assert!(state(&env)["ari_next_fetch"].is_null());
}

#[test]
fn a_zero_retry_after_on_renewal_information_waits_at_least_a_minute() {
    let ari = Ari::default();
    *ari.window.lock().unwrap() = (at(Duration::days(10)), at(Duration::days(11)));
    *ari.info_retry_after.lock().unwrap() = "0".into();
    let (_pebble, _proxy, env) = setup(&ari);
    let before = OffsetDateTime::now_utc();
    env.run(&["renew", "--no-random-delay"]).expect_code(0);
    let next = state(&env)["ari_next_fetch"].as_str().unwrap().to_owned();
    let next = OffsetDateTime::parse(&next, &Rfc3339).unwrap();
    assert!(
        next >= before + Duration::seconds(59),
        "asked again at {next}, right after {before}"
    );
}

#[test]
fn a_future_window_is_followed_and_its_moment_kept() {
    let ari = Ari::default();
    let (start, end) = (at(Duration::days(10)), at(Duration::days(11)));
    *ari.window.lock().unwrap() = (start.clone(), end.clone());
    let (_pebble, _proxy, env) = setup(&ari);
    ari.replaces_seen.lock().unwrap().clear();
    env.run(&["renew", "--no-random-delay"]).expect_code(0);
    let chosen = state(&env)["ari"]["chosen"].as_str().unwrap().to_owned();
    let parse = |s: &str| OffsetDateTime::parse(s, &Rfc3339).unwrap();
    assert!(
        parse(&chosen) >= parse(&start) && parse(&chosen) <= parse(&end),
        "{chosen} outside {start}..{end}"
    );
    let status = env.run(&["status", "--json"]).json();
    let cert = &status["result"]["certificates"][0];
    assert_eq!(cert["next_renewal"].as_str().unwrap(), chosen);
    assert!(
        cert["reason"]
            .as_str()
            .unwrap()
            .contains("https://ca.example/incident")
    );
    assert_eq!(
        parse(cert["ari_window_start"].as_str().unwrap()),
        parse(&start)
    );
    // Forced re-fetch of the same window keeps the picked moment.
    let mut doc = state(&env);
    doc["ari_next_fetch"] = serde_json::Value::Null;
    std::fs::write(
        env.lineage("ari.example.org").join("state.json"),
        serde_json::to_vec(&doc).unwrap(),
    )
    .unwrap();
    env.run(&["renew", "--no-random-delay"]).expect_code(0);
    assert_eq!(state(&env)["ari"]["chosen"].as_str().unwrap(), chosen);
    assert!(
        ari.replaces_seen.lock().unwrap().is_empty(),
        "nothing was ordered"
    );
}

#[test]
fn a_hook_retried_before_a_window_made_the_certificate_due_is_not_owed_again_when_the_order_fails()
{
    let ari = Ari::default();
    *ari.window.lock().unwrap() = (at(Duration::hours(-2)), at(Duration::hours(-1)));
    let pebble = quiet_pebble();
    let proxy = Proxy::start(&pebble, rule(&ari));
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    let (may_pass, log) = (
        env.home.path().join("may-pass"),
        env.home.path().join("hook.log"),
    );
    let hook = format!(
        "sh -c 'test -e {} && echo deployed >> {}'",
        may_pass.display(),
        log.display()
    );
    env.obtain(&pebble, &["-d", "ari.example.org", "--deploy-hook", &hook])
        .expect_code(7);
    assert_eq!(state(&env)["pending_hooks"].as_array().unwrap().len(), 1);
    // The next run retries the hook (it passes), then the refresh finds the window open and
    // orders in a second wave; the CA refuses that order.
    std::fs::write(&may_pass, "").unwrap();
    ari.refuse_orders
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let run = env.run(&["renew", "--no-random-delay", "--json"]);
    assert_eq!(
        run.json()["result"]["failed"][0]["name"],
        "ari.example.org",
        "{}",
        run.stdout
    );
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "deployed\n");
    let after = state(&env);
    assert_eq!(after["failures"]["count"], 1, "{after}");
    assert!(
        after["pending_hooks"].as_array().unwrap().is_empty(),
        "the hook that passed is owed again: {after}"
    );
}

#[test]
fn a_window_that_cannot_be_saved_still_renews_in_the_same_run() {
    let ari = Ari::default();
    *ari.window.lock().unwrap() = (at(Duration::hours(-2)), at(Duration::hours(-1)));
    let (_pebble, _proxy, env) = setup(&ari);
    // A directory where the store's renewal cache goes: every save of it fails.
    std::fs::create_dir(env.store.join("ari.json")).unwrap();
    let run = env.run(&["renew", "--no-random-delay", "--json"]);
    run.expect_code(0);
    assert_eq!(
        run.json()["result"]["renewed"][0]["name"],
        "ari.example.org",
        "the CA's answer decides this run even though it could not be kept"
    );
    assert!(
        run.stderr
            .contains("could not save the renewal information"),
        "{}",
        run.stderr
    );
}

#[test]
fn already_replaced_falls_back_to_one_plain_order() {
    let ari = Ari {
        refuse_replaces: true,
        ..Ari::default()
    };
    *ari.window.lock().unwrap() = (at(Duration::hours(-2)), at(Duration::hours(-1)));
    let (_pebble, _proxy, env) = setup(&ari);
    let old = cert_id(&env);
    ari.replaces_seen.lock().unwrap().clear();
    let run = env.run(&["renew", "--no-random-delay", "--json"]);
    run.expect_code(0);
    assert_eq!(
        *ari.replaces_seen.lock().unwrap(),
        vec![Some(old), None],
        "retried once without replaces, no loop"
    );
}

#[test]
fn an_unusable_window_falls_back_to_the_lifetime_rule() {
    let ari = Ari::default();
    *ari.window.lock().unwrap() = (at(Duration::hours(-1)), at(Duration::hours(-2)));
    let (_pebble, _proxy, env) = setup(&ari);
    ari.replaces_seen.lock().unwrap().clear();
    env.run(&["renew", "--no-random-delay"]).expect_code(0);
    assert!(
        ari.replaces_seen.lock().unwrap().is_empty(),
        "an end before the start is no reason to renew"
    );
    let status = env.run(&["status", "--json"]).json();
    assert!(
        status["result"]["certificates"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("third of the lifetime")
    );
}

#[test]
fn a_ca_that_ignores_replaces_gets_one_order_and_is_remembered() {
    let ari = Ari {
        ignore_replaces: true,
        ..Ari::default()
    };
    *ari.window.lock().unwrap() = (at(Duration::hours(-2)), at(Duration::hours(-1)));
    let pebble = quiet_pebble();
    let proxy = Proxy::start(&pebble, rule(&ari));
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    env.obtain(&pebble, &["-d", "ari.example.org", "-q"])
        .expect_code(0);
    let old = cert_id(&env);
    ari.replaces_seen.lock().unwrap().clear();
    let orders_before = proxy.count_ok("POST", "/order-plz");
    let run = env.run(&["renew", "--no-random-delay", "--json"]);
    run.expect_code(0);
    assert_eq!(
        proxy.count_ok("POST", "/order-plz") - orders_before,
        1,
        "the order the CA created is used, none is left behind"
    );
    assert_eq!(*ari.replaces_seen.lock().unwrap(), vec![Some(old)]);
    let status = env.run(&["status", "--json"]).json();
    assert_eq!(
        status["result"]["certificates"][0]["ari_replaces_ignored"],
        true
    );
    let human = env.run(&["status"]);
    assert!(
        human.stdout.contains("does not honour ARI 'replaces'"),
        "{}",
        human.stdout
    );
    // Remembered: the next renewal asks without `replaces`.
    ari.replaces_seen.lock().unwrap().clear();
    env.run(&["renew", "--force", "--no-random-delay"])
        .expect_code(0);
    assert_eq!(*ari.replaces_seen.lock().unwrap(), vec![None]);
}

#[test]
fn a_stalled_renewal_info_costs_one_deadline_per_run() {
    let ari = Ari::default();
    *ari.window.lock().unwrap() = (at(Duration::days(10)), at(Duration::days(11)));
    let (pebble, proxy, env) = setup(&ari);
    env.obtain(&pebble, &["-d", "two.example.org", "-q"])
        .expect_code(0);
    let config = env.home.path().join("limits.toml");
    std::fs::write(&config, "[limits]\nhttp_timeout_secs = 3\n").unwrap();
    ari.stall_info
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let asked = proxy.count("GET", "/renewal-info/");
    // Nothing is due; the stalled CA is asked once per certificate, at once, and given up on
    // after one deadline (3 s), not after three tries of each.
    let started = std::time::Instant::now();
    env.run(&[
        "renew",
        "--no-random-delay",
        "--config",
        config.to_str().unwrap(),
    ])
    .expect_code(0);
    let took = started.elapsed();
    assert!(
        took < std::time::Duration::from_secs(6),
        "renew took {took:?}"
    );
    assert!(proxy.count("GET", "/renewal-info/") - asked <= 2);
}

#[test]
fn an_answer_is_saved_within_seconds_while_the_round_still_waits_on_the_ca() {
    let ari = Ari::default();
    *ari.window.lock().unwrap() = (at(Duration::days(10)), at(Duration::days(11)));
    let (pebble, _proxy, env) = setup(&ari);
    env.obtain(&pebble, &["-d", "two.example.org", "-q"])
        .expect_code(0);
    let config = env.home.path().join("limits.toml");
    std::fs::write(&config, "[limits]\nhttp_timeout_secs = 120\n").unwrap();
    // The CA answers about one certificate, then stalls for the rest of the round (a round
    // over thousands at a slow CA, say); the run is killed before the round ends.
    *ari.stall_info_after.lock().unwrap() =
        Some(ari.info_asked.load(std::sync::atomic::Ordering::SeqCst) + 1);
    let mut renew = env
        .command(&[
            "renew",
            "--no-random-delay",
            "--concurrency",
            "1",
            "--config",
            config.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let cache = env.store.join("ari.json");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let saved = loop {
        let text = std::fs::read_to_string(&cache).unwrap_or_default();
        if text.lines().count() >= 2 {
            break text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the answer was not saved while the round waited"
        );
        assert!(renew.try_wait().unwrap().is_none(), "the round ended early");
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    renew.kill().unwrap();
    renew.wait().unwrap();
    assert_eq!(saved.lines().count(), 2, "a header and one window: {saved}");
    assert!(saved.contains("window_start"), "{saved}");
}

#[test]
fn a_fleet_nodes_window_goes_to_the_database_merged_and_only_for_its_certificate() {
    use crate::fleet::fleet_cmd;
    use crate::harness::Run;
    use crate::harness::postgres::Postgres;
    let ari = Ari::default();
    *ari.window.lock().unwrap() = (at(Duration::days(10)), at(Duration::days(11)));
    let pebble = quiet_pebble();
    let proxy = Proxy::start(&pebble, rule(&ari));
    let pg = Postgres::start();
    let env = Env::new();
    let on = |args: &[&str]| Run::of(fleet_cmd(&env, &pg, "node-a", args).output().unwrap());
    let root = pebble.tls_root.to_str().unwrap();
    on(&["fleet", "init"]).expect_code(0);
    on(&[
        "account",
        "register",
        "--ca",
        &proxy.directory,
        "--ca-root",
        root,
        "--agree-tos",
    ])
    .expect_code(0);
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    let name = "ari.example.org";
    on(&["obtain", "--listen", &listen, "-d", name, "-q"]).expect_code(0);
    let shared = |path: &str| {
        pg.psql(&format!(
            "SELECT coalesce(state #>> '{{{path}}}', '-') FROM fleet_certs WHERE name = '{name}'"
        ))
    };
    // The node's refresh puts the window (and only its fields) into the shared state.
    on(&["renew", "--no-random-delay", "-q"]).expect_code(0);
    let chosen = shared("ari,chosen");
    assert_ne!(chosen, "-", "the window reached the database");
    assert_eq!(state(&env)["ari"]["chosen"].as_str().unwrap(), chosen);
    // A window asked about a certificate the fleet has replaced meanwhile is not merged over
    // the new one's state. (The database's certificate is set back to none issued and its
    // window dropped, and this node's cached window too, so it asks again about its own.)
    pg.psql(&format!(
        "UPDATE fleet_certs SET current_version = NULL, state = state - 'ari' - 'ari_next_fetch'
         WHERE name = '{name}'"
    ));
    std::fs::remove_file(env.store.join("ari.json")).ok();
    let asked = proxy.count("GET", "/renewal-info/");
    let again = on(&["renew", "--no-random-delay", "-q"]);
    assert_eq!(
        proxy.count("GET", "/renewal-info/"),
        asked + 1,
        "asked again: {}\n{}",
        again.stdout,
        again.stderr
    );
    assert_eq!(
        shared("ari,chosen"),
        "-",
        "an old certificate's window came back"
    );
}
