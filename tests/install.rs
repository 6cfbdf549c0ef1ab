//! `install` and `deploy` against real services: a real nginx and a real haproxy serving TLS
//! from the installed files, reloaded by certkeep, and what they serve checked with a TLS
//! handshake by `openssl s_client` (not by certkeep's own verification).

use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Env, Pebble, free_port, mode};

/// A real nginx (root master, one worker) serving TLS on 127.0.0.1:`port` from `fullchain.pem`
/// and `key.pem` in `certs`; stopped on drop.
pub(crate) struct TlsNginx {
    master: Child,
    pub(crate) dir: tempfile::TempDir,
    pub(crate) port: u16,
}

impl TlsNginx {
    pub(crate) fn start(certs: &Path) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let d = dir.path().display();
        let c = certs.display();
        // The server block lives in an included file so a test can break it.
        let conf = format!(
            "daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  include {d}/site.conf;\n}}\n"
        );
        std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
        std::fs::write(
            dir.path().join("site.conf"),
            format!("server {{\n  listen 127.0.0.1:{port} ssl;\n  ssl_certificate {c}/fullchain.pem;\n  ssl_certificate_key {c}/key.pem;\n}}\n"),
        )
        .unwrap();
        let master = Command::new("/usr/sbin/nginx")
            .args(["-c", &format!("{d}/nginx.conf"), "-p", &d.to_string()])
            .args(["-e", &format!("{d}/error.log")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx is not installed; on Debian: apt-get install -y nginx");
        let nginx = Self { master, dir, port };
        wait_for_port(port, || nginx.log());
        nginx
    }

    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }

    pub(crate) fn conf(&self) -> String {
        self.dir.path().join("nginx.conf").display().to_string()
    }

    pub(crate) fn prefix(&self) -> String {
        self.dir.path().display().to_string()
    }

    pub(crate) fn config_test(&self) -> String {
        format!(
            "/usr/sbin/nginx -t -q -c {} -p {}",
            self.conf(),
            self.prefix()
        )
    }

    /// A reload command that also counts its runs in `reloads.log`.
    pub(crate) fn counting_reload(&self) -> String {
        let script = self.dir.path().join("reload.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\necho reload >> {}/reloads.log\nexec /usr/sbin/nginx -s reload -c {} -p {}\n",
                self.prefix(),
                self.conf(),
                self.prefix()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script.display().to_string()
    }

    pub(crate) fn reloads(&self) -> usize {
        std::fs::read_to_string(self.dir.path().join("reloads.log"))
            .unwrap_or_default()
            .lines()
            .count()
    }
}

impl Drop for TlsNginx {
    fn drop(&mut self) {
        let _ = self.master.kill();
        let _ = self.master.wait();
    }
}

pub(crate) fn wait_for_port(port: u16, log: impl Fn() -> String) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "the server did not start: {}",
            log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A private directory (0755, not writable by others) with a self-signed placeholder
/// certificate, so the service can start before certkeep installs anything.
pub(crate) fn certs_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["placeholder.test".into()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    std::fs::write(dir.path().join("fullchain.pem"), cert.pem()).unwrap();
    std::fs::write(dir.path().join("key.pem"), key.serialize_pem()).unwrap();
    std::fs::write(
        dir.path().join("combined.pem"),
        format!("{}{}", key.serialize_pem(), cert.pem()),
    )
    .unwrap();
    dir
}

/// The serial the server on `port` serves for `sni`, as `openssl s_client` sees it (lowercase
/// hex without leading zeros).
pub(crate) fn served_serial(port: u16, sni: &str) -> String {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "openssl s_client -connect 127.0.0.1:{port} -servername {sni} </dev/null 2>/dev/null | openssl x509 -noout -serial"
        ))
        .output()
        .expect("openssl is not installed; on Debian: apt-get install -y openssl");
    let text = String::from_utf8_lossy(&out.stdout);
    normalize(text.trim().trim_start_matches("serial="))
}

/// The serial served once it is `expected`, or the last one seen after a deadline: a reloaded
/// server's old workers may still take a connection or two while they wind down.
pub(crate) fn serves(port: u16, sni: &str, expected: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let served = served_serial(port, sni);
        if served == expected || Instant::now() > deadline {
            return served;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub(crate) fn normalize(serial: &str) -> String {
    serial
        .to_ascii_lowercase()
        .trim_start_matches('0')
        .to_owned()
}

pub(crate) fn current_serial(env: &Env, name: &str) -> String {
    let run = env.run(&["show", name, "--json"]);
    normalize(
        run.expect_code(0).json()["result"]["current"]["serial"]
            .as_str()
            .unwrap(),
    )
}

pub(crate) fn obtain(env: &Env, pebble: &Pebble, name: &str) {
    env.obtain(pebble, &["-d", name]).expect_code(0);
}

pub(crate) fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>, u32)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pem"))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let mode = mode(&p);
            (p, bytes, mode)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn nginx_serves_every_new_certificate_and_a_failed_config_test_keeps_the_old_one() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble).expect_code(0);
    obtain(&env, &pebble, "web.example.test");
    let certs = certs_dir();
    let nginx = TlsNginx::start(certs.path());
    let fullchain = certs.path().join("fullchain.pem");
    let key = certs.path().join("key.pem");
    let verify = format!("127.0.0.1:{}", nginx.port);
    let reload = nginx.counting_reload();
    let run = env.run(&[
        "install",
        "web.example.test",
        "--fullchain",
        fullchain.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
        "--config-test",
        &nginx.config_test(),
        "--reload",
        &reload,
        "--verify",
        &verify,
        "--json",
    ]);
    let json = run.expect_code(0).json();
    let first = current_serial(&env, "web.example.test");
    assert_eq!(serves(nginx.port, "web.example.test", &first), first);
    let result = &json["result"];
    assert_eq!(result["verified"][0]["ok"], true, "{json}");
    assert_eq!(
        result["verified"][0]["served_serial"]
            .as_str()
            .map(normalize),
        Some(first.clone())
    );
    assert_eq!(result["reloads"].as_array().unwrap().len(), 1);
    assert_eq!(result["targets"].as_array().unwrap().len(), 2);
    assert_eq!(mode(&key), 0o600, "a key target is 0600 by default");
    assert_eq!(mode(&fullchain), 0o644);
    assert_eq!(nginx.reloads(), 1);

    // Every renewal deploys the same way: nginx serves the new certificate.
    env.run(&["renew", "--force", "--no-random-delay"])
        .expect_code(0);
    let second = current_serial(&env, "web.example.test");
    assert_ne!(second, first);
    assert_eq!(serves(nginx.port, "web.example.test", &second), second);
    assert_eq!(nginx.reloads(), 2);

    // A broken config: the config test fails, the previous files go back byte for byte,
    // nothing is reloaded, nginx keeps serving the previous certificate, exit 7.
    let before = files(certs.path());
    std::fs::write(
        nginx.dir.path().join("site.conf"),
        "this is not nginx config;\n",
    )
    .unwrap();
    let run = env.run(&["renew", "--force", "--no-random-delay"]);
    run.expect_code(7);
    assert!(run.stderr.contains("config test"), "{}", run.stderr);
    assert_ne!(
        current_serial(&env, "web.example.test"),
        second,
        "the renewal itself is stored"
    );
    assert_eq!(files(certs.path()), before, "the previous files are back");
    assert_eq!(nginx.reloads(), 2, "no reload after a failed config test");
    assert_eq!(served_serial(nginx.port, "web.example.test"), second);
    let status = env.run(&["status", "web.example.test", "--json"]).json();
    let text = status.to_string();
    assert!(text.contains("config test"), "status says why: {text}");

    // Fixed: the next run deploys without a new order.
    std::fs::write(
        nginx.dir.path().join("site.conf"),
        format!(
            "server {{\n  listen 127.0.0.1:{} ssl;\n  ssl_certificate {};\n  ssl_certificate_key {};\n}}\n",
            nginx.port,
            fullchain.display(),
            key.display()
        ),
    )
    .unwrap();
    let third = current_serial(&env, "web.example.test");
    env.run(&["renew", "--no-random-delay"]).expect_code(0);
    assert_eq!(
        current_serial(&env, "web.example.test"),
        third,
        "no new order"
    );
    assert_eq!(serves(nginx.port, "web.example.test", &third), third);
}

#[test]
fn twenty_certificates_behind_one_nginx_are_reloaded_once_per_run() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble).expect_code(0);
    let certs = certs_dir();
    let nginx = TlsNginx::start(certs.path());
    let reload = nginx.counting_reload();
    for i in 0..20 {
        let name = format!("site{i}.example.test");
        obtain(&env, &pebble, &name);
        let target = certs.path().join(format!("site{i}.pem"));
        env.run(&[
            "install",
            &name,
            "--fullchain",
            target.to_str().unwrap(),
            "--preset",
            "nginx",
            "--config-test",
            &nginx.config_test(),
            "--reload",
            &reload,
        ])
        .expect_code(0);
    }
    assert_eq!(nginx.reloads(), 20, "one reload per install");
    let run = env.run(&["renew", "--force", "--no-random-delay", "--json"]);
    let json = run.expect_code(0).json();
    assert_eq!(json["result"]["renewed"].as_array().unwrap().len(), 20);
    assert_eq!(
        nginx.reloads(),
        21,
        "one reload for the 20 renewed certificates"
    );
    assert_eq!(
        json["result"]["deploy"]["reloads"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    for i in 0..20 {
        let name = format!("site{i}.example.test");
        let pem = std::fs::read_to_string(certs.path().join(format!("site{i}.pem"))).unwrap();
        let store =
            std::fs::read_to_string(env.lineage(&name).join("current/fullchain.pem")).unwrap();
        assert_eq!(pem.trim(), store.trim(), "{name}");
    }
}

#[test]
fn an_endpoint_that_keeps_the_old_certificate_fails_verification_with_exit_7() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble).expect_code(0);
    let certs = certs_dir();
    // The failure hook hears of it.
    let heard = certs.path().join("failure-hook.log");
    let hook = env.home.path().join("failure-hook.sh");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\necho \"$CERTKEEP_NAME: $CERTKEEP_ERROR\" >> {}\n",
            heard.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    env.obtain(
        &pebble,
        &[
            "-d",
            "stale.example.test",
            "--failure-hook",
            hook.to_str().unwrap(),
        ],
    )
    .expect_code(0);
    // nginx serves the placeholder; certkeep writes elsewhere, and the "reload" does nothing.
    let nginx = TlsNginx::start(certs.path());
    let elsewhere = certs.path().join("elsewhere.pem");
    let verify = format!("127.0.0.1:{}", nginx.port);
    let run = env.run(&[
        "install",
        "stale.example.test",
        "--fullchain",
        elsewhere.to_str().unwrap(),
        "--reload",
        "/bin/true",
        "--verify",
        &verify,
        "--verify-timeout",
        "1",
    ]);
    run.expect_code(7);
    let heard = std::fs::read_to_string(&heard).unwrap_or_default();
    assert!(
        heard.starts_with("stale.example.test: ") && heard.contains("does not serve"),
        "{heard}"
    );
    assert!(
        run.stderr.contains("does not serve the new certificate"),
        "{}",
        run.stderr
    );
    assert!(elsewhere.exists(), "the new files stay: they are right");
    let status = env.run(&["status", "stale.example.test", "--json"]).json();
    assert!(
        status
            .to_string()
            .contains("does not serve the new certificate"),
        "{status}"
    );
}

#[test]
fn haproxy_serves_the_combined_pem_and_each_renewal() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble).expect_code(0);
    obtain(&env, &pebble, "lb.example.test");
    let certs = certs_dir();
    let combined = certs.path().join("combined.pem");
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let conf = dir.path().join("haproxy.cfg");
    std::fs::write(
        &conf,
        format!(
            "global\n  log stdout format raw local0 emerg\ndefaults\n  mode http\n  timeout connect 1s\n  timeout client 5s\n  timeout server 5s\nfrontend tls\n  bind 127.0.0.1:{port} ssl crt {}\n  http-request return status 200\n",
            combined.display()
        ),
    )
    .unwrap();
    let pid = dir.path().join("haproxy.pid");
    let mut haproxy = Command::new("/usr/sbin/haproxy")
        .args([
            "-W",
            "-db",
            "-f",
            conf.to_str().unwrap(),
            "-p",
            pid.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("haproxy is not installed; on Debian: apt-get install -y haproxy");
    wait_for_port(port, String::new);
    let reload = dir.path().join("reload.sh");
    std::fs::write(
        &reload,
        format!("#!/bin/sh\nexec kill -USR2 $(head -n1 {})\n", pid.display()),
    )
    .unwrap();
    std::fs::set_permissions(&reload, std::fs::Permissions::from_mode(0o755)).unwrap();
    let verify = format!("127.0.0.1:{port}");
    let test = format!("/usr/sbin/haproxy -c -q -f {}", conf.display());
    let install = env.run(&[
        "install",
        "lb.example.test",
        "--preset",
        "haproxy",
        "--combined",
        combined.to_str().unwrap(),
        "--config-test",
        &test,
        "--reload",
        reload.to_str().unwrap(),
        "--verify",
        &verify,
    ]);
    let outcome = (install.code, served_serial(port, "lb.example.test"));
    env.run(&["renew", "--force", "--no-random-delay"])
        .expect_code(0);
    let renewed = serves(
        port,
        "lb.example.test",
        &current_serial(&env, "lb.example.test"),
    );
    let _ = haproxy.kill();
    let _ = haproxy.wait();
    assert_eq!(outcome.0, 0, "{}", install.stderr);
    assert_ne!(outcome.1, renewed);
    assert_eq!(renewed, current_serial(&env, "lb.example.test"));
    assert_eq!(mode(&combined), 0o600, "the combined PEM holds the key");
    let pem = std::fs::read_to_string(&combined).unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "key first");
}

#[test]
fn deploy_reloads_only_a_service_whose_files_changed_or_whose_last_deploy_failed() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble).expect_code(0);
    obtain(&env, &pebble, "web.example.test");
    obtain(&env, &pebble, "stale.example.test");
    let certs = certs_dir();
    let nginx = TlsNginx::start(certs.path());
    let fullchain = certs.path().join("fullchain.pem");
    let key = certs.path().join("key.pem");
    let verify = format!("127.0.0.1:{}", nginx.port);
    env.run(&[
        "install",
        "web.example.test",
        "--fullchain",
        fullchain.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
        "--reload",
        &nginx.counting_reload(),
        "--verify",
        &verify,
    ])
    .expect_code(0);
    assert_eq!(nginx.reloads(), 1);

    // A second service whose deploy does not go through: nginx serves another certificate.
    let stale_reloads = certs.path().join("stale-reloads.log");
    let stale_reload = env.home.path().join("stale-reload.sh");
    std::fs::write(
        &stale_reload,
        format!("#!/bin/sh\necho reload >> {}\n", stale_reloads.display()),
    )
    .unwrap();
    std::fs::set_permissions(&stale_reload, std::fs::Permissions::from_mode(0o755)).unwrap();
    let count = || {
        std::fs::read_to_string(&stale_reloads)
            .unwrap_or_default()
            .lines()
            .count()
    };
    env.run(&[
        "install",
        "stale.example.test",
        "--fullchain",
        certs.path().join("stale.pem").to_str().unwrap(),
        "--reload",
        stale_reload.to_str().unwrap(),
        "--verify",
        &verify,
        "--verify-timeout",
        "1",
    ])
    .expect_code(7);
    assert_eq!(count(), 1);

    // Every file is already right: the service whose deploy went through is not reloaded, the
    // one whose deploy failed is (a run stopped before its reload is finished the same way).
    let json = env.run(&["deploy", "--json"]).expect_code(7).json();
    assert_eq!(nginx.reloads(), 1, "{json}");
    assert_eq!(count(), 2, "{json}");
    let reloads = json["result"]["reloads"].as_array().unwrap();
    assert_eq!(reloads.len(), 1, "{json}");
    assert_eq!(reloads[0]["certificates"][0], "stale.example.test");
    let current = current_serial(&env, "web.example.test");
    assert_eq!(serves(nginx.port, "web.example.test", &current), current);
}
