//! Draws the new-certificate form (`n`) and the install-target form (`i`) over the screen: one line per field, the focused one
//! marked, the picked fields with their arrows, and under them what `obtain` would say now
//! (the name it would store the certificate as, or why it would refuse). Pure.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::form::{Field, ObtainForm};
use super::install_form::{InstallField, InstallForm};
use super::view::centred;

/// Draws `form` in the middle of `area`: the fields its challenge uses, one line each.
pub(super) fn draw_form(form: &ObtainForm, frame: &mut Frame<'_>, area: Rect) {
    let grey = Style::new().fg(Color::DarkGray);
    let field = |this: Field| {
        let (label, value, empty, picked) = form.row(this);
        let focused = form.focus == this;
        let style = if focused {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let mut spans = vec![
            Span::raw(if focused { "▶ " } else { "  " }),
            Span::styled(format!("{label:<13}"), style),
        ];
        match (picked, focused) {
            (true, true) => spans.push(Span::styled(format!("◀ {value} ▶"), style)),
            (false, true) => spans.push(Span::styled(format!("{value}█"), style)),
            _ if value.is_empty() => spans.push(Span::styled(empty, grey)),
            _ => spans.push(Span::styled(value, style)),
        }
        Line::from(spans)
    };
    let verdict = match &form.verdict {
        Ok(name) => Line::styled(
            format!("✓ stored as '{name}'; Enter obtains it"),
            Style::new().fg(Color::Green),
        ),
        Err(_) if form.names.trim().is_empty() => {
            Line::styled("type one or more names, separated by spaces", grey)
        }
        Err(message) => Line::styled(format!("✗ {message}"), Style::new().fg(Color::Red)),
    };
    // Borders and the four lines under the fields take 7 rows (one spare for a wrapped
    // verdict); when the fields do not fit in the rest, a window of them that holds the focused
    // one is shown, and the title says which.
    let fields = form.fields();
    let room = usize::from(area.height).saturating_sub(7).max(1);
    let focused_at = fields.iter().position(|f| *f == form.focus).unwrap_or(0);
    let first = (focused_at + 1)
        .saturating_sub(room)
        .min(fields.len().saturating_sub(room));
    let shown = &fields[first..fields.len().min(first + room)];
    let title = if shown.len() < fields.len() {
        format!(
            " New certificate · fields {}-{} of {} ",
            first + 1,
            first + shown.len(),
            fields.len()
        )
    } else {
        " New certificate ".to_owned()
    };
    let height = u16::try_from(shown.len() + 7).unwrap_or(u16::MAX);
    let mut lines: Vec<Line<'_>> = shown.iter().copied().map(field).collect();
    lines.extend([
        Line::raw(""),
        verdict,
        Line::raw(""),
        Line::styled(
            "Tab next field · ←/→ choose · Enter obtain · Esc cancel",
            grey,
        ),
    ]);
    let popup = centred(area, area.width.saturating_sub(8).min(90), height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(title)),
        popup,
    );
}

/// Draws the install-target `form` in the middle of `area`: one line per field, the focused
/// one marked, then whether the target can be saved.
pub(super) fn draw_install_form(form: &InstallForm, frame: &mut Frame<'_>, area: Rect) {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let grey = Style::new().fg(Color::DarkGray);
    let preset = form.preset.map_or("none", |p| p.as_str());
    let rows = [
        (
            InstallField::Path,
            "Path       ",
            form.path.as_str(),
            false,
            "",
        ),
        (
            InstallField::Kind,
            "Holds      ",
            form.kind.as_str(),
            true,
            "",
        ),
        (
            InstallField::KeyPath,
            "Key to     ",
            form.key_path.as_str(),
            false,
            "optional: the key's own file (nginx, apache)",
        ),
        (InstallField::Preset, "Preset     ", preset, true, ""),
        (
            InstallField::ConfigTest,
            "Config test",
            form.config_test.as_str(),
            false,
            "none",
        ),
        (
            InstallField::Reload,
            "Reload     ",
            form.reload.as_str(),
            false,
            "none",
        ),
        (
            InstallField::Verify,
            "Verify     ",
            form.verify.as_str(),
            false,
            "ADDR[:PORT], optional",
        ),
    ];
    let mut lines: Vec<Line<'_>> = rows
        .into_iter()
        .map(|(field, label, value, picked, empty)| {
            let focused = form.focus == field;
            let style = if focused { bold } else { Style::new() };
            let shown = match (focused, picked) {
                (true, true) => Span::styled(format!("◀ {value} ▶"), style),
                (true, false) => Span::styled(format!("{value}█"), style),
                (false, _) if value.is_empty() => Span::styled(empty, grey),
                (false, _) => Span::styled(value.to_owned(), style),
            };
            Line::from(vec![
                Span::raw(if focused { "▶ " } else { "  " }),
                Span::styled(format!("{label} "), style),
                shown,
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(match &form.problem {
        None => Line::styled(
            "✓ Enter saves it and deploys the current version there",
            Style::new().fg(Color::Green),
        ),
        Some(problem) => Line::styled(format!("✗ {problem}"), Style::new().fg(Color::Red)),
    });
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Tab next field · ←/→ choose · Enter save · Esc cancel",
        grey,
    ));
    let popup = centred(area, area.width.saturating_sub(8).min(90), 14);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(format!(" Install {} ", form.name))),
        popup,
    );
}
