//! The DNS wire under hostile or unusual conditions: a forged update answer whose TSIG MAC does
//! not verify (an in-test UDP responder, since no real server forges), an answer too large for
//! UDP (a real Knot, which then truncates), names and values that do not fit a DNS message.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use certkeep::challenge::dns::rfc2136::{Rfc2136, TsigAlgorithm};
use certkeep::error::Kind;
use certkeep::secrets::Secret;
use hickory_proto::op::{Message, MessageType};
use hickory_proto::rr::rdata::tsig::TsigAlgorithm as HickoryTsig;
use hickory_proto::rr::{Name, TSigResponseContext, TSigner};

use crate::harness::Env;
use crate::harness::knot::{KEY_NAME, Knot, SECRET};

fn updater(server: SocketAddr, zone: Option<&str>) -> Rfc2136 {
    Rfc2136 {
        server,
        key_name: KEY_NAME.into(),
        secret: Secret::new(SECRET.into()),
        algorithm: TsigAlgorithm::HmacSha256,
        zone: zone.map(str::to_owned),
    }
}

fn signer(secret: &[u8]) -> TSigner {
    TSigner::new(
        secret.to_vec(),
        HickoryTsig::HmacSha256,
        Name::from_ascii(KEY_NAME).unwrap(),
        300,
    )
    .unwrap()
}

/// A NOERROR answer to `request`, its TSIG computed (RFC 8945 §4.3.1) with `key`.
fn signed_answer(request: &Message, key: &TSigner) -> Vec<u8> {
    let mut answer = Message::response(request.id, request.op_code);
    answer.add_queries(request.queries.iter().cloned());
    let unsigned = answer.to_vec().unwrap();
    let tsig = &request.signature().unwrap().data;
    let context =
        TSigResponseContext::new(request.id, tsig.time, key.clone(), tsig.mac.clone(), None);
    answer.set_signature(context.sign(&unsigned).unwrap());
    answer.to_vec().unwrap()
}

/// A UDP "server" that answers every signed update with two forged successes, one unsigned and
/// one signed with the wrong key, and, when `then_genuine`, follows them with the answer the real
/// key signs; a plain question gets an empty answer.
async fn forger(then_genuine: bool) -> (SocketAddr, Arc<AtomicUsize>, tokio::task::JoinHandle<()>) {
    use base64::Engine;
    let socket = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let addr = socket.local_addr().unwrap();
    let requests = Arc::new(AtomicUsize::new(0));
    let seen = requests.clone();
    let real = signer(
        &base64::engine::general_purpose::STANDARD
            .decode(SECRET)
            .unwrap(),
    );
    let wrong = signer(&[7u8; 32]);
    let task = tokio::spawn(async move {
        let mut buf = vec![0u8; 65535];
        while let Ok((n, from)) = socket.recv_from(&mut buf).await {
            let request = Message::from_vec(&buf[..n]).unwrap();
            assert_eq!(request.message_type, MessageType::Query);
            let mut unsigned = Message::response(request.id, request.op_code);
            unsigned.add_queries(request.queries.iter().cloned());
            socket
                .send_to(&unsigned.to_vec().unwrap(), from)
                .await
                .unwrap();
            if request.signature().is_none() {
                // A plain question (where does the CNAME go?): nothing here.
                continue;
            }
            seen.fetch_add(1, Ordering::SeqCst);
            socket
                .send_to(&signed_answer(&request, &wrong), from)
                .await
                .unwrap();
            if then_genuine {
                socket
                    .send_to(&signed_answer(&request, &real), from)
                    .await
                    .unwrap();
            }
        }
    });
    (addr, requests, task)
}

#[tokio::test]
async fn an_update_answer_whose_tsig_mac_is_wrong_or_missing_is_rejected() {
    let (addr, requests, task) = forger(false).await;
    let err = updater(addr, Some("example.test"))
        .add("_acme-challenge.example.test", "value")
        .await
        .unwrap_err();
    task.abort();
    assert!(requests.load(Ordering::SeqCst) >= 1, "the update was sent");
    assert_eq!(err.kind, Kind::Security, "{err}");
    assert!(err.to_string().contains("TSIG verification"), "{err}");
}

#[tokio::test]
async fn a_forged_answer_does_not_hide_the_genuine_one() {
    let (addr, _, task) = forger(true).await;
    let result = updater(addr, Some("example.test"))
        .add("_acme-challenge.example.test", "value")
        .await;
    task.abort();
    result.unwrap();
}

#[test]
fn an_answer_too_large_for_udp_is_fetched_over_tcp() {
    // 20 values of 60 bytes: far beyond the 512 bytes of a UDP answer without EDNS.
    let values: Vec<String> = (0..20)
        .map(|i| format!("{i:02}{}", "v".repeat(58)))
        .collect();
    let mut lines = String::new();
    for v in &values {
        writeln!(lines, "_acme-challenge.big TXT \"{v}\"").unwrap();
    }
    let knot = Knot::start(&[("example.test", lines.as_str(), false)]);
    let env = Env::new();
    let server = knot.addr.to_string();
    let run = env.run(&[
        "dns",
        "check",
        "-d",
        "big.example.test",
        "--dns-check-server",
        &server,
        "--json",
    ]);
    run.expect_code(0);
    let mut seen: Vec<String> = run.json()["result"]["servers"][0]["txt"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    seen.sort();
    assert_eq!(seen, values);
}

#[test]
fn an_over_long_label_is_a_clear_error_and_nothing_is_written() {
    let knot = Knot::start(&[("example.test", "", true)]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let label = "a".repeat(64);
    let record = format!("_acme-challenge.{label}.example.test");
    let err = runtime
        .block_on(updater(knot.addr, None).add(&record, "value"))
        .unwrap_err();
    assert_eq!(err.kind, Kind::Usage, "{err}");
    assert!(
        err.message.contains("is not a valid DNS name") && err.to_string().contains("63"),
        "{err}"
    );
    // Not cut to 63 bytes and written there instead.
    let cut = format!("_acme-challenge.{}.example.test", &label[..63]);
    assert!(knot.txt(&cut).is_empty());
}

#[test]
fn a_txt_value_over_255_bytes_is_written_whole() {
    let knot = Knot::start(&[("example.test", "", true)]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let value = "x".repeat(300);
    let update = updater(knot.addr, None);
    runtime
        .block_on(update.add("_acme-challenge.long.example.test", &value))
        .unwrap();
    assert_eq!(
        knot.txt("_acme-challenge.long.example.test"),
        vec![value.clone()]
    );
    runtime
        .block_on(update.delete("_acme-challenge.long.example.test", &value))
        .unwrap();
    assert!(
        knot.txt("_acme-challenge.long.example.test").is_empty(),
        "deleted exactly"
    );
}

#[test]
fn obtain_through_a_forging_dns_server_fails_as_a_security_error() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (addr, requests, task) = runtime.block_on(forger(false));
    let pebble = crate::harness::Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let secret_file = env.home.path().join("tsig.key");
    std::fs::write(&secret_file, SECRET).unwrap();
    let secret = format!("file:{}", secret_file.display());
    let server = addr.to_string();
    let run = env.run(&[
        "obtain",
        "-d",
        "forged.example.test",
        "--dns",
        "rfc2136",
        "--dns-server",
        &server,
        "--dns-zone",
        "example.test",
        "--tsig-key-name",
        KEY_NAME,
        "--tsig-secret",
        &secret,
        "--json",
    ]);
    task.abort();
    run.expect_code(9);
    let error = &run.json()["error"];
    assert_eq!(error["kind"], "security");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("failed TSIG verification"),
        "{error}"
    );
    assert!(requests.load(Ordering::SeqCst) >= 1);
    assert!(!run.stdout.contains(SECRET) && !run.stderr.contains(SECRET));
    assert!(!env.lineage("forged.example.test").exists());
}
