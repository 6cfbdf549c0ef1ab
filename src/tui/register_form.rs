//! The form behind `n` on the accounts tab: a new account's CA, name, contact e-mails, the
//! CA's terms to agree to, the External Account Binding key id and HMAC (as a secret
//! reference, never shown), and whether to register anew over an existing account of the
//! name (`--replace`: one the CA forgot, or a damaged one), checked as the user types by the same function `account
//! register` checks its request with ([`ops::check_register`]). The CA's terms and whether it
//! needs EAB come from its directory, read in the background ([`TermsState`]). Plain data and
//! pure key handling, like `update`.

use crossterm::event::KeyCode;

use super::form::FormAction;
use crate::ops::{self, CaTerms, RegisterRequest};
use crate::secrets::SecretRef;

/// A field of the form, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RegisterField {
    /// The CA: a preset name or a directory URL.
    Ca,
    /// The local account name.
    Name,
    /// The contact e-mails, separated by spaces or commas.
    Emails,
    /// Agreement to the CA's terms (Space toggles it).
    Agree,
    /// The EAB key id.
    EabKid,
    /// The EAB HMAC key, as `keyring:NAME`, `file:PATH` or `env:VAR`.
    EabHmac,
    /// Register anew over an existing account of this name (Space toggles it).
    Replace,
}

impl RegisterField {
    const ALL: [RegisterField; 7] = [
        RegisterField::Ca,
        RegisterField::Name,
        RegisterField::Emails,
        RegisterField::Agree,
        RegisterField::EabKid,
        RegisterField::EabHmac,
        RegisterField::Replace,
    ];
}

/// What is known of the CA's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TermsState {
    /// Not asked for (the CA field does not name a CA yet).
    Unknown,
    /// Its directory is being read.
    Reading(String),
    /// Read.
    Known(CaTerms),
    /// Its directory could not be read.
    Failed {
        /// The directory URL.
        ca: String,
        /// Why.
        message: String,
    },
}

/// How the last registration attempt from this form failed: what failed, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Failure {
    /// What failed.
    pub(super) message: String,
    /// The error's help line, when it has one.
    pub(super) hint: Option<String>,
}

impl Failure {
    /// How `err` shows under the form: its message, and its help line in the form's own words
    /// where the CLI's names a flag the form has as a field.
    pub(super) fn of(err: &crate::error::Error) -> Self {
        let hint = match err.find::<ops::OpsError>() {
            Some(ops::OpsError::AccountExists { .. }) => Some(
                "type another name, use the existing account, or tick Replace to register anew under this name"
                    .to_owned(),
            ),
            _ => err.hint.clone(),
        };
        Self {
            message: err.to_string(),
            hint,
        }
    }
}

/// The form's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RegisterForm {
    /// The CA as typed.
    pub(super) ca: String,
    /// The account name as typed (empty: `default`).
    pub(super) name: String,
    /// The e-mails as typed.
    pub(super) emails: String,
    /// Whether the user agrees to the CA's terms.
    pub(super) agree: bool,
    /// Whether an existing account of this name is replaced (moved aside, not deleted).
    pub(super) replace: bool,
    /// The EAB key id as typed.
    pub(super) eab_kid: String,
    /// The EAB HMAC reference as typed.
    pub(super) eab_hmac: String,
    /// The field that takes the keys.
    pub(super) focus: RegisterField,
    /// The CA's terms, as far as they are known.
    pub(super) terms: TermsState,
    /// What `account register` would say now: the CA's directory URL, or why it would refuse.
    pub(super) verdict: Result<String, String>,
    /// True while the registration runs.
    pub(super) running: bool,
    /// How the last attempt failed.
    pub(super) failure: Option<Failure>,
}

impl RegisterForm {
    /// A form for the CA `ca`, the e-mails starting as `emails`.
    pub(super) fn new(ca: &str, emails: &str) -> Self {
        let mut form = Self {
            ca: ca.to_owned(),
            name: String::new(),
            emails: emails.to_owned(),
            agree: false,
            replace: false,
            eab_kid: String::new(),
            eab_hmac: String::new(),
            focus: RegisterField::Ca,
            terms: TermsState::Unknown,
            verdict: Err(String::new()),
            running: false,
            failure: None,
        };
        form.check();
        form
    }

    /// The request `account register` gets, as the CLI would build it from the same values.
    pub(super) fn request(&self) -> RegisterRequest {
        let given = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        RegisterRequest {
            ca: self.ca.trim().to_owned(),
            name: given(&self.name),
            emails: self
                .emails
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
                .collect(),
            agree_tos: self.agree,
            eab_kid: given(&self.eab_kid),
            eab_hmac: given(&self.eab_hmac).map(|reference| {
                reference
                    .parse::<SecretRef>()
                    .unwrap_or_else(|e: std::convert::Infallible| match e {})
            }),
            replace: self.replace,
        }
    }

    /// The directory URL the CA field names, if it names one.
    pub(super) fn ca_url(&self) -> Option<String> {
        crate::acme::directory::resolve(&self.ca)
            .ok()
            .map(|choice| choice.url)
    }

    /// The CA whose terms the form needs read: the one the CA field names, unless its terms
    /// are read or being read already.
    pub(super) fn terms_wanted(&self) -> Option<String> {
        let url = self.ca_url()?;
        let have = match &self.terms {
            TermsState::Unknown => None,
            TermsState::Reading(ca) | TermsState::Failed { ca, .. } => Some(ca),
            TermsState::Known(terms) => Some(&terms.ca),
        };
        (have != Some(&url)).then_some(url)
    }

    /// The CA's terms were read (or could not be): kept when they are the named CA's.
    pub(super) fn terms_read(&mut self, ca: String, read: Result<CaTerms, String>) {
        if self.ca_url().as_ref() != Some(&ca) {
            return;
        }
        self.terms = match read {
            Ok(terms) => TermsState::Known(terms),
            Err(message) => TermsState::Failed { ca, message },
        };
        self.check();
    }

    /// True when the HMAC field holds something that is not a secret reference: then it is
    /// a key typed in, which is never shown.
    pub(super) fn hmac_is_raw(&self) -> bool {
        let hmac = self.eab_hmac.trim();
        !hmac.is_empty()
            && hmac
                .parse::<SecretRef>()
                .is_ok_and(|reference| reference.is_raw())
    }

    /// Checks the form as `account register` will (with what the CA's directory said about
    /// EAB, once read).
    fn check(&mut self) {
        let eab_required = matches!(&self.terms, TermsState::Known(terms) if terms.eab_required);
        self.verdict = if self.hmac_is_raw() {
            Err("give the EAB HMAC key as keyring:NAME, file:PATH or env:VAR".to_owned())
        } else {
            ops::check_register(&self.request(), eab_required).map_err(|e| e.to_string())
        };
    }

    /// Folds a key into the form: Tab and the up/down arrows move between fields, Space (or
    /// the left/right arrows) on the terms or the replace box toggles it, characters and Backspace edit
    /// the text fields, Enter submits a valid form, Esc cancels. While the registration runs
    /// only Esc does anything.
    pub(super) fn key(&mut self, code: KeyCode) -> FormAction {
        if self.running {
            return if code == KeyCode::Esc {
                FormAction::Cancelled
            } else {
                FormAction::Editing
            };
        }
        match code {
            KeyCode::Esc => return FormAction::Cancelled,
            KeyCode::Enter if self.verdict.is_ok() => return FormAction::Submitted,
            KeyCode::Tab | KeyCode::Down => self.focus = self.step(1),
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = self.step(RegisterField::ALL.len() - 1);
            }
            KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')
                if self.focus == RegisterField::Agree =>
            {
                self.agree = !self.agree;
            }
            KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')
                if self.focus == RegisterField::Replace =>
            {
                self.replace = !self.replace;
            }
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
        // The last attempt's failure stays until the form is changed.
        self.failure = None;
        self.check();
        FormAction::Editing
    }

    fn step(&self, by: usize) -> RegisterField {
        let at = RegisterField::ALL
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0);
        RegisterField::ALL[(at + by) % RegisterField::ALL.len()]
    }

    /// The text the focused field edits (`None` for the two boxes).
    fn text(&mut self) -> Option<&mut String> {
        match self.focus {
            RegisterField::Ca => Some(&mut self.ca),
            RegisterField::Name => Some(&mut self.name),
            RegisterField::Emails => Some(&mut self.emails),
            RegisterField::EabKid => Some(&mut self.eab_kid),
            RegisterField::EabHmac => Some(&mut self.eab_hmac),
            RegisterField::Agree | RegisterField::Replace => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(form: &mut RegisterForm, text: &str) {
        for c in text.chars() {
            assert_eq!(form.key(KeyCode::Char(c)), FormAction::Editing);
        }
    }

    fn to(form: &mut RegisterForm, field: RegisterField) {
        while form.focus != field {
            form.key(KeyCode::Tab);
        }
    }

    fn terms(ca: &str, eab_required: bool) -> CaTerms {
        CaTerms {
            ca: ca.to_owned(),
            terms_of_service: Some("https://acme.test/terms".into()),
            eab_required,
        }
    }

    #[test]
    fn the_form_checks_as_account_register_does_while_typing() {
        let mut form = RegisterForm::new("https://acme.test/dir", "");
        assert!(
            form.verdict.clone().unwrap_err().contains("agree"),
            "{form:?}"
        );
        assert_eq!(form.key(KeyCode::Enter), FormAction::Editing, "not valid");
        to(&mut form, RegisterField::Agree);
        form.key(KeyCode::Char(' '));
        assert!(form.agree);
        assert_eq!(form.verdict.as_deref(), Ok("https://acme.test/dir"));
        to(&mut form, RegisterField::Emails);
        typed(&mut form, "ops@example.org, not-an-address");
        let error = form.verdict.clone().unwrap_err();
        assert!(error.contains("not-an-address"), "{error}");
        for _ in 0..", not-an-address".len() {
            form.key(KeyCode::Backspace);
        }
        assert!(form.verdict.is_ok());
        assert_eq!(form.request().emails, ["ops@example.org"]);
        to(&mut form, RegisterField::Name);
        typed(&mut form, "bad name");
        assert!(form.verdict.is_err(), "not a valid account name");
        for _ in 0.."bad name".len() {
            form.key(KeyCode::Backspace);
        }
        // A key id without its HMAC: register's own rule.
        to(&mut form, RegisterField::EabKid);
        typed(&mut form, "kid-1");
        assert!(form.verdict.clone().unwrap_err().contains("--eab-hmac-key"));
        form.key(KeyCode::Tab);
        typed(&mut form, "keyring:eab");
        assert!(form.verdict.is_ok(), "{:?}", form.verdict);
        assert_eq!(form.key(KeyCode::Enter), FormAction::Submitted);
        assert_eq!(form.key(KeyCode::Esc), FormAction::Cancelled);
    }

    #[test]
    fn an_hmac_typed_in_is_refused_and_flagged_raw_so_it_is_never_shown() {
        let mut form = RegisterForm::new("https://acme.test/dir", "ops@example.org");
        form.agree = true;
        to(&mut form, RegisterField::EabKid);
        typed(&mut form, "kid-1");
        form.key(KeyCode::Tab);
        typed(&mut form, "c2VjcmV0");
        assert!(form.hmac_is_raw());
        assert!(form.verdict.clone().unwrap_err().contains("keyring:NAME"));
        for _ in 0.."c2VjcmV0".len() {
            form.key(KeyCode::Backspace);
        }
        typed(&mut form, "env:EAB_HMAC");
        assert!(!form.hmac_is_raw());
        assert!(form.verdict.is_ok(), "{:?}", form.verdict);
    }

    #[test]
    fn an_account_that_exists_is_explained_with_the_forms_replace_box() {
        let exists = crate::error::Error::from(ops::OpsError::AccountExists {
            name: "default".into(),
            ca: "https://acme.test/dir".into(),
        });
        assert!(exists.hint.as_deref().unwrap().contains("--replace"));
        let failure = Failure::of(&exists);
        assert_eq!(failure.message, exists.to_string());
        assert!(failure.hint.unwrap().contains("tick Replace"));
        let other = crate::error::Error::from(ops::OpsError::EabRequired);
        assert_eq!(Failure::of(&other).hint, other.hint);
    }

    #[test]
    fn space_on_the_replace_box_makes_the_request_register_anew() {
        let mut form = RegisterForm::new("https://acme.test/dir", "ops@example.org");
        form.agree = true;
        assert!(!form.request().replace);
        to(&mut form, RegisterField::Replace);
        typed(&mut form, " ");
        assert!(form.replace && form.request().replace);
        form.key(KeyCode::Left);
        assert!(!form.request().replace, "the arrows toggle it too");
        form.key(KeyCode::Tab);
        assert_eq!(form.focus, RegisterField::Ca, "the last field; Tab wraps");
    }

    #[test]
    fn a_ca_that_requires_eab_refuses_the_form_until_the_binding_is_given() {
        let mut form = RegisterForm::new("https://acme.test/dir", "ops@example.org");
        form.agree = true;
        form.key(KeyCode::Null);
        assert!(form.verdict.is_ok());
        assert_eq!(
            form.terms_wanted().as_deref(),
            Some("https://acme.test/dir")
        );
        form.terms = TermsState::Reading("https://acme.test/dir".into());
        assert_eq!(form.terms_wanted(), None, "already being read");
        // The terms of another CA (the field changed meanwhile) are dropped.
        form.terms_read(
            "https://other.test/dir".into(),
            Ok(terms("https://other.test/dir", true)),
        );
        assert!(matches!(form.terms, TermsState::Reading(_)));
        form.terms_read(
            "https://acme.test/dir".into(),
            Ok(terms("https://acme.test/dir", true)),
        );
        assert!(
            form.verdict
                .clone()
                .unwrap_err()
                .contains("External Account Binding")
        );
        to(&mut form, RegisterField::EabKid);
        typed(&mut form, "kid-1");
        form.key(KeyCode::Tab);
        typed(&mut form, "file:/etc/eab");
        assert!(form.verdict.is_ok(), "{:?}", form.verdict);
        // A running registration takes no edits; Esc still leaves.
        form.running = true;
        typed(&mut form, "x");
        assert_eq!(form.eab_hmac, "file:/etc/eab");
        assert_eq!(form.key(KeyCode::Enter), FormAction::Editing);
        assert_eq!(form.key(KeyCode::Esc), FormAction::Cancelled);
    }
}
