//! Tests of the deploy plan's pure parts: services by reload command, merging groups, the
//! verification's SNI.

use super::*;
use crate::domain::{InstallTarget, TargetKind};

fn spec(identifiers: &[&str]) -> CertSpec {
    let text = format!(
        "name = \"a.example\"\nidentifiers = {identifiers:?}\nkey_type = \"ec-p256\"\nca = \"https://ca.example/dir\"\naccount = \"default\"\ncreated = \"2026-01-01T00:00:00Z\"\n[challenge]\ntype = \"http01-standalone\"\nlisten = \"[::]:80\"\n"
    );
    toml::from_str(&text).unwrap()
}

fn group(paths: &[&str], reload: Option<&str>) -> InstallGroup {
    InstallGroup {
        preset: None,
        targets: paths
            .iter()
            .map(|p| InstallTarget {
                path: p.into(),
                kind: TargetKind::Fullchain,
                owner: None,
                group: None,
                mode: None,
                pkcs12_password: None,
            })
            .collect(),
        config_test: None,
        reload: reload.map(|r| HookSpec {
            command: vec![r.into()],
            shell: false,
            timeout_secs: None,
        }),
        verify: None,
    }
}

#[test]
fn the_sni_is_the_first_name_that_is_not_a_wildcard() {
    assert_eq!(
        default_sni(&spec(&["*.a.example", "a.example"])),
        "a.example"
    );
    assert_eq!(default_sni(&spec(&["*.a.example"])), "www.a.example");
}

#[test]
fn installing_again_merges_by_reload_and_replaces_a_path() {
    let mut s = spec(&["a.example"]);
    merge_group(&mut s, group(&["/x/a.pem"], Some("reload-nginx")));
    merge_group(&mut s, group(&["/x/b.pem"], Some("reload-nginx")));
    merge_group(&mut s, group(&["/y/c.pem"], Some("reload-haproxy")));
    assert_eq!(s.install.len(), 2, "one group per reload command");
    assert_eq!(s.install[0].targets.len(), 2);
    // The same path under another service moves there; the emptied group goes.
    merge_group(&mut s, group(&["/y/c.pem"], Some("reload-nginx")));
    assert_eq!(s.install.len(), 1);
    assert_eq!(s.install[0].targets.len(), 3);
    // Groups without a reload are never merged (nothing says they are one service).
    merge_group(&mut s, group(&["/z/d.pem"], None));
    merge_group(&mut s, group(&["/z/e.pem"], None));
    assert_eq!(s.install.len(), 3);
}

#[test]
fn each_reload_command_is_one_service_over_all_certificates() {
    let prepared: Vec<Prepared> = [
        vec![group(&["/a"], Some("r1")), group(&["/b"], Some("r2"))],
        vec![group(&["/c"], Some("r1"))],
        vec![group(&["/d"], Some("r1"))],
    ]
    .into_iter()
    .enumerate()
    .map(|(i, install)| {
        let mut spec = spec(&["a.example"]);
        spec.install = install;
        Prepared {
            spec,
            report: CertDeploy {
                name: format!("c{i}"),
                version: 1,
                serial: String::new(),
                targets: Vec::new(),
                verified: Vec::new(),
                // The third certificate's files could not be written: left out.
                ok: i != 2,
                error: None,
            },
            groups: Vec::new(),
            retry: false,
        }
    })
    .collect();
    let services = services(&prepared);
    let commands: Vec<String> = services
        .iter()
        .map(|(r, _)| r.as_ref().unwrap().display())
        .collect();
    assert_eq!(commands, ["r1", "r2"]);
    assert_eq!(services[0].1, [(0, 0), (1, 0)]);
    assert_eq!(services[1].1, [(0, 1)]);
}
