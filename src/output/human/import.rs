//! `import`'s report: accounts, certificates (and what each still needs), skips, the files
//! services read today and how to stop the old client.

use std::fmt::Write as _;

use super::{Human, column_time};
use crate::domain::ChallengeSpec;
use crate::ops::ImportReport;
use crate::output::clean;

impl Human for ImportReport {
    fn human(&self) -> String {
        let mut out = format!(
            "{} {} state from {}{}\n",
            if self.dry_run {
                "Would import"
            } else {
                "Imported"
            },
            self.client,
            clean(&self.source.display().to_string()),
            if self.dry_run {
                " (dry run: nothing written)"
            } else {
                ""
            },
        );
        accounts(self, &mut out);
        certificates(self, &mut out);
        rest(self, &mut out);
        out
    }
}

fn accounts(report: &ImportReport, out: &mut String) {
    if !report.accounts.is_empty() {
        out.push_str("\nAccounts\n");
    }
    for account in &report.accounts {
        let _ = writeln!(
            out,
            "  {}  {}\n    at {}{}{}{}",
            clean(&account.name),
            clean(&account.url),
            clean(&account.ca),
            if account.ca_inferred {
                " (inferred: the client did not record the directory URL)"
            } else {
                ""
            },
            if account.existing {
                "; already in the store"
            } else {
                ""
            },
            if account.can_sign {
                ""
            } else {
                "; certkeep cannot use this key: register an account at this CA and move its certificates to it with 'certkeep edit NAME --account ...'"
            },
        );
        if account.moves_to_p256 {
            let _ = writeln!(
                out,
                "    its {} key will be rolled over to a new ec-p256 key at first use (same account URL; instant-acme signs with P-256 only); the old client can no longer use this account then",
                account.key_type.map_or("", |t| t.as_str())
            );
        }
    }
}

fn certificates(report: &ImportReport, out: &mut String) {
    if !report.imported.is_empty() {
        out.push_str("\nCertificates\n");
    }
    for cert in &report.imported {
        let renamed = cert
            .renamed_from
            .as_ref()
            .map_or_else(String::new, |from| format!(" (was '{}')", clean(from)));
        let names: Vec<String> = cert.identifiers.iter().map(ToString::to_string).collect();
        let _ = writeln!(
            out,
            "  {}{renamed}  {}\n    serial {}, expires {}, {}, {} version{}, from {}",
            clean(&cert.name),
            clean(&names.join(", ")),
            clean(&cert.serial),
            column_time(cert.not_after),
            cert.key_type,
            cert.versions,
            if cert.versions == 1 { "" } else { "s" },
            clean(&cert.source),
        );
        match (&cert.challenge, &cert.needs_challenge_choice) {
            (Some(challenge), _) => {
                let _ = writeln!(out, "    renews with {}", challenge_words(challenge));
            }
            (None, Some(recorded)) => {
                let _ = writeln!(
                    out,
                    "    needs a challenge ({}): choose one before it is due with 'certkeep edit {} --http-standalone|--webroot DIR|--dns ...'",
                    clean(recorded),
                    clean(&cert.name)
                );
            }
            (None, None) => {}
        }
    }
}

fn rest(report: &ImportReport, out: &mut String) {
    if !report.skipped.is_empty() {
        out.push_str("\nSkipped\n");
    }
    for skip in &report.skipped {
        let _ = writeln!(out, "  {}: {}", clean(&skip.source), clean(&skip.reason));
    }
    if !report.take_over.is_empty() {
        out.push_str("\nFiles services read today\n");
    }
    for file in &report.take_over {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            clean(&file.name),
            file.file,
            clean(&file.path.display().to_string()),
        );
        if !file.taken_over {
            let _ = writeln!(
                out,
                "    certkeep does not write it: point the service at {}",
                clean(&file.certkeep_path.display().to_string())
            );
        }
    }
    if !report.disable_old.is_empty() {
        let _ = writeln!(
            out,
            "\nStop {} renewing (certkeep changes no timer or crontab):",
            report.client
        );
    }
    for command in &report.disable_old {
        let _ = writeln!(out, "  {}", clean(command));
    }
}

fn challenge_words(challenge: &ChallengeSpec) -> String {
    match challenge {
        ChallengeSpec::Http01Standalone { listen } => {
            format!("http-01 standalone on {}", clean(listen))
        }
        ChallengeSpec::TlsAlpn01Standalone { listen } => {
            format!("tls-alpn-01 on {}", clean(listen))
        }
        ChallengeSpec::Http01Webroot { path } => {
            format!("http-01 webroot {}", clean(&path.display().to_string()))
        }
        ChallengeSpec::Dns01(dns) => format!("dns-01 ({})", dns.provider.name()),
        ChallengeSpec::Http01Fleet => "http-01 by the fleet's responders".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::KeySpec;
    use crate::import::{Client, Skipped};
    use crate::ops::{ImportedAccount, ImportedCert, TakeOverView};

    #[test]
    fn import_names_renames_missing_challenges_skips_targets_and_the_cron_command() {
        let report = ImportReport {
            dry_run: true,
            client: Client::AcmeSh,
            source: "/root/.acme.sh".into(),
            accounts: vec![ImportedAccount {
                name: "acme-sh".into(),
                ca: "https://acme.example/dir".into(),
                ca_inferred: false,
                url: "https://acme.example/acct/1".into(),
                contact: vec!["mailto:ops@example.org".into()],
                key_type: Some(KeySpec::Rsa2048),
                can_sign: true,
                moves_to_p256: true,
                source: "ca/acme.example/dir".into(),
                existing: false,
            }],
            imported: vec![
                ImportedCert {
                    name: "example.org".into(),
                    renamed_from: None,
                    source: "example.org".into(),
                    identifiers: vec!["example.org".parse().unwrap()],
                    serial: "04ab".into(),
                    not_after: time::macros::datetime!(2027-01-01 00:00 UTC),
                    key_type: KeySpec::Rsa2048,
                    versions: 1,
                    ca: "https://acme.example/dir".into(),
                    account: Some("acme-sh".into()),
                    challenge: Some(ChallengeSpec::Http01Standalone {
                        listen: "0.0.0.0:80".into(),
                    }),
                    needs_challenge_choice: None,
                },
                ImportedCert {
                    name: "example.org-2".into(),
                    renamed_from: Some("example.org".into()),
                    source: "example.org_ecc".into(),
                    identifiers: vec!["example.org".parse().unwrap()],
                    serial: "05cd".into(),
                    not_after: time::macros::datetime!(2027-01-02 00:00 UTC),
                    key_type: KeySpec::EcP256,
                    versions: 2,
                    ca: "https://acme.example/dir".into(),
                    account: Some("acme-sh".into()),
                    challenge: None,
                    needs_challenge_choice: Some("acme.sh mode 'dns_cf'".into()),
                },
            ],
            skipped: vec![Skipped {
                source: "broken.example".into(),
                reason: "the private key does not match the certificate".into(),
            }],
            take_over: vec![TakeOverView {
                name: "example.org".into(),
                file: "fullchain",
                path: "/etc/nginx/example.org.pem".into(),
                certkeep_path: "/var/lib/certkeep/certs/example.org/current/fullchain.pem".into(),
                taken_over: false,
            }],
            disable_old: vec!["acme.sh --uninstall-cronjob".into()],
        };
        insta::assert_snapshot!("import_dry_run", report.human());
    }
}
