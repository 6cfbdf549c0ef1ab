//! `fleet status`: the nodes of the fleet and when each was last seen, and per certificate its
//! lease (who renews it, until when, the fencing token) and current version. Read-only.

use serde::Serialize;
use time::OffsetDateTime;

use super::{Fleet, FleetError, schema};

/// The fleet as the database sees it.
#[derive(Debug, Clone, Serialize)]
pub struct FleetStatus {
    /// The database, `host:port/database`.
    pub database: String,
    /// Its schema version.
    pub schema_version: i32,
    /// Every node that ever pushed or renewed, by name.
    pub nodes: Vec<FleetNode>,
    /// Every certificate's lease, by name.
    pub leases: Vec<FleetLease>,
}

/// One host of the fleet.
#[derive(Debug, Clone, Serialize)]
pub struct FleetNode {
    /// Its name (the host name unless chosen).
    pub node: String,
    /// The certkeep version it last ran.
    pub certkeep_version: String,
    /// When it first joined.
    #[serde(with = "time::serde::rfc3339")]
    pub first_seen: OffsetDateTime,
    /// When it was last heard from.
    #[serde(with = "time::serde::rfc3339")]
    pub last_seen: OffsetDateTime,
    /// Why it paused renewal, while it is paused and could say so.
    pub paused_reason: Option<String>,
}

/// Who renews one certificate.
#[derive(Debug, Clone, Serialize)]
pub struct FleetLease {
    /// The certificate.
    pub name: String,
    /// Its current version in the database, if one was issued.
    pub current_version: Option<i32>,
    /// The node holding the lease, if any.
    pub holder: Option<String>,
    /// When the lease runs out.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    /// The fencing token (grows with every take-over).
    pub fencing: i64,
}

/// Reads the fleet's status.
pub async fn status(fleet: &Fleet) -> Result<FleetStatus, FleetError> {
    let schema_version = schema::check(fleet).await?;
    let nodes = fleet
        .deadline(
            "reading the nodes",
            fleet.client.query(
                "SELECT node, certkeep_version, first_seen, last_seen, paused_reason
                 FROM fleet_nodes ORDER BY node",
                &[],
            ),
        )
        .await?
        .iter()
        .map(|row| FleetNode {
            node: row.get(0),
            certkeep_version: row.get(1),
            first_seen: row.get(2),
            last_seen: row.get(3),
            paused_reason: row.get(4),
        })
        .collect();
    let leases = fleet
        .deadline(
            "reading the leases",
            fleet.client.query(
                "SELECT c.name, c.current_version, l.holder, l.expires_at, coalesce(l.fencing, 0)
                 FROM fleet_certs c LEFT JOIN fleet_leases l ON l.name = c.name
                 ORDER BY c.name",
                &[],
            ),
        )
        .await?
        .iter()
        .map(|row| FleetLease {
            name: row.get(0),
            current_version: row.get(1),
            holder: row.get(2),
            expires_at: row.get(3),
            fencing: row.get(4),
        })
        .collect();
    Ok(FleetStatus {
        database: fleet.target(),
        schema_version,
        nodes,
        leases,
    })
}
