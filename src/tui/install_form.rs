//! The form behind `i`: one install target for the selected certificate (a path and what goes
//! in it), checked as typed by the spec's own rule ([`InstallGroup::check`]: an absolute path,
//! no `..`) and saved and deployed by `ops::install`, which checks the rest (the directory,
//! two certificates on one path) when it runs. Plain data and pure key handling.

use crossterm::event::KeyCode;

use super::form::FormAction;
use crate::domain::{InstallGroup, InstallTarget, TargetKind};

/// What the target file can hold, in the order the arrows go through them (PKCS#12 needs a
/// password reference: `certkeep install` sets that up).
const KINDS: [TargetKind; 5] = [
    TargetKind::Fullchain,
    TargetKind::Key,
    TargetKind::Cert,
    TargetKind::Chain,
    TargetKind::Combined,
];

/// A field of the install form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InstallField {
    /// Where the file goes.
    Path,
    /// What goes in it (picked with the arrows).
    Kind,
}

/// The install form's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct InstallForm {
    /// The certificate the target is for.
    pub(super) name: String,
    /// The path as typed.
    pub(super) path: String,
    /// What goes in the file.
    pub(super) kind: TargetKind,
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
            focus: InstallField::Path,
            problem: None,
        };
        form.check();
        form
    }

    /// The group `ops::install` adds: this one target, no service (reload, verify: `certkeep
    /// install` sets those).
    pub(super) fn group(&self) -> InstallGroup {
        InstallGroup {
            targets: vec![InstallTarget {
                path: self.path.trim().into(),
                kind: self.kind,
                owner: None,
                group: None,
                mode: None,
                pkcs12_password: None,
            }],
            ..InstallGroup::default()
        }
    }

    fn check(&mut self) {
        self.problem = if self.path.trim().is_empty() {
            Some("type the file's path".into())
        } else {
            self.group().check().err().map(|e| e.to_string())
        };
    }

    /// Folds a key in: Tab and the up/down arrows switch fields, left/right pick what goes in
    /// the file, characters and Backspace edit the path, Enter saves a valid target, Esc
    /// cancels.
    pub(super) fn key(&mut self, code: KeyCode) -> FormAction {
        match code {
            KeyCode::Esc => return FormAction::Cancelled,
            KeyCode::Enter if self.problem.is_none() => return FormAction::Submitted,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                self.focus = match self.focus {
                    InstallField::Path => InstallField::Kind,
                    InstallField::Kind => InstallField::Path,
                };
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
            KeyCode::Backspace if self.focus == InstallField::Path => {
                self.path.pop();
            }
            KeyCode::Char(c) if self.focus == InstallField::Path => self.path.push(c),
            _ => {}
        }
        self.check();
        FormAction::Editing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_install_form_checks_the_path_as_the_spec_does_and_picks_the_kind() {
        let mut form = InstallForm::new("example.org");
        assert_eq!(form.key(KeyCode::Enter), FormAction::Editing, "no path yet");
        for c in "etc/ssl/example.pem".chars() {
            form.key(KeyCode::Char(c));
        }
        let problem = form.problem.clone().expect("a relative path is refused");
        assert!(problem.contains("etc/ssl/example.pem"), "{problem}");
        form.key(KeyCode::Enter);
        assert_eq!(form.key(KeyCode::Enter), FormAction::Editing);
        form.path = String::new();
        for c in "/etc/ssl/example.pem".chars() {
            form.key(KeyCode::Char(c));
        }
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
            "letters only edit the path"
        );
        assert_eq!(form.key(KeyCode::Enter), FormAction::Submitted);
        let group = form.group();
        assert_eq!(group.targets[0].path.to_str(), Some("/etc/ssl/example.pem"));
        assert_eq!(group.targets[0].kind, TargetKind::Combined);
        assert_eq!(form.key(KeyCode::Esc), FormAction::Cancelled);
    }
}
