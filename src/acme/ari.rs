//! ACME Renewal Information (RFC 9773): the CA's suggested renewal window for a certificate,
//! fetched by an unauthenticated GET. A CA without `renewalInfo` in its directory answers
//! `None`, so callers fall back to the lifetime rule.

use std::time::Duration;

use time::OffsetDateTime;

use super::AcmeAccount;
use super::problem::Stage;
use crate::error::Error;

/// The CA's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewalWindow {
    /// Window start.
    pub start: OffsetDateTime,
    /// Window end.
    pub end: OffsetDateTime,
    /// The CA's explanation page, if any.
    pub explanation_url: Option<String>,
    /// When to ask again, as the CA said (`renewal::ari` clamps it).
    pub refresh_after: Duration,
}

impl AcmeAccount {
    /// Fetches the renewal window of `cert_der`; `Ok(None)` when the CA offers no ARI.
    pub async fn renewal_info(&self, cert_der: &[u8]) -> Result<Option<RenewalWindow>, Error> {
        let der = rustls_pki_types::CertificateDer::from(cert_der);
        let Ok(id) = instant_acme::CertificateIdentifier::try_from(&der) else {
            // No Authority Key Identifier: the certificate cannot be named to the CA.
            return Ok(None);
        };
        match self.inner.renewal_info(&id).await {
            Ok((info, refresh)) => Ok(Some(RenewalWindow {
                start: info.suggested_window.start,
                end: info.suggested_window.end,
                explanation_url: info.explanation_url,
                refresh_after: refresh,
            })),
            Err(instant_acme::Error::Unsupported(_)) => Ok(None),
            Err(err) => Err(self
                .ca
                .convert(err, Stage::Account)
                .context("could not fetch the renewal information")),
        }
    }
}
