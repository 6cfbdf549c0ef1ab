//! certbot's dns-rfc2136 plugin settings as certkeep's `--dns rfc2136`: the credentials INI the
//! renewal conf names is read (it may live outside the config directory), its secret becomes a
//! keyring entry and the spec refers to it, never holding it.

use std::collections::BTreeMap;
use std::path::Path;

use super::certbot::parse_conf;
use super::{PlannedChallenge, PlannedSecret, read_file};
use crate::domain::{ChallengeSpec, Dns01Spec, DnsProvider};
use crate::secrets::Secret;

/// certbot-dns-rfc2136: the credentials INI the conf names becomes `--dns rfc2136`, its secret
/// a keyring entry (never written into the spec). An algorithm certkeep does not sign with
/// (certbot's default HMAC-MD5) leaves the choice to the user.
pub(super) fn rfc2136(
    conf: &BTreeMap<String, String>,
    lineage: &str,
) -> (PlannedChallenge, Option<PlannedSecret>) {
    let needs = |why: String| {
        (
            PlannedChallenge::NeedsChoice {
                recorded: format!("certbot dns-rfc2136: {why}"),
            },
            None,
        )
    };
    let Some(path) = conf.get("dns_rfc2136_credentials") else {
        return needs("no credentials file recorded".into());
    };
    let ini = match read_file(Path::new(path)) {
        Ok(bytes) => parse_conf(&String::from_utf8_lossy(&bytes)),
        Err(reason) => return needs(reason),
    };
    let field = |key: &str| {
        ini.get(&format!("dns_rfc2136_{key}"))
            .filter(|v| !v.is_empty())
    };
    let (Some(server), Some(key_name), Some(secret)) =
        (field("server"), field("name"), field("secret"))
    else {
        return needs(format!("'{path}' lacks the server, name or secret"));
    };
    let algorithm = field("algorithm").map_or("hmac-md5".to_owned(), |a| a.to_ascii_lowercase());
    let algorithm = match algorithm.as_str() {
        "hmac-sha256" | "hmac-sha384" | "hmac-sha512" => algorithm,
        other => {
            return needs(format!(
                "TSIG algorithm '{other}' is not one certkeep signs with"
            ));
        }
    };
    let port = field("port").map_or("53", String::as_str);
    let server = if server.contains(':') {
        format!("[{server}]:{port}")
    } else {
        format!("{server}:{port}")
    };
    let keyring_name = format!("certbot-{lineage}-tsig");
    let spec = Dns01Spec {
        provider: DnsProvider::Rfc2136 {
            server,
            tsig_key_name: key_name.clone(),
            tsig_secret: format!("keyring:{keyring_name}"),
            tsig_algorithm: Some(algorithm),
            zone: None,
        },
        check_servers: Vec::new(),
        timeout_secs: None,
        extra_wait_secs: conf
            .get("dns_rfc2136_propagation_seconds")
            .and_then(|s| s.parse().ok()),
    };
    (
        PlannedChallenge::Spec(ChallengeSpec::Dns01(spec)),
        Some(PlannedSecret {
            name: keyring_name,
            value: Secret::new(secret.clone()),
        }),
    )
}
