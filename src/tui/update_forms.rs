//! `update`'s part for the forms: the keys of the new-certificate form (`n`), the
//! install-target form (`i`) and the new-account form (`n` on the accounts tab), and the
//! results of what they start. Pure, like the rest of `update`.

use crossterm::event::KeyCode;

use super::form::FormAction;
use super::install_form::InstallForm;
use super::model::{Activity, Mode, Model};
use super::register_form::{Failure, RegisterField, RegisterForm, TermsState};
use super::update::{DEFAULT_CA, Effect, start_run};
use crate::ops::CaTerms;

/// Keys go to the form; a submitted one starts the obtain (not while that certificate already
/// renews or is obtained), and the form closes on submit or Esc.
pub(super) fn form_key(model: &mut Model, code: KeyCode, effects: &mut Vec<Effect>) {
    let Some(form) = model.form.as_mut() else {
        model.mode = Mode::Normal;
        return;
    };
    match form.key(code) {
        FormAction::Editing => return,
        FormAction::Cancelled => model.notice = Some("cancelled".into()),
        FormAction::Submitted => {
            let (name, submitted) = (form.verdict.clone().unwrap_or_default(), form.clone());
            if start_run(model, &name, "already running", "obtaining") {
                effects.push(Effect::Obtain(Box::new(submitted)));
            }
        }
    }
    model.form = None;
    model.mode = Mode::Normal;
}

/// `i`: the install form for the selected certificate, unless a renewal of it runs (its files
/// are being written).
pub(super) fn open_install(model: &mut Model) {
    let Some(name) = model.selected_row().map(|row| row.name.clone()) else {
        model.notice = Some("no certificate selected".into());
        return;
    };
    if matches!(model.activity.get(&name), Some(Activity::Renewing { .. })) {
        model.notice = Some(format!("{name}: wait for its renewal to end"));
        return;
    }
    model.install_form = Some(InstallForm::new(&name));
    model.mode = Mode::Install;
}

/// Keys go to the install form; a submitted target is saved and deployed in the background.
pub(super) fn install_key(model: &mut Model, code: KeyCode, effects: &mut Vec<Effect>) {
    let Some(form) = model.install_form.as_mut() else {
        model.mode = Mode::Normal;
        return;
    };
    match form.key(code) {
        FormAction::Editing => return,
        FormAction::Cancelled => model.notice = Some("cancelled".into()),
        FormAction::Submitted => {
            model.notice = Some(format!("{}: installing to {}", form.name, form.path));
            effects.push(Effect::Install(Box::new(form.clone())));
        }
    }
    model.install_form = None;
    model.mode = Mode::Normal;
}

/// `n` on the accounts tab: the new-account form, for the selected account's CA and contacts
/// (or the default CA); while a registration runs, its form again.
pub(super) fn open_register(model: &mut Model, effects: &mut Vec<Effect>) {
    if model.register_form.is_none() {
        let selected = model.accounts.get(model.account_selected);
        let ca = selected.map_or(DEFAULT_CA, |account| account.ca.as_str());
        let emails = selected.map_or_else(String::new, |account| {
            account
                .contact
                .iter()
                .map(|c| c.strip_prefix("mailto:").unwrap_or(c))
                .collect::<Vec<_>>()
                .join(", ")
        });
        let mut form = RegisterForm::new(ca, &emails);
        read_terms(&mut form, effects);
        model.register_form = Some(form);
    }
    model.mode = Mode::Register;
}

/// Asks for the CA's terms when the form names a CA whose terms are not read yet.
fn read_terms(form: &mut RegisterForm, effects: &mut Vec<Effect>) {
    if let Some(ca) = form.terms_wanted() {
        form.terms = TermsState::Reading(ca.clone());
        effects.push(Effect::ReadTerms(ca));
    }
}

/// Keys go to the new-account form. The CA's terms are read once the CA field is left; a
/// submitted form starts the registration and stays open with its progress; Esc closes it
/// (a running registration goes on, and its outcome shows in the notice).
pub(super) fn register_key(model: &mut Model, code: KeyCode, effects: &mut Vec<Effect>) {
    let Some(form) = model.register_form.as_mut() else {
        model.mode = Mode::Normal;
        return;
    };
    match form.key(code) {
        FormAction::Editing => {
            if form.focus != RegisterField::Ca {
                read_terms(form, effects);
            }
        }
        FormAction::Cancelled => {
            model.mode = Mode::Normal;
            if !form.running {
                model.register_form = None;
                model.notice = Some("cancelled".into());
            }
        }
        FormAction::Submitted => {
            form.running = true;
            form.failure = None;
            model.notice = Some(format!("registering at {}…", form.ca.trim()));
            effects.push(Effect::Register(Box::new(form.clone())));
        }
    }
}

/// The CA's directory was read (or could not be) for the form.
pub(super) fn terms_read(model: &mut Model, ca: String, read: Result<CaTerms, String>) {
    if let Some(form) = model.register_form.as_mut() {
        form.terms_read(ca, read);
    }
}

/// A registration ended: the account is in the store (the accounts are read again) and the
/// form closes, or the form shows what failed and how to fix it.
pub(super) fn register_finished(
    model: &mut Model,
    outcome: Result<String, Failure>,
    effects: &mut Vec<Effect>,
) {
    match outcome {
        Ok(name) => {
            model.register_form = None;
            if model.mode == Mode::Register {
                model.mode = Mode::Normal;
            }
            model.notice = Some(format!("account '{name}' registered"));
            effects.push(Effect::Load);
        }
        Err(failure) => {
            model.notice = Some(format!("registration failed: {}", failure.message));
            if let Some(form) = model.register_form.as_mut() {
                form.running = false;
                form.failure = Some(failure);
            }
        }
    }
}

#[cfg(test)]
#[path = "update_forms_tests.rs"]
mod tests;
