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
use crate::challenge::ChallengeError;
use crate::clock::{Clock, SystemClock};
use crate::domain::Secret;
use crate::error::{Detail, Error};

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
            other => Err(ChallengeError::TsigAlgorithm {
                name: other.to_owned(),
            }
            .into()),
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
                ChallengeError::NotAuthoritative {
                    server: self.server,
                    record: client::display(record),
                }
                .into()
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
            .map_err(|_| ChallengeError::TsigSecret)?;
        let key_name = client::name(&self.key_name)
            .map_err(|e| Error::from(e).context("the TSIG key name is not usable"))?;
        TSigner::new(
            key,
            self.algorithm.hickory(),
            key_name.to_lowercase(),
            FUDGE,
        )
        .map_err(|source| {
            ChallengeError::TsigUnavailable {
                algorithm: self.algorithm.name(),
                source,
            }
            .into()
        })
    }

    async fn update(&self, record: &str, value: &str, add: bool) -> Result<(), Error> {
        let signer = self.signer()?;
        let owner = client::name(record)?;
        let zone = self.zone_of(&owner).await?;
        if !zone.zone_of(&owner) {
            return Err(ChallengeError::OutsideZone {
                record: record.to_owned(),
                zone: client::display(&zone),
            }
            .into());
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
                Err(ChallengeError::UpdateRejected {
                    server: self.server,
                    zone,
                    key_name: self.key_name.clone(),
                    why: Detail::new(format!("NOTAUTH: {tsig}")),
                }
                .into())
            }
            ResponseCode::Refused => Err(ChallengeError::UpdateRefused {
                server: self.server,
                record: record.to_owned(),
                code: Detail::new("REFUSED"),
            }
            .into()),
            other => Err(ChallengeError::UpdateFailed {
                server: self.server,
                record: record.to_owned(),
                code: Detail::new(format!("response code {other}")),
            }
            .into()),
        }
    }
}
