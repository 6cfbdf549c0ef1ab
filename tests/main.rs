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

mod account_confinement;
mod account_key_move;
mod account_key_move_acme_sh;
mod account_key_move_fleet;
mod accounts;
mod accounts_secrets;
mod acme_net;
mod ari;
mod bad_input;
mod bounded_input;
mod ca_concurrency;
mod closed_pipes;
mod crash;
mod daemon_status;
mod dead_ca;
mod dns;
mod dns_wire;
mod edit;
mod events;
mod fleet;
mod fleet_http;
mod fleet_lease;
mod fleet_outage;
mod fleet_resume;
mod generated;
mod hostile;
mod import;
mod import_renew;
mod import_skips;
mod install;
mod install_targets;
mod json_contract;
mod json_contract_all;
mod json_contract_fleet;
mod json_contract_import;
mod json_contract_install;
mod obtain;
mod policy;
mod polling;
mod renewal;
mod review_findings;
mod revoke;
mod signals;
mod store_confinement;
mod store_index;
mod store_safety;
mod tui;
mod webroot;
