//! The import plan: everything an import would do, built before anything is written, so
//! `--dry-run` can show it whole and the real import can apply it.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use super::ImportError;
use super::cert::Generation;
use super::keys::ImportedKey;
use crate::domain::{CertName, ChallengeSpec, HookSpec, Hooks, Identifier, KeySpec};

/// The clients certkeep imports from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
pub enum Client {
    /// certbot's config directory (`/etc/letsencrypt`).
    #[value(name = "certbot")]
    #[serde(rename = "certbot")]
    Certbot,
    /// lego's `--path` (`./.lego`).
    #[value(name = "lego")]
    #[serde(rename = "lego")]
    Lego,
    /// acme.sh's home (`~/.acme.sh`).
    #[value(name = "acme.sh")]
    #[serde(rename = "acme.sh")]
    AcmeSh,
}

impl Client {
    /// The client's name as users type it.
    pub fn as_str(self) -> &'static str {
        match self {
            Client::Certbot => "certbot",
            Client::Lego => "lego",
            Client::AcmeSh => "acme.sh",
        }
    }

    /// Where the client keeps its state by default, for messages.
    pub fn default_dir_hint(self) -> &'static str {
        match self {
            Client::Certbot => "/etc/letsencrypt",
            Client::Lego => "./.lego, then ~/.lego",
            Client::AcmeSh => "~/.acme.sh",
        }
    }

    /// The exact commands that stop the client's own renewals (certkeep edits no crontab).
    pub fn disable_commands(self) -> Vec<String> {
        match self {
            Client::Certbot => vec![
                "systemctl disable --now certbot.timer".to_owned(),
                "rm /etc/cron.d/certbot   # when certbot was installed with a cron job".to_owned(),
            ],
            Client::Lego => {
                vec!["crontab -e   # delete the line that runs 'lego ... renew'".to_owned()]
            }
            Client::AcmeSh => vec!["acme.sh --uninstall-cronjob".to_owned()],
        }
    }
}

impl fmt::Display for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything one import would do.
#[derive(Debug)]
pub struct ImportPlan {
    /// The client read.
    pub client: Client,
    /// The directory read.
    pub source: PathBuf,
    /// Accounts to import.
    pub accounts: Vec<PlannedAccount>,
    /// Certificates to import.
    pub certificates: Vec<PlannedCert>,
    /// What was found and will not be imported, with the reason.
    pub skipped: Vec<Skipped>,
}

/// An ACME account of the old client.
#[derive(Debug)]
pub struct PlannedAccount {
    /// Where it was found, relative to the source directory.
    pub source: String,
    /// The CA's directory URL as recorded (it may not be reachable now).
    pub ca: String,
    /// True when the directory URL was not recorded and is inferred (lego).
    pub ca_inferred: bool,
    /// The account URL (the ACME `kid`).
    pub url: String,
    /// Contact URIs, when the client kept them.
    pub contact: Vec<String>,
    /// The account key.
    pub key: ImportedKey,
    /// The certkeep account name it will get.
    pub name: String,
}

/// How a lineage proves control, as far as certkeep can take it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlannedChallenge {
    /// A setting certkeep has.
    Spec(ChallengeSpec),
    /// The old client's method has no certkeep equivalent (or was not recorded): the user must
    /// choose one (`certkeep edit NAME --http`, `--dns ...`).
    NeedsChoice {
        /// What the old client used, as it recorded it.
        recorded: String,
    },
}

/// A certificate lineage of the old client.
#[derive(Debug)]
pub struct PlannedCert {
    /// Where it was found, relative to the source directory (`live/NAME`, `NAME_ecc` ...).
    pub source: String,
    /// The name the client knew it by (a certbot lineage, acme.sh's main domain ...).
    pub wanted_name: String,
    /// The certkeep name it will get (after the prefix and collisions).
    pub name: Option<CertName>,
    /// The CA's directory URL.
    pub ca: String,
    /// The account URL renewals use, when known.
    pub account_url: Option<String>,
    /// The key type for new keys.
    pub key_type: KeySpec,
    /// How to prove control.
    pub challenge: PlannedChallenge,
    /// The preferred chain, if the client had one.
    pub preferred_chain: Option<String>,
    /// Hooks as certkeep will run them.
    pub hooks: Hooks,
    /// Generations, oldest first; the last is the current one.
    pub generations: Vec<Generation>,
    /// Paths services read today that certkeep should keep writing (`--take-over`).
    pub take_over: Vec<TakeOver>,
    /// A secret the challenge needs, to be moved into the keyring (certbot's TSIG secret).
    pub secret: Option<PlannedSecret>,
}

/// A secret found in the old client's files, saved as `keyring:NAME` on import.
#[derive(Debug)]
pub struct PlannedSecret {
    /// The keyring name the challenge spec refers to.
    pub name: String,
    /// The value (redacted in `Debug`).
    pub value: crate::secrets::Secret,
}

impl PlannedCert {
    /// The current generation.
    pub fn current(&self) -> Option<&Generation> {
        self.generations.last()
    }

    /// The identifiers of the current generation.
    pub fn identifiers(&self) -> &[Identifier] {
        self.current().map_or(&[], |g| g.identifiers.as_slice())
    }
}

/// A file a service reads today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TakeOver {
    /// `cert`, `chain`, `fullchain` or `key`.
    pub file: &'static str,
    /// The path, as the old client recorded it.
    pub path: PathBuf,
}

/// Something found that will not be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// Where it was found, relative to the source directory.
    pub source: String,
    /// Why.
    pub reason: String,
}

impl ImportPlan {
    /// An empty plan for `client` at `source`.
    pub(super) fn new(client: Client, source: &std::path::Path) -> Self {
        Self {
            client,
            source: source.to_path_buf(),
            accounts: Vec::new(),
            certificates: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Records a skip.
    pub(super) fn skip(&mut self, source: impl Into<String>, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            source: source.into(),
            reason: reason.into(),
        });
    }

    /// Gives every certificate a distinct certkeep name: the prefix and the wanted name, then
    /// `-2`, `-3` ... on a collision (certbot's `-0001` lineages already differ; acme.sh's RSA
    /// and `_ecc` twins share a domain). A wanted name that is not a valid name falls back to
    /// the first identifier.
    pub(super) fn assign_names(&mut self, prefix: &str) -> Result<(), ImportError> {
        let mut taken: Vec<CertName> = Vec::new();
        let mut order: Vec<usize> = (0..self.certificates.len()).collect();
        // RSA twins first, so the `_ecc` one is the renamed one whatever the directory order.
        order.sort_by_key(|i| {
            let cert = &self.certificates[*i];
            (cert.wanted_name.clone(), cert.key_type.rsa_bits().is_none())
        });
        for i in order {
            let cert = &mut self.certificates[i];
            let base = format!("{prefix}{}", cert.wanted_name);
            let base = if base.parse::<CertName>().is_ok() {
                base
            } else {
                let fallback = cert
                    .identifiers()
                    .first()
                    .map(|id| CertName::from_identifier(id).as_str().to_owned())
                    .unwrap_or_default();
                format!("{prefix}{fallback}")
            };
            let mut candidate = base.clone();
            let mut n = 2;
            loop {
                let name: CertName = candidate
                    .parse()
                    .map_err(|_| ImportError::BadPrefix(prefix.to_owned()))?;
                if !taken.contains(&name) {
                    taken.push(name.clone());
                    cert.name = Some(name);
                    break;
                }
                candidate = format!("{base}-{n}");
                n += 1;
            }
        }
        Ok(())
    }
}

/// A shell command line as a certkeep hook (the old clients ran their hooks through a shell).
pub(super) fn shell_hook(line: &str) -> Option<HookSpec> {
    let line = line.trim();
    (!line.is_empty()).then(|| HookSpec {
        command: vec![line.to_owned()],
        shell: true,
        timeout_secs: None,
    })
}
