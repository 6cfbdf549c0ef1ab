//! A small test-only HTTPS proxy in front of Pebble, for what no real CA component does on
//! demand: hostile tokens, private keys in chains, absurd Retry-After values, HTML directories.
//! It serves TLS with Pebble's own test certificate, forwards Host and path unchanged (so every
//! URL Pebble writes points back at the proxy), lets a test's rule rewrite each answer, and logs
//! every request.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
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
}

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
}

/// What a test does to answers.
pub type Rule = Arc<dyn Fn(&mut Exchange) + Send + Sync>;

/// A running proxy; stops when dropped.
pub struct Proxy {
    /// The directory URL through the proxy.
    pub directory: String,
    log: Arc<Mutex<Vec<(String, String, u16)>>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Proxy {
    /// Starts a proxy in front of `pebble` applying `rule` to every answer.
    pub fn start(pebble: &Pebble, rule: Rule) -> Self {
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
        let log: Arc<Mutex<Vec<(String, String, u16)>>> = Arc::default();
        runtime.spawn(serve(
            listener,
            tls_acceptor(&cert, &key),
            client(&root),
            upstream,
            rule,
            log.clone(),
        ));
        Self {
            directory: format!("https://{addr}/dir"),
            log,
            runtime: Some(runtime),
        }
    }

    /// Requests seen so far: (method, path).
    pub fn requests(&self) -> Vec<(String, String)> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .map(|(m, p, _)| (m.clone(), p.clone()))
            .collect()
    }

    /// How many requests to `path_prefix` with `method` the CA answered with a success (2xx):
    /// retries after `badNonce` are not orders.
    pub fn count_ok(&self, method: &str, path_prefix: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, p, status)| {
                m == method && p.starts_with(path_prefix) && (200..300).contains(status)
            })
            .count()
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
    rule: Rule,
    log: Arc<Mutex<Vec<(String, String, u16)>>>,
) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let (acceptor, client, rule, log) =
            (acceptor.clone(), client.clone(), rule.clone(), log.clone());
        tokio::spawn(async move {
            let Ok(tls) = acceptor.accept(stream).await else {
                return;
            };
            let service = hyper::service::service_fn(move |request: http::Request<Incoming>| {
                let (client, rule, log) = (client.clone(), rule.clone(), log.clone());
                async move {
                    Ok::<_, std::convert::Infallible>(
                        forward(request, &client, upstream, &rule, &log).await,
                    )
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(tls), service)
                .await;
        });
    }
}

async fn forward(
    request: http::Request<Incoming>,
    client: &Client,
    upstream: SocketAddr,
    rule: &Rule,
    log: &Mutex<Vec<(String, String, u16)>>,
) -> http::Response<Full<Bytes>> {
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
    // Pebble must see the proxy's Host, so the URLs it writes point back here.
    let host = parts.headers.get(http::header::HOST).cloned();
    parts.uri = format!("https://{upstream}{path}").parse().unwrap();
    let request_body = body.to_vec();
    let mut outgoing = http::Request::from_parts(parts, Full::new(body));
    if let Some(host) = host {
        outgoing.headers_mut().insert(http::header::HOST, host);
    }
    let method = outgoing.method().to_string();
    let mut exchange = match client.request(outgoing).await {
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
            }
        }
        Err(e) => Exchange {
            method,
            path,
            status: 502,
            headers: http::HeaderMap::new(),
            body: e.to_string().into_bytes(),
            request_body,
        },
    };
    log.lock().unwrap().push((
        exchange.method.clone(),
        exchange.path.clone(),
        exchange.status,
    ));
    rule(&mut exchange);
    exchange.headers.remove(http::header::CONTENT_LENGTH);
    exchange.headers.remove(http::header::TRANSFER_ENCODING);
    let mut response = http::Response::new(Full::new(Bytes::from(exchange.body)));
    *response.status_mut() = http::StatusCode::from_u16(exchange.status).unwrap();
    *response.headers_mut() = exchange.headers;
    response
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
