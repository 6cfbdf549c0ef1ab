//! Checks on the certificate the CA returned, before anything is written (REFERENCE.md: clients
//! that stored whatever came back). The PEM must hold only certificates; the leaf must carry our
//! public key, cover exactly the requested identifiers and still be valid; each certificate must
//! be signed by the next. What passes is re-encoded from DER, so stored files hold no stray text.

use std::collections::BTreeSet;

use ::time::OffsetDateTime;
use x509_parser::prelude::{FromDer, GeneralName, Pem, X509Certificate};

use super::AcmeError;
use crate::domain::Identifier;
use crate::error::{Detail, Error};
use crate::keys::pem_encode;

/// A checked certificate chain, ready to store.
#[derive(Debug, Clone)]
pub struct CheckedChain {
    /// The leaf, PEM.
    pub cert: String,
    /// The rest of the chain, PEM.
    pub chain: String,
    /// Leaf and chain, PEM.
    pub fullchain: String,
    /// The leaf's serial number, lowercase hex.
    pub serial: String,
    /// Leaf validity start.
    pub not_before: OffsetDateTime,
    /// Leaf validity end.
    pub not_after: OffsetDateTime,
    /// The leaf's issuer DN.
    pub issuer: String,
    /// Common names along the chain and the top certificate's issuer, for `--preferred-chain`.
    pub chain_names: Vec<String>,
    /// DER of the leaf (for revocation).
    pub leaf_der: Vec<u8>,
}

fn refuse(why: impl Into<String>) -> Error {
    AcmeError::CertificateRefused(Detail::new(why.into())).into()
}

/// Splits a PEM bundle into DER certificates, refusing anything that is not a certificate.
pub fn certificates_from_pem(pem: &str) -> Result<Vec<Vec<u8>>, Error> {
    let mut ders = Vec::new();
    for block in Pem::iter_from_buffer(pem.as_bytes()) {
        let block = block.map_err(|e| refuse(format!("the response is not clean PEM ({e})")))?;
        if block.label != "CERTIFICATE" {
            return Err(refuse(format!(
                "the response holds a '{}' block; only certificates are allowed",
                block.label
            )));
        }
        ders.push(block.contents);
    }
    if ders.is_empty() {
        return Err(refuse("the response holds no PEM certificate"));
    }
    Ok(ders)
}

/// Checks a downloaded chain against our public key (`SubjectPublicKeyInfo` DER), the requested
/// identifiers and the time.
pub fn check_chain(
    pem: &str,
    expected_spki: &[u8],
    expected: &[Identifier],
    now: OffsetDateTime,
) -> Result<CheckedChain, Error> {
    let ders = certificates_from_pem(pem)?;
    let mut parsed = Vec::with_capacity(ders.len());
    for der in &ders {
        let (_, cert) = X509Certificate::from_der(der)
            .map_err(|e| refuse(format!("a certificate does not parse ({e})")))?;
        parsed.push(cert);
    }
    let leaf = &parsed[0];
    if leaf.public_key().raw != expected_spki {
        return Err(refuse(
            "the leaf certificate is for a different key than the one certkeep sent",
        ));
    }
    let got = leaf_identifiers(leaf)?;
    let want: BTreeSet<Identifier> = expected.iter().cloned().collect();
    if got != want {
        let missing: Vec<String> = want.difference(&got).map(ToString::to_string).collect();
        let extra: Vec<String> = got.difference(&want).map(ToString::to_string).collect();
        return Err(refuse(format!(
            "the leaf's names differ from the order (missing: [{}], extra: [{}])",
            missing.join(", "),
            extra.join(", ")
        )));
    }
    let not_before = leaf.validity().not_before.to_datetime();
    let not_after = leaf.validity().not_after.to_datetime();
    if not_after <= now {
        return Err(refuse(format!("the leaf expired already ({not_after})")));
    }
    for pair in parsed.windows(2) {
        let (child, parent) = (&pair[0], &pair[1]);
        if child.issuer() != parent.subject()
            || child.verify_signature(Some(parent.public_key())).is_err()
        {
            return Err(refuse(format!(
                "'{}' is not signed by the next certificate in the chain, '{}'",
                child.subject(),
                parent.subject()
            )));
        }
    }
    let mut chain_names: Vec<String> = parsed.iter().skip(1).filter_map(common_name).collect();
    if let Some(top) = parsed.last()
        && let Some(cn) = top
            .issuer()
            .iter_common_name()
            .next()
            .and_then(|c| c.as_str().ok())
    {
        chain_names.push(cn.to_owned());
    }
    let pems: Vec<String> = ders.iter().map(|d| pem_encode("CERTIFICATE", d)).collect();
    Ok(CheckedChain {
        cert: pems[0].clone(),
        chain: pems[1..].concat(),
        fullchain: pems.concat(),
        serial: crate::keys::hex(leaf.raw_serial()),
        not_before,
        not_after,
        issuer: leaf.issuer().to_string(),
        chain_names,
        leaf_der: ders[0].clone(),
    })
}

fn common_name(cert: &X509Certificate<'_>) -> Option<String> {
    cert.subject()
        .iter_common_name()
        .next()
        .and_then(|c| c.as_str().ok())
        .map(str::to_owned)
}

fn leaf_identifiers(leaf: &X509Certificate<'_>) -> Result<BTreeSet<Identifier>, Error> {
    let mut out = BTreeSet::new();
    let san = leaf
        .subject_alternative_name()
        .map_err(|e| refuse(format!("the leaf's SAN extension is malformed ({e})")))?;
    for name in san.iter().flat_map(|s| s.value.general_names.iter()) {
        match name {
            GeneralName::DNSName(dns) => {
                out.insert(
                    dns.parse::<Identifier>()
                        .map_err(|e| refuse(format!("the leaf names '{dns}': {e}")))?,
                );
            }
            GeneralName::IPAddress(raw) => {
                let ip = crate::keys::ip_from_bytes(raw)
                    .ok_or_else(|| refuse("the leaf has a malformed IP address"))?;
                out.insert(Identifier::Ip(ip));
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Picks the chain whose names include `preferred` (case-insensitive), else the first.
pub fn pick_chain(chains: Vec<CheckedChain>, preferred: Option<&str>) -> Option<CheckedChain> {
    let index = preferred
        .and_then(|want| {
            chains
                .iter()
                .position(|c| c.chain_names.iter().any(|n| n.eq_ignore_ascii_case(want)))
        })
        .unwrap_or(0);
    chains.into_iter().nth(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::KeySpec;
    use crate::error::Kind;

    fn issue(ids: &[&str], key: &rcgen::KeyPair) -> String {
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Test Root");
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let params =
            rcgen::CertificateParams::new(ids.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
                .unwrap();
        let leaf = params.signed_by(key, &issuer).unwrap();
        format!("{}{}", leaf.pem(), ca_cert.pem())
    }

    fn now() -> OffsetDateTime {
        time::macros::datetime!(2026-11-26 08:00 UTC)
    }

    #[test]
    fn a_matching_chain_passes_and_is_split() {
        let key = crate::keys::generate(KeySpec::EcP256).unwrap();
        let pem = issue(&["example.org", "www.example.org"], &key.pair);
        let ids = vec![
            "www.example.org".parse().unwrap(),
            "example.org".parse().unwrap(),
        ];
        let checked = check_chain(&pem, &crate::keys::spki_der(&key.pair), &ids, now()).unwrap();
        assert_eq!(
            checked.fullchain,
            format!("{}{}", checked.cert, checked.chain)
        );
        assert!(checked.chain_names.contains(&"Test Root".to_owned()));
    }

    #[test]
    fn hostile_chains_are_refused() {
        let key = crate::keys::generate(KeySpec::EcP256).unwrap();
        let other = crate::keys::generate(KeySpec::EcP256).unwrap();
        let ids: Vec<Identifier> = vec!["example.org".parse().unwrap()];
        let spki = crate::keys::spki_der(&key.pair);
        let good = issue(&["example.org"], &key.pair);
        let table: Vec<(&str, String)> = vec![
            ("another key", issue(&["example.org"], &other.pair)),
            ("missing SAN", issue(&["other.org"], &key.pair)),
            ("extra SAN", issue(&["example.org", "evil.org"], &key.pair)),
            ("private key block", format!("{good}{}", key.pem)),
            ("no PEM at all", "garbage".to_owned()),
            (
                "broken chain",
                format!(
                    "{}{}",
                    good.split_inclusive("-----END CERTIFICATE-----\n")
                        .next()
                        .unwrap(),
                    issue(&["x.org"], &other.pair)
                        .split_inclusive("-----END CERTIFICATE-----\n")
                        .nth(1)
                        .unwrap()
                ),
            ),
        ];
        for (case, pem) in table {
            let err = check_chain(&pem, &spki, &ids, now()).unwrap_err();
            assert_eq!(err.kind, Kind::Security, "{case}");
        }
        let expired = check_chain(
            &good,
            &spki,
            &ids,
            time::macros::datetime!(5000-01-01 00:00 UTC),
        )
        .unwrap_err();
        assert_eq!(expired.kind, Kind::Security);
    }
}
