//! Tests of the new-certificate form's keys: typing checked as `obtain` checks, the arrows'
//! picks, dns-01 providers' fields, and the optional settings reaching the request.

use super::*;

fn typed(form: &mut ObtainForm, text: &str) {
    for c in text.chars() {
        assert_eq!(form.key(KeyCode::Char(c)), FormAction::Editing);
    }
}

#[test]
fn the_form_checks_as_obtain_does_while_typing() {
    let mut form = ObtainForm::new("https://acme.test/dir");
    assert!(form.verdict.is_err(), "no names yet");
    assert_eq!(form.key(KeyCode::Enter), FormAction::Editing, "not valid");
    typed(&mut form, "www.example.org, example.org");
    assert_eq!(form.verdict.as_deref(), Ok("www.example.org"));
    typed(&mut form, " bad..name");
    let error = form.verdict.clone().unwrap_err();
    assert!(error.contains("bad..name"), "{error}");
    for _ in 0.." bad..name".len() {
        form.key(KeyCode::Backspace);
    }
    assert!(form.verdict.is_ok());
    // A wildcard needs dns-01: obtain's own rule says so.
    typed(&mut form, " *.example.org");
    assert!(form.verdict.clone().unwrap_err().contains("*.example.org"));
    for _ in 0.." *.example.org".len() {
        form.key(KeyCode::Backspace);
    }
    form.key(KeyCode::Tab);
    assert_eq!(form.focus, Field::Ca);
    for _ in 0.."https://acme.test/dir".len() {
        form.key(KeyCode::Backspace);
    }
    typed(&mut form, "nonsense");
    assert!(form.verdict.is_err(), "not a preset nor a URL");
    for _ in 0.."nonsense".len() {
        form.key(KeyCode::Backspace);
    }
    typed(&mut form, "letsencrypt-staging");
    assert!(form.verdict.is_ok(), "{:?}", form.verdict);
    assert_eq!(form.key(KeyCode::Enter), FormAction::Submitted);
    assert_eq!(form.key(KeyCode::Esc), FormAction::Cancelled);
}

#[test]
fn arrows_pick_the_challenge_and_key_type_and_the_address_follows_the_challenge() {
    let mut form = ObtainForm::new("https://acme.test/dir");
    typed(&mut form, "example.org");
    form.key(KeyCode::Down);
    form.key(KeyCode::Down);
    assert_eq!(form.focus, Field::Challenge);
    typed(&mut form, "x");
    assert_eq!(
        form.names, "example.org",
        "letters do nothing on a picked field"
    );
    form.key(KeyCode::Right);
    assert_eq!(form.challenge, Challenge::HttpWebroot);
    assert_eq!(form.at, "/var/www/html");
    form.key(KeyCode::Right);
    assert_eq!(form.challenge, Challenge::TlsAlpnStandalone);
    assert_eq!(form.at, "[::]:443");
    form.key(KeyCode::Tab);
    form.key(KeyCode::Backspace);
    form.key(KeyCode::Backspace);
    form.key(KeyCode::Backspace);
    typed(&mut form, "8443");
    form.key(KeyCode::BackTab);
    form.key(KeyCode::Left);
    assert_eq!(form.challenge, Challenge::HttpWebroot);
    assert_eq!(form.at, "[::]:8443", "a typed address is kept");
    for _ in 0..3 {
        form.key(KeyCode::Up);
    }
    assert_eq!(form.focus, Field::Hook(3), "Up wraps round");
    for _ in 0..7 {
        form.key(KeyCode::Up);
    }
    assert_eq!(form.focus, Field::KeyType);
    form.key(KeyCode::Left);
    assert_eq!(form.key_type, KeySpec::Rsa4096, "left from the first wraps");
    let request = form.request().unwrap();
    assert_eq!(request.domains, ["example.org"]);
    assert_eq!(request.key_type, KeySpec::Rsa4096);
    assert_eq!(
        request.challenge,
        ChallengeSpec::Http01Webroot {
            path: "[::]:8443".into()
        }
    );
}

#[test]
fn an_empty_address_is_refused_before_obtain_is_asked() {
    let mut form = ObtainForm::new("https://acme.test/dir");
    typed(&mut form, "example.org");
    form.focus = Field::At;
    for _ in 0..10 {
        form.key(KeyCode::Backspace);
    }
    assert_eq!(form.verdict, Err("'Listen on' is empty".into()));
}

/// The form with `names` typed and dns-01 picked (rfc2136, the first provider).
fn dns_form(names: &str) -> ObtainForm {
    let mut form = ObtainForm::new("https://acme.test/dir");
    typed(&mut form, names);
    form.focus = Field::Challenge;
    form.key(KeyCode::Left);
    assert_eq!(form.challenge, Challenge::Dns01);
    form
}

/// Tabs to `field` and types `text` there.
fn fill(form: &mut ObtainForm, field: Field, text: &str) {
    while form.focus != field {
        form.key(KeyCode::Tab);
    }
    typed(form, text);
}

#[test]
fn dns01_with_rfc2136_asks_for_its_settings_as_obtain_dns_does_and_takes_a_wildcard() {
    let mut form = dns_form("example.org *.example.org");
    assert_eq!(
        form.fields(),
        [
            Field::Names,
            Field::Ca,
            Field::Challenge,
            Field::Provider,
            Field::Dns(DnsText::Server),
            Field::Dns(DnsText::TsigKeyName),
            Field::Dns(DnsText::TsigSecret),
            Field::Dns(DnsText::TsigAlgorithm),
            Field::Dns(DnsText::Zone),
            Field::Dns(DnsText::CheckServers),
            Field::Dns(DnsText::Timeout),
            Field::KeyType,
            Field::Account,
            Field::Profile,
            Field::PreferredChain,
            Field::Hook(0),
            Field::Hook(1),
            Field::Hook(2),
            Field::Hook(3),
        ]
    );
    // The CLI's own refusal of an incomplete --dns rfc2136.
    let error = form.verdict.clone().unwrap_err();
    assert!(error.contains("rfc2136"), "{error}");
    fill(&mut form, Field::Dns(DnsText::Server), "127.0.0.1:5353");
    fill(&mut form, Field::Dns(DnsText::TsigKeyName), "certkeep");
    fill(&mut form, Field::Dns(DnsText::TsigSecret), "c2VjcmV0");
    assert_eq!(
        form.verdict,
        Err("give the TSIG secret as keyring:NAME, file:PATH or env:VAR".into())
    );
    assert_eq!(form.row(Field::Dns(DnsText::TsigSecret)).1, "••••••••");
    for _ in 0.."c2VjcmV0".len() {
        form.key(KeyCode::Backspace);
    }
    typed(&mut form, "file:/etc/certkeep/tsig.key");
    fill(&mut form, Field::Dns(DnsText::Zone), "example.org");
    assert_eq!(form.verdict.as_deref(), Ok("example.org"));
    let request = form.request().unwrap();
    let expected: crate::domain::Dns01Spec = crate::domain::Dns01Settings {
        provider: "rfc2136".into(),
        server: Some("127.0.0.1:5353".into()),
        tsig_key_name: Some("certkeep".into()),
        tsig_secret: Some("file:/etc/certkeep/tsig.key".into()),
        zone: Some("example.org".into()),
        ..Default::default()
    }
    .try_into()
    .unwrap();
    assert_eq!(request.challenge, ChallengeSpec::Dns01(expected));
}

#[test]
fn account_profile_chain_failure_hook_and_dns_timeout_reach_the_request_as_obtains_flags() {
    let mut form = dns_form("*.example.org");
    form.focus = Field::Provider;
    form.key(KeyCode::Right);
    form.key(KeyCode::Right);
    assert_eq!(form.dns.provider, Provider::Exec);
    fill(
        &mut form,
        Field::Dns(DnsText::Script),
        "/usr/local/bin/dns.sh",
    );
    fill(&mut form, Field::Dns(DnsText::Timeout), "0");
    let error = form.verdict.clone().unwrap_err();
    assert!(error.contains("1 to 86400"), "{error}");
    form.key(KeyCode::Backspace);
    typed(&mut form, "600");
    fill(&mut form, Field::Account, "ops");
    fill(&mut form, Field::Profile, "shortlived");
    fill(&mut form, Field::PreferredChain, "ISRG Root X2");
    fill(&mut form, Field::Hook(3), "mail -s 'renewal failed' ops");
    let Ok(request) = form.request() else {
        panic!("{:?}", form.verdict);
    };
    assert!(form.verdict.is_ok(), "{:?}", form.verdict);
    assert_eq!(request.account.as_deref(), Some("ops"));
    assert_eq!(request.profile.as_deref(), Some("shortlived"));
    assert_eq!(request.preferred_chain.as_deref(), Some("ISRG Root X2"));
    assert_eq!(
        request.hooks.failure,
        crate::hooks::hook_specs(&["mail -s 'renewal failed' ops".to_owned()], false, None)
            .unwrap()
    );
    let ChallengeSpec::Dns01(spec) = request.challenge else {
        panic!("not dns-01");
    };
    assert_eq!(spec.timeout_secs, Some(600));
    // Empty, they are the defaults obtain uses without the flags.
    let plain = ObtainForm::new("https://acme.test/dir");
    assert_eq!(
        plain.row(Field::Account).2,
        "the CA's only account, or 'default'"
    );
    let mut plain = plain;
    typed(&mut plain, "example.org");
    let request = plain.request().unwrap();
    assert_eq!(
        (request.account, request.profile, request.preferred_chain),
        (None, None, None)
    );
    assert!(request.hooks.failure.is_empty());
}

#[test]
fn the_provider_picks_its_own_fields_and_leaving_dns01_brings_the_listen_address_back() {
    let mut form = dns_form("example.org");
    form.focus = Field::Provider;
    form.key(KeyCode::Right);
    assert_eq!(form.dns.provider, Provider::AcmeDns);
    assert!(form.fields().contains(&Field::Dns(DnsText::AcmeDnsUrl)));
    assert!(form.verdict.clone().unwrap_err().contains("acme-dns"));
    form.key(KeyCode::Right);
    assert_eq!(form.dns.provider, Provider::Exec);
    fill(&mut form, Field::Dns(DnsText::Script), "hooks/dns.sh");
    let Ok(request) = form.request() else {
        panic!("{:?}", form.verdict);
    };
    let ChallengeSpec::Dns01(spec) = request.challenge else {
        panic!("not dns-01");
    };
    let crate::domain::DnsProvider::Exec { script } = spec.provider else {
        panic!("not exec");
    };
    assert!(
        script.is_absolute(),
        "made absolute as the CLI does: {script:?}"
    );
    form.focus = Field::Challenge;
    form.key(KeyCode::Right);
    assert_eq!(form.challenge, Challenge::HttpStandalone);
    assert_eq!(form.at, "[::]:80");
    assert!(form.fields().contains(&Field::At));
}

#[test]
fn hooks_are_split_as_the_clis_hook_flags_and_a_bad_quote_is_refused() {
    let mut form = ObtainForm::new("https://acme.test/dir");
    typed(&mut form, "example.org");
    fill(
        &mut form,
        Field::Hook(2),
        "systemctl reload 'nginx.service'",
    );
    fill(&mut form, Field::Hook(0), "echo 'unterminated");
    assert!(
        form.verdict
            .clone()
            .unwrap_err()
            .contains("unterminated quote")
    );
    form.key(KeyCode::Backspace);
    typed(&mut form, "d'");
    let hooks = form.request().unwrap().hooks;
    assert_eq!(hooks.pre[0].command, ["echo", "unterminated"]);
    assert!(hooks.post.is_empty());
    assert_eq!(
        hooks.deploy[0].command,
        ["systemctl", "reload", "nginx.service"]
    );
    assert!(!hooks.deploy[0].shell);
}
