//! `status` reports the daemon from its status file, but never trusts a "running" whose
//! process is gone (SIGKILL and the OOM killer leave no "stopped" behind).

use crate::harness::Env;

fn status_with_daemon(env: &Env, pid: u32) -> serde_json::Value {
    std::fs::create_dir_all(&env.store).unwrap();
    std::fs::write(
        env.store.join("daemon.json"),
        format!(
            r#"{{"pid": {pid}, "started": "2026-11-01T00:00:00Z", "last_wake": "2026-11-01T01:00:00Z",
                "next_wake": "2026-11-01T02:00:00Z", "state": "running", "last_round": "renewed 1"}}"#
        ),
    )
    .unwrap();
    let run = env.run(&["status", "--json"]);
    run.expect_code(0);
    run.json()["result"]["daemon"].clone()
}

#[test]
fn a_daemon_whose_process_is_gone_is_not_shown_running() {
    let env = Env::new();
    // Above any kernel's pid_max: no such process.
    let daemon = status_with_daemon(&env, 2_147_483_647);
    assert_eq!(daemon["state"], "stopped", "{daemon}");
    assert!(daemon["next_wake"].is_null(), "{daemon}");
    assert!(
        daemon["last_round"].as_str().unwrap().contains("killed?"),
        "{daemon}"
    );
}

#[test]
fn a_daemon_whose_process_lives_is_shown_running() {
    let env = Env::new();
    let daemon = status_with_daemon(&env, std::process::id());
    assert_eq!(daemon["state"], "running", "{daemon}");
    assert_eq!(daemon["last_round"], "renewed 1");
}
