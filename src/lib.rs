//! certkeep: a terminal certificate lifecycle client for any ACME (RFC 8555) CA.
//!
//! The architecture in brief (`../shared/DESIGN.md` says more). Layers, top to bottom; every
//! arrow points down, never up or sideways into a front end:
//!
//! - [`cli`]: clap types, one file per subcommand: arguments → [`ops`] → [`output`].
//! - [`output`]: the only module that prints: human text, progress, errors, the JSON contract.
//! - [`ops`]: use cases (obtain, account, list, show, revoke, delete). They send [`ops::Event`]s
//!   and return serializable reports; they never print.
//! - [`acme`] (speaks ACME via instant-acme, never saves), [`challenge`] (http-01 solvers),
//!   [`store`] (atomic files, versions, lock), [`secrets`] (keyring-rs with a file fallback),
//!   [`config`] (the config file; the only reader of the environment).
//! - [`net`]: the HTTP client (deadlines covering the body, body cap, HTTPS only).
//! - [`domain`], [`keys`], [`clock`], [`error`]: plain types, key/CSR generation, time, errors.
//!
//! `acme` does not know `store`, and `store` does not know `acme`: `ops` moves artifacts
//! between them. Exit codes and the JSON `error.kind` both come from [`error::Kind`].

pub mod acme;
pub mod bounded;
pub mod challenge;
pub mod cli;
pub mod clock;
pub mod config;
pub mod daemon;
pub mod domain;
pub mod error;
pub mod failpoint;
pub mod hooks;
pub mod import;
pub mod install;
pub mod keys;
pub mod net;
pub mod ops;
pub mod output;
pub mod renewal;
pub mod secrets;
pub mod store;
pub mod tui;
