//! The store's format file and its summary index. `store.json` records the store format: a store
//! without it is format 1 and gets it at its next write; a store from a newer certkeep is
//! refused with a clear error and left alone. The index (`index.json`) only ever speeds reading
//! up: a hand-edited file is read anew (even within the same second), a corrupt index is ignored
//! and rebuilt, damage is still reported, and `list`/`status` print the same with and without it.

use std::os::unix::fs::PermissionsExt;

use crate::harness::{Env, Pebble};

const A: &str = "a.example.org";
const B: &str = "b.example.org";

/// A store with a registered account and two issued certificates.
fn two_certificates(pebble: &Pebble) -> Env {
    let env = Env::new();
    env.register(pebble);
    for name in [A, B] {
        env.obtain(pebble, &["-d", name, "-q"]).expect_code(0);
    }
    env
}

#[test]
fn a_store_from_a_newer_certkeep_is_refused_and_left_alone() {
    let env = Env::new();
    std::fs::create_dir_all(&env.store).unwrap();
    std::fs::set_permissions(&env.store, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::write(env.store.join("store.json"), r#"{"format": 99}"#).unwrap();
    let before = std::fs::read_dir(&env.store).unwrap().count();
    for args in [
        &["list", "--json"][..],
        &["renew", "--no-random-delay", "--json"],
    ] {
        let run = env.run(args);
        run.expect_code(6);
        let error = &run.json()["error"];
        assert_eq!(error["kind"], "storage", "{args:?}");
        assert!(
            error["message"].as_str().unwrap().contains("format 99"),
            "{error}"
        );
        assert!(
            error["hint"].as_str().unwrap().contains("upgrade certkeep"),
            "{error}"
        );
    }
    assert_eq!(std::fs::read_dir(&env.store).unwrap().count(), before);
    assert_eq!(
        std::fs::read_to_string(env.store.join("store.json")).unwrap(),
        r#"{"format": 99}"#
    );
}

#[test]
fn a_store_without_a_format_file_is_format_one_and_gets_one() {
    let pebble = Pebble::start();
    let env = two_certificates(&pebble);
    let format = env.store.join("store.json");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&format).unwrap()).unwrap();
    assert_eq!(written["format"], 1);

    // A store from before the file existed.
    std::fs::remove_file(&format).unwrap();
    let run = env.run(&["list", "--json"]);
    run.expect_code(0);
    assert_eq!(
        run.json()["result"]["certificates"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    env.run(&["renew", "--no-random-delay", "-q"])
        .expect_code(0);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&format).unwrap()).unwrap();
    assert_eq!(written, serde_json::json!({"format": 1}));
}
