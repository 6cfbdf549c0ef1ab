//! Progress events as lines on stderr: a right-aligned verb, then what happened.

use std::fmt::Write as _;

use super::error::warning;
use super::paint;
use crate::clock::rfc3339;
use crate::ops::Event;
use crate::output::clean;

fn step(verb: &str, text: &str, color: bool) -> String {
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
pub fn event(event: &Event, verbose: u8, color: bool) -> Option<String> {
    Some(match event {
        Event::AccountRegistered { url } => step("Registered", &format!("account {url}"), color),
        Event::OrderCreated { url, pending } => {
            let what = match pending {
                0 => "all names already validated".to_owned(),
                1 => "1 challenge to answer".to_owned(),
                n => format!("{n} challenges to answer"),
            };
            let url = if verbose > 0 {
                format!(" ({url})")
            } else {
                String::new()
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
        Event::Renewing { name, reason } => step("Renewing", &format!("{name}: {reason}"), color),
        Event::RenewFailed { name, message } => {
            warning(&format!("could not renew '{name}': {message}"), color)
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
