//! The HTTP client instant-acme talks through. It sees every request and response, which lets it
//! add what the library lacks (REFERENCE.md §4): one deadline per exchange that covers the
//! connection, the headers and the whole body (a CA that stalls or trickles is cut off), retries
//! with backoff for idempotent requests only (GET, HEAD: a signed POST carries a single-use
//! nonce, so re-sending it is never right; re-signing is the ACME layer's job), a
//! `certkeep/<version>` User-Agent, a cap on response size, HTTPS only, `TCP_NODELAY`,
//! Retry-After parsed and clamped (an absurd value must neither panic nor hang), malformed
//! Replay-Nonce headers dropped (a fresh nonce is then fetched), and the `Link` headers and raw
//! bodies recorded for the alternate-chain download. Failures are typed ([`NetError`]), so the layers above decide by
//! variant, never by text.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::header::{HeaderValue, RETRY_AFTER, USER_AGENT};
use http::{Request, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use instant_acme::{BodyWrapper, BytesResponse, HttpClient};

use crate::clock::Clock;
use crate::error::{Detail, Error};

pub use super::error::{HttpError, NetError};

/// Longest Retry-After certkeep will honour; larger values are clamped to this.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);
/// A retryable answer whose Retry-After is at most this is retried in place.
const RETRY_IN_PLACE: Duration = Duration::from_secs(5);
/// Renewal-information refresh interval when the CA gives none (RFC 9773 §4.3.2).
pub const ARI_DEFAULT_RETRY: Duration = Duration::from_secs(6 * 60 * 60);
/// Attempts per request for transport errors, 5xx and short 429s.
const ATTEMPTS: u32 = 3;
/// Largest response body accepted (certificate chains are a few KiB).
pub(super) const MAX_BODY: usize = 2 * 1024 * 1024;
/// Longest Replay-Nonce accepted (Boulder's are 32 chars, Pebble's about 22).
const MAX_NONCE: usize = 256;

const UA: &str = concat!(
    "certkeep/",
    env!("CARGO_PKG_VERSION"),
    " instant-acme/0.8.5"
);

/// The TCP side of every connection: `TCP_NODELAY` on, so a request written right after the
/// TLS handshake goes out at once instead of waiting (~40 ms) for the server's delayed ACK
/// (Nagle); plain `http` is let through here because the TLS layer above enforces `https`.
fn tcp() -> HttpConnector {
    let mut tcp = HttpConnector::new();
    tcp.set_nodelay(true);
    tcp.enforce_http(false);
    tcp
}

/// What the client saw, for the layers above (Retry-After, Link headers, raw bodies).
#[derive(Debug, Default, Clone)]
pub struct Observations {
    /// Retry-After of the most recent response, already clamped (`None`: it had none).
    pub retry_after: Option<Duration>,
    /// `Link` headers of the most recent response: (rel, url).
    pub links: Vec<(String, String)>,
    /// Body of the most recent response.
    pub last_body: Bytes,
    /// Status of the most recent response (`None`: it brought no answer).
    pub last_status: Option<StatusCode>,
    /// `Location` header of the most recent response (the URL of a created order).
    pub last_location: Option<String>,
}

type Hyper = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

/// The HTTP client; clones share the connection pool and [`Observations`].
#[derive(Clone)]
pub struct CaHttp {
    client: Hyper,
    seen: Arc<Mutex<Observations>>,
    clock: Arc<dyn Clock>,
    timeout: Duration,
}

impl CaHttp {
    /// A client trusting `extra_root` (PEM) only, or the platform's roots when `None`.
    pub fn new(
        extra_root: Option<&[u8]>,
        clock: Arc<dyn Clock>,
        timeout: Duration,
    ) -> Result<Self, Error> {
        let builder = hyper_rustls::HttpsConnectorBuilder::new();
        let builder = match extra_root {
            Some(pem) => {
                let mut roots = rustls::RootCertStore::empty();
                let certs = pem_certificates(pem);
                if certs.is_empty() {
                    return Err(HttpError::NoRootCertificate.into());
                }
                for der in certs {
                    roots.add(der).map_err(HttpError::BadRoot)?;
                }
                let config = rustls::ClientConfig::builder_with_provider(Arc::new(
                    rustls::crypto::ring::default_provider(),
                ))
                .with_safe_default_protocol_versions()
                .map_err(HttpError::TlsSetup)?
                .with_root_certificates(roots)
                .with_no_client_auth();
                builder.with_tls_config(config)
            }
            None => builder
                .try_with_platform_verifier()
                .map_err(HttpError::SystemRoots)?,
        };
        let connector = builder.https_only().enable_http1().wrap_connector(tcp());
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Ok(Self {
            client,
            seen: Arc::default(),
            clock,
            timeout,
        })
    }

    /// A copy of what has been observed so far.
    pub fn observations(&self) -> Observations {
        self.lock().clone()
    }

    /// Forgets the last Retry-After (before a step whose own value matters).
    pub fn clear_retry_after(&self) {
        self.lock().retry_after = None;
    }

    fn lock(&self) -> MutexGuard<'_, Observations> {
        self.seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A plain GET returning status and body (the directory, for its `meta`).
    pub async fn get(&self, url: &str) -> Result<(StatusCode, Bytes), Error> {
        let request = Request::get(url)
            .body(BodyWrapper::default())
            .map_err(|source| HttpError::BadUrl {
                url: url.to_owned(),
                source,
            })?;
        self.send_plain(url, request).await
    }

    /// A plain JSON POST with extra headers (the acme-dns API), returning status and body.
    pub async fn post_json(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &serde_json::Value,
    ) -> Result<(StatusCode, Bytes), Error> {
        let mut request = Request::post(url).header(http::header::CONTENT_TYPE, "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(BodyWrapper::from(
                serde_json::to_vec(body).unwrap_or_default(),
            ))
            .map_err(|source| HttpError::BadUrl {
                url: url.to_owned(),
                source,
            })?;
        self.send_plain(url, request).await
    }

    async fn send_plain(
        &self,
        url: &str,
        request: Request<BodyWrapper<Bytes>>,
    ) -> Result<(StatusCode, Bytes), Error> {
        let response = HttpClient::request(self, request)
            .await
            .map_err(|e| transport_error(url, &e))?;
        let status = response.parts.status;
        let mut body = response.body;
        let bytes = body.into_bytes().await.map_err(|e| HttpError::Read {
            url: url.to_owned(),
            source: Detail::chain(&*e),
        })?;
        Ok((status, bytes))
    }

    async fn send(
        self,
        request: Request<BodyWrapper<Bytes>>,
    ) -> Result<BytesResponse, instant_acme::Error> {
        let (mut parts, body) = request.into_parts();
        let uri = parts.uri.to_string();
        if parts.uri.scheme_str() != Some("https") {
            return Err(NetError::NotHttps(uri).into());
        }
        let body = body
            .collect()
            .await
            .map(http_body_util::Collected::to_bytes)
            .unwrap_or_default();
        parts
            .headers
            .insert(USER_AGENT, HeaderValue::from_static(UA));
        // A signed POST is sent exactly once: its nonce is spent whether or not the answer
        // arrives, and the CA may have acted on it (RFC 8555 §6.5).
        let idempotent = matches!(parts.method, http::Method::GET | http::Method::HEAD);

        let mut attempt = 0;
        loop {
            attempt += 1;
            let request = Request::from_parts(parts.clone(), Full::new(body.clone()));
            let (mut head, bytes) = match self.exchange(request).await {
                Ok(answer) => answer,
                Err(err) if idempotent && err.is_retryable() && attempt < ATTEMPTS => {
                    tokio::time::sleep(backoff(attempt)).await;
                    continue;
                }
                Err(err) => {
                    let mut seen = self.lock();
                    seen.retry_after = None;
                    seen.last_status = None;
                    // Retried here already: the layers above must not multiply the attempts.
                    let err = if idempotent && err.is_retryable() {
                        NetError::Exhausted(attempt, Box::new(err))
                    } else {
                        err
                    };
                    return Err(err.into());
                }
            };
            let retry_after = sanitize_retry_after(&mut head.headers, self.clock.now().into());
            // RFC 9773 §4.3.2: no (valid) Retry-After on renewalInfo means "ask again in 6 h";
            // instant-acme would fail instead, so a default is filled in for plain GETs.
            if retry_after.is_none()
                && parts.method == http::Method::GET
                && head.status.is_success()
            {
                head.headers
                    .insert(RETRY_AFTER, HeaderValue::from(ARI_DEFAULT_RETRY.as_secs()));
            }
            sanitize_nonce(&mut head.headers);
            let retryable =
                head.status.is_server_error() || head.status == StatusCode::TOO_MANY_REQUESTS;
            let wait = retry_after.unwrap_or_else(|| backoff(attempt));
            if idempotent && retryable && attempt < ATTEMPTS && wait <= RETRY_IN_PLACE {
                tokio::time::sleep(wait).await;
                continue;
            }
            {
                let mut seen = self.lock();
                seen.retry_after = retry_after;
                seen.links = links(&head.headers);
                seen.last_body = bytes.clone();
                seen.last_status = Some(head.status);
                seen.last_location = head
                    .headers
                    .get(http::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
            }
            return Ok(BytesResponse {
                parts: head,
                body: Box::new(bytes),
            });
        }
    }

    /// One exchange under one deadline that covers connecting, the headers and the whole
    /// body: a CA that sends headers and then stalls, or trickles a byte at a time, is cut off
    /// when the deadline passes.
    async fn exchange(
        &self,
        request: Request<Full<Bytes>>,
    ) -> Result<(http::response::Parts, Bytes), NetError> {
        let whole = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(NetError::from_client)?;
            let (head, incoming) = response.into_parts();
            let bytes = Limited::new(incoming, MAX_BODY)
                .collect()
                .await
                .map_err(|_| NetError::Body)?
                .to_bytes();
            Ok((head, bytes))
        };
        tokio::time::timeout(self.timeout, whole)
            .await
            .unwrap_or(Err(NetError::Deadline(self.timeout)))
    }
}

impl std::fmt::Debug for CaHttp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaHttp")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl HttpClient for CaHttp {
    fn request(
        &self,
        req: Request<BodyWrapper<Bytes>>,
    ) -> Pin<Box<dyn Future<Output = Result<BytesResponse, instant_acme::Error>> + Send>> {
        Box::pin(self.clone().send(req))
    }
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(250 * 4u64.pow(attempt.saturating_sub(1).min(4)))
}

fn transport_error(url: &str, err: &instant_acme::Error) -> Error {
    match NetError::within(err) {
        Some(net) => net.to_error(url),
        None => HttpError::Transport {
            url: url.to_owned(),
            source: Detail::new(err),
        }
        .into(),
    }
}

/// Parses every Retry-After value (delay-seconds or HTTP-date), keeps the first valid one,
/// clamps it to [0, 24 h], and rewrites the header as plain seconds so no later reader can
/// overflow on it.
pub fn sanitize_retry_after(headers: &mut http::HeaderMap, now: SystemTime) -> Option<Duration> {
    let parsed = headers
        .get_all(RETRY_AFTER)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| parse_retry_after(v.trim(), now));
    headers.remove(RETRY_AFTER);
    let clamped = parsed.map(|d| d.min(MAX_RETRY_AFTER));
    if let Some(d) = clamped {
        headers.insert(RETRY_AFTER, HeaderValue::from(d.as_secs()));
    }
    clamped
}

fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Saturates instead of overflowing: u64::MAX seconds is "a very long time", clamped later.
        return Some(
            value
                .parse::<u64>()
                .map_or(MAX_RETRY_AFTER, Duration::from_secs),
        );
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Drops Replay-Nonce values that are not base64url or absurdly long; a doubled header keeps
/// neither (which one is fresh cannot be known), so instant-acme fetches a new one.
pub fn sanitize_nonce(headers: &mut http::HeaderMap) {
    let values: Vec<HeaderValue> = headers.get_all("replay-nonce").iter().cloned().collect();
    let valid = values.len() == 1
        && values[0].len() <= MAX_NONCE
        && !values[0].is_empty()
        && values[0]
            .as_bytes()
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_');
    if !valid {
        headers.remove("replay-nonce");
    }
}

fn links(headers: &http::HeaderMap) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for value in headers
        .get_all(http::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
    {
        for part in value.split(',') {
            let mut pieces = part.split(';');
            let Some(url) = pieces
                .next()
                .map(str::trim)
                .and_then(|u| u.strip_prefix('<'))
                .and_then(|u| u.strip_suffix('>'))
            else {
                continue;
            };
            for param in pieces {
                if let Some(rel) = param.trim().strip_prefix("rel=") {
                    out.push((rel.trim_matches('"').to_owned(), url.to_owned()));
                }
            }
        }
    }
    out
}

/// The DER certificates in a PEM bundle (other block types are ignored).
pub fn pem_certificates(pem: &[u8]) -> Vec<rustls_pki_types::CertificateDer<'static>> {
    x509_parser::pem::Pem::iter_from_buffer(pem)
        .filter_map(Result::ok)
        .filter(|p| p.label == "CERTIFICATE")
        .map(|p| rustls_pki_types::CertificateDer::from(p.contents))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for v in values {
            map.append(RETRY_AFTER, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[tokio::test]
    async fn every_connection_the_ca_client_opens_has_tcp_nodelay_on() {
        use tower_service::Service as _;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepting = tokio::spawn(async move { listener.accept().await });
        let mut connector = tcp();
        std::future::poll_fn(|cx| connector.poll_ready(cx))
            .await
            .unwrap();
        let stream = connector
            .call(format!("http://{addr}/").parse().unwrap())
            .await
            .unwrap();
        // Nagle off: a request written right after the TLS handshake leaves at once instead of
        // waiting ~40 ms for the CA's delayed ACK. The acme-dns client is built the same way.
        assert!(stream.inner().nodelay().unwrap());
        accepting.await.unwrap().unwrap();
    }

    #[test]
    fn hostile_retry_after_values_are_clamped_or_ignored() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let table: [(&[&str], Option<u64>); 9] = [
            (&["18446744073709551615"], Some(86_400)), // u64::MAX: clamped, no panic
            (&["99999999999999999999999"], Some(86_400)), // beyond u64
            (&["-1"], None),                           // negative: not a delay
            (&["abc"], None),                          // garbage
            (&["0"], Some(0)),
            (&["120"], Some(120)),
            (&["Mon, 01 Jan 1990 00:00:00 GMT"], Some(0)), // past date: now
            (&["Fri, 31 Dec 9999 23:59:59 GMT"], Some(86_400)), // far future: clamped
            (&["abc", "30"], Some(30)),                    // doubled: first valid wins
        ];
        for (values, want) in table {
            let mut map = headers(values);
            let got = sanitize_retry_after(&mut map, now).map(|d| d.as_secs());
            assert_eq!(got, want, "{values:?}");
            let rewritten = map
                .get(RETRY_AFTER)
                .map(|v| v.to_str().unwrap().parse::<u64>().unwrap());
            assert_eq!(rewritten, want, "{values:?} header");
        }
    }

    #[test]
    fn bad_nonces_are_dropped() {
        let long = "a".repeat(MAX_NONCE + 1);
        for bad in ["", "a+b/c=", long.as_str()] {
            let mut map = http::HeaderMap::new();
            map.insert("replay-nonce", HeaderValue::from_str(bad).unwrap());
            sanitize_nonce(&mut map);
            assert!(map.get("replay-nonce").is_none(), "{bad:?} kept");
        }
        let mut doubled = http::HeaderMap::new();
        doubled.append("replay-nonce", HeaderValue::from_static("abc"));
        doubled.append("replay-nonce", HeaderValue::from_static("def"));
        sanitize_nonce(&mut doubled);
        assert!(doubled.get("replay-nonce").is_none());
        let mut good = http::HeaderMap::new();
        good.insert(
            "replay-nonce",
            HeaderValue::from_static("oFvnlFP1wIhRlYS2jTaXbA"),
        );
        sanitize_nonce(&mut good);
        assert!(good.get("replay-nonce").is_some());
    }

    #[test]
    fn link_headers_are_split() {
        let mut map = http::HeaderMap::new();
        map.append(
            http::header::LINK,
            HeaderValue::from_static(
                "<https://ca/cert/1/1>;rel=\"alternate\", <https://ca/dir>;rel=\"index\"",
            ),
        );
        assert_eq!(
            links(&map),
            vec![
                ("alternate".into(), "https://ca/cert/1/1".into()),
                ("index".into(), "https://ca/dir".into())
            ]
        );
    }
}
