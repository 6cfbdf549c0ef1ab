//! Draws the new-account form (`n` on the accounts tab) over the screen: one line per field,
//! the focused one marked, the CA's terms as its directory gives them, the EAB HMAC only ever
//! as the reference typed (a key typed in shows as dots), and under them what `account
//! register` would say now, its progress, or what failed with its help line. Pure.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::register_form::{RegisterField, RegisterForm, TermsState};
use super::view::centred;

/// Draws `form` in the middle of `area`.
pub(super) fn draw_register_form(form: &RegisterForm, frame: &mut Frame<'_>, area: Rect) {
    let grey = Style::new().fg(Color::DarkGray);
    let field = |this: RegisterField, label: &'static str, value: String, placeholder: &str| {
        let focused = form.focus == this && !form.running;
        let style = if focused {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let mut spans = vec![
            Span::raw(if focused { "▶ " } else { "  " }),
            Span::styled(format!("{label:<12}"), style),
        ];
        if value.is_empty() && !placeholder.is_empty() {
            spans.push(Span::styled(placeholder.to_owned(), grey));
        }
        spans.push(Span::styled(value, style));
        if focused && !matches!(this, RegisterField::Agree | RegisterField::Replace) {
            spans.push(Span::styled("█", style));
        }
        Line::from(spans)
    };
    let eab_required = matches!(&form.terms, TermsState::Known(terms) if terms.eab_required);
    let hmac = if form.hmac_is_raw() {
        "•".repeat(form.eab_hmac.chars().count())
    } else {
        form.eab_hmac.clone()
    };
    let optional = if eab_required {
        "required by this CA"
    } else {
        "optional"
    };
    let mut lines = vec![
        field(RegisterField::Ca, "CA", form.ca.clone(), ""),
        terms_line(&form.terms),
        field(RegisterField::Name, "Name", form.name.clone(), "default"),
        field(
            RegisterField::Emails,
            "E-mails",
            form.emails.clone(),
            "optional",
        ),
        field(
            RegisterField::Agree,
            "Agree",
            format!(
                "[{}] I agree to the terms above",
                if form.agree { "x" } else { " " }
            ),
            "",
        ),
        field(
            RegisterField::EabKid,
            "EAB key id",
            form.eab_kid.clone(),
            optional,
        ),
        field(
            RegisterField::EabHmac,
            "EAB HMAC",
            hmac,
            "keyring:NAME, file:PATH or env:VAR",
        ),
        field(
            RegisterField::Replace,
            "Replace",
            format!(
                "[{}] register anew if the name is taken (old one kept)",
                if form.replace { "x" } else { " " }
            ),
            "",
        ),
        Line::raw(""),
    ];
    lines.extend(outcome_lines(form));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Tab next field · Space tick · Enter register · Esc close",
        grey,
    ));
    let popup = centred(area, area.width.saturating_sub(8).min(90), 18);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" New account ")),
        popup,
    );
}

/// The CA's terms, as far as they are known.
fn terms_line(terms: &TermsState) -> Line<'static> {
    let grey = Style::new().fg(Color::DarkGray);
    match terms {
        TermsState::Unknown => Line::styled("  Terms       (name a CA)", grey),
        TermsState::Reading(_) => Line::styled("  Terms       reading the CA's directory…", grey),
        TermsState::Known(terms) => Line::raw(format!(
            "  Terms       {}",
            terms
                .terms_of_service
                .as_deref()
                .unwrap_or("(the CA publishes none)")
        )),
        TermsState::Failed { message, .. } => Line::styled(
            format!("  Terms       ✗ {message}"),
            Style::new().fg(Color::Red),
        ),
    }
}

/// Under the fields: the registration running, how the last one failed (with its help
/// line), or what `account register` would say now.
fn outcome_lines(form: &RegisterForm) -> Vec<Line<'static>> {
    let grey = Style::new().fg(Color::DarkGray);
    let mut lines = Vec::new();
    if form.running {
        lines.push(Line::styled(
            format!("⋯ registering at {}…", form.ca.trim()),
            Style::new().fg(Color::Yellow),
        ));
    } else if let Some(failure) = &form.failure {
        lines.push(Line::styled(
            format!("✗ {}", failure.message),
            Style::new().fg(Color::Red),
        ));
        if let Some(hint) = &failure.hint {
            lines.push(Line::styled(format!("  help: {hint}"), grey));
        }
    } else {
        lines.push(match &form.verdict {
            Ok(_) => Line::styled(
                "✓ Enter registers the account",
                Style::new().fg(Color::Green),
            ),
            Err(message) => Line::styled(format!("✗ {message}"), Style::new().fg(Color::Red)),
        });
    }
    lines
}
