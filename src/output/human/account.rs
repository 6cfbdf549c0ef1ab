//! The `account` subcommands' reports.

use std::fmt::Write as _;

use super::Human;
use crate::clock::rfc3339;
use crate::ops::{AccountReport, AccountSummary, DeactivateReport, RollOverReport};
use crate::output::clean;

fn account_lines(account: &AccountReport) -> String {
    let mut out = format!("{} at {} ({})\n", account.name, account.ca, account.status);
    let _ = writeln!(out, "  url:         {}", account.url);
    if !account.contact.is_empty() {
        let _ = writeln!(out, "  contact:     {}", account.contact.join(", "));
    }
    if let Some(kid) = &account.eab_kid {
        let _ = writeln!(out, "  eab kid:     {}", clean(kid));
    }
    let _ = writeln!(out, "  thumbprint:  {}", account.key_thumbprint);
    let _ = writeln!(out, "  created:     {}", rfc3339(account.created));
    let _ = writeln!(out, "  key:         {}", account.key_path);
    out
}

impl Human for AccountReport {
    fn human(&self) -> String {
        account_lines(self)
    }
}

impl Human for AccountSummary {
    fn human(&self) -> String {
        let mut out = String::new();
        if self.accounts.is_empty() && self.errors.is_empty() {
            out.push_str("No accounts yet. Register one with 'certkeep account register --ca letsencrypt --email you@example.org --agree-tos'.\n");
        }
        for account in &self.accounts {
            out.push_str(&account_lines(account));
        }
        for problem in &self.errors {
            let _ = writeln!(out, "DAMAGED: {}", clean(problem));
        }
        out
    }
}

impl Human for RollOverReport {
    fn human(&self) -> String {
        format!(
            "Account key of '{}' replaced\n  old thumbprint: {}\n  new thumbprint: {}\n",
            self.account.name, self.old_key_thumbprint, self.account.key_thumbprint
        )
    }
}

impl Human for DeactivateReport {
    fn human(&self) -> String {
        format!(
            "Account '{}' at {} deactivated (confirmed by the CA)\n",
            self.account.name, self.account.ca
        )
    }
}
