//! certkeep's integration tests: one binary, a shared harness, a real Pebble per test.

#![allow(
    unreachable_pub,
    reason = "items of the test binary are crate-private whatever they say"
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    clippy::needless_pass_by_value,
    reason = "in the harness a failed unwrap is a failed test; it reads PATH to find Pebble"
)]

mod harness;

mod accounts;
mod accounts_secrets;
mod ari;
mod bad_input;
mod crash;
mod dns;
mod dns_wire;
mod generated;
mod hostile;
mod json_contract;
mod obtain;
mod policy;
mod renewal;
mod revoke;
mod signals;
mod store_confinement;
mod store_index;
mod store_safety;
mod webroot;
