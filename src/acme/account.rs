//! ACME accounts (RFC 8555 §7.3): registration (with External Account Binding, §7.3.4), loading
//! from stored parts, key rollover (§7.3.5), deactivation (§7.3.6, confirmed by a follow-up
//! request rather than assumed), and the directory's `meta`.

use rustls_pki_types::PrivatePkcs8KeyDer;
use serde::Deserialize;

use super::AcmeError;
use super::problem::Stage;
use super::{Ca, retry_bad_nonce};
use crate::domain::Secret;
use crate::error::{Detail, Error};

/// External Account Binding credentials from the CA's dashboard.
#[derive(Debug)]
pub struct Eab {
    /// The key id.
    pub kid: String,
    /// The HMAC key as the CA printed it (base64url, sometimes padded or standard base64).
    pub hmac: Secret,
}

/// The directory's `meta` object (RFC 8555 §7.1.1).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryMeta {
    /// The terms of service URL.
    pub terms_of_service: Option<String>,
    /// True when new accounts need External Account Binding.
    #[serde(default)]
    pub external_account_required: bool,
    /// The CA's web site.
    pub website: Option<String>,
    /// The domain names the CA recognizes as itself in CAA records (and dns-persist-01).
    #[serde(default)]
    pub caa_identities: Vec<String>,
    /// Profiles offered (name → description).
    #[serde(default)]
    pub profiles: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct DirectoryDoc {
    #[serde(default)]
    meta: DirectoryMeta,
}

/// A freshly registered account: its URL and key, ready to be stored.
#[derive(Debug)]
pub struct Registered {
    /// The account URL.
    pub url: String,
    /// The new account key as PKCS#8 PEM (to be stored 0600).
    pub key_pem: String,
    /// The key's RFC 7638 thumbprint.
    pub thumbprint: String,
}

/// A loaded account on a CA.
#[derive(Clone)]
pub struct AcmeAccount {
    pub(crate) inner: instant_acme::Account,
    pub(crate) ca: Ca,
}

impl Ca {
    /// Fetches the directory and returns its `meta`.
    pub async fn directory_meta(&self) -> Result<DirectoryMeta, Error> {
        let (status, body) = self.http.get(&self.url).await?;
        if !status.is_success() {
            return Err(AcmeError::DirectoryStatus {
                url: self.url.clone(),
                status,
            }
            .into());
        }
        let doc: DirectoryDoc =
            serde_json::from_slice(&body).map_err(|source| AcmeError::NotADirectory {
                url: self.url.clone(),
                source,
            })?;
        Ok(doc.meta)
    }

    fn builder(&self) -> instant_acme::AccountBuilder {
        instant_acme::Account::builder_with_http(Box::new(self.http.clone()))
    }

    /// Registers a new account (a fresh P-256 key each time) after the user agreed to the terms.
    pub async fn register(
        &self,
        contact: &[String],
        eab: Option<&Eab>,
    ) -> Result<(AcmeAccount, Registered), Error> {
        let contact: Vec<&str> = contact.iter().map(String::as_str).collect();
        let new = instant_acme::NewAccount {
            contact: &contact,
            terms_of_service_agreed: true,
            only_return_existing: false,
        };
        let eab_key = eab.map(decode_eab).transpose()?;
        let (account, credentials) = retry_bad_nonce!(
            self.builder()
                .create(&new, self.url.clone(), eab_key.as_ref())
                .await
        )
        .map_err(|e| {
            self.convert(e, Stage::Account)
                .context("could not register the account")
        })?;
        let key_pem =
            crate::keys::pem_encode("PRIVATE KEY", credentials.private_key().secret_pkcs8_der());
        let registered = Registered {
            url: account.id().to_owned(),
            key_pem,
            thumbprint: account.key_thumbprint().to_owned(),
        };
        Ok((
            AcmeAccount {
                inner: account,
                ca: self.clone(),
            },
            registered,
        ))
    }

    /// Loads a stored account (no request but the directory fetch).
    pub async fn login(&self, url: &str, key_pem: &[u8]) -> Result<AcmeAccount, Error> {
        let der = pem_private_key(key_pem)?;
        let account = self
            .builder()
            .from_parts(
                url.to_owned(),
                PrivatePkcs8KeyDer::from(der),
                self.url.clone(),
            )
            .await
            .map_err(|e| match e {
                instant_acme::Error::KeyRejected => AcmeError::AccountKeyUnusable(None).into(),
                other => self
                    .convert(other, Stage::Account)
                    .context(format!("could not reach the CA '{}'", self.url)),
            })?;
        Ok(AcmeAccount {
            inner: account,
            ca: self.clone(),
        })
    }
}

impl AcmeAccount {
    /// The account URL.
    pub fn url(&self) -> &str {
        self.inner.id()
    }

    /// The account key's RFC 7638 thumbprint.
    pub fn thumbprint(&self) -> &str {
        self.inner.key_thumbprint()
    }

    /// The profiles the CA's directory lists.
    pub fn profiles(&self) -> Vec<String> {
        self.inner.profiles().map(|p| p.name.to_owned()).collect()
    }

    /// Replaces the account key with a fresh one (RFC 8555 §7.3.5). Returns the new key PEM; the
    /// caller stores it and keeps the old one until a request with the new key succeeds.
    pub async fn rollover(&mut self) -> Result<String, Error> {
        let credentials = retry_bad_nonce!(self.inner.update_key().await).map_err(|e| {
            self.ca
                .convert(e, Stage::Account)
                .context("the CA refused the key change")
        })?;
        Ok(crate::keys::pem_encode(
            "PRIVATE KEY",
            credentials.private_key().secret_pkcs8_der(),
        ))
    }

    /// Proves the current key works by updating the account's contacts to what they are.
    pub async fn confirm(&self, contact: &[String]) -> Result<(), Error> {
        let contact: Vec<&str> = contact.iter().map(String::as_str).collect();
        retry_bad_nonce!(self.inner.update_contacts(&contact).await)
            .map_err(|e| self.ca.convert(e, Stage::Account))
    }

    /// Deactivates the account, then confirms it: a follow-up request with the account must be
    /// refused as `unauthorized`. instant-acme alone would report success even on a 403.
    pub async fn deactivate(self, contact: &[String]) -> Result<(), Error> {
        let probe = self.clone();
        retry_bad_nonce!(self.inner.clone().deactivate().await).map_err(|e| {
            self.ca
                .convert(e, Stage::Account)
                .context("the CA refused to deactivate the account")
        })?;
        match probe.confirm(contact).await {
            Err(err)
                if err.find::<AcmeError>().and_then(AcmeError::problem_type)
                    == Some("unauthorized") =>
            {
                Ok(())
            }
            Err(err) => Err(err.context("could not confirm the deactivation")),
            Ok(()) => Err(AcmeError::StillActive.into()),
        }
    }

    /// Revokes a certificate (RFC 8555 §7.6) signed by this account.
    pub async fn revoke(
        &self,
        cert_der: &[u8],
        reason: Option<instant_acme::RevocationReason>,
    ) -> Result<(), Error> {
        let der = rustls_pki_types::CertificateDer::from(cert_der);
        retry_bad_nonce!(
            self.inner
                .revoke(&instant_acme::RevocationRequest {
                    certificate: &der,
                    reason: reason.clone()
                })
                .await
        )
        .map_err(|e| {
            self.ca
                .convert(e, Stage::Order)
                .context("the CA refused to revoke the certificate")
        })
    }
}

/// Decodes the EAB HMAC key: base64url as the RFC says, tolerating padding and standard base64
/// (several CAs print those).
fn decode_eab(eab: &Eab) -> Result<instant_acme::ExternalAccountKey, Error> {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    let cleaned: String = eab.hmac.expose().trim().trim_end_matches('=').to_owned();
    let bytes = URL_SAFE_NO_PAD
        .decode(&cleaned)
        .or_else(|_| STANDARD.decode(eab.hmac.expose().trim()))
        .map_err(|_| AcmeError::EabNotBase64)?;
    if bytes.is_empty() {
        return Err(AcmeError::EabEmpty.into());
    }
    Ok(instant_acme::ExternalAccountKey::new(
        eab.kid.clone(),
        &bytes,
    ))
}

fn pem_private_key(pem: &[u8]) -> Result<Vec<u8>, Error> {
    let bad = |why: &str| Error::from(AcmeError::AccountKeyUnusable(Some(Detail::new(why))));
    match x509_parser::pem::parse_x509_pem(pem) {
        Ok((_, block)) if block.label == "PRIVATE KEY" => Ok(block.contents),
        Ok(_) => Err(bad("it is not a PKCS#8 private key")),
        Err(_) => Err(bad("it is not PEM")),
    }
}
