//! The `certkeep/v1` document of `import`, dry run and real, read into strict mirrors written
//! apart from the `src` types (see `json_contract_all.rs` for how [`strict`] works).

use serde::{Deserialize, Serialize};

use crate::harness::Env;
use crate::json_contract::is_rfc3339_utc;
use crate::json_contract_all::{document, failure, strict};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportDoc {
    dry_run: bool,
    client: String,
    source: String,
    accounts: Vec<ImportedAccountDoc>,
    imported: Vec<ImportedCertDoc>,
    skipped: Vec<SkippedDoc>,
    take_over: Vec<TakeOverDoc>,
    disable_old: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "mirrors the document's yes/no facts"
)]
struct ImportedAccountDoc {
    name: String,
    ca: String,
    ca_inferred: bool,
    url: String,
    contact: Vec<String>,
    key_type: Option<String>,
    can_sign: bool,
    moves_to_p256: bool,
    source: String,
    existing: bool,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportedCertDoc {
    name: String,
    renamed_from: Option<String>,
    source: String,
    identifiers: Vec<String>,
    serial: String,
    not_after: String,
    key_type: String,
    versions: usize,
    ca: String,
    account: Option<String>,
    challenge: Option<serde_json::Value>,
    needs_challenge_choice: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkippedDoc {
    source: String,
    reason: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TakeOverDoc {
    name: String,
    file: String,
    path: String,
    certkeep_path: String,
    taken_over: bool,
}

fn fixture(path: &str) -> String {
    format!(
        "{}/tests/fixtures/import/{path}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn import_documents_match_their_mirrors_for_every_client() {
    let env = Env::new();
    for (client, dir) in [
        ("certbot", "certbot/config"),
        ("lego", "lego"),
        ("acme.sh", "acme.sh/home"),
    ] {
        let dir = fixture(dir);
        for extra in [&["--dry-run", "--take-over"][..], &[][..]] {
            let mut args = vec!["import", client, dir.as_str(), "--json"];
            args.extend_from_slice(extra);
            let doc = document(&env.run(&args), "import", 0);
            let report: ImportDoc = strict(&doc.result);
            assert_eq!(report.client, client);
            assert_eq!(report.dry_run, !extra.is_empty());
            assert_eq!(report.disable_old.is_empty(), extra.is_empty());
            assert_eq!(report.imported.len(), 3, "{client}");
            for cert in &report.imported {
                assert!(is_rfc3339_utc(&cert.not_after), "{}", cert.not_after);
                assert!(cert.challenge.is_some() != cert.needs_challenge_choice.is_some());
            }
        }
    }
    failure(
        &env.run(&["import", "lego", "/nonexistent", "--json"]),
        "import",
        2,
    );
}
