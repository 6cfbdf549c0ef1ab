//! ACME identifiers (RFC 8555 §7.1.4, RFC 8738 for IP addresses), validated and normalized.
//!
//! A DNS name is lowercased and converted to its ASCII (punycode) form, so `légô.test` and
//! `xn--lg-bja9b.test` are the same identifier everywhere: in the store, in the order and in the
//! issued certificate. Anything that is not a plain LDH name (a `;`, a `$(`, a leading `-`) is
//! refused here, long before it could reach a path, a hook or the CA.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One name a certificate covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Identifier {
    /// A DNS name in ASCII form, lowercase; a wildcard keeps its leading `*.`.
    Dns(String),
    /// An IP address (RFC 8738).
    Ip(IpAddr),
}

/// Why a string is not a usable identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentifierError {
    /// The string was empty or blank.
    #[error("the name is empty")]
    Empty,
    /// A character that cannot appear in a host name.
    #[error("'{name}' is not a valid DNS name: {reason}")]
    Invalid {
        /// The name as given (control characters escaped).
        name: String,
        /// What exactly is wrong.
        reason: String,
    },
    /// The same identifier given twice.
    #[error("'{0}' is given more than once")]
    Duplicate(String),
}

const MAX_NAME_LEN: usize = 253;
const MAX_LABEL_LEN: usize = 63;

impl Identifier {
    /// True for `*.example.org`.
    pub fn is_wildcard(&self) -> bool {
        matches!(self, Identifier::Dns(name) if name.starts_with("*."))
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Identifier::Dns(name) => f.write_str(name),
            Identifier::Ip(ip) => write!(f, "{ip}"),
        }
    }
}

impl FromStr for Identifier {
    type Err = IdentifierError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(IdentifierError::Empty);
        }
        if let Ok(ip) = trimmed.parse::<IpAddr>() {
            return Ok(Identifier::Ip(ip));
        }
        parse_dns(trimmed).map(Identifier::Dns)
    }
}

fn invalid(name: &str, reason: impl Into<String>) -> IdentifierError {
    IdentifierError::Invalid {
        name: name.escape_debug().to_string(),
        reason: reason.into(),
    }
}

fn parse_dns(raw: &str) -> Result<String, IdentifierError> {
    let without_dot = raw.strip_suffix('.').unwrap_or(raw);
    let (wildcard, base) = match without_dot.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, without_dot),
    };
    if base.contains('*') {
        return Err(invalid(
            raw,
            "'*' is only allowed as the whole leftmost label ('*.example.org')",
        ));
    }
    if let Some(bad) = base
        .chars()
        .find(|c| c.is_ascii() && !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(invalid(
            raw,
            format!(
                "'{}' is not allowed (only letters, digits, '-' and '.')",
                bad.escape_debug()
            ),
        ));
    }
    let ascii = if base.is_ascii() {
        base.to_ascii_lowercase()
    } else {
        idna::domain_to_ascii_strict(base)
            .map_err(|_| invalid(raw, "it is not a valid internationalized domain name"))?
    };
    check_ldh(raw, &ascii)?;
    Ok(if wildcard {
        format!("*.{ascii}")
    } else {
        ascii
    })
}

fn check_ldh(raw: &str, ascii: &str) -> Result<(), IdentifierError> {
    if ascii.len() > MAX_NAME_LEN {
        return Err(invalid(
            raw,
            format!("it is longer than {MAX_NAME_LEN} characters"),
        ));
    }
    let labels: Vec<&str> = ascii.split('.').collect();
    for label in &labels {
        if label.is_empty() {
            return Err(invalid(
                raw,
                "it has an empty label ('..' or a leading '.')",
            ));
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(invalid(
                raw,
                format!("a label is longer than {MAX_LABEL_LEN} characters"),
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(invalid(
                raw,
                format!("label '{label}' starts or ends with '-'"),
            ));
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(invalid(
                raw,
                format!("label '{label}' has a character outside a-z, 0-9, '-'"),
            ));
        }
    }
    if labels
        .last()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(invalid(
            raw,
            "the last label is all digits (an IP address is written without extra labels)",
        ));
    }
    Ok(())
}

/// Parses the user's list of names, refusing empty, invalid and duplicate entries.
pub fn parse_identifiers<S: AsRef<str>>(raw: &[S]) -> Result<Vec<Identifier>, IdentifierError> {
    let mut out: Vec<Identifier> = Vec::with_capacity(raw.len());
    for item in raw {
        let id: Identifier = item.as_ref().parse()?;
        if out.contains(&id) {
            return Err(IdentifierError::Duplicate(id.to_string()));
        }
        out.push(id);
    }
    if out.is_empty() {
        return Err(IdentifierError::Empty);
    }
    Ok(out)
}

impl Serialize for Identifier {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Identifier {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        raw.parse::<Identifier>().unwrap().to_string()
    }

    fn err(raw: &str) -> IdentifierError {
        raw.parse::<Identifier>().unwrap_err()
    }

    #[test]
    fn accepts_and_normalizes() {
        let table = [
            ("Example.ORG", "example.org"),     // lowercased
            ("example.org.", "example.org"),    // trailing root dot dropped
            ("*.example.org", "*.example.org"), // wildcard kept
            ("légô.test", "xn--lg-bja9b.test"), // punycode
            ("192.0.2.7", "192.0.2.7"),         // IPv4
            ("2001:db8::1", "2001:db8::1"),     // IPv6
            ("localhost", "localhost"),         // single label: the CA decides
            ("a-b.c1.test", "a-b.c1.test"),     // inner hyphens and digits
        ];
        for (raw, want) in table {
            assert_eq!(ok(raw), want, "{raw}");
        }
    }

    #[test]
    fn refuses_what_could_reach_a_shell_or_path() {
        for raw in [
            "a.test;touch c",
            "$(id).test",
            "`id`.test",
            "-rf.test",
            "a..test",
            ".test",
            "a.test/../x",
            "foo*.test",
            "*.*.test",
            "a b.test",
            "1.2.3.999",
            "a\u{0}.test",
        ] {
            assert!(
                matches!(err(raw), IdentifierError::Invalid { .. }),
                "{raw} was accepted"
            );
        }
        assert_eq!(err("   "), IdentifierError::Empty);
        let long = format!("{}.test", "a".repeat(64));
        assert!(matches!(err(&long), IdentifierError::Invalid { .. }));
    }

    #[test]
    fn duplicate_after_normalization_is_refused() {
        let got = parse_identifiers(&["example.org", "EXAMPLE.org."]).unwrap_err();
        assert_eq!(got, IdentifierError::Duplicate("example.org".into()));
    }
}
