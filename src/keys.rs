//! Private keys and CSRs for certificates: generation (ECDSA through rcgen on ring, RSA through
//! the `rsa` crate, then PKCS#8 into rcgen), loading, and the CSR that carries the identifiers.
//!
//! Pure computation on bytes: no files, no network. The account key is instant-acme's business;
//! a certificate key is always a fresh one, never the account key.

use rcgen::{CertificateParams, DistinguishedName, KeyPair, PublicKeyData, SanType};

use crate::domain::{Identifier, KeySpec};
use crate::error::{Classify, Detail, Error, Kind};

/// What making a key or a CSR, or reading a user's CSR, could not do.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The crypto library could not make a key of this type.
    #[error("could not generate a {spec} key")]
    Generate {
        /// The key type.
        spec: KeySpec,
        /// The library's error.
        #[source]
        source: Detail,
    },
    /// A DNS name rcgen refuses as a SAN.
    #[error("could not put '{name}' in a CSR")]
    SanName {
        /// The name.
        name: String,
        /// rcgen's error.
        #[source]
        source: rcgen::Error,
    },
    /// The CSR could not be signed or encoded.
    #[error("could not build the CSR")]
    Csr(#[source] rcgen::Error),
    /// A user-supplied CSR that cannot be used.
    #[error("the CSR cannot be used")]
    BadCsr(#[source] Detail),
}

impl Classify for KeyError {
    fn kind(&self) -> Kind {
        match self {
            KeyError::Generate { .. } | KeyError::SanName { .. } | KeyError::Csr(_) => {
                Kind::Internal
            }
            KeyError::BadCsr(_) => Kind::Usage,
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            KeyError::BadCsr(_) => Some("give a PEM or DER PKCS#10 request, e.g. from 'openssl req -new -key privkey.pem -out req.csr'".into()),
            KeyError::Generate { .. } | KeyError::SanName { .. } | KeyError::Csr(_) => None,
        }
    }
}

/// A certificate private key and its PEM form.
pub struct CertKey {
    /// The rcgen key pair (signs the CSR).
    pub pair: KeyPair,
    /// PKCS#8 PEM, to be stored 0600.
    pub pem: String,
}

impl std::fmt::Debug for CertKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CertKey(<redacted>)")
    }
}

/// Generates a new key of the given type.
pub fn generate(spec: KeySpec) -> Result<CertKey, Error> {
    let pair = match spec.rsa_bits() {
        None => {
            let alg = match spec {
                KeySpec::EcP384 => &rcgen::PKCS_ECDSA_P384_SHA384,
                _ => &rcgen::PKCS_ECDSA_P256_SHA256,
            };
            KeyPair::generate_for(alg).map_err(|e| key_error(spec, &e))?
        }
        Some(bits) => {
            use rsa::pkcs8::EncodePrivateKey;
            let key = rsa::PrivateKey::new(&mut getrandom::SysRng, bits)
                .map_err(|e| key_error(spec, &e))?;
            let der = key.to_pkcs8_der().map_err(|e| key_error(spec, &e))?;
            let der = rustls_pki_types::PrivatePkcs8KeyDer::from(der.as_bytes().to_vec());
            KeyPair::from_pkcs8_der_and_sign_algo(&der, &rcgen::PKCS_RSA_SHA256)
                .map_err(|e| key_error(spec, &e))?
        }
    };
    let pem = pair.serialize_pem();
    Ok(CertKey { pair, pem })
}

fn key_error(spec: KeySpec, err: &dyn std::fmt::Display) -> Error {
    KeyError::Generate {
        spec,
        source: Detail::new(err),
    }
    .into()
}

/// Builds a DER CSR for `identifiers` signed by `key`. The subject is left empty: CAs take the
/// names from the SAN extension, and the newer profiles drop the common name anyway.
pub fn csr_der(identifiers: &[Identifier], key: &KeyPair) -> Result<Vec<u8>, Error> {
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params.subject_alt_names = identifiers
        .iter()
        .map(|id| match id {
            Identifier::Dns(name) => {
                name.clone()
                    .try_into()
                    .map(SanType::DnsName)
                    .map_err(|source| KeyError::SanName {
                        name: name.clone(),
                        source,
                    })
            }
            Identifier::Ip(ip) => Ok(SanType::IpAddress(*ip)),
        })
        .collect::<Result<_, KeyError>>()?;
    let csr = params.serialize_request(key).map_err(KeyError::Csr)?;
    Ok(csr.der().to_vec())
}

/// What a user-supplied CSR asks for.
#[derive(Debug, Clone)]
pub struct CsrInfo {
    /// The DER bytes to send.
    pub der: Vec<u8>,
    /// SAN identifiers (or the subject CN when there are none).
    pub identifiers: Vec<Identifier>,
    /// The `SubjectPublicKeyInfo` DER, to check the issued leaf against.
    pub spki: Vec<u8>,
    /// The key type, when it is one certkeep knows.
    pub key_type: Option<KeySpec>,
}

/// Parses a CSR in PEM (or DER) form and checks its self-signature.
pub fn parse_csr(bytes: &[u8]) -> Result<CsrInfo, Error> {
    use x509_parser::prelude::*;
    let bad = |why: String| Error::from(KeyError::BadCsr(Detail::new(why)));
    let der = match x509_parser::pem::parse_x509_pem(bytes) {
        Ok((_, pem))
            if pem.label == "CERTIFICATE REQUEST" || pem.label == "NEW CERTIFICATE REQUEST" =>
        {
            pem.contents
        }
        Ok((_, pem)) => {
            return Err(bad(format!(
                "the PEM block is a '{}', not a CERTIFICATE REQUEST",
                pem.label
            )));
        }
        Err(_) => bytes.to_vec(),
    };
    let (_, csr) = X509CertificationRequest::from_der(&der).map_err(|e| bad(e.to_string()))?;
    csr.verify_signature()
        .map_err(|e| bad(format!("its signature does not verify ({e:?})")))?;
    let info = &csr.certification_request_info;
    let mut identifiers = Vec::new();
    if let Some(exts) = csr.requested_extensions() {
        for ext in exts {
            if let ParsedExtension::SubjectAlternativeName(san) = ext {
                for name in &san.general_names {
                    let id = match name {
                        GeneralName::DNSName(dns) => dns.parse::<Identifier>(),
                        GeneralName::IPAddress(raw) => ip_from_bytes(raw)
                            .map(Identifier::Ip)
                            .ok_or(crate::domain::IdentifierError::Empty),
                        _ => continue,
                    };
                    identifiers.push(id.map_err(|e| bad(e.to_string()))?);
                }
            }
        }
    }
    if identifiers.is_empty()
        && let Some(cn) = info
            .subject
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())
    {
        identifiers.push(
            cn.parse()
                .map_err(|e: crate::domain::IdentifierError| bad(e.to_string()))?,
        );
    }
    if identifiers.is_empty() {
        return Err(bad("it names no DNS name or IP address".into()));
    }
    identifiers.dedup();
    let spki = info.subject_pki.raw.to_vec();
    let key_type = key_type_of(&info.subject_pki);
    Ok(CsrInfo {
        der,
        identifiers,
        spki,
        key_type,
    })
}

/// Names the key type of a `SubjectPublicKeyInfo`, when it is one of ours.
pub fn key_type_of(spki: &x509_parser::x509::SubjectPublicKeyInfo<'_>) -> Option<KeySpec> {
    use x509_parser::public_key::PublicKey;
    match spki.parsed().ok()? {
        PublicKey::RSA(rsa) => match rsa.key_size() {
            2048 => Some(KeySpec::Rsa2048),
            3072 => Some(KeySpec::Rsa3072),
            4096 => Some(KeySpec::Rsa4096),
            _ => None,
        },
        PublicKey::EC(point) => match point.key_size() {
            256 => Some(KeySpec::EcP256),
            384 => Some(KeySpec::EcP384),
            _ => None,
        },
        _ => None,
    }
}

/// An IP address from its 4- or 16-byte SAN form.
pub fn ip_from_bytes(raw: &[u8]) -> Option<std::net::IpAddr> {
    match raw.len() {
        4 => <[u8; 4]>::try_from(raw).ok().map(std::net::IpAddr::from),
        16 => <[u8; 16]>::try_from(raw).ok().map(std::net::IpAddr::from),
        _ => None,
    }
}

/// PEM-encodes DER bytes: 64-column lines, `\n` line ends (the store's files and what
/// servers expect).
pub fn pem_encode(label: &str, der: &[u8]) -> String {
    pem::encode_config(
        &pem::Pem::new(label, der),
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
    )
}

/// Lowercase hex of `bytes` (serial numbers).
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// The `SubjectPublicKeyInfo` DER of a key pair.
pub fn spki_der(key: &KeyPair) -> Vec<u8> {
    key.subject_public_key_info()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_csr_is_the_user_s_and_a_failed_key_is_ours() {
        let bad = parse_csr(b"not a csr").unwrap_err();
        assert_eq!(bad.exit_code(), 2);
        assert!(matches!(bad.find::<KeyError>(), Some(KeyError::BadCsr(_))));
        let generate = Error::from(KeyError::Generate {
            spec: KeySpec::default(),
            source: Detail::new("x"),
        });
        assert_eq!(generate.exit_code(), 1);
        assert_eq!(
            Error::from(KeyError::Csr(rcgen::Error::KeyGenerationUnavailable)).exit_code(),
            1
        );
    }

    #[test]
    fn pem_has_64_column_lines_and_unix_line_ends_and_hex_is_lowercase() {
        let der: Vec<u8> = (0..=99).collect();
        let pem = pem_encode("CERTIFICATE", &der);
        let lines: Vec<&str> = pem.lines().collect();
        assert_eq!(lines.first(), Some(&"-----BEGIN CERTIFICATE-----"));
        assert_eq!(lines.last(), Some(&"-----END CERTIFICATE-----"));
        assert_eq!(lines[1].len(), 64);
        assert!(pem.ends_with("-----\n") && !pem.contains('\r'), "{pem:?}");
        let (_, parsed) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).unwrap();
        assert_eq!(parsed.contents, der);
        assert_eq!(hex(&[0x00, 0x0a, 0xff]), "000aff");
    }

    #[test]
    fn csr_round_trips_identifiers_and_key() {
        let key = generate(KeySpec::EcP384).unwrap();
        let ids: Vec<Identifier> =
            vec!["example.org".parse().unwrap(), "192.0.2.7".parse().unwrap()];
        let der = csr_der(&ids, &key.pair).unwrap();
        let info = parse_csr(&der).unwrap();
        assert_eq!(info.identifiers, ids);
        assert_eq!(info.spki, spki_der(&key.pair));
        assert_eq!(info.key_type, Some(KeySpec::EcP384));
        assert!(key.pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        assert!(!format!("{key:?}").contains("BEGIN"));
    }

    #[test]
    fn rsa_keys_sign_csrs() {
        let key = generate(KeySpec::Rsa2048).unwrap();
        let info =
            parse_csr(&csr_der(&["example.org".parse().unwrap()], &key.pair).unwrap()).unwrap();
        assert_eq!(info.key_type, Some(KeySpec::Rsa2048));
    }
}
