//! tls-alpn-01 (RFC 8737): a TLS responder that, for the SNI of a name being validated and only
//! for ALPN `acme-tls/1`, presents a self-signed certificate carrying the `acmeIdentifier`
//! extension (the SHA-256 of the key authorization). Any other SNI or ALPN ends the handshake.
//! IP identifiers (RFC 8738 §6) are matched by their reverse-DNS name.
//!
//! Connections are held as http-01's server holds them ([`super::admission`], the same bounds):
//! a client has [`HEAD_DEADLINE`] to send its `ClientHello` and [`CONNECTION_DEADLINE`] in all, and
//! at a bound the oldest connection whose `ClientHello` has not arrived makes room, so idle or
//! trickling connections cannot keep the CA's handshake out.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};

use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio::net::TcpListener;

use super::ChallengeError;
use super::admission::{Admission, Limits, Ticket};
use super::http01::{CONNECTION_DEADLINE, HEAD_DEADLINE, MAX_CONNECTIONS, MAX_PER_CLIENT};
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
        let task = tokio::spawn(serve(listener, Arc::new(config)));
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

async fn serve(listener: TcpListener, config: Arc<rustls::ServerConfig>) {
    let admission = Admission::new(Limits {
        total: MAX_CONNECTIONS,
        per_client: MAX_PER_CLIENT,
    });
    super::accept::accept_loop(listener, |stream| {
        let Ok(peer) = stream.peer_addr() else {
            return;
        };
        // Refused (nothing could make room): closed at once (dropped), not queued.
        if let Some((ticket, evicted)) = admission.admit(peer.ip()) {
            let config = config.clone();
            tokio::spawn(async move {
                let shaken =
                    tokio::time::timeout(CONNECTION_DEADLINE, handshake(stream, config, &ticket));
                // Evicted for a newcomer: the connection is dropped mid-handshake.
                tokio::select! {
                    _ = shaken => {}
                    _ = evicted => {}
                }
                drop(ticket);
            });
        }
    })
    .await;
}

/// Reads the `ClientHello` (within [`HEAD_DEADLINE`]) and completes the handshake (within as
/// much again); the CA only needs the handshake, so the connection is closed right after.
async fn handshake(
    stream: tokio::net::TcpStream,
    config: Arc<rustls::ServerConfig>,
    ticket: &Ticket,
) {
    let hello = tokio_rustls::LazyConfigAcceptor::new(rustls::server::Acceptor::default(), stream);
    let Ok(Ok(start)) = tokio::time::timeout(HEAD_DEADLINE, hello).await else {
        return;
    };
    ticket.head_read();
    // The rest of the handshake is one more flight from a CA: a client that holds its place
    // past the hello (it cannot be evicted now) gets as little time as the hello had.
    let _ = tokio::time::timeout(HEAD_DEADLINE, async {
        if let Ok(mut tls) = start.into_stream(config).await {
            let _ = tokio::io::AsyncWriteExt::shutdown(&mut tls).await;
        }
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
    use std::time::Duration;

    #[test]
    fn ip_identifiers_use_their_reverse_names() {
        assert_eq!(sni_for("192.0.2.7"), "7.2.0.192.in-addr.arpa");
        assert!(sni_for("2001:db8::1").ends_with(".8.b.d.0.1.0.0.2.ip6.arpa"));
        assert_eq!(sni_for("Example.ORG"), "example.org");
    }

    #[tokio::test]
    async fn only_the_right_sni_with_acme_alpn_gets_the_challenge_certificate() {
        let (solver, response) = presenting().await;
        let connect = |sni: &'static str, alpn: &'static [u8]| handshake_with(&solver, sni, alpn);
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

    #[tokio::test]
    async fn a_connection_that_sends_no_client_hello_is_closed_after_the_hello_deadline() {
        use tokio::io::AsyncReadExt;
        let solver = TlsAlpnStandalone::bind("127.0.0.1:0").await.unwrap();
        let mut s = tokio::net::TcpStream::connect(solver.local_addr())
            .await
            .unwrap();
        let mut out = Vec::new();
        // Closed after HEAD_DEADLINE (2 s), long before the connection's 10 s in all.
        tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out))
            .await
            .expect("closed within 5 s")
            .ok();
        assert!(out.is_empty(), "{out:?}");
    }

    #[tokio::test]
    async fn idle_connections_of_one_client_make_room_and_the_handshake_still_gets_in() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (solver, _) = presenting().await;
        // More connections than one client may hold (64), half of them trickling the start
        // of a TLS record and never finishing it.
        let mut idle = Vec::new();
        for i in 0..MAX_PER_CLIENT + 36 {
            let mut s = tokio::net::TcpStream::connect(solver.local_addr())
                .await
                .unwrap();
            if i % 2 == 0 {
                s.write_all(&[0x16, 0x03, 0x01]).await.unwrap();
            }
            idle.push(s);
        }
        // The oldest were closed to make room, at once: well before the 2 s hello deadline.
        let mut first = idle.remove(0);
        let mut out = Vec::new();
        tokio::time::timeout(Duration::from_millis(1500), first.read_to_end(&mut out))
            .await
            .expect("the oldest idle connection was closed for a newcomer")
            .ok();
        let certs = tokio::time::timeout(
            Duration::from_secs(5),
            handshake_with(&solver, "example.org", ACME_TLS_ALPN),
        )
        .await
        .expect("answered within 5 s")
        .expect("handshake");
        assert!(!certs.is_empty());
    }

    /// A server presenting the challenge of example.org, and that challenge.
    async fn presenting() -> (TlsAlpnStandalone, Response) {
        let solver = TlsAlpnStandalone::bind("127.0.0.1:0").await.unwrap();
        let response = Response {
            identifier: "example.org".into(),
            token: "t".repeat(43),
            key_authorization: "token.thumb".into(),
        };
        solver.present(&response).await.unwrap();
        (solver, response)
    }

    /// A handshake with `sni` offering `alpn` (the CA's: example.org, `acme-tls/1`); the
    /// server's certificates, `None` when the server ends the handshake.
    async fn handshake_with(
        solver: &TlsAlpnStandalone,
        sni: &'static str,
        alpn: &[u8],
    ) -> Option<Vec<rustls_pki_types::CertificateDer<'static>>> {
        let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AcceptAny))
        .with_no_client_auth();
        config.alpn_protocols = vec![alpn.to_vec()];
        let stream = tokio::net::TcpStream::connect(solver.local_addr())
            .await
            .unwrap();
        let name = rustls_pki_types::ServerName::try_from(sni).unwrap();
        let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
            .connect(name, stream)
            .await
            .ok()?;
        let (_, conn) = tls.get_ref();
        Some(
            conn.peer_certificates()
                .map(<[_]>::to_vec)
                .unwrap_or_default(),
        )
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
