//! Progress events as scripts and logs see them: `--events` JSON lines that name the
//! certificate (and order) of every event even with several renewals in flight, all out before
//! the final report; and the daemon's log, timestamped unless journald reads it.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::harness::{Env, Pebble};
use crate::json_contract::is_rfc3339_utc;
use crate::json_contract_all::{EventEnvelope, EventKind, event_lines};

const NAMES: [&str; 4] = [
    "ev1.example.org",
    "ev2.example.org",
    "ev3.example.org",
    "ev4.example.org",
];

/// The steps of one certificate's renewal, in the order they happen.
const PIPELINE: [&str; 8] = [
    "renewing",
    "order_created",
    "challenge_presented",
    "validation_started",
    "authorizations_valid",
    "finalizing",
    "certificate_issued",
    "stored",
];

/// Events that belong to an order and must name it.
const ORDER_EVENTS: [&str; 7] = [
    "order_created",
    "challenge_presented",
    "validation_started",
    "authorizations_valid",
    "finalizing",
    "certificate_issued",
    "stored",
];

/// Each certificate's event kinds and the order URLs its order events named.
type PerCert = BTreeMap<String, (Vec<String>, Vec<String>)>;

#[track_caller]
fn by_certificate(lines: &[(EventEnvelope, EventKind)]) -> PerCert {
    let mut per_cert = PerCert::new();
    for (envelope, kind) in lines {
        assert_eq!(envelope.v, 1, "{envelope:?} {kind:?}");
        let cert = envelope
            .cert
            .as_deref()
            .unwrap_or_else(|| panic!("an event of no certificate: {kind:?}"));
        let entry = per_cert.entry(cert.to_owned()).or_default();
        let kind = kind.name();
        if ORDER_EVENTS.contains(&kind.as_str()) {
            let order = envelope
                .order
                .as_deref()
                .unwrap_or_else(|| panic!("an order event without its order: {kind}"));
            entry.1.push(order.to_owned());
        }
        entry.0.push(kind);
    }
    per_cert
}

#[test]
fn renew_events_name_each_certificate_and_order_in_pipeline_order_before_the_report() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    // `obtain --events --json`: stdout stays the one document, stderr is only event lines.
    // Its deploy hook runs for it alone: the hook's event is the certificate's too.
    let first = env.obtain(
        &pebble,
        &[
            "-d",
            NAMES[0],
            "--deploy-hook",
            "true",
            "--events",
            "--json",
        ],
    );
    first.expect_code(0);
    assert_eq!(first.json()["result"]["name"], NAMES[0]);
    let obtained = by_certificate(&event_lines(&first.stderr));
    assert_eq!(obtained.keys().collect::<Vec<_>>(), vec![NAMES[0]]);
    assert!(obtained[NAMES[0]].0.contains(&"hook_ran".to_owned()));
    let tested = env.run(&["hooks", "test", NAMES[0], "--events"]);
    tested.expect_code(0);
    let tested = by_certificate(&event_lines(&tested.stderr));
    assert_eq!(tested[NAMES[0]].0, vec!["hook_ran"], "{tested:?}");
    for name in &NAMES[1..] {
        env.obtain(&pebble, &["-d", name, "-q"]).expect_code(0);
    }

    // Four renewals in flight at once, stdout and stderr into one file: the order in which
    // the process wrote them is the order in the file.
    let combined = env.home.path().join("combined.out");
    let file = std::fs::File::create(&combined).unwrap();
    let status = env
        .command(&[
            "renew",
            "--force",
            "--no-random-delay",
            "--concurrency",
            "4",
            "--events",
        ])
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .status()
        .unwrap();
    let text = std::fs::read_to_string(&combined).unwrap();
    assert_eq!(status.code(), Some(0), "{text}");
    let json_part = text
        .lines()
        .take_while(|line| line.starts_with('{'))
        .collect::<Vec<_>>()
        .join("\n");
    let report: Vec<&str> = text.lines().skip_while(|l| l.starts_with('{')).collect();
    assert!(
        report.iter().all(|line| !line.starts_with('{')),
        "an event line after the report began:\n{text}"
    );
    for name in NAMES {
        assert!(
            report
                .iter()
                .any(|line| line.starts_with(&format!("Renewed '{name}'"))),
            "{text}"
        );
    }

    let renewed = by_certificate(&event_lines(&json_part));
    assert_eq!(renewed.keys().collect::<Vec<_>>(), NAMES.to_vec());
    assert!(renewed[NAMES[0]].0.contains(&"hook_ran".to_owned()));
    for (name, (kinds, orders)) in &renewed {
        let ranks: Vec<usize> = kinds
            .iter()
            .filter_map(|k| PIPELINE.iter().position(|p| p == k))
            .collect();
        assert!(
            ranks.windows(2).all(|w| w[0] <= w[1]),
            "{name}: out of pipeline order: {kinds:?}"
        );
        for step in [
            "renewing",
            "order_created",
            "finalizing",
            "certificate_issued",
            "stored",
        ] {
            assert_eq!(
                kinds.iter().filter(|k| *k == step).count(),
                1,
                "{name}: {step} in {kinds:?}"
            );
        }
        // Every order event names the one order the new version was issued from.
        let meta: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(env.lineage(name).join("versions/2/meta.json")).unwrap(),
        )
        .unwrap();
        let stored_order = meta["order_url"].as_str().unwrap();
        assert!(
            orders.iter().all(|o| o == stored_order),
            "{name}: {orders:?} vs {stored_order}"
        );
    }
}

/// Runs a daemon over a store whose one certificate is due, until its log shows the renewal
/// stored; returns the log's lines.
fn daemon_log(pebble: &Pebble, name: &str, journald: bool) -> Vec<String> {
    let env = Env::new();
    env.register(pebble);
    env.obtain(pebble, &["-d", name, "-q"]).expect_code(0);
    // A revoked certificate is due at once.
    env.run(&["revoke", name]).expect_code(0);
    let log = env.home.path().join("daemon.log");
    let mut cmd = env.command(&["daemon"]);
    if journald {
        cmd.env("JOURNAL_STREAM", "8:12345");
    }
    let mut daemon = cmd
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let text = loop {
        let text = std::fs::read_to_string(&log).unwrap();
        if text.contains("event=\"stored\"") {
            break text;
        }
        assert!(
            Instant::now() < deadline && daemon.try_wait().unwrap().is_none(),
            "the daemon logged no stored renewal:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(daemon.id()).unwrap()),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    assert_eq!(daemon.wait().unwrap().code(), Some(0));
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for step in ["renewing", "order_created", "stored"] {
        let line = lines
            .iter()
            .find(|l| l.contains(&format!("event=\"{step}\"")))
            .unwrap_or_else(|| panic!("no {step} line:\n{text}"));
        assert!(line.contains("INFO"), "{line}");
        assert!(line.contains(&format!("cert=\"{name}\"")), "{line}");
        if step != "renewing" {
            assert!(line.contains("order=\"https://"), "{line}");
        }
    }
    lines
}

#[test]
fn the_daemon_logs_events_with_timestamps_except_under_journald() {
    let pebble = Pebble::start();
    let stamped = daemon_log(&pebble, "stamped.example.org", false);
    for line in &stamped {
        let stamp = line.split_whitespace().next().unwrap_or_default();
        assert!(is_rfc3339_utc(stamp), "no RFC 3339 timestamp: {line}");
    }
    let journald = daemon_log(&pebble, "journald.example.org", true);
    for line in &journald {
        let level = line.split_whitespace().next().unwrap_or_default();
        assert!(
            ["INFO", "WARN", "ERROR"].contains(&level),
            "a line under journald that does not start with its level: {line}"
        );
    }
}

#[test]
fn on_a_terminal_each_certificate_has_a_spinner_erased_before_the_report() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    for name in &NAMES[..2] {
        env.obtain(&pebble, &["-d", name, "-q"]).expect_code(0);
    }
    // `script` gives certkeep a pseudo-terminal for stdout and stderr, and copies what it wrote.
    let renew = format!(
        "{} renew --force --no-random-delay --concurrency 2 --color never",
        env!("CARGO_BIN_EXE_certkeep")
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &renew, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home.path())
        .env("CERTKEEP_STORE", &env.store)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{text:?}");
    for name in &NAMES[..2] {
        assert!(
            text.contains(&format!("{name}: Finalizing sending the CSR")),
            "no spinner line for {name}: {text:?}"
        );
        assert!(
            text.contains(&format!("Stored {name}: version 2\r\n")),
            "{text:?}"
        );
    }
    assert!(
        text.contains("\u{1b}[2A\r\u{1b}[J"),
        "never redrawn: {text:?}"
    );
    // The report comes after the spinner area is erased, and nothing is drawn after it.
    let report = text.find("Renewed '").unwrap_or_else(|| panic!("{text:?}"));
    let erased = text.rfind("\u{1b}[J").unwrap();
    assert!(erased < report, "{text:?}");
    assert!(
        !text[report..].contains(|c| ('\u{2800}'..='\u{28ff}').contains(&c)),
        "a spinner after the report: {text:?}"
    );
}

#[test]
fn the_event_line_mirror_refuses_added_and_dropped_keys() {
    let good = r#"{"v":1,"cert":null,"order":null,"event":"finalizing"}"#;
    assert_eq!(event_lines(good).len(), 1);
    for bad in [
        r#"{"v":1,"cert":null,"order":null,"event":"finalizing","extra":1}"#,
        r#"{"v":1,"cert":null,"event":"finalizing"}"#,
        r#"{"v":1,"cert":null,"order":null,"event":"stored"}"#,
        r#"{"v":1,"cert":null,"order":null,"event":"no_such_event"}"#,
    ] {
        let read = std::panic::catch_unwind(|| event_lines(bad));
        assert!(read.is_err(), "the mirror accepted {bad}");
    }
}
