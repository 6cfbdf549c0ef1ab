//! `update`: the one place the TUI's state changes. Pure: a [`Message`] (a key, a load result,
//! a progress event, a finished renewal) and the old [`Model`] give the new model and the
//! [`Effect`]s for the runtime to run. No I/O, no clock, so every key is a table test. Whenever
//! the selection moves to another certificate (or the store is reloaded), an
//! [`Effect::LoadDetail`] asks for its detail.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use time::OffsetDateTime;

use super::form::ObtainForm;
use super::install_form::InstallForm;
use super::model::{
    AccountLine, Activity, Confirm, DaemonLine, Detail, DetailState, Mode, Model, Row, Tab,
};
use super::register_form::{Failure, RegisterForm};
use super::update_forms::{
    form_key, install_key, open_install, open_register, register_finished, register_key, terms_read,
};
use super::view::{Hit, hit};
use crate::ops::{CaTerms, Event, EventRecord, RevokeReason};

/// The CA the new-certificate form starts with when the store has no account yet.
pub(super) const DEFAULT_CA: &str = "letsencrypt";
/// How many rows Page Up and Page Down move.
const PAGE: usize = 10;
/// How many lines Page Up and Page Down scroll the full-screen detail.
const DETAIL_PAGE: u16 = 10;
/// How many rows (or detail lines) one notch of the mouse wheel moves.
const WHEEL: u16 = 3;

/// Something that happened, for `update` to fold into the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Message {
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal's size, columns and rows: at the start and whenever it changes.
    Resized(u16, u16),
    /// The mouse wheel turned or a button was pressed.
    Mouse(MouseEvent),
    /// Terminal input cannot be read any more: nobody can quit with a key, so quit now.
    InputClosed,
    /// A load of the store finished.
    Loaded(Result<Vec<Row>, String>),
    /// The accounts and the daemon's record, loaded with the certificates.
    LoadedOthers {
        /// Every readable account.
        accounts: Vec<AccountLine>,
        /// The daemon's record.
        daemon: Option<DaemonLine>,
    },
    /// A delete or revoke ended.
    ActionFinished {
        /// The certificate.
        name: String,
        /// Done, busy, or the error.
        outcome: ActionOutcome,
        /// `deleted`, `revoked`.
        done: &'static str,
    },
    /// Another process (or this one) changed the store.
    StoreChanged,
    /// A progress event of a running operation.
    Progress(EventRecord),
    /// An obtain started from the form ended.
    ObtainFinished {
        /// The certificate.
        name: String,
        /// How it ended (`Renewed`: obtained).
        outcome: RenewOutcome,
    },
    /// A renewal ended.
    RenewFinished {
        /// The certificate.
        name: String,
        /// How it ended.
        outcome: RenewOutcome,
    },
    /// The time, read when the store was loaded.
    Tick(OffsetDateTime),
    /// A CA's directory was read for the new-account form (or could not be).
    TermsRead {
        /// The directory URL asked for.
        ca: String,
        /// What it asks of a new account, or why it could not be read.
        terms: Result<CaTerms, String>,
    },
    /// A registration started from the new-account form ended: the account's name, or what
    /// failed.
    RegisterFinished(Result<String, Failure>),
    /// A certificate's detail was read (or could not be).
    DetailLoaded {
        /// The certificate.
        name: String,
        /// Its detail, or why it could not be read.
        detail: Result<Box<Detail>, String>,
    },
}

/// How a renewal started from the TUI ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum RenewOutcome {
    /// A new version is stored.
    Renewed {
        /// Its serial.
        serial: String,
    },
    /// Another certkeep process holds the store lock.
    Busy,
    /// It failed.
    Failed {
        /// Why.
        message: String,
    },
}

/// How a delete or revoke started from the TUI ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ActionOutcome {
    /// It was done.
    Done,
    /// Another certkeep process holds the store lock.
    Busy,
    /// It failed.
    Failed {
        /// Why.
        message: String,
    },
}

/// Work for the runtime, which sends the result back as a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Effect {
    /// Read every certificate from the store.
    Load,
    /// Renew this certificate now (`renew NAME --force`).
    Renew(String),
    /// Delete this lineage (`delete NAME`).
    Delete(String),
    /// Revoke this certificate (`revoke NAME --reason REASON`).
    Revoke(String, RevokeReason),
    /// Read this certificate's detail (the newest request wins over older ones still queued).
    LoadDetail(String),
    /// Obtain the certificate the form describes (`obtain` with its values).
    Obtain(Box<ObtainForm>),
    /// Add the form's install target to its certificate and deploy (`install NAME ...`).
    Install(Box<InstallForm>),
    /// Read what this CA asks of a new account (its terms, whether it needs EAB).
    ReadTerms(String),
    /// Register the account the form describes (`account register` with its values).
    Register(Box<RegisterForm>),
    /// Roll this account's key over (`account rollover --account NAME --ca CA`).
    Rollover {
        /// The account.
        name: String,
        /// Its CA.
        ca: String,
    },
}

/// Folds `msg` into `model`.
pub(super) fn update(mut model: Model, msg: Message) -> (Model, Vec<Effect>) {
    let mut effects = Vec::new();
    let selected_before = model.selected.clone();
    // A reload may have changed the selected certificate (a renewal): its detail is read again.
    let reloaded = matches!(msg, Message::Loaded(Ok(_)));
    match msg {
        Message::Key(key) => key_pressed(&mut model, key, &mut effects),
        Message::Resized(width, height) => model.size = Some((width, height)),
        Message::Mouse(mouse) => mouse_used(&mut model, mouse),
        Message::InputClosed => model.quit = true,
        Message::Loaded(Ok(rows)) => {
            model.rows = rows;
            model.loaded = true;
            model.load_error = None;
            keep_selection_visible(&mut model);
        }
        Message::Loaded(Err(message)) => {
            model.loaded = true;
            model.load_error = Some(message);
        }
        Message::LoadedOthers { accounts, daemon } => {
            // A form opened before the accounts were read started on the default CA: it moves
            // to the first account's, unless the user changed the CA meanwhile.
            if let (Some(form), Some(first)) = (model.form.as_mut(), accounts.first()) {
                form.replace_ca(DEFAULT_CA, &first.ca);
            }
            model.account_selected = model.account_selected.min(accounts.len().saturating_sub(1));
            model.accounts = accounts;
            model.daemon = daemon;
        }
        Message::ActionFinished {
            name,
            outcome,
            done,
        } => {
            model.notice = Some(match outcome {
                ActionOutcome::Done => format!("{name}: {done}"),
                ActionOutcome::Busy => {
                    model.activity.insert(name.clone(), Activity::Busy);
                    format!("{name}: busy, another certkeep process holds the store; try again")
                }
                ActionOutcome::Failed { message } => format!("{name}: {message}"),
            });
            effects.push(Effect::Load);
        }
        Message::StoreChanged => effects.push(Effect::Load),
        Message::Progress(record) => progressed(&mut model, &record),
        Message::RenewFinished { name, outcome } => {
            finished(&mut model, name, outcome, ("renewed", "renewal"));
            effects.push(Effect::Load);
        }
        Message::ObtainFinished { name, outcome } => {
            finished(&mut model, name, outcome, ("obtained", "obtain"));
            effects.push(Effect::Load);
        }
        Message::Tick(now) => model.now = Some(now),
        Message::TermsRead { ca, terms } => terms_read(&mut model, ca, terms),
        Message::RegisterFinished(outcome) => register_finished(&mut model, outcome, &mut effects),
        Message::DetailLoaded { name, detail } => {
            // A detail for a row the user has already moved away from is dropped.
            if model.selected.as_deref() == Some(name.as_str()) {
                model.detail = match detail {
                    Ok(detail) => DetailState::Loaded(detail),
                    Err(message) => DetailState::Failed { name, message },
                };
            }
        }
    }
    if model.selected != selected_before || reloaded {
        follow_selection(&mut model, &mut effects, selected_before.as_ref());
    }
    (model, effects)
}

/// A renewal or obtain of `name` ended: its outcome replaces its progress, and its steps and
/// outcome are kept for `l`. `words`: what success and the run are called.
fn finished(model: &mut Model, name: String, outcome: RenewOutcome, words: (&str, &str)) {
    let (done, run) = words;
    let (activity, notice) = match outcome {
        RenewOutcome::Renewed { serial } => (
            Activity::Renewed {
                serial: serial.clone(),
            },
            format!("{name}: {done}, serial {serial}"),
        ),
        RenewOutcome::Busy => (
            Activity::Busy,
            format!("{name}: busy, another certkeep process holds the store; try again"),
        ),
        RenewOutcome::Failed { message } => (
            Activity::Failed {
                message: message.clone(),
            },
            format!("{name}: {run} failed: {message}"),
        ),
    };
    let mut steps = match model.activity.remove(&name) {
        Some(Activity::Renewing { steps }) => steps,
        _ => Vec::new(),
    };
    steps.push(notice.clone());
    model.last_run.insert(name.clone(), steps);
    model.activity.insert(name, activity);
    model.notice = Some(notice);
}

/// Asks for the selected certificate's detail; the old one stays shown while the same
/// certificate is read again (no flicker on a reload), and is dropped for another one.
fn follow_selection(model: &mut Model, effects: &mut Vec<Effect>, before: Option<&String>) {
    match model.selected.clone() {
        Some(name) => {
            if model.selected.as_ref() != before || model.detail.of(&name).is_none() {
                model.detail = DetailState::Loading(name.clone());
                model.detail_scroll = 0;
            }
            effects.push(Effect::LoadDetail(name));
        }
        None => model.detail = DetailState::None,
    }
}

fn key_pressed(model: &mut Model, key: KeyEvent, effects: &mut Vec<Effect>) {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        model.quit = true;
        return;
    }
    match model.mode {
        Mode::Help | Mode::Log => model.mode = Mode::Normal,
        Mode::Detail => detail_key(model, key.code, effects),
        Mode::Form => form_key(model, key.code, effects),
        Mode::Install => install_key(model, key.code, effects),
        Mode::Register => register_key(model, key.code, effects),
        Mode::Filter => filter_key(model, key.code),
        Mode::Confirm => confirm_key(model, key.code, effects),
        Mode::Normal => normal_key(model, key.code, effects),
    }
}

fn filter_key(model: &mut Model, code: KeyCode) {
    match code {
        KeyCode::Enter => model.mode = Mode::Normal,
        KeyCode::Esc => {
            model.filter.clear();
            model.mode = Mode::Normal;
        }
        KeyCode::Backspace => {
            model.filter.pop();
        }
        KeyCode::Char(c) => model.filter.push(c),
        _ => {}
    }
    keep_selection_visible(model);
}

fn normal_key(model: &mut Model, code: KeyCode, effects: &mut Vec<Effect>) {
    match code {
        KeyCode::Char('q') | KeyCode::Esc => model.quit = true,
        KeyCode::Char('?') => model.mode = Mode::Help,
        KeyCode::Tab => model.tab = model.tab.next(),
        _ if model.tab == Tab::Accounts => account_key(model, code, effects),
        _ if model.tab != Tab::Certificates => {}
        KeyCode::Char('/') => model.mode = Mode::Filter,
        KeyCode::Down | KeyCode::Char('j') => move_selection(model, 1),
        KeyCode::Up | KeyCode::Char('k') => move_selection(model, -1),
        KeyCode::PageDown => move_selection(model, PAGE.cast_signed()),
        KeyCode::PageUp => move_selection(model, -PAGE.cast_signed()),
        KeyCode::Home | KeyCode::Char('g') => move_selection(model, isize::MIN),
        KeyCode::End | KeyCode::Char('G') => move_selection(model, isize::MAX),
        KeyCode::Char('n') => {
            let ca = model
                .accounts
                .first()
                .map_or(DEFAULT_CA, |account| account.ca.as_str());
            model.form = Some(ObtainForm::new(ca));
            model.mode = Mode::Form;
        }
        KeyCode::Char('i') => open_install(model),
        KeyCode::Char('s') => model.sort = model.sort.next(),
        KeyCode::Char('S') => model.descending = !model.descending,
        KeyCode::Char('r') => renew_selected(model, effects),
        KeyCode::Char('l') if model.selected_row().is_some() => model.mode = Mode::Log,
        KeyCode::Enter if model.selected_row().is_some() => model.mode = Mode::Detail,
        KeyCode::Char('d') => ask(model, |name| Confirm::Delete { name }),
        KeyCode::Char('x') => ask(model, |name| Confirm::Revoke {
            name,
            reason: RevokeReason::Unspecified,
        }),
        _ => {}
    }
}

/// In the full-screen detail: the arrows go on moving through the certificates (the detail
/// follows), Page Down and Space scroll it, `r` renews, Enter, Esc and `q` go back to the
/// table.
fn detail_key(model: &mut Model, code: KeyCode, effects: &mut Vec<Effect>) {
    match code {
        KeyCode::Enter | KeyCode::Esc | KeyCode::Char('q') => model.mode = Mode::Normal,
        KeyCode::Down | KeyCode::Char('j') => move_selection(model, 1),
        KeyCode::Up | KeyCode::Char('k') => move_selection(model, -1),
        KeyCode::PageDown | KeyCode::Char(' ') => {
            model.detail_scroll = model.detail_scroll.saturating_add(DETAIL_PAGE);
        }
        KeyCode::PageUp => model.detail_scroll = model.detail_scroll.saturating_sub(DETAIL_PAGE),
        KeyCode::Char('r') => renew_selected(model, effects),
        KeyCode::Char('?') => model.mode = Mode::Help,
        _ => {}
    }
}

/// The wheel moves the selection (or scrolls the full-screen detail); a left click on a row
/// selects it, on a tab's name shows that tab. Overlays take no mouse input: they wait for a
/// key.
fn mouse_used(model: &mut Model, mouse: MouseEvent) {
    if !matches!(model.mode, Mode::Normal | Mode::Detail) {
        return;
    }
    let rows = isize::from(WHEEL.cast_signed());
    match (mouse.kind, model.mode) {
        (MouseEventKind::ScrollDown, Mode::Detail) => {
            model.detail_scroll = model.detail_scroll.saturating_add(WHEEL);
        }
        (MouseEventKind::ScrollUp, Mode::Detail) => {
            model.detail_scroll = model.detail_scroll.saturating_sub(WHEEL);
        }
        (MouseEventKind::ScrollDown, _) if model.tab == Tab::Certificates => {
            move_selection(model, rows);
        }
        (MouseEventKind::ScrollUp, _) if model.tab == Tab::Certificates => {
            move_selection(model, -rows);
        }
        (MouseEventKind::Down(MouseButton::Left), _) => {
            let Some((width, height)) = model.size else {
                return;
            };
            match hit(model, width, height, mouse.column, mouse.row) {
                Hit::Tab(tab) => {
                    model.tab = tab;
                    model.mode = Mode::Normal;
                }
                Hit::Row(index) => {
                    let visible = model.visible();
                    model.selected = visible.get(index).map(|r| r.name.clone());
                }
                Hit::Nothing => {}
            }
        }
        _ => {}
    }
}

/// On the accounts tab: the arrows pick an account, `n` opens the new-account form, `o` asks
/// to roll the selected account's key over.
fn account_key(model: &mut Model, code: KeyCode, effects: &mut Vec<Effect>) {
    let last = model.accounts.len().saturating_sub(1);
    match code {
        KeyCode::Down | KeyCode::Char('j') => {
            model.account_selected = (model.account_selected + 1).min(last);
        }
        KeyCode::Up | KeyCode::Char('k') => {
            model.account_selected = model.account_selected.saturating_sub(1);
        }
        KeyCode::Char('n') => open_register(model, effects),
        KeyCode::Char('o') => match model.accounts.get(model.account_selected) {
            Some(account) => {
                model.confirm = Some(Confirm::Rollover {
                    name: account.name.clone(),
                    ca: account.ca.clone(),
                });
                model.mode = Mode::Confirm;
            }
            None => model.notice = Some("no account selected".into()),
        },
        _ => {}
    }
}

/// Asks for confirmation of `action` on the selected certificate (not while it renews).
fn ask(model: &mut Model, action: impl FnOnce(String) -> Confirm) {
    let Some(name) = model.selected_row().map(|r| r.name.clone()) else {
        model.notice = Some("no certificate selected".into());
        return;
    };
    if matches!(model.activity.get(&name), Some(Activity::Renewing { .. })) {
        model.notice = Some(format!("{name}: wait for its renewal to end"));
        return;
    }
    model.confirm = Some(action(name));
    model.mode = Mode::Confirm;
}

/// `y` runs the action; `n` or Esc cancel it; the arrows pick the revocation reason.
fn confirm_key(model: &mut Model, code: KeyCode, effects: &mut Vec<Effect>) {
    match (code, model.confirm.as_mut()) {
        (KeyCode::Char('y' | 'Y'), Some(confirm)) => {
            effects.push(match confirm.clone() {
                Confirm::Delete { name } => Effect::Delete(name),
                Confirm::Revoke { name, reason } => Effect::Revoke(name, reason),
                Confirm::Rollover { name, ca } => Effect::Rollover { name, ca },
            });
            model.notice = Some("working…".into());
        }
        (KeyCode::Left | KeyCode::Right | KeyCode::Tab, Some(Confirm::Revoke { reason, .. })) => {
            *reason = next_reason(*reason, code == KeyCode::Left);
            return;
        }
        (KeyCode::Char('n' | 'N') | KeyCode::Esc, _) => {
            model.notice = Some("cancelled".into());
        }
        _ => return,
    }
    model.confirm = None;
    model.mode = Mode::Normal;
}

/// The reasons in RFC 5280 order, cycling.
fn next_reason(reason: RevokeReason, backwards: bool) -> RevokeReason {
    const ALL: [RevokeReason; 4] = [
        RevokeReason::Unspecified,
        RevokeReason::KeyCompromise,
        RevokeReason::Superseded,
        RevokeReason::CessationOfOperation,
    ];
    let at = ALL.iter().position(|r| *r == reason).unwrap_or(0);
    let to = (if backwards {
        at + ALL.len() - 1
    } else {
        at + 1
    }) % ALL.len();
    ALL[to]
}

fn renew_selected(model: &mut Model, effects: &mut Vec<Effect>) {
    let Some(name) = model.selected_row().map(|r| r.name.clone()) else {
        model.notice = Some("no certificate selected".into());
        return;
    };
    if start_run(model, &name, "a renewal is already running", "renewing") {
        effects.push(Effect::Renew(name));
    }
}

/// Marks `name` as running (`doing` in the notice) unless it already is (`busy`); true when
/// the run may start.
pub(super) fn start_run(model: &mut Model, name: &str, busy: &str, doing: &str) -> bool {
    if matches!(model.activity.get(name), Some(Activity::Renewing { .. })) {
        model.notice = Some(format!("{name}: {busy}"));
        return false;
    }
    model.activity.insert(
        name.to_owned(),
        Activity::Renewing {
            steps: vec!["starting".into()],
        },
    );
    model.notice = Some(format!("{name}: {doing}"));
    true
}

/// Moves the selection `by` rows among the visible ones, stopping at either end.
fn move_selection(model: &mut Model, by: isize) {
    let visible = model.visible();
    if visible.is_empty() {
        return;
    }
    let at = model.selected_index(&visible).unwrap_or(0);
    let last = visible.len() - 1;
    let to = at.saturating_add_signed(by).min(last);
    model.selected = Some(visible[to].name.clone());
}

/// After a load or a filter change: the selection stays on its certificate if that is still
/// shown, else moves to the first row shown (or none).
fn keep_selection_visible(model: &mut Model) {
    let visible = model.visible();
    if model.selected_index(&visible).is_none() {
        model.selected = visible.first().map(|r| r.name.clone());
    }
}

fn progressed(model: &mut Model, record: &EventRecord) {
    let Some(name) = record.cert.as_deref() else {
        return;
    };
    // Progress of a renewal that already ended (the channel is drained after the result) is
    // not news.
    if let Some(Activity::Renewing { steps }) = model.activity.get_mut(name) {
        let step = step_text(&record.event);
        // A certificate being obtained has no row yet: its progress shows in the notice.
        if !model.rows.iter().any(|r| r.name == name) {
            model.notice = Some(format!("{name}: {step}"));
        }
        steps.push(step);
    }
}

/// One progress event, as a short line.
pub(super) fn step_text(event: &Event) -> String {
    match event {
        Event::AccountRegistered { .. } => "account registered".into(),
        Event::OrderCreated { pending } => format!("order created, {pending} to authorize"),
        Event::ChallengePresented {
            identifier,
            challenge,
        } => format!("{challenge} for {identifier}"),
        Event::ValidationStarted { count } => format!("CA validating {count}"),
        Event::AuthorizationsValid => "authorized".into(),
        Event::Finalizing => "finalizing".into(),
        Event::CertificateIssued { serial, .. } => format!("issued {serial}"),
        Event::Stored { version } => format!("stored as version {version}"),
        Event::Renewing { reason } => format!("renewing: {reason}"),
        Event::RenewFailed { message } => format!("failed: {message}"),
        Event::Waiting { seconds, reason } => format!("waiting {seconds}s {reason}"),
        Event::DnsPending { record, .. } => format!("DNS record {record} not visible yet"),
        Event::HookRan { stage, ok, .. } => {
            format!("{stage} hook {}", if *ok { "ok" } else { "failed" })
        }
        Event::CleanupFailed { identifier, .. } => format!("cleanup failed for {identifier}"),
        Event::Warning { message } => format!("warning: {message}"),
    }
}

#[cfg(test)]
#[path = "update_tests.rs"]
pub(super) mod tests;

#[cfg(test)]
#[path = "update_input_tests.rs"]
mod input_tests;
