//! Renewal leases: exactly one node renews each certificate. A `fleet_leases` row per
//! certificate names its holder, when the lease runs out and a fencing token that only grows (a
//! trigger refuses any decrease). Claiming locks the row with `FOR UPDATE SKIP LOCKED`, so two
//! nodes claiming at once never both win and neither waits; it bumps the token. A version is
//! stored only by a transaction that locks the row again and finds the token the node got
//! ([`check_fence`]): a node paused past its lease, whose row another node took (the token moved
//! on), can never commit.

use std::time::Duration;

use tokio_postgres::Transaction;

use super::{Fleet, FleetError};
use crate::store::Claim;

/// Claims the renewal of `name` for this node unless another node holds a live lease or stored
/// a version whose serial is not `seen_serial` (the renewal is done). Returns the claim and,
/// when taken, the fencing token to store the version with. The lease lasts `lease` unless
/// the heartbeat ([`extend`]) extends it.
pub(super) async fn claim(
    fleet: &mut Fleet,
    name: &str,
    seen_serial: Option<&str>,
    lease: Duration,
) -> Result<(Claim, Option<i64>), FleetError> {
    let doing = "claiming a renewal lease";
    let lease_secs = lease.as_secs_f64();
    let node = fleet.node.clone();
    let tx = fleet
        .client
        .transaction()
        .await
        .map_err(FleetError::query(doing))?;
    let lock = "SELECT holder, ceil(extract(epoch FROM expires_at - now()))::bigint
                FROM fleet_leases WHERE name = $1 FOR UPDATE SKIP LOCKED";
    let mut locked = tx
        .query_opt(lock, &[&name])
        .await
        .map_err(FleetError::query(doing))?;
    if locked.is_none() {
        // Locked elsewhere, or no lease row yet (saving a spec and `fleet push` make one; this
        // covers a row made otherwise): only a row just created here is worth a second look.
        let created = tx
            .execute(
                "INSERT INTO fleet_leases (name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
                &[&name],
            )
            .await
            .map_err(FleetError::query(doing))?;
        if created == 1 {
            locked = tx
                .query_opt(lock, &[&name])
                .await
                .map_err(FleetError::query(doing))?;
        }
    }
    let Some(lease) = locked else {
        // Another node has the row locked this instant: it is claiming or committing.
        return Ok((
            Claim::HeldElsewhere {
                holder: None,
                expires_in_secs: None,
            },
            None,
        ));
    };
    let holder: Option<String> = lease.get(0);
    let left: Option<i64> = lease.get(1);
    if let Some(holder) = holder
        && holder != node
        && left.is_some_and(|left| left > 0)
    {
        return Ok((
            Claim::HeldElsewhere {
                holder: Some(holder),
                expires_in_secs: left,
            },
            None,
        ));
    }
    // Read after the row lock is held: each statement sees every commit before it, so a version
    // stored (and its lease let go) by the previous holder is seen here.
    let current = tx
        .query_opt(
            "SELECT v.node, v.record->>'serial' FROM fleet_certs c
             JOIN fleet_versions v ON v.name = c.name AND v.version = c.current_version
             WHERE c.name = $1",
            &[&name],
        )
        .await
        .map_err(FleetError::query(doing))?;
    if let Some(current) = current {
        let serial: Option<String> = current.get(1);
        if serial.as_deref() != seen_serial {
            return Ok((
                Claim::RenewedElsewhere {
                    node: current.get(0),
                },
                None,
            ));
        }
    }
    let fencing: i64 = tx
        .query_one(
            "UPDATE fleet_leases SET holder = $2, fencing = fencing + 1,
                 expires_at = now() + make_interval(secs => $3)
             WHERE name = $1 RETURNING fencing",
            &[&name, &node, &lease_secs],
        )
        .await
        .map_err(FleetError::query(doing))?
        .get(0);
    tx.commit().await.map_err(FleetError::query(doing))?;
    Ok((Claim::Taken, Some(fencing)))
}

/// Checks, inside the transaction that stores a version of `name`, that this node may: with
/// `token`, the lease must still carry it and name this node; without one (an `obtain`, no
/// claim), no other node may hold a live lease. The row stays locked until the transaction
/// ends, so no claim slips in between the check and the commit.
pub(super) async fn check_fence(
    tx: &Transaction<'_>,
    name: &str,
    node: &str,
    token: Option<i64>,
) -> Result<(), FleetError> {
    let doing = "checking the renewal lease";
    let lease = tx
        .query_opt(
            "SELECT holder, fencing, coalesce(expires_at > now(), false)
             FROM fleet_leases WHERE name = $1 FOR UPDATE",
            &[&name],
        )
        .await
        .map_err(FleetError::query(doing))?;
    let (holder, fencing, live): (Option<String>, i64, bool) = match &lease {
        Some(row) => (row.get(0), row.get(1), row.get(2)),
        None => (None, 0, false),
    };
    match token {
        Some(held) if fencing != held || holder.as_deref() != Some(node) => {
            Err(FleetError::LeaseLost {
                name: name.to_owned(),
                held,
                now: fencing,
            })
        }
        None if live && holder.as_deref().is_some_and(|holder| holder != node) => {
            Err(FleetError::LeaseHeld {
                name: name.to_owned(),
                holder: holder.unwrap_or_default(),
            })
        }
        _ => Ok(()),
    }
}

/// Lets go of this node's lease of `name` if it still holds it with `token` (a renewal that
/// stored nothing), so another node may try without waiting for the expiry.
pub(super) async fn release(fleet: &Fleet, name: &str, token: i64) -> Result<(), FleetError> {
    fleet
        .deadline(
            "letting go of the renewal lease",
            fleet.client.execute(
                "UPDATE fleet_leases SET holder = NULL, expires_at = NULL
                 WHERE name = $1 AND fencing = $2 AND holder = $3",
                &[&name, &token, &fleet.node],
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
            fleet.client.execute(
                "UPDATE fleet_leases l SET expires_at = now() + make_interval(secs => $3)
                 FROM unnest($1::text[], $2::bigint[]) AS h(name, fencing)
                 WHERE l.name = h.name AND l.fencing = h.fencing AND l.holder = $4",
                &[&names, &tokens, &lease.as_secs_f64(), &fleet.node],
            ),
        )
        .await
}
