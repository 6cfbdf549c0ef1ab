//! `update`: the one place the TUI's state changes. Pure: a [`Message`] (a key, a load result,
//! a progress event, a finished renewal) and the old [`Model`] give the new model and the
//! [`Effect`]s for the runtime to run. No I/O, no clock, so every key is a table test.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::model::{AccountLine, Activity, Confirm, DaemonLine, Mode, Model, Row, Tab};
use crate::ops::{Event, EventRecord, RevokeReason};

/// How many rows Page Up and Page Down move.
const PAGE: usize = 10;

/// Something that happened, for `update` to fold into the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Message {
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal changed size (only a redraw is needed).
    Resized,
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
    /// A renewal ended.
    RenewFinished {
        /// The certificate.
        name: String,
        /// How it ended.
        outcome: RenewOutcome,
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
}

/// Folds `msg` into `model`.
pub(super) fn update(mut model: Model, msg: Message) -> (Model, Vec<Effect>) {
    let mut effects = Vec::new();
    match msg {
        Message::Key(key) => key_pressed(&mut model, key, &mut effects),
        Message::Resized => {}
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
            let (activity, notice) = match outcome {
                RenewOutcome::Renewed { serial } => (
                    Activity::Renewed {
                        serial: serial.clone(),
                    },
                    format!("{name}: renewed, serial {serial}"),
                ),
                RenewOutcome::Busy => (
                    Activity::Busy,
                    format!("{name}: busy, another certkeep process holds the store; try again"),
                ),
                RenewOutcome::Failed { message } => (
                    Activity::Failed {
                        message: message.clone(),
                    },
                    format!("{name}: renewal failed: {message}"),
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
            effects.push(Effect::Load);
        }
    }
    (model, effects)
}

fn key_pressed(model: &mut Model, key: KeyEvent, effects: &mut Vec<Effect>) {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        model.quit = true;
        return;
    }
    match model.mode {
        Mode::Help | Mode::Log => model.mode = Mode::Normal,
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
        _ if model.tab != Tab::Certificates => {}
        KeyCode::Char('/') => model.mode = Mode::Filter,
        KeyCode::Down | KeyCode::Char('j') => move_selection(model, 1),
        KeyCode::Up | KeyCode::Char('k') => move_selection(model, -1),
        KeyCode::PageDown => move_selection(model, PAGE.cast_signed()),
        KeyCode::PageUp => move_selection(model, -PAGE.cast_signed()),
        KeyCode::Home | KeyCode::Char('g') => move_selection(model, isize::MIN),
        KeyCode::End | KeyCode::Char('G') => move_selection(model, isize::MAX),
        KeyCode::Char('s') => model.sort = model.sort.next(),
        KeyCode::Char('S') => model.descending = !model.descending,
        KeyCode::Char('r') => renew_selected(model, effects),
        KeyCode::Char('l') if model.selected_row().is_some() => model.mode = Mode::Log,
        KeyCode::Char('d') => ask(model, |name| Confirm::Delete { name }),
        KeyCode::Char('x') => ask(model, |name| Confirm::Revoke {
            name,
            reason: RevokeReason::Unspecified,
        }),
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
    if matches!(model.activity.get(&name), Some(Activity::Renewing { .. })) {
        model.notice = Some(format!("{name}: a renewal is already running"));
        return;
    }
    model.activity.insert(
        name.clone(),
        Activity::Renewing {
            steps: vec!["starting".into()],
        },
    );
    model.notice = Some(format!("{name}: renewing"));
    effects.push(Effect::Renew(name));
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
        steps.push(step_text(&record.event));
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
mod tests;
