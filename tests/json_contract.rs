//! The `certkeep/v1` JSON contract, pinned by mirror structs written apart from the `src` types:
//! any field added, renamed or dropped fails here.

use serde::Deserialize;
use serde_json::Value;

use crate::harness::{Env, Pebble};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Envelope {
    pub(crate) schema: String,
    pub(crate) command: String,
    pub(crate) ok: bool,
    pub(crate) result: Value,
    pub(crate) error: Option<ErrorDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
pub(crate) struct ErrorDoc {
    pub(crate) kind: String,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
    acme_problem: Option<Problem>,
    pub(crate) retry_after: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct Problem {
    #[serde(rename = "type")]
    kind: Option<String>,
    detail: Option<String>,
    status: Option<u16>,
    subproblems: Vec<Subproblem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct Subproblem {
    identifier: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    detail: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct ObtainResult {
    name: String,
    identifiers: Vec<String>,
    serial: String,
    not_before: String,
    not_after: String,
    issuer: String,
    key_type: Option<String>,
    version: Option<u32>,
    ca: String,
    account: String,
    order_url: String,
    paths: Option<Paths>,
    dry_run: bool,
    issued: bool,
    changes: Vec<String>,
    next_renewal: Option<String>,
    warnings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct Paths {
    cert: String,
    chain: String,
    fullchain: String,
    privkey: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct ListResult {
    certificates: Vec<CertSummary>,
    damaged: Vec<DamagedCert>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct DamagedCert {
    name: String,
    file: String,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct CertSummary {
    name: String,
    identifiers: Vec<String>,
    not_after: Option<String>,
    days_left: Option<i64>,
    status: String,
    ca: Option<String>,
    version: Option<u32>,
    revocation: Option<Revocation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct Revocation {
    serial: String,
    reason: Option<String>,
    revoked_at: String,
}

/// Optional fields in the mirrors would accept a dropped key; this catches that.
fn assert_keys(value: &Value, keys: &[&str]) {
    let mut got: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    got.sort_unstable();
    let mut want = keys.to_vec();
    want.sort_unstable();
    assert_eq!(got, want);
}

pub(crate) fn envelope(stdout: &str) -> Envelope {
    assert_eq!(
        stdout.trim_end().lines().count(),
        1,
        "exactly one document: {stdout}"
    );
    let doc: Value = serde_json::from_str(stdout).unwrap();
    assert_keys(&doc, &["schema", "command", "ok", "result", "error"]);
    serde_json::from_value(doc).unwrap()
}

pub(crate) fn is_rfc3339_utc(s: &str) -> bool {
    s.ends_with('Z')
        && time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
}

#[test]
fn obtain_list_and_errors_follow_the_v1_contract() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);

    let run = env.obtain(&pebble, &["-d", "json.example.org", "--json"]);
    run.expect_code(0);
    let doc = envelope(&run.stdout);
    assert_eq!(
        (doc.schema.as_str(), doc.command.as_str(), doc.ok),
        ("certkeep/v1", "obtain", true)
    );
    assert!(doc.error.is_none());
    assert_keys(
        &doc.result,
        &[
            "name",
            "identifiers",
            "serial",
            "not_before",
            "not_after",
            "issuer",
            "key_type",
            "version",
            "ca",
            "account",
            "order_url",
            "paths",
            "dry_run",
            "issued",
            "changes",
            "next_renewal",
            "warnings",
        ],
    );
    assert_keys(
        &doc.result["paths"],
        &["cert", "chain", "fullchain", "privkey"],
    );
    let obtain: ObtainResult = serde_json::from_value(doc.result).unwrap();
    assert!(is_rfc3339_utc(&obtain.not_before) && is_rfc3339_utc(&obtain.not_after));
    assert!(obtain.serial.bytes().all(|b| b.is_ascii_hexdigit()));

    let run = env.run(&["list", "--json"]);
    let doc = envelope(&run.stdout);
    assert_eq!(doc.command, "list");
    assert_keys(&doc.result, &["certificates", "damaged"]);
    for cert in doc.result["certificates"].as_array().unwrap() {
        assert_keys(
            cert,
            &[
                "name",
                "identifiers",
                "not_after",
                "days_left",
                "status",
                "ca",
                "version",
                "revocation",
            ],
        );
    }
    let list: ListResult = serde_json::from_value(doc.result).unwrap();
    assert_eq!(list.certificates[0].name, "json.example.org");

    // Failures: one document, ok false, error.kind matching the exit code.
    let elsewhere = format!("127.0.0.1:{}", crate::harness::free_port());
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (
            vec!["obtain", "-d", "bad;name", "--listen", &elsewhere, "--json"],
            2,
            "usage",
        ),
        (
            vec![
                "obtain",
                "-d",
                "fails.example.org",
                "--listen",
                &elsewhere,
                "--json",
            ],
            5,
            "validation_failed",
        ),
        (vec!["show", "nope", "--json"], 2, "usage"),
    ];
    for (args, code, kind) in cases {
        let run = env.run(&args);
        run.expect_code(code);
        let doc = envelope(&run.stdout);
        assert!(!doc.ok);
        assert!(doc.result.is_null());
        let error = doc.error.expect("error object");
        assert_eq!(error.kind, kind, "{args:?}");
        assert!(!error.message.is_empty());
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct RenewResult {
    renewed: Vec<RenewedCert>,
    failed: Vec<FailedCert>,
    not_due: Vec<NotDueCert>,
    retired: Vec<String>,
    hooks_failed: Vec<String>,
    dry_run: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct RenewedCert {
    name: String,
    serial: String,
    not_after: String,
    version: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct FailedCert {
    name: String,
    kind: String,
    message: String,
    retry_after: Option<String>,
    hint: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct NotDueCert {
    name: String,
    next: String,
    reason: String,
    backing_off: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct StatusResult {
    certificates: Vec<StatusCert>,
    damaged: Vec<DamagedCert>,
    daemon: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the shape is the assertion")]
struct StatusCert {
    name: String,
    status: String,
    revocation: Option<Revocation>,
    warnings: Vec<String>,
    not_after: Option<String>,
    next_renewal: Option<String>,
    reason: String,
    backing_off: bool,
    failures: u32,
    last_error: Option<String>,
    last_attempt: Option<String>,
    last_success: Option<String>,
    ari_window_start: Option<String>,
    ari_window_end: Option<String>,
    ari_explanation_url: Option<String>,
    ari_replaces_ignored: bool,
    ari_problem: Option<String>,
    pending_hooks: Vec<String>,
    deploy: Option<crate::json_contract_install::DeployStateDoc>,
}

#[test]
fn renew_and_status_follow_the_v1_contract() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", "contract.example.org", "-q"])
        .expect_code(0);

    let renew = env.run(&["renew", "--force", "--no-random-delay", "--json"]);
    renew.expect_code(0);
    let doc = envelope(&renew.stdout);
    assert_eq!((doc.command.as_str(), doc.ok), ("renew", true));
    assert_keys(
        &doc.result,
        &[
            "renewed",
            "failed",
            "not_due",
            "retired",
            "hooks_failed",
            "dry_run",
        ],
    );
    assert_keys(
        &doc.result["renewed"][0],
        &["name", "serial", "not_after", "version"],
    );
    let result: RenewResult = serde_json::from_value(doc.result).unwrap();
    assert!(is_rfc3339_utc(&result.renewed[0].not_after));

    let idle = envelope(&env.run(&["renew", "--no-random-delay", "--json"]).stdout);
    assert_keys(
        &idle.result["not_due"][0],
        &["name", "next", "reason", "backing_off"],
    );
    let _: RenewResult = serde_json::from_value(idle.result).unwrap();

    let status = envelope(&env.run(&["status", "--json"]).stdout);
    assert_eq!(status.command, "status");
    assert_keys(&status.result, &["certificates", "damaged", "daemon"]);
    assert_keys(
        &status.result["certificates"][0],
        &[
            "name",
            "status",
            "revocation",
            "warnings",
            "not_after",
            "next_renewal",
            "reason",
            "backing_off",
            "failures",
            "last_error",
            "last_attempt",
            "last_success",
            "ari_window_start",
            "ari_window_end",
            "ari_explanation_url",
            "ari_replaces_ignored",
            "ari_problem",
            "pending_hooks",
            "deploy",
        ],
    );
    let status: StatusResult = serde_json::from_value(status.result).unwrap();
    assert!(
        status.certificates[0]
            .next_renewal
            .as_deref()
            .is_some_and(is_rfc3339_utc)
    );
}
