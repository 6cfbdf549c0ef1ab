//! The `certkeep/v1` JSON documents of `install` and `deploy`, and the `deploy` state `status`
//! shows, through the real binary: strict mirrors as in `json_contract_all.rs`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::harness::{Env, Pebble};
use crate::json_contract::is_rfc3339_utc;
use crate::json_contract_all::{document, failure, strict};

/// `state.deploy` as `status` shows it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeployStateDoc {
    version: u32,
    at: String,
    ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    verified: Vec<VerifiedDoc>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VerifiedDoc {
    address: String,
    sni: String,
    served_serial: Option<String>,
    expected_serial: String,
    ok: bool,
    error: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstallDoc {
    name: String,
    action: String,
    install: Vec<InstallGroupDoc>,
    targets: Vec<WrittenDoc>,
    reloads: Vec<ReloadDoc>,
    verified: Vec<VerifiedDoc>,
    error: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstallGroupDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    preset: Option<String>,
    targets: Vec<InstallTargetDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    config_test: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reload: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    verify: Option<Value>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstallTargetDoc {
    path: String,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pkcs12_password: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeployDoc {
    certificates: Vec<CertDeployDoc>,
    reloads: Vec<ReloadDoc>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CertDeployDoc {
    name: String,
    version: u32,
    serial: String,
    targets: Vec<WrittenDoc>,
    verified: Vec<VerifiedDoc>,
    ok: bool,
    error: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenDoc {
    path: String,
    kind: String,
    owner: u32,
    group: u32,
    mode: String,
    written: bool,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReloadDoc {
    command: Option<String>,
    certificates: Vec<String>,
    ok: bool,
    rolled_back: bool,
    error: Option<String>,
}

#[test]
fn install_and_deploy_follow_the_v1_contract() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble).expect_code(0);
    env.obtain(&pebble, &["-d", "contract.example.test"])
        .expect_code(0);
    let dir = tempfile::tempdir().unwrap();
    let fullchain = dir.path().join("fullchain.pem");
    let added = env.run(&[
        "install",
        "contract.example.test",
        "--fullchain",
        fullchain.to_str().unwrap(),
        "--reload",
        "/bin/true",
        "--json",
    ]);
    let doc = document(&added, "install", 0);
    let added: InstallDoc = strict(&doc.result);
    assert_eq!(added.targets[0].mode, "0644");
    assert!(added.targets[0].written);
    assert_eq!(added.reloads.len(), 1);
    let listed = env.run(&["install", "contract.example.test", "--list", "--json"]);
    let listed: InstallDoc = strict(&document(&listed, "install", 0).result);
    assert_eq!(listed.action, "list");
    assert!(listed.targets.is_empty() && listed.reloads.is_empty());
    let deployed = env.run(&["deploy", "--json"]);
    let deployed: DeployDoc = strict(&document(&deployed, "deploy", 0).result);
    assert!(
        !deployed.certificates[0].targets[0].written,
        "unchanged the second time"
    );
    let status = env.run(&["status", "contract.example.test", "--json"]);
    let status = document(&status, "status", 0);
    let state: DeployStateDoc = strict(&status.result["certificates"][0]["deploy"]);
    assert!(state.ok && is_rfc3339_utc(&state.at));
    let failed = env.run(&["deploy", "no-such.example.test", "--json"]);
    failure(&failed, "deploy", 2);
    let bad = env.run(&[
        "install",
        "contract.example.test",
        "--key",
        "relative.pem",
        "--mode",
        "0644",
        "--json",
    ]);
    failure(&bad, "install", 2);
}
