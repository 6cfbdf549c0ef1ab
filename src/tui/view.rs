//! `view`: draws the model into a frame, and nothing else (pure: the same model always draws
//! the same screen, which the snapshot tests rely on). A title line, the certificates table,
//! the detail pane of the selected certificate (`view_detail`), and a line of key hints or the last notice; the
//! help overlay on top when asked for. Narrow terminals (80 columns) drop the CA and key
//! columns; taller ones get a taller detail pane.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Clear, Paragraph, Row as TableRow, Table, TableState, Wrap,
};
use time::OffsetDateTime;

use super::model::{Activity, Confirm, Mode, Model, Row, Tab};
use super::view_detail::draw_detail;
use super::view_form::{draw_form, draw_install_form};
use super::view_log::draw_log;
use super::view_register::draw_register_form;
use crate::ops::CertStatus;

/// Below this width the CA and key type columns are left out.
const WIDE: u16 = 100;

/// Draws `model`.
pub(super) fn view(model: &Model, frame: &mut Frame<'_>) {
    let area = frame.area();
    let [title, table, detail, footer] = areas(area);
    draw_title(model, frame, title);
    match model.tab {
        Tab::Certificates if model.mode == Mode::Detail => {
            draw_detail(model, frame, table.union(detail));
        }
        Tab::Certificates => {
            draw_table(model, frame, table);
            draw_detail(model, frame, detail);
        }
        Tab::Accounts => draw_accounts(model, frame, table.union(detail)),
        Tab::Daemon => draw_daemon(model, frame, table.union(detail)),
    }
    draw_footer(model, frame, footer);
    match model.mode {
        Mode::Help => draw_help(frame, area),
        Mode::Confirm => draw_confirm(model, frame, area),
        Mode::Log => draw_log(model, frame, area),
        Mode::Form => {
            if let Some(form) = &model.form {
                draw_form(form, frame, area);
            }
        }
        Mode::Install => {
            if let Some(form) = &model.install_form {
                draw_install_form(form, frame, area);
            }
        }
        Mode::Register => {
            if let Some(form) = &model.register_form {
                draw_register_form(form, frame, area);
            }
        }
        Mode::Normal | Mode::Filter | Mode::Detail => {}
    }
}

/// The screen's parts, top to bottom: the title line, the table, the detail pane (taller on
/// taller terminals) and the footer line.
fn areas(area: Rect) -> [Rect; 4] {
    let detail_height = if area.height >= 36 { 16 } else { 9 };
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(detail_height),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// What is drawn in the title line before the tabs.
const TITLE: &str = "certkeep ";

/// The tabs, as the title line names them.
const TABS: [(Tab, &str); 3] = [
    (Tab::Certificates, "Certificates"),
    (Tab::Accounts, "Accounts"),
    (Tab::Daemon, "Daemon"),
];

/// What a mouse click hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hit {
    /// A tab's name in the title line.
    Tab(Tab),
    /// A row of the table, by its index among the visible rows.
    Row(usize),
    /// Nothing that reacts to a click.
    Nothing,
}

/// What a click at column `x`, row `y` hits on a `width` x `height` screen drawn from
/// `model`: the same layout `view` draws, so the two cannot disagree.
pub(super) fn hit(model: &Model, width: u16, height: u16, x: u16, y: u16) -> Hit {
    let [title, table, _, _] = areas(Rect::new(0, 0, width, height));
    if y == title.y {
        let mut start = u16::try_from(TITLE.chars().count()).unwrap_or(u16::MAX);
        for (tab, label) in TABS {
            let end = start + u16::try_from(label.chars().count() + 2).unwrap_or(u16::MAX);
            if (start..end).contains(&x) {
                return Hit::Tab(tab);
            }
            start = end;
        }
        return Hit::Nothing;
    }
    if model.tab != Tab::Certificates || model.mode == Mode::Detail {
        return Hit::Nothing;
    }
    // Below the table's top border and header, above its bottom border.
    let first = table.y + 2;
    let end = (table.y + table.height).saturating_sub(1);
    if y < first || y >= end {
        return Hit::Nothing;
    }
    let visible = model.visible();
    let offset = table_offset(model.selected_index(&visible), usize::from(end - first));
    let index = offset + usize::from(y - first);
    if index < visible.len() {
        Hit::Row(index)
    } else {
        Hit::Nothing
    }
}

/// The first row the table shows when `fit` rows fit: it scrolls just enough to show the
/// selected row at its bottom.
fn table_offset(selected: Option<usize>, fit: usize) -> usize {
    selected.unwrap_or(0).saturating_sub(fit.saturating_sub(1))
}

fn draw_title(model: &Model, frame: &mut Frame<'_>, area: Rect) {
    let shown = model.visible().len();
    let count = if shown == model.rows.len() {
        format!("{} certificates", model.rows.len())
    } else {
        format!("{shown} of {} certificates", model.rows.len())
    };
    let arrow = if model.descending { "↓" } else { "↑" };
    let mut spans = vec![Span::styled(
        TITLE,
        Style::new().add_modifier(Modifier::BOLD),
    )];
    for (tab, label) in TABS {
        let style = if tab == model.tab {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        spans.push(Span::styled(format!(" {label} "), style));
    }
    spans.push(Span::raw(format!(
        "  {count}  sort: {} {arrow}",
        model.sort.label()
    )));
    if !model.filter.is_empty() {
        spans.push(Span::raw(format!("  filter: {}", model.filter)));
    }
    frame.render_widget(Line::from(spans), area);
}

fn draw_table(model: &Model, frame: &mut Frame<'_>, area: Rect) {
    let block = Block::new().borders(Borders::TOP | Borders::BOTTOM);
    let visible = model.visible();
    if let Some(message) = empty_message(model, visible.is_empty()) {
        frame.render_widget(Paragraph::new(message).block(block), area);
        return;
    }
    let wide = area.width >= WIDE;
    let mut header = vec!["Name", "Identifiers"];
    let mut widths = vec![Constraint::Fill(3), Constraint::Fill(3)];
    if wide {
        header.extend(["CA", "Key"]);
        widths.extend([Constraint::Fill(2), Constraint::Length(10)]);
    }
    header.extend(["Expires", "Next", "Last result"]);
    widths.extend([
        Constraint::Length(16),
        Constraint::Length(10),
        Constraint::Fill(2),
    ]);
    // Only the rows that fit are built: with 10,000 certificates a frame formats a screenful.
    let fit = usize::from(area.height.saturating_sub(3));
    let selected = model.selected_index(&visible);
    let offset = table_offset(selected, fit);
    let rows = visible
        .iter()
        .skip(offset)
        .take(fit)
        .map(|row| table_row(model, row, wide));
    let table = Table::new(rows, widths)
        .header(TableRow::new(header).style(Style::new().add_modifier(Modifier::BOLD)))
        .block(block)
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
        .highlight_symbol("▶ ");
    let mut state = TableState::new().with_selected(selected.map(|at| at - offset));
    frame.render_stateful_widget(table, area, &mut state);
}

/// What the table says instead of rows, if it has none to show.
fn empty_message(model: &Model, nothing_visible: bool) -> Option<Line<'static>> {
    if let Some(error) = &model.load_error {
        Some(Line::styled(
            format!("Could not read the store: {error}"),
            Style::new().fg(Color::Red),
        ))
    } else if !model.loaded {
        Some(Line::raw("Loading…"))
    } else if model.rows.is_empty() {
        Some(Line::raw(
            "No certificates in this store yet: obtain one with 'certkeep obtain'.",
        ))
    } else if nothing_visible {
        Some(Line::raw(format!(
            "No certificate matches '{}' (Esc in the filter clears it).",
            model.filter
        )))
    } else {
        None
    }
}

fn table_row<'a>(model: &Model, row: &'a Row, wide: bool) -> TableRow<'a> {
    let identifiers = match row.identifiers.as_slice() {
        [] => String::from("-"),
        [only] => only.clone(),
        [first, rest @ ..] => format!("{first} +{}", rest.len()),
    };
    let mut cells = vec![Cell::from(row.name.as_str()), Cell::from(identifiers)];
    if wide {
        cells.push(Cell::from(row.ca.as_deref().map_or("-", ca_host)));
        cells.push(Cell::from(row.key_type.as_deref().unwrap_or("-")));
    }
    cells.push(Cell::from(expires_text(row)).style(urgency_style(row)));
    cells.push(Cell::from(next_text(row)));
    let (last, style) = last_result(model, row);
    cells.push(Cell::from(last).style(style));
    TableRow::new(cells)
}

/// The host of a CA directory URL: all that fits in a column and tells CAs apart.
fn ca_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}

pub(super) fn date(at: OffsetDateTime) -> String {
    at.date().to_string()
}

/// `2026-12-20 03:00 UTC`.
pub(super) fn minute(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
}

pub(super) fn expires_text(row: &Row) -> String {
    match (row.not_after, row.days_left) {
        (Some(at), Some(days)) => format!("{} {days}d", date(at)),
        _ => "-".into(),
    }
}

/// The expiry's colour: how soon something must happen.
pub(super) fn urgency_style(row: &Row) -> Style {
    let style = Style::new();
    match row.status {
        CertStatus::Expired | CertStatus::Damaged => {
            style.fg(Color::Red).add_modifier(Modifier::BOLD)
        }
        CertStatus::Revoked | CertStatus::Retired => style.fg(Color::Magenta),
        CertStatus::Pending => style.fg(Color::DarkGray),
        CertStatus::Expiring if row.days_left.is_some_and(|d| d <= 7) => style.fg(Color::Red),
        CertStatus::Expiring => style.fg(Color::Yellow),
        CertStatus::Valid => style.fg(Color::Green),
    }
}

pub(super) fn next_text(row: &Row) -> String {
    match (row.status, row.next_renewal) {
        (CertStatus::Damaged, _) => "-".into(),
        (_, Some(_)) if row.backing_off => "backoff".into(),
        (_, Some(at)) => date(at),
        (_, None) => "now".into(),
    }
}

/// The last result: this session's activity first, then what the store remembers.
fn last_result(model: &Model, row: &Row) -> (String, Style) {
    match model.activity.get(&row.name) {
        Some(Activity::Renewing { steps }) => (
            format!("⟳ {}", steps.last().map_or("", String::as_str)),
            Style::new().fg(Color::Yellow),
        ),
        Some(Activity::Busy) => ("busy: store locked".into(), Style::new().fg(Color::Cyan)),
        Some(Activity::Renewed { .. }) => ("renewed".into(), Style::new().fg(Color::Green)),
        Some(Activity::Failed { message }) => {
            (format!("failed: {message}"), Style::new().fg(Color::Red))
        }
        None if row.status == CertStatus::Damaged => {
            ("damaged".into(), Style::new().fg(Color::Red))
        }
        None if row.failures > 0 => (
            format!("failed ×{}", row.failures),
            Style::new().fg(Color::Red),
        ),
        None if !row.pending_hooks.is_empty() => {
            ("hooks pending".into(), Style::new().fg(Color::Yellow))
        }
        None if row.last_success.is_some() => ("ok".into(), Style::new().fg(Color::Green)),
        None => ("-".into(), Style::new()),
    }
}

fn draw_accounts(model: &Model, frame: &mut Frame<'_>, area: Rect) {
    let block = Block::new().borders(Borders::TOP).title(" Accounts ");
    if model.accounts.is_empty() {
        let text = "No account yet: press n to register one.";
        frame.render_widget(Paragraph::new(text).block(block), area);
        return;
    }
    let rows = model.accounts.iter().map(|a| {
        TableRow::new(vec![
            Cell::from(a.name.as_str()),
            Cell::from(ca_host(&a.ca)),
            Cell::from(a.contact.join(", ")),
            Cell::from(a.status.as_str()),
            Cell::from(a.eab_kid.as_deref().unwrap_or("-")),
            Cell::from(a.key_thumbprint.as_str()),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Length(11),
            Constraint::Length(8),
            Constraint::Fill(3),
        ],
    )
    .header(
        TableRow::new(["Name", "CA", "Contact", "Status", "EAB", "Key thumbprint"])
            .style(Style::new().add_modifier(Modifier::BOLD)),
    )
    .block(block)
    .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
    .highlight_symbol("▶ ");
    let mut state = TableState::new().with_selected(Some(model.account_selected));
    frame.render_stateful_widget(table, area, &mut state);
}

fn draw_daemon(model: &Model, frame: &mut Frame<'_>, area: Rect) {
    let block = Block::new().borders(Borders::TOP).title(" Daemon ");
    let lines = match &model.daemon {
        None => vec![Line::raw(
            "No daemon has run on this store ('certkeep daemon', or 'certkeep systemd print --daemon').",
        )],
        Some(daemon) => vec![
            Line::raw(format!("State       {} (pid {})", daemon.state, daemon.pid)),
            Line::raw(format!(
                "Next wake   {}",
                daemon.next_wake.map_or_else(|| "-".to_owned(), minute)
            )),
            Line::raw(format!("Last round  {}", daemon.last_round)),
        ],
    };
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        area,
    );
}

fn draw_confirm(model: &Model, frame: &mut Frame<'_>, area: Rect) {
    let lines = match &model.confirm {
        Some(Confirm::Delete { name }) => vec![
            Line::raw(format!("Delete {name} from the store?")),
            Line::raw("It is not revoked; its files are removed."),
            Line::raw(""),
            Line::raw("y delete · n cancel"),
        ],
        Some(Confirm::Rollover { name, ca }) => vec![
            Line::raw(format!("Roll the key of account {name} over?")),
            Line::raw(format!("At {}; the old key stops working.", ca_host(ca))),
            Line::raw(""),
            Line::raw("y roll over · n cancel"),
        ],
        Some(Confirm::Revoke { name, reason }) => vec![
            Line::raw(format!("Revoke {name} at its CA?")),
            Line::raw(format!("Reason: ◀ {} ▶", reason_name(*reason))),
            Line::raw(""),
            Line::raw("←/→ reason · y revoke · n cancel"),
        ],
        None => return,
    };
    let popup = centred(area, 52, 6);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(" Confirm ")),
        popup,
    );
}

fn reason_name(reason: crate::ops::RevokeReason) -> &'static str {
    use crate::ops::RevokeReason;
    match reason {
        RevokeReason::Unspecified => "unspecified",
        RevokeReason::KeyCompromise => "keyCompromise",
        RevokeReason::Superseded => "superseded",
        RevokeReason::CessationOfOperation => "cessationOfOperation",
    }
}

/// A `width` x `height` rectangle in the middle of `area` (smaller if `area` is).
pub(super) fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn draw_footer(model: &Model, frame: &mut Frame<'_>, area: Rect) {
    let line = match model.mode {
        Mode::Filter => Line::from(vec![
            Span::styled("/", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(format!("{}█  Enter keep · Esc clear", model.filter)),
        ]),
        Mode::Detail if model.notice.is_none() => {
            Line::raw("↑↓ next certificate  PgDn PgUp scroll  r renew  Enter back")
        }
        _ => match &model.notice {
            Some(notice) => Line::raw(notice.clone()),
            None => Line::raw(
                "↑↓ move  / filter  s sort  r renew  n new  d del  x revoke  ? help  q quit",
            ),
        },
    };
    frame.render_widget(line, area);
}

const HELP: &[(&str, &str)] = &[
    ("↑ ↓  k j", "move the selection"),
    ("PgUp PgDn", "move ten rows"),
    ("g G  Home End", "first, last row"),
    ("/", "filter by name, identifier or CA"),
    ("s", "sort by the next column"),
    ("S", "reverse the order"),
    ("r", "renew the selected certificate now"),
    ("n", "obtain a new certificate (a form)"),
    ("i", "add an install target to it"),
    ("d", "delete it from the store (asks first)"),
    ("x", "revoke it at its CA (asks first)"),
    ("Enter", "its whole detail (Enter again: back)"),
    ("l", "the log of its last run"),
    ("Tab", "certificates, accounts, daemon"),
    ("n o (accounts)", "register an account, roll its key over"),
    ("mouse", "wheel scrolls, click picks row or tab"),
    ("?", "this help"),
    ("q  Esc  Ctrl-C", "quit"),
];

fn draw_help(frame: &mut Frame<'_>, area: Rect) {
    let height = u16::try_from(HELP.len() + 4)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let width = 56.min(area.width);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let mut lines: Vec<Line<'_>> = HELP
        .iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(
                    format!("{keys:<16}"),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::raw("any key closes this help"));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Keys ")),
        popup,
    );
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
