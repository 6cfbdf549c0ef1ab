//! RFC 2136 dynamic updates signed with TSIG (RFC 8945, HMAC-SHA256/384/512): adds the challenge
//! TXT record and later deletes exactly that record (RFC 2136 §2.5.4), so other TXT values at the
//! same name, such as a concurrent order's, stay. The zone is found by asking the server for the
//! SOA unless it is given.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::UdpSocket;

use super::wire::{self, Record, RecordType};
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

    fn ring(self) -> ring::hmac::Algorithm {
        match self {
            Self::HmacSha256 => ring::hmac::HMAC_SHA256,
            Self::HmacSha384 => ring::hmac::HMAC_SHA384,
            Self::HmacSha512 => ring::hmac::HMAC_SHA512,
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

fn name_wire(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in name
        .trim_end_matches('.')
        .split('.')
        .filter(|l| !l.is_empty())
    {
        out.push(u8::try_from(label.len().min(63)).unwrap_or(63));
        out.extend_from_slice(&label.as_bytes()[..label.len().min(63)]);
    }
    out.push(0);
    out
}

fn txt_rdata(value: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 1);
    out.push(u8::try_from(value.len().min(255)).unwrap_or(255));
    out.extend_from_slice(&value.as_bytes()[..value.len().min(255)]);
    out
}

impl Rfc2136 {
    /// The zone `record` belongs to: the given one, or the owner of the SOA the server names.
    async fn zone_of(&self, record: &str) -> Result<String, Error> {
        if let Some(zone) = &self.zone {
            return Ok(zone.trim_end_matches('.').to_owned());
        }
        let answer = wire::query(self.server, record, RecordType::Soa, TIMEOUT)
            .await
            .map_err(|e| {
                Error::new(
                    Kind::Transient,
                    format!("the DNS server {} did not answer", self.server),
                )
                .caused_by(e)
            })?;
        answer
            .answers
            .iter()
            .chain(answer.authority.iter())
            .find_map(|(_, r)| {
                if let Record::Soa(owner) = r {
                    Some(owner.clone())
                } else {
                    None
                }
            })
            .ok_or_else(|| {
                Error::usage(format!(
                    "the DNS server {} is not authoritative for '{record}'",
                    self.server
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

    async fn update(&self, record: &str, value: &str, add: bool) -> Result<(), Error> {
        let zone = self.zone_of(record).await?;
        let mut id = [0u8; 2];
        let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut id);
        let id = u16::from_be_bytes(id);
        let mut msg = Vec::with_capacity(256);
        msg.extend_from_slice(&id.to_be_bytes());
        // UPDATE opcode (5); ZOCOUNT 1, PRCOUNT 0, UPCOUNT 1, ADCOUNT 0 (TSIG added below).
        msg.extend_from_slice(&[0x28, 0x00, 0, 1, 0, 0, 0, 1, 0, 0]);
        msg.extend_from_slice(&name_wire(&zone));
        msg.extend_from_slice(&[0, 6, 0, 1]);
        msg.extend_from_slice(&name_wire(record));
        msg.extend_from_slice(&16u16.to_be_bytes());
        // Add: class IN, TTL 60. Delete one RR: class NONE, TTL 0 (RFC 2136 §2.5.4).
        if add {
            msg.extend_from_slice(&[0, 1, 0, 0, 0, 60]);
        } else {
            msg.extend_from_slice(&[0, 254, 0, 0, 0, 0]);
        }
        let rdata = txt_rdata(value);
        msg.extend_from_slice(&u16::try_from(rdata.len()).unwrap_or(0).to_be_bytes());
        msg.extend_from_slice(&rdata);
        let signed = self.sign(&msg, id)?;
        let reply = self.exchange(&signed).await?;
        let rcode = reply.get(3).map_or(0xff, |b| b & 0x0f);
        match rcode {
            0 => Ok(()),
            9 => {
                let tsig = match wire::tsig_error(&reply) {
                    Some(16) => "the signature does not verify (BADSIG): wrong secret or algorithm",
                    Some(17) => "the server does not know this key for the zone (BADKEY)",
                    Some(18) => "the clocks differ too much (BADTIME)",
                    _ => "the key may not update this zone",
                };
                Err(Error::usage(format!("the DNS server {} rejected the update of '{zone}' signed with the key '{}'", self.server, self.key_name))
                    .caused_by(format!("NOTAUTH: {tsig}"))
                    .with_hint("check --tsig-key-name, --tsig-secret and --tsig-algorithm against the server's key, and that the key may update the zone (BIND update-policy, Knot acl action: update)"))
            }
            5 => Err(Error::usage(format!(
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

    fn sign(&self, msg: &[u8], id: u16) -> Result<Vec<u8>, Error> {
        use base64::Engine;
        let key = base64::engine::general_purpose::STANDARD
            .decode(self.secret.expose().trim())
            .map_err(|_| {
                Error::usage("the TSIG secret is not base64")
                    .with_hint("copy the secret exactly as tsig-keygen or keymgr printed it")
            })?;
        let now =
            u64::try_from(crate::clock::Clock::now(&crate::clock::SystemClock).unix_timestamp())
                .unwrap_or(0);
        let time = now.to_be_bytes();
        let key_name = name_wire(&self.key_name.to_ascii_lowercase());
        let algorithm = name_wire(self.algorithm.name());
        // RFC 8945 §4.3.3: the message, then the TSIG variables.
        let mut data = msg.to_vec();
        data.extend_from_slice(&key_name);
        data.extend_from_slice(&[0, 255, 0, 0, 0, 0]);
        data.extend_from_slice(&algorithm);
        data.extend_from_slice(&time[2..]);
        data.extend_from_slice(&FUDGE.to_be_bytes());
        data.extend_from_slice(&[0, 0, 0, 0]);
        let mac = ring::hmac::sign(&ring::hmac::Key::new(self.algorithm.ring(), &key), &data);
        let mac = mac.as_ref();
        let mut rdata = algorithm;
        rdata.extend_from_slice(&time[2..]);
        rdata.extend_from_slice(&FUDGE.to_be_bytes());
        rdata.extend_from_slice(&u16::try_from(mac.len()).unwrap_or(0).to_be_bytes());
        rdata.extend_from_slice(mac);
        rdata.extend_from_slice(&id.to_be_bytes());
        rdata.extend_from_slice(&[0, 0, 0, 0]);
        let mut out = msg.to_vec();
        out[11] = 1; // ARCOUNT: the TSIG record
        out.extend_from_slice(&key_name);
        out.extend_from_slice(&[0, 250, 0, 255, 0, 0, 0, 0]);
        out.extend_from_slice(&u16::try_from(rdata.len()).unwrap_or(0).to_be_bytes());
        out.extend_from_slice(&rdata);
        Ok(out)
    }

    async fn exchange(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let unreachable = |e: std::io::Error| {
            Error::new(
                Kind::Transient,
                format!("could not reach the DNS server {}", self.server),
            )
            .caused_by(e)
        };
        let bind = if self.server.is_ipv4() {
            "0.0.0.0:0"
        } else {
            "[::]:0"
        };
        let socket = UdpSocket::bind(bind).await.map_err(unreachable)?;
        socket.connect(self.server).await.map_err(unreachable)?;
        socket.send(message).await.map_err(unreachable)?;
        let mut buf = vec![0u8; 4096];
        let n = tokio::time::timeout(TIMEOUT, socket.recv(&mut buf))
            .await
            .map_err(|_| {
                Error::new(
                    Kind::Transient,
                    format!("the DNS server {} did not answer the update", self.server),
                )
            })?
            .map_err(unreachable)?;
        buf.truncate(n);
        if buf.get(..2) != message.get(..2) {
            return Err(Error::new(
                Kind::Transient,
                "the DNS server answered another message",
            ));
        }
        Ok(buf)
    }
}
