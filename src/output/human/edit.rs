//! `edit`'s report: what changed and the settings the next renewal uses.

use std::fmt::Write as _;

use super::Human;
use crate::ops::EditReport;
use crate::output::clean;

impl Human for EditReport {
    fn human(&self) -> String {
        let mut out = if self.changes.is_empty() {
            format!(
                "'{}' already renews with these settings; nothing changed\n",
                clean(&self.name)
            )
        } else {
            let mut out = format!(
                "Changed '{}' (the next renewal uses the new settings):\n",
                clean(&self.name)
            );
            for change in &self.changes {
                let _ = writeln!(out, "  {}", clean(change));
            }
            out
        };
        let spec = &self.spec;
        out.push_str("\nIt renews with:\n");
        let _ = writeln!(out, "  ca:          {}", clean(&spec.ca));
        let _ = writeln!(out, "  account:     {}", clean(&spec.account));
        let _ = writeln!(out, "  challenge:   {}", clean(&spec.challenge));
        let _ = writeln!(
            out,
            "  key type:    {}",
            if spec.use_csr {
                "from CSR"
            } else {
                &spec.key_type
            }
        );
        if let Some(profile) = &spec.profile {
            let _ = writeln!(out, "  profile:     {}", clean(profile));
        }
        if let Some(chain) = &spec.preferred_chain {
            let _ = writeln!(out, "  chain:       preferred '{}'", clean(chain));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::SpecView;

    fn report(changes: &[&str]) -> EditReport {
        EditReport {
            name: "shop.example.org".into(),
            changes: changes.iter().map(|c| (*c).to_owned()).collect(),
            spec: SpecView {
                identifiers: vec!["shop.example.org".into()],
                key_type: "ec-p256".into(),
                ca: "https://acme.example/dir".into(),
                account: "ops".into(),
                challenge: "http-01 standalone on [::]:80".into(),
                profile: None,
                preferred_chain: Some("ISRG Root X1".into()),
                use_csr: false,
            },
        }
    }

    #[test]
    fn edit_lists_each_change_then_the_settings_the_next_renewal_uses() {
        insta::assert_snapshot!(
            "edit",
            report(&[
                "CA: 'https://old.example/dir' -> 'https://acme.example/dir'",
                "account: 'certbot' -> 'ops'",
            ])
            .human()
        );
        insta::assert_snapshot!("edit_unchanged", report(&[]).human());
    }
}
