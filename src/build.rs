//! Build script: lays out the release binary's code so that what a run executes sits together.
//!
//! The kernel maps a binary's code in windows of 64 KiB around each page it first touches, so a
//! run that calls two thousand functions scattered over 13 MB of text makes most of the file
//! resident (peak RSS of one `obtain`: ~15 MiB, nearly all of it code it never runs).
//! `src/link-order.txt` lists the functions `account register`, `obtain`, `renew`, `status` and
//! an idle `daemon` execute (written by `tests/bench/link-order.sh`), and lld places them first,
//! in one run. Symbol names carry a hash of the crate's dependencies and of the toolchain, not of
//! the code, so the list holds across edits and is rewritten after a dependency or toolchain
//! update.
//!
//! Only for release builds on x86-64 Linux with rustc 1.90 or later, where rustc links with its
//! own lld; other linkers do not know `--symbol-ordering-file`. `CERTKEEP_NO_LINK_ORDER=1`
//! turns it off (a different linker in RUSTFLAGS, say). A stale list costs memory, never
//! correctness: a name the build no longer has is skipped.

#![expect(
    clippy::disallowed_methods,
    reason = "a build script reads the settings cargo gives it from the environment"
)]

use std::env;
use std::process::Command;

fn main() {
    println!("cargo::rerun-if-changed=src/link-order.txt");
    println!("cargo::rerun-if-env-changed=CERTKEEP_NO_LINK_ORDER");
    if env::var_os("CERTKEEP_NO_LINK_ORDER").is_some_and(|v| !v.is_empty() && v != "0") {
        return;
    }
    let release = env::var("PROFILE").is_ok_and(|p| p == "release");
    let target = env::var("TARGET").unwrap_or_default();
    // A linker chosen in RUSTFLAGS may not be lld.
    let rustflags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let linker_chosen = rustflags.contains("linker") || rustflags.contains("fuse-ld");
    if !release
        || target != "x86_64-unknown-linux-gnu"
        || linker_chosen
        || env::var_os("RUSTC_LINKER").is_some()
        || !links_with_lld()
    {
        return;
    }
    let manifest = env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    println!("cargo::rustc-link-arg-bins=-Wl,--symbol-ordering-file={manifest}/src/link-order.txt");
    println!("cargo::rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
}

/// Whether this rustc links x86-64 Linux binaries with its own lld by default (1.90 and later).
fn links_with_lld() -> bool {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let Ok(out) = Command::new(rustc).arg("--version").output() else {
        return false;
    };
    let version = String::from_utf8_lossy(&out.stdout);
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    let mut numbers = version
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .split(['.', '-'])
        .map(|n| n.parse::<u32>().unwrap_or(0));
    let (major, minor) = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    (major, minor) >= (1, 90)
}
