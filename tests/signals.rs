//! Signals and the unattended path: SIGTERM, SIGHUP and SIGINT stop a run cleanly (challenge
//! answers removed, the order journaled for the next run, exit 143/129/130); the daemon feeds
//! systemd's watchdog during a round and finishes its round on SIGTERM; the cron delay does not
//! hold the store lock.
//!
//! "Mid-validation" is made deterministic with a slow validation authority: the http-01 answers
//! are served by [`Gate`], which holds Pebble's validation request until the test opens it (the
//! answer it sends is the one it read while certkeep was still serving it).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::harness::{Env, Pebble, PebbleOptions, Run};

const DEADLINE: Duration = Duration::from_secs(60);

/// An http-01 responder for a webroot that holds each validation request while closed.
struct Gate {
    open: Arc<(Mutex<bool>, Condvar)>,
    fetches: Receiver<String>,
}

impl Gate {
    fn serve(webroot: &Path, port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        let open = Arc::new((Mutex::new(true), Condvar::new()));
        let (tx, fetches) = channel();
        let webroot = webroot.to_path_buf();
        let shared = open.clone();
        std::thread::spawn(move || {
            let answers = Arc::new(Mutex::new(HashMap::new()));
            for stream in listener.incoming().flatten() {
                let (webroot, shared, tx, answers) =
                    (webroot.clone(), shared.clone(), tx.clone(), answers.clone());
                std::thread::spawn(move || answer(stream, &webroot, &shared, &tx, &answers));
            }
        });
        Self { open, fetches }
    }

    fn set_open(&self, open: bool) {
        *self.open.0.lock().unwrap() = open;
        self.open.1.notify_all();
    }

    /// Waits until the CA comes to validate the answer in `file` (earlier runs' requests are
    /// passed over).
    fn wait_fetch_of(&self, file: &Path) {
        let token = file.file_name().unwrap().to_str().unwrap();
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let path = self
                .fetches
                .recv_timeout(left)
                .expect("the CA did not come to validate");
            if path.ends_with(token) {
                return;
            }
        }
    }
}

fn answer(
    mut stream: std::net::TcpStream,
    webroot: &Path,
    open: &(Mutex<bool>, Condvar),
    fetches: &Sender<String>,
    answers: &Mutex<HashMap<String, Vec<u8>>>,
) {
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
    // Read while certkeep still serves it: the answer survives certkeep's cleanup.
    let body = {
        let mut answers = answers.lock().unwrap();
        if let Ok(body) = std::fs::read(webroot.join(path.trim_start_matches('/'))) {
            answers.insert(path.clone(), body);
        }
        answers.get(&path).cloned()
    };
    let _ = fetches.send(path);
    let (lock, wake) = open;
    let guard = lock.lock().unwrap();
    let _ = wake
        .wait_timeout_while(guard, DEADLINE, |open| !*open)
        .unwrap();
    let response = match body {
        Some(body) => {
            let mut r = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            r.extend(body);
            r
        }
        None => {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
        }
    };
    let _ = stream.write_all(&response);
}

/// A running certkeep with its stderr collected line by line.
struct Running {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Running {
    fn start(mut cmd: std::process::Command) -> Self {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        Self { child, stderr }
    }

    fn signal(&self, signal: Signal) {
        kill(
            Pid::from_raw(i32::try_from(self.child.id()).unwrap()),
            signal,
        )
        .unwrap();
    }

    /// Waits (with a deadline) until stderr shows a line `pick` finds something in.
    fn wait_stderr<T>(&mut self, pick: impl Fn(&str) -> Option<T>) -> T {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let found = self.stderr.lock().unwrap().lines().find_map(&pick);
            if let Some(found) = found {
                return found;
            }
            assert!(
                self.child.try_wait().unwrap().is_none(),
                "certkeep exited early:\n{}",
                self.stderr.lock().unwrap()
            );
            assert!(Instant::now() < deadline, "nothing on stderr matched");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits (with a deadline) for the exit.
    fn finish(mut self) -> Run {
        let deadline = Instant::now() + DEADLINE;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("certkeep did not exit:\n{}", self.stderr.lock().unwrap());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stdout = String::new();
        self.child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut stdout)
            .unwrap();
        let stderr = self.stderr.lock().unwrap().clone();
        Run {
            code: status.code().unwrap_or(-1),
            stdout,
            stderr,
        }
    }
}

/// Waits (with a deadline) until `path` exists.
fn wait_for_file(path: &Path) {
    let deadline = Instant::now() + DEADLINE;
    while !path.exists() {
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits (with a deadline) until the webroot holds a challenge answer; returns it.
fn wait_for_challenge_file(webroot: &Path) -> PathBuf {
    let dir = webroot.join(".well-known/acme-challenge");
    let deadline = Instant::now() + DEADLINE;
    loop {
        // Not the `.NAME.tmp-…` file the answer is written through before its rename.
        if let Some(file) = challenge_files(webroot)
            .into_iter()
            .find(|f| !f.file_name().unwrap().to_string_lossy().starts_with('.'))
        {
            return file;
        }
        assert!(
            Instant::now() < deadline,
            "no challenge file appeared in {}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn challenge_files(webroot: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(webroot.join(".well-known/acme-challenge"))
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

fn journaled_order(env: &Env, name: &str) -> String {
    let path = env.store.join("journal").join(name).join("order.json");
    let entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap_or_else(|e| {
            panic!("no journal at {}: {e}", path.display());
        }))
        .unwrap();
    entry["order_url"].as_str().unwrap().to_owned()
}

#[test]
fn obtain_stopped_by_a_signal_mid_validation_cleans_up_and_the_next_run_finishes_its_order() {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let www = tempfile::tempdir().unwrap();
    let gate = Gate::serve(www.path(), pebble.http_port);
    let webroot = www.path().to_str().unwrap().to_owned();
    for (signal, code, kind, name) in [
        (Signal::SIGTERM, 143, "terminated", "term.example.org"),
        (Signal::SIGHUP, 129, "hangup", "hup.example.org"),
        (Signal::SIGINT, 130, "interrupted", "int.example.org"),
    ] {
        let env = Env::new();
        env.register(&pebble);
        let args = ["obtain", "-d", name, "--webroot", &webroot, "--json"];
        gate.set_open(false);
        let running = Running::start(env.command(&args));
        let file = wait_for_challenge_file(www.path());
        gate.wait_fetch_of(&file);
        running.signal(signal);
        let stopped = running.finish();
        stopped.expect_code(code);
        assert_eq!(stopped.json()["error"]["kind"], kind, "{name}");
        assert_eq!(
            challenge_files(www.path()),
            Vec::<PathBuf>::new(),
            "{name}: the challenge answer stayed behind"
        );
        let order = journaled_order(&env, name);

        gate.set_open(true);
        let next = env.run(&args);
        next.expect_code(0);
        assert_eq!(
            next.json()["result"]["order_url"],
            order.as_str(),
            "{name}: the next run placed a new order"
        );
        assert!(!env.store.join("journal").join(name).exists(), "{name}");
    }
}

/// A datagram socket standing in for systemd's `NOTIFY_SOCKET`.
struct NotifySocket {
    _dir: tempfile::TempDir,
    path: PathBuf,
    socket: UnixDatagram,
}

impl NotifySocket {
    fn bind() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notify");
        let socket = UnixDatagram::bind(&path).unwrap();
        socket
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        Self {
            _dir: dir,
            path,
            socket,
        }
    }

    fn drain(&self) {
        self.socket.set_nonblocking(true).unwrap();
        let mut buf = [0u8; 512];
        while self.socket.recv(&mut buf).is_ok() {}
        self.socket.set_nonblocking(false).unwrap();
    }

    /// Reads messages until one starts with `prefix` (each read within the read timeout).
    fn wait_for(&self, prefix: &str) {
        let deadline = Instant::now() + DEADLINE;
        while !self.next().starts_with(prefix) {
            assert!(Instant::now() < deadline, "the daemon never said {prefix}");
        }
    }

    /// The next message (within the read timeout).
    fn next(&self) -> String {
        let mut buf = [0u8; 512];
        let n = self
            .socket
            .recv(&mut buf)
            .expect("no notification from the daemon");
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }
}

/// A lineage obtained over webroot with a pre hook that holds a round while `hold` exists,
/// then a `renew --force` stopped by SIGTERM mid-validation (exit 143, the answer removed, the
/// order journaled, `current` untouched). Returns the journaled order URL.
struct Interrupted {
    pebble: Pebble,
    www: tempfile::TempDir,
    _gate: Gate,
    env: Env,
    hold: PathBuf,
    started: PathBuf,
    order: String,
}

const NAME: &str = "daemon.example.org";

fn interrupted_renewal() -> Interrupted {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let www = tempfile::tempdir().unwrap();
    let gate = Gate::serve(www.path(), pebble.http_port);
    let webroot = www.path().to_str().unwrap().to_owned();
    let env = Env::new();
    env.register(&pebble);
    let hold = env.home.path().join("hold");
    let started = env.home.path().join("started");
    // The pre hook holds the round while the test's `hold` file exists (bounded by its timeout).
    let pre_hook = format!(
        "sh -c 'if [ -e {hold} ]; then touch {started}; while [ -e {hold} ]; do sleep 0.05; done; fi'",
        hold = hold.display(),
        started = started.display()
    );
    env.run(&[
        "obtain",
        "-d",
        NAME,
        "--webroot",
        &webroot,
        "--pre-hook",
        &pre_hook,
        "--hook-timeout",
        "120",
        "-q",
    ])
    .expect_code(0);

    gate.set_open(false);
    let renew = Running::start(env.command(&["renew", "--force", "--no-random-delay", "--json"]));
    let file = wait_for_challenge_file(www.path());
    gate.wait_fetch_of(&file);
    renew.signal(Signal::SIGTERM);
    let stopped = renew.finish();
    stopped.expect_code(143);
    assert_eq!(stopped.json()["error"]["kind"], "terminated");
    assert!(challenge_files(www.path()).is_empty());
    let order = journaled_order(&env, NAME);
    assert_eq!(
        std::fs::read_link(env.lineage(NAME).join("current")).unwrap(),
        Path::new("versions/1")
    );
    // The CA now completes the validation it was in.
    gate.set_open(true);
    Interrupted {
        pebble,
        www,
        _gate: gate,
        env,
        hold,
        started,
        order,
    }
}

#[test]
fn renew_stopped_by_sigterm_mid_validation_keeps_its_order_for_the_next_run() {
    let run = interrupted_renewal();
    let next = run.env.run(&["renew", "--no-random-delay", "--json"]);
    next.expect_code(0);
    assert_eq!(
        next.json()["result"]["renewed"].as_array().unwrap().len(),
        1
    );
    let lineage = run.env.lineage(NAME);
    let meta = std::fs::read_to_string(lineage.join("versions/2/meta.json")).unwrap();
    assert!(meta.contains(&run.order), "not the journaled order: {meta}");
    assert!(!run.env.store.join("journal").join(NAME).exists());
    drop(run.pebble);
}

#[test]
fn daemon_feeds_the_watchdog_during_a_round_and_finishes_the_round_on_sigterm() {
    let run = interrupted_renewal();
    // The daemon picks the journaled order up; its round is held by the pre hook.
    let notify = NotifySocket::bind();
    std::fs::write(&run.hold, "").unwrap();
    let mut cmd = run.env.command(&["daemon"]);
    cmd.env("NOTIFY_SOCKET", &notify.path)
        .env("WATCHDOG_USEC", "400000");
    let daemon = Running::start(cmd);
    wait_for_file(&run.started);
    notify.drain();
    for _ in 0..2 {
        assert_eq!(
            notify.next(),
            "WATCHDOG=1",
            "the watchdog is not fed during a round"
        );
    }

    daemon.signal(Signal::SIGTERM);
    notify.wait_for("STOPPING=1");
    std::fs::remove_file(&run.hold).unwrap();
    let done = daemon.finish();
    done.expect_code(0);
    let lineage = run.env.lineage(NAME);
    assert_eq!(
        std::fs::read_link(lineage.join("current")).unwrap(),
        Path::new("versions/2"),
        "the daemon did not finish the round it was in\n{}",
        done.stderr
    );
    let meta = std::fs::read_to_string(lineage.join("versions/2/meta.json")).unwrap();
    assert!(meta.contains(&run.order), "not the journaled order: {meta}");
    assert!(!run.env.store.join("journal").join(NAME).exists());
    assert!(challenge_files(run.www.path()).is_empty());
}

#[test]
fn renew_sleeping_its_cron_delay_leaves_the_store_to_others_and_stops_on_sigterm() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    env.obtain(&pebble, &["-d", "cron.example.org", "-q"])
        .expect_code(0);
    // stdin is not a terminal: `renew` is a cron run and sleeps a random delay first. A short
    // draw would end the delay while the test's obtain runs; draw again until it is long.
    let mut renew = None;
    for _ in 0..30 {
        let mut running = Running::start(env.command(&["renew", "--force"]));
        let seconds: u64 = running.wait_stderr(|line| {
            let rest = line.trim_start().strip_prefix("Waiting ")?;
            rest.split(' ').next()?.parse().ok()
        });
        if seconds >= 60 {
            renew = Some(running);
            break;
        }
        running.signal(Signal::SIGTERM);
        running.finish().expect_code(143);
    }
    let renew = renew.expect("no random delay of a minute or more in 30 draws");

    env.obtain(&pebble, &["-d", "human.example.org", "-q"])
        .expect_code(0);

    renew.signal(Signal::SIGTERM);
    let stopped = renew.finish();
    stopped.expect_code(143);
    assert!(!env.lineage("cron.example.org").join("versions/2").exists());
}

#[test]
fn daemon_parks_its_round_at_a_second_sigterm_keeping_the_order_and_exits_0() {
    let run = interrupted_renewal();
    let notify = NotifySocket::bind();
    std::fs::write(&run.hold, "").unwrap();
    let mut cmd = run.env.command(&["daemon"]);
    cmd.env("NOTIFY_SOCKET", &notify.path);
    let daemon = Running::start(cmd);
    wait_for_file(&run.started);

    daemon.signal(Signal::SIGTERM);
    notify.wait_for("STOPPING=1");
    daemon.signal(Signal::SIGTERM);
    notify.wait_for("STATUS=parking");
    // The hook in flight is let finish; what follows it does not start.
    std::fs::remove_file(&run.hold).unwrap();
    let done = daemon.finish();
    done.expect_code(0);
    let lineage = run.env.lineage(NAME);
    assert_eq!(
        std::fs::read_link(lineage.join("current")).unwrap(),
        Path::new("versions/1"),
        "the parked round went on\n{}",
        done.stderr
    );
    assert!(!lineage.join("versions/2").exists());
    assert_eq!(journaled_order(&run.env, NAME), run.order);
    assert!(challenge_files(run.www.path()).is_empty());
    let state = std::fs::read_to_string(lineage.join("state.json")).unwrap();
    assert!(
        !state.contains("terminated"),
        "a parked round is not a failure: {state}"
    );

    // The next start finishes the order.
    let next = run.env.run(&["renew", "--no-random-delay", "--json"]);
    next.expect_code(0);
    let meta = std::fs::read_to_string(lineage.join("versions/2/meta.json")).unwrap();
    assert!(meta.contains(&run.order), "not the journaled order: {meta}");
}

#[test]
fn obtain_under_nohup_goes_on_through_a_hangup() {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let www = tempfile::tempdir().unwrap();
    let gate = Gate::serve(www.path(), pebble.http_port);
    let env = Env::new();
    env.register(&pebble);
    let webroot = www.path().to_str().unwrap();
    let name = "nohup.example.org";
    let mut cmd = std::process::Command::new("nohup");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home.path())
        .env("CERTKEEP_STORE", &env.store)
        .arg(env!("CARGO_BIN_EXE_certkeep"))
        .args(["obtain", "-d", name, "--webroot", webroot, "--json"])
        .stdin(Stdio::null());
    gate.set_open(false);
    let running = Running::start(cmd);
    let file = wait_for_challenge_file(www.path());
    gate.wait_fetch_of(&file);
    running.signal(Signal::SIGHUP);
    gate.set_open(true);
    let done = running.finish();
    done.expect_code(0);
    assert!(env.lineage(name).join("current/cert.pem").exists());
}
