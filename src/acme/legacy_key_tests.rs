//! The JWS of [`super`]: each key format loads, each signature verifies with ring's
//! verification against the key's own JWK, and the key change's inner JWS is what RFC 8555
//! §7.3.5 asks for.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ring::signature::{self, UnparsedPublicKey};
use serde_json::{Value, json};

use super::*;

const RSA_PKCS8: &[u8] = include_bytes!("../../tests/fixtures/account_keys/rsa-2048.pkcs8.pem");
const RSA_PKCS1: &[u8] = include_bytes!("../../tests/fixtures/account_keys/rsa-2048.pkcs1.pem");
const P384_SEC1: &[u8] = include_bytes!("../../tests/fixtures/account_keys/p384.sec1.pem");
const P384_PKCS8: &[u8] = include_bytes!("../../tests/fixtures/account_keys/p384.pkcs8.pem");

fn field(value: &Value, name: &str) -> Vec<u8> {
    B64.decode(value[name].as_str().unwrap()).unwrap()
}

/// Verifies a flattened JWS with the public key of `jwk`, as the CA does; returns the
/// protected header.
fn verify(jws: &Value, jwk: &Value) -> Value {
    let protected = jws["protected"].as_str().unwrap();
    let payload = jws["payload"].as_str().unwrap();
    let message = format!("{protected}.{payload}");
    let signature = field(jws, "signature");
    let header: Value = serde_json::from_slice(&B64.decode(protected).unwrap()).unwrap();
    match header["alg"].as_str().unwrap() {
        "RS256" => {
            let public = ring::rsa::PublicKeyComponents {
                n: field(jwk, "n"),
                e: field(jwk, "e"),
            };
            public
                .verify(
                    &signature::RSA_PKCS1_2048_8192_SHA256,
                    message.as_bytes(),
                    &signature,
                )
                .unwrap();
        }
        alg => {
            let verification: &dyn signature::VerificationAlgorithm = match alg {
                "ES384" => &signature::ECDSA_P384_SHA384_FIXED,
                "ES256" => &signature::ECDSA_P256_SHA256_FIXED,
                other => panic!("unexpected alg {other}"),
            };
            let mut point = vec![4];
            point.extend(field(jwk, "x"));
            point.extend(field(jwk, "y"));
            UnparsedPublicKey::new(verification, point)
                .verify(message.as_bytes(), &signature)
                .unwrap();
        }
    }
    header
}

#[test]
fn rsa_keys_in_pkcs8_and_pkcs1_sign_rs256_that_verifies() {
    for pem in [RSA_PKCS8, RSA_PKCS1] {
        let key = SigningKey::from_pem(pem).unwrap();
        assert_eq!(key.describe(), "RSA-2048");
        let signed = jws(&key, json!({"url": "https://ca/x"}), b"{}").unwrap();
        let header = verify(&signed, &key.jwk());
        assert_eq!(header["alg"], "RS256");
        assert_eq!(header["url"], "https://ca/x");
        // A signature over other bytes must not verify: the check above can fail.
        let mut forged = signed.clone();
        forged["payload"] = json!(B64.encode(b"{\"x\":1}"));
        let public = ring::rsa::PublicKeyComponents {
            n: field(&key.jwk(), "n"),
            e: field(&key.jwk(), "e"),
        };
        let message = format!(
            "{}.{}",
            forged["protected"].as_str().unwrap(),
            forged["payload"].as_str().unwrap()
        );
        assert!(
            public
                .verify(
                    &signature::RSA_PKCS1_2048_8192_SHA256,
                    message.as_bytes(),
                    &field(&forged, "signature"),
                )
                .is_err()
        );
    }
}

#[test]
fn p384_keys_in_sec1_and_pkcs8_sign_es384_that_verifies() {
    let sec1 = SigningKey::from_pem(P384_SEC1).unwrap();
    let pkcs8 = SigningKey::from_pem(P384_PKCS8).unwrap();
    assert_eq!(sec1.describe(), "P-384");
    // The same key in both files: the same JWK and thumbprint.
    assert_eq!(sec1.jwk(), pkcs8.jwk());
    assert_eq!(sec1.thumbprint(), pkcs8.thumbprint());
    assert_eq!(sec1.jwk()["crv"], "P-384");
    assert_eq!(field(&sec1.jwk(), "x").len(), 48);
    for key in [sec1, pkcs8] {
        let signed = jws(&key, json!({"kid": "https://ca/acct/1"}), b"").unwrap();
        assert_eq!(field(&signed, "signature").len(), 96);
        assert_eq!(verify(&signed, &key.jwk())["alg"], "ES384");
    }
}

#[test]
fn the_thumbprint_is_rfc_7638_over_the_canonical_jwk() {
    // RFC 7638 §3.1's example key (members given out of order) and its thumbprint.
    let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    let jwk = json!({"n": n, "kty": "RSA", "e": "AQAB"});
    assert_eq!(
        thumbprint_of(&jwk),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
}

#[test]
fn the_key_change_inner_jws_is_signed_by_the_new_key_and_names_the_old_one() {
    let old = SigningKey::from_pem(RSA_PKCS8).unwrap();
    let (new, new_pem) = SigningKey::generate_p256().unwrap();
    assert!(new.is_p256());
    // The stored PEM is the same key.
    assert_eq!(
        SigningKey::from_pem(new_pem.as_bytes()).unwrap().jwk(),
        new.jwk()
    );
    let url = "https://ca/rollover-account-key";
    let account = "https://ca/my-account/7";
    let inner: Value =
        serde_json::from_slice(&key_change_payload(url, account, &old, &new).unwrap()).unwrap();
    let header = verify(&inner, &new.jwk());
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["jwk"], new.jwk());
    assert_eq!(header["url"], url);
    assert!(header.get("nonce").is_none(), "the inner JWS has no nonce");
    let payload: Value = serde_json::from_slice(&field(&inner, "payload")).unwrap();
    assert_eq!(payload["account"], account);
    assert_eq!(payload["oldKey"], old.jwk());
}

#[test]
fn keys_that_cannot_sign_are_refused_with_the_reason() {
    for bad in [
        &b"not pem"[..],
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    ] {
        let err = SigningKey::from_pem(bad).unwrap_err();
        assert!(
            matches!(
                err.find::<AcmeError>(),
                Some(AcmeError::AccountKeyUnusable(Some(_)))
            ),
            "{err}"
        );
    }
}
