//! Table tests of `update`: every key in every mode, and the messages from background work.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use time::macros::datetime;

use super::*;
use crate::ops::CertStatus;
use crate::tui::model::SortKey;
use crate::tui::model::{Confirm, Detail, DetailState, Tab};

pub(super) fn row(name: &str, ids: &[&str], days: i64, failures: u32) -> Row {
    let mut row = Row::named(name, CertStatus::Valid);
    row.identifiers = ids.iter().map(|s| (*s).to_owned()).collect();
    row.not_after = Some(datetime!(2026-12-01 00:00 UTC) + time::Duration::days(days));
    row.days_left = Some(days);
    row.failures = failures;
    row.ca = Some(format!("https://ca{failures}.test/dir"));
    row
}

/// Three certificates, loaded: c expires first, then a, then b.
pub(in crate::tui) fn loaded() -> Model {
    let rows = vec![
        row("a.example", &["a.example", "www.a.example"], 40, 0),
        row("b.example", &["b.example"], 80, 2),
        row("c.example", &["c.example"], 5, 1),
    ];
    update(Model::default(), Message::Loaded(Ok(rows))).0
}

pub(in crate::tui) fn key(code: KeyCode) -> Message {
    Message::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Presses `codes` in turn; the effects they asked for, but for the detail reads that follow
/// the selection (their own tests below check those).
pub(in crate::tui) fn press(model: Model, codes: &[KeyCode]) -> (Model, Vec<Effect>) {
    let mut effects = Vec::new();
    let mut model = model;
    for code in codes {
        let (next, more) = update(model, key(*code));
        model = next;
        effects.extend(
            more.into_iter()
                .filter(|e| !matches!(e, Effect::LoadDetail(_))),
        );
    }
    (model, effects)
}

fn names(model: &Model) -> Vec<&str> {
    model.visible().iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn a_load_selects_the_first_row_in_expiry_order() {
    let model = loaded();
    assert_eq!(names(&model), ["c.example", "a.example", "b.example"]);
    assert_eq!(model.selected.as_deref(), Some("c.example"));
}

#[test]
fn arrow_and_vim_keys_move_and_stop_at_either_end() {
    use KeyCode::{Char, Down, End, Home, PageDown, PageUp, Up};
    let table: &[(&[KeyCode], &str)] = &[
        (&[Down], "a.example"),
        (&[Char('j')], "a.example"),
        (&[Down, Down, Down, Down], "b.example"),
        (&[Down, Up], "c.example"),
        (&[Char('j'), Char('k')], "c.example"),
        (&[Up], "c.example"),
        (&[Char('G')], "b.example"),
        (&[End, Char('g')], "c.example"),
        (&[End, Home], "c.example"),
        (&[PageDown], "b.example"),
        (&[PageDown, PageUp], "c.example"),
    ];
    for (keys, want) in table {
        let (model, effects) = press(loaded(), keys);
        assert_eq!(model.selected.as_deref(), Some(*want), "{keys:?}");
        assert!(effects.is_empty(), "{keys:?}");
    }
}

#[test]
fn moving_in_an_empty_store_selects_nothing_and_does_not_panic() {
    let model = update(Model::default(), Message::Loaded(Ok(Vec::new()))).0;
    let (model, effects) = press(
        model,
        &[KeyCode::Down, KeyCode::Up, KeyCode::End, KeyCode::Char('r')],
    );
    assert_eq!(model.selected, None);
    assert!(effects.is_empty(), "renewing nothing runs nothing");
    assert_eq!(model.notice.as_deref(), Some("no certificate selected"));
}

#[test]
fn the_filter_matches_names_identifiers_and_ca_and_keeps_the_selection_visible() {
    use KeyCode::{Backspace, Char, Enter, Esc};
    let (model, _) = press(loaded(), &[Char('/'), Char('w'), Char('w')]);
    assert_eq!(model.mode, Mode::Filter);
    assert_eq!(
        names(&model),
        ["a.example"],
        "www.a.example is an identifier of a"
    );
    assert_eq!(model.selected.as_deref(), Some("a.example"));
    // In the filter, letters are text, not commands: 'q' does not quit.
    let (model, _) = press(model, &[Char('q')]);
    assert!(!model.quit);
    assert!(
        names(&model).is_empty(),
        "filter with no match shows nothing"
    );
    assert_eq!(model.selected, None);
    let (model, _) = press(
        model,
        &[
            Backspace,
            Backspace,
            Backspace,
            Char('c'),
            Char('a'),
            Char('2'),
        ],
    );
    assert_eq!(names(&model), ["b.example"], "the CA URL matches");
    let (model, _) = press(model, &[Enter]);
    assert_eq!(model.mode, Mode::Normal);
    assert_eq!(model.filter, "ca2", "Enter keeps the filter");
    let (model, _) = press(model, &[Char('/'), Esc]);
    assert_eq!(model.filter, "", "Esc clears it");
    assert_eq!(names(&model).len(), 3);
    assert_eq!(
        model.selected.as_deref(),
        Some("b.example"),
        "selection kept"
    );
}

#[test]
fn s_cycles_the_sort_column_and_capital_s_reverses_it() {
    use KeyCode::Char;
    let (model, _) = press(loaded(), &[Char('s')]);
    assert_eq!(model.sort, SortKey::Name);
    assert_eq!(names(&model), ["a.example", "b.example", "c.example"]);
    let (model, _) = press(model, &[Char('S')]);
    assert_eq!(names(&model), ["c.example", "b.example", "a.example"]);
    let (model, _) = press(loaded(), &[Char('s'), Char('s'), Char('s'), Char('s')]);
    assert_eq!(model.sort, SortKey::Failures);
    assert_eq!(names(&model), ["b.example", "c.example", "a.example"]);
    let (model, _) = press(model, &[Char('s')]);
    assert_eq!(model.sort, SortKey::Expires, "the cycle comes back round");
}

#[test]
fn help_opens_with_a_question_mark_and_any_key_closes_it_without_acting() {
    use KeyCode::Char;
    let (model, _) = press(loaded(), &[Char('?')]);
    assert_eq!(model.mode, Mode::Help);
    let (model, effects) = press(model, &[Char('r')]);
    assert_eq!(model.mode, Mode::Normal);
    assert!(
        effects.is_empty(),
        "the key that closes help does nothing else"
    );
    let (model, _) = press(model, &[Char('?'), Char('q')]);
    assert!(!model.quit, "q closes help first");
}

#[test]
fn q_esc_and_ctrl_c_quit() {
    for msg in [
        key(KeyCode::Char('q')),
        key(KeyCode::Esc),
        Message::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Message::InputClosed,
    ] {
        assert!(update(loaded(), msg.clone()).0.quit, "{msg:?}");
    }
    // Ctrl-C quits even while typing a filter.
    let (model, _) = press(loaded(), &[KeyCode::Char('/')]);
    let ctrl_c = Message::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(update(model, ctrl_c).0.quit);
}

#[test]
fn r_renews_the_selected_certificate_once_and_progress_shows_on_it() {
    let (model, effects) = press(loaded(), &[KeyCode::Down, KeyCode::Char('r')]);
    assert_eq!(effects, [Effect::Renew("a.example".into())]);
    // A second r while it runs starts nothing.
    let (model, effects) = press(model, &[KeyCode::Char('r')]);
    assert!(effects.is_empty());
    assert_eq!(
        model.notice.as_deref(),
        Some("a.example: a renewal is already running")
    );
    // Its events are attributed by certificate; another certificate's are not shown on it.
    let record = |cert: &str, event| Message::Progress(EventRecord::new(Some(cert), None, event));
    let (model, _) = update(model, record("a.example", Event::Finalizing));
    let (model, _) = update(model, record("b.example", Event::AuthorizationsValid));
    assert_eq!(
        model.activity.get("a.example"),
        Some(&Activity::Renewing {
            steps: vec!["starting".into(), "finalizing".into()]
        })
    );
    assert_eq!(model.activity.get("b.example"), None);
    // The UI stays usable meanwhile.
    let (model, _) = press(model, &[KeyCode::Down]);
    assert_eq!(model.selected.as_deref(), Some("b.example"));
    // The result replaces the progress and reloads the store.
    let (model, effects) = update(
        model,
        Message::RenewFinished {
            name: "a.example".into(),
            outcome: RenewOutcome::Renewed {
                serial: "0abc".into(),
            },
        },
    );
    assert_eq!(effects, [Effect::Load]);
    assert_eq!(
        model.activity.get("a.example"),
        Some(&Activity::Renewed {
            serial: "0abc".into()
        })
    );
    // Late progress of a finished renewal changes nothing.
    let (late, _) = update(model.clone(), record("a.example", Event::Finalizing));
    assert_eq!(late, model);
}

#[test]
fn a_certificate_locked_by_another_process_shows_as_busy_and_can_be_retried() {
    let (model, _) = press(loaded(), &[KeyCode::Char('r')]);
    let (model, _) = update(
        model,
        Message::RenewFinished {
            name: "c.example".into(),
            outcome: RenewOutcome::Busy,
        },
    );
    assert_eq!(model.activity.get("c.example"), Some(&Activity::Busy));
    assert!(model.notice.as_deref().is_some_and(|n| n.contains("busy")));
    let (_, effects) = press(model, &[KeyCode::Char('r')]);
    assert_eq!(effects, [Effect::Renew("c.example".into())]);
}

#[test]
fn a_store_change_reloads_and_a_reload_keeps_the_selection() {
    let (model, _) = press(loaded(), &[KeyCode::Char('G')]);
    let (model, effects) = update(model, Message::StoreChanged);
    assert_eq!(effects, [Effect::Load]);
    // b is gone (deleted by another process): the selection moves to the first row.
    let rows = vec![row("a.example", &[], 40, 0), row("c.example", &[], 5, 0)];
    let (model, _) = update(model, Message::Loaded(Ok(rows.clone())));
    assert_eq!(model.selected.as_deref(), Some("c.example"));
    let (model, _) = press(model, &[KeyCode::Down]);
    let (model, _) = update(model, Message::Loaded(Ok(rows)));
    assert_eq!(
        model.selected.as_deref(),
        Some("a.example"),
        "kept across reloads"
    );
}

#[test]
fn a_failed_load_is_shown_and_the_next_good_one_clears_it() {
    let (model, _) = update(loaded(), Message::Loaded(Err("permission denied".into())));
    assert_eq!(model.load_error.as_deref(), Some("permission denied"));
    assert_eq!(model.rows.len(), 3, "the last good rows stay");
    let (model, _) = update(model, Message::Loaded(Ok(Vec::new())));
    assert_eq!(model.load_error, None);
}

#[test]
fn d_asks_first_and_n_or_esc_cancel_without_deleting() {
    use KeyCode::{Char, Esc};
    for cancel in [Char('n'), Esc] {
        let (model, effects) = press(loaded(), &[Char('d')]);
        assert_eq!(model.mode, Mode::Confirm);
        assert_eq!(
            model.confirm,
            Some(Confirm::Delete {
                name: "c.example".into()
            })
        );
        assert!(effects.is_empty(), "nothing before the answer");
        // Other keys neither confirm nor cancel.
        let (model, effects) = press(model, &[Char('q'), Char('r'), KeyCode::Down]);
        assert!(effects.is_empty());
        assert!(!model.quit);
        assert_eq!(model.mode, Mode::Confirm);
        let (model, effects) = press(model, &[cancel]);
        assert!(effects.is_empty(), "{cancel:?}");
        assert_eq!((model.mode, model.confirm), (Mode::Normal, None));
        assert_eq!(model.notice.as_deref(), Some("cancelled"));
    }
    let (_, effects) = press(loaded(), &[Char('d'), Char('y')]);
    assert_eq!(effects, [Effect::Delete("c.example".into())]);
}

#[test]
fn x_revokes_with_the_reason_picked_by_the_arrows() {
    use KeyCode::{Char, Left, Right};
    let (_, effects) = press(loaded(), &[Char('x'), Char('y')]);
    assert_eq!(
        effects,
        [Effect::Revoke(
            "c.example".into(),
            RevokeReason::Unspecified
        )]
    );
    let (_, effects) = press(loaded(), &[Char('x'), Right, Right, Char('y')]);
    assert_eq!(
        effects,
        [Effect::Revoke("c.example".into(), RevokeReason::Superseded)]
    );
    let (_, effects) = press(loaded(), &[Char('x'), Left, Char('y')]);
    assert_eq!(
        effects,
        [Effect::Revoke(
            "c.example".into(),
            RevokeReason::CessationOfOperation
        )],
        "left from the first reason wraps to the last"
    );
}

#[test]
fn no_delete_or_revoke_while_the_certificate_renews() {
    use KeyCode::Char;
    let (model, _) = press(loaded(), &[Char('r')]);
    let (model, effects) = press(model, &[Char('d'), Char('y'), Char('x'), Char('y')]);
    assert!(effects.is_empty());
    assert_eq!(model.mode, Mode::Normal);
    assert_eq!(
        model.notice.as_deref(),
        Some("c.example: wait for its renewal to end")
    );
}

#[test]
fn a_delete_blocked_by_the_lock_is_busy_and_any_outcome_reloads() {
    let (model, effects) = update(
        loaded(),
        Message::ActionFinished {
            name: "b.example".into(),
            outcome: ActionOutcome::Busy,
            done: "deleted",
        },
    );
    assert_eq!(effects, [Effect::Load]);
    assert_eq!(model.activity.get("b.example"), Some(&Activity::Busy));
    let (model, _) = update(
        model,
        Message::ActionFinished {
            name: "a.example".into(),
            outcome: ActionOutcome::Done,
            done: "revoked",
        },
    );
    assert_eq!(model.notice.as_deref(), Some("a.example: revoked"));
}

#[test]
fn tab_cycles_the_views_and_certificate_actions_only_act_on_the_certificates_tab() {
    use KeyCode::{Char, Tab as TabKey};
    let (model, _) = press(loaded(), &[TabKey]);
    assert_eq!(model.tab, Tab::Accounts);
    let (model, effects) = press(model, &[Char('r'), Char('d'), Char('x'), KeyCode::Down]);
    assert!(effects.is_empty());
    assert_eq!(model.mode, Mode::Normal);
    assert_eq!(model.selected.as_deref(), Some("c.example"));
    let (model, _) = press(model, &[TabKey]);
    assert_eq!(model.tab, Tab::Daemon);
    let (model, _) = press(model, &[TabKey]);
    assert_eq!(model.tab, Tab::Certificates);
}

#[test]
fn l_shows_the_last_run_kept_after_the_renewal_ends_and_any_key_closes_it() {
    use KeyCode::Char;
    let (model, _) = press(loaded(), &[Char('r')]);
    let progress = EventRecord::new(Some("c.example"), None, Event::Finalizing);
    let (model, _) = update(model, Message::Progress(progress));
    let (model, _) = update(
        model,
        Message::RenewFinished {
            name: "c.example".into(),
            outcome: RenewOutcome::Failed {
                message: "rate limited".into(),
            },
        },
    );
    assert_eq!(
        model.last_run.get("c.example").map(Vec::as_slice),
        Some(
            &[
                "starting".to_owned(),
                "finalizing".to_owned(),
                "c.example: renewal failed: rate limited".to_owned()
            ][..]
        )
    );
    let (model, effects) = press(model, &[Char('l')]);
    assert_eq!(model.mode, Mode::Log);
    let (model, _) = press(model, &[Char('r')]);
    assert_eq!(model.mode, Mode::Normal);
    assert!(effects.is_empty());
    // Nothing selected: no log to show.
    let empty = update(Model::default(), Message::Loaded(Ok(Vec::new()))).0;
    assert_eq!(press(empty, &[Char('l')]).0.mode, Mode::Normal);
}

fn detail_of(name: &str) -> Message {
    Message::DetailLoaded {
        name: name.into(),
        detail: Ok(Box::new(Detail::named(name))),
    }
}

#[test]
fn the_detail_follows_the_selection_and_one_for_a_row_already_left_is_dropped() {
    let (model, effects) = update(
        Model::default(),
        Message::Loaded(Ok(vec![
            row("a.example", &[], 40, 0),
            row("c.example", &[], 5, 0),
        ])),
    );
    assert_eq!(effects, [Effect::LoadDetail("c.example".into())]);
    assert_eq!(model.detail, DetailState::Loading("c.example".into()));
    let (model, effects) = update(model, key(KeyCode::Down));
    assert_eq!(effects, [Effect::LoadDetail("a.example".into())]);
    // c's detail arrives after the user moved on: a's pane must not show it.
    let (model, _) = update(model, detail_of("c.example"));
    assert_eq!(model.detail, DetailState::Loading("a.example".into()));
    let (model, _) = update(model, detail_of("a.example"));
    assert!(model.detail.of("a.example").is_some());
    // A key that does not move the selection reads nothing.
    let (model, effects) = update(model, key(KeyCode::Down));
    assert!(effects.is_empty(), "already on the last row: {effects:?}");
    assert!(model.detail.of("a.example").is_some());
}

#[test]
fn a_reload_reads_the_detail_again_and_keeps_the_old_one_meanwhile() {
    let (model, _) = update(loaded(), detail_of("c.example"));
    let (model, effects) = update(model, Message::Loaded(Ok(loaded().rows)));
    assert_eq!(
        effects,
        [Effect::LoadDetail("c.example".into())],
        "a renewal may have changed its serial"
    );
    assert!(model.detail.of("c.example").is_some(), "no flicker");
}

#[test]
fn an_unreadable_detail_is_shown_as_failed_and_an_empty_store_reads_none() {
    let (model, _) = update(
        loaded(),
        Message::DetailLoaded {
            name: "c.example".into(),
            detail: Err("spec.toml: invalid".into()),
        },
    );
    assert_eq!(
        model.detail,
        DetailState::Failed {
            name: "c.example".into(),
            message: "spec.toml: invalid".into()
        }
    );
    let (model, effects) = update(model, Message::Loaded(Ok(Vec::new())));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(model.detail, DetailState::None);
}

#[test]
fn enter_shows_the_whole_detail_where_the_arrows_still_move_and_esc_returns() {
    use KeyCode::{Char, Down, Enter, Esc};
    let (model, _) = press(loaded(), &[Enter]);
    assert_eq!(model.mode, Mode::Detail);
    let (model, effects) = update(model, key(Down));
    assert_eq!(effects, [Effect::LoadDetail("a.example".into())]);
    assert_eq!(model.mode, Mode::Detail);
    let (model, effects) = press(model, &[Char('r')]);
    assert_eq!(effects, [Effect::Renew("a.example".into())]);
    let (model, _) = press(model, &[KeyCode::PageDown, Char(' '), KeyCode::PageUp]);
    assert_eq!(model.detail_scroll, 10, "two pages down, one up");
    let (model, _) = press(model, &[KeyCode::PageUp, KeyCode::PageUp]);
    assert_eq!(model.detail_scroll, 0, "stops at the top");
    let (model, _) = press(model, &[KeyCode::PageDown, Down]);
    assert_eq!(
        model.detail_scroll, 0,
        "another certificate starts at its top"
    );
    let (model, _) = press(model, &[Char('q')]);
    assert_eq!(model.mode, Mode::Normal);
    assert!(!model.quit, "q leaves the detail, not the TUI");
    for close in [Enter, Esc] {
        let (model, _) = press(loaded(), &[Enter, close]);
        assert_eq!(model.mode, Mode::Normal, "{close:?}");
    }
    // Nothing selected: nothing to show.
    let empty = update(Model::default(), Message::Loaded(Ok(Vec::new()))).0;
    assert_eq!(press(empty, &[Enter]).0.mode, Mode::Normal);
}

#[test]
fn a_tick_sets_the_time_the_view_measures_from() {
    let at = datetime!(2026-12-01 12:00 UTC);
    let (model, effects) = update(loaded(), Message::Tick(at));
    assert_eq!(model.now, Some(at));
    assert!(effects.is_empty());
}
