//! The kinds of private key certkeep can generate for a certificate.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A certificate key type, spelled as on the command line (`ec-p256`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
pub enum KeySpec {
    /// ECDSA on P-256 (the default: small, fast, universally supported).
    #[default]
    #[value(name = "ec-p256")]
    #[serde(rename = "ec-p256")]
    EcP256,
    /// ECDSA on P-384.
    #[value(name = "ec-p384")]
    #[serde(rename = "ec-p384")]
    EcP384,
    /// RSA with a 2048-bit modulus.
    #[value(name = "rsa-2048")]
    #[serde(rename = "rsa-2048")]
    Rsa2048,
    /// RSA with a 3072-bit modulus.
    #[value(name = "rsa-3072")]
    #[serde(rename = "rsa-3072")]
    Rsa3072,
    /// RSA with a 4096-bit modulus.
    #[value(name = "rsa-4096")]
    #[serde(rename = "rsa-4096")]
    Rsa4096,
}

impl KeySpec {
    /// The name as used on the command line and in files.
    pub fn as_str(self) -> &'static str {
        match self {
            KeySpec::EcP256 => "ec-p256",
            KeySpec::EcP384 => "ec-p384",
            KeySpec::Rsa2048 => "rsa-2048",
            KeySpec::Rsa3072 => "rsa-3072",
            KeySpec::Rsa4096 => "rsa-4096",
        }
    }

    /// The RSA modulus size, for RSA keys.
    pub fn rsa_bits(self) -> Option<usize> {
        match self {
            KeySpec::Rsa2048 => Some(2048),
            KeySpec::Rsa3072 => Some(3072),
            KeySpec::Rsa4096 => Some(4096),
            KeySpec::EcP256 | KeySpec::EcP384 => None,
        }
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KeySpec {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        <Self as clap::ValueEnum>::from_str(raw, true)
    }
}
