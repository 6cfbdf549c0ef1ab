//! acme.sh accounts with an RSA key (acme.sh's `--accountkeylength 2048`, written by OpenSSL 3
//! as PKCS#8) keep their identity too: registered at Pebble with that key and holding a
//! certificate issued to it, the account imported from an acme.sh home is moved to a P-256 key
//! at the first renewal, on the same account URL.

use crate::account_key_move::{
    OldClient, assert_moved, old_client, pebble, renew, stored_account, write,
};
use crate::harness::{Env, Pebble};

const RSA_PKCS8: &str = include_str!("fixtures/account_keys/rsa-2048.pkcs8.pem");

/// An acme.sh home as acme.sh 3.1 lays it out: the account under `ca/<host>/<path>/` (the port
/// dropped, as acme.sh does), the certificate under `<name>_ecc/` with its `Le_` settings for
/// standalone http-01 on Pebble's VA port.
fn acme_sh_home(pebble: &Pebble, old: &OldClient, name: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let rest = pebble.directory.strip_prefix("https://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap();
    let host = authority.split(':').next().unwrap();
    let ca = home.path().join("ca").join(host).join(path);
    write(&ca.join("account.key"), RSA_PKCS8);
    write(
        &ca.join("ca.conf"),
        &format!(
            "CA_EMAIL='old@example.org'\nACCOUNT_URL='{}'\n",
            old.account
        ),
    );
    let certs = home.path().join(format!("{name}_ecc"));
    write(&certs.join(format!("{name}.cer")), &old.leaf);
    write(&certs.join("ca.cer"), &old.chain);
    write(
        &certs.join("fullchain.cer"),
        &format!("{}\n{}", old.leaf, old.chain),
    );
    write(&certs.join(format!("{name}.key")), &old.cert_key);
    write(
        &certs.join(format!("{name}.conf")),
        &format!(
            "Le_Domain='{name}'\nLe_Alt='no'\nLe_Webroot='no'\nLe_LocalAddress='127.0.0.1,'\n\
             Le_API='{}'\nLe_HTTPPort='{}'\nLe_Keylength='ec-256'\n",
            pebble.directory, pebble.http_port
        ),
    );
    home
}

#[test]
fn an_acme_sh_account_with_an_rsa_key_renews_on_the_same_account_after_moving_to_p256() {
    let pebble = pebble();
    let name = "rsa.example.com";
    let old = old_client(&pebble.directory, &pebble, RSA_PKCS8, name);
    let home = acme_sh_home(&pebble, &old, name);
    let env = Env::new();
    let import = env.run(&["import", "acme.sh", home.path().to_str().unwrap(), "--json"]);
    import.expect_code(0);
    let account = &import.json()["result"]["accounts"][0];
    assert_eq!(account["key_type"], "rsa-2048", "{account:#}");
    assert_eq!(account["moves_to_p256"], true, "{account:#}");
    let (_, record, _) = stored_account(&env);
    assert_eq!(record["url"], old.account.as_str());
    assert_eq!(record["key_type"], "rsa-2048", "before its first use");

    let run = renew(&env, &pebble, None);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("key rolled over from RSA-2048 to P-256"),
        "{}",
        run.stderr
    );
    assert_moved(&env, &pebble, &pebble.directory, &old, RSA_PKCS8);
    assert!(env.lineage(name).join("versions/2/cert.pem").exists());
}
