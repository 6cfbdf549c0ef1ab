//! The `dns` subcommands' reports: what each server holds at a record.

use std::fmt::Write as _;

use super::Human;
use crate::ops::{AcmeDnsReport, DnsCheckReport, PersistReport, ServerView};
use crate::output::clean;

fn server_lines(out: &mut String, servers: &[ServerView]) {
    for view in servers {
        let txt = if view.txt.is_empty() {
            "(no TXT record)".to_owned()
        } else {
            view.txt
                .iter()
                .map(|t| format!("\"{}\"", clean(t)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let _ = writeln!(out, "  {:<24} {txt}", clean(&view.server));
    }
}

impl Human for DnsCheckReport {
    fn human(&self) -> String {
        // The target is where CNAMEs from DNS answers led: outside text.
        let target = clean(&self.target);
        let mut out = format!(
            "{}: the dns-01 record is {}\n",
            clean(&self.name),
            clean(&self.record)
        );
        if self.delegated {
            let _ = writeln!(
                out,
                "  delegated by CNAME: write the TXT record at {target}"
            );
        }
        let _ = writeln!(out, "servers asked about {target}:");
        server_lines(&mut out, &self.servers);
        out
    }
}

impl Human for AcmeDnsReport {
    fn human(&self) -> String {
        format!(
            "Registered '{}' with acme-dns; credentials kept as {}\nCreate this record once, then use --dns acme-dns:\n  {} CNAME {}.\n",
            clean(&self.name),
            clean(&self.credentials),
            clean(&self.cname_record),
            // Sent by the acme-dns server.
            clean(&self.cname_target)
        )
    }
}

impl Human for PersistReport {
    fn human(&self) -> String {
        let mut out = format!("{} TXT \"{}\"\n", clean(&self.record), clean(&self.value));
        if !self.servers.is_empty() {
            out.push_str("published on:\n");
            server_lines(&mut out, &self.servers);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::human::fixtures::HOSTILE;

    fn servers() -> Vec<ServerView> {
        vec![
            ServerView {
                server: "ns1.example.net:53".into(),
                txt: vec!["token-value".into(), HOSTILE.into()],
            },
            ServerView {
                server: "[2001:db8::53]:53".into(),
                txt: Vec::new(),
            },
        ]
    }

    #[test]
    fn dns_check_shows_the_delegation_and_each_server() {
        let report = DnsCheckReport {
            name: "example.org".into(),
            record: "_acme-challenge.example.org".into(),
            target: format!("_acme-challenge.example.org.auth.example.net{HOSTILE}"),
            delegated: true,
            servers: servers(),
        };
        insta::assert_snapshot!("dns_check_delegated", report.human());
    }

    #[test]
    fn dns_check_without_delegation_or_answers() {
        let report = DnsCheckReport {
            name: "example.org".into(),
            record: "_acme-challenge.example.org".into(),
            target: "_acme-challenge.example.org".into(),
            delegated: false,
            servers: Vec::new(),
        };
        insta::assert_snapshot!("dns_check_plain", report.human());
    }

    #[test]
    fn acme_dns_register_says_which_cname_to_create() {
        let report = AcmeDnsReport {
            name: "example.org".into(),
            cname_record: "_acme-challenge.example.org".into(),
            cname_target: format!("d420c923-bbd7-4056-ab64-c3ca54c9b3cf.auth.example.net{HOSTILE}"),
            credentials: "keyring:certkeep/acme-dns/example.org".into(),
        };
        insta::assert_snapshot!("dns_acme_dns_register", report.human());
    }

    #[test]
    fn persist_record_and_persist_check() {
        let mut report = PersistReport {
            record: "_validation-persist.example.org".into(),
            value: "acme.test; accounturi=https://acme.test/acct/1".into(),
            servers: Vec::new(),
        };
        insta::assert_snapshot!("dns_persist_record", report.human());
        report.servers = servers();
        insta::assert_snapshot!("dns_persist_check", report.human());
    }
}
