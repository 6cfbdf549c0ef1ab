//! `fleet init`, `fleet push` and `fleet status`: set up the fleet database's schema, upload
//! this host's store into it, and show the fleet. The connection's password comes from a secret
//! reference or libpq's passfile, never from the URL; private keys are sealed under the fleet
//! key (see [`crate::store::pg`]).

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use super::Context;
use crate::config::Settings;
use crate::error::Error;
use crate::secrets::SecretRef;
use crate::store::FsStore;
use crate::store::pg::{
    self, Credentials, FeedSource, Fleet, FleetError, FleetKey, FleetStore, FleetUrl, PushCounts,
};

/// How to reach the fleet database, as the user gave it.
#[derive(Debug, Clone)]
pub struct FleetRequest {
    /// The `postgresql://` URL (no password in it).
    pub url: String,
    /// Where the role's password is (`keyring:`, `file:`, `env:`); `None`: libpq's passfile.
    pub password: Option<SecretRef>,
    /// Where the fleet key is; needed to upload or read private keys.
    pub key: Option<SecretRef>,
    /// This host's name in the fleet.
    pub node: String,
    /// The deadline of connecting and of each round trip.
    pub deadline: Duration,
}

/// What `fleet init` did.
#[derive(Debug, Clone, Serialize)]
pub struct FleetInitReport {
    /// The database, `host:port/database`.
    pub database: String,
    /// The schema version found (0: none).
    pub schema_from: i32,
    /// The schema version now.
    pub schema_to: i32,
}

/// What `fleet push` uploaded.
#[derive(Debug, Clone, Serialize)]
pub struct FleetPushReport {
    /// The database, `host:port/database`.
    pub database: String,
    /// The node that pushed.
    pub node: String,
    /// What was uploaded and what was skipped.
    #[serde(flatten)]
    pub counts: PushCounts,
}

/// The login for `url`: the password from its reference (resolved against the local store at
/// `root` for `keyring:`) or from libpq's passfile.
fn credentials(
    settings: &Settings,
    root: &Path,
    req: &FleetRequest,
    url: &FleetUrl,
) -> Result<Credentials, Error> {
    let home = settings.home.clone();
    let password = match &req.password {
        Some(SecretRef::Raw(_)) => {
            return Err(FleetError::RawSecret {
                flag: "--fleet-password",
            }
            .into());
        }
        Some(reference) => crate::secrets::resolve(reference, root, &settings.vars)?.secret,
        None => {
            let passfile = settings
                .pgpassfile
                .clone()
                .or_else(|| home.as_ref().map(|h| h.join(".pgpass")));
            let found = match passfile {
                Some(path) => pg::passfile::lookup(&path, url)?,
                None => None,
            };
            found.ok_or_else(|| FleetError::NoPassword {
                user: url.user.clone(),
            })?
        }
    };
    Ok(Credentials { password, home })
}

/// Connects to the fleet: the password from its reference or the passfile.
pub async fn connect(ctx: &Context, req: &FleetRequest) -> Result<Fleet, Error> {
    let url = FleetUrl::parse(&req.url)?;
    let credentials = credentials(&ctx.settings, ctx.store.root(), req, &url)?;
    Ok(Fleet::connect(&url, &credentials, &req.node, req.deadline).await?)
}

/// The store of a node in fleet mode: the database as the truth, `local` as its
/// materialization (brought up to the database before this returns).
pub fn open_store(
    local: FsStore,
    settings: &Settings,
    req: &FleetRequest,
) -> Result<FleetStore, Error> {
    let url = FleetUrl::parse(&req.url)?;
    let credentials = credentials(settings, local.root(), req, &url)?;
    let key = fleet_key(settings, local.root(), req)?;
    Ok(FleetStore::open(
        local,
        &url,
        &credentials,
        &req.node,
        key,
        (req.deadline, settings.fleet_lease),
    )?)
}

/// How the daemon's http-01 responder reaches the fleet's published key authorizations (a
/// connection of its own, with the password from its reference or the passfile).
pub fn feed_source(
    settings: &Settings,
    root: &Path,
    req: &FleetRequest,
) -> Result<FeedSource, Error> {
    let url = FleetUrl::parse(&req.url)?;
    let credentials = credentials(settings, root, req, &url)?;
    Ok(FeedSource {
        url,
        credentials,
        node: req.node.clone(),
        deadline: req.deadline,
    })
}

/// The fleet key from its reference, if one was given.
fn fleet_key(
    settings: &Settings,
    root: &Path,
    req: &FleetRequest,
) -> Result<Option<FleetKey>, Error> {
    match &req.key {
        None => Ok(None),
        Some(SecretRef::Raw(_)) => Err(FleetError::RawSecret {
            flag: "--fleet-key",
        }
        .into()),
        Some(reference) => {
            let resolved = crate::secrets::resolve(reference, root, &settings.vars)?;
            Ok(Some(FleetKey::from_secret(&resolved.secret)?))
        }
    }
}

/// `fleet init`: creates or upgrades the schema (idempotent).
pub async fn init(ctx: &Context, req: &FleetRequest) -> Result<FleetInitReport, Error> {
    let mut fleet = connect(ctx, req).await?;
    let migrated = pg::schema::init(&mut fleet).await?;
    Ok(FleetInitReport {
        database: fleet.target(),
        schema_from: migrated.from,
        schema_to: migrated.to,
    })
}

/// `fleet push`: uploads this host's store.
pub async fn push(ctx: &Context, req: &FleetRequest) -> Result<FleetPushReport, Error> {
    let key = fleet_key(&ctx.settings, ctx.store.root(), req)?;
    let mut fleet = connect(ctx, req).await?;
    pg::schema::check(&fleet).await?;
    let counts = pg::push(&mut fleet, ctx.store.as_ref(), key.as_ref()).await?;
    Ok(FleetPushReport {
        database: fleet.target(),
        node: fleet.node.clone(),
        counts,
    })
}

/// `fleet status`: nodes, leases, current versions.
pub async fn status(ctx: &Context, req: &FleetRequest) -> Result<pg::FleetStatus, Error> {
    let fleet = connect(ctx, req).await?;
    Ok(pg::status(&fleet).await?)
}
