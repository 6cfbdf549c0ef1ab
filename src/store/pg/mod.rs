//! The fleet backend: many hosts share one store of record on PostgreSQL.
//!
//! # Design
//!
//! **The database is the truth** ([`FleetStore`], the [`crate::store::Store`] of every command
//! given `--fleet`; `fleet push` fills the database from a host's existing store). Accounts,
//! certificate specs, renewal state, every issued version (certificate, chain, key) and the
//! order journal live in tables of one schema ([`schema`]). Each node keeps its ordinary local
//! store directory as a *materialization*: when the store is opened, the current version of
//! every fleet certificate is written there with the file store's atomic layout, so servers, install targets and hooks keep reading local paths, and a database outage never
//! takes a host's certificates away.
//!
//! **Secrets.** The connection URL never carries a password ([`url::FleetUrl`] refuses one,
//! since a URL shows in `ps` and in shell history); the password comes from a secret reference
//! or from libpq's passfile ([`passfile`]). TLS is rustls with the ring provider
//! (`tls.rs`); `sslmode=verify-full` checks the chain and the host name. Private keys are sealed
//! with ChaCha20-Poly1305 (ring) under a 32-byte fleet key from a secret reference, the row they
//! belong to as associated data (`seal.rs`), so a database dump does not hand out keys and a
//! sealed key copied to another row does not open.
//!
//! **Deadlines.** Every round trip goes through `Fleet::deadline` (`connect.rs`): connecting, each
//! statement and each transaction end within the configured timeout, or fail as transient.
//!
//! **Schema versions.** Migrations are numbered SQL steps applied in order inside one
//! transaction, recorded in `certkeep_schema`; `fleet init` is idempotent. A database whose
//! schema is newer than this certkeep knows is refused with a clear error (an older binary must
//! not write rows it does not understand).
//!
//! **Exactly one renewer** (`lease.rs`): a `fleet_leases` row per certificate with `holder`,
//! `expires_at` and a `fencing` counter that only grows. Before ordering, a node claims each due
//! certificate in one statement that locks the row with `FOR UPDATE SKIP LOCKED` and bumps
//! `fencing`; a certificate another node holds, or renewed since this node read it, is skipped.
//! Every write of a renewal (journaling its order, storing its version, clearing its journal)
//! is one statement that locks the lease row and writes only if it still carries the token the
//! node got, so a node that was paused past its lease (its row taken over, the token moved on)
//! can neither commit nor write over or clear the new holder's journal; storing the version
//! also lets go of the lease and clears the journal. While an order runs, a heartbeat
//! (`held.rs`) extends the leases the node holds, so a slow order keeps its certificate and a
//! dead node's lease runs out within one lease. The order journal is in the database and on
//! every node: a node killed mid-order leaves it there, and the next holder of the lease
//! resumes that same order (the CA's order URL), storing the version under its own token.
//! Statements on a renewal's path are sent with their parameter types (`query_typed`): one
//! round trip each, no separate prepare.
//!
//! **The database down** never takes a host's certificates away: opening the store with the
//! database unreachable leaves the local copy as it is, for reading; every write fails as
//! transient, and each call connects again first (`bridge.rs`), so a long-running daemon picks
//! up where it was once the database is back. The daemon calls [`crate::store::Store::refresh`]
//! (connect, materialize) before each round and pauses renewal while that fails.
//!
//! **http-01 across nodes** (`challenges.rs`): a fleet order's key authorizations go into
//! `fleet_challenges` (with an expiry) and every change is notified on a channel; every daemon's
//! responder answers from a [`ChallengeFeed`] kept fresh by LISTEN/NOTIFY, a short poll as
//! fallback.
//!
//! Must not import `acme`, `ops` or anything above; gets resolved secrets passed in.

mod bridge;
mod challenges;
mod connect;
mod error;
mod fleet_store;
mod held;
mod lease;
mod materialize;
pub mod passfile;
mod rows;
pub mod schema;
mod seal;
mod status;
mod tls;
mod upload;
pub mod url;

pub use challenges::{CHALLENGE_TTL, ChallengeFeed, FeedSource};
pub use connect::{Credentials, Fleet};
pub use error::FleetError;
pub use fleet_store::FleetStore;
pub use seal::FleetKey;
pub use status::{FleetLease, FleetNode, FleetStatus, status};
pub use upload::{PushCounts, push};
pub use url::FleetUrl;
