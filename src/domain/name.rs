//! Certificate names: the key of a lineage in the store (`certs/<name>/`). A name becomes a
//! directory, so it is restricted to a safe character set and can never contain a path separator
//! or start with a dot.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Identifier;

/// A validated certificate name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CertName(String);

/// Why a string is not a usable certificate name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{name}' is not a valid certificate name: use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.' or '-'"
)]
pub struct NameError {
    /// The rejected name, control characters escaped.
    pub name: String,
}

impl CertName {
    /// The default name for a certificate: its first identifier, with a wildcard's `*.` written
    /// as `_wildcard.` and an IPv6 address's colons as dashes.
    pub fn from_identifier(id: &Identifier) -> Self {
        let raw = match id {
            Identifier::Dns(name) => match name.strip_prefix("*.") {
                Some(rest) => format!("_wildcard.{rest}"),
                None => name.clone(),
            },
            Identifier::Ip(ip) => ip.to_string().replace(':', "-"),
        };
        Self(raw)
    }

    /// The name as a string (also its directory name).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CertName {
    type Err = NameError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let ok = !raw.is_empty()
            && raw.len() <= 64
            && !raw.starts_with('.')
            && !raw.starts_with('-')
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(NameError {
                name: raw.escape_debug().to_string(),
            })
        }
    }
}

impl fmt::Display for CertName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for CertName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CertName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_could_escape_the_store_are_refused() {
        for bad in ["", "..", ".hidden", "a/b", "-x", "a b", &"x".repeat(65)] {
            assert!(bad.parse::<CertName>().is_err(), "{bad:?} accepted");
        }
        assert!("shop.example.com".parse::<CertName>().is_ok());
    }

    #[test]
    fn defaults_follow_the_first_identifier() {
        let wildcard: Identifier = "*.example.org".parse().unwrap();
        assert_eq!(
            CertName::from_identifier(&wildcard).as_str(),
            "_wildcard.example.org"
        );
        let v6: Identifier = "2001:db8::1".parse().unwrap();
        assert_eq!(CertName::from_identifier(&v6).as_str(), "2001-db8--1");
    }
}
