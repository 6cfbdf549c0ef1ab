//! Snapshot tests of `view` on ratatui's test backend, at 80x24 (SSH on a small terminal) and
//! 120x40, plus the colours the snapshots cannot show.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use time::macros::datetime;

use super::*;
use crate::tui::model::{ChainLink, Detail, DetailState, VersionLine};
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
    if let Some(days) = days {
        row.not_after = Some(datetime!(2026-12-01 00:00 UTC) + time::Duration::days(days));
        row.days_left = Some(days);
        row.version = Some(3);
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
    let model = update(
        Model::default(),
        Message::Tick(datetime!(2026-12-01 00:00 UTC)),
    )
    .0;
    let model = update(model, Message::Loaded(Ok(rows))).0;
    let selected = model.selected.clone().unwrap();
    with_detail(model, &selected)
}

/// `model` with the detail of `name` loaded: a 90-day certificate from Pebble, served by nginx.
fn with_detail(model: Model, name: &str) -> Model {
    let row = model.rows.iter().find(|r| r.name == name).unwrap();
    let not_after = row.not_after.unwrap();
    let mut detail = Detail::named(name);
    detail.serial = Some(format!("0{}", name.len()));
    detail.issuer = Some("CN=Pebble Intermediate CA".into());
    detail.not_before = Some(not_after - time::Duration::days(90));
    detail.key_type = "ecdsa-p256".into();
    detail.challenge = "http-01 webroot /var/www".into();
    detail.account = "default".into();
    detail.versions = vec![VersionLine {
        version: 3,
        serial: format!("0{}", name.len()),
        not_after,
    }];
    let model = update(
        model,
        Message::DetailLoaded {
            name: name.into(),
            detail: Ok(Box::new(detail)),
        },
    )
    .0;
    assert!(model.detail.of(name).is_some(), "{name} is selected");
    model
}

/// The detail of a certificate that failed, with everything the detail can show.
fn failing_detail() -> Model {
    let mut model = mixed();
    model.selected = Some("mail.example.org".into());
    let row = model
        .rows
        .iter_mut()
        .find(|r| r.name == "mail.example.org")
        .unwrap();
    row.ari_window = Some((
        datetime!(2026-12-05 00:00 UTC),
        datetime!(2026-12-07 00:00 UTC),
    ));
    row.next_renewal = Some(datetime!(2026-12-01 06:00 UTC));
    row.reason = "backing off after 3 failures".into();
    row.pending_hooks = vec!["deploy: systemctl reload nginx".into()];
    let mut model = with_detail(model, "mail.example.org");
    let DetailState::Loaded(detail) = &mut model.detail else {
        panic!("loaded")
    };
    detail.ari_explanation_url = Some("https://ca.example/ari-why".into());
    detail.last_failure = Some(datetime!(2026-11-30 18:00 UTC));
    detail.chain = vec![
        ChainLink {
            subject: "CN=mail.example.org".into(),
            issuer: "CN=Pebble Intermediate CA".into(),
        },
        ChainLink {
            subject: "CN=Pebble Intermediate CA".into(),
            issuer: "CN=Pebble Root CA".into(),
        },
    ];
    detail.targets = vec![
        "fullchain /etc/nginx/tls/mail.pem (nginx), verified at 127.0.0.1:443".into(),
        "key /etc/nginx/tls/mail.key (nginx), verified at 127.0.0.1:443".into(),
    ];
    detail.hooks = vec!["deploy: systemctl reload nginx".into()];
    detail.deploy = Some(crate::domain::DeployState {
        version: 3,
        at: datetime!(2026-11-30 18:01 UTC),
        ok: false,
        error: Some("nginx still serves the old certificate".into()),
        verified: vec![crate::domain::Verified {
            address: "127.0.0.1:443".into(),
            sni: "mail.example.org".into(),
            served_serial: Some("0aa1".into()),
            expected_serial: "016".into(),
            ok: false,
            error: None,
        }],
    });
    detail.versions.push(VersionLine {
        version: 2,
        serial: "0aa1".into(),
        not_after: datetime!(2026-10-01 00:00 UTC),
    });
    model
}

#[test]
fn the_detail_pane_shows_the_validity_bar_failures_deploy_and_chain() {
    let model = failing_detail();
    insta::assert_snapshot!("tui_detail_80x24", draw(&model, 80, 24).backend());
    insta::assert_snapshot!("tui_detail_120x40", draw(&model, 120, 40).backend());
}

#[test]
fn enter_shows_the_whole_detail_on_the_screen() {
    let mut model = failing_detail();
    model.mode = Mode::Detail;
    insta::assert_snapshot!("tui_detail_full_80x24", draw(&model, 80, 24).backend());
    model.detail_scroll = 10;
    insta::assert_snapshot!(
        "tui_detail_full_scrolled_80x24",
        draw(&model, 80, 24).backend()
    );
}

#[test]
fn a_detail_still_being_read_says_so_and_an_unreadable_one_says_why() {
    let mut model = mixed();
    model.detail = DetailState::Loading("old.example.org".into());
    let screen = draw(&model, 120, 40).backend().to_string();
    assert!(screen.contains("Reading…"), "{screen}");
    assert!(!screen.contains("Serial"), "{screen}");
    model.detail = DetailState::Failed {
        name: "old.example.org".into(),
        message: "spec.toml: expected a table".into(),
    };
    let screen = draw(&model, 120, 40).backend().to_string();
    assert!(screen.contains("spec.toml: expected a table"), "{screen}");
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

#[test]
fn the_log_of_a_certificate_not_run_in_this_session_is_the_stores_record_of_its_last_run() {
    let mut model = failing_detail();
    model.mode = Mode::Log;
    let screen = draw(&model, 80, 24);
    insta::assert_snapshot!("tui_log_stored_80x24", screen.backend());
    let text = format!("{:?}", screen.backend());
    assert!(text.contains("as the store recorded it"), "{text}");
}

#[test]
fn the_obtain_form_shows_why_obtain_would_refuse() {
    use crate::tui::form::ObtainForm;
    let mut model = mixed();
    let mut form = ObtainForm::new("https://acme-v02.api.letsencrypt.org/directory");
    for c in "shop.example.org *.shop.example.org".chars() {
        form.key(crossterm::event::KeyCode::Char(c));
    }
    model.form = Some(form);
    model.mode = Mode::Form;
    insta::assert_snapshot!("tui_form_error_80x24", draw(&model, 80, 24).backend());
    insta::assert_snapshot!("tui_form_error_120x40", draw(&model, 120, 40).backend());
}

#[test]
fn the_register_form_shows_the_cas_terms_why_register_would_refuse_and_never_the_hmac() {
    use crate::tui::register_form::{Failure, RegisterForm};
    use crossterm::event::KeyCode;
    let mut model = mixed();
    model.tab = Tab::Accounts;
    let ca = "https://acme.zerossl.com/v2/DV90";
    let mut form = RegisterForm::new(ca, "ops@example.org, ops@");
    form.terms_read(
        ca.into(),
        Ok(crate::ops::CaTerms {
            ca: ca.into(),
            terms_of_service: Some(
                "https://secure.trust-provider.com/repository/docs/Legacy/".into(),
            ),
            eab_required: true,
        }),
    );
    for code in [
        KeyCode::Up,
        KeyCode::Up,
        KeyCode::Up,
        KeyCode::Up,
        KeyCode::Char(' '),
        KeyCode::Down,
    ] {
        form.key(code);
    }
    for c in "kid-1\tc2VjcmV0".chars() {
        form.key(if c == '\t' {
            KeyCode::Tab
        } else {
            KeyCode::Char(c)
        });
    }
    model.register_form = Some(form.clone());
    model.mode = Mode::Register;
    let small = draw(&model, 80, 24);
    insta::assert_snapshot!("tui_register_error_80x24", small.backend());
    insta::assert_snapshot!("tui_register_error_120x40", draw(&model, 120, 40).backend());
    let screen = format!("{:?}", small.backend());
    assert!(!screen.contains("c2VjcmV0"), "the HMAC is never drawn");
    form.failure = Some(Failure {
        message: "this CA requires External Account Binding".into(),
        hint: Some("get an EAB key id and HMAC key from the CA's dashboard".into()),
    });
    model.register_form = Some(form);
    insta::assert_snapshot!("tui_register_failed_80x24", draw(&model, 80, 24).backend());
}

#[test]
fn the_obtain_form_with_dns01_shows_the_providers_fields_and_hides_a_typed_tsig_secret() {
    use crate::tui::form::{Field, ObtainForm};
    use crossterm::event::KeyCode;
    let mut model = mixed();
    let mut form = ObtainForm::new("https://acme-v02.api.letsencrypt.org/directory");
    let typed = |form: &mut ObtainForm, text: &str| {
        for c in text.chars() {
            form.key(KeyCode::Char(c));
        }
    };
    typed(&mut form, "example.org *.example.org");
    form.focus = Field::Challenge;
    form.key(KeyCode::Left);
    form.key(KeyCode::Tab);
    for text in ["ns1.example.org:53", "certkeep", "c2VjcmV0"] {
        form.key(KeyCode::Tab);
        typed(&mut form, text);
    }
    model.form = Some(form);
    model.mode = Mode::Form;
    let small = draw(&model, 80, 24);
    insta::assert_snapshot!("tui_form_dns01_80x24", small.backend());
    insta::assert_snapshot!("tui_form_dns01_120x40", draw(&model, 120, 40).backend());
    assert!(!format!("{:?}", small.backend()).contains("c2VjcmV0"));

    // 19 fields do not fit in 24 rows: the window follows the focus down to the last field.
    if let Some(form) = model.form.as_mut() {
        form.focus = Field::Hook(3);
    }
    let bottom = format!("{:?}", draw(&model, 80, 24).backend());
    assert!(
        bottom.contains("New certificate · fields 3-19 of 19")
            && bottom.contains("▶ Failure hook")
            && !bottom.contains("Names        example.org"),
        "{bottom}"
    );
}

#[test]
fn the_install_form_shows_the_presets_commands_and_why_install_would_refuse() {
    use crate::tui::install_form::InstallForm;
    use crossterm::event::KeyCode;
    let mut model = mixed();
    let mut form = InstallForm::new(&model.selected.clone().unwrap());
    let keys = "/etc/nginx/ssl/old.pem"
        .chars()
        .map(KeyCode::Char)
        .chain([KeyCode::Tab, KeyCode::Tab])
        .chain("/etc/nginx/ssl/old.key".chars().map(KeyCode::Char))
        .chain([KeyCode::Tab, KeyCode::Right, KeyCode::Tab])
        .chain([KeyCode::Tab, KeyCode::Tab])
        .chain("127.0.0.1:".chars().map(KeyCode::Char));
    for code in keys {
        form.key(code);
    }
    model.install_form = Some(form);
    model.mode = Mode::Install;
    insta::assert_snapshot!("tui_install_nginx_80x24", draw(&model, 80, 24).backend());
    insta::assert_snapshot!("tui_install_nginx_120x40", draw(&model, 120, 40).backend());
}
