//! `obtain`'s input checked into a [`Plan`] before the CA hears from us: the CA URL, the CSR's
//! names, the identifiers against the challenge type, the lineage name, the profile. Pure apart
//! from reading the CSR file ([`plan`]); [`plan_of`] is the decision and is table-tested.

use super::OpsError;
use crate::acme::directory;
use crate::domain::{CertName, ChallengeKind, Identifier, parse_identifiers};
use crate::error::Error;
use crate::keys;

use super::obtain::ObtainRequest;

/// Everything checked before the CA hears from us.
#[derive(Debug)]
pub(super) struct Plan {
    /// The lineage name (`--name`, else from the first identifier).
    pub(super) name: CertName,
    /// The identifiers, in the order given (the CSR's when no `-d`).
    pub(super) identifiers: Vec<Identifier>,
    /// The user's CSR and its PEM, for a CSR lineage.
    pub(super) csr: Option<(keys::CsrInfo, String)>,
    /// The CA directory URL (the staging twin on a dry run).
    pub(super) ca_url: String,
}

/// Reads the request's CSR file, if any, and checks the request ([`plan_of`]).
pub(super) fn plan(req: &ObtainRequest) -> Result<Plan, Error> {
    // The CA is checked before the CSR file is read, so a bad --ca is reported first.
    directory::resolve(&req.ca)?;
    let csr = match &req.csr {
        Some(path) => Some(
            crate::bounded::read_file(path, crate::bounded::FILE_LIMIT).map_err(|source| {
                OpsError::ReadInput {
                    what: super::error::Input::Csr,
                    path: path.clone(),
                    source,
                }
            })?,
        ),
        None => None,
    };
    plan_of(req, csr.as_deref())
}

/// Checks a request without a CSR as `obtain` does before the CA hears from us, reading
/// nothing: the lineage name it gets, or the error `obtain` would stop with. For a front end
/// that checks a form as the user types (the TUI), so the rules live here only.
pub fn check_request(req: &ObtainRequest) -> Result<String, Error> {
    Ok(plan_of(req, None)?.name.to_string())
}

/// Checks the request, with the CSR file's bytes when it names one; no I/O.
pub(super) fn plan_of(req: &ObtainRequest, csr: Option<&[u8]>) -> Result<Plan, Error> {
    let ca = directory::resolve(&req.ca)?;
    let ca_url = if req.dry_run {
        ca.staging_url()
    } else {
        ca.url.clone()
    };
    let csr = match csr {
        Some(bytes) => {
            let info = keys::parse_csr(bytes)?;
            let pem = keys::pem_encode("CERTIFICATE REQUEST", &info.der);
            Some((info, pem))
        }
        None => None,
    };
    let identifiers = match (&csr, req.domains.is_empty()) {
        (Some((info, _)), true) => info.identifiers.clone(),
        (csr, _) => {
            let ids = parse_identifiers(&req.domains).map_err(OpsError::BadIdentifiers)?;
            if let Some((info, _)) = csr {
                let mut a = ids.clone();
                let mut b = info.identifiers.clone();
                a.sort();
                b.sort();
                if a != b {
                    return Err(OpsError::NamesDifferFromCsr.into());
                }
            }
            ids
        }
    };
    if req.challenge.kind() == ChallengeKind::Dns01 {
        if let Some(ip) = identifiers
            .iter()
            .find(|id| matches!(id, Identifier::Ip(_)))
        {
            return Err(OpsError::IpWithDns01 { ip: ip.to_string() }.into());
        }
    } else if let Some(wild) = identifiers.iter().find(|id| id.is_wildcard()) {
        return Err(OpsError::WildcardWithout {
            wildcard: wild.to_string(),
            challenge: req.challenge.kind(),
        }
        .into());
    }
    let name = match &req.name {
        Some(raw) => raw.parse::<CertName>().map_err(Error::from)?,
        None => CertName::from_identifier(&identifiers[0]),
    };
    if let Some(profile) = &req.profile
        && (profile.is_empty()
            || !profile
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
    {
        return Err(OpsError::InvalidProfile {
            profile: profile.escape_debug().to_string(),
        }
        .into());
    }
    Ok(Plan {
        name,
        identifiers,
        csr,
        ca_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ChallengeSpec, Dns01Spec, DnsProvider};

    fn request(domains: &[&str], challenge: ChallengeSpec) -> ObtainRequest {
        ObtainRequest {
            domains: domains.iter().map(|d| (*d).to_owned()).collect(),
            name: None,
            ca: "https://acme.example/dir".into(),
            account: None,
            key_type: crate::domain::KeySpec::default(),
            csr: None,
            profile: None,
            preferred_chain: None,
            challenge,
            dry_run: false,
            register_if_missing: None,
            hooks: crate::domain::Hooks::default(),
            renewal: crate::domain::RenewalPolicy::default(),
            replaces: None,
            force: false,
        }
    }

    fn http() -> ChallengeSpec {
        ChallengeSpec::Http01Standalone {
            listen: "[::]:80".into(),
        }
    }

    fn dns() -> ChallengeSpec {
        ChallengeSpec::Dns01(Dns01Spec {
            provider: DnsProvider::Manual,
            check_servers: Vec::new(),
            timeout_secs: None,
            extra_wait_secs: None,
        })
    }

    #[test]
    fn a_valid_request_becomes_a_plan_named_after_its_first_identifier() {
        let plan = plan_of(&request(&["www.example.org", "example.org"], http()), None).unwrap();
        assert_eq!(plan.name.as_str(), "www.example.org");
        assert_eq!(plan.identifiers.len(), 2);
        assert_eq!(plan.ca_url, "https://acme.example/dir");
        assert!(plan.csr.is_none());
        let wild = plan_of(&request(&["*.example.org"], dns()), None).unwrap();
        assert_eq!(wild.identifiers[0].to_string(), "*.example.org");
    }

    #[test]
    fn requests_the_challenge_cannot_prove_are_refused_before_any_order() {
        let mut bad_profile = request(&["example.org"], http());
        bad_profile.profile = Some("no spaces".into());
        let mut bad_name = request(&["example.org"], http());
        bad_name.name = Some("../escape".into());
        let mut bad_ca = request(&["example.org"], http());
        bad_ca.ca = "http://acme.example/dir".into();
        for (req, error) in [
            (
                request(&["*.example.org"], http()),
                "the wildcard '*.example.org' cannot be validated with http-01",
            ),
            (
                request(&["192.0.2.1"], dns()),
                "the IP address '192.0.2.1' cannot be validated with dns-01",
            ),
            (request(&["exa mple.org"], http()), ""),
            (bad_profile, "'no spaces' is not a valid profile name"),
            (bad_name, ""),
            (bad_ca, "refusing the plain-HTTP CA directory"),
        ] {
            let err = plan_of(&req, None).unwrap_err();
            assert_eq!(err.kind, crate::error::Kind::Usage, "{err}");
            assert!(err.to_string().contains(error), "{err}");
        }
    }

    #[test]
    fn a_csr_that_is_not_one_is_refused() {
        let err = plan_of(&request(&[], http()), Some(b"not a CSR")).unwrap_err();
        assert_eq!(err.kind, crate::error::Kind::Usage, "{err}");
    }
}
