//! One certificate generation as another client left it: the leaf, its chain and its key, read
//! from PEM, checked to belong together, and described the way certkeep records a version.

use time::OffsetDateTime;
use x509_parser::prelude::{FromDer, GeneralName, Pem, X509Certificate};

use super::keys::{self, ImportedKey};
use crate::domain::{Identifier, KeySpec};

/// A leaf with its chain and key, checked to match.
#[derive(Debug)]
pub struct Generation {
    /// The leaf's serial number, lowercase hex.
    pub serial: String,
    /// The identifiers in the certificate's SAN order (IDNs in punycode).
    pub identifiers: Vec<Identifier>,
    /// Start of validity.
    pub not_before: OffsetDateTime,
    /// End of validity.
    pub not_after: OffsetDateTime,
    /// The leaf's issuer DN.
    pub issuer: String,
    /// The key type of the leaf's key.
    pub key_type: Option<KeySpec>,
    /// The leaf, PEM re-encoded from DER.
    pub cert_pem: String,
    /// The intermediates, PEM re-encoded from DER.
    pub chain_pem: String,
    /// The private key.
    pub key: ImportedKey,
}

impl Generation {
    /// Leaf and chain, PEM.
    pub fn fullchain_pem(&self) -> String {
        format!("{}{}", self.cert_pem, self.chain_pem)
    }
}

/// Why a generation cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerationError {
    /// The certificate file holds no complete certificate.
    #[error("the certificate is not complete PEM ({0})")]
    CertPem(String),
    /// The certificate does not parse.
    #[error("the certificate does not parse ({0})")]
    CertDer(String),
    /// The certificate names something certkeep cannot request.
    #[error("the certificate names '{0}', which is not a usable identifier")]
    Identifier(String),
    /// The key file is unusable.
    #[error("the private key: {0}")]
    Key(#[from] keys::KeyFormatError),
    /// The key is not the certificate's.
    #[error("the private key does not match the certificate")]
    KeyMismatch,
}

/// Reads a leaf (`cert` may hold the chain after it, as lego's `.crt` does), the separate chain
/// file when there is one, and the key, and checks that the key is the leaf's.
pub(super) fn read_generation(
    cert: &[u8],
    chain: Option<&[u8]>,
    key: &[u8],
) -> Result<Generation, GenerationError> {
    let mut ders = certificates(cert)?;
    if ders.is_empty() {
        return Err(GenerationError::CertPem("no certificate in it".into()));
    }
    if let Some(chain) = chain {
        ders.truncate(1);
        ders.extend(certificates(chain)?);
    }
    let (_, leaf) =
        X509Certificate::from_der(&ders[0]).map_err(|e| GenerationError::CertDer(e.to_string()))?;
    let key = keys::from_pem(key)?;
    if leaf.public_key().raw != key.spki_der.as_slice() {
        return Err(GenerationError::KeyMismatch);
    }
    let pems: Vec<String> = ders
        .iter()
        .map(|d| crate::keys::pem_encode("CERTIFICATE", d))
        .collect();
    Ok(Generation {
        serial: crate::keys::hex(leaf.raw_serial()),
        identifiers: identifiers(&leaf)?,
        not_before: leaf.validity().not_before.to_datetime(),
        not_after: leaf.validity().not_after.to_datetime(),
        issuer: leaf.issuer().to_string(),
        key_type: crate::keys::key_type_of(leaf.public_key()),
        cert_pem: pems[0].clone(),
        chain_pem: pems[1..].concat(),
        key,
    })
}

fn certificates(pem: &[u8]) -> Result<Vec<Vec<u8>>, GenerationError> {
    let mut ders = Vec::new();
    for block in Pem::iter_from_buffer(pem) {
        let block = block.map_err(|e| GenerationError::CertPem(e.to_string()))?;
        if block.label == "CERTIFICATE" {
            ders.push(block.contents);
        }
    }
    Ok(ders)
}

/// The SAN identifiers in the certificate's order, or the subject CN when there is no SAN.
fn identifiers(leaf: &X509Certificate<'_>) -> Result<Vec<Identifier>, GenerationError> {
    let mut out = Vec::new();
    let san = leaf
        .subject_alternative_name()
        .map_err(|e| GenerationError::CertDer(e.to_string()))?;
    for name in san.iter().flat_map(|s| s.value.general_names.iter()) {
        let id = match name {
            GeneralName::DNSName(dns) => dns
                .parse::<Identifier>()
                .map_err(|_| GenerationError::Identifier(dns.escape_debug().to_string()))?,
            GeneralName::IPAddress(raw) => crate::keys::ip_from_bytes(raw)
                .map(Identifier::Ip)
                .ok_or_else(|| GenerationError::Identifier("a malformed IP address".into()))?,
            _ => continue,
        };
        if !out.contains(&id) {
            out.push(id);
        }
    }
    if out.is_empty()
        && let Some(cn) = leaf
            .subject()
            .iter_common_name()
            .next()
            .and_then(|c| c.as_str().ok())
    {
        out.push(
            cn.parse()
                .map_err(|_| GenerationError::Identifier(cn.escape_debug().to_string()))?,
        );
    }
    if out.is_empty() {
        return Err(GenerationError::Identifier("nothing".into()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/import/{path}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn a_lego_bundle_splits_into_leaf_and_chain_with_san_order_kept() {
        let generation = read_generation(
            &fixture("lego/certificates/web.example.net.crt"),
            None,
            &fixture("lego/certificates/web.example.net.key"),
        )
        .unwrap();
        let names: Vec<String> = generation
            .identifiers
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(names, ["web.example.net", "www.example.net"]);
        assert_eq!(generation.serial, "0eadfb21cb425481");
        assert_eq!(generation.key_type, Some(KeySpec::EcP256));
        assert_eq!(
            generation.not_after,
            time::macros::datetime!(2031-11-26 08:01:14 UTC)
        );
        let issuer = fixture("lego/certificates/web.example.net.issuer.crt");
        let issuer_der = certificates(&issuer).unwrap();
        assert_eq!(
            certificates(generation.chain_pem.as_bytes()).unwrap(),
            issuer_der
        );
    }

    #[test]
    fn a_key_from_another_generation_is_refused() {
        let err = read_generation(
            &fixture("certbot/config/archive/old.example.com/cert2.pem"),
            Some(&fixture(
                "certbot/config/archive/old.example.com/chain2.pem",
            )),
            &fixture("certbot/config/archive/old.example.com/privkey1.pem"),
        )
        .unwrap_err();
        assert_eq!(err, GenerationError::KeyMismatch);
    }

    #[test]
    fn a_truncated_certificate_is_refused() {
        let full = fixture("lego/certificates/api.example.net.crt");
        let err = read_generation(
            &full[..200],
            None,
            &fixture("lego/certificates/api.example.net.key"),
        )
        .unwrap_err();
        assert!(matches!(err, GenerationError::CertPem(_)), "{err:?}");
    }
}
