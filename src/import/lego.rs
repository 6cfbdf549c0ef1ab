//! lego's `--path`: `accounts/<host_port>/<email>/` (`account.json`, `keys/<email>.key`) and
//! `certificates/<domain>.{crt,key,json}`. lego keeps one generation and records neither the
//! challenge nor the CA's directory path (only its host), so those are inferred and marked.

use std::path::Path;

use super::{
    Client, ImportError, ImportPlan, PlannedAccount, PlannedCert, PlannedChallenge, cert,
    contacts_at, keys, read_file, relative, sorted_entries,
};
use crate::domain::Hooks;

/// Reads a lego `--path` directory.
pub(super) fn read(dir: &Path) -> Result<ImportPlan, ImportError> {
    if !dir.join("certificates").is_dir() && !dir.join("accounts").is_dir() {
        return Err(ImportError::NotRecognised {
            client: Client::Lego,
            dir: dir.to_path_buf(),
            missing: "it has neither 'certificates/' nor 'accounts/'".into(),
        });
    }
    let mut plan = ImportPlan::new(Client::Lego, dir);
    for host_dir in sorted_entries(&dir.join("accounts")) {
        for account_dir in sorted_entries(&host_dir) {
            match read_account(dir, &host_dir, &account_dir) {
                Ok(account) => plan.accounts.push(account),
                Err(reason) => plan.skip(relative(dir, &account_dir), reason),
            }
        }
    }
    for crt in sorted_entries(&dir.join("certificates")) {
        let Some(file) = crt.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = file
            .strip_suffix(".crt")
            .filter(|s| !s.ends_with(".issuer"))
        else {
            continue;
        };
        let source = format!("certificates/{file}");
        match read_cert(dir, stem, &plan) {
            Ok(cert) => plan.certificates.push(cert),
            Err(reason) => plan.skip(source, reason),
        }
    }
    Ok(plan)
}

/// The directory URL lego used, from the account directory's `host_port` name. lego does not
/// record the path; the ACME convention `/directory` is assumed and marked as inferred, except
/// for the CAs whose directory is known.
fn inferred_ca(host_dir_name: &str) -> String {
    let host = match host_dir_name.rsplit_once('_') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => format!("{host}:{port}"),
        _ => host_dir_name.to_owned(),
    };
    match host.as_str() {
        "acme.zerossl.com" => "https://acme.zerossl.com/v2/DV90".to_owned(),
        _ => format!("https://{host}/directory"),
    }
}

fn read_account(dir: &Path, host_dir: &Path, account_dir: &Path) -> Result<PlannedAccount, String> {
    let email = account_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or("no account directory name")?;
    let json: serde_json::Value =
        serde_json::from_slice(&read_file(&account_dir.join("account.json"))?)
            .map_err(|e| format!("account.json is not JSON: {e}"))?;
    let url = json
        .pointer("/registration/uri")
        .and_then(serde_json::Value::as_str)
        .ok_or("account.json records no account URL")?
        .to_owned();
    let contact = contacts_at(&json, "/registration/body/contact");
    let key = keys::from_pem(&read_file(
        &account_dir.join("keys").join(format!("{email}.key")),
    )?)
    .map_err(|e| format!("the account key: {e}"))?;
    let host_name = host_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(PlannedAccount {
        source: relative(dir, account_dir),
        ca: inferred_ca(&host_name),
        ca_inferred: !host_name.starts_with("acme.zerossl.com"),
        url,
        contact,
        key,
        name: "lego".to_owned(),
    })
}

fn read_cert(dir: &Path, stem: &str, plan: &ImportPlan) -> Result<PlannedCert, String> {
    let base = dir.join("certificates");
    let crt = read_file(&base.join(format!("{stem}.crt")))?;
    let key = read_file(&base.join(format!("{stem}.key")))?;
    let generation = cert::read_generation(&crt, None, &key).map_err(|e| e.to_string())?;
    let meta: Option<serde_json::Value> = read_file(&base.join(format!("{stem}.json")))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let domain = meta
        .as_ref()
        .and_then(|m| m.get("domain"))
        .and_then(serde_json::Value::as_str)
        .map_or_else(|| stem.to_owned(), str::to_owned);
    let cert_url = meta
        .as_ref()
        .and_then(|m| m.get("certUrl"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    // The account of the CA host the certificate came from, when there is exactly one.
    let same_host: Vec<&PlannedAccount> = plan
        .accounts
        .iter()
        .filter(|a| host_of(&a.url).is_some_and(|h| Some(h) == host_of(cert_url)))
        .collect();
    let (ca, account_url) = match same_host.as_slice() {
        [one] => (one.ca.clone(), Some(one.url.clone())),
        _ => (
            host_of(cert_url)
                .map(|h| format!("https://{h}/directory"))
                .unwrap_or_default(),
            None,
        ),
    };
    Ok(PlannedCert {
        source: format!("certificates/{stem}.crt"),
        wanted_name: domain.replace("*.", "_wildcard."),
        name: None,
        ca,
        account_url,
        key_type: generation.key_type.unwrap_or_default(),
        challenge: PlannedChallenge::NeedsChoice {
            recorded: "lego does not record the challenge".into(),
        },
        preferred_chain: None,
        hooks: Hooks::default(),
        generations: vec![generation],
        take_over: Vec::new(),
        secret: None,
    })
}

fn host_of(url: &str) -> Option<&str> {
    url.strip_prefix("https://")?.split('/').next()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::domain::KeySpec;

    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/lego")
    }

    #[test]
    fn the_lego_fixture_plans_its_account_and_three_certificates() {
        let plan = read(&fixture()).unwrap();
        assert!(plan.skipped.is_empty(), "{:?}", plan.skipped);
        assert_eq!(plan.accounts.len(), 1);
        let account = &plan.accounts[0];
        assert_eq!(
            account.url,
            "https://localhost:26000/my-account/19999b891b060280"
        );
        assert_eq!(account.contact, ["mailto:admin@example.net"]);
        assert_eq!(account.key.key_type, Some(KeySpec::EcP256));
        assert!(account.ca_inferred);
        let serials: Vec<(&str, &str, KeySpec)> = plan
            .certificates
            .iter()
            .map(|c| {
                (
                    c.wanted_name.as_str(),
                    c.current().unwrap().serial.as_str(),
                    c.key_type,
                )
            })
            .collect();
        assert_eq!(
            serials,
            [
                ("api.example.net", "6074029bd12a0af2", KeySpec::Rsa2048),
                ("old.example.net", "3f655255da7d4a39", KeySpec::EcP256),
                ("web.example.net", "0eadfb21cb425481", KeySpec::EcP256),
            ]
        );
        for cert in &plan.certificates {
            assert_eq!(cert.account_url.as_deref(), Some(account.url.as_str()));
            assert_eq!(cert.generations.len(), 1, "lego keeps one generation");
        }
    }
}
