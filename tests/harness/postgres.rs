//! A real PostgreSQL (Debian package `postgresql`) for fleet tests: `initdb` and `pg_ctl` run as
//! the `postgres` user on a free loopback port in a temp dir, TLS on with a certificate for
//! `localhost` signed by a test root, a `certkeep` role whose password is only in a file, and
//! the server stopped on drop. Every wait has a deadline (`pg_ctl -t`, `connect_timeout`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::free_port;

/// The role fleet tests connect as.
pub const ROLE: &str = "certkeep";
/// The database fleet tests use.
pub const DATABASE: &str = "certkeep";
/// The role's password (a test value; never in a URL the binary is given).
pub const PASSWORD: &str = "fleet-test-password-7f3a";
/// How long `pg_ctl` waits for the server to start or stop, in seconds.
const PG_CTL_WAIT_SECS: &str = "60";

/// A running PostgreSQL cluster, stopped (immediately) on drop.
pub struct Postgres {
    /// The temp dir holding the cluster, its socket, TLS files and log; owned by `postgres`.
    pub dir: tempfile::TempDir,
    /// The TCP port on 127.0.0.1.
    pub port: u16,
    /// The PEM root that signed the server's certificate (for `sslmode=verify-full`).
    pub tls_root: PathBuf,
    bin: PathBuf,
}

/// The directory of the newest installed PostgreSQL's server programs.
fn server_bin() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map_or_else(
        || {
            panic!(
                "PostgreSQL's 'initdb' is not installed under /usr/lib/postgresql/*/bin; this \
                 test needs it. On Debian: apt-get install -y postgresql"
            )
        },
        |(_, bin)| bin,
    )
}

/// Runs `program` of the server's bin dir as the `postgres` user; panics with its output when
/// it fails.
fn as_postgres(bin: &Path, program: &str, args: &[&str]) -> Output {
    let out = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(bin.join(program))
        .args(args)
        .env("PGCONNECT_TIMEOUT", "10")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("could not run {program} as postgres: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Makes `path` belong to the `postgres` user.
fn give_to_postgres(path: &Path) {
    let user = nix::unistd::User::from_name("postgres")
        .unwrap()
        .expect("the postgresql package creates the 'postgres' user");
    nix::unistd::chown(path, Some(user.uid), Some(user.gid)).unwrap();
}

impl Postgres {
    /// Creates and starts a cluster with the `certkeep` role and database.
    pub fn start() -> Self {
        let bin = server_bin();
        let dir = tempfile::tempdir().unwrap();
        give_to_postgres(dir.path());
        let data = dir.path().join("data");
        let pwfile = dir.path().join("superuser-password");
        std::fs::write(&pwfile, "superuser-test-password\n").unwrap();
        give_to_postgres(&pwfile);
        as_postgres(
            &bin,
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--pwfile",
                pwfile.to_str().unwrap(),
                "--no-sync",
            ],
        );
        let (root, cert, key) = super::tls_material();
        let tls_root = dir.path().join("tls-root.pem");
        std::fs::write(&tls_root, root).unwrap();
        for (name, pem) in [("server.crt", cert), ("server.key", key)] {
            let path = data.join(name);
            std::fs::write(&path, pem).unwrap();
            std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))
                .unwrap();
            give_to_postgres(&path);
        }
        let port = free_port();
        let conf = format!(
            "listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{}'\n\
             ssl = on\nfsync = off\nmax_connections = 100\nshared_buffers = 16MB\n",
            dir.path().display()
        );
        let mut existing = std::fs::read_to_string(data.join("postgresql.conf")).unwrap();
        existing.push_str(&conf);
        std::fs::write(data.join("postgresql.conf"), existing).unwrap();
        let me = Self {
            dir,
            port,
            tls_root,
            bin,
        };
        me.start_server();
        // Two calls: CREATE DATABASE cannot share psql's one transaction with anything.
        me.psql_in(
            "postgres",
            &format!("CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'"),
        );
        me.psql_in(
            "postgres",
            &format!("CREATE DATABASE {DATABASE} OWNER {ROLE}"),
        );
        me
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn start_server(&self) {
        let log = self.dir.path().join("postgres.log");
        as_postgres(
            &self.bin,
            "pg_ctl",
            &[
                "-D",
                self.data().to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-w",
                "-t",
                PG_CTL_WAIT_SECS,
                "start",
            ],
        );
    }

    /// Stops the server (fast shutdown), e.g. to test a fleet whose database is down.
    pub fn stop(&self) {
        as_postgres(
            &self.bin,
            "pg_ctl",
            &[
                "-D",
                self.data().to_str().unwrap(),
                "-w",
                "-t",
                PG_CTL_WAIT_SECS,
                "-m",
                "fast",
                "stop",
            ],
        );
    }

    /// Starts the server again after [`Postgres::stop`].
    pub fn restart(&self) {
        self.start_server();
    }

    /// Runs SQL in the fleet database as the superuser over the cluster's Unix socket; returns
    /// the unaligned, tuples-only output (one row a line, columns split by `|`).
    pub fn psql(&self, sql: &str) -> String {
        self.psql_in(DATABASE, sql)
    }

    /// [`Postgres::psql`] in database `database`.
    pub fn psql_in(&self, database: &str, sql: &str) -> String {
        let socket_dir = self.dir.path().to_str().unwrap().to_owned();
        let port = self.port.to_string();
        let out = as_postgres(
            &self.bin,
            "psql",
            &[
                "-h",
                &socket_dir,
                "-p",
                &port,
                "-U",
                "postgres",
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-At",
                "-c",
                sql,
            ],
        );
        String::from_utf8_lossy(&out.stdout).trim_end().to_owned()
    }

    /// A fleet URL for the `certkeep` role without a password (it comes from a passfile or a
    /// secret reference), TLS verified against [`Postgres::tls_root`].
    pub fn url(&self) -> String {
        format!(
            "postgresql://{ROLE}@localhost:{}/{DATABASE}?sslmode=verify-full&sslrootcert={}",
            self.port,
            self.tls_root.display()
        )
    }

    /// A libpq passfile (mode 0600) in `dir` holding the role's password for this server. It
    /// is put in place by rename, whole and private, so a node that runs meanwhile (a daemon)
    /// never reads it half written or loose.
    pub fn passfile(&self, dir: &Path) -> PathBuf {
        let path = dir.join("pgpass");
        let line = format!("localhost:{}:{DATABASE}:{ROLE}:{PASSWORD}\n", self.port);
        if std::fs::read_to_string(&path).is_ok_and(|have| have == line) {
            return path;
        }
        let fresh = tempfile::NamedTempFile::new_in(dir).unwrap();
        std::fs::write(fresh.path(), line).unwrap();
        std::fs::set_permissions(
            fresh.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )
        .unwrap();
        fresh.persist(&path).unwrap();
        path
    }

    /// The server's log so far (for assertion messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("postgres.log")).unwrap_or_default()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        // Immediate: a test's server holds nothing worth a checkpoint.
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", self.data().to_str().unwrap_or_default()])
            .args(["-w", "-t", PG_CTL_WAIT_SECS, "-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}
