//! Table tests of the new-account form's keys and messages in `update`: opening it on the
//! accounts tab, reading the CA's terms, an invalid field, cancel, a registration that runs,
//! fails (the form shows why and stays) or succeeds (the accounts are read again).

use crossterm::event::KeyCode;

use super::super::model::{AccountLine, Mode, Model, Tab};
use super::super::register_form::{Failure, RegisterField, TermsState};
use super::super::update::tests::{key, loaded, press};
use super::super::update::{Effect, Message, update};
use crate::ops::CaTerms;

const CA: &str = "https://pebble.test/dir";

/// The accounts tab of a store with one account at [`CA`].
fn accounts_tab() -> Model {
    let account = AccountLine {
        name: "default".into(),
        ca: CA.into(),
        contact: vec!["mailto:ops@example.org".into()],
        status: "valid".into(),
        key_thumbprint: "t".into(),
        eab_kid: None,
    };
    let others = Message::LoadedOthers {
        accounts: vec![account],
        daemon: None,
    };
    let model = update(loaded(), others).0;
    press(model, &[KeyCode::Tab]).0
}

fn typed(model: Model, text: &str) -> (Model, Vec<Effect>) {
    let codes: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
    press(model, &codes)
}

fn terms(eab_required: bool) -> Message {
    Message::TermsRead {
        ca: CA.into(),
        terms: Ok(CaTerms {
            ca: CA.into(),
            terms_of_service: Some("https://pebble.test/terms".into()),
            eab_required,
        }),
    }
}

/// The form opened with `n`, its terms read, agreed to: valid.
fn agreed() -> Model {
    let (model, _) = press(accounts_tab(), &[KeyCode::Char('n')]);
    let model = update(model, terms(false)).0;
    let (model, _) = press(
        model,
        &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab, KeyCode::Char(' ')],
    );
    assert!(model.register_form.as_ref().unwrap().verdict.is_ok());
    model
}

#[test]
fn n_on_the_accounts_tab_opens_the_form_on_the_selected_accounts_ca_and_reads_its_terms() {
    let model = accounts_tab();
    assert_eq!(model.tab, Tab::Accounts);
    let (model, effects) = update(model, key(KeyCode::Char('n')));
    assert_eq!(model.mode, Mode::Register);
    let form = model.register_form.as_ref().unwrap();
    assert_eq!(
        (form.ca.as_str(), form.emails.as_str()),
        (CA, "ops@example.org")
    );
    assert_eq!(effects, [Effect::ReadTerms(CA.into())]);
    assert_eq!(form.terms, TermsState::Reading(CA.into()));
    // Letters are text (not the table's keys), and the terms are not asked for twice.
    let (model, effects) = typed(model, "q");
    assert!(!model.quit && effects.is_empty());
    assert_eq!(model.register_form.as_ref().unwrap().ca, format!("{CA}q"));
    let model = update(model, terms(false)).0;
    assert_eq!(
        model.register_form.as_ref().unwrap().terms,
        TermsState::Reading(CA.into()),
        "the terms of a CA the field no longer names are dropped"
    );
    // Leaving the changed CA field reads the new CA's terms.
    let (model, effects) = press(model, &[KeyCode::Tab]);
    assert_eq!(effects, [Effect::ReadTerms(format!("{CA}q"))]);
    // On the certificates tab `n` is still the new-certificate form.
    let (model, _) = press(model, &[KeyCode::Esc, KeyCode::Tab, KeyCode::Tab]);
    assert_eq!(model.tab, Tab::Certificates);
    let (model, _) = press(model, &[KeyCode::Char('n')]);
    assert_eq!(model.mode, Mode::Form);
}

#[test]
fn an_invalid_field_keeps_enter_from_registering_and_esc_cancels() {
    let (model, _) = press(accounts_tab(), &[KeyCode::Char('n')]);
    let model = update(model, terms(false)).0;
    // Not agreed to the terms yet.
    let (model, effects) = press(model, &[KeyCode::Enter]);
    assert!(effects.is_empty());
    let form = model.register_form.as_ref().unwrap();
    assert!(
        form.verdict.clone().unwrap_err().contains("agree"),
        "{form:?}"
    );
    assert!(!form.running);
    let (model, effects) = press(model, &[KeyCode::Esc]);
    assert!(effects.is_empty());
    assert_eq!((model.mode, model.register_form), (Mode::Normal, None));
    assert_eq!(model.notice.as_deref(), Some("cancelled"));
}

#[test]
fn a_ca_requiring_eab_refuses_the_form_until_the_key_id_and_hmac_reference_are_given() {
    let (model, _) = press(accounts_tab(), &[KeyCode::Char('n')]);
    let model = update(model, terms(true)).0;
    let (model, _) = press(
        model,
        &[
            KeyCode::Tab,
            KeyCode::Tab,
            KeyCode::Tab,
            KeyCode::Char(' '),
            KeyCode::Tab,
        ],
    );
    let form = model.register_form.as_ref().unwrap();
    assert_eq!(form.focus, RegisterField::EabKid);
    assert!(
        form.verdict
            .clone()
            .unwrap_err()
            .contains("External Account Binding")
    );
    let (model, _) = typed(model, "kid-1");
    let (model, _) = press(model, &[KeyCode::Tab]);
    let (model, _) = typed(model, "keyring:eab-hmac");
    let (model, effects) = press(model, &[KeyCode::Enter]);
    let form = model.register_form.as_ref().unwrap();
    assert!(form.running);
    let Some(Effect::Register(submitted)) = effects.first() else {
        panic!("no registration: {effects:?}");
    };
    let request = submitted.request();
    assert_eq!(request.eab_kid.as_deref(), Some("kid-1"));
    assert_eq!(format!("{:?}", request.eab_hmac), "Some(keyring:eab-hmac)");
    assert!(request.agree_tos);
}

#[test]
fn a_running_registration_takes_no_second_enter_and_survives_esc() {
    let (model, effects) = press(agreed(), &[KeyCode::Enter]);
    assert!(matches!(effects.as_slice(), [Effect::Register(_)]));
    assert_eq!(
        model.notice.as_deref(),
        Some(&*format!("registering at {CA}…"))
    );
    // Busy: Enter again starts nothing.
    let (model, effects) = press(model, &[KeyCode::Enter]);
    assert!(effects.is_empty());
    // Esc hides the form; the registration goes on and `n` shows it again.
    let (model, _) = press(model, &[KeyCode::Esc]);
    assert_eq!(model.mode, Mode::Normal);
    assert!(model.register_form.as_ref().unwrap().running);
    let (model, effects) = press(model, &[KeyCode::Char('n')]);
    assert_eq!(model.mode, Mode::Register);
    assert!(
        effects.is_empty(),
        "no second read of the terms: {effects:?}"
    );
    assert!(model.register_form.as_ref().unwrap().running);
}

#[test]
fn a_failed_registration_shows_what_failed_and_its_help_line_in_the_form_until_it_is_changed() {
    let (model, _) = press(agreed(), &[KeyCode::Enter]);
    let failure = Failure {
        message: "an account named 'default' is already registered".into(),
        hint: Some("pick another name".into()),
    };
    let (model, effects) = update(model, Message::RegisterFinished(Err(failure.clone())));
    assert!(effects.is_empty());
    assert_eq!(model.mode, Mode::Register, "the form stays to be corrected");
    let form = model.register_form.as_ref().unwrap();
    assert!(!form.running);
    assert_eq!(form.failure.as_ref(), Some(&failure));
    assert_eq!(
        model.notice.as_deref(),
        Some("registration failed: an account named 'default' is already registered")
    );
    let (model, _) = press(model, &[KeyCode::Up, KeyCode::Up]);
    let (model, _) = typed(model, "2");
    let form = model.register_form.as_ref().unwrap();
    assert_eq!((form.name.as_str(), form.failure.as_ref()), ("2", None));
}

#[test]
fn a_registered_account_closes_the_form_and_reloads_the_accounts() {
    let (model, _) = press(agreed(), &[KeyCode::Enter]);
    let (model, effects) = update(model, Message::RegisterFinished(Ok("default".into())));
    assert_eq!(effects, [Effect::Load]);
    assert_eq!((model.mode, model.register_form), (Mode::Normal, None));
    assert_eq!(
        model.notice.as_deref(),
        Some("account 'default' registered")
    );
}

#[test]
fn enter_on_a_dns01_form_obtains_only_once_its_provider_settings_are_complete() {
    use crate::domain::ChallengeSpec;
    use crate::tui::form::Field;
    let (model, _) = press(loaded(), &[KeyCode::Char('n')]);
    let (model, _) = typed(model, "*.example.org");
    // Names -> CA -> Challenge, then back from http-01 to dns-01, then to the provider's fields.
    let (model, _) = press(
        model,
        &[
            KeyCode::Tab,
            KeyCode::Tab,
            KeyCode::Left,
            KeyCode::Tab,
            KeyCode::Right,
        ],
    );
    assert_eq!(model.form.as_ref().unwrap().focus, Field::Provider);
    // acme-dns without its URL: refused, Enter does nothing.
    let (model, effects) = press(model, &[KeyCode::Enter]);
    assert!(effects.is_empty());
    assert_eq!(model.mode, Mode::Form);
    let (model, _) = press(model, &[KeyCode::Tab]);
    let (model, _) = typed(model, "https://auth.example.org");
    let (model, effects) = press(model, &[KeyCode::Enter]);
    assert_eq!(model.mode, Mode::Normal);
    let Some(Effect::Obtain(form)) = effects.first() else {
        panic!("no obtain: {effects:?}");
    };
    let ChallengeSpec::Dns01(spec) = form.request().unwrap().challenge else {
        panic!("not dns-01");
    };
    assert_eq!(spec.provider.name(), "acme-dns");
}
