//! Account requests signed with keys instant-acme cannot sign with: RSA (2048 to 4096 bits,
//! RS256) and ECDSA P-384 (ES384), the keys certbot, lego and acme.sh accounts often have.
//!
//! instant-acme 0.8.5 signs with ECDSA P-256 only and keeps its signer crate-private, so an
//! imported account with another key could not send a single request. Rather than give up the
//! account (and with it the account URL, ARI's `replaces` continuity and the CA's rate-limit
//! history), certkeep moves it to a fresh P-256 key with the key change of RFC 8555 §7.3.5:
//! the inner JWS is signed by the new key, the outer by the old one, here. Everything after
//! that goes through instant-acme as usual.
//!
//! The JWS (RFC 7515, flattened JSON, RFC 8555 §6.2) is built here from ring alone. Each
//! request takes a nonce from the directory's `newNonce` (every exchange is bounded by the HTTP
//! client's deadline) and is signed again, up to [`BAD_NONCE_TRIES`] times in all, on `badNonce`
//! (RFC 8555 §6.5: a CA may reject any nonce; Pebble rejects 5% by default); a problem document
//! becomes the same error any other ACME request gives.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use bytes::Bytes;
use http::{Request, StatusCode};
use instant_acme::{BodyWrapper, HttpClient as _, Problem};
use ring::rand::SystemRandom;
use ring::rsa::PublicKeyComponents;
use ring::signature::{self, EcdsaKeyPair, KeyPair as _, RsaKeyPair};
use serde::Deserialize;
use serde_json::{Value, json};

use super::problem::Stage;
use super::{AcmeError, Ca};
use crate::error::{Detail, Error, short_problem_type};

/// The DER of `AlgorithmIdentifier { id-ecPublicKey, P-384 }`, to read SEC1 keys as PKCS#8.
const EC_P384_ALGORITHM: &[u8] = &[
    0x30, 0x10, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01, 0x06, 0x05, 0x2B, 0x81, 0x04,
    0x00, 0x22,
];
/// The DER of `AlgorithmIdentifier { id-ecPublicKey, P-256 }`.
const EC_P256_ALGORITHM: &[u8] = &[
    0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01, 0x06, 0x08, 0x2A, 0x86, 0x48,
    0xCE, 0x3D, 0x03, 0x01, 0x07,
];

/// An account key that can sign JWS here: RSA, or ECDSA on P-256 or P-384.
pub enum SigningKey {
    /// RSA, signing RS256.
    Rsa(RsaKeyPair),
    /// ECDSA on P-256, signing ES256 (the new key of a rollover).
    P256(EcdsaKeyPair),
    /// ECDSA on P-384, signing ES384.
    P384(EcdsaKeyPair),
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({}, <redacted>)", self.describe())
    }
}

impl SigningKey {
    /// Reads a PEM private key: PKCS#8 (`PRIVATE KEY`, the form the store keeps), PKCS#1
    /// (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`).
    pub fn from_pem(pem: &[u8]) -> Result<Self, Error> {
        let unusable =
            |why: &str| Error::from(AcmeError::AccountKeyUnusable(Some(Detail::new(why))));
        let block = pem::parse(pem).map_err(|_| unusable("it is not a complete PEM key"))?;
        let der = block.contents();
        let key = match block.tag() {
            "PRIVATE KEY" => Self::from_pkcs8(der),
            "RSA PRIVATE KEY" => RsaKeyPair::from_der(der).ok().map(Self::Rsa),
            "EC PRIVATE KEY" => [EC_P384_ALGORITHM, EC_P256_ALGORITHM]
                .into_iter()
                .find_map(|alg| Self::from_pkcs8(&pkcs8_wrap(alg, der))),
            _ => return Err(unusable("it is not a private key")),
        };
        key.ok_or_else(|| {
            unusable("it is not an RSA (2048 to 4096 bits), P-256 or P-384 key that loads")
        })
    }

    fn from_pkcs8(der: &[u8]) -> Option<Self> {
        let rng = SystemRandom::new();
        if let Ok(pair) = RsaKeyPair::from_pkcs8(der) {
            return Some(Self::Rsa(pair));
        }
        if let Ok(pair) =
            EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P384_SHA384_FIXED_SIGNING, der, &rng)
        {
            return Some(Self::P384(pair));
        }
        EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, der, &rng)
            .ok()
            .map(Self::P256)
    }

    /// A fresh P-256 key and its PKCS#8 PEM (to be stored 0600).
    pub fn generate_p256() -> Result<(Self, String), Error> {
        let rng = SystemRandom::new();
        let failed = || Error::from(AcmeError::Crypto("generate a P-256 account key"));
        let document =
            EcdsaKeyPair::generate_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
                .map_err(|_| failed())?;
        let pair = EcdsaKeyPair::from_pkcs8(
            &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            document.as_ref(),
            &rng,
        )
        .map_err(|_| failed())?;
        let pem = crate::keys::pem_encode("PRIVATE KEY", document.as_ref());
        Ok((Self::P256(pair), pem))
    }

    /// The key as a user reads it: `RSA-2048`, `P-256`, `P-384`.
    pub fn describe(&self) -> String {
        match self {
            Self::Rsa(pair) => format!("RSA-{}", pair.public().modulus_len() * 8),
            Self::P256(_) => "P-256".to_owned(),
            Self::P384(_) => "P-384".to_owned(),
        }
    }

    /// True for a P-256 key, the one kind instant-acme signs with itself.
    pub fn is_p256(&self) -> bool {
        matches!(self, Self::P256(_))
    }

    fn alg(&self) -> &'static str {
        match self {
            Self::Rsa(_) => "RS256",
            Self::P256(_) => "ES256",
            Self::P384(_) => "ES384",
        }
    }

    /// The public key as a JWK, members in the lexicographic order RFC 7638 hashes.
    pub fn jwk(&self) -> Value {
        match self {
            Self::Rsa(pair) => {
                let public = PublicKeyComponents::<Vec<u8>>::from(pair.public());
                json!({
                    "e": B64.encode(strip_leading_zeros(&public.e)),
                    "kty": "RSA",
                    "n": B64.encode(strip_leading_zeros(&public.n)),
                })
            }
            Self::P256(pair) | Self::P384(pair) => {
                let point = pair.public_key().as_ref();
                let (x, y) = point
                    .get(1..)
                    .unwrap_or_default()
                    .split_at(point.len().saturating_sub(1) / 2);
                let crv = if self.is_p256() { "P-256" } else { "P-384" };
                json!({"crv": crv, "kty": "EC", "x": B64.encode(x), "y": B64.encode(y)})
            }
        }
    }

    /// The RFC 7638 thumbprint (what the CA and the store know the key by).
    pub fn thumbprint(&self) -> String {
        thumbprint_of(&self.jwk())
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let rng = SystemRandom::new();
        let failed = || Error::from(AcmeError::Crypto("sign with the account key"));
        match self {
            Self::Rsa(pair) => {
                let mut signature = vec![0; pair.public().modulus_len()];
                pair.sign(&signature::RSA_PKCS1_SHA256, &rng, message, &mut signature)
                    .map_err(|_| failed())?;
                Ok(signature)
            }
            Self::P256(pair) | Self::P384(pair) => pair
                .sign(&rng, message)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| failed()),
        }
    }
}

/// The RFC 7638 thumbprint of a public JWK holding only its required members.
fn thumbprint_of(jwk: &Value) -> String {
    // serde_json's map keeps its keys sorted (no `preserve_order`), and `to_string` writes no
    // whitespace: RFC 7638's canonical form.
    let digest = ring::digest::digest(&ring::digest::SHA256, jwk.to_string().as_bytes());
    B64.encode(digest.as_ref())
}

/// How a JWS names its signer: by account URL, or by the public key itself.
enum Signer<'a> {
    Kid(&'a str),
    Jwk,
}

/// A flattened JSON JWS over `payload`, signed by `key`.
fn jws(key: &SigningKey, mut protected: Value, payload: &[u8]) -> Result<Value, Error> {
    protected["alg"] = json!(key.alg());
    let protected = B64.encode(protected.to_string());
    let payload = B64.encode(payload);
    let signature = key.sign(format!("{protected}.{payload}").as_bytes())?;
    Ok(json!({
        "protected": protected,
        "payload": payload,
        "signature": B64.encode(signature),
    }))
}

/// The key change's JWS (RFC 8555 §7.3.5): the inner one, by the new key, names the account
/// and the old key; the outer one is signed by the old key (built by [`Session::post`]).
fn key_change_payload(
    url: &str,
    account: &str,
    old: &SigningKey,
    new: &SigningKey,
) -> Result<Vec<u8>, Error> {
    let inner = jws(
        new,
        json!({"jwk": new.jwk(), "url": url}),
        json!({"account": account, "oldKey": old.jwk()})
            .to_string()
            .as_bytes(),
    )?;
    Ok(inner.to_string().into_bytes())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Directory {
    new_nonce: String,
    new_account: String,
    key_change: Option<String>,
}

/// What the CA answered to a signed request that succeeded.
#[derive(Debug)]
pub struct Answer {
    /// The Location header (a new account's or order's URL).
    pub location: Option<String>,
    /// The body.
    pub body: Bytes,
}

/// The requests of one exchange with the CA, sharing the directory and the nonces.
struct Session<'a> {
    ca: &'a Ca,
    directory: Directory,
    nonce: Option<String>,
}

impl<'a> Session<'a> {
    async fn open(ca: &'a Ca) -> Result<Self, Error> {
        let (status, body) = ca.http.get(&ca.url).await?;
        if !status.is_success() {
            return Err(AcmeError::DirectoryStatus {
                url: ca.url.clone(),
                status,
            }
            .into());
        }
        let directory =
            serde_json::from_slice(&body).map_err(|source| AcmeError::NotADirectory {
                url: ca.url.clone(),
                source,
            })?;
        Ok(Self {
            ca,
            directory,
            nonce: None,
        })
    }

    async fn send(
        &mut self,
        request: Request<BodyWrapper<Bytes>>,
    ) -> Result<(StatusCode, Option<String>, Bytes), Error> {
        let mut response = self
            .ca
            .http
            .request(request)
            .await
            .map_err(|e| self.ca.convert(e, Stage::Account))?;
        self.nonce = response
            .parts
            .headers
            .get("replay-nonce")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let status = response.parts.status;
        let location = response
            .parts
            .headers
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .body
            .into_bytes()
            .await
            .map_err(|e| Error::from(AcmeError::Talk(instant_acme::Error::Other(e))))?;
        Ok((status, location, body))
    }

    async fn fresh_nonce(&mut self) -> Result<String, Error> {
        if let Some(nonce) = self.nonce.take() {
            return Ok(nonce);
        }
        let request = Request::head(self.directory.new_nonce.as_str())
            .body(BodyWrapper::default())
            .map_err(|_| AcmeError::Unsupported("a valid newNonce URL"))?;
        self.send(request).await?;
        self.nonce
            .take()
            .ok_or_else(|| AcmeError::Unsupported("nonces (newNonce gave none)").into())
    }

    /// POSTs `payload` signed by `key` to `url`; a `badNonce` is signed again with the nonce
    /// that came with it, [`BAD_NONCE_TRIES`] times at most. A problem document becomes the usual
    /// ACME error.
    async fn post(
        &mut self,
        url: &str,
        key: &SigningKey,
        signer: &Signer<'_>,
        payload: &[u8],
    ) -> Result<Answer, Error> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut protected = json!({"nonce": self.fresh_nonce().await?, "url": url});
            match signer {
                Signer::Kid(kid) => protected["kid"] = json!(kid),
                Signer::Jwk => protected["jwk"] = key.jwk(),
            }
            let body = jws(key, protected, payload)?.to_string();
            let request = Request::post(url)
                .header(http::header::CONTENT_TYPE, "application/jose+json")
                .body(BodyWrapper::from(body.into_bytes()))
                .map_err(|_| AcmeError::Unsupported("a valid request URL"))?;
            let (status, location, body) = self.send(request).await?;
            if status.is_success() {
                return Ok(Answer { location, body });
            }
            let problem: Problem = match serde_json::from_slice(&body) {
                Ok(problem) => problem,
                Err(e) => {
                    return Err(self
                        .ca
                        .convert(instant_acme::Error::Json(e), Stage::Account));
                }
            };
            if attempt < BAD_NONCE_TRIES
                && short_problem_type(problem.r#type.as_deref()) == "badNonce"
            {
                continue;
            }
            return Err(self
                .ca
                .convert(instant_acme::Error::Api(problem), Stage::Account));
        }
    }
}

/// How many times one request is signed and sent while the CA answers `badNonce`: with one
/// retry only, a test sending dozens of requests to Pebble failed on two rejections in a row.
pub const BAD_NONCE_TRIES: u32 = 5;

/// True when `err` is the CA's problem of type `short` (`accountDoesNotExist` ...).
pub fn is_problem(err: &Error, short: &str) -> bool {
    err.find::<AcmeError>().and_then(AcmeError::problem_type) == Some(short)
}

impl Ca {
    /// Moves the account at `account` from `old` to `new` (RFC 8555 §7.3.5), `old` signing the
    /// outer JWS as instant-acme cannot.
    pub async fn change_key(
        &self,
        account: &str,
        old: &SigningKey,
        new: &SigningKey,
    ) -> Result<(), Error> {
        let mut session = Session::open(self).await?;
        let url = session
            .directory
            .key_change
            .clone()
            .ok_or(AcmeError::Unsupported(
                "account key changes (no keyChange URL)",
            ))?;
        let payload = key_change_payload(&url, account, old, new)?;
        session
            .post(&url, old, &Signer::Kid(account), &payload)
            .await
            .map(|_| ())
    }

    /// The URL of the account the CA knows `key` by (`onlyReturnExisting`, RFC 8555 §7.3.1),
    /// or `None` when the key belongs to no account there.
    pub async fn account_of_key(&self, key: &SigningKey) -> Result<Option<String>, Error> {
        let mut session = Session::open(self).await?;
        let url = session.directory.new_account.clone();
        let payload = json!({"onlyReturnExisting": true}).to_string();
        match session
            .post(&url, key, &Signer::Jwk, payload.as_bytes())
            .await
        {
            Ok(answer) => answer
                .location
                .map(Some)
                .ok_or_else(|| AcmeError::Unsupported("account lookups (no Location)").into()),
            Err(err) if is_problem(&err, "accountDoesNotExist") => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// POSTs `payload` (empty: a POST-as-GET) to `url`, signed by `key` for the account at
    /// `account`. certkeep orders through instant-acme; this exists for the tests that need a
    /// certificate issued to an account with an RSA or P-384 key, as the old clients have.
    pub async fn post_signed(
        &self,
        url: &str,
        key: &SigningKey,
        account: &str,
        payload: &[u8],
    ) -> Result<Answer, Error> {
        let mut session = Session::open(self).await?;
        session.post(url, key, &Signer::Kid(account), payload).await
    }

    /// Registers a new account with `key` and returns its URL. certkeep registers with
    /// instant-acme; this exists for the tests that need an account with an RSA or P-384 key,
    /// as certbot, lego and acme.sh make them.
    pub async fn register_with_key(
        &self,
        key: &SigningKey,
        contact: &[String],
    ) -> Result<String, Error> {
        let mut session = Session::open(self).await?;
        let url = session.directory.new_account.clone();
        let payload = json!({"termsOfServiceAgreed": true, "contact": contact}).to_string();
        let answer = session
            .post(&url, key, &Signer::Jwk, payload.as_bytes())
            .await?;
        answer
            .location
            .ok_or_else(|| AcmeError::Unsupported("account registration (no Location)").into())
    }
}

/// `PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING key }`.
fn pkcs8_wrap(algorithm: &[u8], inner: &[u8]) -> Vec<u8> {
    let mut body = vec![0x02, 0x01, 0x00];
    body.extend_from_slice(algorithm);
    body.extend(der(0x04, inner));
    der(0x30, &body)
}

/// One DER element with a definite length (keys are far below 64 KiB).
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match (u8::try_from(content.len()), u16::try_from(content.len())) {
        (Ok(len @ 0..=0x7F), _) => out.push(len),
        (Ok(len), _) => out.extend([0x81, len]),
        (_, Ok(len)) => {
            out.push(0x82);
            out.extend(len.to_be_bytes());
        }
        // Never a key: a length no key parser accepts.
        _ => out.push(0xFF),
    }
    out.extend_from_slice(content);
    out
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

#[cfg(test)]
#[path = "legacy_key_tests.rs"]
mod tests;
