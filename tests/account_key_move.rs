//! Accounts imported with an RSA or P-384 key keep their identity: lego's PEM (PKCS#1, SEC1)
//! and certbot's JWK accounts, registered at Pebble with those keys and holding a certificate
//! issued to them, are moved to a P-256 key at their first use (RFC 8555 §7.3.5). The renewal
//! succeeds on the same account URL, the store keeps a P-256 key, and Pebble refuses the old
//! key. A run killed between storing the new key and recording the CA's answer loses nothing
//! (the fleet's key changes: `account_key_move_fleet`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use certkeep::acme::legacy_key::SigningKey;
use certkeep::acme::{Ca, Limits};
use serde_json::{Value, json};

use crate::harness::proxy::{Exchange, Incoming, Proxy, Rule};
use crate::harness::{Env, Pebble, PebbleOptions, Run, free_port, mode};

pub(crate) const RSA_PKCS1: &str = include_str!("fixtures/account_keys/rsa-2048.pkcs1.pem");
const P384_SEC1: &str = include_str!("fixtures/account_keys/p384.sec1.pem");

/// Pebble validating every challenge: the old client's certificate is ordered by the test
/// itself (signing with the old key), with no challenge server.
pub(crate) fn pebble() -> Pebble {
    Pebble::start_with(PebbleOptions {
        env: vec![("PEBBLE_VA_ALWAYS_VALID".into(), "1".into())],
        ..PebbleOptions::default()
    })
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

fn ca(directory: &str, pebble: &Pebble) -> Ca {
    let root = std::fs::read(&pebble.tls_root).unwrap();
    Ca::new(
        directory,
        Some(&root),
        Arc::new(certkeep::clock::SystemClock),
        &Limits::default(),
    )
    .unwrap()
}

/// What the old client left: its account and a certificate (leaf, chain, key) issued to it.
pub(crate) struct OldClient {
    pub(crate) account: String,
    pub(crate) leaf: String,
    pub(crate) chain: String,
    pub(crate) cert_key: String,
}

/// Registers an account with `key_pem` at `directory` and orders a certificate for `name`
/// with it, as certbot or lego would have.
pub(crate) fn old_client(directory: &str, pebble: &Pebble, key_pem: &str, name: &str) -> OldClient {
    block_on(async {
        let ca = ca(directory, pebble);
        let key = SigningKey::from_pem(key_pem.as_bytes()).unwrap();
        let account = ca
            .register_with_key(&key, &["mailto:old@example.org".into()])
            .await
            .unwrap();
        let (_, body) = ca.http.get(directory).await.unwrap();
        let dir: Value = serde_json::from_slice(&body).unwrap();
        let post = |url: String, payload: Value| {
            let (ca, key, account) = (&ca, &key, &account);
            async move {
                let bytes = if payload.is_null() {
                    Vec::new()
                } else {
                    payload.to_string().into_bytes()
                };
                let answer = ca.post_signed(&url, key, account, &bytes).await.unwrap();
                let doc = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
                (answer.location, doc, answer.body)
            }
        };
        let identifiers = json!({"identifiers": [{"type": "dns", "value": name}]});
        let (order_url, order, _) =
            post(dir["newOrder"].as_str().unwrap().into(), identifiers).await;
        let order_url = order_url.unwrap();
        for authz in order["authorizations"].as_array().unwrap() {
            let authz = authz.as_str().unwrap().to_owned();
            let (_, doc, _) = post(authz.clone(), Value::Null).await;
            let challenge = doc["challenges"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["type"] == "http-01")
                .unwrap()["url"]
                .as_str()
                .unwrap()
                .to_owned();
            post(challenge, json!({})).await;
            poll(|| post(authz.clone(), Value::Null), "valid").await;
        }
        let cert_key = rcgen::KeyPair::generate().unwrap();
        let csr = rcgen::CertificateParams::new(vec![name.to_owned()])
            .unwrap()
            .serialize_request(&cert_key)
            .unwrap();
        let finalize = order["finalize"].as_str().unwrap().to_owned();
        post(finalize, json!({"csr": B64.encode(csr.der())})).await;
        let order = poll(|| post(order_url.clone(), Value::Null), "valid").await;
        let (_, _, pem) = post(order["certificate"].as_str().unwrap().into(), Value::Null).await;
        let pem = String::from_utf8(pem.to_vec()).unwrap();
        let split = pem.find("-----END CERTIFICATE-----").unwrap() + 26;
        OldClient {
            account,
            leaf: pem[..split].to_owned(),
            chain: pem[split..].trim_start().to_owned(),
            cert_key: cert_key.serialize_pem(),
        }
    })
}

/// Asks until the object's status is `status` (the CA works in the background), for 30 s.
async fn poll<F, Fut>(mut fetch: F, status: &str) -> Value
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = (Option<String>, Value, bytes::Bytes)>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, doc, _) = fetch().await;
        if doc["status"] == status {
            return doc;
        }
        assert!(Instant::now() < deadline, "never {status}: {doc:#}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The URL of the account Pebble knows `key_pem` by (`onlyReturnExisting`, signed with it).
pub(crate) fn account_of(directory: &str, pebble: &Pebble, key_pem: &[u8]) -> Option<String> {
    let key = SigningKey::from_pem(key_pem).unwrap();
    block_on(ca(directory, pebble).account_of_key(&key)).unwrap()
}

pub(crate) fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// lego's `--path` directory: the account under `accounts/<host>_<port>/<email>/` with its PEM
/// key as lego writes it, and the certificate under `certificates/`.
pub(crate) fn lego_dir(
    host_port: &str,
    old: &OldClient,
    key_pem: &str,
    name: &str,
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let email = "old@example.org";
    let account_dir = dir
        .path()
        .join("accounts")
        .join(host_port.replace(':', "_"))
        .join(email);
    let account = json!({"email": email, "registration": {
        "body": {"status": "valid", "contact": [format!("mailto:{email}")]},
        "uri": old.account,
    }});
    write(&account_dir.join("account.json"), &account.to_string());
    write(&account_dir.join(format!("keys/{email}.key")), key_pem);
    let certs = dir.path().join("certificates");
    write(
        &certs.join(format!("{name}.crt")),
        &format!("{}\n{}", old.leaf, old.chain),
    );
    write(&certs.join(format!("{name}.issuer.crt")), &old.chain);
    write(&certs.join(format!("{name}.key")), &old.cert_key);
    let meta = json!({"domain": name, "certUrl": format!("https://{host_port}/certZ/1")});
    write(&certs.join(format!("{name}.json")), &meta.to_string());
    dir
}

/// certbot's config directory: the account as a private JWK, the lineage in `archive/` with
/// `live/` links, and a renewal conf for the standalone authenticator on `listen_port`.
fn certbot_dir(
    directory: &str,
    old: &OldClient,
    jwk: &Value,
    name: &str,
    listen_port: u16,
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let id = "0123456789abcdef0123456789abcdef";
    let account_dir = dir
        .path()
        .join("accounts")
        .join(directory.trim_start_matches("https://"))
        .join(id);
    write(&account_dir.join("private_key.json"), &jwk.to_string());
    let regr = json!({"body": {"contact": ["mailto:old@example.org"]}, "uri": old.account});
    write(&account_dir.join("regr.json"), &regr.to_string());
    write(&account_dir.join("meta.json"), "{}");
    let archive = dir.path().join("archive").join(name);
    let fullchain = format!("{}\n{}", old.leaf, old.chain);
    for (file, text) in [
        ("cert", &old.leaf),
        ("chain", &old.chain),
        ("fullchain", &fullchain),
        ("privkey", &old.cert_key),
    ] {
        write(&archive.join(format!("{file}1.pem")), text);
        let live = dir
            .path()
            .join("live")
            .join(name)
            .join(format!("{file}.pem"));
        std::fs::create_dir_all(live.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(format!("../../archive/{name}/{file}1.pem"), &live).unwrap();
    }
    let live = dir.path().join("live").join(name);
    let conf = format!(
        "version = 2.11.0\narchive_dir = {archive}\ncert = {live}/cert.pem\nprivkey = {live}/privkey.pem\nchain = {live}/chain.pem\nfullchain = {live}/fullchain.pem\n[renewalparams]\naccount = {id}\nkey_type = ecdsa\nelliptic_curve = secp256r1\nserver = {directory}\nauthenticator = standalone\nhttp01_address = 127.0.0.1\nhttp01_port = {listen_port}\n",
        archive = archive.display(),
        live = live.display(),
    );
    write(&dir.path().join(format!("renewal/{name}.conf")), &conf);
    dir
}

/// The DER integers and octet strings of a key's top-level SEQUENCE, in order.
fn der_fields(der: &[u8]) -> Vec<(u8, Vec<u8>)> {
    fn element(input: &[u8]) -> (u8, &[u8], &[u8]) {
        let tag = input[0];
        let (len, start) = match input[1] {
            n if n < 0x80 => (usize::from(n), 2),
            n => {
                let count = usize::from(n & 0x7F);
                let len = input[2..2 + count]
                    .iter()
                    .fold(0usize, |acc, b| acc << 8 | usize::from(*b));
                (len, 2 + count)
            }
        };
        (tag, &input[start..start + len], &input[start + len..])
    }
    let (_, mut body, _) = element(der);
    let mut out = Vec::new();
    while !body.is_empty() {
        let (tag, content, rest) = element(body);
        out.push((tag, content.to_vec()));
        body = rest;
    }
    out
}

fn b64_int(bytes: &[u8]) -> String {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    B64.encode(&bytes[start..])
}

/// certbot's `private_key.json` for a PKCS#1 RSA or SEC1 EC PEM key.
fn private_jwk(pem: &str) -> Value {
    let block = pem::parse(pem).unwrap();
    let fields = der_fields(block.contents());
    match block.tag() {
        "RSA PRIVATE KEY" => {
            let names = ["n", "e", "d", "p", "q", "dp", "dq", "qi"];
            let mut jwk = json!({"kty": "RSA"});
            for (name, (_, value)) in names.iter().zip(&fields[1..]) {
                jwk[*name] = json!(b64_int(value));
            }
            jwk
        }
        "EC PRIVATE KEY" => {
            let d = &fields[1].1;
            // [1] holds BIT STRING { 0 unused bits, 0x04, X, Y } (short lengths at P-384).
            let point = &fields[3].1[4..];
            let (x, y) = point.split_at(point.len() / 2);
            json!({"kty": "EC", "crv": "P-384", "d": B64.encode(d), "x": B64.encode(x), "y": B64.encode(y)})
        }
        other => panic!("{other}"),
    }
}

/// The one account in the store: its directory, record and key PEM.
pub(crate) fn stored_account(env: &Env) -> (PathBuf, Value, Vec<u8>) {
    let show = env.run(&["account", "show", "--json"]);
    show.expect_code(0);
    let record = show.json()["result"].clone();
    let key_path = PathBuf::from(record["key_path"].as_str().unwrap());
    let key = std::fs::read(&key_path).unwrap();
    (key_path.parent().unwrap().to_owned(), record, key)
}

pub(crate) fn renew(env: &Env, pebble: &Pebble, failpoint: Option<&str>) -> Run {
    let root = pebble.tls_root.to_str().unwrap();
    let mut cmd = env.command(&["--ca-root", root, "renew", "--force", "--no-random-delay"]);
    if let Some(point) = failpoint {
        cmd.env("CERTKEEP_FAILPOINT", point);
    }
    Run::of(cmd.output().unwrap())
}

/// Checks the store and the CA after the move: the same account URL, a P-256 key (0600, no
/// pending or previous key left), a renewed certificate, the old key refused by the CA.
pub(crate) fn assert_moved(
    env: &Env,
    pebble: &Pebble,
    directory: &str,
    old: &OldClient,
    old_key: &str,
) {
    let (dir, record, key) = stored_account(env);
    assert_eq!(record["url"], old.account.as_str(), "the same account");
    assert_eq!(record["key_type"], "ec-p256", "{record:#}");
    assert!(SigningKey::from_pem(&key).unwrap().is_p256());
    assert_eq!(mode(&dir.join("account.key.pem")), 0o600);
    for gone in ["pending.key.pem", "previous.key.pem"] {
        assert!(!dir.join(gone).exists(), "{gone} left behind");
    }
    assert_eq!(
        account_of(directory, pebble, &key).as_deref(),
        Some(old.account.as_str()),
        "the CA knows the account by the stored key"
    );
    assert_eq!(
        account_of(directory, pebble, old_key.as_bytes()),
        None,
        "the CA refuses a request signed with the old key"
    );
}

/// A lego account at the CA: Pebble behind the test proxy, whose `/directory` answers with
/// Pebble's `/dir` (lego records only the host, and certkeep infers `https://HOST/directory`).
pub(crate) struct LegoCa {
    pub(crate) proxy: Proxy,
    pub(crate) directory: String,
    pub(crate) host_port: String,
}

pub(crate) fn lego_ca(pebble: &Pebble) -> LegoCa {
    let shared: Arc<std::sync::Mutex<Vec<u8>>> = Arc::default();
    let answer = shared.clone();
    let intercept = Arc::new(move |incoming: &Incoming| {
        (incoming.method == "GET" && incoming.path == "/directory").then(|| {
            let mut exchange = Exchange::answer("GET", "/directory", 200, &answer.lock().unwrap());
            exchange.headers.insert(
                http::header::CONTENT_TYPE,
                "application/json".parse().unwrap(),
            );
            exchange
        })
    });
    let rule: Rule = Arc::new(|_| {});
    let proxy = Proxy::start_intercepting(pebble, intercept, rule);
    let dir = block_on(async {
        let (_, body) = ca(&proxy.directory, pebble)
            .http
            .get(&proxy.directory)
            .await
            .unwrap();
        body.to_vec()
    });
    *shared.lock().unwrap() = dir;
    let host_port = proxy
        .directory
        .trim_start_matches("https://")
        .trim_end_matches("/dir")
        .to_owned();
    LegoCa {
        directory: format!("https://{host_port}/directory"),
        proxy,
        host_port,
    }
}

#[test]
fn lego_accounts_with_rsa_and_p384_keys_renew_on_the_same_account_after_moving_to_p256() {
    let pebble = pebble();
    let lego = lego_ca(&pebble);
    for (key_pem, key_type, said) in [
        (RSA_PKCS1, "rsa-2048", "from RSA-2048 to P-256"),
        (P384_SEC1, "ec-p384", "from P-384 to P-256"),
    ] {
        let name = format!("{key_type}.example.net");
        let old = old_client(&lego.directory, &pebble, key_pem, &name);
        let state = lego_dir(&lego.host_port, &old, key_pem, &name);
        let env = Env::new();
        let source = state.path().to_str().unwrap();

        let plan = env.run(&["import", "lego", source, "--dry-run"]);
        plan.expect_code(0);
        assert!(
            plan.stdout.contains(&format!(
                "its {key_type} key will be rolled over to a new ec-p256 key at first use"
            )),
            "{}",
            plan.stdout
        );
        let import = env.run(&["import", "lego", source, "--json"]);
        import.expect_code(0);
        let account = &import.json()["result"]["accounts"][0];
        assert_eq!(account["key_type"], key_type, "{account:#}");
        assert_eq!(account["moves_to_p256"], true, "{account:#}");
        let (_, record, _) = stored_account(&env);
        assert_eq!(record["key_type"], key_type, "before its first use");
        let listen = format!("127.0.0.1:{}", free_port());
        env.run(&["edit", &name, "--listen", &listen])
            .expect_code(0);

        let changes = lego.proxy.count_ok("POST", "/rollover-account-key");
        let sent = lego.proxy.count("POST", "/rollover-account-key");
        // A dry run never rolls the key over: it changes the account at the CA for good.
        let root = pebble.tls_root.to_str().unwrap();
        let dry = env.run(&[
            "--ca-root",
            root,
            "renew",
            "--dry-run",
            "--force",
            "--no-random-delay",
        ]);
        dry.expect_code(2);
        assert!(
            dry.stderr.contains("a dry run changes nothing at the CA")
                && dry.stderr.contains("run it without --dry-run"),
            "{}",
            dry.stderr
        );
        assert_eq!(stored_account(&env).1["key_type"], key_type);
        assert_eq!(
            lego.proxy.count("POST", "/rollover-account-key"),
            sent,
            "no key change sent"
        );

        let run = renew(&env, &pebble, None);
        run.expect_code(0);
        assert!(
            run.stderr.contains(&format!(
                "account 'lego': key rolled over {said} (instant-acme signs with P-256 only); the old client can no longer use this account"
            )),
            "{}",
            run.stderr
        );
        assert_eq!(
            lego.proxy.count_ok("POST", "/rollover-account-key") - changes,
            1
        );
        assert_moved(&env, &pebble, &lego.directory, &old, key_pem);
        assert!(env.lineage(&name).join("versions/2/cert.pem").exists());
    }
}

#[test]
fn certbot_accounts_with_rsa_and_p384_jwks_renew_on_the_same_account_after_moving_to_p256() {
    let pebble = pebble();
    for key_pem in [RSA_PKCS1, P384_SEC1] {
        let old = old_client(&pebble.directory, &pebble, key_pem, "moved.example.com");
        let port = free_port();
        let state = certbot_dir(
            &pebble.directory,
            &old,
            &private_jwk(key_pem),
            "moved.example.com",
            port,
        );
        let env = Env::new();
        env.run(&["import", "certbot", state.path().to_str().unwrap()])
            .expect_code(0);
        let (_, record, _) = stored_account(&env);
        assert_eq!(record["url"], old.account.as_str());
        assert_ne!(record["key_type"], "ec-p256");
        renew(&env, &pebble, None).expect_code(0);
        assert_moved(&env, &pebble, &pebble.directory, &old, key_pem);
        let lineage = env.lineage("moved.example.com");
        assert!(lineage.join("versions/2/cert.pem").exists());
    }
}

#[test]
fn a_run_killed_around_the_key_change_loses_neither_the_account_nor_the_new_key() {
    let pebble = pebble();
    let lego = lego_ca(&pebble);
    let name = "crash.example.net";
    let old = old_client(&lego.directory, &pebble, RSA_PKCS1, name);
    let state = lego_dir(&lego.host_port, &old, RSA_PKCS1, name);
    let env = Env::new();
    env.run(&["import", "lego", state.path().to_str().unwrap()])
        .expect_code(0);
    let listen = format!("127.0.0.1:{}", free_port());
    env.run(&["edit", name, "--listen", &listen]).expect_code(0);
    let (dir, _, _) = stored_account(&env);
    let [before, after] = certkeep::failpoint::KEY_CHANGE_POINTS else {
        panic!("two key change points")
    };

    // Killed with the new key stored and nothing sent: the account is as it was.
    let run = renew(&env, &pebble, Some(before));
    assert_ne!(run.code, 0, "the failpoint did not stop the run");
    let pending = std::fs::read(dir.join("pending.key.pem")).unwrap();
    assert_eq!(mode(&dir.join("pending.key.pem")), 0o600);
    let stored = std::fs::read(dir.join("account.key.pem")).unwrap();
    assert_eq!(
        SigningKey::from_pem(&stored).unwrap().jwk(),
        SigningKey::from_pem(RSA_PKCS1.as_bytes()).unwrap().jwk(),
        "the old key stays until the CA answers"
    );
    assert_eq!(
        account_of(&lego.directory, &pebble, RSA_PKCS1.as_bytes()).as_deref(),
        Some(old.account.as_str())
    );

    // Killed after the CA switched, before the store recorded it: the CA knows only the new
    // key, which is the pending one, kept.
    let run = renew(&env, &pebble, Some(after));
    assert_ne!(run.code, 0, "the failpoint did not stop the run");
    assert_eq!(lego.proxy.count_ok("POST", "/rollover-account-key"), 1);
    assert_eq!(
        account_of(&lego.directory, &pebble, RSA_PKCS1.as_bytes()),
        None
    );
    assert_eq!(
        account_of(&lego.directory, &pebble, &pending).as_deref(),
        Some(old.account.as_str()),
        "the key stored before the first crash is the one the CA switched to"
    );
    assert_eq!(std::fs::read(dir.join("pending.key.pem")).unwrap(), pending);

    // The next run finds the CA refusing the old key, looks the pending one up and records it.
    renew(&env, &pebble, None).expect_code(0);
    assert_moved(&env, &pebble, &lego.directory, &old, RSA_PKCS1);
    assert_eq!(std::fs::read(dir.join("account.key.pem")).unwrap(), pending);
    assert_eq!(lego.proxy.count_ok("POST", "/rollover-account-key"), 1);
    assert!(env.lineage(name).join("versions/2/cert.pem").exists());
}

/// An account lego left with an RSA key, imported and set to answer on a free port: the
/// store's account directory and what the old client left.
fn imported_rsa_account(pebble: &Pebble, lego: &LegoCa, name: &str) -> (Env, OldClient, PathBuf) {
    let old = old_client(&lego.directory, pebble, RSA_PKCS1, name);
    let state = lego_dir(&lego.host_port, &old, RSA_PKCS1, name);
    let env = Env::new();
    env.run(&["import", "lego", state.path().to_str().unwrap()])
        .expect_code(0);
    let listen = format!("127.0.0.1:{}", free_port());
    env.run(&["edit", name, "--listen", &listen]).expect_code(0);
    let (dir, _, _) = stored_account(&env);
    (env, old, dir)
}

/// What an interrupted earlier run left behind the CA's back: a P-256 key stored as pending
/// and the account at the CA already switched to it. Returns the new key.
fn switched_at_the_ca(lego: &LegoCa, pebble: &Pebble, old: &OldClient, dir: &Path) -> SigningKey {
    let (new, pem) = SigningKey::generate_p256().unwrap();
    write(&dir.join("pending.key.pem"), &pem);
    let private = std::os::unix::fs::PermissionsExt::from_mode(0o600);
    std::fs::set_permissions(dir.join("pending.key.pem"), private).unwrap();
    let old_key = SigningKey::from_pem(RSA_PKCS1.as_bytes()).unwrap();
    block_on(ca(&lego.directory, pebble).change_key(&old.account, &old_key, &new)).unwrap();
    new
}

fn account_json(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("account.json")).unwrap()).unwrap()
}

#[test]
fn a_pending_key_that_is_not_p256_is_refused_and_nothing_is_sent() {
    let pebble = pebble();
    let lego = lego_ca(&pebble);
    let (env, old, dir) = imported_rsa_account(&pebble, &lego, "p384-pending.example.net");
    write(&dir.join("pending.key.pem"), P384_SEC1);

    let run = renew(&env, &pebble, None);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("pending.key.pem")
            && run.stderr.contains("is a P-384 key, not the P-256 key"),
        "{}",
        run.stderr
    );
    assert_eq!(lego.proxy.count("POST", "/rollover-account-key"), 0);
    assert_eq!(
        account_of(&lego.directory, &pebble, RSA_PKCS1.as_bytes()).as_deref(),
        Some(old.account.as_str()),
        "the account keeps its key"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("pending.key.pem")).unwrap(),
        P384_SEC1
    );
}

#[test]
fn a_key_change_the_ca_took_is_recorded_when_the_ca_names_the_account_by_another_url() {
    let pebble = pebble();
    let lego = lego_ca(&pebble);
    let (env, old, dir) = imported_rsa_account(&pebble, &lego, "alias.example.net");
    // The imported URL is not the CA's spelling of it (certbot 1.x's /acme/reg/N, a trailing
    // slash, a host alias): the CA takes no request under it.
    let mut record = account_json(&dir);
    record["url"] = json!(format!("{}/", old.account));
    std::fs::write(dir.join("account.json"), record.to_string()).unwrap();
    let new = switched_at_the_ca(&lego, &pebble, &old, &dir);

    let run = renew(&env, &pebble, None);
    run.expect_code(0);
    assert!(
        run.stderr.contains(&format!(
            "the CA knows it as '{}', not as the imported '{}/'",
            old.account, old.account
        )),
        "{}",
        run.stderr
    );
    assert_eq!(account_json(&dir)["key_thumbprint"], new.thumbprint());
    assert_moved(&env, &pebble, &lego.directory, &old, RSA_PKCS1);
}

#[test]
fn a_run_killed_between_writing_the_new_key_and_its_record_gets_the_record_fixed() {
    let pebble = pebble();
    let lego = lego_ca(&pebble);
    let (env, old, dir) = imported_rsa_account(&pebble, &lego, "half-saved.example.net");
    let stale = account_json(&dir);
    let new = switched_at_the_ca(&lego, &pebble, &old, &dir);
    // What `save_account` leaves when killed after the key: the old key kept aside, the new
    // one in place, the record still naming the old one.
    write(&dir.join("previous.key.pem"), RSA_PKCS1);
    std::fs::copy(dir.join("pending.key.pem"), dir.join("account.key.pem")).unwrap();
    assert_ne!(stale["key_thumbprint"], new.thumbprint());

    renew(&env, &pebble, None).expect_code(0);
    let record = account_json(&dir);
    assert_eq!(record["key_thumbprint"], new.thumbprint(), "{record:#}");
    assert!(record["key_changed"].is_string(), "{record:#}");
    assert_moved(&env, &pebble, &lego.directory, &old, RSA_PKCS1);
}
