//! CA presets and directory URLs. `--ca` takes a preset name or any `https://` directory URL;
//! each preset knows its staging twin (for `--dry-run`) and whether it needs External Account
//! Binding.

use super::AcmeError;
use crate::error::{Detail, Error};

/// A known CA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// The name used with `--ca`.
    pub name: &'static str,
    /// The ACME directory URL.
    pub url: &'static str,
    /// The staging preset's name, if the CA has one.
    pub staging: Option<&'static str>,
    /// True when the CA requires External Account Binding.
    pub needs_eab: bool,
}

/// Every preset, in the order shown to users.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "letsencrypt",
        url: "https://acme-v02.api.letsencrypt.org/directory",
        staging: Some("letsencrypt-staging"),
        needs_eab: false,
    },
    Preset {
        name: "letsencrypt-staging",
        url: "https://acme-staging-v02.api.letsencrypt.org/directory",
        staging: Some("letsencrypt-staging"),
        needs_eab: false,
    },
    Preset {
        name: "zerossl",
        url: "https://acme.zerossl.com/v2/DV90",
        staging: None,
        needs_eab: true,
    },
    Preset {
        name: "google",
        url: "https://dv.acme-v02.api.pki.goog/directory",
        staging: Some("google-staging"),
        needs_eab: true,
    },
    Preset {
        name: "google-staging",
        url: "https://dv.acme-v02.test-api.pki.goog/directory",
        staging: Some("google-staging"),
        needs_eab: true,
    },
    Preset {
        name: "buypass",
        url: "https://api.buypass.com/acme/directory",
        staging: Some("buypass-staging"),
        needs_eab: false,
    },
    Preset {
        name: "buypass-staging",
        url: "https://api.test4.buypass.no/acme/directory",
        staging: Some("buypass-staging"),
        needs_eab: false,
    },
    Preset {
        name: "sslcom-rsa",
        url: "https://acme.ssl.com/sslcom-dv-rsa",
        staging: None,
        needs_eab: true,
    },
    Preset {
        name: "sslcom-ecc",
        url: "https://acme.ssl.com/sslcom-dv-ecc",
        staging: None,
        needs_eab: true,
    },
];

/// A CA as chosen by the user: its directory URL and the preset, if it is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaChoice {
    /// The directory URL.
    pub url: String,
    /// The preset it came from.
    pub preset: Option<Preset>,
}

impl CaChoice {
    /// The directory to use for `--dry-run`: the preset's staging twin, else the CA itself.
    pub fn staging_url(&self) -> String {
        self.preset
            .and_then(|p| p.staging)
            .and_then(find)
            .map_or_else(|| self.url.clone(), |p| p.url.to_owned())
    }
}

fn find(name: &str) -> Option<Preset> {
    PRESETS.iter().copied().find(|p| p.name == name)
}

/// Resolves `--ca`: a preset name (case-insensitive) or an `https://` URL.
pub fn resolve(raw: &str) -> Result<CaChoice, Error> {
    let raw = raw.trim();
    if let Some(preset) = find(&raw.to_ascii_lowercase()) {
        return Ok(CaChoice {
            url: preset.url.to_owned(),
            preset: Some(preset),
        });
    }
    if let Some(preset) = PRESETS.iter().copied().find(|p| p.url == raw) {
        return Ok(CaChoice {
            url: preset.url.to_owned(),
            preset: Some(preset),
        });
    }
    if raw.starts_with("https://")
        && raw.len() > "https://".len()
        && !raw.contains(char::is_whitespace)
    {
        return Ok(CaChoice {
            url: raw.to_owned(),
            preset: None,
        });
    }
    let names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    if raw.starts_with("http://") {
        return Err(AcmeError::PlainHttpDirectory {
            url: raw.to_owned(),
            why: Detail::new("ACME must run over HTTPS; a plain-HTTP directory lets anyone on the path take over the account"),
        }
        .into());
    }
    Err(AcmeError::UnknownCa {
        name: raw.to_owned(),
        presets: names.join(", "),
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_urls_resolve() {
        assert_eq!(
            resolve("LetsEncrypt").unwrap().url,
            "https://acme-v02.api.letsencrypt.org/directory"
        );
        assert_eq!(
            resolve("letsencrypt").unwrap().staging_url(),
            "https://acme-staging-v02.api.letsencrypt.org/directory"
        );
        let custom = resolve("https://127.0.0.1:14000/dir").unwrap();
        assert_eq!(custom.staging_url(), "https://127.0.0.1:14000/dir");
        assert!(
            resolve("letsencrypt-prod")
                .unwrap_err()
                .hint
                .unwrap()
                .contains("zerossl")
        );
        assert_eq!(
            resolve("http://ca.test/dir").unwrap_err().kind,
            crate::error::Kind::Usage
        );
    }
}
