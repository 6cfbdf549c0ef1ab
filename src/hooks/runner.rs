//! Runs one hook: its own process group, a clean environment, JSON on stdin, output captured,
//! one timeout over the whole run (writing stdin included) that kills the group, and the outcome
//! (never an early return that leaves a child behind).
//!
//! The environment is built from nothing: `PATH`, `LANG`, `LC_ALL` (when set) and `HOME` of
//! certkeep's own environment, as `cli` captured them in its `Settings` ([`BaseEnv`]), plus the
//! documented `CERTKEEP_*` variables. Anything else certkeep runs with (the variable an `env:VAR`
//! secret reference names, `NOTIFY_SOCKET`, a CA token exported for a script) never reaches a
//! hook, and nothing here reads the process environment.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};

use super::{HookContext, HookSpec};

/// How much of a hook's output is kept.
const TAIL: usize = 4096;
/// The deadline used when a hook's timeout is too large to add to the clock (about 30 years).
const FAR_FUTURE: Duration = Duration::from_secs(30 * 365 * 86_400);
/// How long to keep reading output after the hook exited (a forked child may hold the pipe).
const DRAIN_GRACE: Duration = Duration::from_secs(2);

/// What happened when a hook ran.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HookOutcome {
    /// The command, for display.
    pub command: String,
    /// Exit code, when it exited normally.
    pub exit_code: Option<i32>,
    /// True when the timeout killed it.
    pub timed_out: bool,
    /// Why it could not start, or was refused.
    pub error: Option<String>,
    /// The last 4 KiB of its stdout and stderr.
    pub output_tail: String,
    /// How long it ran, in seconds.
    pub duration_secs: f64,
}

/// Why a hook did not succeed, in words.
pub fn failure_reason(error: Option<&str>, timed_out: bool, exit_code: Option<i32>) -> String {
    match (error, timed_out, exit_code) {
        (Some(error), _, _) => error.to_owned(),
        (None, true, _) => "timed out; its process group was killed".to_owned(),
        (None, false, Some(code)) => format!("exited with {code}"),
        (None, false, None) => "was killed by a signal".to_owned(),
    }
}

impl HookOutcome {
    /// True when the hook ran and exited 0.
    pub fn ok(&self) -> bool {
        self.exit_code == Some(0) && !self.timed_out && self.error.is_none()
    }

    fn refused(spec: &HookSpec, why: String) -> Self {
        Self {
            command: spec.display(),
            exit_code: None,
            timed_out: false,
            error: Some(why),
            output_tail: String::new(),
            duration_secs: 0.0,
        }
    }
}

pub use crate::config::BaseEnv;

fn resolve_program(program: &str, base: &BaseEnv) -> Option<PathBuf> {
    if program.contains('/') {
        return Some(PathBuf::from(program));
    }
    std::env::split_paths(base.path())
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Refuses a program another user could have changed.
fn check_program(path: &Path) -> Result<(), String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot run '{}': {e}", path.display()))?;
    let me = nix::unistd::getuid().as_raw();
    if meta.mode() & 0o002 != 0 {
        return Err(format!(
            "refusing '{}': it is world-writable",
            path.display()
        ));
    }
    if meta.uid() != me && meta.uid() != 0 {
        return Err(format!(
            "refusing '{}': it belongs to another user (uid {})",
            path.display(),
            meta.uid()
        ));
    }
    Ok(())
}

/// Runs `spec` with `context` in an environment built from `base`, waiting at most its timeout.
pub async fn run(base: &BaseEnv, spec: &HookSpec, context: &HookContext) -> HookOutcome {
    let json = serde_json::to_vec(context).unwrap_or_default();
    run_command(base, spec, context.env(), json).await
}

/// Runs `spec` with `base` plus the documented variables `env`, and `stdin`, in its own process
/// group and a clean environment, waiting at most its timeout (also used for DNS provider
/// scripts).
pub async fn run_command(
    base: &BaseEnv,
    spec: &HookSpec,
    env: Vec<(String, String)>,
    stdin: Vec<u8>,
) -> HookOutcome {
    let Some(first) = spec.command.first() else {
        return HookOutcome::refused(spec, "the hook command is empty".into());
    };
    let (program, args): (PathBuf, Vec<String>) = if spec.shell {
        (
            PathBuf::from("/bin/sh"),
            vec!["-c".into(), spec.command.join(" ")],
        )
    } else {
        match resolve_program(first, base) {
            Some(path) => (path, spec.command[1..].to_vec()),
            None => return HookOutcome::refused(spec, format!("'{first}' was not found in PATH")),
        }
    };
    if let Err(why) = check_program(&program) {
        return HookOutcome::refused(spec, why);
    }
    let started = Instant::now();
    let mut command = tokio::process::Command::new(&program);
    command
        .args(&args)
        .env_clear()
        .envs(base.with(env))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            return HookOutcome::refused(
                spec,
                format!("could not start '{}': {e}", program.display()),
            );
        }
    };
    let pgid = child.id().and_then(|id| i32::try_from(id).ok());
    // Written beside the wait, under the same deadline: a hook that never reads stdin (and a
    // document bigger than the pipe) must not hold the run. A hook that closes stdin early
    // (EPIPE) is fine.
    let feed = child.stdin.take().map(|mut pipe| {
        tokio::spawn(async move {
            let _ = pipe.write_all(&stdin).await;
        })
    });
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let collect = tokio::spawn(async move {
        let (a, b) = tokio::join!(read_tail(stdout), read_tail(stderr));
        format!("{a}{b}")
    });
    // A timeout too large to add (a hand-edited spec) means "no practical limit", not a panic.
    let now = tokio::time::Instant::now();
    let deadline = now
        .checked_add(spec.timeout())
        .unwrap_or_else(|| now + FAR_FUTURE);
    let (exit_code, timed_out) = match tokio::time::timeout_at(deadline, child.wait()).await {
        Ok(Ok(status)) => (status.code(), false),
        Ok(Err(_)) => (None, false),
        Err(_) => {
            kill_group(pgid);
            let _ = child.wait().await;
            (None, true)
        }
    };
    if let Some(feed) = feed {
        // Still writing after the hook exited: a grandchild holds stdin open. Drop the pipe.
        feed.abort();
    }
    let grace = if timed_out {
        Duration::from_millis(200)
    } else {
        DRAIN_GRACE
    };
    let output = match tokio::time::timeout(grace, collect).await {
        Ok(Ok(text)) => text,
        _ => String::from("(output still held open by a process the hook left behind)"),
    };
    HookOutcome {
        command: spec.display(),
        exit_code,
        timed_out,
        error: None,
        output_tail: tail(&output),
        duration_secs: started.elapsed().as_secs_f64(),
    }
}

fn kill_group(pgid: Option<i32>) {
    if let Some(pgid) = pgid {
        let _ = nix::sys::signal::killpg(
            nix::unistd::Pid::from_raw(pgid),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
}

async fn read_tail(stream: Option<impl AsyncRead + Unpin>) -> String {
    let Some(mut stream) = stream else {
        return String::new();
    };
    let mut kept: Vec<u8> = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                kept.extend_from_slice(&buf[..n]);
                if kept.len() > 2 * TAIL {
                    kept.drain(..kept.len() - TAIL);
                }
            }
        }
    }
    String::from_utf8_lossy(&kept).into_owned()
}

fn tail(text: &str) -> String {
    let start = text.len().saturating_sub(TAIL);
    let start = (start..text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(text.len());
    text[start..].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hooks::{HookCert, Stage};

    fn context() -> HookContext {
        HookContext::new(
            Stage::Deploy,
            vec![HookCert {
                name: "example.org".into(),
                identifiers: vec!["example.org".into()],
                ..Default::default()
            }],
            vec![],
        )
    }

    fn shell(line: &str, timeout_secs: u64) -> HookSpec {
        HookSpec {
            command: vec![line.into()],
            shell: true,
            timeout_secs: Some(timeout_secs),
        }
    }

    #[tokio::test]
    async fn a_hook_gets_env_and_json_and_its_output_is_kept() {
        let outcome = run(
            &BaseEnv::default(),
            &shell("echo \"$CERTKEEP_HOOK $CERTKEEP_NAME\"; cat", 10),
            &context(),
        )
        .await;
        assert!(outcome.ok(), "{outcome:?}");
        assert!(
            outcome
                .output_tail
                .starts_with("deploy example.org\n{\"schema\":\"certkeep/v1\""),
            "{}",
            outcome.output_tail
        );
    }

    #[tokio::test]
    async fn a_hanging_hook_and_its_children_are_killed_at_the_timeout() {
        let outcome = run(
            &BaseEnv::default(),
            &shell("sleep 1000 & sleep 1000", 1),
            &context(),
        )
        .await;
        assert!(outcome.timed_out && !outcome.ok(), "{outcome:?}");
        assert!(outcome.duration_secs < 10.0);
    }

    #[tokio::test]
    async fn a_child_that_outlives_the_hook_does_not_hold_the_run() {
        let outcome = run(
            &BaseEnv::default(),
            &shell("sleep 30 & echo started", 60),
            &context(),
        )
        .await;
        assert!(outcome.ok(), "{outcome:?}");
        assert!(
            outcome.duration_secs < 10.0,
            "waited for the child: {outcome:?}"
        );
        assert!(
            outcome.output_tail.contains("output still held open"),
            "{outcome:?}"
        );
    }

    #[tokio::test]
    async fn a_failing_hook_reports_its_code_and_a_missing_one_is_an_error() {
        let failed = run(
            &BaseEnv::default(),
            &shell("echo broken >&2; exit 3", 10),
            &context(),
        )
        .await;
        assert_eq!(failed.exit_code, Some(3));
        assert!(failed.output_tail.contains("broken"));
        let missing = run(
            &BaseEnv::default(),
            &HookSpec {
                command: vec!["certkeep-no-such-hook".into()],
                shell: false,
                timeout_secs: None,
            },
            &context(),
        )
        .await;
        assert!(missing.error.unwrap().contains("not found"));
    }

    #[tokio::test]
    async fn a_hook_gets_its_environment_from_settings_and_never_a_secret_variable() {
        // The process running this test has its own PATH and HOME; the hook must see the ones
        // in the Settings, and nothing else of them.
        let settings = crate::config::Settings::from_vars(
            [
                ("PATH", "/usr/bin:/bin"),
                ("HOME", "/home/ops-from-settings"),
                ("LANG", "C.UTF-8"),
                ("SECRET_TOKEN", "s3cr3t"),
                ("FOO", "bar"),
            ]
            .map(|(name, value)| (name.into(), value.into())),
        );
        let outcome = run_command(
            &settings.base_env,
            &shell("env", 10),
            context().env(),
            Vec::new(),
        )
        .await;
        assert!(outcome.ok(), "{outcome:?}");
        let mut names: Vec<&str> = outcome
            .output_tail
            .lines()
            .filter_map(|line| line.split_once('=').map(|(name, _)| name))
            .filter(|name| !matches!(*name, "PWD" | "SHLVL" | "_"))
            .collect();
        names.sort_unstable();
        let mut want: Vec<String> = ["PATH", "HOME", "LANG"]
            .into_iter()
            .map(str::to_owned)
            .chain(context().env().into_iter().map(|(name, _)| name))
            .collect();
        want.sort_unstable();
        assert_eq!(names, want, "{}", outcome.output_tail);
        assert!(
            outcome
                .output_tail
                .contains("HOME=/home/ops-from-settings\n")
        );
        assert!(outcome.output_tail.contains("PATH=/usr/bin:/bin\n"));
        assert!(!outcome.output_tail.contains("s3cr3t"));
    }

    #[tokio::test]
    async fn the_timeout_covers_a_hook_that_never_reads_its_stdin() {
        // A document far bigger than a pipe's buffer, to a hook that sleeps without reading.
        // (Two certificates: the per-certificate variables, which would carry it too, are unset.)
        let mut context = context();
        context.certificates[0].error = Some("x".repeat(1 << 20));
        context.certificates.push(context.certificates[0].clone());
        let spec = shell("sleep 1000", 1);
        let base = BaseEnv::default();
        let run = run(&base, &spec, &context);
        // The bound only turns a hang into a failure; the hook's own timeout is 1 s.
        let outcome = tokio::time::timeout(Duration::from_secs(60), run)
            .await
            .expect("writing stdin must not outlast the hook's timeout");
        assert!(outcome.timed_out && !outcome.ok(), "{outcome:?}");
    }

    #[tokio::test]
    async fn an_absurd_hook_timeout_runs_the_hook_instead_of_panicking() {
        let outcome = run(&BaseEnv::default(), &shell("exit 0", u64::MAX), &context()).await;
        assert!(outcome.ok(), "{outcome:?}");
    }

    #[tokio::test]
    async fn a_world_writable_program_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("hook.sh");
        std::fs::write(&script, "#!/bin/sh\nexit 0\n").unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o777)).unwrap();
        let outcome = run(
            &BaseEnv::default(),
            &HookSpec {
                command: vec![script.display().to_string()],
                shell: false,
                timeout_secs: None,
            },
            &context(),
        )
        .await;
        assert!(outcome.error.unwrap().contains("world-writable"));
    }
}
