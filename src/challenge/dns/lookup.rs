//! The lookups propagation checks need, each asked of one server directly so no resolver cache
//! sits in between: where a `_acme-challenge` CNAME points, which servers are authoritative for
//! a zone, and what TXT values one server holds.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hickory_proto::op::Message;
use hickory_proto::rr::{Name, RData, RecordType};

use super::client;
use crate::challenge::ChallengeError;
use crate::error::Error;

const QUERY_TIMEOUT: Duration = Duration::from_secs(3);
/// Longest CNAME chain followed.
const MAX_CNAMES: usize = 8;

/// Follows CNAMEs from `name` (a chain of at most 8), asking `resolver`.
pub async fn follow_cname(resolver: SocketAddr, name: &str) -> String {
    let Ok(mut current) = client::name(name) else {
        return name.to_owned();
    };
    for _ in 0..MAX_CNAMES {
        let Ok(answer) = client::query(resolver, &current, RecordType::CNAME, QUERY_TIMEOUT).await
        else {
            break;
        };
        let next = answer.answers.iter().find_map(|r| match &r.data {
            RData::CNAME(target) if r.name == current => Some(target.0.clone()),
            _ => None,
        });
        match next {
            Some(target) => current = target,
            None => break,
        }
    }
    client::display(&current)
}

/// The authoritative servers of the zone holding `name`: its NS records (found by walking up
/// the labels) resolved to addresses, all asked through `resolver`.
pub async fn authoritative_servers(
    resolver: SocketAddr,
    name: &str,
) -> Result<Vec<SocketAddr>, Error> {
    let mut zone = client::name(name)?;
    while zone.num_labels() > 1 {
        if let Ok(answer) = client::query(resolver, &zone, RecordType::NS, QUERY_TIMEOUT).await {
            let mut servers = Vec::new();
            for ns in names_of(&answer) {
                if let Ok(answer) = client::query(resolver, &ns, RecordType::A, QUERY_TIMEOUT).await
                {
                    servers.extend(addresses(&answer).map(|ip| SocketAddr::new(ip, 53)));
                }
            }
            if !servers.is_empty() {
                return Ok(servers);
            }
        }
        zone = zone.base_name();
    }
    Err(no_servers(name))
}

fn names_of(answer: &Message) -> impl Iterator<Item = Name> + '_ {
    answer.answers.iter().filter_map(|r| match &r.data {
        RData::NS(ns) => Some(ns.0.clone()),
        _ => None,
    })
}

fn addresses(answer: &Message) -> impl Iterator<Item = IpAddr> + '_ {
    answer.answers.iter().filter_map(|r| match &r.data {
        RData::A(a) => Some(IpAddr::V4(a.0)),
        RData::AAAA(aaaa) => Some(IpAddr::V6(aaaa.0)),
        _ => None,
    })
}

/// The TXT values at `name` on `server` (a CNAME the server follows included), each record's
/// strings joined, as CAs read them.
pub async fn txt_records(server: SocketAddr, name: &str) -> Result<Vec<String>, Error> {
    let name = client::name(name)?;
    Ok(txt_of(server, &name).await?)
}

/// [`txt_records`], with an unanswered question read as "nothing there yet".
pub async fn txt_at(server: SocketAddr, name: &str) -> Vec<String> {
    txt_records(server, name).await.unwrap_or_default()
}

pub(super) async fn txt_of(
    server: SocketAddr,
    name: &Name,
) -> Result<Vec<String>, client::DnsError> {
    let answer = client::query(server, name, RecordType::TXT, QUERY_TIMEOUT).await?;
    Ok(answer
        .answers
        .iter()
        .filter_map(|r| match &r.data {
            RData::TXT(txt) => Some(
                txt.txt_data
                    .iter()
                    .map(|s| String::from_utf8_lossy(s))
                    .collect::<String>(),
            ),
            _ => None,
        })
        .collect())
}

/// The first resolver named in `/etc/resolv.conf`, if any.
pub fn default_resolver() -> Option<SocketAddr> {
    let conf = crate::bounded::read_text(
        std::path::Path::new("/etc/resolv.conf"),
        crate::bounded::FILE_LIMIT,
    )
    .ok()?;
    conf.lines()
        .filter_map(|line| line.trim().strip_prefix("nameserver"))
        .find_map(|ip| ip.trim().parse::<IpAddr>().ok())
        .map(|ip| SocketAddr::new(ip, 53))
}

pub(super) fn no_servers(record: &str) -> Error {
    ChallengeError::NoAuthoritativeServers {
        record: record.to_owned(),
    }
    .into()
}
