//! `fleet init`'s, `fleet push`'s and `fleet status`'s reports.

use std::fmt::Write as _;

use super::Human;
use crate::clock::rfc3339;
use crate::ops::fleet::{FleetInitReport, FleetPushReport};
use crate::output::clean;
use crate::store::pg::FleetStatus;

impl Human for FleetInitReport {
    fn human(&self) -> String {
        let database = clean(&self.database);
        if self.schema_from == self.schema_to {
            format!(
                "The fleet database '{database}' is already at schema version {}\n",
                self.schema_to
            )
        } else if self.schema_from == 0 {
            format!(
                "Created the certkeep schema (version {}) in '{database}'\n",
                self.schema_to
            )
        } else {
            format!(
                "Upgraded the fleet database '{database}' from schema version {} to {}\n",
                self.schema_from, self.schema_to
            )
        }
    }
}

impl Human for FleetPushReport {
    fn human(&self) -> String {
        let c = &self.counts;
        let mut out = format!(
            "Pushed this host's store into '{}' as node '{}': {} account(s), {} certificate(s), {} version(s), {} journaled order(s)\n",
            clean(&self.database),
            clean(&self.node),
            c.accounts,
            c.certificates,
            c.versions,
            c.journals
        );
        if !c.skipped.is_empty() {
            out.push_str("skipped (damaged here; see 'certkeep status'):\n");
            for name in &c.skipped {
                let _ = writeln!(out, "  {}", clean(name));
            }
        }
        out
    }
}

impl Human for FleetStatus {
    fn human(&self) -> String {
        let mut out = format!(
            "Fleet database '{}' (schema version {})\n",
            clean(&self.database),
            self.schema_version
        );
        let _ = writeln!(out, "\nnodes ({}):", self.nodes.len());
        if self.nodes.is_empty() {
            out.push_str("  none yet: 'certkeep --fleet URL fleet push' adds this host\n");
        }
        for node in &self.nodes {
            let _ = writeln!(
                out,
                "  {}  last seen {}  (certkeep {})",
                clean(&node.node),
                rfc3339(node.last_seen),
                clean(&node.certkeep_version)
            );
            if let Some(reason) = &node.paused_reason {
                let _ = writeln!(out, "    renewal paused: {}", clean(reason));
            }
        }
        let _ = writeln!(out, "\ncertificates ({}):", self.leases.len());
        for lease in &self.leases {
            let version = lease
                .current_version
                .map_or_else(|| "not issued".to_owned(), |v| format!("version {v}"));
            let renewer = match (&lease.holder, lease.expires_at) {
                (Some(holder), Some(until)) => {
                    format!("renewed by {} until {}", clean(holder), rfc3339(until))
                }
                _ => "no renewer now".to_owned(),
            };
            let _ = writeln!(
                out,
                "  {}  {version}  {renewer}  (fencing {})",
                clean(&lease.name),
                lease.fencing
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::pg::{FleetLease, FleetNode, PushCounts};
    use time::macros::datetime;

    #[test]
    fn init_says_created_upgraded_or_already_there() {
        let report = |from, to| FleetInitReport {
            database: "db:5432/certkeep".into(),
            schema_from: from,
            schema_to: to,
        };
        assert!(
            report(0, 1)
                .human()
                .starts_with("Created the certkeep schema (version 1)")
        );
        assert!(report(1, 1).human().contains("already at schema version 1"));
        assert!(report(1, 2).human().contains("from schema version 1 to 2"));
    }

    #[test]
    fn push_and_status_name_counts_nodes_and_renewers() {
        let push = FleetPushReport {
            database: "db:5432/certkeep".into(),
            node: "web1".into(),
            counts: PushCounts {
                accounts: 1,
                certificates: 2,
                versions: 2,
                journals: 0,
                skipped: vec!["broken.example".into()],
            },
        };
        insta::assert_snapshot!("fleet_push", push.human());
        let at = datetime!(2026-11-30 10:00 UTC);
        let status = FleetStatus {
            database: "db:5432/certkeep".into(),
            schema_version: 1,
            nodes: vec![FleetNode {
                node: "web1".into(),
                certkeep_version: "0.1.0".into(),
                first_seen: at,
                last_seen: at,
                paused_reason: None,
            }],
            leases: vec![
                FleetLease {
                    name: "a.example".into(),
                    current_version: Some(2),
                    holder: Some("web1".into()),
                    expires_at: Some(at),
                    fencing: 3,
                },
                FleetLease {
                    name: "b.example".into(),
                    current_version: None,
                    holder: None,
                    expires_at: None,
                    fencing: 0,
                },
            ],
        };
        insta::assert_snapshot!("fleet_status", status.human());
    }
}
