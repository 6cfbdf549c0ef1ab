//! Each CA gets at most its configured number of requests at once (issue 11): `[limits]
//! concurrency`, `[limits.concurrency_by_ca]` and `--concurrency` bound both the orders `renew`
//! places and the renewal-information requests of its ARI refresh. The test proxy holds some
//! answers for a while, so requests sent at once overlap there, and counts the most requests
//! in flight at once.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::harness::proxy::{Delivery, Exchange, Proxy, Rule};
use crate::harness::{Env, Pebble};

const NAMES: [&str; 4] = [
    "one.example.org",
    "two.example.org",
    "three.example.org",
    "four.example.org",
];

/// How long the proxy holds each slow answer: long enough that requests sent at once overlap.
const HOLD: Duration = Duration::from_millis(300);

/// Holds every new order's answer; with `ari`, also offers renewal information (a window ten
/// days ahead, as Pebble 2.4 has none) and holds those answers too.
fn slow_ca(ari: bool) -> Rule {
    Arc::new(move |exchange: &mut Exchange| {
        if exchange.path.starts_with("/order-plz") {
            exchange.delivery = Delivery::Late(HOLD);
        } else if ari && exchange.path == "/dir" {
            let mut doc: serde_json::Value = serde_json::from_slice(&exchange.body).unwrap();
            let renewal_info = doc["newOrder"]
                .as_str()
                .unwrap()
                .replace("/order-plz", "/renewal-info");
            doc["renewalInfo"] = serde_json::Value::String(renewal_info);
            exchange.body = serde_json::to_vec(&doc).unwrap();
        } else if ari && exchange.method == "GET" && exchange.path.starts_with("/renewal-info/") {
            let at = |days| {
                (OffsetDateTime::now_utc() + time::Duration::days(days))
                    .format(&Rfc3339)
                    .unwrap()
            };
            exchange.status = 200;
            exchange.headers.clear();
            exchange.headers.insert(
                http::header::CONTENT_TYPE,
                "application/json".parse().unwrap(),
            );
            exchange
                .headers
                .insert(http::header::RETRY_AFTER, "3600".parse().unwrap());
            exchange.body = serde_json::to_vec(&serde_json::json!({
                "suggestedWindow": {"start": at(10), "end": at(11)}
            }))
            .unwrap();
            exchange.delivery = Delivery::Late(HOLD);
        }
    })
}

/// Four lineages whose CA is the proxy in front of a fresh Pebble.
fn four_lineages(rule: Rule) -> (Pebble, Proxy, Env) {
    let pebble = Pebble::start();
    let proxy = Proxy::start(&pebble, rule);
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    for name in NAMES {
        env.obtain(&pebble, &["-d", name, "-q"]).expect_code(0);
    }
    (pebble, proxy, env)
}

fn config(env: &Env, text: &str) -> PathBuf {
    let path = env.home.path().join("concurrency.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// `renew` with `args` and the config `text`; the most requests the CA had in flight at once.
fn peak_of_renew(proxy: &Proxy, env: &Env, text: &str, args: &[&str]) -> usize {
    let config = config(env, text);
    let mut all = vec![
        "renew",
        "--no-random-delay",
        "--json",
        "--config",
        config.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    proxy.reset_peak();
    let run = env.run(&all);
    run.expect_code(0);
    assert!(
        run.json()["result"]["failed"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    proxy.peak_in_flight()
}

#[test]
fn renew_orders_at_most_the_cas_configured_number_at_once() {
    let (_pebble, proxy, env) = four_lineages(slow_ca(false));
    let bounded_here = format!(
        "[limits]\nconcurrency = 4\n[limits.concurrency_by_ca]\n{:?} = 1\n",
        proxy.directory
    );
    let force = ["--force"];
    // This CA's own bound wins over the one for every CA.
    assert_eq!(peak_of_renew(&proxy, &env, &bounded_here, &force), 1);
    // Without it, the four orders overlap at the slow CA: the count above could fail.
    let every_ca = "[limits]\nconcurrency = 4\n";
    assert!(peak_of_renew(&proxy, &env, every_ca, &force) >= 2);
    // `--concurrency` sets every CA's bound for the run.
    let flag = ["--force", "--concurrency", "1"];
    assert_eq!(peak_of_renew(&proxy, &env, every_ca, &flag), 1);
}

#[test]
fn the_ari_refresh_asks_a_ca_at_most_its_configured_number_at_once() {
    let (_pebble, proxy, env) = four_lineages(slow_ca(true));
    let ari_due = || {
        for name in NAMES {
            let mut state = env.lineage_state(name);
            state.as_object_mut().unwrap().remove("ari_next_fetch");
            let path = env.lineage(name).join("state.json");
            std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
        }
    };
    ari_due();
    let asked = proxy.count("GET", "/renewal-info/");
    let bounded_here = format!(
        "[limits]\nconcurrency = 4\n[limits.concurrency_by_ca]\n{:?} = 1\n",
        proxy.directory
    );
    assert_eq!(peak_of_renew(&proxy, &env, &bounded_here, &[]), 1);
    // Every lineage was asked about, one after another.
    assert_eq!(proxy.count("GET", "/renewal-info/") - asked, NAMES.len());
    ari_due();
    assert!(peak_of_renew(&proxy, &env, "[limits]\nconcurrency = 4\n", &[]) >= 2);
}

#[test]
fn a_concurrency_out_of_range_or_for_an_unknown_ca_is_refused_naming_the_key() {
    let env = Env::new();
    for (text, says) in [
        (
            "[limits]\nconcurrency = 0\n",
            "[limits] concurrency = 0 is out of range",
        ),
        (
            "[limits.concurrency_by_ca]\nletsencrypt = 100\n",
            "[limits] concurrency_by_ca.\"letsencrypt\" = 100 is out of range",
        ),
        (
            "[limits.concurrency_by_ca]\n\"http://ca.example/dir\" = 2\n",
            "names 'http://ca.example/dir', which is neither a CA preset nor a directory URL",
        ),
    ] {
        let config = config(&env, text);
        let run = env.run(&["renew", "--json", "--config", config.to_str().unwrap()]);
        run.expect_code(2);
        let error = run.json()["error"].clone();
        assert!(
            error["message"].as_str().unwrap().contains(says),
            "{text}: {error}"
        );
        assert!(error["hint"].is_string(), "{text}: {error}");
    }
}
