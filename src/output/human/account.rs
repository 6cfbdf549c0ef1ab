//! The `account` subcommands' reports.

use std::fmt::Write as _;

use super::Human;
use crate::clock::rfc3339;
use crate::ops::{AccountReport, AccountSummary, DeactivateReport, RollOverReport};
use crate::output::clean;

/// An account's lines. The URL, contacts and status come back from the CA, the rest from a
/// file in the store: all escaped.
fn account_lines(account: &AccountReport) -> String {
    let mut out = format!(
        "{} at {} ({})\n",
        clean(&account.name),
        clean(&account.ca),
        clean(&account.status)
    );
    let _ = writeln!(out, "  url:         {}", clean(&account.url));
    if !account.contact.is_empty() {
        let _ = writeln!(out, "  contact:     {}", clean(&account.contact.join(", ")));
    }
    if let Some(kid) = &account.eab_kid {
        let _ = writeln!(out, "  eab kid:     {}", clean(kid));
    }
    let _ = writeln!(out, "  thumbprint:  {}", clean(&account.key_thumbprint));
    let moves = if ["ec-p256", "unknown"].contains(&account.key_type.as_str()) {
        ""
    } else {
        " (moved to ec-p256 at its first use: instant-acme signs with P-256 only)"
    };
    let _ = writeln!(out, "  key type:    {}{moves}", clean(&account.key_type));
    let _ = writeln!(out, "  created:     {}", rfc3339(account.created));
    let _ = writeln!(out, "  key:         {}", clean(&account.key_path));
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
            clean(&self.account.name),
            clean(&self.old_key_thumbprint),
            clean(&self.account.key_thumbprint)
        )
    }
}

impl Human for DeactivateReport {
    fn human(&self) -> String {
        format!(
            "Account '{}' at {} deactivated (confirmed by the CA)\n",
            clean(&self.account.name),
            clean(&self.account.ca)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::human::fixtures::{HOSTILE, days};

    fn account(name: &str) -> AccountReport {
        AccountReport {
            name: name.into(),
            ca: "https://acme.test/dir".into(),
            url: format!("https://acme.test/acct/1{HOSTILE}"),
            contact: vec!["mailto:ops@example.org".into(), format!("mailto:{HOSTILE}")],
            status: "valid".into(),
            eab_kid: Some(format!("kid-{HOSTILE}")),
            key_thumbprint: "uEyW0mVtA0bT8rG0kM1Yp9Qv1Yp4o3Zm2fX6c5VbQ3k".into(),
            key_type: "ec-p256".into(),
            created: days(-30),
            key_path: "/var/lib/certkeep/accounts/acme.test/default/key.pem".into(),
        }
    }

    #[test]
    fn account_show_escapes_what_the_ca_sent() {
        insta::assert_snapshot!("account_show", account("default").human());
    }

    #[test]
    fn an_empty_account_list_says_how_to_register() {
        let summary = AccountSummary {
            accounts: Vec::new(),
            errors: Vec::new(),
        };
        insta::assert_snapshot!("account_list_empty", summary.human());
    }

    #[test]
    fn account_list_shows_readable_accounts_then_damaged_ones() {
        let mut plain = account("staging");
        plain.url = "https://acme.test/acct/2".into();
        plain.contact = Vec::new();
        plain.eab_kid = None;
        plain.key_type = "rsa-2048".into();
        let summary = AccountSummary {
            accounts: vec![account("default"), plain],
            errors: vec![format!(
                "/var/lib/certkeep/accounts/x/account.json: {HOSTILE}"
            )],
        };
        insta::assert_snapshot!("account_list", summary.human());
    }

    #[test]
    fn rollover_and_deactivate_name_the_account() {
        let rolled = RollOverReport {
            account: account("default"),
            old_key_thumbprint: "old-thumbprint".into(),
        };
        insta::assert_snapshot!("account_rollover", rolled.human());
        let mut gone = account("default");
        gone.status = "deactivated".into();
        insta::assert_snapshot!(
            "account_deactivate",
            DeactivateReport { account: gone }.human()
        );
    }
}
