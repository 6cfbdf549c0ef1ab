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
mod tests {
    use super::*;

    fn typed(form: &mut ObtainForm, text: &str) {
        for c in text.chars() {
            assert_eq!(form.key(KeyCode::Char(c)), FormAction::Editing);
        }
    }

    #[test]
    fn the_form_checks_as_obtain_does_while_typing() {
        let mut form = ObtainForm::new("https://acme.test/dir");
        assert!(form.verdict.is_err(), "no names yet");
        assert_eq!(form.key(KeyCode::Enter), FormAction::Editing, "not valid");
        typed(&mut form, "www.example.org, example.org");
        assert_eq!(form.verdict.as_deref(), Ok("www.example.org"));
        typed(&mut form, " bad..name");
        let error = form.verdict.clone().unwrap_err();
        assert!(error.contains("bad..name"), "{error}");
        for _ in 0.." bad..name".len() {
            form.key(KeyCode::Backspace);
        }
        assert!(form.verdict.is_ok());
        // A wildcard needs dns-01: obtain's own rule says so.
        typed(&mut form, " *.example.org");
        assert!(form.verdict.clone().unwrap_err().contains("*.example.org"));
        for _ in 0.." *.example.org".len() {
            form.key(KeyCode::Backspace);
        }
        form.key(KeyCode::Tab);
        assert_eq!(form.focus, Field::Ca);
        for _ in 0.."https://acme.test/dir".len() {
            form.key(KeyCode::Backspace);
        }
        typed(&mut form, "nonsense");
        assert!(form.verdict.is_err(), "not a preset nor a URL");
        for _ in 0.."nonsense".len() {
            form.key(KeyCode::Backspace);
        }
        typed(&mut form, "letsencrypt-staging");
        assert!(form.verdict.is_ok(), "{:?}", form.verdict);
        assert_eq!(form.key(KeyCode::Enter), FormAction::Submitted);
        assert_eq!(form.key(KeyCode::Esc), FormAction::Cancelled);
    }

    #[test]
    fn arrows_pick_the_challenge_and_key_type_and_the_address_follows_the_challenge() {
        let mut form = ObtainForm::new("https://acme.test/dir");
        typed(&mut form, "example.org");
        form.key(KeyCode::Down);
        form.key(KeyCode::Down);
        assert_eq!(form.focus, Field::Challenge);
        typed(&mut form, "x");
        assert_eq!(
            form.names, "example.org",
            "letters do nothing on a picked field"
        );
        form.key(KeyCode::Right);
        assert_eq!(form.challenge, Challenge::HttpWebroot);
        assert_eq!(form.at, "/var/www/html");
        form.key(KeyCode::Right);
        assert_eq!(form.challenge, Challenge::TlsAlpnStandalone);
        assert_eq!(form.at, "[::]:443");
        form.key(KeyCode::Tab);
        form.key(KeyCode::Backspace);
        form.key(KeyCode::Backspace);
        form.key(KeyCode::Backspace);
        typed(&mut form, "8443");
        form.key(KeyCode::BackTab);
        form.key(KeyCode::Left);
        assert_eq!(form.challenge, Challenge::HttpWebroot);
        assert_eq!(form.at, "[::]:8443", "a typed address is kept");
        for _ in 0..3 {
            form.key(KeyCode::Up);
        }
        assert_eq!(form.focus, Field::Hook(3), "Up wraps round");
        for _ in 0..7 {
            form.key(KeyCode::Up);
        }
        assert_eq!(form.focus, Field::KeyType);
        form.key(KeyCode::Left);
        assert_eq!(form.key_type, KeySpec::Rsa4096, "left from the first wraps");
        let request = form.request().unwrap();
        assert_eq!(request.domains, ["example.org"]);
        assert_eq!(request.key_type, KeySpec::Rsa4096);
        assert_eq!(
            request.challenge,
            ChallengeSpec::Http01Webroot {
                path: "[::]:8443".into()
            }
        );
    }

    #[test]
    fn an_empty_address_is_refused_before_obtain_is_asked() {
        let mut form = ObtainForm::new("https://acme.test/dir");
        typed(&mut form, "example.org");
        form.focus = Field::At;
        for _ in 0..10 {
            form.key(KeyCode::Backspace);
        }
        assert_eq!(form.verdict, Err("'Listen on' is empty".into()));
    }

    /// The form with `names` typed and dns-01 picked (rfc2136, the first provider).
    fn dns_form(names: &str) -> ObtainForm {
        let mut form = ObtainForm::new("https://acme.test/dir");
        typed(&mut form, names);
        form.focus = Field::Challenge;
        form.key(KeyCode::Left);
        assert_eq!(form.challenge, Challenge::Dns01);
        form
    }

    /// Tabs to `field` and types `text` there.
    fn fill(form: &mut ObtainForm, field: Field, text: &str) {
        while form.focus != field {
            form.key(KeyCode::Tab);
        }
        typed(form, text);
    }

    #[test]
    fn dns01_with_rfc2136_asks_for_its_settings_as_obtain_dns_does_and_takes_a_wildcard() {
        let mut form = dns_form("example.org *.example.org");
        assert_eq!(
            form.fields(),
            [
                Field::Names,
                Field::Ca,
                Field::Challenge,
                Field::Provider,
                Field::Dns(DnsText::Server),
                Field::Dns(DnsText::TsigKeyName),
                Field::Dns(DnsText::TsigSecret),
                Field::Dns(DnsText::TsigAlgorithm),
                Field::Dns(DnsText::Zone),
                Field::Dns(DnsText::CheckServers),
                Field::Dns(DnsText::Timeout),
                Field::KeyType,
                Field::Account,
                Field::Profile,
                Field::PreferredChain,
                Field::Hook(0),
                Field::Hook(1),
                Field::Hook(2),
                Field::Hook(3),
            ]
        );
        // The CLI's own refusal of an incomplete --dns rfc2136.
        let error = form.verdict.clone().unwrap_err();
        assert!(error.contains("rfc2136"), "{error}");
        fill(&mut form, Field::Dns(DnsText::Server), "127.0.0.1:5353");
        fill(&mut form, Field::Dns(DnsText::TsigKeyName), "certkeep");
        fill(&mut form, Field::Dns(DnsText::TsigSecret), "c2VjcmV0");
        assert_eq!(
            form.verdict,
            Err("give the TSIG secret as keyring:NAME, file:PATH or env:VAR".into())
        );
        assert_eq!(form.row(Field::Dns(DnsText::TsigSecret)).1, "••••••••");
        for _ in 0.."c2VjcmV0".len() {
            form.key(KeyCode::Backspace);
        }
        typed(&mut form, "file:/etc/certkeep/tsig.key");
        fill(&mut form, Field::Dns(DnsText::Zone), "example.org");
        assert_eq!(form.verdict.as_deref(), Ok("example.org"));
        let request = form.request().unwrap();
        let expected: crate::domain::Dns01Spec = crate::domain::Dns01Settings {
            provider: "rfc2136".into(),
            server: Some("127.0.0.1:5353".into()),
            tsig_key_name: Some("certkeep".into()),
            tsig_secret: Some("file:/etc/certkeep/tsig.key".into()),
            zone: Some("example.org".into()),
            ..Default::default()
        }
        .try_into()
        .unwrap();
        assert_eq!(request.challenge, ChallengeSpec::Dns01(expected));
    }

    #[test]
    fn account_profile_chain_failure_hook_and_dns_timeout_reach_the_request_as_obtains_flags() {
        let mut form = dns_form("*.example.org");
        form.focus = Field::Provider;
        form.key(KeyCode::Right);
        form.key(KeyCode::Right);
        assert_eq!(form.dns.provider, Provider::Exec);
        fill(
            &mut form,
            Field::Dns(DnsText::Script),
            "/usr/local/bin/dns.sh",
        );
        fill(&mut form, Field::Dns(DnsText::Timeout), "0");
        let error = form.verdict.clone().unwrap_err();
        assert!(error.contains("1 to 86400"), "{error}");
        form.key(KeyCode::Backspace);
        typed(&mut form, "600");
        fill(&mut form, Field::Account, "ops");
        fill(&mut form, Field::Profile, "shortlived");
        fill(&mut form, Field::PreferredChain, "ISRG Root X2");
        fill(&mut form, Field::Hook(3), "mail -s 'renewal failed' ops");
        let Ok(request) = form.request() else {
            panic!("{:?}", form.verdict);
        };
        assert!(form.verdict.is_ok(), "{:?}", form.verdict);
        assert_eq!(request.account.as_deref(), Some("ops"));
        assert_eq!(request.profile.as_deref(), Some("shortlived"));
        assert_eq!(request.preferred_chain.as_deref(), Some("ISRG Root X2"));
        assert_eq!(
            request.hooks.failure,
            crate::hooks::hook_specs(&["mail -s 'renewal failed' ops".to_owned()], false, None)
                .unwrap()
        );
        let ChallengeSpec::Dns01(spec) = request.challenge else {
            panic!("not dns-01");
        };
        assert_eq!(spec.timeout_secs, Some(600));
        // Empty, they are the defaults obtain uses without the flags.
        let plain = ObtainForm::new("https://acme.test/dir");
        assert_eq!(
            plain.row(Field::Account).2,
            "the CA's only account, or 'default'"
        );
        let mut plain = plain;
        typed(&mut plain, "example.org");
        let request = plain.request().unwrap();
        assert_eq!(
            (request.account, request.profile, request.preferred_chain),
            (None, None, None)
        );
        assert!(request.hooks.failure.is_empty());
    }

    #[test]
    fn the_provider_picks_its_own_fields_and_leaving_dns01_brings_the_listen_address_back() {
        let mut form = dns_form("example.org");
        form.focus = Field::Provider;
        form.key(KeyCode::Right);
        assert_eq!(form.dns.provider, Provider::AcmeDns);
        assert!(form.fields().contains(&Field::Dns(DnsText::AcmeDnsUrl)));
        assert!(form.verdict.clone().unwrap_err().contains("acme-dns"));
        form.key(KeyCode::Right);
        assert_eq!(form.dns.provider, Provider::Exec);
        fill(&mut form, Field::Dns(DnsText::Script), "hooks/dns.sh");
        let Ok(request) = form.request() else {
            panic!("{:?}", form.verdict);
        };
        let ChallengeSpec::Dns01(spec) = request.challenge else {
            panic!("not dns-01");
        };
        let crate::domain::DnsProvider::Exec { script } = spec.provider else {
            panic!("not exec");
        };
        assert!(
            script.is_absolute(),
            "made absolute as the CLI does: {script:?}"
        );
        form.focus = Field::Challenge;
        form.key(KeyCode::Right);
        assert_eq!(form.challenge, Challenge::HttpStandalone);
        assert_eq!(form.at, "[::]:80");
        assert!(form.fields().contains(&Field::At));
    }

    #[test]
    fn hooks_are_split_as_the_clis_hook_flags_and_a_bad_quote_is_refused() {
        let mut form = ObtainForm::new("https://acme.test/dir");
        typed(&mut form, "example.org");
        fill(
            &mut form,
            Field::Hook(2),
            "systemctl reload 'nginx.service'",
        );
        fill(&mut form, Field::Hook(0), "echo 'unterminated");
        assert!(
            form.verdict
                .clone()
                .unwrap_err()
                .contains("unterminated quote")
        );
        form.key(KeyCode::Backspace);
        typed(&mut form, "d'");
        let hooks = form.request().unwrap().hooks;
        assert_eq!(hooks.pre[0].command, ["echo", "unterminated"]);
        assert!(hooks.post.is_empty());
        assert_eq!(
            hooks.deploy[0].command,
            ["systemctl", "reload", "nginx.service"]
        );
        assert!(!hooks.deploy[0].shell);
    }
}
