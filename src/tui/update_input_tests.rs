//! Table tests of `update` for the mouse and the new-certificate form.

use crossterm::event::{KeyCode, KeyModifiers};

use super::*;
use crate::tui::model::{AccountLine, Activity, Tab};
use crate::tui::update::tests::{loaded, press, row};

fn mouse(kind: crossterm::event::MouseEventKind, column: u16, row: u16) -> Message {
    Message::Mouse(crossterm::event::MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// `loaded()` on an 80x24 terminal: the table's rows start on screen row 3.
fn on_screen() -> Model {
    update(loaded(), Message::Resized(80, 24)).0
}

#[test]
fn the_wheel_moves_the_selection_and_scrolls_the_full_screen_detail() {
    use crossterm::event::MouseEventKind::{ScrollDown, ScrollUp};
    let (model, effects) = update(on_screen(), mouse(ScrollDown, 10, 5));
    assert_eq!(
        model.selected.as_deref(),
        Some("b.example"),
        "three rows on"
    );
    assert_eq!(effects, [Effect::LoadDetail("b.example".into())]);
    let (model, _) = update(model, mouse(ScrollUp, 10, 5));
    assert_eq!(model.selected.as_deref(), Some("c.example"));
    let (model, _) = press(model, &[KeyCode::Enter]);
    let (model, _) = update(model, mouse(ScrollDown, 10, 5));
    assert_eq!(model.detail_scroll, 3);
    assert_eq!(model.selected.as_deref(), Some("c.example"), "not moved");
    let (model, _) = update(model, mouse(ScrollUp, 10, 5));
    assert_eq!(model.detail_scroll, 0);
}

#[test]
fn a_click_selects_the_row_or_the_tab_under_it() {
    use crossterm::event::MouseButton::Left;
    use crossterm::event::MouseEventKind::Down;
    // Rows from screen row 3, in expiry order: c, a, b.
    let (model, effects) = update(on_screen(), mouse(Down(Left), 20, 4));
    assert_eq!(model.selected.as_deref(), Some("a.example"));
    assert_eq!(effects, [Effect::LoadDetail("a.example".into())]);
    for (column, row) in [(20, 6), (20, 2), (20, 1), (20, 16)] {
        let (after, _) = update(model.clone(), mouse(Down(Left), column, row));
        assert_eq!(
            after.selected, model.selected,
            "({column}, {row}) is no row"
        );
    }
    let (model, _) = update(model, mouse(Down(Left), 25, 0));
    assert_eq!(model.tab, Tab::Accounts);
    let (model, _) = update(model, mouse(Down(Left), 35, 0));
    assert_eq!(model.tab, Tab::Daemon);
    let (model, _) = update(model, mouse(Down(Left), 10, 0));
    assert_eq!(model.tab, Tab::Certificates);
    // Before the runtime says how big the terminal is, a click hits nothing.
    let (model, _) = update(loaded(), mouse(Down(Left), 20, 4));
    assert_eq!(model.selected.as_deref(), Some("c.example"));
}

#[test]
fn a_click_on_a_scrolled_table_selects_the_row_drawn_there() {
    use crossterm::event::MouseButton::Left;
    use crossterm::event::MouseEventKind::Down;
    let rows = (0..25)
        .map(|i| row(&format!("r{i:02}.example"), &[], i, 0))
        .collect();
    let model = update(Model::default(), Message::Loaded(Ok(rows))).0;
    let model = update(model, Message::Resized(80, 24)).0;
    // Ten rows fit; with r20 selected the table shows r11 to r20.
    let (model, _) = press(model, &[KeyCode::PageDown, KeyCode::PageDown]);
    assert_eq!(model.selected.as_deref(), Some("r20.example"));
    let (model, _) = update(model, mouse(Down(Left), 20, 3));
    assert_eq!(model.selected.as_deref(), Some("r11.example"));
}

#[test]
fn overlays_take_no_mouse_input() {
    use crossterm::event::MouseButton::Left;
    use crossterm::event::MouseEventKind::{Down, ScrollDown};
    for opened in [KeyCode::Char('?'), KeyCode::Char('d'), KeyCode::Char('/')] {
        let (model, _) = press(on_screen(), &[opened]);
        let (model, effects) = update(model, mouse(ScrollDown, 20, 4));
        let (model, _) = update(model, mouse(Down(Left), 25, 0));
        assert_eq!(model.selected.as_deref(), Some("c.example"), "{opened:?}");
        assert_eq!(model.tab, Tab::Certificates, "{opened:?}");
        assert!(effects.is_empty(), "{opened:?}");
    }
}

fn typed(model: Model, text: &str) -> (Model, Vec<Effect>) {
    let codes: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
    press(model, &codes)
}

fn with_account(ca: &str) -> Model {
    let account = AccountLine {
        name: "default".into(),
        ca: ca.into(),
        contact: Vec::new(),
        status: "valid".into(),
        key_thumbprint: "t".into(),
        eab_kid: None,
    };
    let others = Message::LoadedOthers {
        accounts: vec![account],
        daemon: None,
    };
    update(loaded(), others).0
}

#[test]
fn n_opens_the_form_on_the_accounts_ca_where_letters_are_text_and_esc_cancels() {
    let (model, _) = press(
        with_account("https://pebble.test/dir"),
        &[KeyCode::Char('n')],
    );
    assert_eq!(model.mode, Mode::Form);
    let form = model.form.as_ref().unwrap();
    assert_eq!(form.ca, "https://pebble.test/dir");
    let (model, effects) = typed(model, "qrdx");
    assert!(!model.quit && effects.is_empty());
    assert_eq!(model.form.as_ref().unwrap().names, "qrdx");
    let (model, effects) = press(model, &[KeyCode::Esc]);
    assert!(effects.is_empty());
    assert_eq!((model.mode, model.form), (Mode::Normal, None));
    assert_eq!(model.notice.as_deref(), Some("cancelled"));
    // Without an account the form starts on Let's Encrypt.
    let (model, _) = press(loaded(), &[KeyCode::Char('n')]);
    assert_eq!(model.form.as_ref().unwrap().ca, "letsencrypt");
    // The accounts, read after the form opened, bring it to their CA; a CA the user typed stays.
    let accounts = |model: Model| {
        let others = Message::LoadedOthers {
            accounts: with_account("https://pebble.test/dir").accounts,
            daemon: None,
        };
        update(model, others).0
    };
    let model = accounts(model);
    assert_eq!(model.form.as_ref().unwrap().ca, "https://pebble.test/dir");
    let (model, _) = press(loaded(), &[KeyCode::Char('n'), KeyCode::Tab]);
    let (model, _) = typed(model, "-staging");
    let model = accounts(model);
    assert_eq!(model.form.unwrap().ca, "letsencrypt-staging");
}

#[test]
fn enter_obtains_only_a_valid_form_and_the_obtain_shows_its_progress_and_outcome() {
    let (model, _) = press(
        with_account("https://pebble.test/dir"),
        &[KeyCode::Char('n')],
    );
    let (model, effects) = press(model, &[KeyCode::Enter]);
    assert!(effects.is_empty(), "no names: nothing to obtain");
    assert_eq!(model.mode, Mode::Form);
    let (model, _) = typed(model, "new.example *.new.example");
    let (model, effects) = press(model, &[KeyCode::Enter]);
    assert!(effects.is_empty(), "a wildcard needs dns-01");
    assert!(model.form.as_ref().unwrap().verdict.is_err());
    let codes = vec![KeyCode::Backspace; " *.new.example".len()];
    let (model, _) = press(model, &codes);
    let form = model.form.clone().unwrap();
    let (model, effects) = press(model, &[KeyCode::Enter]);
    assert_eq!(effects, [Effect::Obtain(Box::new(form))]);
    assert_eq!(model.mode, Mode::Normal);
    assert_eq!(model.notice.as_deref(), Some("new.example: obtaining"));
    // It has no row yet: its progress shows in the notice.
    let progress = EventRecord::new(Some("new.example"), None, Event::Finalizing);
    let (model, _) = update(model, Message::Progress(progress));
    assert_eq!(model.notice.as_deref(), Some("new.example: finalizing"));
    let (model, effects) = update(
        model,
        Message::ObtainFinished {
            name: "new.example".into(),
            outcome: RenewOutcome::Renewed {
                serial: "0abc".into(),
            },
        },
    );
    assert_eq!(effects, [Effect::Load]);
    assert_eq!(
        model.notice.as_deref(),
        Some("new.example: obtained, serial 0abc")
    );
    let (model, _) = update(
        model,
        Message::ObtainFinished {
            name: "other.example".into(),
            outcome: RenewOutcome::Failed {
                message: "rate limited".into(),
            },
        },
    );
    assert_eq!(
        model.notice.as_deref(),
        Some("other.example: obtain failed: rate limited")
    );
}

#[test]
fn i_adds_an_install_target_to_the_selected_certificate_once_the_path_is_valid() {
    let (model, _) = press(loaded(), &[KeyCode::Char('i')]);
    assert_eq!(model.mode, Mode::Install);
    assert_eq!(model.install_form.as_ref().unwrap().name, "c.example");
    let (model, effects) = typed(model, "etc/c.pem");
    assert!(effects.is_empty() && !model.quit, "letters are the path");
    let (model, effects) = press(model, &[KeyCode::Enter]);
    assert!(effects.is_empty(), "a relative path is refused");
    assert_eq!(model.mode, Mode::Install);
    let mut model = model;
    model.install_form.as_mut().unwrap().path.clear();
    let (model, _) = typed(model, "/etc/c.pem");
    let form = model.install_form.clone().unwrap();
    let (model, effects) = press(model, &[KeyCode::Enter]);
    assert_eq!(effects, [Effect::Install(Box::new(form))]);
    assert_eq!((model.mode, model.install_form), (Mode::Normal, None));
    assert_eq!(
        model.notice.as_deref(),
        Some("c.example: installing to /etc/c.pem")
    );
    let (model, effects) = press(loaded(), &[KeyCode::Char('i'), KeyCode::Esc]);
    assert!(effects.is_empty());
    assert_eq!(model.notice.as_deref(), Some("cancelled"));
    // Nothing selected: no form.
    let empty = update(Model::default(), Message::Loaded(Ok(Vec::new()))).0;
    let (model, _) = press(empty, &[KeyCode::Char('i')]);
    assert_eq!(model.mode, Mode::Normal);
    assert_eq!(model.notice.as_deref(), Some("no certificate selected"));
}

#[test]
fn the_install_forms_preset_fills_the_service_and_a_bad_verify_address_keeps_the_form_open() {
    let (model, _) = typed(press(loaded(), &[KeyCode::Char('i')]).0, "/etc/c.pem");
    let (model, _) = press(
        model,
        &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab, KeyCode::Right],
    );
    let form = model.install_form.as_ref().unwrap();
    assert_eq!(
        (form.config_test.as_str(), form.reload.as_str()),
        ("nginx -t", "systemctl reload nginx")
    );
    let (model, _) = press(model, &[KeyCode::BackTab; 4]);
    let (model, _) = typed(model, "[::1");
    let (model, effects) = press(model, &[KeyCode::Enter]);
    assert!(effects.is_empty(), "an address without its ']' is refused");
    assert_eq!(model.mode, Mode::Install);
    let (model, _) = press(model, &[KeyCode::Backspace; 4]);
    let form = model.install_form.clone().unwrap();
    let (model, effects) = press(model, &[KeyCode::Enter]);
    assert_eq!(effects, [Effect::Install(Box::new(form.clone()))]);
    let group = form.group().unwrap();
    assert_eq!(group.preset.as_deref(), Some("nginx"));
    assert_eq!(
        group.reload.unwrap().command,
        ["systemctl", "reload", "nginx"]
    );
    // The daemon holds the store: the certificate shows as busy, not failed.
    let (model, effects) = update(
        model,
        Message::ActionFinished {
            name: "c.example".into(),
            outcome: ActionOutcome::Busy,
            done: "target added and deployed",
        },
    );
    assert_eq!(model.activity.get("c.example"), Some(&Activity::Busy));
    assert_eq!(effects, [Effect::Load]);
}

#[test]
fn i_on_a_certificate_being_renewed_opens_no_form() {
    let mut model = loaded();
    model.activity.insert(
        "c.example".into(),
        Activity::Renewing {
            steps: vec!["starting".into()],
        },
    );
    let (model, effects) = press(model, &[KeyCode::Char('i')]);
    assert!(effects.is_empty());
    assert_eq!((model.mode, model.install_form), (Mode::Normal, None));
    assert_eq!(
        model.notice.as_deref(),
        Some("c.example: wait for its renewal to end")
    );
}

#[test]
fn on_the_accounts_tab_the_arrows_pick_an_account_and_o_rolls_its_key_over_after_y() {
    let second = AccountLine {
        name: "backup".into(),
        ca: "https://other.test/dir".into(),
        contact: Vec::new(),
        status: "valid".into(),
        key_thumbprint: "u".into(),
        eab_kid: None,
    };
    let mut model = with_account("https://pebble.test/dir");
    model.accounts.push(second);
    let (model, _) = press(model, &[KeyCode::Tab, KeyCode::Down, KeyCode::Down]);
    assert_eq!(model.account_selected, 1, "stops at the last account");
    assert_eq!(
        model.selected.as_deref(),
        Some("c.example"),
        "rows untouched"
    );
    let (model, effects) = press(model, &[KeyCode::Char('o')]);
    assert!(effects.is_empty(), "asks first");
    assert_eq!(model.mode, Mode::Confirm);
    let (_, effects) = press(model.clone(), &[KeyCode::Char('n')]);
    assert!(effects.is_empty());
    let (_, effects) = press(model, &[KeyCode::Char('y')]);
    assert_eq!(
        effects,
        [Effect::Rollover {
            name: "backup".into(),
            ca: "https://other.test/dir".into()
        }]
    );
    // No account: nothing to roll over.
    let (model, effects) = press(loaded(), &[KeyCode::Tab, KeyCode::Char('o')]);
    assert!(effects.is_empty());
    assert_eq!(model.notice.as_deref(), Some("no account selected"));
}
