//! `delete`'s and `revoke`'s reports.

use super::Human;
use crate::ops::{DeleteReport, RevokeReport};

impl Human for DeleteReport {
    fn human(&self) -> String {
        format!(
            "Deleted '{}' from the store (it was not revoked)\n",
            self.name
        )
    }
}

impl Human for RevokeReport {
    fn human(&self) -> String {
        let reason = self.reason.map_or_else(String::new, |r| {
            format!(
                ", reason {}",
                crate::domain::RevocationReason::from(r).as_str()
            )
        });
        let mut out = format!("Revoked '{}' (serial {}{reason})\n", self.name, self.serial);
        if self.deleted {
            out.push_str("  and deleted it from the store\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::RevokeReason;

    #[test]
    fn delete_says_the_certificate_was_not_revoked() {
        insta::assert_snapshot!(
            "delete",
            DeleteReport {
                name: "example.org".into()
            }
            .human()
        );
    }

    #[test]
    fn revoke_names_the_serial_and_whether_the_lineage_was_deleted() {
        let mut report = RevokeReport {
            name: "example.org".into(),
            serial: "04a1b2".into(),
            reason: Some(RevokeReason::KeyCompromise),
            deleted: false,
        };
        insta::assert_snapshot!("revoke_kept", report.human());
        report.deleted = true;
        insta::assert_snapshot!("revoke_deleted", report.human());
    }
}
