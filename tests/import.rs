//! `certkeep import`: the fixtures of real certbot, lego and acme.sh runs
//! (tests/fixtures/import/README.md) move into the store offline, leave the source byte for
//! byte as it was, and a second import adds nothing.

use std::path::{Path, PathBuf};

use crate::harness::{Env, pem_certs};

pub(crate) fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(path)
}

/// Every entry below `dir`: path, file bytes or link target, and mode.
pub(crate) fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let mode = meta.permissions().mode();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.push((path, target.into_os_string().into_encoded_bytes(), mode));
            } else if meta.is_dir() {
                out.push((path.clone(), Vec::new(), mode));
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes, mode));
            }
        }
    }
    out.sort();
    out
}

pub(crate) fn der_of(pem: &str) -> Vec<Vec<u8>> {
    x509_parser::pem::Pem::iter_from_buffer(pem.as_bytes())
        .map(|p| p.unwrap().contents)
        .collect()
}

pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn certbot_import_is_read_only_keeps_generations_and_a_second_run_adds_nothing() {
    let env = Env::new();
    let source = fixture("certbot/config");
    let before = snapshot(&source);
    // The recorded CA (localhost:26000) is gone: the import must not need it.
    let run = env.run(&["import", "certbot", source.to_str().unwrap(), "--json"]);
    run.expect_code(0);
    let doc = run.json();
    assert_eq!(snapshot(&source), before, "the source directory changed");
    let result = &doc["result"];
    assert_eq!(result["dry_run"], false);
    assert_eq!(result["imported"].as_array().unwrap().len(), 3, "{doc:#}");
    assert_eq!(result["skipped"].as_array().unwrap().len(), 0, "{doc:#}");

    // Generation 2 is current and generation 1 is kept as the older version, byte for byte.
    let old = env.lineage("old.example.com");
    let archive = fixture("certbot/config/archive/old.example.com");
    for n in [1, 2] {
        assert_eq!(
            der_of(&read(&old.join(format!("versions/{n}/cert.pem")))),
            der_of(&read(&archive.join(format!("cert{n}.pem")))),
            "version {n}"
        );
        assert_eq!(
            der_of(&read(&old.join(format!("versions/{n}/chain.pem")))),
            der_of(&read(&archive.join(format!("chain{n}.pem")))),
        );
    }
    let current = read(&old.join("current/cert.pem"));
    assert_eq!(der_of(&current), der_of(&read(&archive.join("cert2.pem"))));
    // The stored key (PKCS#8, 0600) is the certificate's key.
    let key_path = old.join("current/privkey.pem");
    assert_eq!(crate::harness::mode(&key_path), 0o600);
    let key = rcgen::KeyPair::from_pem(&read(&key_path)).unwrap();
    assert_eq!(
        pem_certs(&current)[0].3,
        rcgen::PublicKeyData::subject_public_key_info(&key)
    );

    // The spec carries the renewal settings and the account certbot used.
    let spec: toml::Value =
        toml::from_str(&read(&env.lineage("web.example.com").join("spec.toml"))).unwrap();
    assert_eq!(spec["identifiers"][0].as_str(), Some("web.example.com"));
    assert_eq!(spec["identifiers"][1].as_str(), Some("www.example.com"));
    assert_eq!(spec["key_type"].as_str(), Some("ec-p256"));
    assert_eq!(spec["ca"].as_str(), Some("https://localhost:26000/dir"));
    assert_eq!(spec["account"].as_str(), Some("certbot"));
    assert_eq!(
        spec["challenge"]["listen"].as_str(),
        Some("127.0.0.1:26002")
    );
    assert_eq!(
        spec["hooks"]["deploy"][0]["command"][0].as_str(),
        Some("systemctl reload nginx")
    );
    let accounts = env.run(&["account", "list", "--json"]);
    accounts.expect_code(0);
    let listed = accounts.json();
    let account = &listed["result"]["accounts"][0];
    assert_eq!(
        account["url"],
        "https://localhost:26000/my-account/d685b5cf2e6da9"
    );
    assert_eq!(account["ca"], "https://localhost:26000/dir");

    let store_before = env.snapshot();
    let again = env.run(&["import", "certbot", source.to_str().unwrap(), "--json"]);
    again.expect_code(0);
    let again = again.json();
    assert_eq!(again["result"]["imported"].as_array().unwrap().len(), 0);
    let skipped = again["result"]["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 3);
    assert!(skipped.iter().all(|s| {
        s["reason"]
            .as_str()
            .unwrap()
            .contains("already holds a certificate")
    }));
    assert_eq!(again["result"]["accounts"][0]["existing"], true);
    assert_eq!(
        env.snapshot(),
        store_before,
        "the second import changed the store"
    );
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let env = Env::new();
    let source = fixture("lego");
    let run = env.run(&["import", "lego", source.to_str().unwrap(), "--dry-run"]);
    run.expect_code(0);
    assert!(!env.store.exists(), "a dry run created the store");
    assert!(
        run.stdout.starts_with("Would import lego state from"),
        "{}",
        run.stdout
    );
    for name in ["web.example.net", "api.example.net", "old.example.net"] {
        assert!(run.stdout.contains(name), "{}", run.stdout);
    }
    assert!(
        run.stdout
            .contains("needs a challenge (lego does not record the challenge)"),
        "{}",
        run.stdout
    );
}

#[test]
fn acme_sh_take_over_lists_the_install_targets_and_the_cron_command() {
    let env = Env::new();
    let source = fixture("acme.sh/home");
    let run = env.run(&[
        "import",
        "acme.sh",
        source.to_str().unwrap(),
        "--take-over",
        "--name-prefix",
        "old-",
        "--json",
    ]);
    run.expect_code(0);
    let doc = run.json();
    let result = &doc["result"];
    assert_eq!(result["disable_old"][0], "acme.sh --uninstall-cronjob");
    let targets = result["take_over"].as_array().unwrap();
    let paths: Vec<&str> = targets
        .iter()
        .map(|t| t["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "/etc/ssl/acme-installed/old.example.org.fullchain.pem",
            "/etc/ssl/acme-installed/old.example.org.key"
        ]
    );
    assert!(targets.iter().all(|t| t["name"] == "old-old.example.org"));
    // Until certkeep installs there, the report names the file to point the service at.
    let lineage = env.lineage("old-old.example.org");
    assert_eq!(
        targets[0]["certkeep_path"].as_str().map(PathBuf::from),
        Some(lineage.join("current/fullchain.pem"))
    );
    assert!(lineage.join("current/fullchain.pem").is_file());
    assert_eq!(
        targets[1]["certkeep_path"].as_str().map(PathBuf::from),
        Some(lineage.join("current/privkey.pem"))
    );
    assert!(targets.iter().all(|t| t["taken_over"] == false));
    let imported = result["imported"].as_array().unwrap();
    assert!(
        imported
            .iter()
            .all(|c| c["name"].as_str().unwrap().starts_with("old-"))
    );
    assert_eq!(imported[0]["renamed_from"], "api.example.org");
    assert!(
        env.lineage("old-web.example.org")
            .join("spec.toml")
            .is_file()
    );
}

#[test]
fn a_directory_of_no_client_exits_2_and_a_bad_lineage_is_skipped_with_exit_0() {
    let env = Env::new();
    let empty = tempfile::tempdir().unwrap();
    let run = env.run(&[
        "import",
        "certbot",
        empty.path().to_str().unwrap(),
        "--json",
    ]);
    run.expect_code(2);
    let doc = run.json();
    assert!(
        doc["error"]["message"]
            .as_str()
            .unwrap()
            .contains("is not a certbot state directory"),
        "{doc:#}"
    );

    // A lego copy whose web key is truncated: that one is skipped, the rest imported.
    let copy = tempfile::tempdir().unwrap();
    let certificates = copy.path().join("certificates");
    std::fs::create_dir(&certificates).unwrap();
    for entry in std::fs::read_dir(fixture("lego/certificates")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), certificates.join(entry.file_name())).unwrap();
    }
    let key = certificates.join("web.example.net.key");
    let bytes = std::fs::read(&key).unwrap();
    std::fs::write(&key, &bytes[..bytes.len() / 2]).unwrap();
    let run = env.run(&["import", "lego", copy.path().to_str().unwrap(), "--json"]);
    run.expect_code(0);
    let doc = run.json();
    let skipped = doc["result"]["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{doc:#}");
    assert_eq!(skipped[0]["source"], "certificates/web.example.net.crt");
    assert!(
        skipped[0]["reason"]
            .as_str()
            .unwrap()
            .contains("private key")
    );
    assert_eq!(doc["result"]["imported"].as_array().unwrap().len(), 2);
}

/// Lays out an acme.sh home (as acme.sh 3.1 writes it: `ca/<host>/<path>/`, `<domain>_ecc/`)
/// from a certificate and account that `from` got from `pebble`, so the imported account is one
/// the CA knows.
fn acme_sh_home_from(
    from: &Env,
    pebble: &crate::harness::Pebble,
    domain: &str,
) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let account = from.account_dir();
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(account.join("account.json")).unwrap()).unwrap();
    let rest = pebble.directory.strip_prefix("https://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap();
    let host = authority.split(':').next().unwrap();
    let ca_dir = home.path().join("ca").join(host).join(path);
    std::fs::create_dir_all(&ca_dir).unwrap();
    std::fs::copy(account.join("account.key.pem"), ca_dir.join("account.key")).unwrap();
    std::fs::write(
        ca_dir.join("ca.conf"),
        format!(
            "CA_EMAIL='ops@example.org'\nACCOUNT_URL='{}'\n",
            record["url"].as_str().unwrap()
        ),
    )
    .unwrap();
    let cert_dir = home.path().join(format!("{domain}_ecc"));
    std::fs::create_dir(&cert_dir).unwrap();
    let lineage = from.lineage(domain).join("current");
    std::fs::copy(
        lineage.join("cert.pem"),
        cert_dir.join(format!("{domain}.cer")),
    )
    .unwrap();
    std::fs::copy(lineage.join("chain.pem"), cert_dir.join("ca.cer")).unwrap();
    std::fs::copy(
        lineage.join("privkey.pem"),
        cert_dir.join(format!("{domain}.key")),
    )
    .unwrap();
    std::fs::write(
        cert_dir.join(format!("{domain}.conf")),
        format!(
            "Le_Domain='{domain}'\nLe_Alt='no'\nLe_Webroot='no'\nLe_LocalAddress='127.0.0.1,'\n\
             Le_API='{}'\nLe_HTTPPort='{}'\nLe_Keylength='ec-256'\n",
            pebble.directory, pebble.http_port
        ),
    )
    .unwrap();
    home
}

#[test]
fn an_imported_lineage_renews_on_its_imported_account() {
    let pebble = crate::harness::Pebble::start();
    let old_client = Env::new();
    old_client.register(&pebble);
    old_client
        .obtain(&pebble, &["-d", "moved.example.org", "-q"])
        .expect_code(0);
    let source = acme_sh_home_from(&old_client, &pebble, "moved.example.org");
    let old_account: serde_json::Value = serde_json::from_slice(
        &std::fs::read(old_client.account_dir().join("account.json")).unwrap(),
    )
    .unwrap();

    let env = Env::new();
    let import = env.run(&[
        "import",
        "acme.sh",
        source.path().to_str().unwrap(),
        "--json",
    ]);
    import.expect_code(0);
    let imported = import.json();
    assert_eq!(
        imported["result"]["accounts"][0]["can_sign"], true,
        "{imported:#}"
    );
    let before = read(&env.lineage("moved.example.org").join("current/cert.pem"));

    let root = pebble.tls_root.to_str().unwrap();
    let renew = env.run(&[
        "--ca-root",
        root,
        "renew",
        "--force",
        "--no-random-delay",
        "--json",
    ]);
    renew.expect_code(0);
    let after = read(&env.lineage("moved.example.org").join("current/cert.pem"));
    assert_ne!(der_of(&after), der_of(&before), "no new certificate");
    assert!(
        env.lineage("moved.example.org")
            .join("versions/2/cert.pem")
            .is_file()
    );
    // The renewal was signed by the imported account: the store holds that one account only,
    // with the URL the old client registered (Pebble refuses a key it does not know).
    let accounts = env.run(&["account", "list", "--json"]);
    accounts.expect_code(0);
    let listed = accounts.json();
    let listed = listed["result"]["accounts"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{listed:#?}");
    assert_eq!(listed[0]["url"], old_account["url"]);
}

#[test]
fn another_account_under_a_taken_name_gets_a_distinct_name() {
    let env = Env::new();
    let source = fixture("lego");
    env.run(&["import", "lego", source.to_str().unwrap()])
        .expect_code(0);
    let copy = tempfile::tempdir().unwrap();
    let account = copy
        .path()
        .join("accounts/localhost_26000/admin@example.net");
    std::fs::create_dir_all(account.join("keys")).unwrap();
    let original = source.join("accounts/localhost_26000/admin@example.net");
    std::fs::copy(
        original.join("keys/admin@example.net.key"),
        account.join("keys/admin@example.net.key"),
    )
    .unwrap();
    let json = read(&original.join("account.json")).replace("19999b891b060280", "0000000000000002");
    std::fs::write(account.join("account.json"), json).unwrap();

    let run = env.run(&["import", "lego", copy.path().to_str().unwrap(), "--json"]);
    run.expect_code(0);
    let doc = run.json();
    let imported = &doc["result"]["accounts"][0];
    assert_eq!(imported["name"], "lego-2", "{doc:#}");
    assert_eq!(imported["existing"], false);
    let listed = env.run(&["account", "list", "--json"]).json();
    assert_eq!(listed["result"]["accounts"].as_array().unwrap().len(), 2);
}

#[test]
fn a_certbot_rfc2136_secret_moves_into_the_keyring_and_never_into_output_or_spec() {
    let env = Env::new();
    let copy = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("cp")
        .args([
            "-a",
            fixture("certbot/config").to_str().unwrap(),
            copy.path().to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let config = copy.path().join("config");
    let ini = copy.path().join("rfc2136.ini");
    let value = "dHNpZy1zZWNyZXQtdmFsdWU=";
    std::fs::write(
        &ini,
        format!(
            "dns_rfc2136_server = 192.0.2.53\ndns_rfc2136_name = certbot.\n\
             dns_rfc2136_secret = {value}\ndns_rfc2136_algorithm = HMAC-SHA256\n"
        ),
    )
    .unwrap();
    let conf = config.join("renewal/web.example.com.conf");
    let text = read(&conf).replace(
        "authenticator = standalone",
        &format!(
            "authenticator = dns-rfc2136\ndns_rfc2136_credentials = {}",
            ini.display()
        ),
    );
    std::fs::write(&conf, text).unwrap();

    let run = env.run(&["import", "certbot", config.to_str().unwrap(), "--json"]);
    run.expect_code(0);
    assert!(!run.stdout.contains(value) && !run.stderr.contains(value));
    let spec = read(&env.lineage("web.example.com").join("spec.toml"));
    assert!(!spec.contains(value), "{spec}");
    let spec: toml::Value = toml::from_str(&spec).unwrap();
    assert_eq!(spec["challenge"]["provider"].as_str(), Some("rfc2136"));
    assert_eq!(
        spec["challenge"]["tsig_secret"].as_str(),
        Some("keyring:certbot-web.example.com-tsig")
    );
    assert_eq!(spec["challenge"]["server"].as_str(), Some("192.0.2.53:53"));
    let kept = env
        .snapshot()
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(value.len()).any(|w| w == value.as_bytes()))
        .count();
    assert_eq!(kept, 1, "the secret is not in the store's keyring files");
}

#[test]
fn take_over_makes_the_next_renewal_land_where_the_service_reads_with_its_group_and_mode() {
    use std::fmt::Write as _;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let pebble = crate::harness::Pebble::start();
    let old_client = Env::new();
    old_client.register(&pebble);
    old_client
        .obtain(&pebble, &["-d", "served.example.org", "-q"])
        .expect_code(0);
    let source = acme_sh_home_from(&old_client, &pebble, "served.example.org");
    // Where acme.sh's --install-cert put the files nginx reads: a key readable by group
    // `daemon` only.
    let served = tempfile::tempdir().unwrap();
    std::fs::set_permissions(served.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let fullchain = served.path().join("served.fullchain.pem");
    let key = served.path().join("served.key");
    let lineage = old_client.lineage("served.example.org").join("current");
    std::fs::copy(lineage.join("fullchain.pem"), &fullchain).unwrap();
    std::fs::copy(lineage.join("privkey.pem"), &key).unwrap();
    let daemon_gid = 1;
    std::os::unix::fs::chown(&key, None, Some(daemon_gid)).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o640)).unwrap();
    let conf = source
        .path()
        .join("served.example.org_ecc/served.example.org.conf");
    let mut text = std::fs::read_to_string(&conf).unwrap();
    let _ = write!(
        text,
        "Le_RealFullChainPath='{}'\nLe_RealKeyPath='{}'\n",
        fullchain.display(),
        key.display()
    );
    std::fs::write(&conf, text).unwrap();

    let env = Env::new();
    let import = env.run(&[
        "import",
        "acme.sh",
        source.path().to_str().unwrap(),
        "--take-over",
        "--json",
    ]);
    let doc = import.expect_code(0).json();
    let taken = doc["result"]["take_over"].as_array().unwrap();
    assert_eq!(taken.len(), 2);
    assert!(taken.iter().all(|t| t["taken_over"] == true), "{doc:#}");
    let listed = env
        .run(&["install", "served.example.org", "--list", "--json"])
        .json();
    assert_eq!(
        listed["result"]["install"][0]["targets"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let root = pebble.tls_root.to_str().unwrap();
    env.run(&["--ca-root", root, "renew", "--force", "--no-random-delay"])
        .expect_code(0);
    let renewed = read(
        &env.lineage("served.example.org")
            .join("current/fullchain.pem"),
    );
    assert_eq!(
        read(&fullchain),
        renewed,
        "the renewal landed where nginx reads"
    );
    assert_ne!(
        der_of(&renewed),
        der_of(&read(&lineage.join("fullchain.pem")))
    );
    let meta = std::fs::metadata(&key).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o640, "the key keeps its mode");
    assert_eq!(meta.gid(), daemon_gid, "and its group");
    assert_eq!(
        read(&key),
        read(
            &env.lineage("served.example.org")
                .join("current/privkey.pem")
        )
    );
}

#[test]
fn idn_names_import_in_punycode_in_the_certificates_san_order() {
    // No fixture holds an IDN: a lego layout with one, made here. The SANs are deliberately
    // not sorted, so a reader that sorts them fails.
    let dir = tempfile::tempdir().unwrap();
    let certificates = dir.path().join("certificates");
    std::fs::create_dir(&certificates).unwrap();
    let names = ["xn--bcher-kva.example", "zz.example", "xn--caf-dma.example"];
    let key = rcgen::KeyPair::generate().unwrap();
    let params =
        rcgen::CertificateParams::new(names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>())
            .unwrap();
    let cert = params.self_signed(&key).unwrap();
    let file = |ext: &str| certificates.join(format!("{}.{ext}", names[0]));
    std::fs::write(file("crt"), cert.pem()).unwrap();
    std::fs::write(file("key"), key.serialize_pem()).unwrap();
    std::fs::write(
        file("json"),
        format!(
            r#"{{"domain": "{}", "certUrl": "https://acme.example/cert/1"}}"#,
            names[0]
        ),
    )
    .unwrap();

    let env = Env::new();
    let run = env.run(&["import", "lego", dir.path().to_str().unwrap(), "--json"]);
    run.expect_code(0);
    let doc = run.json();
    let imported = &doc["result"]["imported"][0];
    assert_eq!(imported["name"], names[0], "{doc:#}");
    assert_eq!(imported["identifiers"], serde_json::json!(names));
    let spec: toml::Value =
        toml::from_str(&read(&env.lineage(names[0]).join("spec.toml"))).unwrap();
    let stored: Vec<&str> = spec["identifiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(stored, names);
    let current = read(&env.lineage(names[0]).join("current/cert.pem"));
    assert_eq!(der_of(&current), der_of(&cert.pem()));
}
