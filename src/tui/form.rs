//! The form behind `n`: a new certificate's names, CA, challenge and key type, checked as the
//! user types by the same function `obtain` checks its request with ([`ops::check_request`]),
//! so the TUI has no rules of its own. Plain data and pure key handling, like `update`.

use clap::ValueEnum;
use crossterm::event::KeyCode;

use crate::domain::{ChallengeSpec, Hooks, KeySpec, RenewalPolicy};
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
}

impl Challenge {
    const ALL: [Challenge; 3] = [
        Challenge::HttpStandalone,
        Challenge::HttpWebroot,
        Challenge::TlsAlpnStandalone,
    ];

    /// As the form shows it.
    pub(super) fn label(self) -> &'static str {
        match self {
            Challenge::HttpStandalone => "http-01, listening",
            Challenge::HttpWebroot => "http-01, webroot",
            Challenge::TlsAlpnStandalone => "tls-alpn-01, listening",
        }
    }

    /// What the "at" field holds for it, and its default (the CLI's).
    pub(super) fn at(self) -> (&'static str, &'static str) {
        match self {
            Challenge::HttpStandalone => ("Listen on", "[::]:80"),
            Challenge::HttpWebroot => ("Webroot", "/var/www/html"),
            Challenge::TlsAlpnStandalone => ("Listen on", "[::]:443"),
        }
    }
}

/// A field of the form, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    /// The identifiers, separated by spaces or commas.
    Names,
    /// The CA: a preset name or a directory URL.
    Ca,
    /// The challenge (picked with the arrows).
    Challenge,
    /// The listen address or webroot.
    At,
    /// The key type (picked with the arrows).
    KeyType,
}

impl Field {
    const ALL: [Field; 5] = [
        Field::Names,
        Field::Ca,
        Field::Challenge,
        Field::At,
        Field::KeyType,
    ];
}

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
            focus: Field::Names,
            verdict: Err(String::new()),
        };
        form.check();
        form
    }

    /// The request `obtain` gets, as the CLI would build it from the same values.
    pub(super) fn request(&self) -> ObtainRequest {
        let at = self.at.trim().to_owned();
        ObtainRequest {
            domains: self
                .names
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
                .collect(),
            name: None,
            ca: self.ca.trim().to_owned(),
            account: None,
            key_type: self.key_type,
            csr: None,
            profile: None,
            preferred_chain: None,
            challenge: match self.challenge {
                Challenge::HttpStandalone => ChallengeSpec::Http01Standalone { listen: at },
                Challenge::HttpWebroot => ChallengeSpec::Http01Webroot { path: at.into() },
                Challenge::TlsAlpnStandalone => ChallengeSpec::TlsAlpn01Standalone { listen: at },
            },
            dry_run: false,
            register_if_missing: None,
            hooks: Hooks::default(),
            renewal: RenewalPolicy::default(),
            replaces: None,
            force: false,
        }
    }

    /// Checks the form as `obtain` will.
    fn check(&mut self) {
        self.verdict = if self.at.trim().is_empty() {
            Err(format!("'{}' is empty", self.challenge.at().0))
        } else {
            ops::check_request(&self.request()).map_err(|e| e.to_string())
        };
    }

    /// Folds a key into the form: Tab and the up/down arrows move between fields, left/right
    /// pick the challenge and key type, characters and Backspace edit the text fields, Enter
    /// submits a valid form, Esc cancels.
    pub(super) fn key(&mut self, code: KeyCode) -> FormAction {
        match code {
            KeyCode::Esc => return FormAction::Cancelled,
            KeyCode::Enter if self.verdict.is_ok() => return FormAction::Submitted,
            KeyCode::Tab | KeyCode::Down => self.focus = self.step(1),
            KeyCode::BackTab | KeyCode::Up => self.focus = self.step(Field::ALL.len() - 1),
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
        let at = Field::ALL
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0);
        Field::ALL[(at + by) % Field::ALL.len()]
    }

    /// The text the focused field edits (`None` for a picked field).
    fn text(&mut self) -> Option<&mut String> {
        match self.focus {
            Field::Names => Some(&mut self.names),
            Field::Ca => Some(&mut self.ca),
            Field::At => Some(&mut self.at),
            Field::Challenge | Field::KeyType => None,
        }
    }

    /// Left/right on a picked field: the previous or next choice, wrapping; the listen address
    /// or webroot follows the challenge unless the user changed it.
    fn pick(&mut self, backwards: bool) {
        match self.focus {
            Field::Challenge => {
                let next = cycle(&Challenge::ALL, self.challenge, backwards);
                if self.at == self.challenge.at().1 {
                    next.at().1.clone_into(&mut self.at);
                }
                self.challenge = next;
            }
            Field::KeyType => {
                self.key_type = cycle(KeySpec::value_variants(), self.key_type, backwards);
            }
            Field::Names | Field::Ca | Field::At => {}
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
        // A wildcard needs dns-01, which the form does not offer: obtain's own rule says so.
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
        form.key(KeyCode::Up);
        form.key(KeyCode::Up);
        form.key(KeyCode::Up);
        assert_eq!(form.focus, Field::KeyType, "Up wraps round");
        form.key(KeyCode::Left);
        assert_eq!(form.key_type, KeySpec::Rsa4096, "left from the first wraps");
        let request = form.request();
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
}
