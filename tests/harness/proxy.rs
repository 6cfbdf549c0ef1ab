//! A small test-only HTTPS proxy in front of Pebble, for what no real CA component does on
//! demand: hostile tokens, private keys in chains, absurd Retry-After values, HTML directories,
//! answers that stall after the headers, trickle, or never come, and injected `badNonce`s.
//! It serves TLS with Pebble's own test certificate, forwards Host and path unchanged (so every
//! URL Pebble writes points back at the proxy), lets a test's rule rewrite each answer (and an
//! optional interceptor answer in Pebble's place), and logs every request with its JWS nonce
//! and how many requests were in flight at once at the most.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::{TokioExecutor, TokioIo};

use super::Pebble;

/// One answer on its way back to the client; a rule may change any part of it.
#[derive(Debug)]
pub struct Exchange {
    /// Request method.
    pub method: String,
    /// Request path.
    pub path: String,
    /// Response status.
    pub status: u16,
    /// Response headers.
    pub headers: http::HeaderMap,
    /// Response body.
    pub body: Vec<u8>,
    /// The request's body (a JWS for ACME POSTs).
    pub request_body: Vec<u8>,
    /// How the answer goes back.
    pub delivery: Delivery,
}

/// How an answer goes back to the client.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Delivery {
    /// All at once.
    #[default]
    Normal,
    /// The headers, then nothing: the connection stays open, the body never comes.
    Stall,
    /// The headers, then one byte of the body per interval.
    Trickle(Duration),
    /// No answer at all: the connection is closed (after Pebble acted on the request).
    Drop,
    /// All at once, after this long (a slow CA: requests sent meanwhile overlap with it).
    Late(Duration),
}

/// A request as the interceptor sees it, before Pebble does.
#[derive(Debug)]
pub struct Incoming {
    /// Request method.
    pub method: String,
    /// Request path.
    pub path: String,
    /// The request's body.
    pub body: Vec<u8>,
}

/// Answers a request in Pebble's place (`Some`) or lets it through (`None`). An answer without
/// a Replay-Nonce gets a fresh one from Pebble, as a real CA's error answer would carry.
pub type Interceptor = Arc<dyn Fn(&Incoming) -> Option<Exchange> + Send + Sync>;

impl Exchange {
    /// The decoded JSON payload of the request's JWS, if it has one.
    pub fn jws_payload(&self) -> Option<serde_json::Value> {
        use base64::Engine;
        let jws: serde_json::Value = serde_json::from_slice(&self.request_body).ok()?;
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(jws["payload"].as_str()?)
            .ok()?;
        serde_json::from_slice(&payload).ok()
    }

    /// A plain answer (for interceptors).
    pub fn answer(method: &str, path: &str, status: u16, body: &[u8]) -> Self {
        Self {
            method: method.to_owned(),
            path: path.to_owned(),
            status,
            headers: http::HeaderMap::new(),
            body: body.to_vec(),
            request_body: Vec::new(),
            delivery: Delivery::Normal,
        }
    }

    /// A `badNonce` problem answer (RFC 8555 §6.5): the CA did not act on the request.
    pub fn bad_nonce(method: &str, path: &str) -> Self {
        let mut answer = Self::answer(
            method,
            path,
            400,
            br#"{"type":"urn:ietf:params:acme:error:badNonce","detail":"injected by the test proxy","status":400}"#,
        );
        answer.headers.insert(
            http::header::CONTENT_TYPE,
            "application/problem+json".parse().unwrap(),
        );
        answer
    }
}

/// The nonce in a JWS's protected header.
fn jws_nonce(body: &[u8]) -> Option<String> {
    use base64::Engine;
    let jws: serde_json::Value = serde_json::from_slice(body).ok()?;
    let protected = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(jws["protected"].as_str()?)
        .ok()?;
    let header: serde_json::Value = serde_json::from_slice(&protected).ok()?;
    header["nonce"].as_str().map(str::to_owned)
}

/// One logged request.
#[derive(Debug, Clone)]
struct Logged {
    method: String,
    path: String,
    status: u16,
    nonce: Option<String>,
}

/// What a test does to answers.
pub type Rule = Arc<dyn Fn(&mut Exchange) + Send + Sync>;

/// A running proxy; stops when dropped.
pub struct Proxy {
    /// The directory URL through the proxy.
    pub directory: String,
    log: Arc<Mutex<Vec<Logged>>>,
    in_flight: Arc<InFlight>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Proxy {
    /// Starts a proxy in front of `pebble` applying `rule` to every answer.
    pub fn start(pebble: &Pebble, rule: Rule) -> Self {
        Self::start_intercepting(pebble, Arc::new(|_: &Incoming| None), rule)
    }

    /// Like [`Proxy::start`], with `intercept` answering some requests before Pebble sees them.
    pub fn start_intercepting(pebble: &Pebble, intercept: Interceptor, rule: Rule) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let cert = std::fs::read(pebble.dir.path().join("cert.pem")).unwrap();
        let key = std::fs::read(pebble.dir.path().join("key.pem")).unwrap();
        let root = std::fs::read(&pebble.tls_root).unwrap();
        let upstream: SocketAddr = pebble
            .directory
            .trim_start_matches("https://")
            .trim_end_matches("/dir")
            .parse()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let log: Arc<Mutex<Vec<Logged>>> = Arc::default();
        let in_flight: Arc<InFlight> = Arc::default();
        runtime.spawn(serve(
            listener,
            tls_acceptor(&cert, &key),
            client(&root),
            upstream,
            (intercept, rule),
            (log.clone(), in_flight.clone()),
        ));
        Self {
            directory: format!("https://{addr}/dir"),
            log,
            in_flight,
            runtime: Some(runtime),
        }
    }

    /// Requests seen so far: (method, path).
    pub fn requests(&self) -> Vec<(String, String)> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .map(|l| (l.method.clone(), l.path.clone()))
            .collect()
    }

    /// The nonce of every signed request, in order (a nonce seen twice means a JWS was sent
    /// twice).
    pub fn nonces(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter_map(|l| l.nonce.clone())
            .collect()
    }

    /// How many requests to `path_prefix` with `method` the CA answered with a success (2xx):
    /// retries after `badNonce` are not orders.
    pub fn count_ok(&self, method: &str, path_prefix: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|l| {
                l.method == method
                    && l.path.starts_with(path_prefix)
                    && (200..300).contains(&l.status)
            })
            .count()
    }

    /// The most requests in flight at once (received, not yet answered) since the
    /// proxy started or [`Proxy::reset_peak`].
    pub fn peak_in_flight(&self) -> usize {
        *self.in_flight.peak.lock().unwrap()
    }

    /// Starts counting [`Proxy::peak_in_flight`] afresh.
    pub fn reset_peak(&self) {
        *self.in_flight.peak.lock().unwrap() = 0;
    }

    /// How many requests went to `path_prefix` with `method`.
    pub fn count(&self, method: &str, path_prefix: &str) -> usize {
        self.requests()
            .iter()
            .filter(|(m, p)| m == method && p.starts_with(path_prefix))
            .count()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// Requests in flight now, and the most at once.
#[derive(Default)]
struct InFlight {
    now: Mutex<usize>,
    peak: Mutex<usize>,
}

/// One request in flight, counted until dropped.
struct Counted(Arc<InFlight>);

impl Counted {
    fn start(in_flight: &Arc<InFlight>) -> Self {
        let mut now = in_flight.now.lock().unwrap();
        *now += 1;
        let mut peak = in_flight.peak.lock().unwrap();
        *peak = (*peak).max(*now);
        Self(in_flight.clone())
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        *self.0.now.lock().unwrap() -= 1;
    }
}

type Client = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    Full<Bytes>,
>;

fn client(root_pem: &[u8]) -> Client {
    let mut roots = rustls::RootCertStore::empty();
    for der in certkeep::acme::http::pem_certificates(root_pem) {
        roots.add(der).unwrap();
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(config)
        .https_only()
        .enable_http1()
        .build();
    hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(connector)
}

pub(super) fn tls_acceptor(cert_pem: &[u8], key_pem: &[u8]) -> tokio_rustls::TlsAcceptor {
    let certs = certkeep::acme::http::pem_certificates(cert_pem);
    let (_, key) = x509_parser::pem::parse_x509_pem(key_pem).unwrap();
    let key = rustls_pki_types::PrivateKeyDer::Pkcs8(key.contents.into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

async fn serve(
    listener: tokio::net::TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
    client: Client,
    upstream: SocketAddr,
    rules: (Interceptor, Rule),
    (log, in_flight): (Arc<Mutex<Vec<Logged>>>, Arc<InFlight>),
) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let (acceptor, client, rules, log, in_flight) = (
            acceptor.clone(),
            client.clone(),
            rules.clone(),
            log.clone(),
            in_flight.clone(),
        );
        tokio::spawn(async move {
            let Ok(tls) = acceptor.accept(stream).await else {
                return;
            };
            let service =
                hyper::service::service_fn(move |request: http::Request<hyper::body::Incoming>| {
                    let (client, rules, log) = (client.clone(), rules.clone(), log.clone());
                    let counted = Counted::start(&in_flight);
                    async move {
                        let answer = forward(request, &client, upstream, &rules, &log).await;
                        drop(counted);
                        answer
                    }
                });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(tls), service)
                .await;
        });
    }
}

async fn forward(
    request: http::Request<hyper::body::Incoming>,
    client: &Client,
    upstream: SocketAddr,
    (intercept, rule): &(Interceptor, Rule),
    log: &Mutex<Vec<Logged>>,
) -> Result<http::Response<Paced>, std::io::Error> {
    let (mut parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(http_body_util::Collected::to_bytes)
        .unwrap_or_default();
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let method = parts.method.to_string();
    let request_body = body.to_vec();
    let nonce = jws_nonce(&request_body);
    let seen = Incoming {
        method: method.clone(),
        path: path.clone(),
        body: request_body.clone(),
    };
    // Pebble must see the proxy's Host, so the URLs it writes point back here.
    let host = parts.headers.get(http::header::HOST).cloned();
    let mut exchange = if let Some(mut answer) = intercept(&seen) {
        if !answer.headers.contains_key("replay-nonce")
            && let Some(fresh) = fresh_nonce(client, upstream, host.clone()).await
        {
            answer.headers.insert("replay-nonce", fresh);
        }
        answer.request_body = request_body;
        answer
    } else {
        parts.uri = format!("https://{upstream}{path}").parse().unwrap();
        let mut outgoing = http::Request::from_parts(parts, Full::new(body));
        if let Some(host) = host {
            outgoing.headers_mut().insert(http::header::HOST, host);
        }
        match client.request(outgoing).await {
            Ok(response) => {
                let (head, body) = response.into_parts();
                let body = body
                    .collect()
                    .await
                    .map(http_body_util::Collected::to_bytes)
                    .unwrap_or_default();
                Exchange {
                    method,
                    path,
                    status: head.status.as_u16(),
                    headers: head.headers,
                    body: body.to_vec(),
                    request_body,
                    delivery: Delivery::Normal,
                }
            }
            Err(e) => Exchange {
                method,
                path,
                status: 502,
                headers: http::HeaderMap::new(),
                body: e.to_string().into_bytes(),
                request_body,
                delivery: Delivery::Normal,
            },
        }
    };
    log.lock().unwrap().push(Logged {
        method: exchange.method.clone(),
        path: exchange.path.clone(),
        status: exchange.status,
        nonce,
    });
    rule(&mut exchange);
    exchange.headers.remove(http::header::CONTENT_LENGTH);
    exchange.headers.remove(http::header::TRANSFER_ENCODING);
    let every = match exchange.delivery {
        Delivery::Drop => {
            return Err(std::io::Error::other("dropped by the test proxy"));
        }
        Delivery::Normal => None,
        Delivery::Late(after) => {
            tokio::time::sleep(after).await;
            None
        }
        Delivery::Stall => Some(Duration::from_secs(24 * 60 * 60)),
        Delivery::Trickle(every) => Some(every),
    };
    if every.is_some() {
        // The client must not know the body's end from the start.
        exchange.headers.insert(
            http::header::CONTENT_LENGTH,
            http::HeaderValue::from(exchange.body.len()),
        );
    }
    let mut response = http::Response::new(Paced::new(exchange.body, every));
    *response.status_mut() = http::StatusCode::from_u16(exchange.status).unwrap();
    *response.headers_mut() = exchange.headers;
    Ok(response)
}

/// A fresh nonce from Pebble's newNonce endpoint.
async fn fresh_nonce(
    client: &Client,
    upstream: SocketAddr,
    host: Option<http::HeaderValue>,
) -> Option<http::HeaderValue> {
    let mut request = http::Request::head(format!("https://{upstream}/nonce-plz"))
        .body(Full::new(Bytes::new()))
        .ok()?;
    if let Some(host) = host {
        request.headers_mut().insert(http::header::HOST, host);
    }
    let response = client.request(request).await.ok()?;
    response.headers().get("replay-nonce").cloned()
}

/// A response body sent all at once, or one byte per interval.
pub struct Paced {
    data: Bytes,
    every: Option<Duration>,
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Paced {
    fn new(body: Vec<u8>, every: Option<Duration>) -> Self {
        Self {
            data: Bytes::from(body),
            every,
            timer: None,
        }
    }
}

impl hyper::body::Body for Paced {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
        if self.data.is_empty() {
            return Poll::Ready(None);
        }
        let Some(every) = self.every else {
            let all = std::mem::take(&mut self.data);
            return Poll::Ready(Some(Ok(hyper::body::Frame::data(all))));
        };
        let timer = self
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(every)));
        if timer.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        self.timer = None;
        let byte = self.data.split_to(1);
        Poll::Ready(Some(Ok(hyper::body::Frame::data(byte))))
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        hyper::body::SizeHint::with_exact(self.data.len() as u64)
    }
}

/// Rewrites every challenge token in an authorization answer.
pub fn replace_tokens(exchange: &mut Exchange, token: &str) {
    if exchange.method != "POST" || !exchange.path.contains("authZ") {
        return;
    }
    let Ok(mut doc) = serde_json::from_slice::<serde_json::Value>(&exchange.body) else {
        return;
    };
    if let Some(challenges) = doc.get_mut("challenges").and_then(|c| c.as_array_mut()) {
        for challenge in challenges {
            challenge["token"] = serde_json::Value::String(token.to_owned());
        }
    }
    exchange.body = serde_json::to_vec(&doc).unwrap();
}
