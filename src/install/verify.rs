//! Checks that a service serves the new certificate: a TLS handshake to the service's address
//! with the certificate's name as SNI, and the served leaf's serial compared with the new one,
//! again and again until it matches or the deadline passes (a reload takes effect a moment
//! after the command returns). The server's certificate is not validated against any root (a
//! private CA, a staging CA); what proves the server holds the key is the handshake signature,
//! which is checked.

use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

pub use crate::domain::Verified;

/// The longest one handshake attempt may take.
const ATTEMPT_LIMIT: Duration = Duration::from_secs(5);

/// Connects to `address` (port 443 when none is given) with `sni` until the served leaf has
/// `expected_serial` or `timeout` has passed.
pub async fn verify(
    address: &str,
    sni: &str,
    expected_serial: &str,
    timeout: Duration,
) -> Verified {
    let address = with_default_port(address);
    let deadline = tokio::time::Instant::now() + timeout;
    let mut pause = Duration::from_millis(50);
    let mut result = Verified {
        address: address.clone(),
        sni: sni.to_owned(),
        served_serial: None,
        expected_serial: expected_serial.to_owned(),
        ok: false,
        error: None,
    };
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match tokio::time::timeout(left.min(ATTEMPT_LIMIT), served_serial(&address, sni)).await {
            Ok(Ok(serial)) => {
                result.ok = serial == expected_serial;
                result.error =
                    (!result.ok).then(|| "the service still serves another certificate".to_owned());
                result.served_serial = Some(serial);
                if result.ok {
                    return result;
                }
            }
            Ok(Err(err)) => result.error = Some(err),
            Err(_) => result.error = Some("no TLS handshake in time".to_owned()),
        }
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        if left.is_zero() {
            return result;
        }
        tokio::time::sleep(pause.min(left)).await;
        pause = (pause * 2).min(Duration::from_secs(1));
    }
}

fn with_default_port(address: &str) -> String {
    let has_port = match address.rsplit_once(':') {
        Some((host, port)) => {
            port.parse::<u16>().is_ok() && (!host.contains(':') || host.ends_with(']'))
        }
        None => false,
    };
    if has_port {
        address.to_owned()
    } else if address.contains(':') && !address.starts_with('[') {
        format!("[{address}]:443")
    } else {
        format!("{address}:443")
    }
}

/// One handshake: the served leaf's serial, or why there was none.
async fn served_serial(address: &str, sni: &str) -> Result<String, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
        .with_no_client_auth();
    let name =
        ServerName::try_from(sni.to_owned()).map_err(|_| format!("'{sni}' is not a valid SNI"))?;
    let stream = crate::net::tcp::connect(address)
        .await
        .map_err(|e| format!("could not connect: {e}"))?;
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, stream)
        .await
        .map_err(|e| format!("TLS handshake failed: {e}"))?;
    let leaf = tls
        .get_ref()
        .1
        .peer_certificates()
        .and_then(|certs| certs.first())
        .ok_or("the service sent no certificate")?;
    let (_, parsed) = x509_parser::parse_x509_certificate(leaf)
        .map_err(|_| "the served certificate is not X.509")?;
    Ok(crate::keys::hex(parsed.raw_serial()))
}

/// Accepts whatever certificate the server sends (only its serial is compared) but checks the
/// handshake signatures with it, so the server must hold the certificate's key.
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_get_port_443_when_they_have_none() {
        for (given, want) in [
            ("127.0.0.1", "127.0.0.1:443"),
            ("127.0.0.1:8443", "127.0.0.1:8443"),
            ("example.org", "example.org:443"),
            ("[::1]:8443", "[::1]:8443"),
            ("::1", "[::1]:443"),
            ("[::1]", "[::1]:443"),
        ] {
            assert_eq!(with_default_port(given), want, "{given}");
        }
    }

    #[tokio::test]
    async fn nothing_listening_fails_within_the_deadline_and_says_why() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        drop(listener);
        let seen = verify(&address, "a.example", "01", Duration::from_millis(300)).await;
        assert!(!seen.ok);
        assert_eq!(seen.served_serial, None);
        assert!(seen.error.unwrap().contains("could not connect"));
    }
}
