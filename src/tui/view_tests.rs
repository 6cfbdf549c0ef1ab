//! Snapshot tests of `view` on ratatui's test backend, at 80x24 (SSH on a small terminal) and
//! 120x40, plus the colours the snapshots cannot show.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use time::macros::datetime;

use super::*;
use crate::tui::update::{Message, update};

fn draw(model: &Model, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view(model, frame)).unwrap();
    terminal
}

fn cert(name: &str, status: CertStatus, days: Option<i64>) -> Row {
    let mut row = Row::named(name, status);
    row.identifiers = vec![name.to_owned()];
    row.ca = Some("https://acme-v02.api.letsencrypt.org/directory".into());
    row.key_type = Some("ecdsa-p256".into());
    row.challenge = Some("http-01 webroot /var/www".into());
    if let Some(days) = days {
        row.not_after = Some(datetime!(2026-12-01 00:00 UTC) + time::Duration::days(days));
        row.days_left = Some(days);
        row.version = Some(3);
        row.serial = Some(format!("0{}", name.len()));
        row.issuer = Some("CN=Pebble Intermediate CA".into());
        row.next_renewal = Some(datetime!(2026-12-20 00:00 UTC));
        row.reason = "two thirds of its lifetime".into();
        row.last_success = Some(datetime!(2026-11-01 00:00 UTC));
    }
    row
}

/// Healthy, expiring, expired, failed (backing off), revoked, never issued.
fn mixed() -> Model {
    let mut healthy = cert("www.example.org", CertStatus::Valid, Some(60));
    healthy.identifiers = vec![
        "www.example.org".into(),
        "example.org".into(),
        "static.example.org".into(),
    ];
    let expiring = cert("api.example.org", CertStatus::Expiring, Some(6));
    let expired = cert("old.example.org", CertStatus::Expired, Some(-3));
    let mut failed = cert("mail.example.org", CertStatus::Expiring, Some(20));
    failed.failures = 3;
    failed.backing_off = true;
    failed.last_error = Some("challenge validation failed: connection refused".into());
    let revoked = cert("gone.example.org", CertStatus::Revoked, Some(30));
    let pending = cert("new.example.org", CertStatus::Pending, None);
    let rows = vec![healthy, expiring, expired, failed, revoked, pending];
    update(Model::default(), Message::Loaded(Ok(rows))).0
}

#[test]
fn an_empty_store_says_how_to_start() {
    let model = update(Model::default(), Message::Loaded(Ok(Vec::new()))).0;
    insta::assert_snapshot!("tui_empty_80x24", draw(&model, 80, 24).backend());
}

#[test]
fn a_mixed_store_at_80x24() {
    insta::assert_snapshot!("tui_mixed_80x24", draw(&mixed(), 80, 24).backend());
}

#[test]
fn a_mixed_store_at_120x40_adds_the_ca_and_key_columns() {
    insta::assert_snapshot!("tui_mixed_120x40", draw(&mixed(), 120, 40).backend());
}

#[test]
fn a_renewal_in_progress_shows_its_latest_steps() {
    let mut model = mixed();
    model.activity.insert(
        "old.example.org".into(),
        Activity::Renewing {
            steps: vec![
                "starting".into(),
                "order created, 1 to authorize".into(),
                "http-01 for old.example.org".into(),
                "authorized".into(),
                "finalizing".into(),
            ],
        },
    );
    model.selected = Some("old.example.org".into());
    model.notice = Some("old.example.org: renewing".into());
    insta::assert_snapshot!("tui_renewing_80x24", draw(&model, 80, 24).backend());
    insta::assert_snapshot!("tui_renewing_120x40", draw(&model, 120, 40).backend());
}

#[test]
fn the_help_overlay_lists_the_keys() {
    let mut model = mixed();
    model.mode = Mode::Help;
    insta::assert_snapshot!("tui_help_80x24", draw(&model, 80, 24).backend());
}

#[test]
fn a_filter_with_no_match_says_so() {
    let mut model = mixed();
    model.mode = Mode::Filter;
    model.filter = "nomatch".into();
    insta::assert_snapshot!("tui_filter_no_match_80x24", draw(&model, 80, 24).backend());
}

#[test]
fn the_expiry_is_coloured_by_urgency() {
    let terminal = draw(&mixed(), 120, 40);
    let buffer = terminal.backend().buffer();
    // The colour of the first character of each row's expiry cell, found by its date.
    let colour_of = |date: &str| {
        (0..buffer.area.height)
            .find_map(|y| {
                let line: String = (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol().to_owned())
                    .collect();
                let at = line.find(date)?;
                let x = u16::try_from(line[..at].chars().count()).unwrap();
                Some(buffer[(x, y)].fg)
            })
            .unwrap_or_else(|| panic!("{date} not drawn"))
    };
    assert_eq!(colour_of("2027-01-30 60d"), Color::Green, "healthy");
    assert_eq!(colour_of("2026-12-21 20d"), Color::Yellow, "expiring");
    assert_eq!(
        colour_of("2026-12-07 6d"),
        Color::Red,
        "expiring within a week"
    );
    assert_eq!(colour_of("2026-11-28 -3d"), Color::Red, "expired");
    assert_eq!(colour_of("2026-12-31 30d"), Color::Magenta, "revoked");
}

#[test]
fn tiny_terminals_do_not_panic() {
    let mut model = mixed();
    model.mode = Mode::Help;
    for (width, height) in [(1, 1), (10, 5), (20, 3), (80, 2)] {
        draw(&model, width, height);
    }
}

#[test]
fn the_revoke_confirmation_names_the_certificate_and_the_reason() {
    let mut model = mixed();
    model.mode = Mode::Confirm;
    model.confirm = Some(Confirm::Revoke {
        name: "old.example.org".into(),
        reason: crate::ops::RevokeReason::KeyCompromise,
    });
    insta::assert_snapshot!("tui_confirm_revoke_80x24", draw(&model, 80, 24).backend());
}

#[test]
fn the_accounts_and_daemon_tabs() {
    use crate::tui::model::{AccountLine, DaemonLine};
    let mut model = mixed();
    model.accounts = vec![AccountLine {
        name: "default".into(),
        ca: "https://acme-v02.api.letsencrypt.org/directory".into(),
        contact: vec!["mailto:ops@example.org".into()],
        status: "valid".into(),
        key_thumbprint: "Zm9vYmFyYmF6cXV4".into(),
        eab_kid: None,
    }];
    model.tab = Tab::Accounts;
    insta::assert_snapshot!("tui_accounts_80x24", draw(&model, 80, 24).backend());
    model.tab = Tab::Daemon;
    insta::assert_snapshot!("tui_daemon_none_80x24", draw(&model, 80, 24).backend());
    model.daemon = Some(DaemonLine {
        pid: 4242,
        state: "running".into(),
        next_wake: Some(datetime!(2026-12-20 03:00 UTC)),
        last_round: "renewed 1, 5 not due".into(),
    });
    insta::assert_snapshot!("tui_daemon_running_80x24", draw(&model, 80, 24).backend());
}

#[test]
fn the_log_overlay_shows_the_last_run() {
    let mut model = mixed();
    model.last_run.insert(
        "old.example.org".into(),
        vec![
            "starting".into(),
            "order created, 1 to authorize".into(),
            "http-01 for old.example.org".into(),
            "old.example.org: renewal failed: challenge validation failed".into(),
        ],
    );
    model.mode = Mode::Log;
    insta::assert_snapshot!("tui_log_80x24", draw(&model, 80, 24).backend());
}
