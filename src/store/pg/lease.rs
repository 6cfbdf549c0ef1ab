//! Renewal leases: exactly one node renews each certificate. A `fleet_leases` row per
//! certificate names its holder, when the lease runs out and a fencing token that only grows (a
//! trigger refuses any decrease). Claiming locks the row with `FOR UPDATE SKIP LOCKED`, so two
//! nodes claiming at once never both win and neither waits; it bumps the token. Every write a
//! renewal makes to the database (journaling its order, storing its version, clearing the
//! journal) carries [`FENCE`] in the same statement: it locks the row and finds the token the
//! node got, so a node paused past its lease, whose row another node took (the token moved on),
//! can never write over the new holder's order or commit.
//!
//! Each of these is one statement (one round trip): claims run once per certificate on every
//! node of the fleet, so their cost is what "round trips per renewal" mostly is.

use std::time::Duration;

use tokio_postgres::types::Type;

use super::{Fleet, FleetError};
use crate::store::Claim;

/// What a claim found: the claim, the fencing token when taken, and the number the database
/// gives the next version (so storing it needs no extra round trip to learn it).
pub(super) struct Claimed {
    pub(super) claim: Claim,
    pub(super) fencing: Option<i64>,
    pub(super) next_version: Option<i32>,
}

/// The claim, in one statement. `locked` takes the lease row (skipped when another node has it
/// locked this instant: it is claiming or committing) and the certificate's row, whose newest
/// committed `current_version` a locking read returns even when it changed after this
/// statement's snapshot. The version that number names is then read in the snapshot: not seeing
/// it means it was stored just now (`just_stored`), by a commit that also let go of the lease,
/// so it is left alone like a version with another serial. Only then is the token bumped.
const CLAIM: &str = "
    WITH locked AS MATERIALIZED (
        SELECT l.holder, l.expires_at, c.current_version
        FROM fleet_leases l JOIN fleet_certs c ON c.name = l.name
        WHERE l.name = $1
        FOR UPDATE OF l SKIP LOCKED FOR SHARE OF c),
    seen AS MATERIALIZED (
        SELECT locked.holder,
            ceil(extract(epoch FROM locked.expires_at - now()))::bigint AS left_secs,
            coalesce(locked.holder <> $2 AND locked.expires_at > now(), false) AS held,
            locked.current_version IS NOT NULL AND v.version IS NULL AS just_stored,
            v.node AS stored_by, v.record->>'serial' AS serial,
            (SELECT coalesce(max(version), 0) + 1 FROM fleet_versions WHERE name = $1) AS next
        FROM locked
        LEFT JOIN fleet_versions v ON v.name = $1 AND v.version = locked.current_version),
    taken AS (
        UPDATE fleet_leases f SET holder = $2, fencing = f.fencing + 1,
            expires_at = now() + make_interval(secs => $4)
        FROM seen
        WHERE f.name = $1 AND NOT seen.held AND NOT seen.just_stored
            AND (seen.stored_by IS NULL OR seen.serial IS NOT DISTINCT FROM $3)
        RETURNING f.fencing)
    SELECT EXISTS (SELECT FROM fleet_leases WHERE name = $1), seen.holder, seen.left_secs,
        seen.held, seen.just_stored, seen.stored_by, seen.next, (SELECT fencing FROM taken)
    FROM (SELECT) AS one LEFT JOIN seen ON true";

/// Claims the renewal of `name` for this node unless another node holds a live lease or stored
/// a version whose serial is not `seen_serial` (the renewal is done). Returns the claim and,
/// when taken, the fencing token to store the version with. The lease lasts `lease` unless
/// the heartbeat ([`extend`]) extends it.
pub(super) async fn claim(
    fleet: &Fleet,
    name: &str,
    seen_serial: Option<&str>,
    lease: Duration,
) -> Result<Claimed, FleetError> {
    let doing = "claiming a renewal lease";
    let lease_secs = lease.as_secs_f64();
    let mut row = claim_once(fleet, name, seen_serial, lease_secs).await?;
    let present: bool = row.get(0);
    if !present {
        // No lease row yet (saving a spec and `fleet push` make one; this covers a row made
        // otherwise): make it and claim again.
        fleet
            .deadline(
                doing,
                fleet.client.execute_typed(
                    "INSERT INTO fleet_leases (name) SELECT name FROM fleet_certs WHERE name = $1
                     ON CONFLICT (name) DO NOTHING",
                    &[(&name, Type::TEXT)],
                ),
            )
            .await?;
        row = claim_once(fleet, name, seen_serial, lease_secs).await?;
        if !row.get::<_, bool>(0) {
            return Ok(Claimed {
                claim: Claim::NotInFleet,
                fencing: None,
                next_version: None,
            });
        }
    }
    let holder: Option<String> = row.get(1);
    let left: Option<i64> = row.get(2);
    let held: Option<bool> = row.get(3);
    let just_stored: Option<bool> = row.get(4);
    let stored_by: Option<String> = row.get(5);
    let next_version: Option<i32> = row.get(6);
    let fencing: Option<i64> = row.get(7);
    let claim = match (held, just_stored, fencing, stored_by) {
        // Locked elsewhere this instant.
        (None, ..) | (_, Some(true), ..) => Claim::HeldElsewhere {
            holder: None,
            expires_in_secs: None,
        },
        (Some(true), ..) => Claim::HeldElsewhere {
            holder,
            expires_in_secs: left,
        },
        (_, _, Some(_), _) => Claim::Taken,
        (_, _, None, node) => Claim::RenewedElsewhere {
            node: node.unwrap_or_default(),
        },
    };
    Ok(Claimed {
        claim,
        fencing,
        next_version: fencing.and(next_version),
    })
}

/// Runs [`CLAIM`] once.
async fn claim_once(
    fleet: &Fleet,
    name: &str,
    seen_serial: Option<&str>,
    lease_secs: f64,
) -> Result<tokio_postgres::Row, FleetError> {
    fleet
        .deadline(
            "claiming a renewal lease",
            fleet.client.query_typed_one(
                CLAIM,
                &[
                    (&name, Type::TEXT),
                    (&fleet.node, Type::TEXT),
                    (&seen_serial, Type::TEXT),
                    (&lease_secs, Type::FLOAT8),
                ],
            ),
        )
        .await
}

/// The fence every renewal write carries, as two CTEs of its statement (`$1`: the
/// certificate, `$2`: this node, `$3`: the node's fencing token or NULL), `lock` being the row
/// lock on the lease (`SHARE` for the journal, `UPDATE` to store a version). `fence` is one row:
/// whether this node may write (`holds`), and the lease's token and holder to say why not. With
/// a token, the lease must still carry it and name this node; without one (an `obtain` or a
/// command that made no claim), no other node may hold a live lease. The lease row stays
/// locked until the statement ends, so no claim slips in between the check and the write.
pub(super) fn fence(lock: &str) -> String {
    format!(
        "lease AS MATERIALIZED (
            SELECT holder, fencing, coalesce(expires_at > now(), false) AS live
            FROM fleet_leases WHERE name = $1 FOR {lock}),
        fence AS MATERIALIZED (
            SELECT CASE WHEN $3::bigint IS NULL
                    THEN NOT coalesce(lease.live AND lease.holder <> $2, false)
                    ELSE coalesce(lease.fencing = $3::bigint AND lease.holder = $2, false)
                END AS holds,
                coalesce(lease.fencing, 0) AS fencing, lease.holder
            FROM (SELECT) AS one LEFT JOIN lease ON true)"
    )
}

/// The verdict of [`fence`] from its columns (`holds`, `fencing`, `holder`) at `at`..`at + 3`
/// of `row`: a lost lease is [`FleetError::LeaseLost`] with a token, else
/// [`FleetError::LeaseHeld`].
pub(super) fn fence_verdict(
    row: &tokio_postgres::Row,
    at: usize,
    name: &str,
    token: Option<i64>,
) -> Result<(), FleetError> {
    let holds: bool = row.get(at);
    if holds {
        return Ok(());
    }
    let now: i64 = row.get(at + 1);
    let holder: Option<String> = row.get(at + 2);
    Err(match token {
        Some(held) => FleetError::LeaseLost {
            name: name.to_owned(),
            held,
            now,
        },
        None => FleetError::LeaseHeld {
            name: name.to_owned(),
            holder: holder.unwrap_or_default(),
        },
    })
}

/// Lets go of this node's lease of `name` if it still holds it with `token` (a renewal that
/// stored nothing), so another node may try without waiting for the expiry.
pub(super) async fn release(fleet: &Fleet, name: &str, token: i64) -> Result<(), FleetError> {
    fleet
        .deadline(
            "letting go of the renewal lease",
            fleet.client.execute_typed(
                "UPDATE fleet_leases SET holder = NULL, expires_at = NULL
                 WHERE name = $1 AND fencing = $2 AND holder = $3",
                &[
                    (&name, Type::TEXT),
                    (&token, Type::INT8),
                    (&fleet.node, Type::TEXT),
                ],
            ),
        )
        .await
        .map(drop)
}

/// Extends by `lease` each of `held` (certificate, token) this node still holds with that
/// token, in one statement; returns how many were extended. A lease another node took (its
/// token moved on) is left alone.
pub(super) async fn extend(
    fleet: &Fleet,
    held: &[(String, i64)],
    lease: Duration,
) -> Result<u64, FleetError> {
    let (names, tokens): (Vec<&str>, Vec<i64>) = held
        .iter()
        .map(|(name, token)| (name.as_str(), *token))
        .unzip();
    fleet
        .deadline(
            "extending the renewal leases",
            fleet.client.execute_typed(
                "UPDATE fleet_leases l SET expires_at = now() + make_interval(secs => $3)
                 FROM unnest($1::text[], $2::bigint[]) AS h(name, fencing)
                 WHERE l.name = h.name AND l.fencing = h.fencing AND l.holder = $4",
                &[
                    (&names, Type::TEXT_ARRAY),
                    (&tokens, Type::INT8_ARRAY),
                    (&lease.as_secs_f64(), Type::FLOAT8),
                    (&fleet.node, Type::TEXT),
                ],
            ),
        )
        .await
}
