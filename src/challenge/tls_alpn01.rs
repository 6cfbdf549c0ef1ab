//! tls-alpn-01 (RFC 8737): a TLS responder that, for the SNI of a name being validated and only
//! for ALPN `acme-tls/1`, presents a self-signed certificate carrying the `acmeIdentifier`
//! extension (the SHA-256 of the key authorization). Any other SNI or ALPN ends the handshake.
//! IP identifiers (RFC 8738 §6) are matched by their reverse-DNS name.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};

use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio::net::TcpListener;

use super::ChallengeError;
use super::{Response, Solver, SolverFuture};
use crate::error::{Detail, Error};

/// The ALPN protocol of tls-alpn-01.
pub const ACME_TLS_ALPN: &[u8] = b"acme-tls/1";

type Certs = Arc<RwLock<HashMap<String, Arc<CertifiedKey>>>>;

#[derive(Debug)]
struct BySni(Certs);

impl ResolvesServerCert for BySni {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let offers_acme = hello
            .alpn()
            .is_some_and(|mut protocols| protocols.any(|p| p == ACME_TLS_ALPN));
        if !offers_acme {
            return None;
        }
        let name = hello.server_name()?.to_ascii_lowercase();
        self.0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&name)
            .cloned()
    }
}

/// The standalone responder; bound at construction, stopped when dropped.
#[derive(Debug)]
pub struct TlsAlpnStandalone {
    certs: Certs,
    task: tokio::task::JoinHandle<()>,
    addr: SocketAddr,
}

/// The SNI a validating CA sends for an identifier.
fn sni_for(identifier: &str) -> String {
    match identifier.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => {
            let o = ip.octets();
            format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0])
        }
        Ok(IpAddr::V6(ip)) => {
            let nibbles: Vec<String> = ip
                .octets()
                .iter()
                .rev()
                .flat_map(|b| [format!("{:x}", b & 0xf), format!("{:x}", b >> 4)])
                .collect();
            format!("{}.ip6.arpa", nibbles.join("."))
        }
        Err(_) => identifier.to_ascii_lowercase(),
    }
}

impl TlsAlpnStandalone {
    /// Binds `listen` (e.g. `[::]:443`) and starts answering.
    pub async fn bind(listen: &str) -> Result<Self, Error> {
        let listener = super::http01::bind_listener(listen, "tls-alpn-01").await?;
        let addr = listener.local_addr().map_err(ChallengeError::NoLocalAddr)?;
        let certs: Certs = Arc::default();
        let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(ChallengeError::TlsSetup)?
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(BySni(certs.clone())));
        config.alpn_protocols = vec![ACME_TLS_ALPN.to_vec()];
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let task = tokio::spawn(serve(listener, acceptor));
        Ok(Self { certs, task, addr })
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for TlsAlpnStandalone {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(listener: TcpListener, acceptor: tokio_rustls::TlsAcceptor) {
    super::accept::accept_loop(listener, |stream| {
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            // The CA only needs the handshake; the connection is closed right after.
            if let Ok(Ok(mut tls)) =
                tokio::time::timeout(std::time::Duration::from_secs(10), acceptor.accept(stream))
                    .await
            {
                let _ = tokio::io::AsyncWriteExt::shutdown(&mut tls).await;
            }
        });
    })
    .await;
}

/// Builds the challenge certificate for `response` (RFC 8737 §3).
fn challenge_cert(response: &Response) -> Result<Arc<CertifiedKey>, Error> {
    let fail = |e: &dyn std::fmt::Display| ChallengeError::AlpnCertificate(Detail::new(e));
    let digest = ring::digest::digest(&ring::digest::SHA256, response.key_authorization.as_bytes());
    let key = rcgen::KeyPair::generate().map_err(|e| fail(&e))?;
    let mut params = match response.identifier.parse::<IpAddr>() {
        Ok(ip) => {
            let mut params = rcgen::CertificateParams::default();
            params.subject_alt_names = vec![rcgen::SanType::IpAddress(ip)];
            params
        }
        Err(_) => rcgen::CertificateParams::new(vec![response.identifier.clone()])
            .map_err(|e| fail(&e))?,
    };
    params.custom_extensions = vec![rcgen::CustomExtension::new_acme_identifier(digest.as_ref())];
    let cert = params.self_signed(&key).map_err(|e| fail(&e))?;
    let der = rustls_pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
    let signing = rustls::crypto::ring::sign::any_supported_type(&der).map_err(|e| fail(&e))?;
    Ok(Arc::new(CertifiedKey::new(
        vec![cert.der().clone()],
        signing,
    )))
}

impl Solver for TlsAlpnStandalone {
    fn kind(&self) -> crate::domain::ChallengeKind {
        crate::domain::ChallengeKind::TlsAlpn01
    }

    fn present<'a>(&'a self, response: &'a Response) -> SolverFuture<'a> {
        Box::pin(async move {
            let cert = challenge_cert(response)?;
            self.certs
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(sni_for(&response.identifier), cert);
            Ok(())
        })
    }

    fn cleanup<'a>(&'a self, response: &'a Response) -> SolverFuture<'a> {
        self.certs
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&sni_for(&response.identifier));
        Box::pin(async { Ok(()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_identifiers_use_their_reverse_names() {
        assert_eq!(sni_for("192.0.2.7"), "7.2.0.192.in-addr.arpa");
        assert!(sni_for("2001:db8::1").ends_with(".8.b.d.0.1.0.0.2.ip6.arpa"));
        assert_eq!(sni_for("Example.ORG"), "example.org");
    }

    #[tokio::test]
    async fn only_the_right_sni_with_acme_alpn_gets_the_challenge_certificate() {
        let solver = TlsAlpnStandalone::bind("127.0.0.1:0").await.unwrap();
        let response = Response {
            identifier: "example.org".into(),
            token: "t".repeat(43),
            key_authorization: "token.thumb".into(),
        };
        solver.present(&response).await.unwrap();
        let connect = |sni: &'static str, alpn: &'static [u8]| {
            let addr = solver.local_addr();
            async move {
                let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
                    rustls::crypto::ring::default_provider(),
                ))
                .with_safe_default_protocol_versions()
                .unwrap()
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AcceptAny))
                .with_no_client_auth();
                config.alpn_protocols = vec![alpn.to_vec()];
                let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
                let name = rustls_pki_types::ServerName::try_from(sni).unwrap();
                tokio_rustls::TlsConnector::from(Arc::new(config))
                    .connect(name, stream)
                    .await
                    .ok()
                    .map(|tls| {
                        let (_, conn) = tls.get_ref();
                        conn.peer_certificates()
                            .map(<[_]>::to_vec)
                            .unwrap_or_default()
                    })
            }
        };
        let certs = connect("example.org", ACME_TLS_ALPN)
            .await
            .expect("handshake");
        let (_, parsed) = x509_parser::parse_x509_certificate(&certs[0]).unwrap();
        let acme_id = parsed
            .extensions()
            .iter()
            .find(|e| e.oid.to_id_string() == "1.3.6.1.5.5.7.1.31")
            .expect("acmeIdentifier");
        assert!(acme_id.critical);
        let digest = ring::digest::digest(&ring::digest::SHA256, b"token.thumb");
        assert!(acme_id.value.ends_with(digest.as_ref()));
        assert!(
            connect("other.org", ACME_TLS_ALPN).await.is_none(),
            "wrong SNI"
        );
        assert!(
            connect("example.org", b"http/1.1").await.is_none(),
            "wrong ALPN"
        );
        solver.cleanup(&response).await.unwrap();
        assert!(
            connect("example.org", ACME_TLS_ALPN).await.is_none(),
            "after cleanup"
        );
    }

    #[derive(Debug)]
    struct AcceptAny;

    impl rustls::client::danger::ServerCertVerifier for AcceptAny {
        fn verify_server_cert(
            &self,
            _: &rustls_pki_types::CertificateDer<'_>,
            _: &[rustls_pki_types::CertificateDer<'_>],
            _: &rustls_pki_types::ServerName<'_>,
            _: &[u8],
            _: rustls_pki_types::UnixTime,
        ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
            Ok(rustls::client::danger::ServerCertVerified::assertion())
        }

        fn verify_tls12_signature(
            &self,
            _: &[u8],
            _: &rustls_pki_types::CertificateDer<'_>,
            _: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
        }

        fn verify_tls13_signature(
            &self,
            _: &[u8],
            _: &rustls_pki_types::CertificateDer<'_>,
            _: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
        }

        fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
            rustls::crypto::ring::default_provider()
                .signature_verification_algorithms
                .supported_schemes()
        }
    }
}
