//! `obtain` against a real Pebble: standalone and webroot, key types, several names, an IP
//! address, a CSR, a CA that rejects half of all nonces, a failing challenge, a dry run and
//! the preferred chain.

use rcgen::PublicKeyData;

use crate::harness::{Env, Pebble, PebbleOptions, mode, pem_certs};

#[test]
fn standalone_obtain_stores_a_checked_version_with_a_private_key() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let run = env.obtain(
        &pebble,
        &[
            "-d",
            "shop.example.org",
            "-d",
            "www.shop.example.org",
            "--json",
        ],
    );
    run.expect_code(0);
    let result = &run.json()["result"];
    assert_eq!(result["name"], "shop.example.org");
    assert_eq!(result["version"], 1);
    assert_eq!(result["key_type"], "ec-p256");

    let lineage = env.lineage("shop.example.org");
    assert_eq!(
        std::fs::read_link(lineage.join("current")).unwrap(),
        std::path::Path::new("versions/1")
    );
    let version = lineage.join("versions/1");
    assert_eq!(mode(&version.join("privkey.pem")), 0o600);
    assert_eq!(mode(&version), 0o700);
    let fullchain = std::fs::read_to_string(version.join("fullchain.pem")).unwrap();
    let certs = pem_certs(&fullchain);
    assert!(
        certs.len() >= 2,
        "fullchain holds the leaf and the intermediate"
    );
    let mut sans = certs[0].2.clone();
    sans.sort();
    assert_eq!(
        sans,
        vec!["DNSName(shop.example.org)", "DNSName(www.shop.example.org)"]
    );
    assert!(
        certs[0].1.starts_with("Pebble Intermediate CA"),
        "issuer {}",
        certs[0].1
    );
    let key = std::fs::read_to_string(version.join("privkey.pem")).unwrap();
    let (_, key_der) = x509_parser::pem::parse_x509_pem(key.as_bytes()).unwrap();
    let pair = rcgen::KeyPair::try_from(key_der.contents.as_slice()).unwrap();
    assert_eq!(
        certs[0].3,
        pair.subject_public_key_info(),
        "the leaf carries the stored key"
    );
    assert_eq!(
        result["paths"]["privkey"],
        lineage.join("current/privkey.pem").to_str().unwrap()
    );

    let pem = env.run(&["show", "shop.example.org", "--pem"]);
    pem.expect_code(0);
    assert_eq!(
        pem.stdout, fullchain,
        "show --pem prints the current full chain"
    );

    let list = env.run(&["list", "--json"]);
    list.expect_code(0);
    let entry = &list.json()["result"]["certificates"][0];
    assert_eq!(entry["name"], "shop.example.org");
    assert_eq!(entry["status"], "valid");

    // A second, forced obtain for the same name adds version 2 and flips current.
    env.obtain(
        &pebble,
        &[
            "-d",
            "shop.example.org",
            "-d",
            "www.shop.example.org",
            "--force",
            "-q",
        ],
    )
    .expect_code(0);
    assert_eq!(
        std::fs::read_link(lineage.join("current")).unwrap(),
        std::path::Path::new("versions/2")
    );
    assert!(
        lineage.join("versions/1/cert.pem").exists(),
        "the old version is kept"
    );
}

#[test]
fn every_key_type_is_issued_and_recorded() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    for (key_type, spki_oid_hint) in [
        ("ec-p384", "ec"),
        ("rsa-2048", "rsa"),
        ("rsa-3072", "rsa"),
        ("rsa-4096", "rsa"),
    ] {
        let name = format!("{key_type}.example.org");
        let run = env.obtain(&pebble, &["-d", &name, "--key-type", key_type, "--json"]);
        run.expect_code(0);
        assert_eq!(run.json()["result"]["key_type"], key_type);
        let key =
            std::fs::read_to_string(env.lineage(&name).join("versions/1/privkey.pem")).unwrap();
        assert!(
            key.starts_with("-----BEGIN PRIVATE KEY-----"),
            "{spki_oid_hint}: PKCS#8 PEM"
        );
        let spec = std::fs::read_to_string(env.lineage(&name).join("spec.toml")).unwrap();
        assert!(
            spec.contains(&format!("key_type = \"{key_type}\"")),
            "{spec}"
        );
    }
}

#[test]
fn an_ip_address_identifier_is_issued() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let run = env.obtain(&pebble, &["-d", "127.0.0.1", "--json"]);
    run.expect_code(0);
    assert_eq!(run.json()["result"]["identifiers"][0], "127.0.0.1");
    let cert =
        std::fs::read_to_string(env.lineage("127.0.0.1").join("versions/1/cert.pem")).unwrap();
    assert_eq!(
        pem_certs(&cert)[0].2,
        vec!["IPAddress(7f:00:00:01)"],
        "one SAN: the IP address 127.0.0.1"
    );
}

#[test]
fn a_users_csr_is_honoured_and_no_key_is_stored() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let key = rcgen::KeyPair::generate().unwrap();
    let params = rcgen::CertificateParams::new(vec![
        "csr.example.org".to_owned(),
        "alt.example.org".to_owned(),
    ])
    .unwrap();
    let csr = params.serialize_request(&key).unwrap();
    let csr_path = env.home.path().join("req.csr");
    std::fs::write(&csr_path, csr.pem().unwrap()).unwrap();
    let run = env.obtain(&pebble, &["--csr", csr_path.to_str().unwrap(), "--json"]);
    run.expect_code(0);
    let result = &run.json()["result"];
    assert_eq!(result["name"], "csr.example.org");
    assert!(result["paths"]["privkey"].is_null());
    let lineage = env.lineage("csr.example.org");
    assert!(!lineage.join("versions/1/privkey.pem").exists());
    assert!(
        lineage.join("csr.pem").exists(),
        "the CSR is kept for renewals"
    );
    let cert = std::fs::read_to_string(lineage.join("versions/1/cert.pem")).unwrap();
    assert_eq!(pem_certs(&cert)[0].3, key.subject_public_key_info());

    // A CSR made with the ACME account's own key is refused.
    let accounts = env
        .store
        .join("accounts")
        .read_dir()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let account_key = std::fs::read_to_string(accounts.join("default/account.key.pem")).unwrap();
    let account_pair = rcgen::KeyPair::from_pem(&account_key).unwrap();
    let bad = rcgen::CertificateParams::new(vec!["reuse.example.org".to_owned()])
        .unwrap()
        .serialize_request(&account_pair)
        .unwrap();
    std::fs::write(&csr_path, bad.pem().unwrap()).unwrap();
    let run = env.obtain(&pebble, &["--csr", csr_path.to_str().unwrap()]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("the CSR uses the ACME account's key"),
        "{}",
        run.stderr
    );
    assert!(!env.lineage("reuse.example.org").exists());
}

#[test]
fn webroot_served_by_nginx_on_the_va_port() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let webroot = env.home.path().join("www");
    std::fs::create_dir(&webroot).unwrap();
    let _nginx = crate::harness::Nginx::serve(&webroot, pebble.http_port);
    let run = env.run(&[
        "obtain",
        "-d",
        "web.example.org",
        "--webroot",
        webroot.to_str().unwrap(),
        "--json",
    ]);
    run.expect_code(0);
    assert_eq!(run.json()["result"]["version"], 1);
    assert!(
        !webroot.join(".well-known").exists(),
        "challenge files and the directories certkeep made are removed"
    );
    let spec = std::fs::read_to_string(env.lineage("web.example.org").join("spec.toml")).unwrap();
    assert!(spec.contains("http01-webroot"), "{spec}");
}

#[test]
fn a_ca_rejecting_half_the_nonces_still_issues() {
    let pebble = Pebble::start_with(PebbleOptions {
        env: vec![("PEBBLE_WFE_NONCEREJECT".into(), "50".into())],
        ..Default::default()
    });
    let env = Env::new();
    env.register(&pebble);
    for i in 0..3 {
        let names = [
            format!("n{i}a.example.org"),
            format!("n{i}b.example.org"),
            format!("n{i}c.example.org"),
        ];
        env.obtain(
            &pebble,
            &["-d", &names[0], "-d", &names[1], "-d", &names[2], "-q"],
        )
        .expect_code(0);
    }
    assert_eq!(
        env.run(&["list", "--json"]).json()["result"]["certificates"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn a_failed_challenge_exits_5_and_leaves_the_store_as_it_was() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", "keep.example.org", "-q"])
        .expect_code(0);
    let before = env.snapshot();
    // Nothing answers on the VA's port: certkeep listens elsewhere.
    let elsewhere = format!("127.0.0.1:{}", crate::harness::free_port());
    // An existing lineage asked to cover a new name, and a new lineage: both fail on the name
    // the CA has not validated before.
    for (name, extra) in [
        ("keep.example.org", "more.example.org"),
        ("new.example.org", "fresh.example.org"),
    ] {
        let run = env.run(&[
            "obtain", "--name", name, "-d", name, "-d", extra, "--listen", &elsewhere, "--json",
        ]);
        run.expect_code(5);
        let error = &run.json()["error"];
        assert_eq!(error["kind"], "validation_failed");
        let sub = &error["acme_problem"]["subproblems"][0];
        assert!(
            sub["identifier"] == extra || sub["identifier"] == name,
            "{sub}"
        );
        assert_eq!(sub["type"], "urn:ietf:params:acme:error:connection");
        assert!(error["hint"].as_str().unwrap().contains("port 80"));
        assert_eq!(
            env.snapshot(),
            before,
            "the store changed after a failed obtain of {name}"
        );
    }
    let text = env.run(&["obtain", "-d", "new.example.org", "--listen", &elsewhere]);
    text.expect_code(5);
    assert!(
        text.stderr
            .contains("error: the CA could not validate the challenges"),
        "{}",
        text.stderr
    );
    assert!(text.stderr.contains("help: "), "{}", text.stderr);
}

#[test]
fn dry_run_writes_nothing() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let before = env.snapshot();
    let run = env.obtain(&pebble, &["-d", "dry.example.org", "--dry-run", "--json"]);
    run.expect_code(0);
    let result = &run.json()["result"];
    assert_eq!(result["dry_run"], true);
    assert!(result["version"].is_null() && result["paths"].is_null());
    assert!(
        result["serial"].as_str().is_some_and(|s| !s.is_empty()),
        "the CA really issued"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn preferred_chain_picks_the_alternate_root() {
    let pebble = Pebble::start_with(PebbleOptions {
        env: vec![("PEBBLE_ALTERNATE_ROOTS".into(), "1".into())],
        ..Default::default()
    });
    let env = Env::new();
    env.register(&pebble);
    let (status, root1) = pebble.management_get("/roots/1");
    assert_eq!(status, 200);
    let alt_root_cn = pem_certs(&root1)[0].0.clone();
    env.obtain(
        &pebble,
        &[
            "-d",
            "chain.example.org",
            "--preferred-chain",
            &alt_root_cn,
            "-q",
        ],
    )
    .expect_code(0);
    let chain = std::fs::read_to_string(
        env.lineage("chain.example.org")
            .join("versions/1/chain.pem"),
    )
    .unwrap();
    let top = pem_certs(&chain).last().unwrap().1.clone();
    assert_eq!(
        top, alt_root_cn,
        "the stored chain leads to the preferred root"
    );

    env.obtain(&pebble, &["-d", "default.example.org", "-q"])
        .expect_code(0);
    let chain = std::fs::read_to_string(
        env.lineage("default.example.org")
            .join("versions/1/chain.pem"),
    )
    .unwrap();
    assert_ne!(
        pem_certs(&chain).last().unwrap().1,
        alt_root_cn,
        "without a preference the default chain is kept"
    );
}

#[test]
fn tls_alpn_01_standalone_obtains_and_renews_the_same_way() {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let env = Env::new();
    env.register(&pebble);
    let listen = format!("127.0.0.1:{}", pebble.tls_port);
    let run = env.run(&[
        "obtain",
        "-d",
        "alpn.example.org",
        "-d",
        "www.alpn.example.org",
        "--tls-alpn-standalone",
        "--listen",
        &listen,
        "--json",
    ]);
    run.expect_code(0);
    assert_eq!(run.json()["result"]["version"], 1);
    let spec = std::fs::read_to_string(env.lineage("alpn.example.org").join("spec.toml")).unwrap();
    assert!(spec.contains("tls-alpn01-standalone"), "{spec}");
    env.fresh_account(&pebble);
    env.run(&["renew", "--force", "--no-random-delay", "-q"])
        .expect_code(0);
    assert_eq!(
        std::fs::read_link(env.lineage("alpn.example.org").join("current")).unwrap(),
        std::path::Path::new("versions/2")
    );

    let wildcard = env.run(&[
        "obtain",
        "-d",
        "*.alpn.example.org",
        "--tls-alpn-standalone",
        "--listen",
        &listen,
    ]);
    wildcard.expect_code(2);
    assert!(
        wildcard
            .stderr
            .contains("cannot be validated with tls-alpn-01")
            && wildcard.stderr.contains("dns-01"),
        "{}",
        wildcard.stderr
    );
}
