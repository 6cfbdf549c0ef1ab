//! The acme-dns provider (joohoi/acme-dns): a small DNS server with an HTTP API that owns only
//! challenge records. `register` creates credentials and a `fulldomain`; the user points
//! `_acme-challenge.<name>` at it with a CNAME once; `update` sets the TXT value. acme-dns keeps
//! the two newest values itself, so there is nothing to clean up. Credentials are secrets, kept
//! in the keyring as `acme-dns-<name>`.

use serde::{Deserialize, Serialize};

use crate::challenge::ChallengeError;
use crate::error::{Detail, Error};
use crate::net::http::CaHttp;

/// What acme-dns hands out at registration.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    /// API user.
    pub username: String,
    /// API key (a secret).
    pub password: String,
    /// The name the challenge CNAME must point at.
    pub fulldomain: String,
    /// The subdomain to update.
    pub subdomain: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("fulldomain", &self.fulldomain)
            .finish_non_exhaustive()
    }
}

/// The keyring entry holding the credentials for `name`.
pub fn keyring_name(name: &str) -> String {
    format!(
        "acme-dns-{}",
        name.trim_start_matches("*.").replace(
            |c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '.',
            "_"
        )
    )
}

fn api_error(what: &'static str, url: &str, detail: impl std::fmt::Display) -> Error {
    ChallengeError::AcmeDnsApi {
        url: url.to_owned(),
        what,
        detail: Detail::new(detail),
    }
    .into()
}

/// Registers a new acme-dns account.
pub async fn register(http: &CaHttp, url: &str) -> Result<Credentials, Error> {
    let endpoint = format!("{}/register", url.trim_end_matches('/'));
    let (status, body) = http
        .post_json(&endpoint, &[], &serde_json::json!({}))
        .await?;
    if !status.is_success() {
        return Err(api_error("register", url, format!("HTTP {status}")));
    }
    serde_json::from_slice(&body)
        .map_err(|e| api_error("register", url, format!("unexpected answer: {e}")))
}

/// Sets the TXT value.
pub async fn update(
    http: &CaHttp,
    url: &str,
    credentials: &Credentials,
    value: &str,
) -> Result<(), Error> {
    let endpoint = format!("{}/update", url.trim_end_matches('/'));
    let headers = [
        ("X-Api-User", credentials.username.as_str()),
        ("X-Api-Key", credentials.password.as_str()),
    ];
    let body = serde_json::json!({"subdomain": credentials.subdomain, "txt": value});
    let (status, _) = http.post_json(&endpoint, &headers, &body).await?;
    match status.as_u16() {
        200..=299 => Ok(()),
        401 | 403 => Err(ChallengeError::AcmeDnsRefused {
            url: url.to_owned(),
            fulldomain: credentials.fulldomain.clone(),
        }
        .into()),
        _ => Err(api_error(
            "update the record",
            url,
            format!("HTTP {status}"),
        )),
    }
}
