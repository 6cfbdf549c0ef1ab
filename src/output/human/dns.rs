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
        let _ = writeln!(out, "  {:<24} {txt}", view.server);
    }
}

impl Human for DnsCheckReport {
    fn human(&self) -> String {
        let mut out = format!("{}: the dns-01 record is {}\n", self.name, self.record);
        if self.delegated {
            let _ = writeln!(
                out,
                "  delegated by CNAME: write the TXT record at {}",
                self.target
            );
        }
        let _ = writeln!(out, "servers asked about {}:", self.target);
        server_lines(&mut out, &self.servers);
        out
    }
}

impl Human for AcmeDnsReport {
    fn human(&self) -> String {
        format!(
            "Registered '{}' with acme-dns; credentials kept as {}\nCreate this record once, then use --dns acme-dns:\n  {} CNAME {}.\n",
            self.name, self.credentials, self.cname_record, self.cname_target
        )
    }
}

impl Human for PersistReport {
    fn human(&self) -> String {
        let mut out = format!("{} TXT \"{}\"\n", self.record, clean(&self.value));
        if !self.servers.is_empty() {
            out.push_str("published on:\n");
            server_lines(&mut out, &self.servers);
        }
        out
    }
}
