//! Webroot under the shipped systemd units: they set `UMask=0077`, and the web server that
//! serves the challenge runs as another user, so what certkeep writes must be readable by others
//! whatever the umask. A real nginx whose workers run as `nobody` serves the files to Pebble.

use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Env, Pebble};

/// nginx with a root master and workers running as `nobody`, as a distribution runs it.
struct NginxAsNobody {
    master: Child,
    dir: tempfile::TempDir,
}

impl NginxAsNobody {
    fn serve(root: &Path, port: u16) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display();
        let conf = format!(
            "daemon off;\nuser nobody nogroup;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  default_type text/plain;\n  server {{\n    listen 127.0.0.1:{port};\n    root {};\n  }}\n}}\n",
            root.display()
        );
        let conf_path = dir.path().join("nginx.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let master = Command::new("/usr/sbin/nginx")
            .arg("-c")
            .arg(&conf_path)
            .arg("-p")
            .arg(dir.path())
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("could not start nginx ({e}); on Debian: apt-get install -y nginx")
            });
        let nginx = Self { master, dir };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nginx did not start: {}",
                nginx.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        nginx
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for NginxAsNobody {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: the master then stops its workers instead of orphaning them.
        let pid = nix::unistd::Pid::from_raw(i32::try_from(self.master.id()).unwrap());
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
        let _ = self.master.wait();
    }
}

/// `command` run through `sh` with `umask 077` first, as under `UMask=0077`.
fn under_umask_077(command: &Command) -> Command {
    let mut wrapped = Command::new("sh");
    wrapped
        .arg("-c")
        .arg("umask 077 && exec \"$@\"")
        .arg("sh")
        .arg(command.get_program())
        .args(command.get_args())
        .env_clear()
        .stdin(Stdio::null());
    for (key, value) in command.get_envs() {
        if let Some(value) = value {
            wrapped.env(key, value);
        }
    }
    wrapped
}

#[test]
fn webroot_files_are_served_by_a_web_server_running_as_another_user_under_umask_077() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    // The site's document root, readable by everyone as a site's is.
    let site = tempfile::tempdir().unwrap();
    let webroot = site.path().join("www");
    std::fs::create_dir(&webroot).unwrap();
    for dir in [site.path(), webroot.as_path()] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let nginx = NginxAsNobody::serve(&webroot, pebble.http_port);
    let obtain = env.command(&[
        "obtain",
        "-d",
        "web.example.org",
        "--webroot",
        webroot.to_str().unwrap(),
        "--json",
    ]);
    let out = under_umask_077(&obtain).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}\nnginx:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        nginx.log()
    );
    assert!(
        !nginx.log().contains("Permission denied"),
        "{}",
        nginx.log()
    );
    assert!(
        !webroot.join(".well-known").exists(),
        "the files and directories certkeep made are removed"
    );
}
