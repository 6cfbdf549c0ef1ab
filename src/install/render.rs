//! The bytes of each installed file, from the stored PEMs: the leaf, the chain, both, the key,
//! key + leaf + chain in one PEM (haproxy), or PKCS#12 (PBES2: PBKDF2-HMAC-SHA256 and
//! AES-256-CBC, HMAC-SHA256 MAC; what OpenSSL 3 writes by default, read by every current
//! consumer).

use p12_keystore::{Certificate, KeyStore, KeyStoreEntry, PrivateKey, PrivateKeyChain};

use super::InstallError;
use crate::domain::TargetKind;

/// The PEMs of one stored version.
#[derive(Clone, Copy)]
pub struct Material<'a> {
    /// The leaf certificate.
    pub cert: &'a str,
    /// The intermediates.
    pub chain: &'a str,
    /// The PKCS#8 private key (`None` for a lineage issued from the user's CSR).
    pub key: Option<&'a str>,
}

/// The contents of a target of `kind`; `password` only for PKCS#12.
pub fn contents(
    material: Material<'_>,
    kind: TargetKind,
    password: Option<&str>,
) -> Result<Vec<u8>, InstallError> {
    let key = || material.key.ok_or(InstallError::NoKey);
    let pem = |parts: &[&str]| -> Vec<u8> {
        let mut out = String::new();
        for part in parts.iter().filter(|p| !p.trim().is_empty()) {
            out.push_str(part.trim_end());
            out.push('\n');
        }
        out.into_bytes()
    };
    Ok(match kind {
        TargetKind::Cert => pem(&[material.cert]),
        TargetKind::Chain => pem(&[material.chain]),
        TargetKind::Fullchain => pem(&[material.cert, material.chain]),
        TargetKind::Key => pem(&[key()?]),
        TargetKind::Combined => pem(&[key()?, material.cert, material.chain]),
        TargetKind::Pkcs12 => pkcs12(material, key()?, password.unwrap_or_default())?,
    })
}

fn pkcs12(material: Material<'_>, key: &str, password: &str) -> Result<Vec<u8>, InstallError> {
    fn bad<E>(what: &'static str) -> impl FnOnce(E) -> InstallError {
        move |_| InstallError::Pkcs12(what)
    }
    let key = pem::parse(key).map_err(bad("the stored key is not PEM"))?;
    let key = PrivateKey::from_der(key.contents()).map_err(bad("the stored key is not PKCS#8"))?;
    let mut certs = Vec::new();
    for block in pem::parse_many(format!("{}\n{}", material.cert, material.chain))
        .map_err(bad("the stored certificates are not PEM"))?
    {
        certs.push(
            Certificate::from_der(block.contents())
                .map_err(bad("a stored certificate is not DER"))?,
        );
    }
    let leaf = certs
        .first()
        .ok_or(InstallError::Pkcs12("no certificate"))?;
    // The local key id ties the key bag to the leaf bag; a digest of the leaf is what OpenSSL
    // uses too (SHA-1 there; any stable value works).
    let key_id = ring::digest::digest(&ring::digest::SHA256, leaf.as_der())
        .as_ref()
        .to_vec();
    let mut store = KeyStore::new();
    store.add_entry(
        "certkeep",
        KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(key_id, key, certs)),
    );
    store
        .writer(password)
        .write()
        .map_err(bad("could not encode the PKCS#12 file"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn material() -> (String, String, String) {
        let key = rcgen::KeyPair::generate().unwrap();
        let params = rcgen::CertificateParams::new(vec!["a.example".into()]).unwrap();
        let cert = params.self_signed(&key).unwrap();
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let ca = rcgen::CertificateParams::new(vec!["ca.example".into()])
            .unwrap()
            .self_signed(&ca_key)
            .unwrap();
        (cert.pem(), ca.pem(), key.serialize_pem())
    }

    #[test]
    fn combined_is_key_then_leaf_then_chain() {
        let (cert, chain, key) = material();
        let m = Material {
            cert: &cert,
            chain: &chain,
            key: Some(&key),
        };
        let text = String::from_utf8(contents(m, TargetKind::Combined, None).unwrap()).unwrap();
        let tags: Vec<String> = pem::parse_many(&text)
            .unwrap()
            .iter()
            .map(|p| p.tag().to_owned())
            .collect();
        assert_eq!(tags, ["PRIVATE KEY", "CERTIFICATE", "CERTIFICATE"]);
        assert!(text.starts_with(key.trim_end()));
        let full = String::from_utf8(contents(m, TargetKind::Fullchain, None).unwrap()).unwrap();
        assert_eq!(full, format!("{}\n{}\n", cert.trim_end(), chain.trim_end()));
    }

    #[test]
    fn a_csr_lineage_has_no_key_to_install() {
        let (cert, chain, _) = material();
        let m = Material {
            cert: &cert,
            chain: &chain,
            key: None,
        };
        for kind in [TargetKind::Key, TargetKind::Combined, TargetKind::Pkcs12] {
            assert!(matches!(
                contents(m, kind, Some("pw")),
                Err(InstallError::NoKey)
            ));
        }
        assert!(contents(m, TargetKind::Cert, None).is_ok());
    }

    #[test]
    fn pkcs12_reads_back_with_the_password_only() {
        let (cert, chain, key) = material();
        let m = Material {
            cert: &cert,
            chain: &chain,
            key: Some(&key),
        };
        let der = contents(m, TargetKind::Pkcs12, Some("s3cret")).unwrap();
        let back = KeyStore::from_pkcs12(&der, "s3cret", p12_keystore::Pkcs12ImportPolicy::Relaxed)
            .unwrap();
        let (_, chain_back) = back.private_key_chain().unwrap();
        let leaf = pem::parse(&cert).unwrap();
        assert_eq!(
            chain_back.certs()[0].as_der(),
            leaf.contents(),
            "the key's leaf"
        );
        assert_eq!(
            chain_back.key().as_der(),
            pem::parse(&key).unwrap().contents()
        );
        assert!(
            KeyStore::from_pkcs12(&der, "wrong", p12_keystore::Pkcs12ImportPolicy::Relaxed)
                .is_err()
        );
    }
}
