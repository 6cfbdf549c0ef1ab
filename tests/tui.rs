//! The TUI in a real terminal: tmux runs `certkeep tui` against a store holding a certificate
//! from Pebble; the test reads the screen with `capture-pane`, renews with `r`, quits with `q`
//! and checks the terminal is given back (no alternate screen, cursor shown, cooked mode). The
//! forms against Pebble and a real nginx; a hangup, with and without SIGHUP. And the refusals:
//! no terminal, or `--json`, is exit 2 with a hint and nothing drawn.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::harness::{Env, Pebble, PebbleOptions};

/// How long a screen may take to show what the test waits for (a renewal against Pebble
/// included).
const SCREEN_DEADLINE: Duration = Duration::from_secs(60);

/// A tmux server of this test's own (its own socket), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `script` under `sh` in a detached 120x40 session.
    fn start(env: &Env, script: &str) -> Self {
        let socket = format!(
            "certkeep-tui-{}-{}",
            std::process::id(),
            env.home.path().file_name().unwrap().to_string_lossy()
        );
        let tmux = Self { socket };
        let run = tmux
            .command(env)
            .args([
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "40",
                "sh",
                "-c",
                script,
            ])
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        tmux
    }

    /// A tmux client on this server, with the test user's environment (the server started by
    /// the first one passes it on to the session).
    fn command(&self, env: &Env) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", env.home.path())
            .env("CERTKEEP_STORE", &env.store)
            .env("TERM", "xterm-256color")
            .args(["-L", &self.socket, "-f", "/dev/null"]);
        cmd
    }

    fn tmux(&self, env: &Env, args: &[&str]) -> Output {
        self.command(env).args(args).output().unwrap()
    }

    fn screen(&self, env: &Env) -> String {
        String::from_utf8_lossy(&self.tmux(env, &["capture-pane", "-p"]).stdout).into_owned()
    }

    fn keys(&self, env: &Env, keys: &str) {
        assert!(self.tmux(env, &["send-keys", keys]).status.success());
    }

    /// `format` (`#{alternate_on}`...) for the pane.
    fn display(&self, env: &Env, format: &str) -> String {
        let out = self.tmux(env, &["display-message", "-p", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Polls the screen until `pred` holds; panics with the last screen at the deadline.
    fn wait_for(&self, env: &Env, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + SCREEN_DEADLINE;
        loop {
            let screen = self.screen(env);
            if pred(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "the screen never showed {what}; last screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn serial(env: &Env, name: &str) -> String {
    let show = env.run(&["show", name, "--json"]);
    show.expect_code(0);
    show.json()["result"]["current"]["serial"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_certkeep"))
}

#[test]
fn the_tui_in_tmux_follows_the_store_renews_on_r_deletes_on_d_and_restores_the_terminal_on_q() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let name = "tui.example.org";
    env.obtain(&pebble, &["-d", name, "-q"]).expect_code(0);
    let before = serial(&env, name);

    // After the TUI: its exit code, then whether the line discipline is cooked again.
    let script = format!(
        "'{}' tui; echo \"tui exited $?\"; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon; exec cat",
        binary().display()
    );
    let tmux = Tmux::start(&env, &script);
    let screen = tmux.wait_for(&env, "the certificate", |s| {
        s.contains(name) && s.contains("Serial") && s.contains(&before)
    });
    assert!(screen.contains("1 certificates"), "{screen}");
    assert_eq!(tmux.display(&env, "#{alternate_on}"), "1");

    // Another process changes the store: the view follows without a key.
    let other = "other.example.org";
    env.obtain(&pebble, &["-d", other, "-q"]).expect_code(0);
    tmux.wait_for(&env, "the certificate obtained outside", |s| {
        s.contains("2 certificates") && s.contains(other)
    });

    // While another process holds the store lock, r shows the certificate busy, not failed.
    let lock = std::fs::File::options()
        .read(true)
        .write(true)
        .open(env.store.join("lock"))
        .unwrap();
    lock.lock().unwrap();
    tmux.keys(&env, "r");
    tmux.wait_for(&env, "the certificate busy", |s| {
        s.contains("busy: store loc")
    });
    assert_eq!(serial(&env, name), before, "nothing renewed under the lock");
    drop(lock);

    tmux.keys(&env, "r");
    let screen = tmux.wait_for(&env, "the renewal's outcome", |s| {
        s.contains("renewed, serial") || s.contains("failed")
    });
    let after = serial(&env, name);
    assert_ne!(after, before, "r stored a new version:\n{screen}");
    // The reload after the renewal shows the new serial in the detail pane.
    tmux.wait_for(&env, "the new serial", |s| {
        s.contains(&format!("Serial {after}"))
    });

    // d asks first; n keeps the certificate, y deletes it.
    tmux.keys(&env, "d");
    tmux.wait_for(&env, "the delete confirmation", |s| {
        s.contains("from the store?")
    });
    tmux.keys(&env, "n");
    tmux.wait_for(&env, "the cancellation", |s| s.contains("cancelled"));
    assert!(env.lineage(name).exists());
    tmux.keys(&env, "d");
    tmux.wait_for(&env, "the delete confirmation", |s| {
        s.contains("from the store?")
    });
    tmux.keys(&env, "y");
    tmux.wait_for(&env, "the deletion", |s| {
        s.contains("1 certificates") && s.contains(&format!("{name}: deleted"))
    });
    assert!(!env.lineage(name).exists(), "y deleted the lineage");

    tmux.keys(&env, "q");
    // The exit code and the line discipline are printed one after the other: wait for both.
    let screen = tmux.wait_for(&env, "the shell after the TUI", |s| {
        s.contains("tui exited") && s.lines().any(|l| l.trim().ends_with("icanon"))
    });
    assert!(screen.contains("tui exited 0"), "{screen}");
    assert!(
        screen.lines().any(|l| l.trim() == "icanon"),
        "raw mode ended:\n{screen}"
    );
    assert!(
        !screen.contains("Identifiers"),
        "the TUI's screen is gone:\n{screen}"
    );
    assert_eq!(tmux.display(&env, "#{alternate_on}"), "0");
    assert_eq!(tmux.display(&env, "#{cursor_flag}"), "1", "cursor shown");
}

#[test]
fn the_n_form_in_tmux_obtains_a_certificate_from_pebble_with_live_progress() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let script = format!("'{}' tui; exec cat", binary().display());
    let tmux = Tmux::start(&env, &script);
    tmux.wait_for(&env, "the empty store", |s| s.contains("0 certificates"));

    tmux.keys(&env, "n");
    // The CA starts as the store's account's: Pebble's.
    tmux.wait_for(&env, "the form on Pebble's CA", |s| {
        s.contains("New certificate") && s.contains(&pebble.directory)
    });
    let name = "form.example.org";
    assert!(tmux.tmux(&env, &["send-keys", "-l", name]).status.success());
    tmux.wait_for(&env, "the name the form would store", |s| {
        s.contains(&format!("stored as '{name}'"))
    });
    // A wildcard needs dns-01: obtain's own check says so as it is typed.
    assert!(
        tmux.tmux(&env, &["send-keys", "-l", " *.form.example.org"])
            .status
            .success()
    );
    tmux.wait_for(&env, "the refusal", |s| s.contains("✗"));
    for _ in 0..19 {
        tmux.keys(&env, "BSpace");
    }
    // To the listen address, which must be the port Pebble validates on.
    for _ in 0..3 {
        tmux.keys(&env, "Tab");
    }
    for _ in 0.."[::]:80".len() {
        tmux.keys(&env, "BSpace");
    }
    let listen = format!("127.0.0.1:{}", pebble.http_port);
    assert!(
        tmux.tmux(&env, &["send-keys", "-l", &listen])
            .status
            .success()
    );
    tmux.wait_for(&env, "the valid form", |s| {
        s.contains(&listen) && s.contains(&format!("stored as '{name}'"))
    });
    tmux.keys(&env, "Enter");
    let screen = tmux.wait_for(&env, "the obtain's outcome", |s| {
        s.contains(&format!("{name}: obtained, serial")) || s.contains("obtain failed")
    });
    assert!(screen.contains("obtained, serial"), "{screen}");
    let stored = serial(&env, name);
    tmux.wait_for(&env, "the new certificate in the table", |s| {
        s.contains("1 certificates") && s.contains(&format!("Serial {stored}"))
    });
    tmux.keys(&env, "q");
}

#[test]
fn the_n_form_in_tmux_obtains_a_wildcard_with_dns01_through_an_exec_script() {
    let pebble = Pebble::start_with(PebbleOptions::fresh_authorizations());
    let env = Env::new();
    env.register(&pebble);
    let (hook, log) = crate::dns::script(&env, &pebble, true);
    let tmux = Tmux::start(&env, &format!("'{}' tui; exec cat", binary().display()));
    tmux.wait_for(&env, "the empty store", |s| s.contains("0 certificates"));
    tmux.keys(&env, "n");
    tmux.wait_for(&env, "the form on Pebble's CA", |s| {
        s.contains("New certificate") && s.contains(&pebble.directory)
    });
    let type_text = |text: &str| {
        assert!(tmux.tmux(&env, &["send-keys", "-l", text]).status.success());
    };
    type_text("*.tui.example.org");
    tmux.wait_for(&env, "http-01's refusal of the wildcard", |s| {
        s.contains("cannot be validated with http-01")
    });
    // To the challenge: back from http-01 to dns-01; then the provider: rfc2136, acme-dns, exec.
    for key in ["Tab", "Tab", "Left", "Tab", "Right", "Right"] {
        tmux.keys(&env, key);
    }
    tmux.wait_for(&env, "the exec provider", |s| s.contains("◀ exec ▶"));
    tmux.keys(&env, "Tab");
    type_text(hook.to_str().unwrap());
    tmux.keys(&env, "Tab");
    type_text(&format!("127.0.0.1:{}", pebble.dns_port));
    let name = "_wildcard.tui.example.org";
    tmux.wait_for(&env, "the valid form", |s| {
        s.contains(&format!("stored as '{name}'"))
    });
    tmux.keys(&env, "Enter");
    let screen = tmux.wait_for(&env, "the obtain's outcome", |s| {
        s.contains(&format!("{name}: obtained, serial")) || s.contains("obtain failed")
    });
    assert!(screen.contains("obtained, serial"), "{screen}");
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(
        calls.contains("present _acme-challenge.tui.example.org")
            && calls.contains("cleanup _acme-challenge.tui.example.org"),
        "{calls}"
    );
    let spec = std::fs::read_to_string(env.lineage(name).join("spec.toml")).unwrap();
    assert!(spec.contains("provider = \"exec\""), "{spec}");
    tmux.keys(&env, "q");
}

#[test]
fn the_accounts_tab_in_tmux_rolls_the_account_key_over_after_y() {
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let thumbprint = || {
        env.run(&["account", "show", "--json"]).json()["result"]["key_thumbprint"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let before = thumbprint();
    let tmux = Tmux::start(&env, &format!("'{}' tui; exec cat", binary().display()));
    tmux.wait_for(&env, "the TUI", |s| s.contains("0 certificates"));
    // The column shows the thumbprint's start on a 120-column screen.
    let start = |thumbprint: &str| thumbprint.chars().take(12).collect::<String>();
    tmux.keys(&env, "Tab");
    tmux.wait_for(&env, "the account", |s| s.contains(&start(&before)));
    tmux.keys(&env, "o");
    tmux.wait_for(&env, "the confirmation", |s| s.contains("over?"));
    tmux.keys(&env, "y");
    let screen = tmux.wait_for(&env, "the rollover's outcome", |s| {
        // The notice line: the outcome, once it is no longer "working…".
        s.lines()
            .any(|l| l.starts_with("default: ") && !l.contains("working"))
    });
    assert!(screen.contains("rolled over"), "{screen}");
    let after = thumbprint();
    assert_ne!(after, before, "the stored key changed");
    // The reload shows the new thumbprint.
    tmux.wait_for(&env, "the new thumbprint", |s| s.contains(&start(&after)));
    tmux.keys(&env, "q");
}

#[test]
fn the_accounts_tab_in_tmux_registers_an_eab_account_at_pebble_without_showing_the_hmac() {
    // Pebble's example MAC key for kid-1 (base64url, 48 bytes).
    const HMAC: &str = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";
    let pebble = Pebble::start_with(PebbleOptions {
        eab: vec![("kid-1".into(), HMAC.into())],
        ..Default::default()
    });
    let env = Env::new();
    let hmac_file = env.home.path().join("eab.key");
    std::fs::write(&hmac_file, HMAC).unwrap();
    std::fs::set_permissions(&hmac_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let script = format!(
        "'{}' --ca-root '{}' tui; exec cat",
        binary().display(),
        pebble.tls_root.display()
    );
    let tmux = Tmux::start(&env, &script);
    tmux.wait_for(&env, "the TUI", |s| s.contains("0 certificates"));
    tmux.keys(&env, "Tab");
    tmux.wait_for(&env, "the empty accounts tab", |s| {
        s.contains("press n to register")
    });
    tmux.keys(&env, "n");
    tmux.wait_for(&env, "the form", |s| s.contains("New account"));
    let type_text = |text: &str| {
        assert!(tmux.tmux(&env, &["send-keys", "-l", text]).status.success());
    };
    // The CA starts as Let's Encrypt: Pebble's directory instead.
    for _ in 0.."letsencrypt".len() {
        tmux.keys(&env, "BSpace");
    }
    type_text(&pebble.directory);
    tmux.keys(&env, "Tab");
    // Leaving the CA field reads Pebble's directory: its terms, and that it needs EAB.
    tmux.wait_for(&env, "Pebble's terms", |s| {
        s.contains("required by this CA")
    });
    tmux.keys(&env, "Tab");
    type_text("ops@example.org");
    tmux.wait_for(&env, "the refusal to register without agreeing", |s| {
        s.contains("✗ the CA's terms of service must be agreed to")
    });
    tmux.keys(&env, "Tab");
    tmux.keys(&env, "Space");
    tmux.wait_for(&env, "the refusal without EAB", |s| {
        s.contains("✗ this CA requires External Account Binding")
    });
    tmux.keys(&env, "Tab");
    type_text("kid-1");
    tmux.keys(&env, "Tab");
    type_text(&format!("file:{}", hmac_file.display()));
    tmux.wait_for(&env, "the valid form", |s| {
        s.contains("✓ Enter registers the account")
    });
    tmux.keys(&env, "Enter");
    let screen = tmux.wait_for(&env, "the registration's outcome", |s| {
        s.contains("account 'default' registered") || s.contains("registration failed")
    });
    assert!(screen.contains("registered"), "{screen}");
    let show = env.run(&["account", "show", "--json"]);
    show.expect_code(0);
    assert_eq!(show.json()["result"]["eab_kid"], "kid-1");
    let thumbprint = show.json()["result"]["key_thumbprint"]
        .as_str()
        .unwrap()
        .chars()
        .take(12)
        .collect::<String>();
    // The reload shows the new account in the tab.
    let screen = tmux.wait_for(&env, "the new account in the tab", |s| {
        s.contains(&thumbprint)
    });
    assert!(!screen.contains(HMAC), "{screen}");
    tmux.keys(&env, "q");
}

#[test]
fn the_tui_ends_when_its_terminal_hangs_up_with_the_hangup_exit_code() {
    let env = Env::new();
    let status = env.home.path().join("status");
    // The shell passes its SIGHUP on to the TUI, as an interactive shell does to its jobs when
    // its terminal hangs up (only the session leader gets it from the kernel), and outlives
    // the hangup to record how the TUI ended: the first `wait` is cut short by the signal.
    let script = format!(
        "trap 'kill -HUP $pid' HUP; '{}' tui & pid=$!; wait $pid; wait $pid; echo $? > '{}'",
        binary().display(),
        status.display()
    );
    let tmux = Tmux::start(&env, &script);
    tmux.wait_for(&env, "the TUI", |s| s.contains("0 certificates"));
    // Killing the server hangs up the pane's terminal (SIGHUP), as a dropped SSH session does.
    tmux.tmux(&env, &["kill-server"]);
    // DESIGN.md: 129 for a hangup, as for any command it stops.
    assert_eq!(exit_status(&status, SCREEN_DEADLINE), "129");
}

#[test]
fn the_tui_ends_when_its_terminal_hangs_up_and_no_sighup_reaches_it() {
    let env = Env::new();
    let status = env.home.path().join("status");
    // The session leader ignores SIGHUP and passes nothing on (a wrapper script with a trap):
    // the kernel signals only the leader, so the TUI must see for itself that its terminal is
    // gone, or it spins on the dead input for ever.
    let script = format!(
        "trap '' HUP; '{}' tui; echo $? > '{}'",
        binary().display(),
        status.display()
    );
    let tmux = Tmux::start(&env, &script);
    tmux.wait_for(&env, "the TUI", |s| s.contains("0 certificates"));
    tmux.tmux(&env, &["kill-server"]);
    assert_eq!(exit_status(&status, Duration::from_secs(10)), "129");
}

/// The exit status the pane's shell wrote to `status` once the TUI ended, read within `limit`.
fn exit_status(status: &std::path::Path, limit: Duration) -> String {
    let deadline = Instant::now() + limit;
    loop {
        if let Ok(code) = std::fs::read_to_string(status)
            && code.ends_with('\n')
        {
            return code.trim().to_owned();
        }
        assert!(
            Instant::now() < deadline,
            "the TUI outlived its terminal (no exit status in {})",
            status.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn without_a_terminal_or_with_json_the_tui_refuses_with_exit_2_and_a_hint() {
    let env = Env::new();
    // The harness gives the binary pipes, not a terminal.
    for args in [&["tui"][..], &[][..]] {
        let run = env.run(args);
        run.expect_code(2);
        assert!(run.stdout.is_empty(), "{args:?}: nothing drawn on stdout");
        assert!(run.stderr.contains("terminal"), "{args:?}: {}", run.stderr);
    }
    let run = env.run(&["tui"]);
    assert!(
        run.stderr.contains("certkeep list"),
        "a hint: {}",
        run.stderr
    );
    let run = env.run(&["tui", "--json"]);
    run.expect_code(2);
    let doc = run.json();
    assert_eq!(doc["command"], "tui");
    assert_eq!(doc["error"]["kind"], "usage");
    assert!(
        doc["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("certkeep list")
    );
    assert!(!env.store.exists(), "refused before the store was created");
}

#[test]
fn the_i_form_in_tmux_installs_for_a_real_nginx_with_its_preset_and_verifies_what_it_serves() {
    use crate::install::{TlsNginx, certs_dir, normalize, serves};
    let pebble = Pebble::start();
    let env = Env::new();
    env.register(&pebble);
    let name = "web.tui.example.org";
    env.obtain(&pebble, &["-d", name, "-q"]).expect_code(0);
    let certs = certs_dir();
    let nginx = TlsNginx::start(certs.path());
    let key = certs.path().join("key.pem");

    let tmux = Tmux::start(&env, &format!("'{}' tui", binary().display()));
    tmux.wait_for(&env, "the certificate", |s| s.contains(name));
    tmux.keys(&env, "i");
    tmux.wait_for(&env, "the form", |s| s.contains(&format!("Install {name}")));
    let type_text = |text: &str| {
        assert!(tmux.tmux(&env, &["send-keys", "-l", text]).status.success());
    };
    let clear = || {
        assert!(
            tmux.tmux(&env, &["send-keys", "-N", "40", "BSpace"])
                .status
                .success()
        );
    };
    type_text(certs.path().join("fullchain.pem").to_str().unwrap());
    // The key's own file, in the same group: nginx reloads once, with both in place.
    tmux.keys(&env, "Tab");
    tmux.keys(&env, "Tab");
    type_text(key.to_str().unwrap());
    tmux.keys(&env, "Tab");
    tmux.keys(&env, "Right");
    // The preset fills the config test and the reload as `--preset nginx` does.
    tmux.wait_for(&env, "the nginx preset's commands", |s| {
        s.contains("nginx -t") && s.contains("systemctl reload nginx")
    });
    // This nginx runs from its own prefix: its commands replace the preset's.
    tmux.keys(&env, "Tab");
    clear();
    type_text(&nginx.config_test());
    tmux.keys(&env, "Tab");
    clear();
    type_text(&nginx.counting_reload());
    tmux.keys(&env, "Tab");
    type_text(&format!("127.0.0.1:{}", nginx.port));
    tmux.wait_for(&env, "the valid form", |s| s.contains("✓ Enter saves it"));
    tmux.keys(&env, "Enter");
    let screen = tmux.wait_for(&env, "the install's outcome", |s| {
        // The notice says "installing to" until the install ends, either way.
        s.contains(&format!("{name}: ")) && !s.contains("installing to")
    });
    assert!(screen.contains("target added and deployed"), "{screen}");

    let current = normalize(&serial(&env, name));
    assert_eq!(serves(nginx.port, name, &current), current);
    assert_eq!(nginx.reloads(), 1);
    let list = env.run(&["install", name, "--list", "--json"]);
    let json = list.expect_code(0).json();
    let group = json["result"]["install"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["preset"] == "nginx")
        .unwrap_or_else(|| panic!("no nginx group: {json}"))
        .clone();
    assert_eq!(group["targets"][0]["kind"], "fullchain", "{group}");
    assert_eq!(group["targets"][1]["kind"], "key", "{group}");
    assert_eq!(
        group["targets"][1]["path"],
        key.to_str().unwrap(),
        "{group}"
    );
    assert_eq!(
        group["verify"]["address"],
        format!("127.0.0.1:{}", nginx.port)
    );
    tmux.keys(&env, "q");
}
