//! certkeep's integration tests: one binary, a shared harness, a real Pebble per test.

#![allow(
    unreachable_pub,
    reason = "items of the test binary are crate-private whatever they say"
)]

mod harness;

mod accounts;
mod bad_input;
mod generated;
mod json_contract;
mod obtain;
mod revoke;
mod store_safety;
