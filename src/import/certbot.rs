//! certbot's config directory: `accounts/<server>/<id>/` (JWK key, `regr.json`),
//! `renewal/<name>.conf` (settings), `live/<name>/*.pem` links into `archive/<name>/` where
//! every generation is kept.
//!
//! The renewal confs record absolute paths of the machine they were written on; the files are
//! found from the source directory instead (`live/` links are relative), so a copied config
//! directory imports the same.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::plan::shell_hook;
use super::{
    Client, ImportError, ImportPlan, PlannedAccount, PlannedCert, PlannedChallenge, TakeOver, cert,
    contacts_at, keys, read_file, relative, sorted_entries,
};
use crate::domain::{ChallengeSpec, Hooks, KeySpec};

/// Reads a certbot config directory.
pub(super) fn read(dir: &Path) -> Result<ImportPlan, ImportError> {
    if !dir.join("renewal").is_dir() && !dir.join("accounts").is_dir() {
        return Err(ImportError::NotRecognised {
            client: Client::Certbot,
            dir: dir.to_path_buf(),
            missing: "it has neither 'renewal/' nor 'accounts/'".into(),
        });
    }
    let mut plan = ImportPlan::new(Client::Certbot, dir);
    let account_ids = read_accounts(dir, &mut plan);
    let global_hooks = hook_dirs(dir);
    for conf_path in sorted_entries(&dir.join("renewal")) {
        let Some(name) = conf_path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".conf"))
            .map(str::to_owned)
        else {
            continue;
        };
        let source = format!("renewal/{name}.conf");
        match read_lineage(dir, &name, &conf_path, &account_ids, &global_hooks) {
            Ok((cert, old_skips)) => {
                for (generation, reason) in old_skips {
                    plan.skip(format!("archive/{name}/cert{generation}.pem"), reason);
                }
                plan.certificates.push(cert);
            }
            Err(reason) => plan.skip(source, reason),
        }
    }
    Ok(plan)
}

/// Reads every account; returns certbot's account ids mapped to account URLs.
fn read_accounts(dir: &Path, plan: &mut ImportPlan) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    let mut stack = vec![dir.join("accounts")];
    while let Some(current) = stack.pop() {
        if current.join("private_key.json").is_file() {
            let rel = relative(dir, &current);
            match read_account(dir, &current) {
                Ok((id, account)) => {
                    ids.insert(id, account.url.clone());
                    plan.accounts.push(account);
                }
                Err(reason) => plan.skip(rel, reason),
            }
            continue;
        }
        stack.extend(sorted_entries(&current).into_iter().filter(|p| p.is_dir()));
    }
    plan.accounts.sort_by(|a, b| a.source.cmp(&b.source));
    ids
}

fn read_account(dir: &Path, account_dir: &Path) -> Result<(String, PlannedAccount), String> {
    let key = keys::from_jwk(&read_file(&account_dir.join("private_key.json"))?)
        .map_err(|e| format!("private_key.json: {e}"))?;
    let regr: serde_json::Value =
        serde_json::from_slice(&read_file(&account_dir.join("regr.json"))?)
            .map_err(|e| format!("regr.json is not JSON: {e}"))?;
    let url = regr
        .get("uri")
        .and_then(serde_json::Value::as_str)
        .ok_or("regr.json records no account URL")?
        .to_owned();
    let contact = contacts_at(&regr, "/body/contact");
    // accounts/<host[:port]>/<path...>/<id>: the server's directory URL without its scheme.
    let rel = account_dir
        .strip_prefix(dir.join("accounts"))
        .map_err(|_| "the account is outside 'accounts/'")?;
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let id = parts.pop().ok_or("the account directory has no id")?;
    let ca = format!("https://{}", parts.join("/"));
    Ok((
        id,
        PlannedAccount {
            source: relative(dir, account_dir),
            ca,
            ca_inferred: false,
            url,
            contact,
            key,
            name: "certbot".to_owned(),
        },
    ))
}

/// `renewal-hooks/{pre,deploy,post}/*` as hooks (certbot runs them for every lineage).
fn hook_dirs(dir: &Path) -> Hooks {
    let paths = |stage: &str| {
        sorted_entries(&dir.join("renewal-hooks").join(stage))
            .into_iter()
            .filter(|p| p.is_file())
            .filter_map(|p| shell_hook(&shell_quote(&p.to_string_lossy())))
            .collect()
    };
    Hooks {
        pre: paths("pre"),
        post: paths("post"),
        deploy: paths("deploy"),
        failure: Vec::new(),
    }
}

type OldGenerationSkips = Vec<(u32, String)>;

fn read_lineage(
    dir: &Path,
    name: &str,
    conf_path: &Path,
    account_ids: &BTreeMap<String, String>,
    global_hooks: &Hooks,
) -> Result<(PlannedCert, OldGenerationSkips), String> {
    let conf = parse_conf(&String::from_utf8_lossy(&read_file(conf_path)?));
    let live = dir.join("live").join(name);
    let current = current_generation(&live.join("cert.pem"));
    let archive = dir.join("archive").join(name);
    let mut generations = Vec::new();
    let mut skips = Vec::new();
    if let Some(current) = current {
        for n in 1..current {
            let read = || -> Result<_, String> {
                let cert_pem = read_file(&archive.join(format!("cert{n}.pem")))?;
                let chain = read_file(&archive.join(format!("chain{n}.pem")))?;
                let key = read_file(&archive.join(format!("privkey{n}.pem")))?;
                cert::read_generation(&cert_pem, Some(&chain), &key).map_err(|e| e.to_string())
            };
            match read() {
                Ok(generation) => generations.push(generation),
                Err(reason) => skips.push((n, format!("an older generation: {reason}"))),
            }
        }
    }
    let cert_pem = read_file(&live.join("cert.pem"))?;
    let chain = read_file(&live.join("chain.pem"))?;
    let key = read_file(&live.join("privkey.pem"))?;
    let generation =
        cert::read_generation(&cert_pem, Some(&chain), &key).map_err(|e| e.to_string())?;
    let key_type = key_type(&conf).or(generation.key_type).unwrap_or_default();
    generations.push(generation);

    let mut hooks = global_hooks.clone();
    hooks
        .pre
        .extend(conf.get("pre_hook").and_then(|h| shell_hook(h)));
    hooks
        .post
        .extend(conf.get("post_hook").and_then(|h| shell_hook(h)));
    hooks
        .deploy
        .extend(conf.get("renew_hook").and_then(|h| shell_hook(h)));
    let (challenge, secret) = match conf.get("authenticator").map(String::as_str) {
        Some("dns-rfc2136") => super::certbot_dns::rfc2136(&conf, name),
        _ => (challenge(&conf), None),
    };
    let take_over = ["cert", "chain", "fullchain", "privkey"]
        .iter()
        .map(|file| TakeOver {
            file: if *file == "privkey" { "key" } else { file },
            path: conf
                .get(*file)
                .map_or_else(|| live.join(format!("{file}.pem")), PathBuf::from),
        })
        .collect();
    let cert = PlannedCert {
        source: format!("live/{name}"),
        wanted_name: name.to_owned(),
        name: None,
        ca: conf.get("server").cloned().unwrap_or_default(),
        account_url: conf
            .get("account")
            .and_then(|id| account_ids.get(id))
            .cloned(),
        key_type,
        challenge,
        preferred_chain: conf.get("preferred_chain").cloned(),
        hooks,
        generations,
        take_over,
        secret,
    };
    Ok((cert, skips))
}

/// The generation `live/NAME/cert.pem` links to (`../../archive/NAME/certN.pem`); a checkout
/// without symlinks leaves the link target as the file's text, which is read the same way.
fn current_generation(link: &Path) -> Option<u32> {
    let target = if let Ok(target) = std::fs::read_link(link) {
        target.to_string_lossy().into_owned()
    } else {
        let text = read_file(link).ok()?;
        (text.len() < 512).then(|| String::from_utf8_lossy(&text).trim().to_owned())?
    };
    let file = target.rsplit('/').next()?;
    file.strip_prefix("cert")?
        .strip_suffix(".pem")?
        .parse()
        .ok()
}

fn key_type(conf: &BTreeMap<String, String>) -> Option<KeySpec> {
    match conf.get("key_type").map(String::as_str) {
        Some("rsa") => match conf.get("rsa_key_size").map(String::as_str) {
            Some("3072") => Some(KeySpec::Rsa3072),
            Some("4096") => Some(KeySpec::Rsa4096),
            _ => Some(KeySpec::Rsa2048),
        },
        Some("ecdsa") => match conf.get("elliptic_curve").map(String::as_str) {
            Some("secp384r1") => Some(KeySpec::EcP384),
            _ => Some(KeySpec::EcP256),
        },
        _ => None,
    }
}

fn challenge(conf: &BTreeMap<String, String>) -> PlannedChallenge {
    let authenticator = conf.get("authenticator").map_or("", String::as_str);
    match authenticator {
        "standalone" => {
            let address = conf.get("http01_address").map_or("0.0.0.0", String::as_str);
            let address = if address.is_empty() {
                "0.0.0.0"
            } else {
                address
            };
            let port = conf.get("http01_port").map_or("80", String::as_str);
            let listen = if address.contains(':') {
                format!("[{address}]:{port}")
            } else {
                format!("{address}:{port}")
            };
            PlannedChallenge::Spec(ChallengeSpec::Http01Standalone { listen })
        }
        "webroot" => {
            let from_map = conf
                .iter()
                .find(|(k, _)| k.starts_with("webroot_map."))
                .map(|(_, v)| v.clone());
            let from_list = conf
                .get("webroot_path")
                .and_then(|list| list.split(',').map(str::trim).find(|p| !p.is_empty()))
                .map(str::to_owned);
            match from_map.or(from_list) {
                Some(path) => PlannedChallenge::Spec(ChallengeSpec::Http01Webroot {
                    path: PathBuf::from(path),
                }),
                None => PlannedChallenge::NeedsChoice {
                    recorded: "webroot without a recorded path".into(),
                },
            }
        }
        other => PlannedChallenge::NeedsChoice {
            recorded: format!("certbot authenticator '{other}'"),
        },
    }
}

/// certbot's renewal conf (configobj): `key = value` lines; section keys are flattened as
/// `section.key` except `[renewalparams]`, whose keys are the settings themselves.
pub(super) fn parse_conf(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut section = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            line.trim_matches(|c| c == '[' || c == ']')
                .clone_into(&mut section);
            if section == "renewalparams" {
                section.clear();
            }
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            let key = key.trim();
            let key = if section.is_empty() {
                key.to_owned()
            } else {
                format!("{section}.{key}")
            };
            out.entry(key).or_insert_with(|| value.trim().to_owned());
        }
    }
    out
}

fn shell_quote(path: &str) -> String {
    format!("'{}'", path.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DnsProvider;

    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/certbot/config")
    }

    fn by_name<'a>(plan: &'a ImportPlan, name: &str) -> &'a PlannedCert {
        plan.certificates
            .iter()
            .find(|c| c.wanted_name == name)
            .unwrap_or_else(|| panic!("no lineage {name}"))
    }

    #[test]
    fn the_certbot_fixture_plans_every_lineage_with_its_settings() {
        let plan = read(&fixture()).unwrap();
        assert!(plan.skipped.is_empty(), "{:?}", plan.skipped);
        assert_eq!(plan.accounts.len(), 1);
        let account = &plan.accounts[0];
        assert_eq!(account.ca, "https://localhost:26000/dir");
        assert_eq!(
            account.url,
            "https://localhost:26000/my-account/d685b5cf2e6da9"
        );
        assert!(account.contact.is_empty(), "certbot 5 keeps no contact");
        assert_eq!(account.key.key_type, Some(KeySpec::Rsa2048));

        let web = by_name(&plan, "web.example.com");
        assert_eq!(web.ca, "https://localhost:26000/dir");
        assert_eq!(web.account_url.as_deref(), Some(account.url.as_str()));
        assert_eq!(web.key_type, KeySpec::EcP256);
        assert_eq!(
            web.challenge,
            PlannedChallenge::Spec(ChallengeSpec::Http01Standalone {
                listen: "127.0.0.1:26002".into()
            })
        );
        assert_eq!(web.hooks.deploy[0].command, ["systemctl reload nginx"]);
        assert!(web.hooks.deploy[0].shell);
        let names: Vec<String> = web.identifiers().iter().map(ToString::to_string).collect();
        assert_eq!(names, ["web.example.com", "www.example.com"]);
        assert_eq!(web.current().unwrap().serial, "6167fc5ded20fb52");
        assert_eq!(
            web.take_over[0].path,
            Path::new("/etc/letsencrypt/live/web.example.com/cert.pem")
        );

        let api = by_name(&plan, "api.example.com");
        assert_eq!(api.key_type, KeySpec::Rsa2048);
        assert_eq!(
            api.challenge,
            PlannedChallenge::Spec(ChallengeSpec::Http01Webroot {
                path: "/var/tmp/pebble-test/www/api.example.com".into()
            })
        );
        assert_eq!(api.current().unwrap().serial, "67ab594be84afa4a");
    }

    #[test]
    fn certbots_archive_generations_become_older_versions_in_order() {
        let plan = read(&fixture()).unwrap();
        let old = by_name(&plan, "old.example.com");
        assert_eq!(old.generations.len(), 2);
        assert_eq!(old.generations[1].serial, "4f220b1e44697f53");
        assert_ne!(old.generations[0].serial, old.generations[1].serial);
        assert!(old.generations[0].not_after <= old.generations[1].not_after);
        assert_eq!(old.key_type, KeySpec::EcP256);
    }

    #[test]
    fn a_lineage_whose_key_does_not_match_is_skipped_and_the_rest_imported() {
        let copy = tempfile::tempdir().unwrap();
        copy_dir(&fixture(), copy.path());
        let live = copy.path().join("live/web.example.com/privkey.pem");
        std::fs::remove_file(&live).unwrap();
        std::fs::copy(
            fixture().join("archive/api.example.com/privkey1.pem"),
            &live,
        )
        .unwrap();
        let plan = read(copy.path()).unwrap();
        assert_eq!(plan.certificates.len(), 2);
        assert_eq!(plan.skipped.len(), 1);
        assert_eq!(plan.skipped[0].source, "renewal/web.example.com.conf");
        assert!(
            plan.skipped[0].reason.contains("does not match"),
            "{:?}",
            plan.skipped
        );
    }

    #[test]
    fn dns_rfc2136_credentials_become_a_dns_spec_with_the_secret_kept_apart() {
        let copy = tempfile::tempdir().unwrap();
        copy_dir(&fixture(), copy.path());
        let ini = copy.path().join("rfc2136.ini");
        std::fs::write(
            &ini,
            "dns_rfc2136_server = 192.0.2.53\ndns_rfc2136_port = 5353\n\
             dns_rfc2136_name = certbot.\ndns_rfc2136_secret = c2VjcmV0LXZhbHVl\n\
             dns_rfc2136_algorithm = HMAC-SHA512\n",
        )
        .unwrap();
        let conf = copy.path().join("renewal/web.example.com.conf");
        let text = std::fs::read_to_string(&conf).unwrap().replace(
            "authenticator = standalone",
            &format!(
                "authenticator = dns-rfc2136\ndns_rfc2136_credentials = {}",
                ini.display()
            ),
        );
        std::fs::write(&conf, text).unwrap();
        let plan = read(copy.path()).unwrap();
        let web = by_name(&plan, "web.example.com");
        let PlannedChallenge::Spec(ChallengeSpec::Dns01(dns)) = &web.challenge else {
            panic!("not dns-01: {:?}", web.challenge);
        };
        assert_eq!(
            dns.provider,
            DnsProvider::Rfc2136 {
                server: "192.0.2.53:5353".into(),
                tsig_key_name: "certbot.".into(),
                tsig_secret: "keyring:certbot-web.example.com-tsig".into(),
                tsig_algorithm: Some("hmac-sha512".into()),
                zone: None,
            }
        );
        let secret = web.secret.as_ref().unwrap();
        assert_eq!(secret.name, "certbot-web.example.com-tsig");
        assert_eq!(secret.value.expose(), "c2VjcmV0LXZhbHVl");
        assert!(
            !format!("{plan:?}").contains("c2VjcmV0LXZhbHVl"),
            "the secret leaks in Debug"
        );

        // certbot's default algorithm, HMAC-MD5, is not one certkeep signs with.
        std::fs::write(
            &ini,
            "dns_rfc2136_server = 192.0.2.53\ndns_rfc2136_name = k.\ndns_rfc2136_secret = eA==\n",
        )
        .unwrap();
        let plan = read(copy.path()).unwrap();
        let web = by_name(&plan, "web.example.com");
        assert!(
            matches!(&web.challenge, PlannedChallenge::NeedsChoice { recorded } if recorded.contains("hmac-md5")),
            "{:?}",
            web.challenge
        );
        assert!(web.secret.is_none());
    }

    #[test]
    fn a_directory_that_is_not_certbots_is_not_recognised() {
        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            read(empty.path()),
            Err(ImportError::NotRecognised { .. })
        ));
    }

    fn copy_dir(from: &Path, to: &Path) {
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target)
                    .unwrap();
            } else if kind.is_dir() {
                std::fs::create_dir(&target).unwrap();
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
}
