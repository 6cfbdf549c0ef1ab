//! What the fleet backend could not do ([`FleetError`]). No variant carries a password, the
//! fleet key or key material: URLs are shown with their password stripped, database errors are
//! the server's own words (which never echo a password).

use std::path::PathBuf;
use std::time::Duration;

use crate::error::{Classify, Detail, Kind};

/// Something the fleet backend could not do.
#[derive(Debug, thiserror::Error)]
pub enum FleetError {
    /// A fleet command without a fleet URL.
    #[error("no fleet database given")]
    NoFleetUrl,
    /// An http-01 challenge for the fleet's responders on a store that is not the fleet's.
    #[error("http-01 through the fleet's responders needs the fleet store")]
    NotFleet,
    /// The fleet URL is not a `postgresql://` URL certkeep understands.
    #[error("invalid fleet URL '{url}'")]
    BadUrl {
        /// The URL, password stripped.
        url: String,
        /// What is wrong with it.
        #[source]
        why: Detail,
    },
    /// The fleet URL carries a password.
    #[error("refusing a fleet URL with a password in it: other users see it in the process list")]
    PasswordInUrl,
    /// A secret given by value where only a reference is taken.
    #[error("{flag} takes a secret reference, not the secret itself")]
    RawSecret {
        /// The flag or config key.
        flag: &'static str,
    },
    /// `sslmode` names a mode certkeep does not offer.
    #[error("sslmode '{mode}' is not supported")]
    UnsupportedSslMode {
        /// The mode given.
        mode: String,
    },
    /// The root certificates for `verify-full` cannot be read.
    #[error("could not read the database's root certificates '{}'", path.display())]
    RootCerts {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        why: Detail,
    },
    /// No password for the role from a secret reference or the passfile.
    #[error("no password for the fleet database role '{user}'")]
    NoPassword {
        /// The role.
        user: String,
    },
    /// The passfile could not be read.
    #[error("could not read the passfile '{}'", path.display())]
    Passfile {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The passfile can be read by other users (libpq ignores such a file; certkeep says so).
    #[error("the passfile '{}' can be read by other users (mode {mode:04o})", path.display())]
    PassfileLoose {
        /// The file.
        path: PathBuf,
        /// Its mode bits.
        mode: u32,
    },
    /// Connecting to the database failed.
    #[error("could not connect to the fleet database at '{target}'")]
    Connect {
        /// host:port/database.
        target: String,
        /// The driver's error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// A database round trip did not finish in time.
    #[error("the fleet database did not answer within {}s while {doing}", deadline.as_secs())]
    Deadline {
        /// What was being done.
        doing: &'static str,
        /// The deadline.
        deadline: Duration,
    },
    /// A statement failed.
    #[error("the fleet database failed while {doing}")]
    Query {
        /// What was being done.
        doing: &'static str,
        /// The driver's error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// The database has no certkeep schema.
    #[error("the fleet database has no certkeep schema")]
    NotInitialized,
    /// The database's schema is newer than this certkeep knows.
    #[error(
        "the fleet database's schema is version {found}, newer than the version {known} this certkeep knows"
    )]
    NewerSchema {
        /// The database's version.
        found: i32,
        /// The newest version this binary knows.
        known: i32,
    },
    /// The database's schema is older than this certkeep's.
    #[error(
        "the fleet database's schema is version {found}, older than the version {known} this certkeep uses"
    )]
    OlderSchema {
        /// The database's version.
        found: i32,
        /// The version this binary uses.
        known: i32,
    },
    /// The fleet key is not 32 bytes of base64.
    #[error("the fleet key is not 32 bytes in base64")]
    BadFleetKey,
    /// No fleet key was given where private keys must be sealed or opened.
    #[error("no fleet key: private keys in the fleet database are encrypted with it")]
    NoFleetKey,
    /// A sealed key did not open under the fleet key.
    #[error("could not decrypt the private key of '{what}' with the fleet key")]
    Unseal {
        /// Which row.
        what: String,
    },
    /// A row holds something certkeep cannot read.
    #[error("the fleet database holds an unreadable {what}")]
    Corrupt {
        /// Which row.
        what: String,
        /// Why.
        #[source]
        why: Detail,
    },
    /// Another node stored a version of the same certificate at the same moment.
    #[error("another node stored a version of '{name}' at the same time")]
    VersionRace {
        /// The certificate.
        name: String,
    },
    /// This node's renewal lease was taken over (it was paused or cut off past its expiry):
    /// its journal writes and its version are refused so that only the lease's holder writes.
    #[error(
        "the renewal lease on '{name}' was taken over by another node (this node's fencing token {held}, the lease's now {now}): this node stores neither its order journal nor its new version"
    )]
    LeaseLost {
        /// The certificate.
        name: String,
        /// The token this node got when it claimed the lease.
        held: i64,
        /// The lease's token now (0: the lease is gone).
        now: i64,
    },
    /// Another node holds the renewal lease of the certificate whose version or journal this
    /// node, holding no claim, tried to write.
    #[error(
        "node '{holder}' holds the renewal lease on '{name}': this node leaves its order journal and version alone"
    )]
    LeaseHeld {
        /// The certificate.
        name: String,
        /// The node holding the lease.
        holder: String,
    },
    /// Another node is moving the account to a new key (RFC 8555 key change) right now.
    #[error(
        "another fleet node is moving the key of the account '{name}' right now: this node does not start a second key change"
    )]
    KeyMoveElsewhere {
        /// The account name.
        name: String,
    },
    /// The fleet holds another pending key for the account (or no row for it), so the key a
    /// key change is about to ask the CA for cannot be shared before the request goes out.
    #[error(
        "the fleet database {why} for the account '{name}': this node does not start a key change"
    )]
    PendingKeyNotShared {
        /// The account name.
        name: String,
        /// What the database holds instead.
        why: &'static str,
    },
    /// The thread or runtime that talks to the database stopped.
    #[error("the fleet database connection stopped unexpectedly")]
    BridgeStopped,
    /// Reading the local store to push it failed.
    #[error("could not read '{name}' from the local store")]
    Local {
        /// The entry.
        name: String,
        /// The store's error.
        #[source]
        source: Box<crate::error::Error>,
    },
}

impl FleetError {
    /// A database error while `doing`.
    pub(crate) fn query(doing: &'static str) -> impl FnOnce(tokio_postgres::Error) -> Self {
        move |source| FleetError::Query { doing, source }
    }
}

impl Classify for FleetError {
    fn kind(&self) -> Kind {
        match self {
            FleetError::NoFleetUrl
            | FleetError::NotFleet
            | FleetError::BadUrl { .. }
            | FleetError::PasswordInUrl
            | FleetError::RawSecret { .. }
            | FleetError::UnsupportedSslMode { .. }
            | FleetError::RootCerts { .. }
            | FleetError::NoPassword { .. }
            | FleetError::Passfile { .. }
            | FleetError::PassfileLoose { .. }
            | FleetError::NotInitialized
            | FleetError::NewerSchema { .. }
            | FleetError::OlderSchema { .. }
            | FleetError::BadFleetKey
            | FleetError::NoFleetKey => Kind::Usage,
            FleetError::Connect { .. }
            | FleetError::Deadline { .. }
            | FleetError::VersionRace { .. }
            | FleetError::LeaseLost { .. }
            | FleetError::LeaseHeld { .. }
            | FleetError::KeyMoveElsewhere { .. } => Kind::Transient,
            FleetError::Query { source, .. } if source.is_closed() => Kind::Transient,
            FleetError::BridgeStopped => Kind::Internal,
            FleetError::Query { .. }
            | FleetError::Unseal { .. }
            | FleetError::Corrupt { .. }
            | FleetError::PendingKeyNotShared { .. }
            | FleetError::Local { .. } => Kind::Storage,
        }
    }

    fn hint(&self) -> Option<String> {
        Some(match self {
            FleetError::NoFleetUrl => "give --fleet postgresql://USER@HOST/DATABASE, set CERTKEEP_FLEET, or set fleet = \"...\" in the config file".into(),
            FleetError::NotFleet => "give --fleet postgresql://USER@HOST/DATABASE (every node's 'daemon --http-listen' answers), or choose another challenge with 'certkeep edit NAME'".into(),
            FleetError::PasswordInUrl => "drop the password from the URL; put it in ~/.pgpass (or the file PGPASSFILE names, mode 0600) or give a secret reference with --fleet-password keyring:NAME|file:PATH|env:VAR".into(),
            FleetError::RawSecret { flag } => format!("give {flag} keyring:NAME (saved with 'certkeep secret set NAME'), file:PATH or env:VAR; a value on the command line shows in the process list"),
            FleetError::UnsupportedSslMode { .. } => "use sslmode=verify-full (the default: TLS, chain and host name checked) or sslmode=disable".into(),
            FleetError::NoPassword { .. } => "add a line host:port:database:user:password to ~/.pgpass (mode 0600) or give --fleet-password keyring:NAME|file:PATH|env:VAR".into(),
            FleetError::NotInitialized | FleetError::OlderSchema { .. } => "run 'certkeep --fleet URL fleet init' to create or upgrade the schema".into(),
            FleetError::NewerSchema { .. } => "a newer certkeep set this database up: upgrade certkeep on this host".into(),
            FleetError::BadFleetKey | FleetError::NoFleetKey => "give --fleet-key keyring:NAME|file:PATH|env:VAR naming 32 random bytes in base64 ('head -c32 /dev/urandom | base64'); every node needs the same key".into(),
            FleetError::Unseal { .. } => "every node must use the fleet key the keys were stored with".into(),
            FleetError::Connect { .. } | FleetError::Deadline { .. } => "check that the database is up and reachable from this host; local certificates stay in place meanwhile".into(),
            FleetError::PassfileLoose { path, .. } => format!("run 'chmod 600 {}'", path.display()),
            FleetError::KeyMoveElsewhere { .. } => "run again once that node's run is over; it records the new key for every node".into(),
            FleetError::PendingKeyNotShared { .. } => "run 'certkeep --fleet URL fleet push' from the host that holds the account, then run again; a pending key already in the fleet is taken up by the next run".into(),
            FleetError::LeaseLost { .. } | FleetError::LeaseHeld { .. } => "the node holding the lease renews it; the fleet keeps that node's version".into(),
            FleetError::RootCerts { .. } => "point sslrootcert= at the PEM file of the CA that signed the database's certificate".into(),
            _ => return None,
        })
    }
}

impl From<FleetError> for crate::store::StoreError {
    fn from(err: FleetError) -> Self {
        crate::store::StoreError::Fleet(Box::new(err))
    }
}
