//! Progress events as lines on stderr: a right-aligned verb, then what happened.

use std::fmt::Write as _;

use super::error::warning;
use super::paint;
use crate::clock::rfc3339;
use crate::ops::{Event, EventRecord};
use crate::output::clean;

/// A progress line: the verb right-aligned (green when `color`), then `text`, cleaned.
pub fn step(verb: &str, text: &str, color: bool) -> String {
    format!(
        "{} {}\n",
        paint(&format!("{verb:>12}"), "1;32", color),
        clean(text)
    )
}

/// Appends a hook's output, indented under its line.
fn with_output(mut text: String, output: &str) -> String {
    for line in output.lines() {
        let _ = writeln!(text, "{:>12} | {}", "", clean(line));
    }
    text
}

/// A progress line for an event, or `None` when the event is only shown with `-v`.
pub fn event(record: &EventRecord, verbose: u8, color: bool) -> Option<String> {
    let cert = record.cert.as_deref().unwrap_or("?");
    Some(match &record.event {
        Event::AccountRegistered { url } => step("Registered", &format!("account {url}"), color),
        Event::OrderCreated { pending } => {
            let what = match pending {
                0 => "all names already validated".to_owned(),
                1 => "1 challenge to answer".to_owned(),
                n => format!("{n} challenges to answer"),
            };
            let url = match &record.order {
                Some(url) if verbose > 0 => format!(" ({url})"),
                _ => String::new(),
            };
            step("Ordered", &format!("{what}{url}"), color)
        }
        Event::ChallengePresented {
            identifier,
            challenge,
        } if verbose > 0 => step("Answering", &format!("{challenge} for {identifier}"), color),
        Event::ChallengePresented { .. } => return None,
        Event::ValidationStarted { count } => step(
            "Validating",
            &format!("waiting for the CA to check {count} challenge(s)"),
            color,
        ),
        Event::AuthorizationsValid => step("Validated", "every name", color),
        Event::Finalizing => step("Finalizing", "sending the CSR", color),
        Event::CertificateIssued { serial, not_after } => step(
            "Issued",
            &format!("serial {serial}, valid until {}", rfc3339(*not_after)),
            color,
        ),
        Event::Stored { version } => step("Stored", &format!("version {version}"), color),
        Event::DnsPending { record, servers } if servers.is_empty() => step("DNS", record, color),
        Event::DnsPending { record, servers } => step(
            "Waiting",
            &format!("for {record} on {}", servers.join(", ")),
            color,
        ),
        Event::Renewing { reason } => step("Renewing", &format!("{cert}: {reason}"), color),
        Event::RenewFailed { message } => {
            warning(&format!("could not renew '{cert}': {message}"), color)
        }
        Event::Waiting { seconds, reason } => {
            step("Waiting", &format!("{seconds} s: {reason}"), color)
        }
        Event::HookRan {
            stage,
            command,
            ok: true,
            output,
            ..
        } => {
            let text = step("Hook", &format!("{stage} '{command}' ok"), color);
            if verbose > 0 {
                with_output(text, output)
            } else {
                text
            }
        }
        Event::HookRan {
            stage,
            command,
            exit_code,
            timed_out,
            error,
            output,
            ..
        } => {
            let why = crate::hooks::failure_reason(error.as_deref(), *timed_out, *exit_code);
            with_output(
                warning(&format!("{stage} hook '{command}' failed: {why}"), color),
                output,
            )
        }
        Event::CleanupFailed {
            identifier,
            message,
        } => warning(
            &format!("could not clean up the challenge for '{identifier}': {message}"),
            color,
        ),
        Event::Warning { message } => warning(message, color),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::human::fixtures::{HOSTILE, days};

    fn events() -> Vec<EventRecord> {
        let order = |n: usize| {
            EventRecord::new(
                Some("example.org"),
                Some(&format!("https://acme.test/order/{n}")),
                Event::OrderCreated { pending: n - 1 },
            )
        };
        let mut records = vec![EventRecord::new(
            None,
            None,
            Event::AccountRegistered {
                url: format!("https://acme.test/acct/1{HOSTILE}"),
            },
        )];
        records.extend([order(1), order(2), order(3)]);
        records.extend(plain_events().into_iter().map(|event| {
            EventRecord::new(
                Some("example.org"),
                Some("https://acme.test/order/3"),
                event,
            )
        }));
        records
    }

    fn plain_events() -> Vec<Event> {
        vec![
            Event::ChallengePresented {
                identifier: "example.org".into(),
                challenge: crate::domain::ChallengeKind::Http01,
            },
            Event::ValidationStarted { count: 2 },
            Event::AuthorizationsValid,
            Event::Finalizing,
            Event::CertificateIssued {
                serial: "04a1".into(),
                not_after: days(90),
            },
            Event::Stored { version: 3 },
            Event::DnsPending {
                record: "_acme-challenge.example.org".into(),
                servers: Vec::new(),
            },
            Event::DnsPending {
                record: "_acme-challenge.example.org".into(),
                servers: vec!["ns1.example.net".into(), "ns2.example.net".into()],
            },
            Event::Renewing {
                reason: "two thirds of its lifetime".into(),
            },
            Event::RenewFailed {
                message: HOSTILE.into(),
            },
            Event::Waiting {
                seconds: 30,
                reason: "the CA asked to retry later".into(),
            },
            Event::HookRan {
                stage: crate::hooks::Stage::Deploy,
                command: "systemctl reload nginx".into(),
                ok: true,
                exit_code: Some(0),
                timed_out: false,
                error: None,
                output: "reloaded\n".into(),
            },
            Event::HookRan {
                stage: crate::hooks::Stage::Deploy,
                command: "deploy.sh".into(),
                ok: false,
                exit_code: Some(3),
                timed_out: false,
                error: None,
                output: format!("{HOSTILE}\n"),
            },
            Event::CleanupFailed {
                identifier: "example.org".into(),
                message: HOSTILE.into(),
            },
            Event::Warning {
                message: HOSTILE.into(),
            },
        ]
    }

    fn render(verbose: u8, color: bool) -> String {
        events()
            .iter()
            .filter_map(|e| event(e, verbose, color))
            .collect()
    }

    #[test]
    fn progress_lines_escape_outside_text() {
        insta::assert_snapshot!("events_plain", render(0, false));
    }

    #[test]
    fn verbose_progress_shows_urls_challenges_and_hook_output() {
        insta::assert_snapshot!("events_verbose", render(1, false));
    }

    #[test]
    fn coloured_progress_paints_only_the_verb() {
        let text = render(0, true);
        // Only our own escapes: every ESC opens or resets a colour; outside ones are escaped.
        for (i, _) in text.match_indices('\u{1b}') {
            let rest = &text[i..];
            assert!(
                ["\u{1b}[1;32m", "\u{1b}[1;33m", "\u{1b}[0m"]
                    .iter()
                    .any(|ours| rest.starts_with(ours)),
                "{rest}"
            );
        }
        insta::assert_snapshot!("events_color", text.replace('\u{1b}', "<ESC>"));
    }
}
