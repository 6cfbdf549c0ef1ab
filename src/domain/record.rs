//! [`CertRecord`]: what the CA issued for one version of a lineage, as saved in
//! `versions/<n>/meta.json`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{Identifier, KeySpec};

/// The facts about one issued certificate version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertRecord {
    /// The version number in the lineage (1, 2, ...).
    pub version: u32,
    /// The serial number, lowercase hex.
    pub serial: String,
    /// The identifiers the certificate covers.
    pub identifiers: Vec<Identifier>,
    /// Start of validity.
    #[serde(with = "time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    /// End of validity.
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    /// The issuer's distinguished name.
    pub issuer: String,
    /// The key type (`csr` keys are inspected and named the same way).
    pub key_type: Option<KeySpec>,
    /// When certkeep stored it.
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    /// The ACME order URL it came from.
    pub order_url: Option<String>,
    /// The CA's directory URL.
    pub ca: String,
}
