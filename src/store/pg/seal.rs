//! Private keys at rest in the fleet database: ChaCha20-Poly1305 (ring) under the 32-byte fleet
//! key, a fresh random nonce per seal stored in front of the ciphertext, and the row the key
//! belongs to (`account/<ca>/<name>`, `version/<cert>/<n>`, `journal/<cert>`) as associated
//! data, so a sealed key moved to another row does not open. `Debug` never shows the key.

use base64::Engine as _;
use ring::aead::{self, Aad, CHACHA20_POLY1305, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};

use super::FleetError;
use crate::domain::Secret;

/// The fleet's key-encryption key.
pub struct FleetKey {
    key: LessSafeKey,
}

impl std::fmt::Debug for FleetKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FleetKey(<redacted>)")
    }
}

impl FleetKey {
    /// The key from its secret: 32 bytes in standard base64.
    pub fn from_secret(secret: &Secret) -> Result<Self, FleetError> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(secret.expose().trim())
            .map_err(|_| FleetError::BadFleetKey)?;
        let unbound =
            UnboundKey::new(&CHACHA20_POLY1305, &bytes).map_err(|_| FleetError::BadFleetKey)?;
        Ok(Self {
            key: LessSafeKey::new(unbound),
        })
    }

    /// Encrypts `plain` for the row `row`: nonce || ciphertext || tag.
    pub fn seal(&self, row: &str, plain: &[u8]) -> Result<Vec<u8>, FleetError> {
        let mut nonce = [0u8; aead::NONCE_LEN];
        SystemRandom::new()
            .fill(&mut nonce)
            .map_err(|_| FleetError::Unseal {
                what: row.to_owned(),
            })?;
        let mut data = plain.to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(row.as_bytes()),
                &mut data,
            )
            .map_err(|_| FleetError::Unseal {
                what: row.to_owned(),
            })?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        Ok(out)
    }

    /// Decrypts what [`FleetKey::seal`] made for the same `row`.
    pub fn open(&self, row: &str, sealed: &[u8]) -> Result<Vec<u8>, FleetError> {
        let failed = || FleetError::Unseal {
            what: row.to_owned(),
        };
        if sealed.len() < aead::NONCE_LEN {
            return Err(failed());
        }
        let (nonce, data) = sealed.split_at(aead::NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| failed())?;
        let mut data = data.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(row.as_bytes()), &mut data)
            .map_err(|_| failed())?;
        Ok(plain.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> FleetKey {
        let b64 = base64::engine::general_purpose::STANDARD.encode([byte; 32]);
        FleetKey::from_secret(&Secret::new(b64)).unwrap()
    }

    #[test]
    fn a_sealed_key_opens_only_with_the_same_key_and_row() {
        let sealed = key(1).seal("version/a/1", b"PRIVATE KEY").unwrap();
        assert!(!sealed.windows(11).any(|w| w == b"PRIVATE KEY"));
        assert_eq!(key(1).open("version/a/1", &sealed).unwrap(), b"PRIVATE KEY");
        assert!(key(2).open("version/a/1", &sealed).is_err());
        assert!(key(1).open("version/b/1", &sealed).is_err());
        assert!(key(1).open("version/a/1", &sealed[..5]).is_err());
    }

    #[test]
    fn a_fleet_key_must_be_32_bytes_of_base64() {
        for bad in ["not base64!", "c2hvcnQ="] {
            assert!(matches!(
                FleetKey::from_secret(&Secret::new(bad.into())),
                Err(FleetError::BadFleetKey)
            ));
        }
        assert!(!format!("{:?}", key(3)).contains("AwMD"));
    }
}
