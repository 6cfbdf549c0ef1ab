//! The fleet URL: `postgresql://USER@HOST[:PORT][/DATABASE][?sslmode=..&sslrootcert=..]`, read
//! the way libpq reads it, with two differences that keep secrets out of sight: a password in
//! the URL is refused (a URL shows in the process list), and TLS defaults to `verify-full`
//! (chain and host name checked) rather than libpq's opportunistic `prefer`.

use std::path::PathBuf;
use std::time::Duration;

use super::FleetError;
use crate::error::Detail;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// Plain TCP (a database on the same host or a trusted network).
    Disable,
    /// TLS with the server's chain and host name checked.
    VerifyFull,
}

/// A parsed fleet URL (never holds a password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetUrl {
    /// The role to log in as.
    pub user: String,
    /// The server's host name or address.
    pub host: String,
    /// The server's port.
    pub port: u16,
    /// The database.
    pub database: String,
    /// TLS or not.
    pub ssl_mode: SslMode,
    /// PEM roots to trust for `verify-full` (libpq's `sslrootcert`).
    pub root_cert: Option<PathBuf>,
    /// How long connecting may take (`connect_timeout`, seconds).
    pub connect_timeout: Option<Duration>,
}

impl FleetUrl {
    /// Parses `raw`; the error shows the URL with any password stripped.
    pub fn parse(raw: &str) -> Result<Self, FleetError> {
        let bad = |why: &str| FleetError::BadUrl {
            url: redact(raw),
            why: Detail::new(why),
        };
        let rest = raw
            .strip_prefix("postgresql://")
            .or_else(|| raw.strip_prefix("postgres://"))
            .ok_or_else(|| bad("it must start with postgresql://"))?;
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, database) = rest.split_once('/').unwrap_or((rest, ""));
        let (userinfo, hostport) = authority
            .rsplit_once('@')
            .ok_or_else(|| bad("it names no user (postgresql://USER@HOST/DATABASE)"))?;
        if userinfo.contains(':') {
            return Err(FleetError::PasswordInUrl);
        }
        let user = decode(userinfo).ok_or_else(|| bad("the user is not valid percent-encoding"))?;
        if user.is_empty() {
            return Err(bad("it names no user (postgresql://USER@HOST/DATABASE)"));
        }
        let (host, port) = split_host_port(hostport)
            .ok_or_else(|| bad("the port is not a number from 1 to 65535"))?;
        if host.is_empty() {
            return Err(bad("it names no host (a Unix socket is not supported)"));
        }
        if host.contains(',') {
            return Err(bad("certkeep connects to one host; name one"));
        }
        let database =
            decode(database).ok_or_else(|| bad("the database is not valid percent-encoding"))?;
        let mut url = Self {
            database: if database.is_empty() {
                user.clone()
            } else {
                database
            },
            user,
            host,
            port,
            ssl_mode: SslMode::VerifyFull,
            root_cert: None,
            connect_timeout: None,
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value =
                decode(value).ok_or_else(|| bad("a parameter is not valid percent-encoding"))?;
            match key {
                "sslmode" => {
                    url.ssl_mode = match value.as_str() {
                        "disable" => SslMode::Disable,
                        "verify-full" => SslMode::VerifyFull,
                        _ => return Err(FleetError::UnsupportedSslMode { mode: value }),
                    }
                }
                "sslrootcert" => url.root_cert = Some(PathBuf::from(value)),
                "connect_timeout" => {
                    let secs: u64 = value
                        .parse()
                        .ok()
                        .filter(|s| (1..=3600).contains(s))
                        .ok_or_else(|| bad("connect_timeout must be 1 to 3600 seconds"))?;
                    url.connect_timeout = Some(Duration::from_secs(secs));
                }
                "password" => return Err(FleetError::PasswordInUrl),
                other => {
                    return Err(FleetError::BadUrl {
                        url: redact(raw),
                        why: Detail::new(format!(
                            "unknown parameter '{other}' (known: sslmode, sslrootcert, connect_timeout)"
                        )),
                    });
                }
            }
        }
        Ok(url)
    }

    /// `host:port/database`, for messages.
    pub fn target(&self) -> String {
        format!("{}:{}/{}", self.host, self.port, self.database)
    }
}

/// `host[:port]` or `[v6]:port`; `None` when the port is not a port.
fn split_host_port(hostport: &str) -> Option<(String, u16)> {
    if let Some(v6) = hostport.strip_prefix('[') {
        let (host, after) = v6.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(port) => port.parse().ok().filter(|p| *p != 0)?,
            None if after.is_empty() => 5432,
            None => return None,
        };
        return Some((host.to_owned(), port));
    }
    match hostport.rsplit_once(':') {
        Some((host, port)) => Some((host.to_owned(), port.parse().ok().filter(|p| *p != 0)?)),
        None => Some((hostport.to_owned(), 5432)),
    }
}

/// Percent-decodes `text`; `None` when an escape is broken or the result is not UTF-8.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `raw` with the password of its user info (if any) replaced, for messages.
pub fn redact(raw: &str) -> String {
    let Some((scheme, rest)) = raw.split_once("://") else {
        return raw.to_owned();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let tail = redact_query(tail);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:<redacted>@{host}{tail}")
        }
        _ => format!("{scheme}://{authority}{tail}"),
    }
}

fn redact_query(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else {
        return tail.to_owned();
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| {
            if pair.starts_with("password=") {
                "password=<redacted>".to_owned()
            } else {
                pair.to_owned()
            }
        })
        .collect();
    format!("{path}?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_url_is_read_like_libpq() {
        let url = FleetUrl::parse(
            "postgresql://cert%40keep@db.internal:6543/fleet?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=5",
        )
        .unwrap();
        assert_eq!(url.user, "cert@keep");
        assert_eq!((url.host.as_str(), url.port), ("db.internal", 6543));
        assert_eq!(url.database, "fleet");
        assert_eq!(url.ssl_mode, SslMode::VerifyFull);
        assert_eq!(url.root_cert, Some(PathBuf::from("/etc/ca.pem")));
        assert_eq!(url.connect_timeout, Some(Duration::from_secs(5)));
    }

    #[test]
    fn defaults_are_port_5432_database_user_and_verify_full() {
        let url = FleetUrl::parse("postgres://certkeep@[::1]").unwrap();
        assert_eq!((url.host.as_str(), url.port), ("::1", 5432));
        assert_eq!(url.database, "certkeep");
        assert_eq!(url.ssl_mode, SslMode::VerifyFull);
    }

    #[test]
    fn a_password_anywhere_in_the_url_is_refused_and_never_shown() {
        for raw in [
            "postgresql://certkeep:s3cret@db/fleet",
            "postgresql://certkeep@db/fleet?password=s3cret",
        ] {
            assert!(
                matches!(FleetUrl::parse(raw), Err(FleetError::PasswordInUrl)),
                "{raw}"
            );
            assert!(!redact(raw).contains("s3cret"), "{}", redact(raw));
        }
        let err = FleetUrl::parse("mysql://certkeep:s3cret@db/fleet").unwrap_err();
        assert!(!format!("{err} {err:?}").contains("s3cret"), "{err:?}");
    }

    #[test]
    fn what_certkeep_cannot_honour_is_refused_by_name() {
        let cases = [
            ("postgresql://db/fleet", "no user"),
            ("postgresql://u@db:0/fleet", "port"),
            ("postgresql://u@db:x/fleet", "port"),
            ("postgresql://u@a,b/fleet", "one host"),
            (
                "postgresql://u@db/fleet?target_session_attrs=any",
                "target_session_attrs",
            ),
            ("postgresql://u@/fleet", "no host"),
        ];
        for (raw, says) in cases {
            let err = FleetUrl::parse(raw).unwrap_err();
            let text = format!("{}", crate::error::Error::from(err));
            assert!(text.contains(says), "{raw}: {text}");
        }
        assert!(matches!(
            FleetUrl::parse("postgresql://u@db/f?sslmode=prefer"),
            Err(FleetError::UnsupportedSslMode { .. })
        ));
    }
}
