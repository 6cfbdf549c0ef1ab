//! Configuration: the optional TOML file (`/etc/certkeep/config.toml` as root, else the user's
//! config dir; `--config FILE` or `CERTKEEP_CONFIG` to choose), its defaults, and where the store
//! lives, and [`Settings`], what certkeep takes from its environment (read by `cli` alone).
//!
//! Unknown keys are an error naming the key, so a typo never silently changes behaviour.
//! Must not import `store`, `acme` or anything above.

mod error;
mod settings;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use error::ConfigError;
pub use settings::{BaseEnv, DEFAULT_PATH, Environment, NotifyEnv, Settings};

use crate::domain::KeySpec;
use crate::error::{Detail, Error};

/// The config file's schema.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the store lives (overridden by `--store` / `CERTKEEP_STORE`).
    pub store: Option<PathBuf>,
    /// Defaults for `obtain` and `account register`.
    #[serde(default)]
    pub defaults: Defaults,
    /// Deadlines for talking to CAs.
    #[serde(default)]
    pub limits: Limits,
    /// The fleet database URL (overridden by `--fleet` / `CERTKEEP_FLEET`).
    pub fleet: Option<String>,
    /// Where the fleet database role's password is (a secret reference).
    pub fleet_password: Option<String>,
    /// Where the fleet key is (a secret reference).
    pub fleet_key: Option<String>,
    /// Where the daemon answers the fleet's http-01 challenges when `--http-listen` is not given.
    #[serde(default)]
    pub fleet_http_listen: Vec<String>,
}

/// Deadlines for talking to CAs (unset: certkeep's defaults, 30 s and 30 min), and how many
/// requests each CA gets at once (unset: 8).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// One HTTP exchange with a CA, headers and body, in seconds (1 to 3600).
    pub http_timeout_secs: Option<u64>,
    /// One order, from placing it to the certificate, in seconds (1 to 86400).
    pub order_deadline_secs: Option<u64>,
    /// Orders, and renewal-information requests, in flight at once at each CA (1 to 64).
    pub concurrency: Option<u64>,
    /// The same bound for some CAs: a preset name or directory URL, and its bound (1 to 64).
    #[serde(default)]
    pub concurrency_by_ca: BTreeMap<String, u64>,
}

/// Orders (and renewal-information requests) in flight at once per CA when the config says
/// nothing.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// The largest number of requests in flight at once a CA may be given.
pub const MAX_CONCURRENCY: u64 = 64;

impl Limits {
    fn check(&self) -> Result<(), Error> {
        let fields = [
            ("http_timeout_secs", self.http_timeout_secs, 3600),
            ("order_deadline_secs", self.order_deadline_secs, 86_400),
        ];
        for (field, value, max) in fields {
            if let Some(value) = value
                && !(1..=max).contains(&value)
            {
                return Err(ConfigError::LimitOutOfRange { field, value, max }.into());
            }
        }
        let bounds = self.concurrency.map(|n| ("concurrency".to_owned(), n));
        let by_ca = self
            .concurrency_by_ca
            .iter()
            .map(|(ca, n)| (format!("concurrency_by_ca.{ca:?}"), *n));
        for (key, value) in bounds.into_iter().chain(by_ca) {
            if !(1..=MAX_CONCURRENCY).contains(&value) {
                return Err(ConfigError::ConcurrencyOutOfRange { key, value }.into());
            }
        }
        Ok(())
    }
}

/// Defaults used when a flag is not given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// CA preset name or directory URL.
    pub ca: Option<String>,
    /// Contact e-mail for new accounts.
    pub email: Option<String>,
    /// Account name.
    pub account: Option<String>,
    /// Key type for new certificates.
    pub key_type: Option<KeySpec>,
}

/// True when running as root (the system-wide paths apply).
pub fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "certkeep")
}

/// The config file used when none is named.
pub fn default_config_path() -> Option<PathBuf> {
    if running_as_root() {
        return Some(PathBuf::from("/etc/certkeep/config.toml"));
    }
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// The store root used when neither flag, env nor config names one.
pub fn default_store_path() -> Result<PathBuf, Error> {
    if running_as_root() {
        return Ok(PathBuf::from("/var/lib/certkeep"));
    }
    project_dirs()
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| ConfigError::NoHome.into())
}

/// Where secrets live when no OS keyring is reachable (a 0700 directory of 0600 files).
pub fn fallback_secrets_dir(store_root: &Path) -> PathBuf {
    store_root.join("secrets")
}

/// Loads the config: an explicitly named file must exist; the default file may be absent.
pub fn load(explicit: Option<&Path>) -> Result<Config, Error> {
    let (path, required) = match explicit {
        Some(path) => (path.to_path_buf(), true),
        None => match default_config_path() {
            Some(path) => (path, false),
            None => return Ok(Config::default()),
        },
    };
    let text = match crate::bounded::read_text(&path, crate::bounded::FILE_LIMIT) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return Ok(Config::default());
        }
        Err(source) => {
            return Err(ConfigError::Unreadable { path, source }.into());
        }
    };
    refuse_loose(&path)?;
    parse(&text).map_err(|e| e.context(format!("invalid config file '{}'", path.display())))
}

/// Refuses a config file that another user could have written, as ssh refuses a loose
/// `~/.ssh/config`: it decides where the store is and which CA gets the account.
fn refuse_loose(path: &Path) -> Result<(), Error> {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    let me = nix::unistd::geteuid().as_raw();
    let loose = meta.mode() & 0o022 != 0;
    let foreign = meta.uid() != me && meta.uid() != 0;
    if !loose && !foreign {
        return Ok(());
    }
    let why = if loose {
        "it is writable by other users"
    } else {
        "it belongs to another user"
    };
    Err(ConfigError::Loose {
        path: path.to_owned(),
        why: Detail::new(why),
    }
    .into())
}

/// Parses config text; the error names the offending key and line.
pub fn parse(text: &str) -> Result<Config, Error> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let at = e.span().map(|span| {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            Detail::new(format!("at line {line}"))
        });
        Error::from(ConfigError::Syntax {
            message: e.message().trim().to_owned(),
            at,
        })
    })?;
    config.limits.check()?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    #[test]
    fn unknown_keys_are_named() {
        let err = parse("[defaults]\nemial = \"x@example.org\"\n").unwrap_err();
        assert_eq!(err.kind, Kind::Usage);
        assert!(err.message.contains("emial"), "{}", err.message);
        assert_eq!(err.causes, vec!["at line 2"]);
    }

    #[test]
    fn a_full_config_parses() {
        let cfg = parse("store = \"/srv/certkeep\"\n[defaults]\nca = \"letsencrypt-staging\"\nemail = \"ops@example.org\"\nkey_type = \"rsa-3072\"\n").unwrap();
        assert_eq!(cfg.store, Some(PathBuf::from("/srv/certkeep")));
        assert_eq!(cfg.defaults.key_type, Some(KeySpec::Rsa3072));
    }

    #[test]
    fn ca_deadlines_are_range_checked() {
        let cfg = parse("[limits]\nhttp_timeout_secs = 5\norder_deadline_secs = 600\n").unwrap();
        assert_eq!(cfg.limits.http_timeout_secs, Some(5));
        for bad in [
            "[limits]\nhttp_timeout_secs = 0\n",
            "[limits]\norder_deadline_secs = 18446744073709551615\n",
        ] {
            assert_eq!(parse(bad).unwrap_err().kind, Kind::Usage, "{bad}");
        }
    }

    #[test]
    fn concurrency_is_range_checked_and_the_error_names_the_key() {
        let cfg = parse(
            "[limits]\nconcurrency = 4\n[limits.concurrency_by_ca]\nletsencrypt = 2\n\"https://ca.internal/dir\" = 64\n",
        )
        .unwrap();
        assert_eq!(cfg.limits.concurrency, Some(4));
        assert_eq!(cfg.limits.concurrency_by_ca["letsencrypt"], 2);
        assert_eq!(cfg.limits.concurrency_by_ca["https://ca.internal/dir"], 64);
        for (bad, key) in [
            ("[limits]\nconcurrency = 0\n", "concurrency = 0"),
            ("[limits]\nconcurrency = 65\n", "concurrency = 65"),
            (
                "[limits.concurrency_by_ca]\nletsencrypt = 0\n",
                "concurrency_by_ca.\"letsencrypt\" = 0",
            ),
        ] {
            let err = parse(bad).unwrap_err();
            assert_eq!(err.kind, Kind::Usage, "{bad}");
            assert!(err.message.contains(key), "{bad}: {}", err.message);
            assert_eq!(
                err.hint.as_deref(),
                Some("use 1 to 64, or leave it out (8)")
            );
        }
        // Not a number of requests at all: the parser names the key's line.
        let err = parse("[limits]\nconcurrency = \"many\"\n").unwrap_err();
        assert_eq!(err.causes, vec!["at line 2"]);
    }
}
