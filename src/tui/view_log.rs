//! Draws the log of the selected certificate's last run (`l`): the steps of a run started in
//! this session, or else what the store recorded of the last run, whoever ran it (the daemon,
//! a cron `renew`, another shell): its last success, the failure ledger with the last error,
//! the backoff, the last deploy and hooks waiting for a retry. The title says which. Pure.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::model::{Detail, Model, Row};
use super::view::{centred, minute};

/// Draws the log of the selected certificate over `area`.
pub(super) fn draw_log(model: &Model, frame: &mut Frame<'_>, area: Rect) {
    let Some(row) = model.selected_row() else {
        return;
    };
    let (title, lines): (String, Vec<Line<'_>>) = match model.last_run.get(&row.name) {
        Some(steps) => (
            format!(" Last run: {} (this session) ", row.name),
            steps.iter().map(|s| Line::raw(s.as_str())).collect(),
        ),
        None => (
            format!(" Last run: {} (as the store recorded it) ", row.name),
            stored_run(row, model.detail.of(&row.name))
                .into_iter()
                .map(Line::raw)
                .collect(),
        ),
    };
    let popup = centred(
        area,
        area.width.saturating_sub(8),
        area.height.saturating_sub(6),
    );
    // The newest lines are the ones that matter when the log is longer than the window.
    let inner_height = usize::from(popup.height.saturating_sub(2));
    let skip = lines.len().saturating_sub(inner_height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>())
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(title)),
        popup,
    );
}

/// What the store says of the certificate's last run, one line each: not run in this
/// session, so it was another process's (or an earlier session's).
fn stored_run(row: &Row, detail: Option<&Detail>) -> Vec<String> {
    let mut lines = vec![
        "Not run in this session (r renews it, and its steps show here); the store's record of its last run, by whichever process ran it (daemon, cron, shell):".to_owned(),
        String::new(),
    ];
    lines.push(match (row.last_success, row.version) {
        (Some(at), Some(version)) => format!("last success  {} (version {version})", minute(at)),
        (Some(at), None) => format!("last success  {}", minute(at)),
        (None, _) => "last success  never".to_owned(),
    });
    if row.failures > 0 {
        let when = detail
            .and_then(|d| d.last_failure)
            .map_or_else(String::new, |at| format!(", the last at {}", minute(at)));
        lines.push(format!("failures      {} in a row{when}", row.failures));
    }
    if let Some(error) = &row.last_error {
        lines.push(format!("last error    {error}"));
    }
    if let Some(at) = detail.and_then(|d| d.retry_after) {
        lines.push(format!("CA said retry after {}", minute(at)));
    }
    let next = row.next_renewal.map_or_else(|| "now".to_owned(), minute);
    let why = if row.backing_off {
        "backing off after failures".to_owned()
    } else {
        row.reason.clone()
    };
    lines.push(format!("next attempt  {next}: {why}"));
    if let Some(deploy) = detail.and_then(|d| d.deploy.as_ref()) {
        lines.push(if deploy.ok {
            format!(
                "deploy        version {} ok at {}",
                deploy.version,
                minute(deploy.at)
            )
        } else {
            format!(
                "deploy        version {} failed at {}: {}",
                deploy.version,
                minute(deploy.at),
                deploy.error.as_deref().unwrap_or("-")
            )
        });
    }
    if !row.pending_hooks.is_empty() {
        lines.push(format!(
            "hooks waiting for a retry: {}",
            row.pending_hooks.join(", ")
        ));
    }
    if detail.is_none() {
        lines.push("(the certificate's detail is still being read)".to_owned());
    }
    lines
}
