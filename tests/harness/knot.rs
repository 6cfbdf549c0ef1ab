//! A real Knot DNS server (Debian package `knot`) on a free loopback port, authoritative for
//! test zones and accepting RFC 2136 updates signed with a TSIG key; stopped on drop.

use std::fmt::Write as _;
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::free_port;

/// The TSIG key name every test zone accepts.
pub const KEY_NAME: &str = "acme-key";
/// Its secret (base64 of 32 bytes).
pub const SECRET: &str = "8Fv1Sa1ZmvnPXqh3JOQSKvi1ccGsCrVp2Bx7PWwXxqU=";

/// A running knotd.
pub struct Knot {
    child: Child,
    /// Its directory (config, zone files, storage).
    pub dir: tempfile::TempDir,
    /// Where it listens (UDP and TCP).
    pub addr: SocketAddr,
}

impl Knot {
    /// Serves `zones` (name, extra zone-file lines, whether the key may update it).
    pub fn start(zones: &[(&str, &str, bool)]) -> Self {
        let knotd = ["/usr/sbin/knotd", "/usr/bin/knotd"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("'knotd' is not installed; this test needs it. On Debian: apt-get install -y knot"));
        let dir = tempfile::tempdir().unwrap();
        let port = loop {
            let port = free_port();
            if UdpSocket::bind(("127.0.0.1", port)).is_ok() {
                break port;
            }
        };
        let d = dir.path().display();
        let mut conf = format!(
            "server:\n    listen: 127.0.0.1@{port}\n    rundir: \"{d}\"\n\ncontrol:\n    listen: \"{d}/knot.sock\"\n\ndatabase:\n    storage: \"{d}\"\n\nlog:\n  - target: stderr\n    any: info\n\nkey:\n  - id: {KEY_NAME}\n    algorithm: hmac-sha256\n    secret: {SECRET}\n\nacl:\n  - id: acme-update\n    key: {KEY_NAME}\n    action: update\n\ntemplate:\n  - id: default\n    storage: \"{d}\"\n    file: \"%s.zone\"\n    zonefile-sync: -1\n\nzone:\n"
        );
        for (zone, extra, updatable) in zones {
            let acl = if *updatable {
                "\n    acl: acme-update"
            } else {
                ""
            };
            let _ = writeln!(conf, "  - domain: {zone}{acl}");
            let file = format!(
                "$ORIGIN {zone}.\n$TTL 60\n@ SOA ns1 hostmaster 1 3600 600 86400 60\n@ NS ns1\nns1 A 127.0.0.1\n@ A 127.0.0.1\n* A 127.0.0.1\n{extra}\n"
            );
            std::fs::write(dir.path().join(format!("{zone}.zone")), file).unwrap();
        }
        let conf_path = dir.path().join("knot.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let log = std::fs::File::create(dir.path().join("knot.log")).unwrap();
        let child = Command::new(knotd)
            .arg("-c")
            .arg(&conf_path)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(addr).is_err() {
            assert!(
                Instant::now() < deadline,
                "knotd did not start: {}",
                std::fs::read_to_string(dir.path().join("knot.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, dir, addr }
    }

    /// The TXT values at `name`, asked of the server directly.
    pub fn txt(&self, name: &str) -> Vec<String> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(certkeep::challenge::dns::txt_records(self.addr, name))
            .unwrap()
    }
}

impl Drop for Knot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
