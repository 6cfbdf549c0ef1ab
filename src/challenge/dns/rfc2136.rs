//! RFC 2136 dynamic updates signed with TSIG (RFC 8945, HMAC-SHA256/384/512): adds the challenge
//! TXT record and later deletes exactly that record (RFC 2136 §2.5.4), so other TXT values at the
//! same name, such as a concurrent order's, stay. The zone is found by asking the server for the
//! SOA unless it is given. hickory-proto builds and signs the update; [`client::exchange`] takes
//! a success only from a response whose TSIG verifies.

use std::net::SocketAddr;
use std::time::Duration;

use hickory_proto::op::{Message, MessageType, OpCode, Query, ResponseCode, UpdateMessage};
use hickory_proto::rr::rdata::TXT;
use hickory_proto::rr::rdata::tsig::{TsigAlgorithm as HickoryTsig, TsigError};
use hickory_proto::rr::{DNSClass, Name, RData, Record, RecordType, TSigner};

use super::client;
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Kind};
use crate::secrets::Secret;

const TIMEOUT: Duration = Duration::from_secs(5);
const FUDGE: u16 = 300;

/// A TSIG algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TsigAlgorithm {
    /// hmac-sha256
    HmacSha256,
    /// hmac-sha384
    HmacSha384,
    /// hmac-sha512
    HmacSha512,
}

impl TsigAlgorithm {
    /// Parses `hmac-sha256` and friends.
    pub fn parse(raw: &str) -> Result<Self, Error> {
        match raw.to_ascii_lowercase().as_str() {
            "hmac-sha256" => Ok(Self::HmacSha256),
            "hmac-sha384" => Ok(Self::HmacSha384),
            "hmac-sha512" => Ok(Self::HmacSha512),
            other => Err(
                Error::usage(format!("unsupported TSIG algorithm '{other}'"))
                    .with_hint("use hmac-sha256, hmac-sha384 or hmac-sha512"),
            ),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::HmacSha256 => "hmac-sha256",
            Self::HmacSha384 => "hmac-sha384",
            Self::HmacSha512 => "hmac-sha512",
        }
    }

    fn hickory(self) -> HickoryTsig {
        match self {
            Self::HmacSha256 => HickoryTsig::HmacSha256,
            Self::HmacSha384 => HickoryTsig::HmacSha384,
            Self::HmacSha512 => HickoryTsig::HmacSha512,
        }
    }
}

/// Where and how to send updates.
pub struct Rfc2136 {
    /// The primary server.
    pub server: SocketAddr,
    /// The TSIG key name.
    pub key_name: String,
    /// The TSIG secret (base64).
    pub secret: Secret,
    /// The TSIG algorithm.
    pub algorithm: TsigAlgorithm,
    /// The zone, when given.
    pub zone: Option<String>,
}

impl std::fmt::Debug for Rfc2136 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rfc2136")
            .field("server", &self.server)
            .field("key_name", &self.key_name)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

/// The TXT RDATA for `value`: split into 255-byte strings (RFC 1035 §3.3.14), which readers
/// join again, so no value is ever cut short.
fn txt_rdata(value: &str) -> TXT {
    TXT::from_bytes(value.as_bytes().chunks(255).collect())
}

impl Rfc2136 {
    /// The zone `record` belongs to: the given one, or the owner of the SOA the server names.
    async fn zone_of(&self, record: &Name) -> Result<Name, Error> {
        if let Some(zone) = &self.zone {
            return Ok(client::name(zone)?);
        }
        let answer = client::query(self.server, record, RecordType::SOA, TIMEOUT).await?;
        answer
            .answers
            .iter()
            .chain(answer.authorities.iter())
            .find(|r| r.record_type() == RecordType::SOA)
            .map(|r| r.name.clone())
            .ok_or_else(|| {
                Error::usage(format!(
                    "the DNS server {} is not authoritative for '{}'",
                    self.server,
                    client::display(record)
                ))
                .with_hint("check --dns-server, or give the zone with --dns-zone")
            })
    }

    /// Adds `value` at `record`.
    pub async fn add(&self, record: &str, value: &str) -> Result<(), Error> {
        self.update(record, value, true).await
    }

    /// Deletes exactly the record with `value` at `record`.
    pub async fn delete(&self, record: &str, value: &str) -> Result<(), Error> {
        self.update(record, value, false).await
    }

    fn signer(&self) -> Result<TSigner, Error> {
        use base64::Engine;
        let key = base64::engine::general_purpose::STANDARD
            .decode(self.secret.expose().trim())
            .map_err(|_| {
                Error::usage("the TSIG secret is not base64")
                    .with_hint("copy the secret exactly as tsig-keygen or keymgr printed it")
            })?;
        let key_name = client::name(&self.key_name)
            .map_err(|e| Error::from(e).context("the TSIG key name is not usable"))?;
        TSigner::new(
            key,
            self.algorithm.hickory(),
            key_name.to_lowercase(),
            FUDGE,
        )
        .map_err(|e| {
            Error::usage(format!(
                "the TSIG algorithm '{}' is not available",
                self.algorithm.name()
            ))
            .caused_by(e)
        })
    }

    async fn update(&self, record: &str, value: &str, add: bool) -> Result<(), Error> {
        let signer = self.signer()?;
        let owner = client::name(record)?;
        let zone = self.zone_of(&owner).await?;
        if !zone.zone_of(&owner) {
            return Err(Error::usage(format!(
                "'{record}' is not in the zone '{}'",
                client::display(&zone)
            ))
            .with_hint("give the zone that holds the record with --dns-zone"));
        }
        let mut message = Message::new(client::new_id()?, MessageType::Query, OpCode::Update);
        message.add_zone(Query::query(zone.clone(), RecordType::SOA));
        // Add: class IN, TTL 60. Delete one RR: class NONE, TTL 0 (RFC 2136 §2.5.4).
        let mut update = Record::from_rdata(
            owner,
            if add { 60 } else { 0 },
            RData::TXT(txt_rdata(value)),
        );
        if !add {
            update.dns_class = DNSClass::NONE;
        }
        message.add_update(update);
        let now = u64::try_from(Clock::now(&SystemClock).unix_timestamp()).unwrap_or(0);
        let reply = client::exchange(
            self.server,
            message,
            Some(client::Signing {
                signer: &signer,
                now,
            }),
            TIMEOUT,
        )
        .await
        .map_err(|e| {
            let action = if add { "add" } else { "remove" };
            Error::from(e).context(format!(
                "could not {action} the TXT record '{record}' through the DNS server {}",
                self.server
            ))
        })?;
        let zone = client::display(&zone);
        match reply.response_code {
            ResponseCode::NoError => Ok(()),
            ResponseCode::NotAuth => {
                let tsig = match reply.signature().and_then(|s| s.data.error) {
                    Some(TsigError::BadSig) => {
                        "the signature does not verify (BADSIG): wrong secret or algorithm"
                    }
                    Some(TsigError::BadKey) => {
                        "the server does not know this key for the zone (BADKEY)"
                    }
                    Some(TsigError::BadTime) => "the clocks differ too much (BADTIME)",
                    _ => "the key may not update this zone",
                };
                Err(Error::usage(format!("the DNS server {} rejected the update of '{zone}' signed with the key '{}'", self.server, self.key_name))
                    .caused_by(format!("NOTAUTH: {tsig}"))
                    .with_hint("check --tsig-key-name, --tsig-secret and --tsig-algorithm against the server's key, and that the key may update the zone (BIND update-policy, Knot acl action: update)"))
            }
            ResponseCode::Refused => Err(Error::usage(format!(
                "the DNS server {} refused the update of '{record}'",
                self.server
            ))
            .caused_by("REFUSED")
            .with_hint(
                "allow this key to update the zone (BIND update-policy, Knot acl action: update)",
            )),
            other => Err(Error::new(
                Kind::Transient,
                format!(
                    "the DNS server {} failed the update of '{record}'",
                    self.server
                ),
            )
            .caused_by(format!("response code {other}"))),
        }
    }
}
