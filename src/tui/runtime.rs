//! The TUI's small runtime: turns terminal input, store changes and the results of background
//! work into [`Message`]s on one channel, folds each into the model with `update`, runs the
//! [`Effect`]s it returns as background tasks, and draws with `view` whenever something
//! changed. Drawing never waits on work: loads run on the blocking pool, renewals as tasks
//! whose progress events come back through the same channel.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{self as term_event, Event as TermEvent, KeyEventKind, MouseEventKind};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use tokio::sync::watch;
use tokio::time::MissedTickBehavior;

use super::TuiError;
use super::form::ObtainForm;
use super::install_form::InstallForm;
use super::load;
use super::model::Model;
use super::register_form::Failure;
use super::terminal::{HangupProbe, TerminalGuard};
use super::update::{ActionOutcome, Effect, Message, RenewOutcome, update};
use super::view::view;
use crate::error::Kind;
use crate::ops::{self, Context, EventSink, Reason, RenewRequest};

/// How often the store is checked for changes by other processes.
const STORE_POLL: Duration = Duration::from_secs(2);
/// How often the terminal is checked for a hangup no SIGHUP announced.
const HANGUP_PROBE: Duration = Duration::from_millis(500);
/// How long the input thread waits for a key before checking whether to stop.
const INPUT_POLL: Duration = Duration::from_millis(100);

/// Runs the TUI on the store at `store_root` until the user quits.
pub(super) async fn run(ctx: Context, store_root: PathBuf) -> Result<(), TuiError> {
    // The CLI's progress renderer writes to stderr; nothing may print under the TUI.
    let ctx = Context {
        events: EventSink::none(),
        ..ctx
    };
    let mut guard = TerminalGuard::enter()?;
    let (tx, mut rx) = unbounded_channel();
    let input = InputThread::start(tx.clone());
    let watcher = tokio::spawn(watch_store(store_root, tx.clone()));
    let mut model = Model::default();
    if let Ok(size) = guard.terminal.size() {
        model = update(model, Message::Resized(size.width, size.height)).0;
    }
    let details = spawn_detail_loader(ctx.clone(), tx.clone());
    let start = |effect| run_effect(&ctx, &tx, &details, effect);
    start(Effect::Load);
    let mut hung_up = false;
    let probe = HangupProbe::new();
    let mut probe_due = tokio::time::interval(HANGUP_PROBE);
    probe_due.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let result = loop {
        if let Err(e) = guard.terminal.draw(|frame| view(&model, frame)) {
            // Writing to a terminal that hung up fails before its SIGHUP may have been seen.
            break Err(if probe.hung_up() {
                TuiError::Stopped(ctx.cancel.reason().unwrap_or(Reason::Hangup))
            } else {
                TuiError::Terminal(e)
            });
        }
        // A signal ends the TUI too: SIGHUP is what an SSH session that drops sends, and the
        // CLI catches it for the token, so without this the process would outlive its terminal.
        // It ends as a command stopped by that signal does (exit 129 for SIGHUP), not as a quit.
        // A hangup whose SIGHUP never comes is found by the probe, and ends the same way.
        let first = tokio::select! {
            msg = rx.recv() => Ok(msg),
            reason = ctx.cancel.cancelled() => Err(reason),
            _ = probe_due.tick() => {
                if !probe.hung_up() {
                    continue;
                }
                Err(Reason::Hangup)
            }
        };
        let first = match first {
            Ok(Some(first)) => first,
            Ok(None) => break Ok(()),
            Err(reason) => break Err(TuiError::Stopped(reason)),
        };
        // Everything already queued is folded in before the next frame.
        let mut next = Some(first);
        while let Some(msg) = next {
            // Input that cannot be read any more is a terminal that hung up, whether or not
            // its SIGHUP has been seen yet.
            if msg == Message::InputClosed {
                hung_up = true;
            }
            let (folded, effects) = update(model, msg);
            model = folded;
            for effect in effects {
                start(effect);
            }
            next = rx.try_recv().ok();
        }
        if model.quit && hung_up {
            break Err(TuiError::Stopped(
                ctx.cancel.reason().unwrap_or(Reason::Hangup),
            ));
        }
        if model.quit {
            break Ok(());
        }
    };
    watcher.abort();
    drop(input);
    drop(guard);
    result
}

/// Starts the task that reads the detail of the certificate named last on the returned
/// sender: one read at a time, and a name asked for while another is read replaces any still
/// waiting, so holding a key down over 10,000 rows reads only the rows it stops on.
fn spawn_detail_loader(ctx: Context, tx: UnboundedSender<Message>) -> watch::Sender<String> {
    let (wanted, mut asked) = watch::channel(String::new());
    tokio::spawn(async move {
        while asked.changed().await.is_ok() {
            let name = asked.borrow_and_update().clone();
            let reading = ctx.clone();
            let target = name.clone();
            let read = tokio::task::spawn_blocking(move || load::detail(&reading, &target)).await;
            let detail = match read {
                Ok(Ok(detail)) => Ok(Box::new(detail)),
                Ok(Err(e)) => Err(e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            if tx.send(Message::DetailLoaded { name, detail }).is_err() {
                return;
            }
        }
    });
    wanted
}

/// Starts `effect` in the background; its result comes back on `tx`.
fn run_effect(
    ctx: &Context,
    tx: &UnboundedSender<Message>,
    details: &watch::Sender<String>,
    effect: Effect,
) {
    let ctx = ctx.clone();
    let tx = tx.clone();
    match effect {
        Effect::LoadDetail(name) => {
            // `send_replace` marks the value changed even when the name is the same: a reload
            // reads the same certificate again.
            details.send_replace(name);
        }
        Effect::Load => {
            tokio::spawn(async move {
                let _ = tx.send(Message::Tick(ctx.clock.now()));
                let loaded = tokio::task::spawn_blocking(move || load::snapshot(&ctx)).await;
                let msg = match loaded {
                    Ok(Ok(snapshot)) => {
                        let _ = tx.send(Message::LoadedOthers {
                            accounts: snapshot.accounts,
                            daemon: snapshot.daemon,
                        });
                        Ok(snapshot.rows)
                    }
                    Ok(Err(e)) => Err(e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                let _ = tx.send(Message::Loaded(msg));
            });
        }
        Effect::Obtain(form) => {
            tokio::spawn(async move {
                let name = form.verdict.clone().unwrap_or_default();
                let outcome = obtain(&ctx, &form, &tx).await;
                let _ = tx.send(Message::ObtainFinished { name, outcome });
            });
        }
        Effect::Install(form) => {
            tokio::spawn(async move {
                let outcome = install(&ctx, &form).await;
                let _ = tx.send(Message::ActionFinished {
                    name: form.name,
                    outcome,
                    done: "target added and deployed",
                });
            });
        }
        effect @ (Effect::ReadTerms(_) | Effect::Register(_) | Effect::Rollover { .. }) => {
            run_account_effect(ctx, tx, effect);
        }
        Effect::Renew(name) => {
            tokio::spawn(async move {
                let outcome = renew(&ctx, &name, &tx).await;
                let _ = tx.send(Message::RenewFinished { name, outcome });
            });
        }
        Effect::Delete(name) => {
            tokio::spawn(async move {
                let deleting = ctx.clone();
                let target = name.clone();
                let done = tokio::task::spawn_blocking(move || ops::delete(&deleting, &target))
                    .await
                    .map_err(|e| e.to_string());
                let outcome = match done {
                    Ok(result) => outcome_of(result.map(|_| ())),
                    Err(message) => ActionOutcome::Failed { message },
                };
                let _ = tx.send(Message::ActionFinished {
                    name,
                    outcome,
                    done: "deleted",
                });
            });
        }
        Effect::Revoke(name, reason) => {
            tokio::spawn(async move {
                let request = ops::RevokeRequest {
                    name: name.clone(),
                    reason: Some(reason),
                    delete: false,
                };
                let outcome = outcome_of(ops::revoke(&ctx, request).await.map(|_| ()));
                let _ = tx.send(Message::ActionFinished {
                    name,
                    outcome,
                    done: "revoked",
                });
            });
        }
    }
}

/// Starts an account effect (the CA's terms, a registration, a key rollover) in the
/// background; its result comes back on `tx`.
fn run_account_effect(ctx: Context, tx: UnboundedSender<Message>, effect: Effect) {
    match effect {
        Effect::ReadTerms(ca) => {
            tokio::spawn(async move {
                let terms = ops::ca_terms(&ctx, &ca).await.map_err(|e| e.to_string());
                let _ = tx.send(Message::TermsRead { ca, terms });
            });
        }
        Effect::Register(form) => {
            tokio::spawn(async move {
                let outcome = match ops::register(&ctx, form.request()).await {
                    Ok(report) => Ok(report.name),
                    Err(e) => Err(Failure::of(&e)),
                };
                let _ = tx.send(Message::RegisterFinished(outcome));
            });
        }
        Effect::Rollover { name, ca } => {
            tokio::spawn(async move {
                let rolled = ops::rollover(&ctx, Some(&name), Some(&ca)).await;
                let _ = tx.send(Message::ActionFinished {
                    name,
                    outcome: outcome_of(rolled.map(|_| ())),
                    done: "account key rolled over",
                });
            });
        }
        _ => {}
    }
}

/// `obtain` with the form's values, its progress events forwarded as messages.
async fn obtain(ctx: &Context, form: &ObtainForm, tx: &UnboundedSender<Message>) -> RenewOutcome {
    let ctx = Context {
        events: forwarding_sink(tx),
        ..ctx.clone()
    };
    // The form is submitted only when its request is made and checked.
    let request = match form.request() {
        Ok(request) => request,
        Err(message) => return RenewOutcome::Failed { message },
    };
    match ops::obtain(&ctx, request).await {
        Ok(report) => RenewOutcome::Renewed {
            serial: report.serial,
        },
        Err(e) if e.kind == Kind::Locked => RenewOutcome::Busy,
        Err(e) => RenewOutcome::Failed {
            message: e.to_string(),
        },
    }
}

/// `install NAME` with the form's target: saved, then deployed; a failed deploy is a failure
/// (the target stays saved, as with the CLI).
async fn install(ctx: &Context, form: &InstallForm) -> ActionOutcome {
    let name = match form.name.parse() {
        Ok(name) => name,
        Err(e) => return outcome_of(Err(crate::error::Error::from(e))),
    };
    let group = match form.group() {
        Ok(group) => group,
        Err(e) => return outcome_of(Err(e)),
    };
    match ops::install(ctx, &name, ops::InstallAction::Add(group)).await {
        Ok(report) => outcome_of(report.outcome().map_or(Ok(()), Err)),
        Err(e) => outcome_of(Err(e)),
    }
}

/// A delete's or revoke's result: done, busy (the store is locked), or failed.
fn outcome_of(result: Result<(), crate::error::Error>) -> ActionOutcome {
    match result {
        Ok(()) => ActionOutcome::Done,
        Err(e) if e.kind == Kind::Locked => ActionOutcome::Busy,
        Err(e) => ActionOutcome::Failed {
            message: e.to_string(),
        },
    }
}

/// An event sink whose records come back as [`Message::Progress`].
fn forwarding_sink(tx: &UnboundedSender<Message>) -> EventSink {
    let (sink, mut events) = EventSink::channel();
    let forward = tx.clone();
    tokio::spawn(async move {
        while let Some(message) = events.recv().await {
            match message {
                ops::Message::Record(record) => {
                    let _ = forward.send(Message::Progress(record));
                }
                ops::Message::Barrier(ack) => {
                    let _ = ack.send(());
                }
            }
        }
    });
    sink
}

/// `renew NAME --force`, its progress events forwarded as messages.
async fn renew(ctx: &Context, name: &str, tx: &UnboundedSender<Message>) -> RenewOutcome {
    let ctx = Context {
        events: forwarding_sink(tx),
        ..ctx.clone()
    };
    let request = RenewRequest {
        names: vec![name.to_owned()],
        force: true,
        dry_run: false,
        max_delay: Duration::ZERO,
    };
    match ops::renew(&ctx, request).await {
        Err(e) if e.kind == Kind::Locked => RenewOutcome::Busy,
        Err(e) => RenewOutcome::Failed {
            message: e.to_string(),
        },
        Ok(report) => {
            if let Some(renewed) = report.renewed.into_iter().next() {
                RenewOutcome::Renewed {
                    serial: renewed.serial,
                }
            } else if let Some(failed) = report.failed.into_iter().next() {
                if failed.kind == Kind::Locked {
                    RenewOutcome::Busy
                } else {
                    RenewOutcome::Failed {
                        message: failed.message,
                    }
                }
            } else {
                RenewOutcome::Failed {
                    message: "the renewal did not run".into(),
                }
            }
        }
    }
}

/// Sends [`Message::StoreChanged`] whenever the store's fingerprint changes.
async fn watch_store(root: PathBuf, tx: UnboundedSender<Message>) {
    let fingerprint = |root: PathBuf| async move {
        tokio::task::spawn_blocking(move || load::fingerprint(&root))
            .await
            .ok()
    };
    let mut last = fingerprint(root.clone()).await;
    let mut ticks = tokio::time::interval(STORE_POLL);
    loop {
        ticks.tick().await;
        let now = fingerprint(root.clone()).await;
        if now != last {
            last = now;
            if tx.send(Message::StoreChanged).is_err() {
                return;
            }
        }
    }
}

/// A thread reading terminal input (crossterm's reads block); told to stop on drop, and
/// waited for a moment.
struct InputThread {
    stop: Arc<AtomicBool>,
    /// Disconnected when the thread has ended.
    ended: std::sync::mpsc::Receiver<()>,
}

impl InputThread {
    fn start(tx: UnboundedSender<Message>) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let (ending, ended) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            let _ending = ending;
            while !stopped.load(Ordering::Relaxed) {
                let msg = match term_event::poll(INPUT_POLL) {
                    Ok(false) => continue,
                    Ok(true) => match term_event::read() {
                        Ok(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => {
                            Message::Key(key)
                        }
                        Ok(TermEvent::Resize(width, height)) => Message::Resized(width, height),
                        // Only the wheel and presses: moves and drags would flood the channel.
                        Ok(TermEvent::Mouse(mouse))
                            if matches!(
                                mouse.kind,
                                MouseEventKind::ScrollUp
                                    | MouseEventKind::ScrollDown
                                    | MouseEventKind::Down(_)
                            ) =>
                        {
                            Message::Mouse(mouse)
                        }
                        Ok(_) => continue,
                        Err(_) => Message::InputClosed,
                    },
                    Err(_) => Message::InputClosed,
                };
                let closed = msg == Message::InputClosed;
                if tx.send(msg).is_err() || closed {
                    return;
                }
            }
        });
        Self { stop, ended }
    }
}

impl Drop for InputThread {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Not joined: on a terminal that hung up, crossterm's poll spins without returning, and
        // a join would keep the process alive for ever (it ends with the process instead).
        let _ = self.ended.recv_timeout(INPUT_POLL * 3);
    }
}
