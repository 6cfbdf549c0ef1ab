//! `install`'s and `deploy`'s reports: each target as written, each reload, each verification.

use std::fmt::Write as _;

use super::Human;
use crate::ops::{DeployReport, InstallReport};
use crate::output::clean;

impl Human for InstallReport {
    fn human(&self) -> String {
        let mut out = String::new();
        match self.action {
            "remove" => {
                let _ = writeln!(
                    out,
                    "Forgot the install target of '{}' (the file stays)",
                    clean(&self.name)
                );
            }
            "list" if self.install.is_empty() => {
                let _ = writeln!(out, "'{}' has no install targets", clean(&self.name));
            }
            _ => {}
        }
        if self.action != "add" {
            for group in &self.install {
                let service = group.preset.as_deref().unwrap_or("targets");
                let _ = writeln!(out, "{service}:");
                for target in &group.targets {
                    let _ = writeln!(
                        out,
                        "  {:<10} {}",
                        target.kind.as_str(),
                        clean(&target.path.display().to_string())
                    );
                }
                if let Some(test) = &group.config_test {
                    let _ = writeln!(out, "  config test: {}", clean(&test.display()));
                }
                if let Some(reload) = &group.reload {
                    let _ = writeln!(out, "  reload:      {}", clean(&reload.display()));
                }
                if let Some(verify) = &group.verify {
                    let _ = writeln!(out, "  verify:      {}", clean(&verify.address));
                }
            }
        }
        if let Some(deploy) = &self.deploy {
            out.push_str(&deploy.human());
        }
        out
    }
}

impl Human for DeployReport {
    fn human(&self) -> String {
        let mut out = String::new();
        if self.certificates.is_empty() {
            out.push_str("No certificate has install targets\n");
        }
        for cert in &self.certificates {
            if let Some(error) = &cert.error {
                let _ = writeln!(
                    out,
                    "Could not deploy '{}': {}",
                    clean(&cert.name),
                    clean(error)
                );
            }
            if cert.ok {
                let _ = writeln!(
                    out,
                    "Deployed '{}' version {}",
                    clean(&cert.name),
                    cert.version
                );
            }
            for target in &cert.targets {
                let _ = writeln!(
                    out,
                    "  {} {:<10} {} ({} {}:{})",
                    if target.written {
                        "wrote    "
                    } else {
                        "unchanged"
                    },
                    target.kind.as_str(),
                    clean(&target.path.display().to_string()),
                    target.mode,
                    target.owner,
                    target.group
                );
            }
            for seen in &cert.verified {
                let _ = writeln!(
                    out,
                    "  {} {} (SNI {}) serves serial {}",
                    if seen.ok { "verified " } else { "NOT served" },
                    clean(&seen.address),
                    clean(&seen.sni),
                    seen.served_serial.as_deref().unwrap_or("none")
                );
            }
        }
        for reload in &self.reloads {
            let Some(command) = &reload.command else {
                continue;
            };
            let count = reload.certificates.len();
            let _ = writeln!(
                out,
                "{} '{}' for {count} certificate{}{}",
                if reload.ok {
                    "Reloaded once with"
                } else {
                    "Not reloaded with"
                },
                clean(command),
                if count == 1 { "" } else { "s" },
                if reload.rolled_back {
                    " (the previous files are back)"
                } else {
                    ""
                }
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{InstallGroup, InstallTarget, TargetKind, Verified};
    use crate::install::Written;
    use crate::ops::{CertDeploy, ReloadReport};
    use crate::output::human::fixtures::HOSTILE;

    fn deploy(ok: bool) -> DeployReport {
        DeployReport {
            certificates: vec![CertDeploy {
                name: "web.example.org".into(),
                version: 3,
                serial: "04a1".into(),
                targets: vec![
                    Written {
                        path: "/etc/nginx/tls/web.pem".into(),
                        kind: TargetKind::Fullchain,
                        owner: 0,
                        group: 0,
                        mode: "0644".into(),
                        written: true,
                    },
                    Written {
                        path: format!("/etc/nginx/tls/{HOSTILE}.key").into(),
                        kind: TargetKind::Key,
                        owner: 0,
                        group: 33,
                        mode: "0640".into(),
                        written: false,
                    },
                ],
                verified: vec![Verified {
                    address: "127.0.0.1:443".into(),
                    sni: "web.example.org".into(),
                    served_serial: Some(if ok { "04a1" } else { "0399" }.into()),
                    expected_serial: "04a1".into(),
                    ok,
                    error: (!ok).then(|| HOSTILE.to_owned()),
                }],
                ok,
                error: (!ok).then(|| "does not serve the new certificate".to_owned()),
            }],
            reloads: vec![ReloadReport {
                command: Some("systemctl reload nginx".into()),
                certificates: vec!["web.example.org".into()],
                ok,
                rolled_back: !ok,
                error: None,
            }],
            stopped: None,
        }
    }

    #[test]
    fn a_deploy_shows_each_target_the_reload_and_what_was_served() {
        insta::assert_snapshot!("deploy_ok", deploy(true).human());
        insta::assert_snapshot!("deploy_failed", deploy(false).human());
        insta::assert_snapshot!("deploy_nothing", DeployReport::default().human());
    }

    #[test]
    fn install_list_shows_the_saved_targets_and_the_service() {
        let report = InstallReport {
            name: "web.example.org".into(),
            action: "list",
            install: vec![InstallGroup {
                preset: Some("nginx".into()),
                targets: vec![InstallTarget {
                    path: "/etc/nginx/tls/web.pem".into(),
                    kind: TargetKind::Fullchain,
                    owner: None,
                    group: None,
                    mode: None,
                    pkcs12_password: None,
                }],
                config_test: Some(crate::domain::HookSpec {
                    command: vec!["nginx".into(), "-t".into()],
                    shell: false,
                    timeout_secs: None,
                }),
                reload: None,
                verify: None,
            }],
            targets: Vec::new(),
            reloads: Vec::new(),
            verified: Vec::new(),
            error: None,
            deploy: None,
        };
        insta::assert_snapshot!("install_list", report.human());
    }
}
