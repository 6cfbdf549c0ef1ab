//! Private keys as other ACME clients store them, brought to the one form certkeep keeps
//! (PKCS#8): PEM in PKCS#1 (`RSA PRIVATE KEY`), SEC1 (`EC PRIVATE KEY`) or PKCS#8, and certbot's
//! account key, a JSON Web Key. Each is loaded through ring (via rcgen) to prove it is a usable
//! key, and its public half is kept to check it against a certificate.
//!
//! Pure computation on bytes; the DER written here is only the few fixed wrappers PKCS#8 needs.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rcgen::{KeyPair, PublicKeyData, SignatureAlgorithm};
use rustls_pki_types::PrivatePkcs8KeyDer;
use x509_parser::prelude::FromDer;
use x509_parser::public_key::PublicKey;
use x509_parser::x509::SubjectPublicKeyInfo;

use crate::domain::KeySpec;

/// The DER of OID 1.2.840.10045.2.1 (`id-ecPublicKey`).
const OID_EC_PUBLIC_KEY: &[u8] = &[0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];
/// The DER of OID 1.2.840.10045.3.1.7 (P-256).
const OID_P256: &[u8] = &[0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
/// The DER of OID 1.3.132.0.34 (P-384).
const OID_P384: &[u8] = &[0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22];
/// The DER of OID 1.2.840.113549.1.1.1 (`rsaEncryption`) and its NULL parameters.
const OID_RSA_WITH_NULL: &[u8] = &[
    0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00,
];

/// A private key read from another client's files, in PKCS#8.
pub struct ImportedKey {
    /// PKCS#8 DER (secret).
    pkcs8_der: Vec<u8>,
    /// The `SubjectPublicKeyInfo` DER of its public half.
    pub spki_der: Vec<u8>,
    /// The key type, when it is one certkeep generates.
    pub key_type: Option<KeySpec>,
}

impl std::fmt::Debug for ImportedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ImportedKey({:?}, <redacted>)", self.key_type)
    }
}

impl ImportedKey {
    /// The key as PKCS#8 PEM, the form the store keeps.
    pub fn pkcs8_pem(&self) -> String {
        crate::keys::pem_encode("PRIVATE KEY", &self.pkcs8_der)
    }

    /// The RFC 7638 thumbprint of the public key (what the CA knows the account by).
    pub fn thumbprint(&self) -> Option<String> {
        let (_, spki) = SubjectPublicKeyInfo::from_der(&self.spki_der).ok()?;
        let b64 = |bytes: &[u8]| URL_SAFE_NO_PAD.encode(strip_leading_zeros(bytes));
        let canonical = match spki.parsed().ok()? {
            PublicKey::RSA(rsa) => format!(
                r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
                b64(rsa.exponent),
                b64(rsa.modulus)
            ),
            PublicKey::EC(point) => {
                let data = point.data();
                let crv = match data.len() {
                    65 => "P-256",
                    97 => "P-384",
                    _ => return None,
                };
                let (x, y) = data.get(1..)?.split_at((data.len() - 1) / 2);
                format!(
                    r#"{{"crv":"{crv}","kty":"EC","x":"{}","y":"{}"}}"#,
                    URL_SAFE_NO_PAD.encode(x),
                    URL_SAFE_NO_PAD.encode(y)
                )
            }
            _ => return None,
        };
        let digest = ring::digest::digest(&ring::digest::SHA256, canonical.as_bytes());
        Some(URL_SAFE_NO_PAD.encode(digest.as_ref()))
    }

    /// True when certkeep can use this key as an account key: P-256 as it is; RSA (2048 to
    /// 4096 bits) and P-384 once moved to a P-256 key at first use (see [`Self::moves_to_p256`]).
    pub fn signs_acme_requests(&self) -> bool {
        self.key_type.is_some()
    }

    /// True when the account is moved to a fresh P-256 key (RFC 8555 key change, same account
    /// URL) the first time certkeep uses it: instant-acme signs with P-256 only.
    pub fn moves_to_p256(&self) -> bool {
        self.key_type.is_some_and(|t| t != KeySpec::EcP256)
    }
}

/// Why bytes are not a usable private key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFormatError {
    /// Not PEM at all, or a truncated PEM block.
    #[error("it is not a complete PEM private key")]
    NotPem,
    /// A PEM block of another kind.
    #[error("it holds a '{0}' PEM block, not a private key")]
    WrongLabel(String),
    /// The key does not load (damaged, or a curve or size certkeep does not support).
    #[error("the {0} key does not load (damaged, or an unsupported curve or size)")]
    Unusable(&'static str),
    /// A JSON Web Key that is not one.
    #[error("the JSON Web Key is unusable: {0}")]
    Jwk(String),
}

/// Reads a PEM private key in PKCS#1, SEC1 or PKCS#8.
pub(super) fn from_pem(bytes: &[u8]) -> Result<ImportedKey, KeyFormatError> {
    let block = pem::parse(bytes).map_err(|_| KeyFormatError::NotPem)?;
    match block.tag() {
        "PRIVATE KEY" => from_pkcs8(block.contents().to_vec()),
        "RSA PRIVATE KEY" => from_pkcs1(block.contents()),
        "EC PRIVATE KEY" => from_sec1(block.contents()),
        other => Err(KeyFormatError::WrongLabel(other.to_owned())),
    }
}

/// Reads a private JSON Web Key (certbot's `private_key.json`), RSA or EC.
pub(super) fn from_jwk(bytes: &[u8]) -> Result<ImportedKey, KeyFormatError> {
    let jwk: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| KeyFormatError::Jwk(e.to_string()))?;
    let field = |name: &str| -> Result<Vec<u8>, KeyFormatError> {
        let text = jwk
            .get(name)
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| KeyFormatError::Jwk(format!("the '{name}' member is missing")))?;
        URL_SAFE_NO_PAD
            .decode(text.trim_end_matches('='))
            .map_err(|_| KeyFormatError::Jwk(format!("the '{name}' member is not base64url")))
    };
    match jwk.get("kty").and_then(serde_json::Value::as_str) {
        Some("RSA") => {
            let mut body = der_integer(&[0]);
            for name in ["n", "e", "d", "p", "q", "dp", "dq", "qi"] {
                body.extend(der_integer(&field(name)?));
            }
            from_pkcs1(&der(0x30, &body))
        }
        Some("EC") => {
            let curve = match jwk.get("crv").and_then(serde_json::Value::as_str) {
                Some("P-256") => OID_P256,
                Some("P-384") => OID_P384,
                other => {
                    return Err(KeyFormatError::Jwk(format!(
                        "curve {other:?} is not supported"
                    )));
                }
            };
            let mut point = vec![0x00, 0x04];
            point.extend(field("x")?);
            point.extend(field("y")?);
            let mut body = der_integer(&[1]);
            body.extend(der(0x04, &field("d")?));
            body.extend(der(0xA0, curve));
            body.extend(der(0xA1, &der(0x03, &point)));
            from_sec1(&der(0x30, &body))
        }
        other => Err(KeyFormatError::Jwk(format!(
            "key type {other:?} is not supported"
        ))),
    }
}

fn from_pkcs1(pkcs1: &[u8]) -> Result<ImportedKey, KeyFormatError> {
    from_pkcs8(pkcs8_wrap(OID_RSA_WITH_NULL, pkcs1))
}

/// SEC1 does not always name its curve, so each supported curve is tried; ring refuses the
/// wrong one (a named curve that differs, or a private scalar of the wrong length).
fn from_sec1(sec1: &[u8]) -> Result<ImportedKey, KeyFormatError> {
    for curve in [OID_P256, OID_P384] {
        let mut alg = OID_EC_PUBLIC_KEY.to_vec();
        alg.extend_from_slice(curve);
        if let Ok(key) = from_pkcs8(pkcs8_wrap(&alg, sec1)) {
            return Ok(key);
        }
    }
    Err(KeyFormatError::Unusable("EC"))
}

fn from_pkcs8(der_bytes: Vec<u8>) -> Result<ImportedKey, KeyFormatError> {
    let algorithms: [(&SignatureAlgorithm, &'static str); 3] = [
        (&rcgen::PKCS_ECDSA_P256_SHA256, "EC"),
        (&rcgen::PKCS_ECDSA_P384_SHA384, "EC"),
        (&rcgen::PKCS_RSA_SHA256, "RSA"),
    ];
    let mut kind = "private";
    for (alg, name) in algorithms {
        let pkcs8 = PrivatePkcs8KeyDer::from(der_bytes.as_slice());
        if let Ok(pair) = KeyPair::from_pkcs8_der_and_sign_algo(&pkcs8, alg) {
            let spki_der = pair.subject_public_key_info();
            let key_type = SubjectPublicKeyInfo::from_der(&spki_der)
                .ok()
                .and_then(|(_, spki)| crate::keys::key_type_of(&spki));
            return Ok(ImportedKey {
                pkcs8_der: der_bytes,
                spki_der,
                key_type,
            });
        }
        kind = name;
    }
    Err(KeyFormatError::Unusable(kind))
}

/// `PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING key }`.
fn pkcs8_wrap(algorithm: &[u8], inner: &[u8]) -> Vec<u8> {
    let mut body = der_integer(&[0]);
    body.extend(der(0x30, algorithm));
    body.extend(der(0x04, inner));
    der(0x30, &body)
}

/// One DER element: tag, definite length, content.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = vec![tag];
    let len_bytes = len.to_be_bytes();
    let significant = strip_leading_zeros(&len_bytes);
    if len < 0x80 {
        out.push(significant.last().copied().unwrap_or(0));
    } else {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a usize has at most 8 bytes"
        )]
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
    out.extend_from_slice(content);
    out
}

/// A DER INTEGER from an unsigned big-endian magnitude.
fn der_integer(magnitude: &[u8]) -> Vec<u8> {
    let trimmed = strip_leading_zeros(magnitude);
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    der(0x02, &content)
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[start..]
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
    fn pkcs1_sec1_and_pkcs8_keys_load_with_their_types() {
        let cases = [
            ("lego/certificates/api.example.net.key", KeySpec::Rsa2048),
            ("lego/certificates/web.example.net.key", KeySpec::EcP256),
            (
                "certbot/config/archive/api.example.com/privkey1.pem",
                KeySpec::Rsa2048,
            ),
            (
                "certbot/config/archive/web.example.com/privkey1.pem",
                KeySpec::EcP256,
            ),
            ("acme.sh/home/ca/localhost/dir/account.key", KeySpec::EcP256),
        ];
        for (path, want) in cases {
            let key = from_pem(&fixture(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(key.key_type, Some(want), "{path}");
        }
    }

    #[test]
    fn a_p384_sec1_key_loads_as_p384() {
        let generated = crate::keys::generate(KeySpec::EcP384).unwrap();
        let pkcs8 = generated.pair.serialize_der();
        // The SEC1 key is the OCTET STRING inside PKCS#8: re-read it through the SEC1 path.
        let (_, info) = x509_parser::der_parser::der::parse_der(&pkcs8).unwrap();
        let seq = info.as_sequence().unwrap();
        let sec1 = seq[2].as_slice().unwrap();
        let pem = crate::keys::pem_encode("EC PRIVATE KEY", sec1);
        let key = from_pem(pem.as_bytes()).unwrap();
        assert_eq!(key.key_type, Some(KeySpec::EcP384));
        assert_eq!(key.spki_der, generated.pair.subject_public_key_info());
    }

    #[test]
    fn the_acme_sh_account_key_has_the_thumbprint_of_its_recorded_jwk() {
        let key = from_pem(&fixture("acme.sh/home/ca/localhost/dir/account.key")).unwrap();
        let account: serde_json::Value =
            serde_json::from_slice(&fixture("acme.sh/home/ca/localhost/dir/account.json")).unwrap();
        let jwk = &account["key"];
        let canonical = format!(
            r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#,
            jwk["x"].as_str().unwrap(),
            jwk["y"].as_str().unwrap()
        );
        let want = URL_SAFE_NO_PAD
            .encode(ring::digest::digest(&ring::digest::SHA256, canonical.as_bytes()).as_ref());
        assert_eq!(key.thumbprint().as_deref(), Some(want.as_str()));
        assert!(key.signs_acme_requests());
        assert!(!key.moves_to_p256());
    }

    #[test]
    fn certbots_rsa_jwk_account_key_loads_and_is_flagged_as_moving_to_p256() {
        let key = from_jwk(&fixture(
            "certbot/config/accounts/localhost:26000/dir/e2be175f63d119a44b78e5a07ea637f4/private_key.json",
        ))
        .unwrap();
        assert_eq!(key.key_type, Some(KeySpec::Rsa2048));
        assert!(key.signs_acme_requests());
        assert!(key.moves_to_p256());
        assert!(key.pkcs8_pem().starts_with("-----BEGIN PRIVATE KEY-----\n"));
    }

    #[test]
    fn truncated_and_foreign_pem_are_refused() {
        let full = fixture("lego/certificates/web.example.net.key");
        let truncated = &full[..full.len() / 2];
        assert_eq!(from_pem(truncated).unwrap_err(), KeyFormatError::NotPem);
        let cert = fixture("lego/certificates/web.example.net.issuer.crt");
        assert!(matches!(
            from_pem(&cert),
            Err(KeyFormatError::WrongLabel(label)) if label == "CERTIFICATE"
        ));
    }
}
