//! A small acme-dns API server for tests (the real one is not packaged for Debian): HTTPS with
//! Pebble's test certificate, `/register` hands out credentials, `/update` checks them and
//! publishes the TXT value through pebble-challtestsrv, which Pebble's VA asks.

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::Pebble;

/// A running acme-dns stand-in; stops when dropped.
pub struct AcmeDns {
    /// The API base URL.
    pub url: String,
    /// Updates accepted: (subdomain, txt).
    pub updates: Arc<Mutex<Vec<(String, String)>>>,
    runtime: Option<tokio::runtime::Runtime>,
}

const PASSWORD: &str = "acme-dns-test-password-do-not-print";

impl AcmeDns {
    /// Starts the server next to `pebble`.
    pub fn start(pebble: &Pebble) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let cert = std::fs::read(pebble.dir.path().join("cert.pem")).unwrap();
        let key = std::fs::read(pebble.dir.path().join("key.pem")).unwrap();
        let acceptor = super::proxy::tls_acceptor(&cert, &key);
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let updates: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let (seen, management) = (updates.clone(), pebble.dns_management_port);
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let (acceptor, seen) = (acceptor.clone(), seen.clone());
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(stream).await else {
                        return;
                    };
                    let service =
                        hyper::service::service_fn(move |request: http::Request<Incoming>| {
                            let seen = seen.clone();
                            async move {
                                Ok::<_, std::convert::Infallible>(
                                    answer(request, &seen, management).await,
                                )
                            }
                        });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(tls), service)
                        .await;
                });
            }
        });
        Self {
            url: format!("https://{addr}"),
            updates,
            runtime: Some(runtime),
        }
    }

    /// The password it hands out (to check it never shows anywhere).
    pub fn password() -> &'static str {
        PASSWORD
    }
}

impl Drop for AcmeDns {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

fn reply(status: u16, body: &serde_json::Value) -> http::Response<Full<Bytes>> {
    let mut response =
        http::Response::new(Full::new(Bytes::from(serde_json::to_vec(body).unwrap())));
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
    response
}

async fn answer(
    request: http::Request<Incoming>,
    seen: &Mutex<Vec<(String, String)>>,
    management: u16,
) -> http::Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(http_body_util::Collected::to_bytes)
        .unwrap_or_default();
    match parts.uri.path() {
        "/register" => reply(
            201,
            &serde_json::json!({
                "username": "certkeep-test", "password": PASSWORD,
                "fulldomain": "d420c923-bbd7-4056-ab64-c3ca54c9b3cf.auth.acme-dns.test",
                "subdomain": "d420c923-bbd7-4056-ab64-c3ca54c9b3cf", "allowfrom": []
            }),
        ),
        "/update" => {
            let header = |name: &str| {
                parts
                    .headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned()
            };
            if header("X-Api-User") != "certkeep-test" || header("X-Api-Key") != PASSWORD {
                return reply(401, &serde_json::json!({"error": "forbidden"}));
            }
            let doc: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            let (subdomain, txt) = (
                doc["subdomain"].as_str().unwrap_or_default().to_owned(),
                doc["txt"].as_str().unwrap_or_default().to_owned(),
            );
            let set = format!(r#"{{"host":"{subdomain}.auth.acme-dns.test.","value":"{txt}"}}"#);
            let mut api = tokio::net::TcpStream::connect(("127.0.0.1", management))
                .await
                .unwrap();
            let request = format!(
                "POST /set-txt HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{set}",
                set.len()
            );
            api.write_all(request.as_bytes()).await.unwrap();
            let mut ignored = Vec::new();
            let _ = api.read_to_end(&mut ignored).await;
            seen.lock().unwrap().push((subdomain, txt.clone()));
            reply(200, &serde_json::json!({"txt": txt}))
        }
        _ => reply(404, &serde_json::json!({"error": "not found"})),
    }
}
