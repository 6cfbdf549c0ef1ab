//! The detail of the selected certificate: what the table row says at once, and what the
//! background read of its [`Detail`] adds when it arrives (serial, chain, the validity bar with
//! now and the renewal window marked, the failure ledger, the last deploy and what each verify
//! saw, install targets, hooks, older versions). The most urgent lines come first: the pane
//! under the table shows as many as fit, Enter shows them all. Pure, like the rest of `view`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use time::OffsetDateTime;

use super::model::{Activity, Detail, DetailState, Mode, Model, Row};
use super::view::{date, expires_text, minute, next_text, urgency_style};
use crate::ops::CertStatus;

/// Progress steps shown in the detail pane.
const STEPS_SHOWN: usize = 3;

/// The cells of the validity bar that are not the bar (the label and two dates).
const BAR_FRAME: usize = 10 + 2 * 11;

/// Draws the detail of the selected certificate into `area` (a pane or the whole screen).
pub(super) fn draw_detail(model: &Model, frame: &mut Frame<'_>, area: Rect) {
    let Some(row) = model.selected_row() else {
        frame.render_widget(Block::bordered().title(" Detail "), area);
        return;
    };
    let inner_width = usize::from(area.width.saturating_sub(2));
    let lines = detail_lines(model, row, inner_width);
    let scroll = if model.mode == Mode::Detail {
        model.detail_scroll
    } else {
        0
    };
    let detail = Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .scroll((scroll, 0))
        .block(Block::bordered().title(format!(" {} ", row.name)));
    frame.render_widget(detail, area);
}

fn label(text: &'static str) -> Span<'static> {
    Span::styled(text, Style::new().add_modifier(Modifier::BOLD))
}

fn or_dash(value: Option<&str>) -> String {
    value.unwrap_or("-").to_owned()
}

/// Every line of the detail, the most urgent first.
fn detail_lines(model: &Model, row: &Row, width: usize) -> Vec<Line<'static>> {
    let detail = model.detail.of(&row.name);
    let mut lines = Vec::new();
    if let Some(Activity::Renewing { steps }) = model.activity.get(&row.name) {
        let recent = &steps[steps.len().saturating_sub(STEPS_SHOWN)..];
        lines.push(Line::from(vec![
            label("Renewing "),
            Span::styled(recent.join(" › "), Style::new().fg(Color::Yellow)),
        ]));
    }
    lines.push(Line::from(vec![
        label("Identifiers "),
        Span::raw(row.identifiers.join(", ")),
    ]));
    lines.push(Line::from(vec![
        label("Status "),
        Span::styled(
            format!("{:?}", row.status).to_lowercase(),
            urgency_style(row),
        ),
        Span::raw(format!(
            "  expires {}  version {}",
            expires_text(row),
            row.version.map_or_else(|| "-".into(), |v| v.to_string())
        )),
    ]));
    if let Some(bar) = detail.and_then(|d| validity_line(model, row, d, width)) {
        lines.push(bar);
    }
    lines.push(Line::from(vec![
        label("Next renewal "),
        Span::raw(format!("{}: {}", next_text(row), row.reason)),
    ]));
    failure_lines(row, detail, &mut lines);
    match &model.detail {
        DetailState::Failed { name, message } if *name == row.name => {
            lines.push(Line::from(vec![
                label("Unreadable "),
                Span::styled(message.clone(), Style::new().fg(Color::Red)),
            ]));
        }
        _ if detail.is_none() && row.status != CertStatus::Damaged => {
            lines.push(Line::styled("Reading…", Style::new().fg(Color::DarkGray)));
        }
        _ => {}
    }
    if let Some(detail) = detail {
        known_lines(row, detail, &mut lines);
    } else {
        lines.push(Line::from(vec![
            label("CA "),
            Span::raw(or_dash(row.ca.as_deref())),
        ]));
    }
    lines
}

/// The failure ledger: how many, the last error, when the next try is allowed, and what to do.
fn failure_lines(row: &Row, detail: Option<&Detail>, lines: &mut Vec<Line<'static>>) {
    let Some(error) = &row.last_error else {
        return;
    };
    let when = detail
        .and_then(|d| d.last_failure)
        .map_or_else(String::new, |at| format!(", last {}", minute(at)));
    lines.push(Line::from(vec![
        label("Last error "),
        Span::styled(
            format!("({} failures{when}) {error}", row.failures),
            Style::new().fg(Color::Red),
        ),
    ]));
    let hint = match (row.backing_off, row.next_renewal) {
        (true, Some(until)) => format!(
            "backing off until {}; r tries again now, l shows the last run's steps",
            minute(until)
        ),
        _ => "r tries again now; l shows the last run's steps".to_owned(),
    };
    lines.push(Line::from(vec![label("Hint "), Span::raw(hint)]));
    if let Some(retry_after) = detail.and_then(|d| d.retry_after) {
        lines.push(Line::from(vec![
            label("Retry-After "),
            Span::raw(format!("{} (the CA's)", minute(retry_after))),
        ]));
    }
}

/// What only the background read knows, after the lines the table row already gives.
fn known_lines(row: &Row, detail: &Detail, lines: &mut Vec<Line<'static>>) {
    if let Some((start, end)) = row.ari_window {
        let mut spans = vec![
            label("ARI window "),
            Span::raw(format!("{} to {}", minute(start), minute(end))),
        ];
        if let Some(url) = &detail.ari_explanation_url {
            spans.push(Span::raw(format!("  why: {url}")));
        }
        lines.push(Line::from(spans));
    }
    if let Some(problem) = &detail.ari_problem {
        lines.push(Line::from(vec![
            label("ARI problem "),
            Span::styled(problem.clone(), Style::new().fg(Color::Yellow)),
        ]));
    }
    deploy_lines(detail, lines);
    for target in &detail.targets {
        lines.push(Line::from(vec![
            label("Install "),
            Span::raw(target.clone()),
        ]));
    }
    lines.push(Line::from(vec![
        label("Serial "),
        Span::raw(or_dash(detail.serial.as_deref())),
        label("  Issuer "),
        Span::raw(or_dash(detail.issuer.as_deref())),
    ]));
    lines.push(Line::from(vec![
        label("Key "),
        Span::raw(detail.key_type.clone()),
        label("  Challenge "),
        Span::raw(detail.challenge.clone()),
        label("  Profile "),
        Span::raw(or_dash(detail.profile.as_deref())),
        label("  Account "),
        Span::raw(detail.account.clone()),
    ]));
    lines.push(Line::from(vec![
        label("CA "),
        Span::raw(or_dash(row.ca.as_deref())),
    ]));
    if !detail.chain.is_empty() {
        let mut chain: Vec<String> = detail.chain.iter().map(|c| c.subject.clone()).collect();
        if let Some(top) = detail.chain.last() {
            chain.push(top.issuer.clone());
        }
        lines.push(Line::from(vec![
            label("Chain "),
            Span::raw(chain.join(" ← ")),
        ]));
    }
    for hook in &detail.hooks {
        lines.push(Line::from(vec![label("Hook "), Span::raw(hook.clone())]));
    }
    if !row.pending_hooks.is_empty() {
        lines.push(Line::from(vec![
            label("Hooks pending "),
            Span::styled(row.pending_hooks.join(", "), Style::new().fg(Color::Yellow)),
        ]));
    }
    if !detail.versions.is_empty() {
        let versions: Vec<String> = detail
            .versions
            .iter()
            .map(|v| format!("v{} {} until {}", v.version, v.serial, date(v.not_after)))
            .collect();
        lines.push(Line::from(vec![
            label("Versions "),
            Span::raw(versions.join(" · ")),
        ]));
    }
    if detail.targets.is_empty() {
        lines.push(Line::from(vec![
            label("Install "),
            Span::raw("no targets (i adds one)"),
        ]));
    }
}

/// The last deploy and what each verification saw.
fn deploy_lines(detail: &Detail, lines: &mut Vec<Line<'static>>) {
    if let Some(deploy) = &detail.deploy {
        let (outcome, style) = if deploy.ok {
            ("ok".to_owned(), Style::new().fg(Color::Green))
        } else {
            (
                format!("failed: {}", deploy.error.as_deref().unwrap_or("-")),
                Style::new().fg(Color::Red),
            )
        };
        lines.push(Line::from(vec![
            label("Deployed "),
            Span::raw(format!(
                "version {} at {}: ",
                deploy.version,
                minute(deploy.at)
            )),
            Span::styled(outcome, style),
        ]));
        for seen in &deploy.verified {
            let served = seen.served_serial.as_deref().unwrap_or("nothing");
            let (text, style) = if seen.ok {
                (
                    format!("{} ({}) serves {served}", seen.address, seen.sni),
                    Style::new().fg(Color::Green),
                )
            } else {
                (
                    format!(
                        "{} ({}) serves {served}, not {}{}",
                        seen.address,
                        seen.sni,
                        seen.expected_serial,
                        seen.error
                            .as_deref()
                            .map_or_else(String::new, |e| format!(": {e}"))
                    ),
                    Style::new().fg(Color::Red),
                )
            };
            lines.push(Line::from(vec![
                label("  Verify "),
                Span::styled(text, style),
            ]));
        }
    }
}

/// `Validity 2026-09-01 ━━━━━●━━━━▒▒▒▒━ 2026-11-30`: the certificate's lifetime, now and the
/// renewal window marked on it.
fn validity_line(model: &Model, row: &Row, detail: &Detail, width: usize) -> Option<Line<'static>> {
    let (not_before, not_after) = (detail.not_before?, row.not_after?);
    let now = model.now?;
    let window = row.ari_window.or(match (row.status, row.next_renewal) {
        (CertStatus::Damaged | CertStatus::Pending, _) => None,
        (_, Some(at)) => Some((at, not_after)),
        (_, None) => Some((now, not_after)),
    });
    let cells = validity_cells(
        not_before,
        not_after,
        now,
        window,
        width.saturating_sub(BAR_FRAME),
    );
    if cells.is_empty() {
        return None;
    }
    let mut spans = vec![
        label("Validity  "),
        Span::raw(format!("{} ", date(not_before))),
    ];
    spans.extend(cells.into_iter().map(|cell| {
        let (symbol, style) = match cell {
            Cell::Past => ("━", Style::new().fg(Color::DarkGray)),
            Cell::Ahead => ("━", Style::new().fg(Color::Green)),
            Cell::Window => ("▒", Style::new().fg(Color::Yellow)),
            Cell::Now => ("●", Style::new().add_modifier(Modifier::BOLD)),
        };
        Span::styled(symbol, style)
    }));
    spans.push(Span::raw(format!(" {}", date(not_after))));
    Some(Line::from(spans))
}

/// One cell of the validity bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// Lifetime already spent.
    Past,
    /// Lifetime ahead, before the renewal window.
    Ahead,
    /// Inside the renewal window.
    Window,
    /// The cell that holds now.
    Now,
}

/// The validity bar as `width` cells: each covers an equal slice of the lifetime; the one that
/// holds `now` is marked (the first or last cell when now is outside the lifetime).
fn validity_cells(
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    now: OffsetDateTime,
    window: Option<(OffsetDateTime, OffsetDateTime)>,
    width: usize,
) -> Vec<Cell> {
    let lifetime = not_after - not_before;
    if width == 0 || lifetime <= time::Duration::ZERO {
        return Vec::new();
    }
    let slice = lifetime / u32::try_from(width).unwrap_or(u32::MAX);
    let now_cell = if now <= not_before {
        0
    } else if now >= not_after {
        width - 1
    } else {
        let into = (now - not_before).whole_seconds();
        let cell = into / slice.whole_seconds().max(1);
        usize::try_from(cell).unwrap_or(width - 1).min(width - 1)
    };
    (0..width)
        .map(|i| {
            let start = not_before + slice * u32::try_from(i).unwrap_or(u32::MAX);
            let end = start + slice;
            if i == now_cell {
                Cell::Now
            } else if window.is_some_and(|(from, to)| end > from && start < to) {
                Cell::Window
            } else if i < now_cell {
                Cell::Past
            } else {
                Cell::Ahead
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn bar(now: OffsetDateTime, window: Option<(OffsetDateTime, OffsetDateTime)>) -> String {
        validity_cells(
            datetime!(2026-01-01 00:00 UTC),
            datetime!(2026-01-11 00:00 UTC),
            now,
            window,
            10,
        )
        .into_iter()
        .map(|c| match c {
            Cell::Past => '-',
            Cell::Ahead => '=',
            Cell::Window => '#',
            Cell::Now => '@',
        })
        .collect()
    }

    #[test]
    fn the_validity_bar_marks_now_and_the_renewal_window() {
        let window = Some((
            datetime!(2026-01-08 00:00 UTC),
            datetime!(2026-01-10 00:00 UTC),
        ));
        let table = [
            // One day in, the window days 7 to 9.
            (datetime!(2026-01-02 12:00 UTC), window, "-@=====##="),
            // Inside the window: now wins its cell.
            (datetime!(2026-01-08 12:00 UTC), window, "-------@#="),
            // Expired: now is the last cell.
            (datetime!(2026-02-01 00:00 UTC), None, "---------@"),
            // Not valid yet: now is the first cell.
            (datetime!(2025-12-01 00:00 UTC), None, "@========="),
        ];
        for (now, window, want) in table {
            assert_eq!(bar(now, window), want, "{now}");
        }
    }

    #[test]
    fn a_bar_with_no_room_or_no_lifetime_is_empty() {
        let at = datetime!(2026-01-01 00:00 UTC);
        assert!(validity_cells(at, at, at, None, 10).is_empty());
        assert!(validity_cells(at, at + time::Duration::DAY, at, None, 0).is_empty());
    }
}
