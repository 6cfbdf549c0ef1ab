//! The dns-01 part of the new-certificate form: the provider (those `obtain --dns` offers
//! that need no terminal of their own) and the fields each needs, read into a
//! [`ChallengeSpec`] by the same conversion the CLI's `--dns` flags go through
//! ([`Dns01Settings`] into [`Dns01Spec`](crate::domain::Dns01Spec)), so the rules live there
//! only. The TSIG secret is taken only as a secret reference, and a secret typed in is
//! never shown.

use crate::domain::{ChallengeSpec, Dns01Settings, DnsSpecError};
use crate::error::Error;
use crate::secrets::SecretRef;

/// A dns-01 provider the form offers. `manual` is left out: it waits for Enter on the
/// terminal the TUI is drawing on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Provider {
    /// RFC 2136 dynamic update signed with TSIG.
    Rfc2136,
    /// An acme-dns server.
    AcmeDns,
    /// The user's script.
    Exec,
}

impl Provider {
    /// Every provider, in the order the arrows go through them.
    pub(super) const ALL: [Provider; 3] = [Provider::Rfc2136, Provider::AcmeDns, Provider::Exec];

    /// Its name, as `--dns` takes it.
    pub(super) fn name(self) -> &'static str {
        match self {
            Provider::Rfc2136 => "rfc2136",
            Provider::AcmeDns => "acme-dns",
            Provider::Exec => "exec",
        }
    }
}

/// A text field of the dns-01 settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DnsText {
    /// `--dns-server`.
    Server,
    /// `--tsig-key-name`.
    TsigKeyName,
    /// `--tsig-secret`, as a secret reference.
    TsigSecret,
    /// `--tsig-algorithm`.
    TsigAlgorithm,
    /// `--dns-zone`.
    Zone,
    /// `--acme-dns-url`.
    AcmeDnsUrl,
    /// `--dns-script`.
    Script,
    /// `--dns-check-server`, as many as typed (spaces or commas between).
    CheckServers,
    /// `--dns-timeout`, in seconds.
    Timeout,
}

impl DnsText {
    /// Its label in the form, and what an empty field means.
    pub(super) fn label(self) -> (&'static str, &'static str) {
        match self {
            DnsText::Server => ("DNS server", "ADDR[:PORT] of the primary"),
            DnsText::TsigKeyName => ("TSIG key", "the key's name"),
            DnsText::TsigSecret => ("TSIG secret", "keyring:NAME, file:PATH or env:VAR"),
            DnsText::TsigAlgorithm => ("Algorithm", "hmac-sha256"),
            DnsText::Zone => ("Zone", "found by SOA lookup"),
            DnsText::AcmeDnsUrl => ("acme-dns URL", "https://auth.example.org"),
            DnsText::Script => ("Script", "run as SCRIPT present|cleanup RECORD VALUE"),
            DnsText::CheckServers => ("Check on", "the zone's NS; for rfc2136 the primary"),
            DnsText::Timeout => ("Wait up to", "120 s for the record on every server"),
        }
    }
}

/// The dns-01 settings as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DnsFields {
    /// The provider picked.
    pub(super) provider: Provider,
    /// `--dns-server`.
    pub(super) server: String,
    /// `--tsig-key-name`.
    pub(super) tsig_key_name: String,
    /// `--tsig-secret`.
    pub(super) tsig_secret: String,
    /// `--tsig-algorithm`.
    pub(super) tsig_algorithm: String,
    /// `--dns-zone`.
    pub(super) zone: String,
    /// `--acme-dns-url`.
    pub(super) acme_dns_url: String,
    /// `--dns-script`.
    pub(super) script: String,
    /// `--dns-check-server`s.
    pub(super) check_servers: String,
    /// `--dns-timeout`.
    pub(super) timeout: String,
}

impl Default for DnsFields {
    fn default() -> Self {
        Self {
            provider: Provider::Rfc2136,
            server: String::new(),
            tsig_key_name: String::new(),
            tsig_secret: String::new(),
            tsig_algorithm: String::new(),
            zone: String::new(),
            acme_dns_url: String::new(),
            script: String::new(),
            check_servers: String::new(),
            timeout: String::new(),
        }
    }
}

impl DnsFields {
    /// The text fields the picked provider uses, in the form's order.
    pub(super) fn texts(&self) -> &'static [DnsText] {
        match self.provider {
            Provider::Rfc2136 => &[
                DnsText::Server,
                DnsText::TsigKeyName,
                DnsText::TsigSecret,
                DnsText::TsigAlgorithm,
                DnsText::Zone,
                DnsText::CheckServers,
                DnsText::Timeout,
            ],
            Provider::AcmeDns => &[DnsText::AcmeDnsUrl, DnsText::CheckServers, DnsText::Timeout],
            Provider::Exec => &[DnsText::Script, DnsText::CheckServers, DnsText::Timeout],
        }
    }

    /// The text of `field`, to edit.
    pub(super) fn text_mut(&mut self, field: DnsText) -> &mut String {
        match field {
            DnsText::Server => &mut self.server,
            DnsText::TsigKeyName => &mut self.tsig_key_name,
            DnsText::TsigSecret => &mut self.tsig_secret,
            DnsText::TsigAlgorithm => &mut self.tsig_algorithm,
            DnsText::Zone => &mut self.zone,
            DnsText::AcmeDnsUrl => &mut self.acme_dns_url,
            DnsText::Script => &mut self.script,
            DnsText::CheckServers => &mut self.check_servers,
            DnsText::Timeout => &mut self.timeout,
        }
    }

    /// The text of `field` as the form shows it: a TSIG secret typed in as dots.
    pub(super) fn shown(&self, field: DnsText) -> String {
        let mut copy = self.clone();
        let text = copy.text_mut(field).clone();
        if field == DnsText::TsigSecret && self.secret_is_raw() {
            "•".repeat(text.chars().count())
        } else {
            text
        }
    }

    /// True when the TSIG secret field holds something that is not a secret reference.
    pub(super) fn secret_is_raw(&self) -> bool {
        let secret = self.tsig_secret.trim();
        !secret.is_empty()
            && secret
                .parse::<SecretRef>()
                .is_ok_and(|reference| reference.is_raw())
    }

    /// The challenge, read as `obtain --dns` reads its flags.
    pub(super) fn spec(&self) -> Result<ChallengeSpec, String> {
        if self.secret_is_raw() {
            return Err("give the TSIG secret as keyring:NAME, file:PATH or env:VAR".into());
        }
        let given = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        let uses = |field: DnsText| self.texts().contains(&field);
        // The range `--dns-timeout` takes.
        let timeout_secs = given(&self.timeout)
            .map(|text| {
                text.parse::<u64>()
                    .ok()
                    .filter(|secs| (1..=86_400).contains(secs))
                    .ok_or_else(|| {
                        format!("'Wait up to' takes seconds from 1 to 86400, not '{text}'")
                    })
            })
            .transpose()?;
        let settings = Dns01Settings {
            provider: self.provider.name().to_owned(),
            // As the CLI does: a relative script is made absolute, so renewals find it.
            script: given(&self.script)
                .filter(|_| uses(DnsText::Script))
                .map(std::path::PathBuf::from)
                .map(|p| std::path::absolute(&p).unwrap_or(p)),
            check_servers: self
                .check_servers
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|server| !server.is_empty())
                .map(str::to_owned)
                .collect(),
            timeout_secs,
            extra_wait_secs: None,
            server: given(&self.server).filter(|_| uses(DnsText::Server)),
            tsig_key_name: given(&self.tsig_key_name).filter(|_| uses(DnsText::TsigKeyName)),
            tsig_secret: given(&self.tsig_secret).filter(|_| uses(DnsText::TsigSecret)),
            tsig_algorithm: given(&self.tsig_algorithm).filter(|_| uses(DnsText::TsigAlgorithm)),
            zone: given(&self.zone).filter(|_| uses(DnsText::Zone)),
            acme_dns_url: given(&self.acme_dns_url).filter(|_| uses(DnsText::AcmeDnsUrl)),
        };
        settings
            .try_into()
            .map(ChallengeSpec::Dns01)
            .map_err(|e: DnsSpecError| Error::from(e).to_string())
    }
}
