//! acme.sh's home: `ca/<host>/<path>/` (`account.key`, `ca.conf`, `account.json`) and one
//! directory per certificate, `<domain>/` for RSA and `<domain>_ecc/` for EC, holding
//! `<domain>.conf` (shell assignments), `<domain>.cer`, `ca.cer` and `<domain>.key`.
//! acme.sh keeps one generation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine as _;

use super::plan::shell_hook;
use super::{
    Client, ImportError, ImportPlan, PlannedAccount, PlannedCert, PlannedChallenge, TakeOver, cert,
    contacts_at, keys, read_file, relative, sorted_entries,
};
use crate::domain::{ChallengeSpec, Hooks, KeySpec};

/// Reads an acme.sh home directory.
pub(super) fn read(dir: &Path) -> Result<ImportPlan, ImportError> {
    if !dir.join("ca").is_dir() && !dir.join("account.conf").is_file() {
        return Err(ImportError::NotRecognised {
            client: Client::AcmeSh,
            dir: dir.to_path_buf(),
            missing: "it has neither 'ca/' nor 'account.conf'".into(),
        });
    }
    let mut plan = ImportPlan::new(Client::AcmeSh, dir);
    let mut confs = Vec::new();
    for sub in sorted_entries(dir) {
        let Some(dir_name) = sub.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        if dir_name == "ca" || !sub.is_dir() {
            continue;
        }
        let domain = dir_name
            .strip_suffix("_ecc")
            .unwrap_or(&dir_name)
            .to_owned();
        let conf_path = sub.join(format!("{domain}.conf"));
        if conf_path.is_file() {
            confs.push((dir_name, domain, conf_path));
        }
    }
    let mut apis = Vec::new();
    for (_, _, path) in &confs {
        if let Ok(bytes) = read_file(path) {
            apis.extend(parse_conf(&String::from_utf8_lossy(&bytes)).remove("Le_API"));
        }
    }
    read_accounts(dir, &apis, &mut plan);
    for (dir_name, domain, conf_path) in confs {
        match read_cert(dir, &dir_name, &domain, &conf_path, &plan) {
            Ok(cert) => plan.certificates.push(cert),
            Err(reason) => plan.skip(dir_name, reason),
        }
    }
    Ok(plan)
}

/// `ca/<host>/<path>/`: acme.sh drops the port from the directory name, so the directory URL is
/// taken from a certificate's `Le_API` of the same host and path when there is one.
fn read_accounts(dir: &Path, apis: &[String], plan: &mut ImportPlan) {
    let mut stack = vec![dir.join("ca")];
    while let Some(current) = stack.pop() {
        if current.join("account.key").is_file() {
            match read_account(dir, &current, apis) {
                Ok(account) => plan.accounts.push(account),
                Err(reason) => plan.skip(relative(dir, &current), reason),
            }
            continue;
        }
        stack.extend(sorted_entries(&current).into_iter().filter(|p| p.is_dir()));
    }
}

fn read_account(dir: &Path, account_dir: &Path, apis: &[String]) -> Result<PlannedAccount, String> {
    let key = keys::from_pem(&read_file(&account_dir.join("account.key"))?)
        .map_err(|e| format!("account.key: {e}"))?;
    let ca_conf = parse_conf(&String::from_utf8_lossy(&read_file(
        &account_dir.join("ca.conf"),
    )?));
    let url = ca_conf
        .get("ACCOUNT_URL")
        .filter(|u| !u.is_empty())
        .ok_or("ca.conf records no ACCOUNT_URL")?
        .clone();
    let mut contact = read_file(&account_dir.join("account.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .map(|json| contacts_at(&json, "/contact"))
        .unwrap_or_default();
    if contact.is_empty()
        && let Some(email) = ca_conf.get("CA_EMAIL").filter(|e| !e.is_empty())
    {
        contact.push(format!("mailto:{email}"));
    }
    let rel = account_dir
        .strip_prefix(dir.join("ca"))
        .map_err(|_| "the account is outside 'ca/'")?
        .to_string_lossy()
        .into_owned();
    let (host, path) = rel.split_once('/').unwrap_or((rel.as_str(), ""));
    let recorded = apis.iter().find(|api| {
        api.strip_prefix("https://").is_some_and(|rest| {
            let (authority, api_path) = rest.split_once('/').unwrap_or((rest, ""));
            authority.split(':').next() == Some(host) && api_path == path
        })
    });
    Ok(PlannedAccount {
        source: relative(dir, account_dir),
        ca: recorded
            .cloned()
            .unwrap_or_else(|| format!("https://{rel}")),
        ca_inferred: recorded.is_none(),
        url,
        contact,
        key,
        name: "acme-sh".to_owned(),
    })
}

fn read_cert(
    dir: &Path,
    dir_name: &str,
    domain: &str,
    conf_path: &Path,
    plan: &ImportPlan,
) -> Result<PlannedCert, String> {
    let conf = parse_conf(&String::from_utf8_lossy(&read_file(conf_path)?));
    let base = dir.join(dir_name);
    let leaf = read_file(&base.join(format!("{domain}.cer")))?;
    let chain = read_file(&base.join("ca.cer"))?;
    let key = read_file(&base.join(format!("{domain}.key")))?;
    let generation = cert::read_generation(&leaf, Some(&chain), &key).map_err(|e| e.to_string())?;
    let key_type = match conf.get("Le_Keylength").map(String::as_str) {
        Some("ec-256") => KeySpec::EcP256,
        Some("ec-384") => KeySpec::EcP384,
        Some("2048") => KeySpec::Rsa2048,
        Some("3072") => KeySpec::Rsa3072,
        Some("4096") => KeySpec::Rsa4096,
        _ => generation.key_type.unwrap_or_default(),
    };
    let ca = conf.get("Le_API").cloned().unwrap_or_default();
    let account_url = plan
        .accounts
        .iter()
        .find(|a| a.ca == ca)
        .map(|a| a.url.clone());
    let hook = |name: &str| {
        conf.get(name)
            .map(|v| decode(v))
            .and_then(|v| shell_hook(&v))
    };
    let hooks = Hooks {
        pre: hook("Le_PreHook").into_iter().collect(),
        post: hook("Le_PostHook").into_iter().collect(),
        deploy: hook("Le_RenewHook")
            .into_iter()
            .chain(hook("Le_ReloadCmd"))
            .collect(),
        failure: Vec::new(),
    };
    let take_over = [
        ("cert", "Le_RealCertPath"),
        ("chain", "Le_RealCACertPath"),
        ("fullchain", "Le_RealFullChainPath"),
        ("key", "Le_RealKeyPath"),
    ]
    .iter()
    .filter_map(|(file, var)| {
        conf.get(*var).filter(|p| !p.is_empty()).map(|p| TakeOver {
            file,
            path: PathBuf::from(p),
        })
    })
    .collect();
    Ok(PlannedCert {
        source: dir_name.to_owned(),
        wanted_name: domain.replace("*.", "_wildcard."),
        name: None,
        ca,
        account_url,
        key_type,
        challenge: challenge(&conf),
        preferred_chain: conf
            .get("Le_Preferred_Chain")
            .filter(|c| !c.is_empty())
            .cloned(),
        hooks,
        generations: vec![generation],
        take_over,
        secret: None,
    })
}

fn challenge(conf: &BTreeMap<String, String>) -> PlannedChallenge {
    match conf.get("Le_Webroot").map(String::as_str) {
        Some("no") | None => {
            let address = conf
                .get("Le_LocalAddress")
                .and_then(|a| a.split(',').map(str::trim).find(|a| !a.is_empty()))
                .unwrap_or("0.0.0.0");
            let port = conf
                .get("Le_HTTPPort")
                .filter(|p| !p.is_empty())
                .map_or("80", String::as_str);
            let listen = if address.contains(':') {
                format!("[{address}]:{port}")
            } else {
                format!("{address}:{port}")
            };
            PlannedChallenge::Spec(ChallengeSpec::Http01Standalone { listen })
        }
        Some(path) if path.starts_with('/') => {
            PlannedChallenge::Spec(ChallengeSpec::Http01Webroot {
                path: PathBuf::from(path),
            })
        }
        Some(other) => PlannedChallenge::NeedsChoice {
            recorded: format!("acme.sh mode '{other}'"),
        },
    }
}

/// acme.sh stores some values as `__ACME_BASE64__START_<b64>__ACME_BASE64__END_`.
fn decode(value: &str) -> String {
    value
        .strip_prefix("__ACME_BASE64__START_")
        .and_then(|rest| rest.strip_suffix("__ACME_BASE64__END_"))
        .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
        .map_or_else(
            || value.to_owned(),
            |bytes| String::from_utf8_lossy(&bytes).into_owned(),
        )
}

/// `NAME='value'` lines as acme.sh writes them (single-quoted, no escapes inside).
fn parse_conf(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|line| line.trim().split_once('='))
        .map(|(k, v)| {
            (
                k.trim().to_owned(),
                v.trim().trim_matches('\'').trim_matches('"').to_owned(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/acme.sh/home")
    }

    #[test]
    fn the_acme_sh_fixture_plans_account_certificates_hooks_and_install_targets() {
        let plan = read(&fixture()).unwrap();
        assert!(plan.skipped.is_empty(), "{:?}", plan.skipped);
        assert_eq!(plan.accounts.len(), 1);
        let account = &plan.accounts[0];
        assert_eq!(account.ca, "https://localhost:26000/dir");
        assert!(!account.ca_inferred);
        assert_eq!(
            account.url,
            "https://localhost:26000/my-account/76e4ebc4fe04d004"
        );
        assert_eq!(account.contact, ["mailto:admin@example.org"]);
        let got: Vec<(&str, &str, KeySpec)> = plan
            .certificates
            .iter()
            .map(|c| {
                (
                    c.source.as_str(),
                    c.current().unwrap().serial.as_str(),
                    c.key_type,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("api.example.org", "5950aa23b2dadcb0", KeySpec::Rsa2048),
                ("old.example.org_ecc", "7817cbe16834d37d", KeySpec::EcP256),
                ("web.example.org_ecc", "4a6933f6b5bfe1eb", KeySpec::EcP256),
            ]
        );
        let old = &plan.certificates[1];
        assert_eq!(old.wanted_name, "old.example.org");
        assert_eq!(old.hooks.deploy[0].command, ["systemctl reload nginx"]);
        assert_eq!(
            old.take_over,
            [
                TakeOver {
                    file: "fullchain",
                    path: "/etc/ssl/acme-installed/old.example.org.fullchain.pem".into()
                },
                TakeOver {
                    file: "key",
                    path: "/etc/ssl/acme-installed/old.example.org.key".into()
                },
            ]
        );
        assert_eq!(old.account_url.as_deref(), Some(account.url.as_str()));
        assert_eq!(
            plan.certificates[2].challenge,
            PlannedChallenge::Spec(ChallengeSpec::Http01Standalone {
                listen: "127.0.0.1:26002".into()
            })
        );
    }

    #[test]
    fn rsa_and_ecc_twins_of_one_domain_get_distinct_names() {
        let copy = tempfile::tempdir().unwrap();
        let twin = copy.path().join("web.example.org");
        std::fs::create_dir(copy.path().join("ca")).unwrap();
        std::fs::create_dir(&twin).unwrap();
        std::fs::create_dir(copy.path().join("web.example.org_ecc")).unwrap();
        for file in [
            "web.example.org.conf",
            "web.example.org.cer",
            "ca.cer",
            "web.example.org.key",
        ] {
            let from = fixture().join("web.example.org_ecc").join(file);
            std::fs::copy(&from, twin.join(file)).unwrap();
            std::fs::copy(&from, copy.path().join("web.example.org_ecc").join(file)).unwrap();
        }
        let mut plan = read(copy.path()).unwrap();
        plan.assign_names("").unwrap();
        let mut names: Vec<String> = plan
            .certificates
            .iter()
            .map(|c| c.name.as_ref().unwrap().to_string())
            .collect();
        names.sort();
        assert_eq!(names, ["web.example.org", "web.example.org-2"]);
    }
}
