//! Crash safety: a renewal killed (abort, as SIGKILL would) at every step of the pipeline leaves
//! `current` wholly old or wholly new with no empty file, and the next plain `renew` finishes
//! the job with the same order (a second one only when the kill left the CA a challenge nobody
//! answers): one new version, the deploy hook once.

use crate::harness::proxy::{Proxy, Rule};
use crate::harness::{Env, Pebble};

fn no_empty_files(dir: &std::path::Path) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            no_empty_files(&path);
        } else if meta.is_file() && !path.ends_with("lock") {
            assert!(meta.len() > 0, "empty file {}", path.display());
        }
    }
}

#[test]
fn a_renewal_killed_at_any_step_is_finished_by_the_next_run_with_the_same_order() {
    let pebble = Pebble::start();
    let rule: Rule = std::sync::Arc::new(|_| {});
    let proxy = Proxy::start(&pebble, rule);
    for point in certkeep::failpoint::POINTS {
        let env = Env::new();
        env.register_at(&proxy.directory, &pebble);
        let log = env.home.path().join("deploy.log");
        let hook = format!("sh -c 'echo deployed >> {}'", log.display());
        env.obtain(
            &pebble,
            &["-d", "crash.example.org", "--deploy-hook", &hook, "-q"],
        )
        .expect_code(0);
        std::fs::remove_file(&log).unwrap();
        let lineage = env.lineage("crash.example.org");
        let orders_before = proxy.count_ok("POST", "/order-plz");

        let crashed = env
            .command(&["renew", "--force", "--no-random-delay", "-q"])
            .env("CERTKEEP_FAILPOINT", point)
            .output()
            .unwrap();
        assert!(
            !crashed.status.success(),
            "{point}: the failpoint did not stop the run"
        );
        let current = std::fs::read_link(lineage.join("current")).unwrap();
        assert!(
            current.ends_with("1") || current.ends_with("2"),
            "{point}: current -> {}",
            current.display()
        );
        for file in ["cert.pem", "chain.pem", "fullchain.pem", "privkey.pem"] {
            let text = std::fs::read_to_string(lineage.join("current").join(file)).unwrap();
            assert!(
                text.contains("-----BEGIN"),
                "{point}: current/{file} is not whole"
            );
        }
        no_empty_files(&env.store);

        let rerun = env.run(&["renew", "--no-random-delay", "--json"]);
        rerun.expect_code(0);
        assert_eq!(
            std::fs::read_link(lineage.join("current")).unwrap(),
            std::path::Path::new("versions/2"),
            "{point}: one new version"
        );
        assert!(
            !lineage.join("versions/3").exists(),
            "{point}: a second new version"
        );
        // Killed right after telling the CA to validate, the challenge listener is gone when the
        // CA looks: that order fails at the CA and one more is needed. Everywhere else the
        // journaled order is finished.
        let allowed = if *point == "after-ready" { 2 } else { 1 };
        let orders = proxy.count_ok("POST", "/order-plz") - orders_before;
        assert!(
            orders >= 1 && orders <= allowed,
            "{point}: {orders} new orders\n{}\n{:?}",
            rerun.stderr,
            &proxy.requests()[proxy.requests().len().saturating_sub(30)..]
        );
        let deployed = std::fs::read_to_string(&log).unwrap_or_default();
        assert_eq!(
            deployed.lines().count(),
            1,
            "{point}: the deploy hook ran {} times",
            deployed.lines().count()
        );
        assert!(
            !env.store.join("journal/crash.example.org").exists(),
            "{point}: the journal was not cleared"
        );
        let again = env.run(&["renew", "--no-random-delay", "--json"]);
        again.expect_code(0);
        assert!(
            again.json()["result"]["renewed"]
                .as_array()
                .unwrap()
                .is_empty(),
            "{point}: a third run renewed again"
        );
    }
}
