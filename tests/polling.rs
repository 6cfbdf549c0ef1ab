//! How `obtain` polls the CA (issue 11), seen through the test proxy: a Retry-After on an
//! order that is not done yet is waited for before the next look, and a challenge the CA
//! answers `valid` at once (a CA that validates synchronously) is followed by the next step
//! straight away, whatever Retry-After came with it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::proxy::{Exchange, Proxy, Rule};
use crate::harness::{Env, Pebble};

/// When each order look (a POST-as-GET of the order) was answered.
type Looks = Arc<Mutex<Vec<Instant>>>;

fn is_order_look(exchange: &Exchange) -> bool {
    exchange.method == "POST" && exchange.path.starts_with("/my-order/")
}

/// Obtains one name through the proxy with `rule`.
fn obtain_through(rule: Rule) {
    let pebble = Pebble::start();
    let proxy = Proxy::start(&pebble, rule);
    let env = Env::new();
    env.register_at(&proxy.directory, &pebble);
    env.obtain(&pebble, &["-d", "poll.example.org", "-q"])
        .expect_code(0);
}

#[test]
fn an_order_poll_waits_for_the_cas_retry_after() {
    const RETRY_AFTER: Duration = Duration::from_secs(2);
    let looks: Looks = Arc::default();
    let held = Arc::new(AtomicBool::new(false));
    let (seen, once) = (looks.clone(), held.clone());
    obtain_through(Arc::new(move |exchange: &mut Exchange| {
        // Looks Pebble answered (it also refuses some nonces, and the look is sent again).
        if !is_order_look(exchange) || exchange.status != 200 {
            return;
        }
        seen.lock().unwrap().push(Instant::now());
        // The first look says "still pending, ask again in 2 s".
        if !once.swap(true, Ordering::SeqCst) {
            let mut order: serde_json::Value = serde_json::from_slice(&exchange.body).unwrap();
            order["status"] = "pending".into();
            exchange.body = serde_json::to_vec(&order).unwrap();
            exchange.headers.insert(
                http::header::RETRY_AFTER,
                RETRY_AFTER.as_secs().to_string().parse().unwrap(),
            );
        }
    }));
    let looks = looks.lock().unwrap();
    assert!(looks.len() >= 2, "{} order looks", looks.len());
    // Without Retry-After the second look comes a few ms after the first.
    let gap = looks[1] - looks[0];
    assert!(gap >= RETRY_AFTER, "looked again after {gap:?}");
}

#[test]
fn a_challenge_answered_valid_is_followed_at_once_whatever_its_retry_after() {
    const RETRY_AFTER: Duration = Duration::from_secs(5);
    let answered: Arc<Mutex<Option<Instant>>> = Arc::default();
    let looks: Looks = Arc::default();
    let (challenge_at, seen) = (answered.clone(), looks.clone());
    obtain_through(Arc::new(move |exchange: &mut Exchange| {
        // Only an answer that is a challenge (Pebble also refuses some nonces, with a problem).
        if exchange.method == "POST"
            && exchange.path.starts_with("/chalZ/")
            && exchange.status == 200
        {
            // A CA that validates synchronously: the challenge comes back valid, with a
            // Retry-After that only makes sense for work still in progress.
            let mut challenge: serde_json::Value = serde_json::from_slice(&exchange.body).unwrap();
            challenge["status"] = "valid".into();
            exchange.body = serde_json::to_vec(&challenge).unwrap();
            exchange.headers.insert(
                http::header::RETRY_AFTER,
                RETRY_AFTER.as_secs().to_string().parse().unwrap(),
            );
            challenge_at.lock().unwrap().replace(Instant::now());
        } else if is_order_look(exchange) {
            seen.lock().unwrap().push(Instant::now());
        }
    }));
    let answered = answered
        .lock()
        .unwrap()
        .expect("the challenge was announced");
    let first_look = looks.lock().unwrap()[0];
    // Sleeping first (the Retry-After, or even the usual few ms then the Retry-After) would put
    // the look 5 s later.
    let gap = first_look - answered;
    assert!(gap < RETRY_AFTER, "looked at the order after {gap:?}");
}
