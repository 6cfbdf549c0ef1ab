//! Human-readable rendering: reports for stdout, progress events, warnings and errors for
//! stderr. All user-facing wording lives here, so tone and quoting stay the same everywhere.

use std::fmt::Write as _;

use super::clean;
use crate::clock::rfc3339;
use crate::error::Error;
use crate::ops::{
    AccountReport, AccountSummary, AcmeDnsReport, CertStatus, DeactivateReport, DeleteReport,
    DnsCheckReport, Event, HooksTestReport, ListReport, ObtainReport, PersistReport, RenewReport,
    RevokeReport, RollOverReport, ServerView, ShowReport, StatusReport,
};

/// A report that can be shown as text on stdout.
pub trait Human {
    /// The text, ending in a newline (or empty for nothing).
    fn human(&self) -> String;
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_owned()
    }
}

/// An error as `error:` / `caused by:` / `help:` lines.
pub fn error(err: &Error, color: bool) -> String {
    let mut out = format!(
        "{} {}\n",
        paint("error:", "1;31", color),
        clean(&err.message)
    );
    for cause in &err.causes {
        let _ = writeln!(out, "  caused by: {}", clean(cause));
    }
    if let Some(hint) = &err.hint {
        let _ = writeln!(out, "{} {}", paint("help:", "1;36", color), clean(hint));
    }
    out
}

/// A warning line.
pub fn warning(message: &str, color: bool) -> String {
    format!("{} {}\n", paint("warning:", "1;33", color), clean(message))
}

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

impl Human for ObtainReport {
    fn human(&self) -> String {
        let mut out = if self.dry_run {
            format!(
                "Dry run for '{}' succeeded against {}: nothing was stored\n",
                self.name, self.ca
            )
        } else {
            format!(
                "Certificate '{}' issued (version {})\n",
                self.name,
                self.version.unwrap_or(0)
            )
        };
        let _ = writeln!(out, "  names:      {}", self.identifiers.join(", "));
        let _ = writeln!(
            out,
            "  valid:      {} to {}",
            rfc3339(self.not_before),
            rfc3339(self.not_after)
        );
        let _ = writeln!(out, "  serial:     {}", self.serial);
        let _ = writeln!(out, "  issuer:     {}", clean(&self.issuer));
        if let Some(paths) = &self.paths {
            let _ = writeln!(out, "  fullchain:  {}", paths.fullchain);
            if let Some(key) = &paths.privkey {
                let _ = writeln!(out, "  privkey:    {key}");
            }
        }
        out
    }
}

fn status_word(status: CertStatus) -> &'static str {
    match status {
        CertStatus::Valid => "valid",
        CertStatus::Expiring => "expiring",
        CertStatus::Expired => "EXPIRED",
        CertStatus::Pending => "pending",
        CertStatus::Damaged => "DAMAGED",
    }
}

impl Human for ListReport {
    fn human(&self) -> String {
        if self.certificates.is_empty() {
            return "No certificates yet. Get one with 'certkeep obtain -d example.org --http-standalone'.\n".into();
        }
        let width = self
            .certificates
            .iter()
            .map(|c| c.name.len())
            .max()
            .unwrap_or(4)
            .max(4);
        let mut out = format!(
            "{:<width$}  {:<20}  {:>5}  {:<8}  NAMES\n",
            "NAME", "EXPIRES", "DAYS", "STATUS"
        );
        for cert in &self.certificates {
            let expires = cert.not_after.map_or_else(|| "-".to_owned(), rfc3339);
            let days = cert
                .days_left
                .map_or_else(|| "-".to_owned(), |d| d.to_string());
            let _ = writeln!(
                out,
                "{:<width$}  {:<20}  {:>5}  {:<8}  {}",
                cert.name,
                expires,
                days,
                status_word(cert.status),
                cert.identifiers.join(", ")
            );
            if let Some(problem) = &cert.problem {
                let _ = writeln!(out, "{:<width$}  problem: {}", "", clean(problem));
            }
        }
        out
    }
}

impl Human for ShowReport {
    fn human(&self) -> String {
        if let Some(pem) = &self.pem {
            return pem.clone();
        }
        let mut out = format!("{} ({})\n", self.name, status_word(self.status));
        let spec = &self.spec;
        let _ = writeln!(out, "  names:       {}", spec.identifiers.join(", "));
        let _ = writeln!(out, "  ca:          {}", spec.ca);
        let _ = writeln!(out, "  account:     {}", spec.account);
        let _ = writeln!(out, "  challenge:   {}", clean(&spec.challenge));
        let _ = writeln!(
            out,
            "  key type:    {}",
            if spec.use_csr {
                "from CSR".to_owned()
            } else {
                spec.key_type.clone()
            }
        );
        if let Some(profile) = &spec.profile {
            let _ = writeln!(out, "  profile:     {profile}");
        }
        if let Some(chain) = &spec.preferred_chain {
            let _ = writeln!(out, "  chain:       preferred '{chain}'");
        }
        match &self.current {
            Some(cur) => {
                let _ = writeln!(out, "  version:     {}", cur.version);
                let _ = writeln!(out, "  serial:      {}", cur.serial);
                let _ = writeln!(
                    out,
                    "  valid:       {} to {}",
                    rfc3339(cur.not_before),
                    rfc3339(cur.not_after)
                );
                if let Some(days) = self.days_left {
                    let _ = writeln!(out, "  days left:   {days}");
                }
                let _ = writeln!(out, "  issuer:      {}", clean(&cur.issuer));
            }
            None => out.push_str("  not issued yet\n"),
        }
        if let Some(paths) = &self.paths {
            let _ = writeln!(out, "  cert:        {}", paths.cert);
            let _ = writeln!(out, "  chain:       {}", paths.chain);
            let _ = writeln!(out, "  fullchain:   {}", paths.fullchain);
            if let Some(key) = &paths.privkey {
                let _ = writeln!(out, "  privkey:     {key}");
            }
        }
        out
    }
}

impl Human for DeleteReport {
    fn human(&self) -> String {
        format!(
            "Deleted '{}' from the store (it was not revoked)\n",
            self.name
        )
    }
}

impl Human for RevokeReport {
    fn human(&self) -> String {
        let mut out = format!("Revoked '{}' (serial {})\n", self.name, self.serial);
        if self.deleted {
            out.push_str("  and deleted it from the store\n");
        }
        out
    }
}

fn account_lines(account: &AccountReport) -> String {
    let mut out = format!("{} at {} ({})\n", account.name, account.ca, account.status);
    let _ = writeln!(out, "  url:         {}", account.url);
    if !account.contact.is_empty() {
        let _ = writeln!(out, "  contact:     {}", account.contact.join(", "));
    }
    if let Some(kid) = &account.eab_kid {
        let _ = writeln!(out, "  eab kid:     {}", clean(kid));
    }
    let _ = writeln!(out, "  thumbprint:  {}", account.key_thumbprint);
    let _ = writeln!(out, "  created:     {}", rfc3339(account.created));
    let _ = writeln!(out, "  key:         {}", account.key_path);
    out
}

impl Human for AccountReport {
    fn human(&self) -> String {
        account_lines(self)
    }
}

impl Human for AccountSummary {
    fn human(&self) -> String {
        let mut out = String::new();
        if self.accounts.is_empty() && self.errors.is_empty() {
            out.push_str("No accounts yet. Register one with 'certkeep account register --ca letsencrypt --email you@example.org --agree-tos'.\n");
        }
        for account in &self.accounts {
            out.push_str(&account_lines(account));
        }
        for problem in &self.errors {
            let _ = writeln!(out, "DAMAGED: {}", clean(problem));
        }
        out
    }
}

impl Human for RollOverReport {
    fn human(&self) -> String {
        format!(
            "Account key of '{}' replaced\n  old thumbprint: {}\n  new thumbprint: {}\n",
            self.account.name, self.old_key_thumbprint, self.account.key_thumbprint
        )
    }
}

impl Human for DeactivateReport {
    fn human(&self) -> String {
        format!(
            "Account '{}' at {} deactivated (confirmed by the CA)\n",
            self.account.name, self.account.ca
        )
    }
}

impl Human for RenewReport {
    fn human(&self) -> String {
        let mut out = String::new();
        for cert in &self.renewed {
            if self.dry_run {
                let _ = writeln!(
                    out,
                    "Dry run: '{}' could be renewed (nothing stored)",
                    cert.name
                );
            } else {
                let _ = writeln!(
                    out,
                    "Renewed '{}': version {}, valid until {}",
                    cert.name,
                    cert.version.unwrap_or(0),
                    rfc3339(cert.not_after)
                );
            }
        }
        out
    }
}

fn when(at: Option<time::OffsetDateTime>) -> String {
    at.map_or_else(|| "now".to_owned(), rfc3339)
}

impl Human for StatusReport {
    fn human(&self) -> String {
        let mut out = String::new();
        match &self.daemon {
            Some(d) if d.state == "running" => {
                let _ = writeln!(
                    out,
                    "daemon: running (pid {}), last wake-up {}, next {}; {}",
                    d.pid,
                    rfc3339(d.last_wake),
                    when(d.next_wake),
                    clean(&d.last_round)
                );
            }
            Some(d) => {
                let _ = writeln!(
                    out,
                    "daemon: stopped (last wake-up {}; {})",
                    rfc3339(d.last_wake),
                    clean(&d.last_round)
                );
            }
            None => out.push_str("daemon: never ran on this store\n"),
        }
        if self.certificates.is_empty() && self.damaged.is_empty() {
            out.push_str("No certificates yet.\n");
            return out;
        }
        let width = self
            .certificates
            .iter()
            .map(|c| c.name.len())
            .max()
            .unwrap_or(4)
            .max(4);
        let _ = writeln!(
            out,
            "{:<width$}  {:<8}  {:<20}  {:<20}  WHY",
            "NAME", "STATUS", "EXPIRES", "NEXT RENEWAL"
        );
        for cert in &self.certificates {
            let expires = cert.not_after.map_or_else(|| "-".to_owned(), rfc3339);
            let _ = writeln!(
                out,
                "{:<width$}  {:<8}  {:<20}  {:<20}  {}",
                cert.name,
                status_word(cert.status),
                expires,
                when(cert.next_renewal),
                clean(&cert.reason)
            );
            if cert.failures > 0 {
                let _ = writeln!(
                    out,
                    "{:<width$}  failures: {}; last: {}",
                    "",
                    cert.failures,
                    clean(cert.last_error.as_deref().unwrap_or("-"))
                );
            }
            if let (Some(start), Some(end)) = (cert.ari_window_start, cert.ari_window_end) {
                let _ = writeln!(
                    out,
                    "{:<width$}  CA window: {} to {}",
                    "",
                    rfc3339(start),
                    rfc3339(end)
                );
            }
            if cert.ari_replaces_ignored {
                let _ = writeln!(
                    out,
                    "{:<width$}  CA note: it does not honour ARI 'replaces'; renewals are ordered without it",
                    ""
                );
            }
            if !cert.pending_hooks.is_empty() {
                let _ = writeln!(
                    out,
                    "{:<width$}  hooks to retry: {}",
                    "",
                    clean(&cert.pending_hooks.join(", "))
                );
            }
        }
        for damaged in &self.damaged {
            let _ = writeln!(
                out,
                "{:<width$}  DAMAGED   {}",
                damaged.name,
                clean(&damaged.message)
            );
        }
        out
    }
}

impl Human for HooksTestReport {
    fn human(&self) -> String {
        let mut out = String::new();
        for outcome in &self.outcomes {
            let verdict = if outcome.ok() { "ok" } else { "FAILED" };
            let _ = writeln!(
                out,
                "{verdict:<6}  {} ({:.1} s)",
                clean(&outcome.command),
                outcome.duration_secs
            );
            for line in outcome.output_tail.lines() {
                let _ = writeln!(out, "        | {}", clean(line));
            }
        }
        out
    }
}

fn server_lines(out: &mut String, servers: &[ServerView]) {
    for view in servers {
        let txt = if view.txt.is_empty() {
            "(no TXT record)".to_owned()
        } else {
            view.txt
                .iter()
                .map(|t| format!("\"{}\"", clean(t)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let _ = writeln!(out, "  {:<24} {txt}", view.server);
    }
}

impl Human for DnsCheckReport {
    fn human(&self) -> String {
        let mut out = format!("{}: the dns-01 record is {}\n", self.name, self.record);
        if self.delegated {
            let _ = writeln!(
                out,
                "  delegated by CNAME: write the TXT record at {}",
                self.target
            );
        }
        let _ = writeln!(out, "servers asked about {}:", self.target);
        server_lines(&mut out, &self.servers);
        out
    }
}

impl Human for AcmeDnsReport {
    fn human(&self) -> String {
        format!(
            "Registered '{}' with acme-dns; credentials kept as {}\nCreate this record once, then use --dns acme-dns:\n  {} CNAME {}.\n",
            self.name, self.credentials, self.cname_record, self.cname_target
        )
    }
}

impl Human for PersistReport {
    fn human(&self) -> String {
        let mut out = format!("{} TXT \"{}\"\n", self.record, clean(&self.value));
        if !self.servers.is_empty() {
            out.push_str("published on:\n");
            server_lines(&mut out, &self.servers);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    #[test]
    fn errors_have_cause_and_help_lines_and_escape_ca_text() {
        let err = Error::new(Kind::ValidationFailed, "could not obtain 'a.test'")
            .caused_by("evil\u{1b}[2J detail\nerror: forged")
            .with_hint("check port 80");
        assert_eq!(
            error(&err, false),
            "error: could not obtain 'a.test'\n  caused by: evil\\u{1b}[2J detail\\nerror: forged\nhelp: check port 80\n"
        );
    }
}
