//! One DNS exchange with one server (RFC 1035 §4.2): messages are built, parsed and signed by
//! hickory-proto; this module only moves bytes. UDP first, TCP when the answer comes back
//! truncated (RFC 7766 §5). A request signed with TSIG (RFC 8945) is answered only by a response
//! whose MAC verifies, so a forged datagram that merely guesses the 16-bit id is ignored.
//!
//! Invariants: every wait has a deadline; a message id comes from the OS random source
//! (`getrandom`), and a failure there is an error, never id 0; a name that does not fit the wire
//! (a label over 63 bytes, a name over 255) is an error, never cut short.

use std::net::SocketAddr;
use std::time::Duration;

use hickory_proto::ProtoError;
use hickory_proto::op::{Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::{Name, RecordType, TSigVerifier, TSigner};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UdpSocket;

use crate::error::{Classify, Detail, Kind};

/// Something one DNS exchange could not do.
#[derive(Debug, thiserror::Error)]
pub enum DnsError {
    /// The name cannot be sent: a label over 63 bytes, over 255 bytes in all, or bad escapes.
    #[error("'{name}' is not a valid DNS name")]
    InvalidName {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        #[source]
        source: ProtoError,
    },
    /// The OS random source failed, so no unpredictable message id could be drawn.
    #[error("could not draw a random DNS message id")]
    Random(#[source] getrandom::Error),
    /// The message could not be encoded or signed.
    #[error("could not build the DNS message for '{name}'")]
    Encode {
        /// The name the message is about.
        name: String,
        /// Why.
        #[source]
        source: ProtoError,
    },
    /// The network failed.
    #[error("could not reach the DNS server {server}")]
    Io {
        /// The server.
        server: SocketAddr,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// No answer within the deadline.
    #[error("the DNS server {server} did not answer within {} s", timeout.as_secs())]
    Timeout {
        /// The server.
        server: SocketAddr,
        /// How long we waited.
        timeout: Duration,
    },
    /// Answers came, but none of them carried a TSIG MAC that verifies.
    #[error("the answer from the DNS server {server} failed TSIG verification")]
    Unauthenticated {
        /// The server.
        server: SocketAddr,
        /// What was wrong with the last answer rejected.
        #[source]
        reason: Detail,
    },
    /// The server answered with something unusable (a truncated answer over TCP).
    #[error("the DNS server {server} sent an unusable answer: {reason}")]
    Malformed {
        /// The server.
        server: SocketAddr,
        /// What was wrong.
        reason: &'static str,
    },
}

impl Classify for DnsError {
    fn kind(&self) -> Kind {
        match self {
            DnsError::InvalidName { .. } | DnsError::Encode { .. } => Kind::Usage,
            DnsError::Random(_) => Kind::Internal,
            DnsError::Io { .. } | DnsError::Timeout { .. } | DnsError::Malformed { .. } => {
                Kind::Transient
            }
            DnsError::Unauthenticated { .. } => Kind::Security,
        }
    }

    fn hint(&self) -> Option<String> {
        let hint = match self {
            DnsError::InvalidName { .. } => {
                "a DNS label has at most 63 bytes and a name at most 255; check the identifier or the CNAME that points there"
            }
            DnsError::Random(_) => {
                "the operating system's random source is unavailable; check /dev/urandom or the getrandom system call (seccomp, containers)"
            }
            DnsError::Encode { .. } => return None,
            DnsError::Io { .. } | DnsError::Timeout { .. } | DnsError::Malformed { .. } => {
                "check the DNS server address and that it is reachable (UDP and TCP port 53)"
            }
            DnsError::Unauthenticated { .. } => {
                "someone may be forging DNS answers, or the server signs with another key: check --tsig-key-name, --tsig-algorithm and the network path to the server"
            }
        };
        Some(hint.to_owned())
    }
}

/// `raw` as a fully qualified name for the wire (RFC 1035 §2.3.4 limits checked).
pub fn name(raw: &str) -> Result<Name, DnsError> {
    let invalid = |source| DnsError::InvalidName {
        name: raw.to_owned(),
        source,
    };
    let mut name = Name::from_ascii(raw).map_err(invalid)?;
    name.set_fqdn(true);
    // On the wire: a length byte per label, the labels, the root label; 255 bytes at most.
    if name.len() + 1 > 255 {
        return Err(invalid(ProtoError::from(
            "the name is longer than 255 bytes",
        )));
    }
    Ok(name)
}

/// `name` as certkeep prints it: lowercase, without the trailing dot.
pub fn display(name: &Name) -> String {
    name.to_lowercase()
        .to_ascii()
        .trim_end_matches('.')
        .to_owned()
}

/// An unpredictable message id (RFC 5452 §9.2).
pub fn new_id() -> Result<u16, DnsError> {
    let mut id = [0u8; 2];
    getrandom::fill(&mut id).map_err(DnsError::Random)?;
    Ok(u16::from_be_bytes(id))
}

/// Asks `server` for the `kind` records at `name` (recursion desired: resolvers are asked too).
pub async fn query(
    server: SocketAddr,
    name: &Name,
    kind: RecordType,
    timeout: Duration,
) -> Result<Message, DnsError> {
    let mut request = Message::new(new_id()?, MessageType::Query, OpCode::Query);
    request.metadata.recursion_desired = true;
    request.add_query(Query::query(name.clone(), kind));
    exchange(server, request, None, timeout).await
}

/// TSIG for one request: the key and the signing time (seconds since the epoch).
#[derive(Clone, Copy)]
pub struct Signing<'a> {
    /// The key.
    pub signer: &'a TSigner,
    /// Now, as the clock says.
    pub now: u64,
}

/// Sends `request` to `server` and returns the matching response: over UDP (asked twice
/// within `timeout`), then over TCP if the UDP answer was truncated. With `signing`, the request
/// is signed and only a response whose TSIG verifies is accepted; a failure answer (any RCODE
/// but NOERROR) is taken unverified, since the server does not sign its BADSIG/BADKEY answers and
/// a forged failure can only make the exchange fail.
pub async fn exchange(
    server: SocketAddr,
    mut request: Message,
    signing: Option<Signing<'_>>,
    timeout: Duration,
) -> Result<Message, DnsError> {
    let about = request
        .queries
        .first()
        .map(|q| display(q.name()))
        .unwrap_or_default();
    let encode = |source| DnsError::Encode {
        name: about.clone(),
        source,
    };
    let mut verifier = match signing {
        Some(Signing { signer, now }) => request.finalize(signer, now).map_err(encode)?,
        None => None,
    };
    let bytes = request.to_vec().map_err(encode)?;
    let mut expect = Expect {
        request: &request,
        verifier: verifier.as_mut(),
    };
    match udp(server, &bytes, &mut expect, timeout).await? {
        Some(answer) => Ok(answer),
        None => tcp(server, &bytes, &mut expect, timeout).await,
    }
}

/// What a response must match.
struct Expect<'a> {
    request: &'a Message,
    verifier: Option<&'a mut TSigVerifier>,
}

/// The verdict on one received message.
enum Verdict {
    /// Not a response to this request (another id, another question, garbage): ignore it.
    NotOurs,
    /// A response to this request; it may be truncated (then unverified, and never used).
    Answer(Message),
    /// It claims to answer this request, but its signature does not verify.
    Rejected(String),
}

impl Expect<'_> {
    fn judge(&mut self, bytes: &[u8]) -> Verdict {
        let Ok(message) = Message::from_vec(bytes) else {
            return Verdict::NotOurs;
        };
        if message.id != self.request.id
            || message.message_type != MessageType::Response
            || (!message.queries.is_empty() && message.queries != self.request.queries)
        {
            return Verdict::NotOurs;
        }
        let Some(verifier) = self.verifier.as_deref_mut() else {
            return Verdict::Answer(message);
        };
        if message.truncation {
            return Verdict::Answer(message);
        }
        let Some(tsig) = message.signature() else {
            return if message.response_code == ResponseCode::NoError {
                Verdict::Rejected("the response is not signed".into())
            } else {
                Verdict::Answer(message)
            };
        };
        // hickory computes `time - fudge` once the MAC verified; refuse what would underflow.
        if tsig.data.time < u64::from(tsig.data.fudge) {
            return Verdict::Rejected("the signature's time is out of range".into());
        }
        match verifier.verify(bytes) {
            Ok(_) => Verdict::Answer(message),
            Err(_) if message.response_code != ResponseCode::NoError => Verdict::Answer(message),
            Err(e) => Verdict::Rejected(e.to_string()),
        }
    }
}

/// The UDP leg: `Ok(None)` when the answer was truncated.
async fn udp(
    server: SocketAddr,
    bytes: &[u8],
    expect: &mut Expect<'_>,
    timeout: Duration,
) -> Result<Option<Message>, DnsError> {
    let io = |source| DnsError::Io { server, source };
    let bind: SocketAddr = if server.is_ipv4() {
        SocketAddr::from(([0, 0, 0, 0], 0))
    } else {
        SocketAddr::from(([0u16; 8], 0))
    };
    let socket = UdpSocket::bind(bind).await.map_err(io)?;
    socket.connect(server).await.map_err(io)?;
    let start = tokio::time::Instant::now();
    let mut buf = vec![0u8; usize::from(u16::MAX)];
    let mut rejected = None;
    let mut failed = None;
    // Two tries: a lost datagram is resent once, halfway through.
    for until in [start + timeout / 2, start + timeout] {
        socket.send(bytes).await.map_err(io)?;
        loop {
            match tokio::time::timeout_at(until, socket.recv(&mut buf)).await {
                Err(_) => break,
                Ok(Err(e)) => {
                    // ICMP "port unreachable" and friends: try again, report if nothing comes.
                    failed = Some(e);
                    break;
                }
                Ok(Ok(n)) => match expect.judge(&buf[..n]) {
                    Verdict::NotOurs => {}
                    Verdict::Answer(answer) if answer.truncation => return Ok(None),
                    Verdict::Answer(answer) => return Ok(Some(answer)),
                    Verdict::Rejected(reason) => rejected = Some(reason),
                },
            }
        }
    }
    Err(match (rejected, failed) {
        (Some(reason), _) => DnsError::Unauthenticated {
            server,
            reason: Detail::new(reason),
        },
        (None, Some(source)) => DnsError::Io { server, source },
        (None, None) => DnsError::Timeout { server, timeout },
    })
}

/// The TCP leg (RFC 1035 §4.2.2: each message prefixed with its two-byte length).
async fn tcp(
    server: SocketAddr,
    bytes: &[u8],
    expect: &mut Expect<'_>,
    timeout: Duration,
) -> Result<Message, DnsError> {
    let io = |source| DnsError::Io { server, source };
    let len = u16::try_from(bytes.len()).map_err(|_| DnsError::Malformed {
        server,
        reason: "the request is too long for TCP",
    })?;
    let exchange = async {
        let mut stream = crate::net::tcp::connect(server).await.map_err(io)?;
        let mut framed = Vec::with_capacity(bytes.len() + 2);
        framed.extend_from_slice(&len.to_be_bytes());
        framed.extend_from_slice(bytes);
        stream.write_all(&framed).await.map_err(io)?;
        loop {
            let mut len = [0u8; 2];
            stream.read_exact(&mut len).await.map_err(io)?;
            let mut message = vec![0u8; usize::from(u16::from_be_bytes(len))];
            stream.read_exact(&mut message).await.map_err(io)?;
            match expect.judge(&message) {
                Verdict::NotOurs => {}
                Verdict::Answer(answer) if answer.truncation => {
                    return Err(DnsError::Malformed {
                        server,
                        reason: "the answer was truncated over TCP too",
                    });
                }
                Verdict::Answer(answer) => return Ok(answer),
                Verdict::Rejected(reason) => {
                    return Err(DnsError::Unauthenticated {
                        server,
                        reason: Detail::new(reason),
                    });
                }
            }
        }
    };
    tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| DnsError::Timeout { server, timeout })?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_dns_error_has_its_exit_code() {
        let server: SocketAddr = "127.0.0.1:53".parse().unwrap();
        let proto = || ProtoError::from("x");
        let table = [
            (
                DnsError::InvalidName {
                    name: "a".into(),
                    source: proto(),
                },
                2,
            ),
            (
                DnsError::Encode {
                    name: "a".into(),
                    source: proto(),
                },
                2,
            ),
            (
                DnsError::Io {
                    server,
                    source: std::io::Error::other("x"),
                },
                4,
            ),
            (
                DnsError::Timeout {
                    server,
                    timeout: Duration::from_secs(1),
                },
                4,
            ),
            (
                DnsError::Unauthenticated {
                    server,
                    reason: Detail::new("bad mac"),
                },
                9,
            ),
            (
                DnsError::Malformed {
                    server,
                    reason: "x",
                },
                4,
            ),
        ];
        for (err, code) in table {
            let name = format!("{err:?}");
            assert_eq!(crate::error::Error::from(err).exit_code(), code, "{name}");
        }
    }

    #[test]
    fn names_that_do_not_fit_the_wire_are_refused_not_cut() {
        let long_label = format!("_acme-challenge.{}.example.org", "a".repeat(64));
        let err = name(&long_label).unwrap_err();
        assert!(matches!(err, DnsError::InvalidName { .. }), "{err}");
        let long_name = format!("_acme-challenge.{}example.org", "abcdefghi.".repeat(25));
        assert!(name(&long_name).is_err(), "over 255 bytes");
        let ok = name("_acme-challenge.WWW.example.org").unwrap();
        assert_eq!(display(&ok), "_acme-challenge.www.example.org");
    }

    #[test]
    fn a_response_to_another_question_is_not_ours() {
        let mut request = Message::new(7, MessageType::Query, OpCode::Query);
        request.add_query(Query::query(name("a.test").unwrap(), RecordType::TXT));
        let mut other = Message::response(7, OpCode::Query);
        other.add_query(Query::query(name("b.test").unwrap(), RecordType::TXT));
        let mut expect = Expect {
            request: &request,
            verifier: None,
        };
        assert!(matches!(
            expect.judge(&other.to_vec().unwrap()),
            Verdict::NotOurs
        ));
        let mut ours = Message::response(7, OpCode::Query);
        ours.add_query(Query::query(name("A.test").unwrap(), RecordType::TXT));
        assert!(matches!(
            expect.judge(&ours.to_vec().unwrap()),
            Verdict::Answer(_)
        ));
        assert!(matches!(expect.judge(&[0, 7, 0x80]), Verdict::NotOurs));
    }
}
