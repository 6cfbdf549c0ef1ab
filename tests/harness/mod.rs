//! The shared test harness: a real Pebble (and pebble-challtestsrv as its DNS, answering every
//! name with 127.0.0.1) on free ports per test, a generated TLS root the client trusts, a temp
//! HOME and store, and a runner for the real binary with the environment stripped.

#![allow(
    dead_code,
    reason = "each test module uses a different part of the harness"
)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub mod acme_dns;
pub mod knot;
pub mod postgres;
pub mod proxy;

/// Ports handed out in this process, so two tests running at once never share one.
static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());

/// The ports `free_port` hands out: below the kernel's ephemeral range (32768-60999 on Debian).
/// A port from that range, released after the check, can become the source port of any
/// outgoing connection before the child binds it; that failed runs with "address in use".
const FREE_PORTS: std::ops::Range<u16> = 20_000..32_768;

/// A free TCP port on 127.0.0.1 (bound, then released) not handed out before in this process.
/// The search starts at an offset from the process id, so two test processes rarely meet.
pub fn free_port() -> u16 {
    let span = u32::from(FREE_PORTS.end - FREE_PORTS.start);
    let mut given = GIVEN.lock().unwrap();
    let start = std::process::id()
        .wrapping_mul(7919)
        .wrapping_add(u32::try_from(given.len()).unwrap());
    (0..span)
        .map(|step| FREE_PORTS.start + u16::try_from((start.wrapping_add(step)) % span).unwrap())
        .find(|&port| !given.contains(&port) && TcpListener::bind(("127.0.0.1", port)).is_ok())
        .inspect(|&port| given.push(port))
        .expect("a free port below the ephemeral range")
}

fn require(binary: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(binary))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("'{binary}' is not installed; this test needs it. On Debian: apt-get install -y pebble nginx")
        })
}

/// How to start Pebble.
#[derive(Debug, Clone, Default)]
pub struct PebbleOptions {
    /// Extra environment (`PEBBLE_WFE_NONCEREJECT`, `PEBBLE_ALTERNATE_ROOTS` ...).
    pub env: Vec<(String, String)>,
    /// EAB: kid → base64url MAC key; non-empty turns `externalAccountBindingRequired` on.
    pub eab: Vec<(String, String)>,
    /// `certificateValidityPeriod` in seconds (Pebble's default: 5 years).
    pub validity_secs: Option<u64>,
    /// The resolver Pebble's VA uses instead of challtestsrv (e.g. a Knot under test).
    pub dns_server: Option<std::net::SocketAddr>,
}

impl PebbleOptions {
    /// Options under which Pebble reuses a valid authorization only 1% of the time (not never:
    /// see [`Env::fresh_account`] for a second order that must validate).
    pub fn fresh_authorizations() -> Self {
        Self {
            env: vec![("PEBBLE_AUTHZREUSE".into(), "0".into())],
            ..Self::default()
        }
    }
}

/// A running Pebble + challtestsrv pair, killed on drop.
pub struct Pebble {
    children: Vec<Child>,
    /// Temp dir with the config and TLS files.
    pub dir: tempfile::TempDir,
    /// The directory URL.
    pub directory: String,
    /// The management API base URL.
    pub management: String,
    /// The port Pebble's VA connects to for http-01.
    pub http_port: u16,
    /// The port Pebble's VA connects to for tls-alpn-01.
    pub tls_port: u16,
    /// pebble-challtestsrv's DNS port (Pebble's resolver).
    pub dns_port: u16,
    /// pebble-challtestsrv's management API port (set-txt, clear-txt ...).
    pub dns_management_port: u16,
    /// PEM root that signed Pebble's HTTPS certificate.
    pub tls_root: PathBuf,
}

impl Pebble {
    /// Starts Pebble with defaults plus no VA sleep.
    pub fn start() -> Self {
        Self::start_with(PebbleOptions::default())
    }

    /// Starts Pebble with options.
    pub fn start_with(options: PebbleOptions) -> Self {
        let pebble = require("pebble");
        let challtestsrv = require("pebble-challtestsrv");
        let dir = tempfile::tempdir().unwrap();
        let (root_pem, cert_pem, key_pem) = tls_material();
        let tls_root = dir.path().join("tls-root.pem");
        std::fs::write(&tls_root, root_pem).unwrap();
        std::fs::write(dir.path().join("cert.pem"), cert_pem).unwrap();
        std::fs::write(dir.path().join("key.pem"), key_pem).unwrap();

        let (acme, mgmt, http, tls, dns, dns_mgmt) = (
            free_port(),
            free_port(),
            free_port(),
            free_port(),
            free_port(),
            free_port(),
        );
        let eab: serde_json::Map<String, Value> = options
            .eab
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        let config = serde_json::json!({"pebble": {
            "listenAddress": format!("127.0.0.1:{acme}"),
            "managementListenAddress": format!("127.0.0.1:{mgmt}"),
            "certificate": dir.path().join("cert.pem"),
            "privateKey": dir.path().join("key.pem"),
            "httpPort": http,
            "tlsPort": tls,
            "ocspResponderURL": "",
            "externalAccountBindingRequired": !eab.is_empty(),
            "externalAccountMACKeys": eab,
        }});
        let mut config = config;
        if let Some(secs) = options.validity_secs {
            config["pebble"]["certificateValidityPeriod"] = Value::from(secs);
        }
        let config_path = dir.path().join("pebble.json");
        std::fs::write(&config_path, serde_json::to_vec_pretty(&config).unwrap()).unwrap();

        let log = |name: &str| std::fs::File::create(dir.path().join(name)).unwrap();
        let dns_child = Command::new(challtestsrv)
            .args([
                "-http01",
                "",
                "-https01",
                "",
                "-tlsalpn01",
                "",
                "-defaultIPv6",
                "",
            ])
            .args([
                "-dns01",
                &format!("127.0.0.1:{dns}"),
                "-management",
                &format!("127.0.0.1:{dns_mgmt}"),
            ])
            .stdout(log("challtestsrv.log"))
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut env: Vec<(String, String)> = vec![("PEBBLE_VA_NOSLEEP".into(), "1".into())];
        env.extend(options.env.iter().cloned());
        let pebble_child = Command::new(pebble)
            .arg("-config")
            .arg(&config_path)
            .args([
                "-dnsserver",
                &options
                    .dns_server
                    .map_or_else(|| format!("127.0.0.1:{dns}"), |s| s.to_string()),
            ])
            .envs(env)
            .stdout(log("pebble.log"))
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let me = Self {
            children: vec![pebble_child, dns_child],
            directory: format!("https://127.0.0.1:{acme}/dir"),
            management: format!("https://127.0.0.1:{mgmt}"),
            http_port: http,
            tls_port: tls,
            dns_port: dns,
            dns_management_port: dns_mgmt,
            tls_root,
            dir,
        };
        wait_for_port(acme, &me);
        wait_for_port(mgmt, &me);
        me
    }

    /// GET on Pebble's management API (trusting the test root).
    pub fn management_get(&self, path: &str) -> (u16, String) {
        let root = std::fs::read(&self.tls_root).unwrap();
        let url = format!("{}{path}", self.management);
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                let http = certkeep::acme::http::CaHttp::new(
                    Some(&root),
                    std::sync::Arc::new(certkeep::clock::SystemClock),
                    Duration::from_secs(10),
                )
                .unwrap();
                let (status, body) = http.get(&url).await.unwrap();
                (status.as_u16(), String::from_utf8_lossy(&body).into_owned())
            })
    }

    /// Pebble's log so far (for assertion messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("pebble.log")).unwrap_or_default()
    }
}

impl Pebble {
    /// Stops Pebble with SIGSTOP: the kernel still accepts its TCP connections, but nothing
    /// answers them, like a CA that hangs. Dropping it still kills it.
    pub fn freeze(&self) {
        let pid = i32::try_from(self.children[0].id()).unwrap();
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGSTOP,
        )
        .unwrap();
    }
}

impl Drop for Pebble {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn wait_for_port(port: u16, pebble: &Pebble) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "Pebble did not start listening on {port}; its log:\n{}",
        pebble.log()
    );
}

/// A CA and a `localhost`/127.0.0.1 leaf for Pebble's HTTPS endpoint: (root, cert, key) PEM.
fn tls_material() -> (String, String, String) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "certkeep test root");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca, ca_key);
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let mut leaf = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    leaf.subject_alt_names
        .push(rcgen::SanType::IpAddress("127.0.0.1".parse().unwrap()));
    let leaf_cert = leaf.signed_by(&leaf_key, &issuer).unwrap();
    (ca_cert.pem(), leaf_cert.pem(), leaf_key.serialize_pem())
}

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Stdout.
    pub stdout: String,
    /// Stderr.
    pub stderr: String,
}

impl Run {
    /// The outcome of a finished process.
    pub fn of(out: std::process::Output) -> Self {
        Self {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Parses stdout as the one JSON document.
    pub fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Asserts the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// A user's environment: temp HOME, temp store, nothing inherited but PATH.
pub struct Env {
    /// Temp HOME.
    pub home: tempfile::TempDir,
    /// The store root.
    pub store: PathBuf,
}

impl Env {
    /// A fresh user.
    pub fn new() -> Self {
        let home = tempfile::tempdir().unwrap();
        let store = home.path().join("store");
        Self { home, store }
    }

    /// A command for the binary with a stripped environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_certkeep"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("CERTKEEP_STORE", &self.store)
            .args(args)
            .stdin(Stdio::null());
        cmd
    }

    /// Runs the binary.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(self.command(args).output().unwrap())
    }

    /// Runs the binary with `input` on its stdin (`secret set` reads secrets there).
    pub fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        Run::of(child.wait_with_output().unwrap())
    }

    /// Registers the default account with `pebble`.
    pub fn register(&self, pebble: &Pebble) -> Run {
        self.register_with(pebble, &[])
    }

    /// `account register` of the default account at `pebble`, with `extra` flags; exit 0.
    fn register_with(&self, pebble: &Pebble, extra: &[&str]) -> Run {
        let root = pebble.tls_root.to_str().unwrap().to_owned();
        let mut args = vec!["account", "register"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&[
            "--ca",
            &pebble.directory,
            "--ca-root",
            &root,
            "--email",
            "ops@example.org",
            "--agree-tos",
        ]);
        let run = self.run(&args);
        run.expect_code(0);
        run
    }

    /// Replaces the default account at `pebble` with a new one, so the next order validates every
    /// name again. Pebble reuses a valid authorization of the same account 1% of the time even
    /// with `PEBBLE_AUTHZREUSE=0` (it tests `rand.Intn(100) > percent`), which would let a test's
    /// second order for a name pass without its challenge; authorizations never cross accounts.
    pub fn fresh_account(&self, pebble: &Pebble) {
        self.register_with(pebble, &["--replace"]);
    }

    /// Registers the default account with the CA at `directory` (Pebble itself or the test proxy
    /// in front of it), trusting Pebble's HTTPS root.
    pub fn register_at(&self, directory: &str, pebble: &Pebble) -> Run {
        let root = pebble.tls_root.to_str().unwrap().to_owned();
        let run = self.run(&[
            "account",
            "register",
            "--ca",
            directory,
            "--ca-root",
            &root,
            "--agree-tos",
        ]);
        run.expect_code(0);
        run
    }

    /// The directory of the (only) account named `default`.
    pub fn account_dir(&self) -> PathBuf {
        self.store
            .join("accounts")
            .read_dir()
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
            .join("default")
    }

    /// `obtain` answering http-01 on Pebble's VA port, with extra args.
    pub fn obtain(&self, pebble: &Pebble, extra: &[&str]) -> Run {
        let listen = format!("127.0.0.1:{}", pebble.http_port);
        let mut args = vec!["obtain", "--listen", listen.as_str()];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Every file below the store with its contents, for "store unchanged" checks.
    pub fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        walk(&self.store, &mut out);
        out.sort();
        out
    }

    /// The lineage directory of `name`.
    pub fn lineage(&self, name: &str) -> PathBuf {
        self.store.join("certs").join(name)
    }

    /// The renewal state of `name` as certkeep reads it: `state.json`, with the renewal
    /// information an ARI refresh saved for it in the store's `ari.json` (JSON lines, one per
    /// lineage) when that was written over exactly this `state.json` (its `over` is the
    /// SHA-256 of the file's bytes). Writing the result back to `state.json` makes it the
    /// whole state.
    pub fn lineage_state(&self, name: &str) -> Value {
        let bytes = std::fs::read(self.lineage(name).join("state.json")).unwrap();
        let mut state: Value = serde_json::from_slice(&bytes).unwrap();
        let over = hex::encode(ring::digest::digest(&ring::digest::SHA256, &bytes));
        let cache = std::fs::read_to_string(self.store.join("ari.json"))
            .unwrap_or_default()
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .find(|cache| cache["name"] == name && cache["over"] == over.as_str());
        if let Some(cache) = cache {
            for field in ["ari", "ari_next_fetch", "ari_problem"] {
                state[field] = cache[field].clone();
            }
        }
        state
    }
}

fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            walk(&path, out);
        } else if meta.file_type().is_symlink() {
            out.push((
                path.clone(),
                std::fs::read_link(&path)
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes(),
            ));
        // The store's housekeeping (lock, format file, rebuildable index) is not its content.
        } else if path.file_name().is_some_and(|n| {
            !["lock", "store.json", "index.json"].contains(&n.to_str().unwrap_or_default())
        }) {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
}

/// File mode bits.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Parses the certificates of a PEM file: (subject CN, issuer CN, SAN strings, SPKI DER).
pub fn pem_certs(pem: &str) -> Vec<(String, String, Vec<String>, Vec<u8>)> {
    use x509_parser::prelude::*;
    Pem::iter_from_buffer(pem.as_bytes())
        .map(|p| {
            let p = p.unwrap();
            let (_, cert) = X509Certificate::from_der(&p.contents).unwrap();
            let cn = |name: &X509Name<'_>| {
                name.iter_common_name()
                    .next()
                    .and_then(|c| c.as_str().ok())
                    .unwrap_or("")
                    .to_owned()
            };
            let sans = cert
                .subject_alternative_name()
                .ok()
                .flatten()
                .map(|s| {
                    s.value
                        .general_names
                        .iter()
                        .map(ToString::to_string)
                        .collect()
                })
                .unwrap_or_default();
            (
                cn(cert.subject()),
                cn(cert.issuer()),
                sans,
                cert.public_key().raw.to_vec(),
            )
        })
        .collect()
}

/// A real nginx (serving a directory, or balancing between local ports), stopped on drop.
pub struct Nginx {
    child: Child,
    dir: tempfile::TempDir,
}

impl Nginx {
    /// Starts nginx in the foreground as one process (no user switch, no master).
    pub fn serve(root: &Path, port: u16) -> Self {
        Self::start(
            &format!(
                "  access_log off;\n  default_type text/plain;\n  server {{\n    listen 127.0.0.1:{port};\n    root {};\n  }}\n",
                root.display()
            ),
            port,
        )
    }

    /// Starts nginx as a round-robin load balancer on `port` in front of `upstreams` (ports on
    /// 127.0.0.1), logging each request's upstream address and status to [`Nginx::access_log`].
    pub fn balance(upstreams: &[u16], port: u16) -> Self {
        use std::fmt::Write as _;
        let servers = upstreams.iter().fold(String::new(), |mut out, up| {
            let _ = writeln!(out, "    server 127.0.0.1:{up};");
            out
        });
        Self::start(
            &format!(
                "  log_format upstream '$upstream_addr $upstream_status $request_uri';\n  access_log access.log upstream;\n  upstream nodes {{\n{servers}  }}\n  server {{\n    listen 127.0.0.1:{port};\n    location / {{ proxy_pass http://nodes; }}\n  }}\n"
            ),
            port,
        )
    }

    /// The access log (with [`Nginx::balance`]: one `UPSTREAM STATUS URI` line per request).
    pub fn access_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("access.log")).unwrap_or_default()
    }

    fn start(http: &str, port: u16) -> Self {
        let nginx = std::env::var_os("PATH")
            .and_then(|p| std::env::split_paths(&p).chain([PathBuf::from("/usr/sbin")]).map(|d| d.join("nginx")).find(|p| p.is_file()))
            .unwrap_or_else(|| panic!("'nginx' is not installed; this test needs it. On Debian: apt-get install -y nginx"));
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display();
        let conf = format!(
            "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n{http}}}\n"
        );
        let conf_path = dir.path().join("nginx.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let child = Command::new(nginx)
            .arg("-c")
            .arg(&conf_path)
            .arg("-p")
            .arg(dir.path())
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nginx did not start: {}",
                std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Self { child, dir }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
