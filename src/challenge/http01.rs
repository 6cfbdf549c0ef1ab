//! http-01 (RFC 8555 §8.3): the key authorization served at
//! `http://<name>/.well-known/acme-challenge/<token>`, either by certkeep's own minimal HTTP
//! server ([`Standalone`]; the fleet daemon's responder is the same server over other
//! [`Answers`], see [`serve`]) or by an existing web server from files in its document root
//! ([`Webroot`]).
//!
//! The server reads at most [`MAX_REQUEST_HEAD`] bytes of a request, within [`HEAD_DEADLINE`],
//! gives each connection [`CONNECTION_DEADLINE`] in all (reading, looking up and writing), and
//! holds at most [`MAX_CONNECTIONS`] at once, [`MAX_PER_CLIENT`] of one client; at a bound the
//! oldest connection that has not sent its head makes room (see [`super::admission`]), so
//! idle connections cannot keep the CA's request out. Nothing is queued.

use std::collections::HashMap;
use std::fs;
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::ChallengeError;
use super::admission::{Admission, Limits, Ticket};
use super::{Response, Solver, SolverFuture};
use crate::error::{Detail, Error};

const PREFIX: &str = "/.well-known/acme-challenge/";
/// How many times a webroot walk or write lost to another run sharing the webroot is tried.
const RACE_ATTEMPTS: u32 = 4;
/// The most of a request's head read (a validation request is a few hundred bytes).
const MAX_REQUEST_HEAD: usize = 8 * 1024;
/// How long a client may take to send its request head (a validation request comes in one
/// segment at once).
pub(super) const HEAD_DEADLINE: Duration = Duration::from_secs(2);
/// How long one connection may take in all.
pub(super) const CONNECTION_DEADLINE: Duration = Duration::from_secs(10);
/// How many connections are held at once, all clients together.
pub(super) const MAX_CONNECTIONS: usize = 1024;
/// How many connections one client (an IPv4 address, an IPv6 /64) holds at once: room for a
/// CA validating many orders at once from one address (each name from each of its places),
/// while one client alone fills no more than a sixteenth of the server.
pub(super) const MAX_PER_CLIENT: usize = 64;

/// Where a server finds the key authorization to serve for a token.
pub trait Answers: Send + Sync + 'static {
    /// The key authorization for `token`, if it is being served.
    fn key_authorization<'a>(
        &'a self,
        token: &'a str,
    ) -> Pin<Box<dyn Future<Output = Option<String>> + Send + 'a>>;
}

type Tokens = Arc<RwLock<HashMap<String, String>>>;

/// The tokens [`Standalone`] was given.
struct Presented(Tokens);

impl Answers for Presented {
    fn key_authorization<'a>(
        &'a self,
        token: &'a str,
    ) -> Pin<Box<dyn Future<Output = Option<String>> + Send + 'a>> {
        let found = self
            .0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(token)
            .cloned();
        Box::pin(std::future::ready(found))
    }
}

/// certkeep's own HTTP server answering http-01 challenges; bound at construction, so a port
/// already in use is reported before any order is placed. Stops when dropped.
#[derive(Debug)]
pub struct Standalone {
    tokens: Tokens,
    task: tokio::task::JoinHandle<()>,
    addr: SocketAddr,
}

impl Standalone {
    /// Binds `listen` (e.g. `0.0.0.0:80`) and starts serving.
    pub async fn bind(listen: &str) -> Result<Self, Error> {
        let listener = bind_listener(listen, "http-01").await?;
        let addr = listener.local_addr().map_err(ChallengeError::NoLocalAddr)?;
        let tokens: Tokens = Arc::default();
        let task = tokio::spawn(serve(listener, Arc::new(Presented(tokens.clone()))));
        Ok(Self { tokens, task, addr })
    }
}

/// Binds a challenge listener, reporting a busy or privileged port as a usage error (before any
/// order). The default `[::]:PORT` also takes IPv4 on a dual-stack host; where IPv6 is off it
/// falls back to IPv4 only.
pub async fn bind_listener(listen: &str, challenge: &str) -> Result<TcpListener, Error> {
    bind_listener_for(listen, challenge, "--listen").await
}

/// [`bind_listener`] for an address given with `flag` (what the help line names).
pub async fn bind_listener_for(
    listen: &str,
    challenge: &str,
    flag: &'static str,
) -> Result<TcpListener, Error> {
    let mut bound = TcpListener::bind(listen).await;
    if let (Err(e), Some(port)) = (&bound, listen.strip_prefix("[::]:"))
        && (matches!(
            e.kind(),
            std::io::ErrorKind::AddrNotAvailable | std::io::ErrorKind::Unsupported
        ) || e.raw_os_error() == Some(97))
    {
        bound = TcpListener::bind(format!("0.0.0.0:{port}")).await;
    }
    bound.map_err(|source| {
        ChallengeError::Listen {
            listen: listen.to_owned(),
            challenge: challenge.to_owned(),
            flag,
            source,
        }
        .into()
    })
}

impl Standalone {
    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    fn tokens(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, String>> {
        self.tokens
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for Standalone {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Solver for Standalone {
    fn kind(&self) -> crate::domain::ChallengeKind {
        crate::domain::ChallengeKind::Http01
    }

    fn present<'a>(&'a self, response: &'a Response) -> SolverFuture<'a> {
        self.tokens()
            .insert(response.token.clone(), response.key_authorization.clone());
        Box::pin(async { Ok(()) })
    }

    fn cleanup<'a>(&'a self, response: &'a Response) -> SolverFuture<'a> {
        self.tokens().remove(&response.token);
        Box::pin(async { Ok(()) })
    }
}

/// Answers http-01 requests on `listener` from `answers`, for ever (abort the task to stop).
pub async fn serve(listener: TcpListener, answers: Arc<dyn Answers>) {
    let admission = Admission::new(Limits {
        total: MAX_CONNECTIONS,
        per_client: MAX_PER_CLIENT,
    });
    super::accept::accept_loop(listener, |stream| {
        let Ok(peer) = stream.peer_addr() else {
            return;
        };
        // Refused (nothing could make room): closed at once (dropped), not queued.
        if let Some((ticket, evicted)) = admission.admit(peer.ip()) {
            let answers = answers.clone();
            tokio::spawn(async move {
                let answered =
                    tokio::time::timeout(CONNECTION_DEADLINE, answer(stream, &*answers, &ticket));
                // Evicted for a newcomer: the connection is dropped unanswered.
                tokio::select! {
                    _ = answered => {}
                    _ = evicted => {}
                }
                drop(ticket);
            });
        }
    })
    .await;
}

async fn answer(mut stream: tokio::net::TcpStream, answers: &dyn Answers, ticket: &Ticket) {
    let Ok(head) = tokio::time::timeout(HEAD_DEADLINE, read_head(&mut stream)).await else {
        return;
    };
    ticket.head_read();
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let body = match target
        .strip_prefix(PREFIX)
        .filter(|_| method == "GET" || method == "HEAD")
    {
        Some(token) => answers.key_authorization(token).await,
        None => None,
    };
    let reply = match body {
        Some(key_authorization) => format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
            key_authorization.len(),
            if method == "HEAD" {
                ""
            } else {
                key_authorization.as_str()
            }
        ),
        None => {
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned()
        }
    };
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Reads up to the end of the request head (or [`MAX_REQUEST_HEAD`] bytes, or the end of
/// the stream).
async fn read_head(stream: &mut tokio::net::TcpStream) -> Vec<u8> {
    let mut head = Vec::with_capacity(512);
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_REQUEST_HEAD {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    head
}

/// Files in an existing web server's document root. The challenge directory is created if
/// missing (and removed again if certkeep created it); a symlink anywhere below the webroot is
/// refused, so a hostile local user cannot redirect the write (REFERENCE.md, acmetool#25).
#[derive(Debug)]
pub struct Webroot {
    root: PathBuf,
    created: std::sync::Mutex<Vec<PathBuf>>,
}

impl Webroot {
    /// Checks that `root` is an existing directory.
    pub fn new(root: &Path) -> Result<Self, Error> {
        match fs::metadata(root) {
            Ok(meta) if meta.is_dir() => Ok(Self {
                root: root.to_owned(),
                created: std::sync::Mutex::default(),
            }),
            Ok(_) => Err(ChallengeError::WebrootNotDir {
                root: root.to_owned(),
            }
            .into()),
            Err(source) => Err(ChallengeError::WebrootUnusable {
                root: root.to_owned(),
                source,
            }
            .into()),
        }
    }

    /// The challenge directory, made when missing. Another run sharing this webroot (a fleet
    /// node, a second obtain) may make it, or remove it once empty, at any moment: a walk that
    /// lost such a race starts again, a few times at most.
    fn challenge_dir(&self) -> Result<PathBuf, Error> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.walk_challenge_dir() {
                Ok(dir) => return Ok(dir),
                Err((_, true)) if attempt < RACE_ATTEMPTS => {}
                Err((err, _)) => return Err(*err),
            }
        }
    }

    /// One walk down to the challenge directory; the `bool` says the walk lost a race with
    /// another run (a directory appeared or vanished under it).
    fn walk_challenge_dir(&self) -> Result<PathBuf, (Box<Error>, bool)> {
        let mut dir = self.root.clone();
        for part in [".well-known", "acme-challenge"] {
            dir.push(part);
            match fs::symlink_metadata(&dir) {
                Ok(meta) if meta.file_type().is_symlink() || !meta.is_dir() => {
                    return Err((
                        Box::new(
                            ChallengeError::WebrootUnsafe {
                                dir,
                                why: Detail::new("it is a symlink or not a directory"),
                            }
                            .into(),
                        ),
                        false,
                    ));
                }
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
                    if let Err(e) = fs::DirBuilder::new().mode(0o755).create(&dir) {
                        let raced = matches!(
                            e.kind(),
                            std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::NotFound
                        );
                        return Err((Box::new(webroot_io("create", &dir, e)), raced));
                    }
                    // The umask (0077 under the shipped units) must not hide the directory
                    // from a web server running as another user.
                    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755))
                        .map_err(|e| (Box::new(webroot_io("set the mode of", &dir, e)), false))?;
                    self.created
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(dir.clone());
                }
                Err(e) => return Err((Box::new(webroot_io("inspect", &dir, e)), false)),
            }
        }
        Ok(dir)
    }
}

/// Writes `dir/name` atomically as mode 0644 whatever the umask: the web server that serves it
/// usually runs as another user. The temp file is created exclusively (never through a link a
/// local user planted) and chmod'ed through its descriptor.
fn write_readable(dir: &Path, name: &str, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let tmp = dir.join(format!(".{name}.certkeep-tmp"));
    // A leftover from a run that died mid-write; removing a planted link removes only the link.
    match fs::remove_file(&tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o644)
        .open(&tmp)
        .and_then(|mut file| {
            file.set_permissions(fs::Permissions::from_mode(0o644))?;
            file.write_all(contents)?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&tmp, dir.join(name)));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

fn webroot_io(op: &'static str, path: &Path, source: std::io::Error) -> Error {
    ChallengeError::WebrootIo {
        op,
        path: path.to_owned(),
        source,
    }
    .into()
}

impl Solver for Webroot {
    fn kind(&self) -> crate::domain::ChallengeKind {
        crate::domain::ChallengeKind::Http01
    }

    fn present<'a>(&'a self, response: &'a Response) -> SolverFuture<'a> {
        Box::pin(async move {
            let mut attempt = 0;
            loop {
                attempt += 1;
                let dir = self.challenge_dir()?;
                match write_readable(&dir, &response.token, response.key_authorization.as_bytes()) {
                    // Another run's cleanup removed the (then empty) directory meanwhile.
                    Err(e)
                        if e.kind() == std::io::ErrorKind::NotFound && attempt < RACE_ATTEMPTS => {}
                    written => {
                        return written
                            .map_err(|e| webroot_io("write", &dir.join(&response.token), e));
                    }
                }
            }
        })
    }

    fn cleanup<'a>(&'a self, response: &'a Response) -> SolverFuture<'a> {
        Box::pin(async move {
            let dir = self.root.join(".well-known").join("acme-challenge");
            let path = dir.join(&response.token);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(webroot_io("remove", &path, e)),
            }
            let created: Vec<PathBuf> = self
                .created
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone();
            for dir in created.iter().rev() {
                // Only succeeds when empty: other challenges or the site's own files stay.
                let _ = fs::remove_dir(dir);
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    fn response() -> Response {
        Response {
            identifier: "example.org".into(),
            token: "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0".into(),
            key_authorization: "LoqX.thumb".into(),
        }
    }

    async fn get(addr: SocketAddr, path: String) -> String {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .await
            .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        out
    }

    #[tokio::test]
    async fn standalone_serves_only_presented_tokens() {
        let server = Standalone::bind("127.0.0.1:0").await.unwrap();
        let addr = server.local_addr();
        let r = response();
        server.present(&r).await.unwrap();
        let ok = get(addr, format!("{PREFIX}{}", r.token)).await;
        assert!(
            ok.starts_with("HTTP/1.1 200") && ok.ends_with("LoqX.thumb"),
            "{ok}"
        );
        assert!(
            get(addr, format!("{PREFIX}other"))
                .await
                .starts_with("HTTP/1.1 404")
        );
        server.cleanup(&r).await.unwrap();
        assert!(
            get(addr, format!("{PREFIX}{}", r.token))
                .await
                .starts_with("HTTP/1.1 404")
        );
    }

    /// Sends `request`, closes the sending half, and reads the reply (empty when the server
    /// reset the connection).
    async fn exchange(addr: SocketAddr, request: &[u8]) -> String {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        let _ = s.write_all(request).await;
        let _ = s.shutdown().await;
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out).await;
        String::from_utf8_lossy(&out).into_owned()
    }

    #[tokio::test]
    async fn hostile_requests_get_404_and_the_server_keeps_answering() {
        let server = Standalone::bind("127.0.0.1:0").await.unwrap();
        let addr = server.local_addr();
        let r = response();
        server.present(&r).await.unwrap();
        let long_token = format!("GET {PREFIX}{} HTTP/1.1\r\n\r\n", "A".repeat(7000));
        let hostile: [&[u8]; 8] = [
            b"",
            b"\r\n\r\n",
            b"\xff\xfe\x00GET \xc3\x28 /\r\n\r\n",
            b"GET\r\n\r\n",
            b"POST /.well-known/acme-challenge/LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0 HTTP/1.1\r\n\r\n",
            b"GET /.well-known/acme-challenge/../../etc/passwd HTTP/1.1\r\n\r\n",
            b"GET /.well-known/acme-challenge/ HTTP/1.1\r\n\r\n",
            long_token.as_bytes(),
        ];
        for request in hostile {
            let reply = tokio::time::timeout(CONNECTION_DEADLINE, exchange(addr, request))
                .await
                .expect("answered within the connection deadline");
            assert!(reply.starts_with("HTTP/1.1 404"), "{request:?}: {reply}");
        }
        // A head past the bound is cut off (answered or reset), never read on without end.
        let endless = vec![b'a'; 4 * MAX_REQUEST_HEAD];
        tokio::time::timeout(CONNECTION_DEADLINE, exchange(addr, &endless))
            .await
            .expect("an oversized head ends the connection");
        let ok = get(addr, format!("{PREFIX}{}", r.token)).await;
        assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    }

    #[tokio::test]
    async fn idle_connections_of_one_client_do_not_keep_the_answer_out() {
        let server = Standalone::bind("127.0.0.1:0").await.unwrap();
        let addr = server.local_addr();
        let r = response();
        server.present(&r).await.unwrap();
        // More connections than the whole server once held (256), all from this client, half
        // of them trickling the start of a head and never finishing it.
        let mut idle = Vec::new();
        for i in 0..300 {
            let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
            if i % 2 == 0 {
                s.write_all(b"GET /.well-known/acme").await.unwrap();
            }
            idle.push(s);
        }
        let request = format!("GET {PREFIX}{} HTTP/1.1\r\nHost: x\r\n\r\n", r.token);
        // Well within the 10 s an idle connection could once hold its place.
        let reply =
            tokio::time::timeout(Duration::from_secs(5), exchange(addr, request.as_bytes()))
                .await
                .expect("answered within 5 s");
        assert!(
            reply.starts_with("HTTP/1.1 200") && reply.ends_with("LoqX.thumb"),
            "{reply:?}"
        );
    }

    #[tokio::test]
    async fn a_connection_that_sends_no_head_is_closed_after_the_head_deadline() {
        let server = Standalone::bind("127.0.0.1:0").await.unwrap();
        let mut s = tokio::net::TcpStream::connect(server.local_addr())
            .await
            .unwrap();
        let mut out = Vec::new();
        // Closed after HEAD_DEADLINE (2 s), long before the connection's 10 s in all.
        tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out))
            .await
            .expect("closed within 5 s")
            .ok();
        assert!(out.is_empty(), "{out:?}");
    }

    #[tokio::test]
    async fn port_in_use_is_a_usage_error() {
        let first = Standalone::bind("127.0.0.1:0").await.unwrap();
        let err = Standalone::bind(&first.local_addr().to_string())
            .await
            .unwrap_err();
        assert_eq!(err.kind, Kind::Usage);
        assert!(err.hint.unwrap().contains("--webroot"));
    }

    #[tokio::test]
    async fn webroot_writes_then_removes_and_refuses_symlinks() {
        let root = tempfile::tempdir().unwrap();
        let solver = Webroot::new(root.path()).unwrap();
        let r = response();
        solver.present(&r).await.unwrap();
        let file = root
            .path()
            .join(".well-known/acme-challenge")
            .join(&r.token);
        assert_eq!(fs::read_to_string(&file).unwrap(), "LoqX.thumb");
        solver.cleanup(&r).await.unwrap();
        assert!(
            !root.path().join(".well-known").exists(),
            "created directories left behind"
        );

        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), root.path().join(".well-known")).unwrap();
        let err = Webroot::new(root.path())
            .unwrap()
            .present(&r)
            .await
            .unwrap_err();
        assert_eq!(err.kind, Kind::Security);
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }
}
