//! The fleet schema as numbered migrations, applied in order in one transaction and recorded in
//! `certkeep_schema`. `fleet init` applies what is missing (idempotent; concurrent inits wait
//! on an advisory lock); every other fleet command checks the version first and refuses a
//! database set up by a newer certkeep.

use super::{Fleet, FleetError};

/// Migration `n` (1-based) is `MIGRATIONS[n - 1]`; never edit one that shipped, add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: the store of record, leases and challenges.
    "
    CREATE TABLE fleet_nodes (
        node text PRIMARY KEY,
        certkeep_version text NOT NULL,
        first_seen timestamptz NOT NULL DEFAULT now(),
        last_seen timestamptz NOT NULL DEFAULT now(),
        paused_reason text
    );
    CREATE TABLE fleet_accounts (
        ca text NOT NULL,
        name text NOT NULL,
        record jsonb NOT NULL,
        key_sealed bytea NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (ca, name)
    );
    CREATE TABLE fleet_ca_roots (
        ca text PRIMARY KEY,
        pem text NOT NULL
    );
    CREATE TABLE fleet_certs (
        name text PRIMARY KEY,
        spec text NOT NULL,
        state jsonb NOT NULL,
        csr text,
        current_version integer,
        updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE fleet_versions (
        name text NOT NULL REFERENCES fleet_certs ON DELETE CASCADE,
        version integer NOT NULL,
        record jsonb NOT NULL,
        cert_pem text NOT NULL,
        chain_pem text NOT NULL,
        fullchain_pem text NOT NULL,
        key_sealed bytea,
        node text NOT NULL,
        fencing bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (name, version)
    );
    CREATE TABLE fleet_journal (
        name text PRIMARY KEY,
        entry jsonb NOT NULL,
        key_sealed bytea,
        node text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE fleet_leases (
        name text PRIMARY KEY REFERENCES fleet_certs ON DELETE CASCADE,
        holder text,
        expires_at timestamptz,
        fencing bigint NOT NULL DEFAULT 0
    );
    CREATE FUNCTION fleet_fencing_only_grows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.fencing < OLD.fencing THEN
            RAISE EXCEPTION 'a lease fencing token never decreases (% -> %)', OLD.fencing, NEW.fencing;
        END IF;
        RETURN NEW;
    END $$;
    CREATE TRIGGER fleet_fencing_only_grows BEFORE UPDATE ON fleet_leases
        FOR EACH ROW EXECUTE FUNCTION fleet_fencing_only_grows();
    CREATE TABLE fleet_challenges (
        token text PRIMARY KEY,
        key_authorization text NOT NULL,
        name text NOT NULL,
        node text NOT NULL,
        expires_at timestamptz NOT NULL
    );
    ",
    // 2: http-01 across nodes. Every change to `fleet_challenges` wakes each daemon's responder
    // (LISTEN certkeep_challenges) in the same commit, whoever wrote it; expired rows are found
    // by an index when a node publishes.
    "
    CREATE INDEX fleet_challenges_expiry ON fleet_challenges (expires_at);
    CREATE FUNCTION fleet_challenges_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('certkeep_challenges', '');
        RETURN NULL;
    END $$;
    CREATE TRIGGER fleet_challenges_changed AFTER INSERT OR UPDATE OR DELETE ON fleet_challenges
        FOR EACH STATEMENT EXECUTE FUNCTION fleet_challenges_changed();
    ",
    // 3: the key an account key change is about to ask the CA for (sealed), shared before the
    // request goes out: a node that dies after the CA switched leaves it to the next node.
    "
    ALTER TABLE fleet_accounts ADD COLUMN pending_key_sealed bytea;
    ",
];

/// The newest schema version this certkeep knows.
pub const SCHEMA_VERSION: i32 = 3;

/// An arbitrary, fixed advisory-lock key that serializes `fleet init` across nodes.
const INIT_LOCK: i64 = 0x6365_7274_6b65_6570; // "certkeep"

/// What `fleet init` did: the schema version before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migrated {
    /// The version found (0: a fresh database).
    pub from: i32,
    /// The version now.
    pub to: i32,
}

/// Creates or upgrades the schema.
pub async fn init(fleet: &mut Fleet) -> Result<Migrated, FleetError> {
    let deadline = fleet.deadline_duration();
    let tx = within_tx(fleet.client.transaction(), deadline).await?;
    let step = |doing| FleetError::query(doing);
    tokio::time::timeout(deadline, async {
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INIT_LOCK])
            .await
            .map_err(step("waiting for another 'fleet init'"))?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS certkeep_schema (
                version integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            )",
        )
        .await
        .map_err(step("creating the version table"))?;
        let from: i32 = tx
            .query_one("SELECT coalesce(max(version), 0) FROM certkeep_schema", &[])
            .await
            .map_err(step("reading the schema version"))?
            .get(0);
        if from > SCHEMA_VERSION {
            return Err(FleetError::NewerSchema {
                found: from,
                known: SCHEMA_VERSION,
            });
        }
        for (version, sql) in (1..)
            .zip(MIGRATIONS)
            .skip(usize::try_from(from).unwrap_or(0))
        {
            tx.batch_execute(sql)
                .await
                .map_err(step("applying a schema migration"))?;
            tx.execute(
                "INSERT INTO certkeep_schema (version) VALUES ($1)",
                &[&version],
            )
            .await
            .map_err(step("recording a schema migration"))?;
        }
        tx.commit().await.map_err(step("committing the schema"))?;
        Ok(Migrated {
            from,
            to: SCHEMA_VERSION,
        })
    })
    .await
    .map_err(|_| FleetError::Deadline {
        doing: "setting up the schema",
        deadline,
    })?
}

async fn within_tx<T>(
    fut: impl std::future::Future<Output = Result<T, tokio_postgres::Error>>,
    deadline: std::time::Duration,
) -> Result<T, FleetError> {
    tokio::time::timeout(deadline, fut)
        .await
        .map_err(|_| FleetError::Deadline {
            doing: "starting a transaction",
            deadline,
        })?
        .map_err(FleetError::query("starting a transaction"))
}

/// Checks that the database holds the schema this certkeep knows; returns its version.
pub async fn check(fleet: &Fleet) -> Result<i32, FleetError> {
    let present: bool = fleet
        .deadline(
            "reading the schema version",
            fleet
                .client
                .query_one("SELECT to_regclass('certkeep_schema') IS NOT NULL", &[]),
        )
        .await?
        .get(0);
    if !present {
        return Err(FleetError::NotInitialized);
    }
    let found: i32 = fleet
        .deadline(
            "reading the schema version",
            fleet
                .client
                .query_one("SELECT coalesce(max(version), 0) FROM certkeep_schema", &[]),
        )
        .await?
        .get(0);
    match found {
        0 => Err(FleetError::NotInitialized),
        found if found > SCHEMA_VERSION => Err(FleetError::NewerSchema {
            found,
            known: SCHEMA_VERSION,
        }),
        found if found < SCHEMA_VERSION => Err(FleetError::OlderSchema {
            found,
            known: SCHEMA_VERSION,
        }),
        found => Ok(found),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_known_version_is_the_number_of_migrations() {
        assert_eq!(usize::try_from(SCHEMA_VERSION).unwrap(), MIGRATIONS.len());
    }
}
