//! Tests of the renewal run's pure parts: hints in a renewal's context, and how failures
//! and their hints are reported.

use super::*;

fn failed(name: &str, hint: Option<&str>) -> Failed {
    Failed {
        name: name.into(),
        kind: Kind::ValidationFailed,
        message: "refused".into(),
        retry_after: None,
        hint: hint.map(Into::into),
    }
}

fn report(failed: Vec<Failed>) -> RenewReport {
    RenewReport {
        failed,
        ..empty_report(Vec::new(), false)
    }
}

#[test]
fn a_challenge_hint_names_the_edit_that_changes_the_setting() {
    assert_eq!(
        for_renewal("check the --listen address (HOST:PORT)", "a.example.org"),
        "check the --listen address (HOST:PORT) (this certificate's setting: change it with 'certkeep edit a.example.org --listen ADDR')"
    );
    let both = for_renewal(
        "stop it, use --webroot DIR instead, or pick another address with --listen",
        "a.example.org",
    );
    assert!(
        both.ends_with("'certkeep edit a.example.org --webroot DIR' or 'certkeep edit a.example.org --listen ADDR')"),
        "{both}"
    );
    assert_eq!(for_renewal("try later", "a.example.org"), "try later");
}

#[test]
fn each_failure_shows_its_own_hint_unless_all_share_one() {
    let err = report(vec![
        failed("a.example.org", Some("fix a")),
        failed("b.example.org", Some("fix b")),
    ])
    .outcome()
    .unwrap();
    let text = err.to_string();
    assert!(
        text.contains("a.example.org: refused (help: fix a)"),
        "{text}"
    );
    assert!(
        text.contains("b.example.org: refused (help: fix b)"),
        "{text}"
    );

    let err = report(vec![
        failed("a.example.org", Some("fix both")),
        failed("b.example.org", Some("fix both")),
    ])
    .outcome()
    .unwrap();
    assert_eq!(err.hint.as_deref(), Some("fix both"));
    assert!(!err.to_string().contains("(help:"));
}
