//! The store's format file and its summary index. `store.json` records the store format: a store
//! without it is format 1 and gets it at its next write; a store from a newer certkeep is
//! refused with a clear error and left alone. The index (`index.json`) only ever speeds reading
//! up: a hand-edited file is read anew (even within the same second), a corrupt index is ignored
//! and rebuilt, damage is still reported, and `list`/`status` print the same with and without it.

use std::os::unix::fs::{MetadataExt, PermissionsExt};

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

/// Rewrites `path` in place (same inode) through `edit`, then puts its mtime back: only the
/// inode's change time tells the edit apart, as for an edit within the same second.
fn edit_in_place(path: &std::path::Path, edit: impl FnOnce(&str) -> String) {
    use std::io::Write;
    let before = std::fs::metadata(path).unwrap();
    let text = edit(&std::fs::read_to_string(path).unwrap());
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file.set_modified(before.modified().unwrap()).unwrap();
    drop(file);
    let after = std::fs::metadata(path).unwrap();
    assert_eq!(after.modified().unwrap(), before.modified().unwrap());
}

fn certificate<'a>(list: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    list["result"]["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("{name} not in {list}"))
}

#[test]
fn a_hand_edited_spec_is_read_anew_even_within_the_same_second() {
    let pebble = Pebble::start();
    let env = two_certificates(&pebble);
    let list = env.run(&["list", "--json"]);
    list.expect_code(0);
    assert!(
        env.store.join("index.json").is_file(),
        "list builds the index"
    );
    assert_eq!(certificate(&list.json(), A)["identifiers"][0], A);

    // Same length, same mtime: a stamp of mtime seconds and size alone would miss it.
    let spec = env.lineage(A).join("spec.toml");
    edit_in_place(&spec, |text| {
        let edited = text.replace("\"a.example.org\"]", "\"c.example.org\"]");
        assert_ne!(edited, text, "{text}");
        edited
    });
    let list = env.run(&["list", "--json"]);
    list.expect_code(0);
    assert_eq!(
        certificate(&list.json(), A)["identifiers"][0],
        "c.example.org"
    );
    assert_eq!(certificate(&list.json(), B)["identifiers"][0], B);
}

#[test]
fn a_corrupt_index_is_ignored_and_rebuilt() {
    let pebble = Pebble::start();
    let env = two_certificates(&pebble);
    let want = env.run(&["list", "--json"]);
    want.expect_code(0);
    let index = env.store.join("index.json");
    // The index as written, cut in the middle of its last line.
    let whole = std::fs::read_to_string(&index).unwrap();
    let cut = &whole[..whole.len() - 40];
    for garbage in [
        "{not json",
        "",
        r#"{"format": 1, "euid": 0, "entries": 7}"#,
        cut,
    ] {
        std::fs::write(&index, garbage).unwrap();
        let run = env.run(&["list", "--json"]);
        run.expect_code(0);
        assert_eq!(run.json(), want.json(), "with index {garbage:?}");
        assert_eq!(index_entries(&env).len(), 2);
    }
}

#[test]
fn damage_is_still_reported_with_an_index_present() {
    let pebble = Pebble::start();
    let env = two_certificates(&pebble);
    env.run(&["list", "--json"]).expect_code(0);
    env.run(&["status", "--json"]).expect_code(0);
    assert!(env.store.join("index.json").is_file());

    // A's certificate cut short in place, its mtime kept.
    edit_in_place(&env.lineage(A).join("current/cert.pem"), |text| {
        text[..text.len() / 2].to_owned()
    });
    // B's key swapped for another key.
    let other = rcgen::KeyPair::generate().unwrap().serialize_pem();
    std::fs::write(env.lineage(B).join("current/privkey.pem"), other).unwrap();

    for args in [["list", "--json"], ["status", "--json"]] {
        let run = env.run(&args);
        run.expect_code(0);
        let damaged = run.json()["result"]["damaged"].clone();
        let names: Vec<&str> = damaged
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, [A, B], "{args:?}: {damaged}");
    }
    // Not renewed as healthy either.
    let run = env.run(&["renew", "--no-random-delay", "--json"]);
    assert!(
        run.json()["result"]["renewed"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{}",
        run.stdout
    );
}

#[test]
fn list_and_status_are_the_same_with_and_without_the_index() {
    let pebble = Pebble::start();
    let env = two_certificates(&pebble);
    // One certificate pending (a spec, nothing issued), one revoked.
    let pending = env.lineage("pending.example.org");
    std::fs::create_dir(&pending).unwrap();
    std::fs::set_permissions(&pending, std::fs::Permissions::from_mode(0o700)).unwrap();
    let spec = std::fs::read_to_string(env.lineage(A).join("spec.toml")).unwrap();
    std::fs::write(
        pending.join("spec.toml"),
        spec.replace(A, "pending.example.org"),
    )
    .unwrap();
    env.run(&["revoke", B, "-q"]).expect_code(0);

    let index = env.store.join("index.json");
    for args in [["list", "--json"], ["status", "--json"]] {
        let _ = std::fs::remove_file(&index);
        let without = env.run(&args);
        without.expect_code(0);
        let built = std::fs::metadata(&index).unwrap();
        let with = env.run(&args);
        with.expect_code(0);
        assert_eq!(with.json(), without.json(), "{args:?}");
        // Served from the index: every stamp matched, so it was not written again.
        let now = std::fs::metadata(&index).unwrap();
        assert_eq!(
            (now.ino(), now.modified().unwrap()),
            (built.ino(), built.modified().unwrap()),
            "{args:?}"
        );
    }
}

/// The entries of the index: JSON lines after a header line.
fn index_entries(env: &Env) -> Vec<serde_json::Value> {
    std::fs::read_to_string(env.store.join("index.json"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn index_names(env: &Env) -> Vec<String> {
    index_entries(env)
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_version_switched_by_hand_is_read_anew() {
    let pebble = Pebble::start();
    let env = two_certificates(&pebble);
    env.run(&["renew", A, "--force", "--no-random-delay", "-q"])
        .expect_code(0);
    let list = env.run(&["list", "--json"]);
    assert_eq!(certificate(&list.json(), A)["version"], 2);
    let v1_meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(env.lineage(A).join("versions/1/meta.json")).unwrap(),
    )
    .unwrap();

    // Rolled back by hand, the way an admin would: a new link renamed over `current`.
    let next = env.lineage(A).join("current.new");
    std::os::unix::fs::symlink("versions/1", &next).unwrap();
    std::fs::rename(&next, env.lineage(A).join("current")).unwrap();
    let list = env.run(&["list", "--json"]);
    list.expect_code(0);
    let list = list.json();
    let a = certificate(&list, A);
    assert_eq!(a["version"], 1, "{a}");
    assert_eq!(a["not_after"], v1_meta["not_after"], "{a}");
    let status = env.run(&["status", "--json"]);
    status.expect_code(0);
    assert_eq!(
        certificate(&status.json(), A)["not_after"],
        v1_meta["not_after"]
    );
}

#[test]
fn a_deleted_certificate_directory_is_gone_from_the_listing_and_the_index() {
    let pebble = Pebble::start();
    let env = two_certificates(&pebble);
    env.run(&["list", "--json"]).expect_code(0);
    assert_eq!(index_names(&env), [A, B]);

    // A sorts first: the entries after a vanished one must still be found.
    std::fs::remove_dir_all(env.lineage(A)).unwrap();
    for args in [["list", "--json"], ["status", "--json"]] {
        let run = env.run(&args);
        run.expect_code(0);
        let json = run.json();
        let names: Vec<&str> = json["result"]["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, [B], "{args:?}");
        assert!(
            run.json()["result"]["damaged"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    }
    assert_eq!(index_names(&env), [B], "the stale entry is dropped");
}

#[test]
fn a_renewal_by_another_process_is_seen_by_the_next_listing() {
    let pebble = Pebble::start();
    let env = two_certificates(&pebble);
    let before = env.run(&["list", "--json"]);
    assert_eq!(certificate(&before.json(), B)["version"], 1);
    let built = std::fs::metadata(env.store.join("index.json")).unwrap();

    // Another certkeep process (a cron job beside a watching human) stores a new version of B.
    env.run(&["renew", B, "--force", "--no-random-delay", "-q"])
        .expect_code(0);
    let after = env.run(&["list", "--json"]);
    after.expect_code(0);
    assert_eq!(certificate(&after.json(), B)["version"], 2);
    assert_eq!(
        certificate(&after.json(), A),
        certificate(&before.json(), A),
        "the other certificate is served as it was"
    );
    // And the index now remembers the new version, under a new inode (written atomically).
    let now = std::fs::metadata(env.store.join("index.json")).unwrap();
    assert_ne!(now.ino(), built.ino());
    let again = env.run(&["list", "--json"]);
    assert_eq!(again.json(), after.json());
}

#[test]
fn an_index_out_of_order_or_with_unknown_names_is_still_correct() {
    let pebble = Pebble::start();
    let env = two_certificates(&pebble);
    let want = env.run(&["list", "--json"]);
    want.expect_code(0);
    // Entries reversed and one for a certificate that never existed: a hand-made or foreign
    // index must not make a listing miss or invent a certificate.
    let path = env.store.join("index.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let header = text.lines().next().unwrap().to_owned();
    let mut entries = index_entries(&env);
    let mut ghost = entries[0].clone();
    ghost["name"] = "0.example.org".into();
    entries.push(ghost);
    entries.reverse();
    let lines: Vec<String> = std::iter::once(header)
        .chain(entries.iter().map(ToString::to_string))
        .collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    let run = env.run(&["list", "--json"]);
    run.expect_code(0);
    assert_eq!(run.json(), want.json());
    assert_eq!(index_names(&env), [A, B]);
}

#[test]
fn a_renewal_run_that_refreshed_renewal_information_leaves_the_index_fresh() {
    let pebble = Pebble::start();
    let env = two_certificates(&pebble);
    env.run(&["list", "--json"]).expect_code(0);
    let ari_next_fetch = || -> serde_json::Value { env.lineage_state(A)["ari_next_fetch"].clone() };
    assert!(ari_next_fetch().is_null());
    // The first run asks the CA about ARI for both and writes their states: the index it read
    // them from is out of date, and the run brings it up to date, not the next command.
    env.run(&["renew", "--no-random-delay", "-q"])
        .expect_code(0);
    assert!(ari_next_fetch().is_string());
    let built = std::fs::metadata(env.store.join("index.json")).unwrap();
    env.run(&["list", "--json"]).expect_code(0);
    let now = std::fs::metadata(env.store.join("index.json")).unwrap();
    assert_eq!(
        (now.ino(), now.modified().unwrap()),
        (built.ino(), built.modified().unwrap()),
        "list had to rebuild the index after renew"
    );
}
