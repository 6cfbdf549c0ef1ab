//! The form behind `i`: an install target for the selected certificate with what
//! `certkeep install` offers for it: the path and what goes in it, where its private key goes
//! when the service reads it from a file of its own (nginx, apache), a service preset, the config
//! test and reload commands and the address to verify. The group is built by the CLI's own
//! [`ops::install_group`] (a preset fills the config test and reload the same way) and checked as
//! typed by [`ops::check_install_settings`]; `ops::install` checks the rest (the directory, two
//! certificates on one path) when it runs. Plain data and pure key handling.

use crossterm::event::KeyCode;

use super::form::FormAction;
use crate::domain::{InstallGroup, Preset, TargetKind};
use crate::ops::{self, InstallInput};

/// What the target file can hold, in the order the arrows go through them (PKCS#12 needs a
/// password reference: `certkeep install` sets that up).
const KINDS: [TargetKind; 5] = [
    TargetKind::Fullchain,
    TargetKind::Key,
    TargetKind::Cert,
    TargetKind::Chain,
    TargetKind::Combined,
];

/// A field of the install form, in the order Tab goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InstallField {
    /// Where the file goes.
    Path,
    /// What goes in it (picked with the arrows).
    Kind,
    /// Where the private key goes, for a certificate file whose service reads the key apart.
    KeyPath,
    /// The known service (picked with the arrows; none, or one of `--preset`'s).
    Preset,
    /// The config test command line.
    ConfigTest,
    /// The reload command line.
    Reload,
    /// The `ADDR[:PORT]` to verify after the reload.
    Verify,
}

const FIELDS: [InstallField; 7] = [
    InstallField::Path,
    InstallField::Kind,
    InstallField::KeyPath,
    InstallField::Preset,
    InstallField::ConfigTest,
    InstallField::Reload,
    InstallField::Verify,
];

/// The install form's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct InstallForm {
    /// The certificate the target is for.
    pub(super) name: String,
    /// The path as typed.
    pub(super) path: String,
    /// What goes in the file.
    pub(super) kind: TargetKind,
    /// The key's path as typed (empty: no key file in this group).
    pub(super) key_path: String,
    /// The service preset (`None`: no preset).
    pub(super) preset: Option<Preset>,
    /// The config test as typed (filled by the preset).
    pub(super) config_test: String,
    /// The reload as typed (filled by the preset).
    pub(super) reload: String,
    /// The verify address as typed.
    pub(super) verify: String,
    /// The field that takes the keys.
    pub(super) focus: InstallField,
    /// Why the target would be refused now (`None`: it can be saved).
    pub(super) problem: Option<String>,
}

impl InstallForm {
    /// An empty form for certificate `name`.
    pub(super) fn new(name: &str) -> Self {
        let mut form = Self {
            name: name.to_owned(),
            path: String::new(),
            kind: KINDS[0],
            key_path: String::new(),
            preset: None,
            config_test: String::new(),
            reload: String::new(),
            verify: String::new(),
            focus: InstallField::Path,
            problem: None,
        };
        form.check();
        form
    }

    /// What the form says, as `certkeep install` would take it from its flags.
    fn input(&self) -> InstallInput {
        let given = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        let mut targets = vec![(self.path.trim().into(), self.kind)];
        if let Some(key) = given(&self.key_path) {
            targets.push((key.into(), TargetKind::Key));
        }
        InstallInput {
            targets,
            preset: self.preset,
            config_test: given(&self.config_test),
            reload: given(&self.reload),
            verify: given(&self.verify),
            ..InstallInput::default()
        }
    }

    /// The group `ops::install` adds: built by the CLI's rules from what the form says.
    pub(super) fn group(&self) -> Result<InstallGroup, crate::error::Error> {
        let group = ops::install_group(self.input())?;
        ops::check_install_settings(&group)?;
        Ok(group)
    }

    fn check(&mut self) {
        let holds_key = matches!(self.kind, TargetKind::Key | TargetKind::Combined);
        self.problem = if self.path.trim().is_empty() {
            Some("type the file's path".into())
        } else if holds_key && !self.key_path.trim().is_empty() {
            Some(format!(
                "the file holds the key already ({}): leave 'Key to' empty",
                self.kind.as_str()
            ))
        } else {
            self.group().err().map(|e| e.to_string())
        };
    }

    /// Switches the preset one step; the commands still showing the old preset's (or empty)
    /// take the new one's, so what the user typed stays.
    fn pick_preset(&mut self, back: bool) {
        let choices: Vec<Option<Preset>> = std::iter::once(None)
            .chain(Preset::ALL.into_iter().map(Some))
            .collect();
        let at = choices.iter().position(|p| *p == self.preset).unwrap_or(0);
        let to = if back { at + choices.len() - 1 } else { at + 1 };
        let old = self.preset;
        let new = choices[to % choices.len()];
        let line = |preset: Option<Preset>, command: fn(Preset) -> Vec<&'static str>| {
            preset.map_or_else(String::new, |p| ops::preset_command_line(&command(p)))
        };
        if self.config_test.trim() == line(old, Preset::config_test) {
            self.config_test = line(new, Preset::config_test);
        }
        if self.reload.trim() == line(old, Preset::reload) {
            self.reload = line(new, Preset::reload);
        }
        self.preset = new;
    }

    /// The text the focused field edits (`None` on a picker).
    fn text(&mut self) -> Option<&mut String> {
        match self.focus {
            InstallField::Path => Some(&mut self.path),
            InstallField::KeyPath => Some(&mut self.key_path),
            InstallField::ConfigTest => Some(&mut self.config_test),
            InstallField::Reload => Some(&mut self.reload),
            InstallField::Verify => Some(&mut self.verify),
            InstallField::Kind | InstallField::Preset => None,
        }
    }

    /// Folds a key in: Tab and the up/down arrows switch fields, left/right pick on the kind
    /// and preset, characters and Backspace edit the text fields, Enter saves a valid target,
    /// Esc cancels.
    pub(super) fn key(&mut self, code: KeyCode) -> FormAction {
        match code {
            KeyCode::Esc => return FormAction::Cancelled,
            KeyCode::Enter if self.problem.is_none() => return FormAction::Submitted,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                let at = FIELDS.iter().position(|f| *f == self.focus).unwrap_or(0);
                let back = matches!(code, KeyCode::BackTab | KeyCode::Up);
                let to = if back { at + FIELDS.len() - 1 } else { at + 1 };
                self.focus = FIELDS[to % FIELDS.len()];
            }
            KeyCode::Left | KeyCode::Right if self.focus == InstallField::Kind => {
                let at = KINDS.iter().position(|k| *k == self.kind).unwrap_or(0);
                let to = if code == KeyCode::Left {
                    at + KINDS.len() - 1
                } else {
                    at + 1
                };
                self.kind = KINDS[to % KINDS.len()];
            }
            KeyCode::Left | KeyCode::Right if self.focus == InstallField::Preset => {
                self.pick_preset(code == KeyCode::Left);
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
        self.check();
        FormAction::Editing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn type_in(form: &mut InstallForm, text: &str) {
        for c in text.chars() {
            form.key(KeyCode::Char(c));
        }
    }

    #[test]
    fn the_install_form_checks_the_path_as_the_spec_does_and_picks_the_kind() {
        let mut form = InstallForm::new("example.org");
        assert_eq!(form.key(KeyCode::Enter), FormAction::Editing, "no path yet");
        type_in(&mut form, "etc/ssl/example.pem");
        let problem = form.problem.clone().expect("a relative path is refused");
        assert!(problem.contains("etc/ssl/example.pem"), "{problem}");
        form.key(KeyCode::Enter);
        assert_eq!(form.key(KeyCode::Enter), FormAction::Editing);
        form.path = String::new();
        type_in(&mut form, "/etc/ssl/example.pem");
        assert_eq!(form.problem, None);
        form.key(KeyCode::Right);
        assert_eq!(
            form.kind,
            TargetKind::Fullchain,
            "arrows pick only on the kind"
        );
        form.key(KeyCode::Tab);
        form.key(KeyCode::Right);
        assert_eq!(form.kind, TargetKind::Key);
        form.key(KeyCode::Left);
        form.key(KeyCode::Left);
        assert_eq!(form.kind, TargetKind::Combined, "wraps round");
        form.key(KeyCode::Char('x'));
        assert_eq!(
            form.path, "/etc/ssl/example.pem",
            "letters only edit the text fields"
        );
        assert_eq!(form.key(KeyCode::Enter), FormAction::Submitted);
        let group = form.group().unwrap();
        assert_eq!(group.targets[0].path.to_str(), Some("/etc/ssl/example.pem"));
        assert_eq!(group.targets[0].kind, TargetKind::Combined);
        assert_eq!(form.key(KeyCode::Esc), FormAction::Cancelled);
    }

    #[test]
    fn a_preset_fills_the_commands_as_install_preset_does_and_keeps_what_was_typed() {
        let mut form = InstallForm::new("example.org");
        type_in(&mut form, "/etc/ssl/example.pem");
        for _ in 0..3 {
            form.key(KeyCode::Tab);
        }
        assert_eq!(form.focus, InstallField::Preset);
        form.key(KeyCode::Right);
        assert_eq!(form.preset, Some(Preset::Nginx));
        assert_eq!(
            (form.config_test.as_str(), form.reload.as_str()),
            ("nginx -t", "systemctl reload nginx")
        );
        let cli = ops::install_group(InstallInput {
            targets: vec![("/etc/ssl/example.pem".into(), TargetKind::Fullchain)],
            preset: Some(Preset::Nginx),
            ..InstallInput::default()
        })
        .unwrap();
        assert_eq!(form.group().unwrap(), cli, "what `--preset nginx` builds");
        // A reload the user typed stays when the preset changes; the untouched test follows.
        form.key(KeyCode::Tab);
        form.key(KeyCode::Tab);
        form.reload = String::new();
        type_in(&mut form, "nginx -s reload");
        form.key(KeyCode::BackTab);
        form.key(KeyCode::BackTab);
        form.key(KeyCode::Right);
        assert_eq!(form.preset, Some(Preset::Apache));
        assert_eq!(form.config_test, "apachectl configtest");
        assert_eq!(form.reload, "nginx -s reload");
        form.key(KeyCode::Right);
        assert_eq!(form.preset, Some(Preset::Haproxy));
        let problem = form.problem.clone().expect("haproxy needs a combined file");
        assert!(problem.contains("haproxy"), "{problem}");
        assert_eq!(form.key(KeyCode::Enter), FormAction::Editing);
        for _ in 0..3 {
            form.key(KeyCode::Right);
        }
        assert_eq!(form.preset, None, "wraps round to no preset");
        assert_eq!(form.config_test, "", "the preset's test goes with it");
    }

    #[test]
    fn a_key_path_adds_the_key_to_the_same_group_as_install_fullchain_key_does() {
        let mut form = InstallForm::new("example.org");
        type_in(&mut form, "/etc/nginx/ssl/example.pem");
        form.key(KeyCode::Tab);
        form.key(KeyCode::Tab);
        assert_eq!(form.focus, InstallField::KeyPath);
        type_in(&mut form, "/etc/nginx/ssl/example.key");
        form.key(KeyCode::Tab);
        form.key(KeyCode::Right);
        assert_eq!(form.preset, Some(Preset::Nginx));
        assert_eq!(form.problem, None);
        let cli = ops::install_group(InstallInput {
            targets: vec![
                ("/etc/nginx/ssl/example.pem".into(), TargetKind::Fullchain),
                ("/etc/nginx/ssl/example.key".into(), TargetKind::Key),
            ],
            preset: Some(Preset::Nginx),
            ..InstallInput::default()
        })
        .unwrap();
        assert_eq!(
            form.group().unwrap(),
            cli,
            "what `--fullchain P --key K --preset nginx` builds"
        );
        // A file that holds the key already takes no key path.
        form.focus = InstallField::Kind;
        form.key(KeyCode::Left);
        assert_eq!(form.kind, TargetKind::Combined);
        let problem = form.problem.clone().expect("a second key file is refused");
        assert!(problem.contains("holds the key already"), "{problem}");
        assert_eq!(form.key(KeyCode::Enter), FormAction::Editing);
    }

    #[test]
    fn a_bad_verify_address_or_command_is_refused_as_typed() {
        let mut form = InstallForm::new("example.org");
        type_in(&mut form, "/etc/ssl/example.pem");
        form.focus = InstallField::Verify;
        type_in(&mut form, "127.0.0.1:");
        let problem = form.problem.clone().expect("a port-less colon is refused");
        assert!(problem.contains("127.0.0.1:"), "{problem}");
        type_in(&mut form, "8443");
        assert_eq!(form.problem, None);
        let verify = form.group().unwrap().verify.unwrap();
        assert_eq!(verify.address, "127.0.0.1:8443");
        form.focus = InstallField::Reload;
        type_in(&mut form, "systemctl 'reload");
        assert!(form.problem.is_some(), "an unterminated quote is refused");
        assert_eq!(form.key(KeyCode::Enter), FormAction::Editing);
    }
}
