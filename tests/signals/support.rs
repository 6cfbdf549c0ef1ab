//! The signal tests' tools: a slow http-01 responder, a running certkeep with its stderr, a
//! stand-in for systemd's notify socket, and waits that all have a deadline.

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

use crate::harness::{Env, Run};

pub const DEADLINE: Duration = Duration::from_secs(60);

/// An http-01 responder for a webroot that holds each validation request while closed.
pub struct Gate {
    open: Arc<(Mutex<bool>, Condvar)>,
    fetches: Receiver<String>,
}

impl Gate {
    pub fn serve(webroot: &Path, port: u16) -> Self {
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

    pub fn set_open(&self, open: bool) {
        *self.open.0.lock().unwrap() = open;
        self.open.1.notify_all();
    }

    /// Waits until the CA comes to validate the answer in `file` (earlier runs' requests are
    /// passed over).
    pub fn wait_fetch_of(&self, file: &Path) {
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
pub struct Running {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Running {
    pub fn start(mut cmd: std::process::Command) -> Self {
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

    pub fn signal(&self, signal: Signal) {
        kill(
            Pid::from_raw(i32::try_from(self.child.id()).unwrap()),
            signal,
        )
        .unwrap();
    }

    /// Waits (with a deadline) until stderr shows a line `pick` finds something in.
    pub fn wait_stderr<T>(&mut self, pick: impl Fn(&str) -> Option<T>) -> T {
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
    pub fn finish(mut self) -> Run {
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
pub fn wait_for_file(path: &Path) {
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
pub fn wait_for_challenge_file(webroot: &Path) -> PathBuf {
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

pub fn challenge_files(webroot: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(webroot.join(".well-known/acme-challenge"))
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

pub fn journaled_order(env: &Env, name: &str) -> String {
    let path = env.store.join("journal").join(name).join("order.json");
    let entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap_or_else(|e| {
            panic!("no journal at {}: {e}", path.display());
        }))
        .unwrap();
    entry["order_url"].as_str().unwrap().to_owned()
}

/// A datagram socket standing in for systemd's `NOTIFY_SOCKET`.
pub struct NotifySocket {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
    socket: UnixDatagram,
}

impl NotifySocket {
    pub fn bind() -> Self {
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

    pub fn drain(&self) {
        self.socket.set_nonblocking(true).unwrap();
        let mut buf = [0u8; 512];
        while self.socket.recv(&mut buf).is_ok() {}
        self.socket.set_nonblocking(false).unwrap();
    }

    /// Reads messages until one starts with `prefix` (each read within the read timeout).
    pub fn wait_for(&self, prefix: &str) {
        let deadline = Instant::now() + DEADLINE;
        while !self.next().starts_with(prefix) {
            assert!(Instant::now() < deadline, "the daemon never said {prefix}");
        }
    }

    /// The next message (within the read timeout).
    pub fn next(&self) -> String {
        let mut buf = [0u8; 512];
        let n = self
            .socket
            .recv(&mut buf)
            .expect("no notification from the daemon");
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }
}
