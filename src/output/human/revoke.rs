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
        let mut out = format!("Revoked '{}' (serial {})\n", self.name, self.serial);
        if self.deleted {
            out.push_str("  and deleted it from the store\n");
        }
        out
    }
}
