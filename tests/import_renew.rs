//! An imported lineage of each fixture renews: the fixtures' CA is gone, so each is re-pointed
//! at a test Pebble with `certkeep edit NAME --ca URL --account NAME`, renewed, and the new
//! version read back (names in SAN order, key type, key matching). With certbot's
//! `--take-over`, the renewal replaces the `live/` links with the new files and leaves
//! `archive/` alone.

use std::path::{Path, PathBuf};
use std::process::Command;

use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};
use x509_parser::public_key::PublicKey;

use crate::harness::{Env, Pebble, Run};
use crate::import::{der_of, fixture, read, snapshot};

/// A `PATH` whose `systemctl` only succeeds, first: the fixtures' hooks reload nginx (the
/// fixture runs used the same stand-in).
fn shim() -> (tempfile::TempDir, String) {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let systemctl = dir.path().join("systemctl");
    std::fs::write(&systemctl, "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(&systemctl, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (dir, path)
}

fn run_with_path(env: &Env, path: &str, args: &[&str]) -> Run {
    let mut cmd: Command = env.command(args);
    cmd.env("PATH", path);
    Run::of(cmd.output().unwrap())
}

/// What one certificate is: its SAN DNS names in order, its key type as certkeep names it,
/// its serial and its public key.
fn facts(pem: &str) -> (Vec<String>, String, String, Vec<u8>) {
    let der = der_of(pem).remove(0);
    let (_, cert) = X509Certificate::from_der(&der).unwrap();
    let names = cert
        .subject_alternative_name()
        .unwrap()
        .unwrap()
        .value
        .general_names
        .iter()
        .map(|n| match n {
            GeneralName::DNSName(d) => (*d).to_owned(),
            other => panic!("not a DNS name: {other:?}"),
        })
        .collect();
    let key_type = match cert.public_key().parsed().unwrap() {
        PublicKey::RSA(rsa) => format!("rsa-{}", rsa.key_size()),
        PublicKey::EC(point) => format!("ec-p{}", point.key_size()),
        other => panic!("unexpected key {other:?}"),
    };
    (
        names,
        key_type,
        cert.raw_serial_as_string(),
        cert.public_key().raw.to_vec(),
    )
}

/// Imports `dir`, points `lineages` at `pebble` (its account `default`, http-01 on its port),
/// renews them and checks each new version against what the old client had.
fn import_edit_renew(client: &str, dir: &Path, lineages: &[(&str, &[&str], &str)]) -> Env {
    let pebble = Pebble::start();
    let env = Env::new();
    env.run(&["import", client, dir.to_str().unwrap()])
        .expect_code(0);
    env.register(&pebble);
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    let mut names = Vec::new();
    let mut before = Vec::new();
    for (name, _, _) in lineages {
        let edit = env.run(&[
            "edit",
            name,
            "--ca",
            &pebble.directory,
            "--account",
            "default",
            "--listen",
            &listen,
        ]);
        edit.expect_code(0);
        before.push(facts(&read(&env.lineage(name).join("current/cert.pem"))));
        names.push(*name);
    }
    let (_shim, path) = shim();
    let root = pebble.tls_root.to_str().unwrap();
    let mut args = vec!["--ca-root", root, "renew", "--force", "--no-random-delay"];
    args.extend(&names);
    let renew = run_with_path(&env, &path, &args);
    renew.expect_code(0);
    for ((name, identifiers, key_type), old) in lineages.iter().zip(before) {
        let lineage = env.lineage(name);
        let current = read(&lineage.join("current/cert.pem"));
        let (sans, key, serial, spki) = facts(&current);
        assert_eq!(sans, *identifiers, "{name}: the names, in SAN order");
        assert_eq!(
            sans, old.0,
            "{name}: the same names as the old client's certificate"
        );
        assert_eq!(key, *key_type, "{name}: the key type");
        assert_ne!(serial, old.2, "{name}: no new certificate");
        assert_ne!(spki, old.3, "{name}: a new key");
        assert_eq!(
            current,
            read(&lineage.join("versions/2/cert.pem")),
            "{name}"
        );
        let private =
            rcgen::KeyPair::from_pem(&read(&lineage.join("current/privkey.pem"))).unwrap();
        assert_eq!(
            rcgen::PublicKeyData::subject_public_key_info(&private),
            spki,
            "{name}: the stored key is the certificate's"
        );
        assert_eq!(
            crate::harness::mode(&lineage.join("current/privkey.pem")),
            0o600
        );
    }
    env
}

#[test]
fn an_imported_certbot_lineage_renews_at_a_new_ca_after_edit() {
    import_edit_renew(
        "certbot",
        &fixture("certbot/config"),
        &[
            (
                "web.example.com",
                &["web.example.com", "www.example.com"],
                "ec-p256",
            ),
            ("api.example.com", &["api.example.com"], "rsa-2048"),
        ],
    );
}

#[test]
fn an_imported_lego_lineage_renews_at_a_new_ca_after_edit() {
    import_edit_renew(
        "lego",
        &fixture("lego"),
        &[
            (
                "web.example.net",
                &["web.example.net", "www.example.net"],
                "ec-p256",
            ),
            ("api.example.net", &["api.example.net"], "rsa-2048"),
        ],
    );
}

#[test]
fn an_imported_acme_sh_lineage_renews_at_a_new_ca_after_edit() {
    import_edit_renew(
        "acme.sh",
        &fixture("acme.sh/home"),
        &[
            (
                "web.example.org",
                &["web.example.org", "www.example.org"],
                "ec-p256",
            ),
            ("api.example.org", &["api.example.org"], "rsa-2048"),
        ],
    );
}

/// A copy of the certbot fixture whose renewal confs name the directory they are in, as on a
/// real installation (the fixture's say `/etc/letsencrypt`).
fn certbot_copy() -> (tempfile::TempDir, PathBuf) {
    let copy = tempfile::tempdir().unwrap();
    let status = Command::new("cp")
        .args([
            "-a",
            fixture("certbot/config").to_str().unwrap(),
            copy.path().to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let config = copy.path().join("config");
    for entry in std::fs::read_dir(config.join("renewal")).unwrap() {
        let conf = entry.unwrap().path();
        let text = read(&conf).replace("/etc/letsencrypt", config.to_str().unwrap());
        std::fs::write(&conf, text).unwrap();
    }
    (copy, config)
}

#[test]
fn certbot_take_over_replaces_the_live_links_with_the_renewed_files_and_keeps_archive() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let (_copy, config) = certbot_copy();
    // The admin let the web server's group read the key (certbot keeps that on renewal).
    let key = config.join("archive/web.example.com/privkey1.pem");
    let daemon_gid = 1;
    std::os::unix::fs::chown(&key, None, Some(daemon_gid)).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o640)).unwrap();
    let archive = snapshot(&config.join("archive"));
    let live = config.join("live/web.example.com");

    let pebble = Pebble::start();
    let env = Env::new();
    let import = env.run(&[
        "import",
        "certbot",
        config.to_str().unwrap(),
        "--take-over",
        "--json",
    ]);
    let doc = import.expect_code(0).json();
    let web: Vec<&serde_json::Value> = doc["result"]["take_over"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["name"] == "web.example.com")
        .collect();
    assert_eq!(web.len(), 4, "{doc:#}");
    assert!(web.iter().all(|t| t["taken_over"] == true), "{doc:#}");

    env.register(&pebble);
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    env.run(&[
        "edit",
        "web.example.com",
        "--ca",
        &pebble.directory,
        "--account",
        "default",
        "--listen",
        &listen,
    ])
    .expect_code(0);
    let (_shim, path) = shim();
    let root = pebble.tls_root.to_str().unwrap();
    run_with_path(
        &env,
        &path,
        &[
            "--ca-root",
            root,
            "renew",
            "web.example.com",
            "--force",
            "--no-random-delay",
        ],
    )
    .expect_code(0);

    let ours = env.lineage("web.example.com").join("current");
    for (file, mode, gid) in [
        ("cert.pem", 0o644, 0),
        ("chain.pem", 0o644, 0),
        ("fullchain.pem", 0o644, 0),
        ("privkey.pem", 0o640, daemon_gid),
    ] {
        let target = live.join(file);
        let meta = std::fs::symlink_metadata(&target).unwrap();
        assert!(meta.is_file(), "{file} is still a link");
        assert_eq!(meta.mode() & 0o777, mode, "{file}");
        assert_eq!(meta.gid(), gid, "{file}");
        assert_eq!(read(&target), read(&ours.join(file)), "{file}");
    }
    assert_ne!(
        der_of(&read(&live.join("cert.pem"))),
        der_of(&read(&config.join("archive/web.example.com/cert1.pem"))),
        "the renewed certificate is served"
    );
    assert_eq!(
        snapshot(&config.join("archive")),
        archive,
        "archive/ changed"
    );
    // A lineage that was not renewed keeps certbot's links.
    assert!(
        std::fs::symlink_metadata(config.join("live/api.example.com/cert.pem"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn install_outside_take_over_never_replaces_a_certbot_live_link() {
    let (_copy, config) = certbot_copy();
    let env = Env::new();
    env.run(&["import", "certbot", config.to_str().unwrap()])
        .expect_code(0);
    let others_link = config.join("live/api.example.com/cert.pem");
    let link_target = std::fs::read_link(&others_link).unwrap();
    let run = env.run(&[
        "install",
        "web.example.com",
        "--cert",
        others_link.to_str().unwrap(),
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("it is a symlink"), "{}", run.stderr);
    assert_eq!(std::fs::read_link(&others_link).unwrap(), link_target);
}
