//! The fleet store's statements: what one [`crate::store::Store`] write does to the database,
//! and the snapshot of the whole store of record a node materializes. Key material arrives
//! here sealed and leaves sealed; [`super::fleet_store`] seals and opens it.

use tokio_postgres::types::Type;

use super::{Fleet, FleetError, lease};

/// One certificate as the database holds it.
pub(super) struct CertRow {
    pub(super) name: String,
    pub(super) spec: String,
    pub(super) state: serde_json::Value,
    pub(super) csr: Option<String>,
    /// The current version's number and record; its files are read only when this node's copy
    /// is not that version ([`versions`]).
    pub(super) current: Option<(i32, serde_json::Value)>,
    pub(super) journal: Option<(serde_json::Value, Option<Vec<u8>>)>,
}

/// A version of a certificate, with its files.
pub(super) struct VersionRow {
    pub(super) number: i32,
    pub(super) record: serde_json::Value,
    pub(super) cert: String,
    pub(super) chain: String,
    pub(super) fullchain: String,
    pub(super) key_sealed: Option<Vec<u8>>,
}

/// One account as the database holds it.
pub(super) struct AccountRow {
    pub(super) record: serde_json::Value,
    pub(super) key_sealed: Vec<u8>,
    /// The key of a key change under way (sealed), if any.
    pub(super) pending_sealed: Option<Vec<u8>>,
}

/// What a node materializes first: the accounts and CA roots (the certificates follow a page at
/// a time, [`cert_page`]).
pub(super) struct Snapshot {
    pub(super) accounts: Vec<AccountRow>,
    /// Extra trusted roots of CAs' HTTPS endpoints: (CA directory URL, PEM).
    pub(super) ca_roots: Vec<(String, String)>,
}

fn get<'a, T: tokio_postgres::types::FromSql<'a>>(
    row: &'a tokio_postgres::Row,
    index: usize,
    what: &str,
) -> Result<T, FleetError> {
    row.try_get(index).map_err(|e| FleetError::Corrupt {
        what: what.to_owned(),
        why: crate::error::Detail::new(e),
    })
}

/// Reads the accounts and CA roots of the store of record (checks the schema first).
pub(super) async fn snapshot(fleet: &Fleet) -> Result<Snapshot, FleetError> {
    super::schema::check(fleet).await?;
    let accounts = fleet
        .deadline(
            "reading the accounts",
            fleet.client.query(
                "SELECT record, key_sealed, pending_key_sealed FROM fleet_accounts
                 ORDER BY ca, name",
                &[],
            ),
        )
        .await?
        .iter()
        .map(|row| {
            Ok(AccountRow {
                record: get(row, 0, "account")?,
                key_sealed: get(row, 1, "account")?,
                pending_sealed: get(row, 2, "account")?,
            })
        })
        .collect::<Result<_, FleetError>>()?;
    let ca_roots = fleet
        .deadline(
            "reading the CA roots",
            fleet
                .client
                .query("SELECT ca, pem FROM fleet_ca_roots ORDER BY ca", &[]),
        )
        .await?
        .iter()
        .map(|row| Ok((get(row, 0, "CA root")?, get(row, 1, "CA root")?)))
        .collect::<Result<_, FleetError>>()?;
    Ok(Snapshot { accounts, ca_roots })
}

/// Up to `limit` certificates whose names sort after `after` (from the first without it), in
/// name order, without their versions' files; one round trip. Paging bounds what a node holds
/// at once however large the fleet.
pub(super) async fn cert_page(
    fleet: &Fleet,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<CertRow>, FleetError> {
    let rows = fleet
        .deadline(
            "reading the certificates",
            fleet.client.query_typed(
                "SELECT c.name, c.spec, c.state, c.csr, v.version, v.record, j.entry, j.key_sealed
                 FROM fleet_certs c
                 LEFT JOIN fleet_versions v ON v.name = c.name AND v.version = c.current_version
                 LEFT JOIN fleet_journal j ON j.name = c.name
                 WHERE $1::text IS NULL OR c.name > $1
                 ORDER BY c.name LIMIT $2",
                &[(&after, Type::TEXT), (&limit, Type::INT8)],
            ),
        )
        .await?;
    let mut certs = Vec::with_capacity(rows.len());
    for row in &rows {
        let what = "certificate";
        let number: Option<i32> = get(row, 4, what)?;
        let current = match number {
            Some(number) => Some((number, get(row, 5, what)?)),
            None => None,
        };
        let entry: Option<serde_json::Value> = get(row, 6, what)?;
        certs.push(CertRow {
            name: get(row, 0, what)?,
            spec: get(row, 1, what)?,
            state: get(row, 2, what)?,
            csr: get(row, 3, what)?,
            current,
            journal: entry.map(|entry| (entry, get(row, 7, what).ok().flatten())),
        });
    }
    Ok(certs)
}

/// The versions `wanted` (certificate, version number) with their files, by certificate, in
/// one round trip.
pub(super) async fn versions(
    fleet: &Fleet,
    wanted: &[(String, i32)],
) -> Result<std::collections::HashMap<String, VersionRow>, FleetError> {
    let (names, numbers): (Vec<&str>, Vec<i32>) = wanted
        .iter()
        .map(|(name, number)| (name.as_str(), *number))
        .unzip();
    let rows = fleet
        .deadline(
            "reading certificate versions",
            fleet.client.query_typed(
                "SELECT v.name, v.version, v.record, v.cert_pem, v.chain_pem, v.fullchain_pem,
                        v.key_sealed
                 FROM fleet_versions v
                 JOIN unnest($1::text[], $2::int[]) AS w(name, version) USING (name, version)",
                &[(&names, Type::TEXT_ARRAY), (&numbers, Type::INT4_ARRAY)],
            ),
        )
        .await?;
    let what = "certificate version";
    rows.iter()
        .map(|row| {
            Ok((
                get(row, 0, what)?,
                VersionRow {
                    number: get(row, 1, what)?,
                    record: get(row, 2, what)?,
                    cert: get(row, 3, what)?,
                    chain: get(row, 4, what)?,
                    fullchain: get(row, 5, what)?,
                    key_sealed: get(row, 6, what)?,
                },
            ))
        })
        .collect()
}

/// Writes a spec (creating the certificate and its lease row when new).
pub(super) async fn save_spec(fleet: &Fleet, name: &str, spec: &str) -> Result<(), FleetError> {
    fleet
        .deadline(
            "saving a spec",
            fleet.client.execute_typed(
                "WITH c AS (
                    INSERT INTO fleet_certs (name, spec, state) VALUES ($1, $2, '{}')
                    ON CONFLICT (name) DO UPDATE SET spec = $2, updated_at = now()
                    RETURNING name)
                 INSERT INTO fleet_leases (name) SELECT name FROM c ON CONFLICT DO NOTHING",
                &[(&name, Type::TEXT), (&spec, Type::TEXT)],
            ),
        )
        .await
        .map(drop)
}

/// Sets one column of a certificate (`state` or `csr`).
pub(super) async fn set_state(
    fleet: &Fleet,
    name: &str,
    state: &serde_json::Value,
) -> Result<(), FleetError> {
    fleet
        .deadline(
            "saving renewal state",
            fleet.client.execute_typed(
                "UPDATE fleet_certs SET state = $2, updated_at = now() WHERE name = $1",
                &[(&name, Type::TEXT), (state, Type::JSONB)],
            ),
        )
        .await
        .map(drop)
}

/// Merges the renewal-information fields `ari` (a JSON object of them) into the state of
/// `name`, only while its current version is still `version` (`None`: none issued): a window
/// asked for an older certificate must not come back over a newer one's, and the rest of the
/// state (another node's ledger, a revocation) is left as it is.
pub(super) async fn merge_ari(
    fleet: &Fleet,
    name: &str,
    version: Option<i32>,
    ari: &serde_json::Value,
) -> Result<(), FleetError> {
    fleet
        .deadline(
            "saving renewal information",
            fleet.client.execute_typed(
                "UPDATE fleet_certs SET state = state || $3, updated_at = now()
                 WHERE name = $1 AND current_version IS NOT DISTINCT FROM $2",
                &[
                    (&name, Type::TEXT),
                    (&version, Type::INT4),
                    (ari, Type::JSONB),
                ],
            ),
        )
        .await
        .map(drop)
}

/// Saves a CSR.
pub(super) async fn set_csr(fleet: &Fleet, name: &str, csr: &str) -> Result<(), FleetError> {
    fleet
        .deadline(
            "saving a CSR",
            fleet.client.execute_typed(
                "UPDATE fleet_certs SET csr = $2, updated_at = now() WHERE name = $1",
                &[(&name, Type::TEXT), (&csr, Type::TEXT)],
            ),
        )
        .await
        .map(drop)
}

/// Deletes a certificate with its versions, lease and journal.
pub(super) async fn delete_cert(fleet: &Fleet, name: &str) -> Result<(), FleetError> {
    fleet
        .deadline(
            "deleting a certificate",
            fleet.client.execute(
                "WITH j AS (DELETE FROM fleet_journal WHERE name = $1)
                 DELETE FROM fleet_certs WHERE name = $1",
                &[&name],
            ),
        )
        .await
        .map(drop)
}

/// A new version, made current in the same statement. Returns its number in the database.
/// With `expected` (the number its sealed key is bound to), a different next number means
/// another node stored a version meanwhile: nothing is written. The renewal lease is checked
/// in the same statement ([`lease::fence`]; `fencing`: the token of this node's claim) and let
/// go when the version is stored, under a claim or not: stored without one (`obtain`), the
/// lease names no holder any more, so a node whose lease ran out unclaimed no longer passes
/// the fence with its old token and cannot store its own version over this one. The order's
/// journal is cleared with it, so that clear is fenced too. Fencing, numbering, inserting, making it current, letting go of the
/// lease and clearing the journal are one statement (one round trip).
pub(super) async fn insert_version(
    fleet: &Fleet,
    name: &str,
    version: &VersionRow,
    expected: Option<i32>,
    fencing: Option<i64>,
) -> Result<i32, FleetError> {
    let doing = "storing a version";
    // Data-modifying CTEs all run; the writes join the inserted row, so when the lease is lost or
    // the number is not the expected one nothing at all is written and no version comes back.
    let statement = format!(
        "WITH {},
         n AS (
             SELECT coalesce(max(version), 0) + 1 AS number FROM fleet_versions
             WHERE name = $1),
         v AS (
             INSERT INTO fleet_versions (name, version, record, cert_pem, chain_pem,
                 fullchain_pem, key_sealed, node, fencing)
             SELECT $1, n.number, $5, $6, $7, $8, $9, $2, $3 FROM n, fence
             WHERE fence.holds AND ($4::int IS NULL OR n.number = $4::int)
             RETURNING version),
         c AS (
             UPDATE fleet_certs SET current_version = v.version, updated_at = now()
             FROM v WHERE fleet_certs.name = $1),
         l AS (
             UPDATE fleet_leases SET holder = NULL, expires_at = NULL
             FROM v WHERE fleet_leases.name = $1),
         j AS (
             DELETE FROM fleet_journal WHERE name = $1 AND EXISTS (SELECT FROM v))
         SELECT fence.holds, fence.fencing, fence.holder, (SELECT version FROM v) FROM fence",
        lease::fence("UPDATE")
    );
    let stored = fleet
        .deadline(
            doing,
            fleet.client.query_typed_one(
                &statement,
                &[
                    (&name, Type::TEXT),
                    (&fleet.node, Type::TEXT),
                    (&fencing, Type::INT8),
                    (&expected, Type::INT4),
                    (&version.record, Type::JSONB),
                    (&version.cert, Type::TEXT),
                    (&version.chain, Type::TEXT),
                    (&version.fullchain, Type::TEXT),
                    (&version.key_sealed, Type::BYTEA),
                ],
            ),
        )
        .await
        .map_err(|err| match err {
            // Two commands storing without a claim at once numbered the same version.
            FleetError::Query { source, .. }
                if source.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) =>
            {
                FleetError::VersionRace {
                    name: name.to_owned(),
                }
            }
            other => other,
        })?;
    lease::fence_verdict(&stored, 0, name, fencing)?;
    stored
        .get::<_, Option<i32>>(3)
        .ok_or(FleetError::VersionRace {
            name: name.to_owned(),
        })
}

/// Writes (or rewrites) the journal of an order in flight; `key_sealed: None` keeps the key.
/// Fenced ([`lease::fence`], `fencing` the token of this node's claim): a node whose lease was
/// taken over gets [`FleetError::LeaseLost`] and leaves the new holder's journal as it is.
pub(super) async fn write_journal(
    fleet: &Fleet,
    name: &str,
    entry: &serde_json::Value,
    key_sealed: Option<&[u8]>,
    fencing: Option<i64>,
) -> Result<(), FleetError> {
    let statement = format!(
        "WITH {},
         written AS (
             INSERT INTO fleet_journal (name, entry, key_sealed, node)
             SELECT $1, $4, $5, $2 FROM fence WHERE fence.holds
             ON CONFLICT (name) DO UPDATE SET entry = $4,
                 key_sealed = coalesce($5, fleet_journal.key_sealed), node = $2,
                 updated_at = now())
         SELECT holds, fencing, holder FROM fence",
        lease::fence("SHARE")
    );
    let row = fleet
        .deadline(
            "journaling an order",
            fleet.client.query_typed_one(
                &statement,
                &[
                    (&name, Type::TEXT),
                    (&fleet.node, Type::TEXT),
                    (&fencing, Type::INT8),
                    (entry, Type::JSONB),
                    (&key_sealed, Type::BYTEA),
                ],
            ),
        )
        .await?;
    lease::fence_verdict(&row, 0, name, fencing)
}

/// Forgets the journal of `name`, fenced as [`write_journal`] is.
pub(super) async fn clear_journal(
    fleet: &Fleet,
    name: &str,
    fencing: Option<i64>,
) -> Result<(), FleetError> {
    let statement = format!(
        "WITH {},
         cleared AS (
             DELETE FROM fleet_journal WHERE name = $1 AND (SELECT holds FROM fence))
         SELECT holds, fencing, holder FROM fence",
        lease::fence("SHARE")
    );
    let row = fleet
        .deadline(
            "clearing a journal",
            fleet.client.query_typed_one(
                &statement,
                &[
                    (&name, Type::TEXT),
                    (&fleet.node, Type::TEXT),
                    (&fencing, Type::INT8),
                ],
            ),
        )
        .await?;
    lease::fence_verdict(&row, 0, name, fencing)
}

/// The advisory-lock class of account key changes (the second key is the account's row name
/// hashed), apart from every other lock in the database.
const KEY_MOVE_LOCK: i32 = 0x6b6d_6f76;

/// Takes the fleet-wide lock on moving the key of the account `row` for this connection's
/// session (a node that dies lets go with its connection); `false` when another node has it.
pub(super) async fn try_lock_key_move(fleet: &Fleet, row: &str) -> Result<bool, FleetError> {
    let row = fleet
        .deadline(
            "locking an account key change",
            fleet.client.query_one(
                "SELECT pg_try_advisory_lock($1, hashtext($2))",
                &[&KEY_MOVE_LOCK, &row],
            ),
        )
        .await?;
    Ok(row.get(0))
}

/// Lets go of the lock [`try_lock_key_move`] took.
pub(super) async fn unlock_key_move(fleet: &Fleet, row: &str) -> Result<(), FleetError> {
    fleet
        .deadline(
            "unlocking an account key change",
            fleet.client.execute(
                "SELECT pg_advisory_unlock($1, hashtext($2))",
                &[&KEY_MOVE_LOCK, &row],
            ),
        )
        .await
        .map(drop)
}

/// Saves an account; `key_sealed: None` keeps the stored key.
pub(super) async fn save_account(
    fleet: &Fleet,
    ca: &str,
    name: &str,
    record: &serde_json::Value,
    key_sealed: Option<&[u8]>,
) -> Result<(), FleetError> {
    fleet
        .deadline(
            "saving an account",
            fleet.client.execute(
                "INSERT INTO fleet_accounts (ca, name, record, key_sealed)
                 VALUES ($1, $2, $3, coalesce($4, ''::bytea))
                 ON CONFLICT (ca, name) DO UPDATE SET record = $3,
                     key_sealed = coalesce($4, fleet_accounts.key_sealed), updated_at = now()",
                &[&ca, &name, record, &key_sealed],
            ),
        )
        .await
        .map(drop)
}

/// Stores the sealed key of a key change of the account (`ca`, `name`) unless one is there
/// already: `Some(true)` when this key is the account's pending key now, `Some(false)` when
/// another is (it is never replaced: the CA may hold it), `None` when there is no such account.
pub(super) async fn save_pending_key(
    fleet: &Fleet,
    ca: &str,
    name: &str,
    sealed: &[u8],
) -> Result<Option<bool>, FleetError> {
    let row = fleet
        .deadline(
            "saving the pending account key",
            fleet.client.query_opt(
                "UPDATE fleet_accounts
                 SET pending_key_sealed = coalesce(pending_key_sealed, $3), updated_at = now()
                 WHERE ca = $1 AND name = $2
                 RETURNING pending_key_sealed = $3",
                &[&ca, &name, &sealed],
            ),
        )
        .await?;
    Ok(row.map(|row| row.get(0)))
}

/// Forgets the pending key of the account (`ca`, `name`): the CA confirmed it, and it is the
/// account's key now.
pub(super) async fn clear_pending_key(
    fleet: &Fleet,
    ca: &str,
    name: &str,
) -> Result<(), FleetError> {
    fleet
        .deadline(
            "forgetting the pending account key",
            fleet.client.execute(
                "UPDATE fleet_accounts SET pending_key_sealed = NULL
                 WHERE ca = $1 AND name = $2 AND pending_key_sealed IS NOT NULL",
                &[&ca, &name],
            ),
        )
        .await
        .map(drop)
}

/// Removes an account (retired: the local store keeps its copy aside).
pub(super) async fn delete_account(fleet: &Fleet, ca: &str, name: &str) -> Result<(), FleetError> {
    fleet
        .deadline(
            "retiring an account",
            fleet.client.execute(
                "DELETE FROM fleet_accounts WHERE ca = $1 AND name = $2",
                &[&ca, &name],
            ),
        )
        .await
        .map(drop)
}

/// Records that this node is alive, and renewing (no longer paused).
pub(super) async fn seen(fleet: &Fleet) -> Result<(), FleetError> {
    fleet
        .deadline(
            "registering this node",
            fleet.client.execute(
                "INSERT INTO fleet_nodes (node, certkeep_version) VALUES ($1, $2)
                 ON CONFLICT (node) DO UPDATE SET last_seen = now(), certkeep_version = $2,
                     paused_reason = NULL",
                &[&fleet.node, &env!("CARGO_PKG_VERSION")],
            ),
        )
        .await
        .map(drop)
}

/// Records why this node paused renewal (`fleet status` shows it until the node resumes).
pub(super) async fn note_paused(fleet: &Fleet, reason: &str) -> Result<(), FleetError> {
    fleet
        .deadline(
            "noting that renewal is paused",
            fleet.client.execute(
                "UPDATE fleet_nodes SET paused_reason = $2 WHERE node = $1",
                &[&fleet.node, &reason],
            ),
        )
        .await
        .map(drop)
}

/// Saves a CA's extra trusted root.
pub(super) async fn save_ca_root(fleet: &Fleet, ca: &str, pem: &str) -> Result<(), FleetError> {
    fleet
        .deadline(
            "saving a CA root",
            fleet.client.execute(
                "INSERT INTO fleet_ca_roots (ca, pem) VALUES ($1, $2)
                 ON CONFLICT (ca) DO UPDATE SET pem = $2",
                &[&ca, &pem],
            ),
        )
        .await
        .map(drop)
}
