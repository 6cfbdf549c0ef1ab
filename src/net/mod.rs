//! The HTTP client for talking to CAs and other HTTPS APIs ([`http::CaHttp`]): one deadline per
//! exchange that covers the body, a body cap, HTTPS only, a `certkeep/<version>` User-Agent,
//! retries (with backoff) for idempotent requests only, and typed failures ([`http::NetError`]).
//! `acme` plugs it into instant-acme; `challenge` (acme-dns) can use it without knowing `acme`.
//! [`tcp::connect`] opens the other TCP connections (install verification, DNS over TCP) the same
//! way: `TCP_NODELAY` on.
//!
//! Must not import `acme`, `store`, `challenge`, `ops` or anything above.

mod error;
pub mod http;
pub mod tcp;
