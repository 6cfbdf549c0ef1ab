//! Benchmark: the first ARI round over 10,000 lineages on a local CA (issue 11; goal <= 5 s).
//!
//! Pebble 2.4 has no renewal-information endpoint, so the test proxy of the integration tests
//! (`tests/harness/proxy.rs`) stands in front of it and answers every `renewalInfo` request
//! with a window ten days ahead. One real certificate is copied under `ARI_LINEAGES` names
//! (default 10,000); each measured run first clears every lineage's schedule (its state as
//! `obtain` left it), so `renew` with nothing due asks the CA about every one of them. The
//! whole process is measured with `/usr/bin/time` (wall, CPU, peak RSS), `RUNS` times
//! (default 3). Run it with `cargo bench --bench ari_round`; `CERTKEEP_BIN` names another
//! certkeep binary to measure instead of the one built with the bench (before/after figures),
//! and `ARI_PERF=FILE` records a profile of each run with `perf record -g` (see [`measure`]).

#![expect(
    unreachable_pub,
    reason = "items of the benchmark binary are crate-private whatever they say"
)]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    clippy::needless_pass_by_value,
    clippy::print_stdout,
    reason = "a benchmark reports on stdout; a failed unwrap is a failed run; it reads its \
              settings and PATH from the environment"
)]

#[path = "../harness/mod.rs"]
mod harness;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use harness::proxy::{Exchange, Proxy, Rule};
use harness::{Env, Pebble};

/// Offers renewal information in the directory and answers every request for it.
fn offers_ari() -> Rule {
    Arc::new(|exchange: &mut Exchange| {
        if exchange.path == "/dir" {
            let mut doc: serde_json::Value = serde_json::from_slice(&exchange.body).unwrap();
            let renewal_info = doc["newOrder"]
                .as_str()
                .unwrap()
                .replace("/order-plz", "/renewal-info");
            doc["renewalInfo"] = serde_json::Value::String(renewal_info);
            exchange.body = serde_json::to_vec(&doc).unwrap();
        } else if exchange.method == "GET" && exchange.path.starts_with("/renewal-info/") {
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
                .insert(http::header::RETRY_AFTER, "21600".parse().unwrap());
            exchange.body = serde_json::to_vec(&serde_json::json!({
                "suggestedWindow": {"start": at(10), "end": at(11)}
            }))
            .unwrap();
        }
    })
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Copies the seed lineage under `count` names, each with the seed's first state.
fn copy_lineages(store: &Path, count: usize) {
    let certs = store.join("certs");
    let spec = std::fs::read_to_string(certs.join("seed.bench.test/spec.toml")).unwrap();
    for i in 1..=count {
        let to = certs.join(format!("c{i}"));
        let copied = Command::new("cp")
            .arg("-a")
            .arg(certs.join("seed.bench.test"))
            .arg(&to)
            .status()
            .unwrap();
        assert!(copied.success());
        let renamed = spec.replace("name = \"seed.bench.test\"", &format!("name = \"c{i}\""));
        std::fs::write(to.join("spec.toml"), renamed).unwrap();
    }
}

/// Puts `state` back as every lineage's state: nothing asked about yet (the windows an earlier
/// run saved over it, in the store's `ari.json`, are removed, and those an older build saved
/// beside each `state.json`, so that `CERTKEEP_BIN` can time one).
fn reset_states(store: &Path, state: &[u8]) {
    let remove = |path: std::path::PathBuf| match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => panic!("{e}"),
        _ => {}
    };
    for entry in std::fs::read_dir(store.join("certs")).unwrap() {
        let dir = entry.unwrap().path();
        std::fs::write(dir.join("state.json"), state).unwrap();
        remove(dir.join("ari.json"));
    }
    remove(store.join("ari.json"));
}

/// The binary measured: `CERTKEEP_BIN` when set (to time an older build with the same bench),
/// else the one cargo built with this bench.
fn certkeep_binary() -> std::ffi::OsString {
    std::env::var_os("CERTKEEP_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_certkeep").into())
}

/// One measured `renew`: (wall seconds, CPU seconds, peak RSS in KiB). With `ARI_PERF` set
/// to a file name, `renew` runs under `perf record -g` writing there (the figures then include
/// perf's own cost: a run to profile, not to time).
fn measure(env: &Env) -> (f64, f64, u64) {
    let report = env.home.path().join("time.txt");
    let mut time = Command::new("/usr/bin/time");
    time.arg("-f").arg("%e %U %S %M").arg("-o").arg(&report);
    if let Some(profile) = std::env::var_os("ARI_PERF") {
        time.args(["perf", "record", "-g", "-o"])
            .arg(profile)
            .arg("--");
    }
    let status = time
        .arg(certkeep_binary())
        .args(["-q", "renew", "--no-random-delay"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home.path())
        .env("CERTKEEP_STORE", &env.store)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("/usr/bin/time (Debian package time) runs");
    assert!(status.success(), "renew failed: {status}");
    let text = std::fs::read_to_string(&report).unwrap();
    let fields: Vec<f64> = text
        .split_whitespace()
        .map(|f| f.parse().unwrap())
        .collect();
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "time prints the peak RSS as a whole number of KiB"
    )]
    let rss = fields[3] as u64;
    (fields[0], fields[1] + fields[2], rss)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let count = setting("ARI_LINEAGES", 10_000);
    let runs = setting("RUNS", 3);
    let pebble = Pebble::start();
    let proxy = Proxy::start(&pebble, offers_ari());
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    env.obtain(&pebble, &["-d", "seed.bench.test", "-q"])
        .expect_code(0);
    let first_state = std::fs::read(env.lineage("seed.bench.test").join("state.json")).unwrap();
    copy_lineages(&env.store, count);
    let (mut walls, mut cpus, mut peak) = (Vec::new(), Vec::new(), 0);
    for _ in 0..runs {
        reset_states(&env.store, &first_state);
        let asked = proxy.count("GET", "/renewal-info/");
        let (wall, cpu, rss) = measure(&env);
        let now_asked = proxy.count("GET", "/renewal-info/") - asked;
        assert_eq!(now_asked, count + 1, "every lineage asked about once");
        walls.push(wall);
        cpus.push(cpu);
        peak = peak.max(rss);
    }
    println!(
        "first ARI round, {} lineages: median {:.2} s over {runs} runs ({walls:?}), CPU median {:.2} s, peak RSS {peak} KiB",
        count + 1,
        median(&mut walls.clone()),
        median(&mut cpus),
    );
}
