//! The `certkeep/v1` JSON document of every command that `json_contract.rs` does not pin, each
//! run through the real binary in success and in failure. The mirrors are written apart from the
//! `src` types: `deny_unknown_fields` fails on an added or renamed key, and [`strict`] writes each
//! mirror back and compares, so a dropped key (an `Option` left `null`) fails too.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::harness::{Env, Pebble, Run};
use crate::json_contract::{Envelope, envelope, is_rfc3339_utc};

/// `error.kind` for each exit code (DESIGN.md).
fn kind_of(code: i32) -> &'static str {
    match code {
        1 => "internal",
        2 => "usage",
        3 => "ca_refused",
        4 => "transient",
        5 => "validation_failed",
        6 => "storage",
        7 => "hook_failed",
        8 => "locked",
        9 => "security",
        10 => "partial_failure",
        129 => "hangup",
        130 => "interrupted",
        143 => "terminated",
        other => panic!("no kind for exit code {other}"),
    }
}

/// The one document of `run`, checked against its exit code: `command`, `ok`, `error.kind`.
#[track_caller]
pub(crate) fn document(run: &Run, command: &str, code: i32) -> Envelope {
    run.expect_code(code);
    let doc = envelope(&run.stdout);
    assert_eq!(doc.schema, "certkeep/v1");
    assert_eq!(doc.command, command);
    assert_eq!(doc.ok, code == 0, "{}", run.stdout);
    match &doc.error {
        None => assert!(doc.ok && !doc.result.is_null(), "{}", run.stdout),
        Some(error) => {
            assert_eq!(error.kind, kind_of(code), "{}", run.stdout);
            assert!(!error.message.is_empty());
        }
    }
    doc
}

/// A failure with no result.
#[track_caller]
pub(crate) fn failure(run: &Run, command: &str, code: i32) {
    let doc = document(run, command, code);
    assert!(doc.result.is_null(), "{}", run.stdout);
}

/// `value` read into the mirror `T`, which must write back exactly the same keys and values.
#[track_caller]
pub(crate) fn strict<T: DeserializeOwned + Serialize>(value: &Value) -> T {
    let mirror: T =
        serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{e}: {value:#}"));
    assert_eq!(
        &serde_json::to_value(&mirror).unwrap(),
        value,
        "a key is missing or has another shape"
    );
    mirror
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountDoc {
    name: String,
    ca: String,
    url: String,
    contact: Vec<String>,
    status: String,
    eab_kid: Option<String>,
    key_thumbprint: String,
    key_type: String,
    created: String,
    key_path: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountListDoc {
    accounts: Vec<AccountDoc>,
    errors: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RollOverDoc {
    account: AccountDoc,
    old_key_thumbprint: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeactivateDoc {
    account: AccountDoc,
}

#[test]
fn every_account_command_follows_the_v1_contract() {
    let pebble = Pebble::start();
    let env = Env::new();
    let root = pebble.tls_root.to_str().unwrap().to_owned();
    let mut register = vec![
        "account",
        "register",
        "--ca",
        &pebble.directory,
        "--ca-root",
        &root,
        "--json",
    ];
    failure(&env.run(&register), "account register", 2);
    register.extend(["--email", "ops@example.org", "--agree-tos"]);
    let doc = document(&env.run(&register), "account register", 0);
    let account: AccountDoc = strict(&doc.result);
    assert_eq!(
        (account.name.as_str(), account.status.as_str()),
        ("default", "valid")
    );
    assert!(is_rfc3339_utc(&account.created));

    let doc = document(&env.run(&["account", "list", "--json"]), "account list", 0);
    let list: AccountListDoc = strict(&doc.result);
    assert_eq!(list.accounts.len(), 1);

    let doc = document(&env.run(&["account", "show", "--json"]), "account show", 0);
    let _: AccountDoc = strict(&doc.result);
    let nope = env.run(&["account", "show", "nope", "--json"]);
    failure(&nope, "account show", 2);

    let doc = document(
        &env.run(&["account", "rollover", "--json"]),
        "account rollover",
        0,
    );
    let rolled: RollOverDoc = strict(&doc.result);
    assert_ne!(rolled.old_key_thumbprint, rolled.account.key_thumbprint);
    let nope = env.run(&["account", "rollover", "nope", "--json"]);
    failure(&nope, "account rollover", 2);

    let run = env.run(&["account", "deactivate", "default", "--json"]);
    let doc = document(&run, "account deactivate", 0);
    let gone: DeactivateDoc = strict(&doc.result);
    assert_eq!(gone.account.status, "deactivated");
    let nope = env.run(&["account", "deactivate", "nope", "--json"]);
    failure(&nope, "account deactivate", 2);
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShowDoc {
    name: String,
    status: String,
    days_left: Option<i64>,
    spec: SpecDoc,
    current: Option<RecordDoc>,
    paths: Option<PathsDoc>,
    pem: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecDoc {
    identifiers: Vec<String>,
    key_type: String,
    ca: String,
    account: String,
    challenge: String,
    profile: Option<String>,
    preferred_chain: Option<String>,
    use_csr: bool,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EditDoc {
    name: String,
    changes: Vec<String>,
    spec: SpecDoc,
}

#[test]
fn edit_follows_the_v1_contract() {
    let env = Env::new();
    let lego = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/lego");
    env.run(&["import", "lego", lego]).expect_code(0);
    let args = [
        "edit",
        "web.example.net",
        "--key-type",
        "rsa-2048",
        "--profile",
        "tlsserver",
        "--json",
    ];
    let edit: EditDoc = strict(&document(&env.run(&args), "edit", 0).result);
    assert_eq!(edit.changes.len(), 2, "{:?}", edit.changes);
    assert_eq!(edit.spec.key_type, "rsa-2048");
    let again: EditDoc = strict(&document(&env.run(&args), "edit", 0).result);
    assert!(again.changes.is_empty(), "{:?}", again.changes);
    let bad = [
        "edit",
        "web.example.net",
        "--profile",
        "no spaces",
        "--json",
    ];
    failure(&env.run(&bad), "edit", 2);
    failure(&env.run(&["edit", "web.example.net", "--json"]), "edit", 2);
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordDoc {
    version: u32,
    serial: String,
    identifiers: Vec<String>,
    not_before: String,
    not_after: String,
    issuer: String,
    key_type: Option<String>,
    issued_at: String,
    order_url: Option<String>,
    ca: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PathsDoc {
    cert: String,
    chain: String,
    fullchain: String,
    privkey: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HooksTestDoc {
    name: String,
    outcomes: Vec<HookOutcomeDoc>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HookOutcomeDoc {
    command: String,
    exit_code: Option<i32>,
    timed_out: bool,
    error: Option<String>,
    output_tail: String,
    duration_secs: f64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevokeDoc {
    name: String,
    serial: String,
    reason: Option<String>,
    deleted: bool,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeleteDoc {
    name: String,
}

#[test]
fn show_hooks_revoke_and_delete_follow_the_v1_contract() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let ok = [
        "-d",
        "kept.example.org",
        "--deploy-hook",
        "echo deployed",
        "-q",
    ];
    env.obtain(&pebble, &ok).expect_code(0);
    let failing = ["-d", "hook.example.org", "--deploy-hook", "false", "-q"];
    env.obtain(&pebble, &failing).expect_code(7);

    let doc = document(&env.run(&["show", "kept.example.org", "--json"]), "show", 0);
    let show: ShowDoc = strict(&doc.result);
    let current = show.current.expect("issued");
    assert!(is_rfc3339_utc(&current.not_after) && is_rfc3339_utc(&current.issued_at));
    assert!(show.pem.is_none() && show.paths.is_some());
    let run = env.run(&["show", "kept.example.org", "--pem", "--json"]);
    let pem: ShowDoc = strict(&document(&run, "show", 0).result);
    assert!(
        pem.pem
            .is_some_and(|p| p.starts_with("-----BEGIN CERTIFICATE-----"))
    );
    failure(&env.run(&["show", "nope", "--json"]), "show", 2);

    let run = env.run(&["hooks", "test", "kept.example.org", "--json"]);
    let hooks: HooksTestDoc = strict(&document(&run, "hooks test", 0).result);
    assert_eq!(hooks.outcomes[0].exit_code, Some(0));
    // A failed hook: the report and the error in one document.
    let run = env.run(&["hooks", "test", "hook.example.org", "--json"]);
    let hooks: HooksTestDoc = strict(&document(&run, "hooks test", 7).result);
    assert_eq!(hooks.outcomes[0].exit_code, Some(1));
    failure(
        &env.run(&["hooks", "test", "nope", "--json"]),
        "hooks test",
        2,
    );

    failure(&env.run(&["status", "nope", "--json"]), "status", 2);
    failure(&env.run(&["renew", "nope", "--json"]), "renew", 2);
    let not_a_dir = env.home.path().join("not-a-dir");
    std::fs::write(&not_a_dir, "x").unwrap();
    let run = env.run(&["list", "--store", not_a_dir.to_str().unwrap(), "--json"]);
    failure(&run, "list", 2);

    let run = env.run(&[
        "revoke",
        "kept.example.org",
        "--reason",
        "superseded",
        "--json",
    ]);
    let revoked: RevokeDoc = strict(&document(&run, "revoke", 0).result);
    assert_eq!(
        (revoked.reason.as_deref(), revoked.deleted),
        (Some("superseded"), false)
    );
    failure(&env.run(&["revoke", "nope", "--json"]), "revoke", 2);

    let run = env.run(&["delete", "kept.example.org", "--json"]);
    let deleted: DeleteDoc = strict(&document(&run, "delete", 0).result);
    assert_eq!(deleted.name, "kept.example.org");
    failure(
        &env.run(&["delete", "kept.example.org", "--json"]),
        "delete",
        2,
    );
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DnsCheckDoc {
    name: String,
    record: String,
    target: String,
    delegated: bool,
    servers: Vec<ServerDoc>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerDoc {
    server: String,
    txt: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersistDoc {
    record: String,
    value: String,
    servers: Vec<ServerDoc>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AcmeDnsDoc {
    name: String,
    cname_record: String,
    cname_target: String,
    credentials: String,
}

#[test]
fn every_dns_command_follows_the_v1_contract() {
    use crate::harness::acme_dns::AcmeDns;
    let pebble = Pebble::start();
    // dns-persist-01 needs the CA's CAA identity, which Pebble's directory does not name.
    let rule: crate::harness::proxy::Rule = std::sync::Arc::new(|exchange| {
        if exchange.path == "/dir" {
            let mut doc: Value = serde_json::from_slice(&exchange.body).unwrap();
            doc["meta"]["caaIdentities"] = serde_json::json!(["pebble.example"]);
            exchange.body = serde_json::to_vec(&doc).unwrap();
        }
    });
    let proxy = crate::harness::proxy::Proxy::start(&pebble, rule);
    let env = Env::new();
    let server = format!("127.0.0.1:{}", pebble.dns_port);

    let check = [
        "dns",
        "check",
        "-d",
        "www.example.org",
        "--dns-check-server",
        &server,
    ];
    let run = env.run(&[&check[..], &["--json"]].concat());
    let doc: DnsCheckDoc = strict(&document(&run, "dns check", 0).result);
    assert_eq!(doc.record, "_acme-challenge.www.example.org");
    let run = env.run(&["dns", "check", "-d", "192.0.2.1", "--json"]);
    failure(&run, "dns check", 2);

    let persist = ["dns", "persist-record", "-d", "example.org", "--json"];
    failure(&env.run(&persist), "dns persist-record", 2);
    env.register_at(&proxy.directory, &pebble);
    let doc: PersistDoc = strict(&document(&env.run(&persist), "dns persist-record", 0).result);
    assert!(
        doc.value.starts_with("pebble.example; accounturi="),
        "{}",
        doc.value
    );

    // Not published: the report of what each server holds, and the error.
    let run = env.run(&[
        "dns",
        "persist-check",
        "-d",
        "example.org",
        "--dns-check-server",
        &server,
        "--json",
    ]);
    let doc: PersistDoc = strict(&document(&run, "dns persist-check", 5).result);
    assert_eq!(doc.servers.len(), 1);

    let acme_dns = AcmeDns::start(&pebble);
    let root = pebble.tls_root.to_str().unwrap().to_owned();
    let register = |url: &str| {
        env.run(&[
            "--ca-root",
            &root,
            "dns",
            "acme-dns",
            "register",
            "--acme-dns-url",
            url,
            "-d",
            "shop.example.org",
            "--json",
        ])
    };
    let doc: AcmeDnsDoc =
        strict(&document(&register(&acme_dns.url), "dns acme-dns register", 0).result);
    assert_eq!(doc.cname_record, "_acme-challenge.shop.example.org");
    let closed = format!("https://127.0.0.1:{}", crate::harness::free_port());
    failure(&register(&closed), "dns acme-dns register", 4);
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretDoc {
    name: String,
    backend: String,
    location: String,
    reference: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitsDoc {
    units: String,
}

/// `secret set NAME --json` with `value` on stdin.
fn secret_set(env: &Env, value: &str) -> Run {
    env.run_with_stdin(&["secret", "set", "token", "--json"], value.as_bytes())
}

#[test]
fn secret_systemd_and_daemon_follow_the_v1_contract() {
    let env = Env::new();
    let run = secret_set(&env, "s3cret-value\n");
    let doc: SecretDoc = strict(&document(&run, "secret set", 0).result);
    assert_eq!(
        (doc.backend.as_str(), doc.reference.as_str()),
        ("files", "keyring:token")
    );
    assert!(!run.stdout.contains("s3cret-value"));
    failure(&secret_set(&env, ""), "secret set", 2);

    for args in [&["systemd", "print"][..], &["systemd", "print", "--timer"]] {
        let run = env.run(&[args, &["--json"]].concat());
        let doc: UnitsDoc = strict(&document(&run, "systemd print", 0).result);
        assert!(
            doc.units.starts_with("# /etc/systemd/system/"),
            "{}",
            doc.units
        );
    }
    let run = env.run(&["systemd", "print", "--timer", "--daemon", "--json"]);
    failure(&run, "systemd print", 2);

    // The daemon runs until a signal and prints no document then; a start that fails does.
    let run = env.run(&["daemon", "--concurrency", "100000", "--json"]);
    failure(&run, "daemon", 2);
    // The fleet's http-01 responder needs the fleet.
    let run = env.run(&["daemon", "--http-listen", "127.0.0.1:0", "--json"]);
    failure(&run, "daemon", 2);
    assert!(run.stdout.contains("--fleet"), "{}", run.stdout);
}

/// The keys of every `--events` line: the line's version, its certificate and its order (`null`
/// where they do not apply, but always present).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventEnvelope {
    pub v: u32,
    pub cert: Option<String>,
    pub order: Option<String>,
}

/// The rest of an `--events` line: each kind with exactly its keys.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum EventKind {
    AccountRegistered {
        url: String,
    },
    OrderCreated {
        pending: usize,
    },
    ChallengePresented {
        identifier: String,
        challenge: String,
    },
    ValidationStarted {
        count: usize,
    },
    AuthorizationsValid,
    Finalizing,
    CertificateIssued {
        serial: String,
        not_after: String,
    },
    Stored {
        version: u32,
    },
    Renewing {
        reason: String,
    },
    RenewFailed {
        message: String,
    },
    Waiting {
        seconds: u64,
        reason: String,
    },
    DnsPending {
        record: String,
        servers: Vec<String>,
    },
    HookRan {
        stage: String,
        command: String,
        ok: bool,
        exit_code: Option<i32>,
        timed_out: bool,
        error: Option<String>,
        output: String,
    },
    CleanupFailed {
        identifier: String,
        message: String,
    },
    Warning {
        message: String,
    },
}

impl EventKind {
    /// The `event` key, as written.
    pub(crate) fn name(&self) -> String {
        serde_json::to_value(self).unwrap()["event"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// Every line of `stderr` read strictly as an `--events` line: its envelope and its kind.
#[track_caller]
pub(crate) fn event_lines(stderr: &str) -> Vec<(EventEnvelope, EventKind)> {
    stderr
        .lines()
        .map(|line| {
            let mut kind: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}\n{stderr}"));
            let mut take = |key: &str| {
                kind.as_object_mut()
                    .and_then(|object| object.remove(key))
                    .unwrap_or_else(|| panic!("no '{key}' in {line}"))
            };
            let envelope =
                serde_json::json!({"v": take("v"), "cert": take("cert"), "order": take("order")});
            (strict(&envelope), strict(&kind))
        })
        .collect()
}
