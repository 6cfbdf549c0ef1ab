//! [`Settings`]: what certkeep takes from its process environment, read once by `cli` and passed
//! down (through `ops::Context` to the use cases). No module below `cli` reads the environment;
//! clippy's `disallowed-methods` (clippy.toml) holds everyone to that.
//!
//! Building a `Settings` is pure ([`Settings::from_vars`]), so tests give each part of certkeep
//! the environment they mean without touching the test process's own.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;

/// The variables of certkeep's own environment a hook inherits; nothing else is passed on.
const INHERITED: [&str; 4] = ["PATH", "LANG", "LC_ALL", "HOME"];
/// `PATH` when certkeep runs without one (cron, a bare systemd unit).
pub const DEFAULT_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// Everything certkeep uses from its environment.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// What every hook and DNS script starts from (`PATH`, `LANG`, `LC_ALL`, `HOME`).
    pub base_env: BaseEnv,
    /// systemd's notify socket and watchdog (`NOTIFY_SOCKET`, `WATCHDOG_USEC`, `WATCHDOG_PID`).
    pub notify: NotifyEnv,
    /// `NO_COLOR` is set to something: no colour unless `--color always`.
    pub no_color: bool,
    /// `DBUS_SESSION_BUS_ADDRESS` is set: a store's first secret may go to the OS keyring.
    pub session_bus: bool,
    /// `JOURNAL_STREAM` is set: stderr goes to the journal, which stamps its own times.
    pub journal_stream: bool,
    /// `CERTKEEP_FAILPOINT`, in builds with the `failpoints` feature only (never read otherwise).
    pub failpoint: Option<String>,
    /// `CERTKEEP_FLEET`: the fleet database URL (the `--fleet` flag wins over it).
    pub fleet: Option<String>,
    /// `PGPASSFILE`: libpq's password file for the fleet database (default `~/.pgpass`).
    pub pgpassfile: Option<std::path::PathBuf>,
    /// `HOME`: where `~/.pgpass` and `~/.postgresql/root.crt` are.
    pub home: Option<std::path::PathBuf>,
    /// `CERTKEEP_FLEET_LEASE_SECS` (hidden, for tests): how long a fleet renewal lease lasts
    /// between heartbeats instead of the default; a value that is not a whole number of seconds
    /// from 1 up counts as unset.
    pub fleet_lease: Option<std::time::Duration>,
    /// The environment as it was, for `env:VAR` secret references (and only for those).
    pub vars: Environment,
}

impl Settings {
    /// Settings from the (name, value) pairs of an environment; a name or value that is not
    /// UTF-8 counts as unset, an empty value as unset where "set" is what matters.
    pub fn from_vars(vars: impl IntoIterator<Item = (OsString, OsString)>) -> Self {
        let vars = Environment::new(vars);
        let set = |name: &str| vars.get(name).is_some_and(|v| !v.is_empty());
        Self {
            base_env: BaseEnv::capture(|name| vars.get(name).map(str::to_owned)),
            notify: NotifyEnv {
                socket: vars.get("NOTIFY_SOCKET").map(str::to_owned),
                watchdog_usec: vars.get("WATCHDOG_USEC").map(str::to_owned),
                watchdog_pid: vars.get("WATCHDOG_PID").map(str::to_owned),
            },
            no_color: set("NO_COLOR"),
            session_bus: set("DBUS_SESSION_BUS_ADDRESS"),
            journal_stream: set("JOURNAL_STREAM"),
            failpoint: if cfg!(feature = "failpoints") {
                vars.get("CERTKEEP_FAILPOINT").map(str::to_owned)
            } else {
                None
            },
            fleet: vars
                .get("CERTKEEP_FLEET")
                .filter(|url| !url.is_empty())
                .map(str::to_owned),
            pgpassfile: vars
                .get("PGPASSFILE")
                .filter(|p| !p.is_empty())
                .map(std::path::PathBuf::from),
            home: vars
                .get("HOME")
                .filter(|p| !p.is_empty())
                .map(std::path::PathBuf::from),
            fleet_lease: vars
                .get("CERTKEEP_FLEET_LEASE_SECS")
                .and_then(|secs| secs.parse::<u64>().ok())
                .filter(|secs| (1..=86_400).contains(secs))
                .map(std::time::Duration::from_secs),
            vars,
        }
    }
}

/// systemd's notify variables, as found (the daemon's notifier interprets them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotifyEnv {
    /// `NOTIFY_SOCKET`: a path, or `@name` for an abstract socket.
    pub socket: Option<String>,
    /// `WATCHDOG_USEC`: the watchdog timeout in microseconds.
    pub watchdog_usec: Option<String>,
    /// `WATCHDOG_PID`: the process the watchdog is meant for.
    pub watchdog_pid: Option<String>,
}

/// A snapshot of environment variables. `Debug` shows names only: values may be secrets.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Environment(BTreeMap<String, String>);

impl Environment {
    /// The UTF-8 (name, value) pairs of `vars`.
    pub fn new(vars: impl IntoIterator<Item = (OsString, OsString)>) -> Self {
        Self(
            vars.into_iter()
                .filter_map(|(name, value)| {
                    Some((name.into_string().ok()?, value.into_string().ok()?))
                })
                .collect(),
        )
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// The part of certkeep's environment every hook starts from: `PATH` (a default when unset),
/// `LANG`, `LC_ALL` and `HOME`, when set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseEnv {
    vars: Vec<(String, String)>,
}

impl Default for BaseEnv {
    /// `PATH` alone, at its default.
    fn default() -> Self {
        Self::capture(|_| None)
    }
}

impl BaseEnv {
    /// Takes the inherited variables from `lookup` (asked for those names only); `PATH`
    /// always has a value.
    pub fn capture(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let mut vars: Vec<(String, String)> = INHERITED
            .iter()
            .filter_map(|name| lookup(name).map(|value| ((*name).to_owned(), value)))
            .collect();
        if !vars.iter().any(|(name, _)| name == "PATH") {
            vars.insert(0, ("PATH".to_owned(), DEFAULT_PATH.to_owned()));
        }
        Self { vars }
    }

    /// The `PATH` programs are looked up in.
    pub fn path(&self) -> &str {
        self.vars
            .iter()
            .find(|(name, _)| name == "PATH")
            .map_or(DEFAULT_PATH, |(_, value)| value.as_str())
    }

    /// The whole environment of a hook: the inherited variables, then `documented` (the
    /// `CERTKEEP_*` set of the run).
    pub fn with(&self, documented: Vec<(String, String)>) -> Vec<(String, String)> {
        let mut env = self.vars.clone();
        env.extend(documented);
        env
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        Settings::from_vars(pairs.iter().map(|(n, v)| (n.into(), v.into())))
    }

    #[test]
    fn settings_take_each_variable_from_the_given_environment() {
        let s = settings(&[
            ("PATH", "/opt/bin"),
            ("HOME", "/home/ops"),
            ("NO_COLOR", "1"),
            ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/bus"),
            ("JOURNAL_STREAM", "8:123"),
            ("NOTIFY_SOCKET", "@notify"),
            ("WATCHDOG_USEC", "1000"),
            ("TOKEN", "s3cr3t"),
        ]);
        assert_eq!(
            s.base_env.with(vec![]),
            vec![
                ("PATH".to_owned(), "/opt/bin".to_owned()),
                ("HOME".to_owned(), "/home/ops".to_owned())
            ]
        );
        assert!(s.no_color && s.session_bus && s.journal_stream);
        assert_eq!(s.notify.socket.as_deref(), Some("@notify"));
        assert_eq!(s.notify.watchdog_usec.as_deref(), Some("1000"));
        assert_eq!(s.notify.watchdog_pid, None);
        assert_eq!(s.vars.get("TOKEN"), Some("s3cr3t"));
        assert!(!format!("{s:?}").contains("s3cr3t"), "{s:?}");
    }

    #[test]
    fn empty_values_count_as_unset_and_path_has_a_default() {
        let s = settings(&[("NO_COLOR", ""), ("DBUS_SESSION_BUS_ADDRESS", "")]);
        assert!(!s.no_color && !s.session_bus && !s.journal_stream);
        assert_eq!(s.base_env.path(), DEFAULT_PATH);
    }

    #[test]
    fn a_fleet_lease_is_taken_only_as_whole_seconds_in_range() {
        let lease = |value: &str| settings(&[("CERTKEEP_FLEET_LEASE_SECS", value)]).fleet_lease;
        assert_eq!(lease("3"), Some(std::time::Duration::from_secs(3)));
        for refused in ["0", "-1", "1.5", "", "99999999999999999999", "86401"] {
            assert_eq!(lease(refused), None, "{refused}");
        }
    }

    #[test]
    fn path_has_a_default_and_lc_all_passes_only_when_set() {
        let base = BaseEnv::capture(|name| (name == "LC_ALL").then(|| "C".to_owned()));
        assert_eq!(
            base.with(vec![]),
            vec![
                ("PATH".to_owned(), DEFAULT_PATH.to_owned()),
                ("LC_ALL".to_owned(), "C".to_owned())
            ]
        );
    }
}
