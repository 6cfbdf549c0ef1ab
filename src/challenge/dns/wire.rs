//! A minimal DNS client over UDP (RFC 1035): one question, answers parsed for TXT, CNAME, NS, A
//! and AAAA. Enough to ask an authoritative server directly whether a challenge record is there,
//! without a resolver's cache in between.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use tokio::net::UdpSocket;

/// Record types certkeep asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordType {
    /// IPv4 address.
    A = 1,
    /// Name server.
    Ns = 2,
    /// Alias.
    Cname = 5,
    /// Start of authority.
    Soa = 6,
    /// Text.
    Txt = 16,
    /// IPv6 address.
    Aaaa = 28,
}

/// One answer record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A TXT record's strings, joined.
    Txt(String),
    /// A CNAME target.
    Cname(String),
    /// A name server.
    Ns(String),
    /// An address.
    Addr(IpAddr),
    /// A SOA record (owner name of the zone).
    Soa(String),
}

/// An answer: the records of the answer and authority sections, and the response code.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// Records in the answer section, with their owner names.
    pub answers: Vec<(String, Record)>,
    /// Records in the authority section.
    pub authority: Vec<(String, Record)>,
    /// RCODE (0 no error, 3 name error).
    pub rcode: u8,
}

fn encode_name(name: &str, out: &mut Vec<u8>) {
    for label in name
        .trim_end_matches('.')
        .split('.')
        .filter(|l| !l.is_empty())
    {
        let bytes = &label.as_bytes()[..label.len().min(63)];
        out.push(u8::try_from(bytes.len()).unwrap_or(63));
        out.extend_from_slice(bytes);
    }
    out.push(0);
}

/// Builds a query for `name`/`kind` with message id `id`.
pub fn build_query(id: u16, name: &str, kind: RecordType) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(&id.to_be_bytes());
    out.extend_from_slice(&[0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
    encode_name(name, &mut out);
    out.extend_from_slice(&(kind as u16).to_be_bytes());
    out.extend_from_slice(&[0, 1]);
    out
}

fn read_name(msg: &[u8], mut pos: usize) -> Option<(String, usize)> {
    let mut labels = Vec::new();
    let mut end = None;
    for _ in 0..128 {
        let len = *msg.get(pos)?;
        if len & 0xc0 == 0xc0 {
            let pointer = usize::from(u16::from_be_bytes([len & 0x3f, *msg.get(pos + 1)?]));
            end.get_or_insert(pos + 2);
            pos = pointer;
            continue;
        }
        if len == 0 {
            return Some((
                labels.join(".").to_ascii_lowercase(),
                end.unwrap_or(pos + 1),
            ));
        }
        let label = msg.get(pos + 1..pos + 1 + usize::from(len))?;
        labels.push(String::from_utf8_lossy(label).into_owned());
        pos += 1 + usize::from(len);
    }
    None
}

fn read_u16(msg: &[u8], pos: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*msg.get(pos)?, *msg.get(pos + 1)?]))
}

/// Parses a response to query `id`; `None` when it is not a well-formed answer to it.
pub fn parse_response(id: u16, msg: &[u8]) -> Option<Answer> {
    if read_u16(msg, 0)? != id || msg.get(2)? & 0x80 == 0 {
        return None;
    }
    let rcode = msg.get(3)? & 0x0f;
    let (qd, an, ns) = (read_u16(msg, 4)?, read_u16(msg, 6)?, read_u16(msg, 8)?);
    let mut pos = 12;
    for _ in 0..qd {
        let (_, next) = read_name(msg, pos)?;
        pos = next + 4;
    }
    let mut answer = Answer {
        rcode,
        ..Answer::default()
    };
    for section in 0..2 {
        let count = if section == 0 { an } else { ns };
        for _ in 0..count {
            let (owner, next) = read_name(msg, pos)?;
            let kind = read_u16(msg, next)?;
            let len = usize::from(read_u16(msg, next + 8)?);
            let data_at = next + 10;
            let data = msg.get(data_at..data_at + len)?;
            let record = match kind {
                16 => {
                    let mut text = String::new();
                    let mut i = 0;
                    while i < data.len() {
                        let n = usize::from(data[i]);
                        text.push_str(&String::from_utf8_lossy(data.get(i + 1..i + 1 + n)?));
                        i += 1 + n;
                    }
                    Some(Record::Txt(text))
                }
                5 => Some(Record::Cname(read_name(msg, data_at)?.0)),
                2 => Some(Record::Ns(read_name(msg, data_at)?.0)),
                6 => Some(Record::Soa(owner.clone())),
                1 if len == 4 => Some(Record::Addr(IpAddr::from(<[u8; 4]>::try_from(data).ok()?))),
                28 if len == 16 => {
                    Some(Record::Addr(IpAddr::from(<[u8; 16]>::try_from(data).ok()?)))
                }
                _ => None,
            };
            if let Some(record) = record {
                if section == 0 {
                    answer.answers.push((owner, record));
                } else {
                    answer.authority.push((owner, record));
                }
            }
            pos = data_at + len;
        }
    }
    Some(answer)
}

/// The error field of a response's TSIG record (RFC 8945 §4.2: 16 BADSIG, 17 BADKEY,
/// 18 BADTIME), `None` when it carries no TSIG record.
pub fn tsig_error(msg: &[u8]) -> Option<u16> {
    let counts: Vec<u16> = (0..4)
        .map(|i| read_u16(msg, 4 + 2 * i))
        .collect::<Option<_>>()?;
    let mut pos = 12;
    for _ in 0..counts[0] {
        pos = read_name(msg, pos)?.1 + 4;
    }
    for _ in 0..counts[1] + counts[2] + counts[3] {
        let (_, next) = read_name(msg, pos)?;
        let kind = read_u16(msg, next)?;
        let len = usize::from(read_u16(msg, next + 8)?);
        let data = next + 10;
        if kind == 250 {
            let (_, after_alg) = read_name(msg, data)?;
            let mac_len = usize::from(read_u16(msg, after_alg + 8)?);
            return read_u16(msg, after_alg + 10 + mac_len + 2);
        }
        pos = data + len;
    }
    None
}

/// Asks `server` one question, waiting up to `timeout` (two tries).
pub async fn query(
    server: SocketAddr,
    name: &str,
    kind: RecordType,
    timeout: Duration,
) -> std::io::Result<Answer> {
    let bind: SocketAddr = if server.is_ipv4() {
        "0.0.0.0:0".parse().map_err(std::io::Error::other)?
    } else {
        "[::]:0".parse().map_err(std::io::Error::other)?
    };
    let socket = UdpSocket::bind(bind).await?;
    socket.connect(server).await?;
    let mut id_bytes = [0u8; 2];
    let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut id_bytes);
    let id = u16::from_be_bytes(id_bytes);
    let question = build_query(id, name, kind);
    let mut buf = vec![0u8; 4096];
    for _ in 0..2 {
        socket.send(&question).await?;
        let deadline = tokio::time::Instant::now() + timeout / 2;
        while let Ok(Ok(n)) = tokio::time::timeout_at(deadline, socket.recv(&mut buf)).await {
            if let Some(answer) = parse_response(id, &buf[..n]) {
                return Ok(answer);
            }
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        format!("no answer from {server}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_and_cname_answers_parse_with_compression() {
        // A hand-built response: question _acme-challenge.a.test TXT, answer CNAME to
        // x.b.test (compressed suffix) and a TXT at the target.
        let mut msg = vec![0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0];
        encode_name("_acme-challenge.a.test", &mut msg);
        msg.extend_from_slice(&[0, 16, 0, 1]);
        msg.extend_from_slice(&[0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60]);
        let target = [1, b'x', 1, b'b', 4, b't', b'e', b's', b't', 0];
        msg.extend_from_slice(&u16::try_from(target.len()).unwrap().to_be_bytes());
        let target_at = msg.len();
        msg.extend_from_slice(&target);
        msg.extend_from_slice(&[
            0xc0,
            u8::try_from(target_at).unwrap(),
            0,
            16,
            0,
            1,
            0,
            0,
            0,
            60,
            0,
            6,
            5,
        ]);
        msg.extend_from_slice(b"hello");
        let answer = parse_response(0x1234, &msg).unwrap();
        assert_eq!(
            answer.answers[0],
            (
                "_acme-challenge.a.test".into(),
                Record::Cname("x.b.test".into())
            )
        );
        assert_eq!(
            answer.answers[1],
            ("x.b.test".into(), Record::Txt("hello".into()))
        );
        assert!(
            parse_response(0x9999, &msg).is_none(),
            "another query's answer"
        );
        assert!(parse_response(0x1234, &msg[..20]).is_none(), "truncated");
    }
}
