//! The store stays inside itself: a hostile or damaged store file, a foreign symlink or a loose
//! directory makes that one certificate "damaged" (name, file, reason, the same in `list` and
//! `status`), never followed, never renewed, and every other certificate is still renewed. A
//! spec naming another certificate never writes into that one's directory. A loose or foreign
//! store root, or a `--store` naming a file, is a clear error. A failed write leaves the store as
//! it was, and the paths users are shown stay valid across renewals.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::harness::{Env, Pebble, PebbleOptions, Run};

mod rows;

use rows::{cp_a, swap_for_symlink};

const A: &str = "a.example.org";
const B: &str = "b.example.org";

/// Every file and symlink below `dir` with its contents (or target).
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.push((path, target.into_os_string().into_encoded_bytes()));
            } else if meta.is_dir() {
                todo.push(path);
            } else if path.file_name().is_some_and(|n| {
                !["lock", "store.json", "index.json"].contains(&n.to_str().unwrap_or_default())
            }) {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// [`tree`] without `state.json` and `ari.json`, which a run may rewrite for a healthy
/// certificate (its ARI schedule), and compared by path in failure messages.
fn issued(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    tree(dir)
        .into_iter()
        .filter(|(p, _)| !p.ends_with("state.json") && !p.ends_with("ari.json"))
        .collect()
}

#[track_caller]
fn same_tree(now: &[(PathBuf, Vec<u8>)], before: &[(PathBuf, Vec<u8>)], what: &str) {
    let paths = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert!(
        now == before,
        "{what}: changed\nbefore: {:?}\nnow: {:?}",
        paths(before),
        paths(now)
    );
}

fn never_panicked(run: &Run, what: &str) {
    assert_ne!(
        run.code, 101,
        "{what} panicked\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
}

/// The `damaged` list of a `list --json` or `status --json` run, checked to name only A.
fn damaged_a(run: &Run, what: &str, want_file: &str) -> Value {
    never_panicked(run, what);
    run.expect_code(0);
    let damaged = run.json()["result"]["damaged"].clone();
    let list = damaged
        .as_array()
        .unwrap_or_else(|| panic!("{what}: {damaged}"));
    assert_eq!(list.len(), 1, "{what}: only A is damaged: {damaged}");
    assert_eq!(list[0]["name"], A, "{what}");
    let file = list[0]["file"].as_str().unwrap();
    assert!(
        file.contains(want_file),
        "{what}: file {file}, want {want_file}"
    );
    assert!(!list[0]["reason"].as_str().unwrap().is_empty(), "{what}");
    damaged
}

/// `renew` as the daemon and cron run it, four years on (both certificates due by the default
/// policy), through the library with an injected clock.
fn renew_four_years_on(store: &Path) -> certkeep::ops::RenewReport {
    use certkeep::clock::FixedClock;
    use certkeep::ops::{Context, EventSink, RenewRequest};
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(4 * 365);
    let ctx = Context {
        store: std::sync::Arc::new(certkeep::store::FsStore::new(store)),
        clock: Arc::new(FixedClock::new(later)),
        events: EventSink::none(),
        ca_root: None,
        wait_lock: Duration::from_secs(10),
        cancel: certkeep::ops::Cancel::never(),
        limits: certkeep::acme::Limits::default(),
        settings: std::sync::Arc::default(),
    };
    let request = RenewRequest {
        names: Vec::new(),
        force: false,
        dry_run: false,
        max_delay: Duration::ZERO,
    };
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(certkeep::ops::renew(&ctx, request))
        .unwrap()
}

#[test]
fn hostile_store_rows_name_the_damaged_one_and_still_renew_the_healthy_one() {
    let pebble = Pebble::start();
    let template = Env::new();
    template.register(&pebble);
    for name in [A, B] {
        template.obtain(&pebble, &["-d", name, "-q"]).expect_code(0);
    }
    for (what, damage, want_file) in rows::rows() {
        let env = Env::new();
        cp_a(&template.store, &env.store);
        let outside = env.home.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        damage(&env.lineage(A), &env.lineage(B), &outside, &env.store);
        let outside_before = tree(&outside);
        let b_before = issued(&env.lineage(B));

        let list = damaged_a(&env.run(&["list", "--json"]), what, want_file);
        let status = damaged_a(&env.run(&["status", "--json"]), what, want_file);
        assert_eq!(list, status, "{what}: list and status name the same damage");
        let listed = env.run(&["list", "--json"]).json();
        let b = listed["result"]["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == B)
            .cloned()
            .unwrap();
        assert_eq!(b["status"], "valid", "{what}");
        let text = env.run(&["status"]);
        assert!(
            text.stdout.contains(&format!("{A}: ")) && text.stdout.contains(want_file),
            "{what}: {}",
            text.stdout
        );

        let show = env.run(&["show", A, "--json"]);
        never_panicked(&show, what);
        show.expect_code(6);

        // Today nothing is due: the damaged one is the only failure.
        let renew = env.run(&["renew", "--no-random-delay", "--json"]);
        never_panicked(&renew, what);
        renew.expect_code(6);
        assert_eq!(renew.json()["error"]["kind"], "storage", "{what}");
        same_tree(&issued(&env.lineage(B)), &b_before, &format!("{what}: B"));

        let report = renew_four_years_on(&env.store);
        let renewed: Vec<&str> = report.renewed.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(renewed, [B], "{what}: {:?}", report.failed);
        assert_eq!(report.failed.len(), 1, "{what}");
        assert_eq!(report.failed[0].name, A, "{what}");
        let b_dir = env.lineage(B);
        assert_eq!(
            std::fs::read_link(b_dir.join("current")).unwrap(),
            Path::new("versions/2"),
            "{what}: B renewed once"
        );
        assert!(
            !b_dir.join("versions/3").exists(),
            "{what}: B renewed twice"
        );
        assert_eq!(
            tree(&outside),
            outside_before,
            "{what}: outside the store changed"
        );
    }
}

#[test]
fn a_spec_naming_another_certificate_never_renews_into_it() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    for name in [A, B] {
        env.obtain(&pebble, &["-d", name, "-q"]).expect_code(0);
    }
    let spec_path = env.lineage(A).join("spec.toml");
    let spec = std::fs::read_to_string(&spec_path).unwrap();
    std::fs::write(
        &spec_path,
        spec.replace(&format!("name = \"{A}\""), &format!("name = \"{B}\"")),
    )
    .unwrap();
    let b_before = tree(&env.lineage(B));

    let run = env.run(&["renew", A, "--force", "--no-random-delay", "--json"]);
    run.expect_code(6);
    let message = run.json()["error"].to_string();
    assert!(message.contains("spec.toml"), "{message}");
    assert_eq!(
        tree(&env.lineage(B)),
        b_before,
        "the other certificate was touched"
    );
}

#[test]
fn renew_writes_no_key_through_a_symlinked_versions_dir() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", A, "-q"]).expect_code(0);
    let outside = env.home.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    swap_for_symlink(&env.lineage(A).join("versions"), &outside, "versions");
    let before = tree(&outside);

    for _ in 0..4 {
        let run = env.run(&["renew", "--force", "--no-random-delay", "--json"]);
        run.expect_code(6);
    }
    assert_eq!(
        tree(&outside),
        before,
        "written or pruned outside the store"
    );
}

#[test]
fn a_loose_or_foreign_store_root_is_refused_with_a_hint() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    std::fs::set_permissions(&env.store, std::fs::Permissions::from_mode(0o777)).unwrap();
    for args in [&["list"][..], &["renew", "--no-random-delay"][..]] {
        let run = env.run(args);
        run.expect_code(6);
        assert!(
            run.stderr.contains("writable by other users") && run.stderr.contains("help: "),
            "{}",
            run.stderr
        );
    }
    std::fs::set_permissions(&env.store, std::fs::Permissions::from_mode(0o700)).unwrap();
    env.run(&["list"]).expect_code(0);

    std::os::unix::fs::chown(&env.store, Some(4242), None).unwrap();
    let run = env.run(&["list", "--json"]);
    run.expect_code(6);
    let error = &run.json()["error"];
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("owned by uid 4242"),
        "{error}"
    );
    assert!(error["hint"].as_str().unwrap().contains("chown"), "{error}");
}

#[test]
fn a_store_path_naming_a_file_is_a_clear_error() {
    let env = Env::new();
    let file = env.home.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let run = env.run(&["list", "--store", file.to_str().unwrap()]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("is not a directory") && run.stderr.contains("help: "),
        "{}",
        run.stderr
    );
    assert!(
        !run.stdout.contains("No certificates yet"),
        "{}",
        run.stdout
    );
}

/// `obtain` with every file it writes capped at `limit` bytes (`RLIMIT_FSIZE`, with `SIGXFSZ`
/// ignored), so a write fails as on a full disk.
fn obtain_capped(env: &Env, pebble: &Pebble, limit: u64, extra: &[&str]) -> Run {
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    let out = Command::new("sh")
        .args([
            "-c",
            "trap '' XFSZ; limit=$1; shift; exec prlimit --fsize=$limit -- \"$@\"",
        ])
        .arg("sh")
        .arg(limit.to_string())
        .arg(env!("CARGO_BIN_EXE_certkeep"))
        .args(["obtain", "--listen", &listen])
        .args(extra)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home.path())
        .env("CERTKEEP_STORE", &env.store)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn an_obtain_that_cannot_write_leaves_the_store_as_it_was() {
    let pebble = Pebble::start();
    // Sizes of what a successful obtain writes, to pick limits that fail exactly one write.
    let sized = Env::new();
    sized.register(&pebble);
    sized
        .obtain(&pebble, &["-d", "full.example.org", "-q"])
        .expect_code(0);
    let lineage = sized.lineage("full.example.org");
    let size = |p: &str| std::fs::metadata(lineage.join(p)).unwrap().len();
    let fullchain = size("versions/1/fullchain.pem");
    assert!(size("spec.toml") < fullchain - 1 && size("versions/1/chain.pem") < fullchain - 1);

    // The spec cannot be written; then the full chain of the issued certificate cannot.
    for (what, limit) in [("spec", 16), ("version", fullchain - 1)] {
        let env = Env::new();
        env.register(&pebble);
        let before = env.snapshot();
        let run = obtain_capped(&env, &pebble, limit, &["-d", "full.example.org", "--json"]);
        run.expect_code(6);
        assert_eq!(run.json()["error"]["kind"], "storage", "{what}");
        assert!(
            !env.lineage("full.example.org").exists(),
            "{what}: a certificate dir was left behind"
        );
        assert_eq!(env.snapshot(), before, "{what}: the store changed");
        let list = env.run(&["list", "--json"]);
        assert_eq!(
            list.json()["result"]["certificates"],
            Value::Array(vec![]),
            "{what}"
        );
    }
}

#[test]
fn obtain_and_show_print_paths_under_current() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let run = env.obtain(&pebble, &["-d", A, "--json"]);
    run.expect_code(0);
    let current = env.lineage(A).join("current");
    let want = current.join("fullchain.pem").display().to_string();
    let result = run.json()["result"].clone();
    assert_eq!(result["paths"]["fullchain"], want.as_str());
    assert_eq!(
        result["paths"]["privkey"],
        current.join("privkey.pem").display().to_string().as_str()
    );
    assert_eq!(result["version"], 1, "the version stays its own field");

    env.run(&["renew", "--force", "--no-random-delay", "-q"])
        .expect_code(0);
    let show = env.run(&["show", A, "--json"]);
    show.expect_code(0);
    assert_eq!(show.json()["result"]["paths"]["fullchain"], want.as_str());
    assert_eq!(show.json()["result"]["current"]["version"], 2);
    let text = env.run(&["show", A]);
    assert!(text.stdout.contains(&want), "{}", text.stdout);
    let obtained = env.obtain(&pebble, &["-d", B]);
    assert!(
        obtained.stdout.contains(
            &env.lineage(B)
                .join("current/fullchain.pem")
                .display()
                .to_string()
        ),
        "{}",
        obtained.stdout
    );
}

#[test]
fn a_failed_obtain_keeps_what_a_damaged_directory_held() {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", A, "-q"]).expect_code(0);
    env.fresh_account(&pebble);
    std::fs::remove_file(env.lineage(A).join("spec.toml")).unwrap();
    let before = env.snapshot();
    let elsewhere = format!("127.0.0.1:{}", crate::harness::free_port());
    let run = env.run(&["obtain", "-d", A, "--listen", &elsewhere, "--json"]);
    run.expect_code(5);
    assert_eq!(
        env.snapshot(),
        before,
        "the damaged directory lost its versions"
    );
}
