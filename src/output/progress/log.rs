//! The daemon's structured log: each event one `tracing` line on stderr with `cert=` and
//! `order=` fields, a level that says how much it matters, and RFC 3339 timestamps unless
//! journald (which stamps every line itself) reads it.

use tracing::Level;
use tracing_subscriber::fmt::time::UtcTime;

use crate::ops::{Event, EventRecord};

/// The log's subscriber, writing to stderr.
pub(super) fn subscriber(timestamps: bool) -> tracing::Dispatch {
    let fmt = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .with_max_level(Level::INFO);
    if timestamps {
        fmt.with_timer(UtcTime::rfc_3339()).finish().into()
    } else {
        fmt.without_time().finish().into()
    }
}

/// Logs one event.
pub(super) fn record(record: &EventRecord) {
    let (level, message) = describe(record);
    let cert = record.cert.as_deref();
    let order = record.order.as_deref();
    let event = kind(&record.event);
    match level {
        Level::ERROR => tracing::error!(cert, order, event, "{message}"),
        Level::WARN => tracing::warn!(cert, order, event, "{message}"),
        _ => tracing::info!(cert, order, event, "{message}"),
    }
}

/// The event's level and its message on one line (a log line is one line; a failed hook's
/// output is joined with ` | `).
fn describe(record: &EventRecord) -> (Level, String) {
    let level = match &record.event {
        Event::RenewFailed { .. } => Level::ERROR,
        Event::Warning { .. } | Event::CleanupFailed { .. } => Level::WARN,
        Event::HookRan { ok, .. } if !ok => Level::WARN,
        _ => Level::INFO,
    };
    let text = match &record.event {
        Event::Warning { message } => crate::output::clean(message),
        _ => crate::output::human::event(record, 0, false).unwrap_or_default(),
    };
    let message = text
        .lines()
        .map(|line| {
            line.trim()
                .trim_start_matches("warning: ")
                .trim_start_matches("| ")
        })
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" | ");
    (level, message)
}

/// The event's `event` name, as in its JSON.
fn kind(event: &Event) -> String {
    serde_json::to_value(event)
        .ok()
        .and_then(|value| value.get("event")?.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_logged_above_progress_on_one_line() {
        let on = |event| EventRecord::new(Some("a.org"), None, event);
        let failed_hook = on(Event::HookRan {
            stage: crate::hooks::Stage::Deploy,
            command: "deploy.sh".into(),
            ok: false,
            exit_code: Some(3),
            timed_out: false,
            error: None,
            output: "first\nsecond\n".into(),
        });
        let (level, message) = describe(&failed_hook);
        assert_eq!(level, Level::WARN);
        assert!(!message.contains('\n'), "{message}");
        assert!(message.ends_with("| first | second"), "{message}");
        let failed = on(Event::RenewFailed {
            message: "refused".into(),
        });
        assert_eq!(describe(&failed).0, Level::ERROR);
        assert_eq!(
            describe(&on(Event::Finalizing)),
            (Level::INFO, "Finalizing sending the CSR".to_owned())
        );
        assert_eq!(kind(&Event::Finalizing), "finalizing");
    }
}
