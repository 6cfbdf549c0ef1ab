//! The form behind `n`: a new certificate's names, CA, challenge (http-01, tls-alpn-01, or
//! dns-01 with its provider's settings, see [`super::form_dns`]), key type, account, profile,
//! preferred chain and hooks (pre, post, deploy, failure), checked
//! as the user types by the same functions `obtain` reads and checks its flags with
//! ([`ops::check_request`], [`crate::hooks::hook_specs`]), so the TUI has no rules of its own.
//! Plain data and pure key handling, like `update`.

use clap::ValueEnum;
use crossterm::event::KeyCode;

use super::form_dns::{DnsFields, DnsText, Provider};
use crate::domain::{ChallengeSpec, HookSpec, Hooks, KeySpec, RenewalPolicy};
use crate::ops::{self, ObtainRequest};

/// How the new certificate's challenges are answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Challenge {
    /// http-01, certkeep listening on an address.
    HttpStandalone,
    /// http-01, files written under a web server's root.
    HttpWebroot,
    /// tls-alpn-01, certkeep listening on an address.
    TlsAlpnStandalone,
    /// dns-01, through a DNS provider.
    Dns01,
}

impl Challenge {
    const ALL: [Challenge; 4] = [
        Challenge::HttpStandalone,
        Challenge::HttpWebroot,
        Challenge::TlsAlpnStandalone,
        Challenge::Dns01,
    ];

    /// As the form shows it.
    pub(super) fn label(self) -> &'static str {
        match self {
            Challenge::HttpStandalone => "http-01, listening",
            Challenge::HttpWebroot => "http-01, webroot",
            Challenge::TlsAlpnStandalone => "tls-alpn-01, listening",
            Challenge::Dns01 => "dns-01",
        }
    }

    /// What the "at" field holds for it, and its default (the CLI's); dns-01 has none.
    pub(super) fn at(self) -> (&'static str, &'static str) {
        match self {
            Challenge::HttpStandalone => ("Listen on", "[::]:80"),
            Challenge::HttpWebroot => ("Webroot", "/var/www/html"),
            Challenge::TlsAlpnStandalone => ("Listen on", "[::]:443"),
            Challenge::Dns01 => ("", ""),
        }
    }
}

/// A field of the form, in the order Tab visits them (those the challenge uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    /// The identifiers, separated by spaces or commas.
    Names,
    /// The CA: a preset name or a directory URL.
    Ca,
    /// The challenge (picked with the arrows).
    Challenge,
    /// The listen address or webroot (not for dns-01).
    At,
    /// The dns-01 provider (picked with the arrows).
    Provider,
    /// A dns-01 setting of the provider.
    Dns(DnsText),
    /// The key type (picked with the arrows).
    KeyType,
    /// The account to order with (empty: the CA's only account, or `default`).
    Account,
    /// The CA's certificate profile (empty: the CA's default).
    Profile,
    /// The chain to prefer, by its root's or an intermediate's common name (empty: the CA's).
    PreferredChain,
    /// A hook: before the order (0), after the run (1), after the certificate is stored (2),
    /// after a failed attempt (3).
    Hook(usize),
}

/// The hook fields' labels, as [`Field::Hook`] numbers them.
const HOOKS: [&str; 4] = ["Pre hook", "Post hook", "Deploy hook", "Failure hook"];

/// The form's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ObtainForm {
    /// The identifiers as typed.
    pub(super) names: String,
    /// The CA as typed.
    pub(super) ca: String,
    /// The challenge picked.
    pub(super) challenge: Challenge,
    /// The listen address or webroot as typed.
    pub(super) at: String,
    /// The key type picked.
    pub(super) key_type: KeySpec,
    /// The account, profile and preferred chain as typed (empty: the default).
    pub(super) account: String,
    /// The profile as typed.
    pub(super) profile: String,
    /// The preferred chain as typed.
    pub(super) preferred_chain: String,
    /// The dns-01 settings (used when dns-01 is picked).
    pub(super) dns: DnsFields,
    /// The pre, post, deploy and failure hook command lines as typed (empty: none).
    pub(super) hooks: [String; 4],
    /// The field that takes the keys.
    pub(super) focus: Field,
    /// What `obtain` would say now: the certificate's name, or why it would refuse.
    pub(super) verdict: Result<String, String>,
}

/// What a key did to the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FormAction {
    /// Still editing.
    Editing,
    /// Esc: the form is dropped.
    Cancelled,
    /// Enter on a valid form: obtain it.
    Submitted,
}

impl ObtainForm {
    /// An empty form; the CA starts as `ca` (the store's first account's, when it has one).
    pub(super) fn new(ca: &str) -> Self {
        let challenge = Challenge::HttpStandalone;
        let mut form = Self {
            names: String::new(),
            ca: ca.to_owned(),
            challenge,
            at: challenge.at().1.to_owned(),
            key_type: KeySpec::default(),
            account: String::new(),
            profile: String::new(),
            preferred_chain: String::new(),
            dns: DnsFields::default(),
            hooks: Default::default(),
            focus: Field::Names,
            verdict: Err(String::new()),
        };
        form.check();
        form
    }

    /// Sets the CA to `to` when it still reads `from` (the user has not changed it).
    pub(super) fn replace_ca(&mut self, from: &str, to: &str) {
        if self.ca == from {
            to.clone_into(&mut self.ca);
            self.check();
        }
    }

    /// The request `obtain` gets, as the CLI would build it from the same values, or why the
    /// values cannot make one (a challenge setting or hook the CLI would refuse too).
    pub(super) fn request(&self) -> Result<ObtainRequest, String> {
        let at = self.at.trim().to_owned();
        if self.challenge != Challenge::Dns01 && at.is_empty() {
            return Err(format!("'{}' is empty", self.challenge.at().0));
        }
        let challenge = match self.challenge {
            Challenge::HttpStandalone => ChallengeSpec::Http01Standalone { listen: at },
            Challenge::HttpWebroot => ChallengeSpec::Http01Webroot { path: at.into() },
            Challenge::TlsAlpnStandalone => ChallengeSpec::TlsAlpn01Standalone { listen: at },
            Challenge::Dns01 => self.dns.spec()?,
        };
        let hook = |stage: usize| -> Result<Vec<HookSpec>, String> {
            let line = self.hooks[stage].trim();
            let lines = if line.is_empty() {
                Vec::new()
            } else {
                vec![line.to_owned()]
            };
            crate::hooks::hook_specs(&lines, false, None).map_err(|e| e.to_string())
        };
        let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        Ok(ObtainRequest {
            domains: self
                .names
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
                .collect(),
            name: None,
            ca: self.ca.trim().to_owned(),
            account: optional(&self.account),
            key_type: self.key_type,
            csr: None,
            profile: optional(&self.profile),
            preferred_chain: optional(&self.preferred_chain),
            challenge,
            dry_run: false,
            register_if_missing: None,
            hooks: Hooks {
                pre: hook(0)?,
                post: hook(1)?,
                deploy: hook(2)?,
                failure: hook(3)?,
            },
            renewal: RenewalPolicy::default(),
            replaces: None,
            force: false,
        })
    }

    /// Checks the form as `obtain` will.
    fn check(&mut self) {
        self.verdict = self
            .request()
            .and_then(|request| ops::check_request(&request).map_err(|e| e.to_string()));
    }

    /// The fields the picked challenge uses, in the order Tab visits them.
    pub(super) fn fields(&self) -> Vec<Field> {
        let mut fields = vec![Field::Names, Field::Ca, Field::Challenge];
        if self.challenge == Challenge::Dns01 {
            fields.push(Field::Provider);
            fields.extend(self.dns.texts().iter().map(|text| Field::Dns(*text)));
        } else {
            fields.push(Field::At);
        }
        fields.extend([
            Field::KeyType,
            Field::Account,
            Field::Profile,
            Field::PreferredChain,
        ]);
        fields.extend((0..HOOKS.len()).map(Field::Hook));
        fields
    }

    /// How `field` shows: its label, its value (a TSIG secret typed in as dots), what an empty
    /// one means, and whether it is picked with the arrows.
    pub(super) fn row(&self, field: Field) -> (&'static str, String, &'static str, bool) {
        match field {
            Field::Names => ("Names", self.names.clone(), "", false),
            Field::Ca => ("CA", self.ca.clone(), "", false),
            Field::Challenge => ("Challenge", self.challenge.label().to_owned(), "", true),
            Field::At => (self.challenge.at().0, self.at.clone(), "", false),
            Field::Provider => ("Provider", self.dns.provider.name().to_owned(), "", true),
            Field::Dns(text) => {
                let (label, empty) = text.label();
                (label, self.dns.shown(text), empty, false)
            }
            Field::KeyType => ("Key type", self.key_type.as_str().to_owned(), "", true),
            Field::Account => (
                "Account",
                self.account.clone(),
                "the CA's only account, or 'default'",
                false,
            ),
            Field::Profile => (
                "Profile",
                self.profile.clone(),
                "the CA's default (e.g. shortlived)",
                false,
            ),
            Field::PreferredChain => (
                "Chain",
                self.preferred_chain.clone(),
                "the CA's default; or an issuer's common name",
                false,
            ),
            Field::Hook(stage) => (
                HOOKS.get(stage).copied().unwrap_or_default(),
                self.hooks.get(stage).cloned().unwrap_or_default(),
                "optional; a command, quoted as in sh",
                false,
            ),
        }
    }

    /// Folds a key into the form: Tab and the up/down arrows move between fields, left/right
    /// pick the challenge and key type, characters and Backspace edit the text fields, Enter
    /// submits a valid form, Esc cancels.
    pub(super) fn key(&mut self, code: KeyCode) -> FormAction {
        match code {
            KeyCode::Esc => return FormAction::Cancelled,
            KeyCode::Enter if self.verdict.is_ok() => return FormAction::Submitted,
            KeyCode::Tab | KeyCode::Down => self.focus = self.step(1),
            KeyCode::BackTab | KeyCode::Up => self.focus = self.step(self.fields().len() - 1),
            KeyCode::Left | KeyCode::Right => self.pick(code == KeyCode::Left),
            KeyCode::Backspace => {
                if let Some(text) = self.text() {
                    text.pop();
                }
            }
            KeyCode::Char(c) => {
                if let Some(text) = self.text() {
                    text.push(c);
                }
            }
            _ => {}
        }
        self.check();
        FormAction::Editing
    }

    fn step(&self, by: usize) -> Field {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        fields[(at + by) % fields.len()]
    }

    /// The text the focused field edits (`None` for a picked field).
    fn text(&mut self) -> Option<&mut String> {
        match self.focus {
            Field::Names => Some(&mut self.names),
            Field::Ca => Some(&mut self.ca),
            Field::At => Some(&mut self.at),
            Field::Dns(text) => Some(self.dns.text_mut(text)),
            Field::Account => Some(&mut self.account),
            Field::Profile => Some(&mut self.profile),
            Field::PreferredChain => Some(&mut self.preferred_chain),
            Field::Hook(stage) => self.hooks.get_mut(stage),
            Field::Challenge | Field::KeyType | Field::Provider => None,
        }
    }

    /// Left/right on a picked field: the previous or next choice, wrapping; the listen address
    /// or webroot follows the challenge unless the user changed it.
    fn pick(&mut self, backwards: bool) {
        match self.focus {
            Field::Challenge => {
                let next = cycle(&Challenge::ALL, self.challenge, backwards);
                let untouched = Challenge::ALL.iter().any(|c| c.at().1 == self.at);
                if untouched && next != Challenge::Dns01 {
                    next.at().1.clone_into(&mut self.at);
                }
                self.challenge = next;
            }
            Field::Provider => {
                self.dns.provider = cycle(&Provider::ALL, self.dns.provider, backwards);
            }
            Field::KeyType => {
                self.key_type = cycle(KeySpec::value_variants(), self.key_type, backwards);
            }
            Field::Names
            | Field::Ca
            | Field::At
            | Field::Dns(_)
            | Field::Account
            | Field::Profile
            | Field::PreferredChain
            | Field::Hook(_) => {}
        }
    }
}

/// The choice before or after `current` in `all`, wrapping.
fn cycle<T: Copy + PartialEq>(all: &[T], current: T, backwards: bool) -> T {
    let at = all.iter().position(|c| *c == current).unwrap_or(0);
    let to = if backwards {
        at + all.len() - 1
    } else {
        at + 1
    };
    all[to % all.len()]
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
